//! The independent checker of the hard rules (model.md section 4).
//!
//! Every solver's answer passes through [`verify`] in the tests; a violation names
//! the people involved, by id, in the coordinator's words.

use std::fmt;

use super::{Assignment, Instance};

/// One broken hard rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Violation {
    /// The assignment's shape does not match the instance (lengths or indices).
    Shape(String),
    /// The wrong number of applicants is selected.
    SelectedCount {
        /// How many must be selected.
        expected: usize,
        /// How many are.
        found: usize,
    },
    /// A cohort's size is not `floor(n/k)` or `ceil(n/k)`.
    CohortSize {
        /// The cohort (1-based in words).
        cohort: usize,
        /// Its size.
        size: usize,
    },
    /// Two applicants in conflict share a cohort.
    Conflict {
        /// The cohort.
        cohort: usize,
        /// One applicant's id.
        a: String,
        /// The other's.
        b: String,
    },
    /// A cohort has too few or too many facilitators.
    FacilitatorCount {
        /// The cohort.
        cohort: usize,
        /// How many it has.
        count: usize,
    },
    /// Facilitator places are not filled as model.md section 4 rule 3 says.
    FacilitatorSpread(String),
    /// A facilitator serves more cohorts than allowed, or one cohort twice.
    FacilitatorCapacity {
        /// The facilitator's id.
        id: String,
        /// Cohorts served.
        serves: usize,
        /// Allowed.
        capacity: usize,
    },
    /// A facilitator serves a cohort holding someone they conflict with.
    FacilitatorConflict {
        /// The cohort.
        cohort: usize,
        /// The facilitator's id.
        facilitator: String,
        /// The applicant's id.
        applicant: String,
    },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::Shape(s) => write!(f, "malformed assignment: {s}"),
            Violation::SelectedCount { expected, found } => {
                write!(f, "{found} applicants are selected; {expected} must be")
            }
            Violation::CohortSize { cohort, size } => {
                write!(
                    f,
                    "cohort {} has {size} members, not an even share",
                    cohort + 1
                )
            }
            Violation::Conflict { cohort, a, b } => write!(
                f,
                "{a} and {b} are in conflict (same district or listed) but share cohort {}",
                cohort + 1
            ),
            Violation::FacilitatorCount { cohort, count } => {
                write!(f, "cohort {} has {count} facilitators", cohort + 1)
            }
            Violation::FacilitatorSpread(s) => write!(f, "{s}"),
            Violation::FacilitatorCapacity {
                id,
                serves,
                capacity,
            } => write!(
                f,
                "facilitator {id} serves {serves} cohort places but may serve {capacity}"
            ),
            Violation::FacilitatorConflict {
                cohort,
                facilitator,
                applicant,
            } => write!(
                f,
                "facilitator {facilitator} serves cohort {} which holds {applicant}, from their district or listed in conflict",
                cohort + 1
            ),
        }
    }
}

/// Every hard rule the assignment breaks; empty when it keeps them all.
pub fn verify(inst: &Instance, a: &Assignment) -> Vec<Violation> {
    let k = inst.cohorts();
    let mut out = Vec::new();
    if a.cohort_of.len() != inst.applicants() || a.facilitators.len() != k || a.slot.len() != k {
        out.push(Violation::Shape(format!(
            "{} applicants, {} facilitator lists and {} slots for {} applicants and {} cohorts",
            a.cohort_of.len(),
            a.facilitators.len(),
            a.slot.len(),
            inst.applicants(),
            k
        )));
        return out;
    }
    if let Some(i) = a
        .cohort_of
        .iter()
        .position(|c| matches!(c, Some(c) if *c >= k))
    {
        out.push(Violation::Shape(format!(
            "{} is in cohort {:?}, of {k}",
            inst.applicant_ids[i], a.cohort_of[i]
        )));
        return out;
    }
    for (c, s) in a.slot.iter().enumerate() {
        let ok = match s {
            None => inst.slots.is_empty(),
            Some(s) => *s < inst.slots.len(),
        };
        if !ok {
            out.push(Violation::Shape(format!(
                "cohort {} has slot {s:?}, of {} slots",
                c + 1,
                inst.slots.len()
            )));
        }
    }
    if a.facilitators
        .iter()
        .flatten()
        .any(|&f| f >= inst.facilitators())
    {
        out.push(Violation::Shape(
            "a facilitator index is out of range".into(),
        ));
        return out;
    }

    let members = a.members(k);
    let found: usize = members.iter().map(Vec::len).sum();
    if found != inst.selected {
        out.push(Violation::SelectedCount {
            expected: inst.selected,
            found,
        });
    }
    let lo = inst.selected.checked_div(k).unwrap_or(0);
    let hi = lo + usize::from(k > 0 && !inst.selected.is_multiple_of(k));
    for (c, m) in members.iter().enumerate() {
        if m.len() < lo || m.len() > hi {
            out.push(Violation::CohortSize {
                cohort: c,
                size: m.len(),
            });
        }
        for (x, &i) in m.iter().enumerate() {
            for &j in &m[x + 1..] {
                if inst.in_conflict(i, j) {
                    out.push(Violation::Conflict {
                        cohort: c,
                        a: inst.applicant_ids[i].clone(),
                        b: inst.applicant_ids[j].clone(),
                    });
                }
            }
        }
    }

    let mut serves = vec![0usize; inst.facilitators()];
    for (c, facs) in a.facilitators.iter().enumerate() {
        if facs.len() < inst.facilitators_min || facs.len() > inst.facilitators_max {
            out.push(Violation::FacilitatorCount {
                cohort: c,
                count: facs.len(),
            });
        }
        let mut sorted = facs.clone();
        sorted.sort_unstable();
        sorted.dedup();
        if sorted.len() != facs.len() {
            out.push(Violation::FacilitatorSpread(format!(
                "a facilitator is listed twice in cohort {}",
                c + 1
            )));
        }
        for &f in facs {
            serves[f] += 1;
            for &i in &members[c] {
                if inst.facilitator_in_conflict(f, i) {
                    out.push(Violation::FacilitatorConflict {
                        cohort: c,
                        facilitator: inst.facilitator_ids[f].clone(),
                        applicant: inst.applicant_ids[i].clone(),
                    });
                }
            }
        }
    }
    for (f, &s) in serves.iter().enumerate() {
        if s > inst.capacity[f] {
            out.push(Violation::FacilitatorCapacity {
                id: inst.facilitator_ids[f].clone(),
                serves: s,
                capacity: inst.capacity[f],
            });
        }
    }
    let places: usize = a.facilitators.iter().map(Vec::len).sum();
    if places != inst.facilitator_places {
        out.push(Violation::FacilitatorSpread(format!(
            "{places} facilitator places are filled; {} must be (capacity or {} per cohort)",
            inst.facilitator_places, inst.facilitators_max
        )));
    }
    let counts = a.facilitators.iter().map(Vec::len);
    if let (Some(min), Some(max)) = (counts.clone().min(), counts.max())
        && max > min + 1
    {
        out.push(Violation::FacilitatorSpread(format!(
            "facilitators per cohort range from {min} to {max}; they may differ by at most one"
        )));
    }
    out
}
