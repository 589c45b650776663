//! The cohort problem in indices: who is eligible, which values each person has,
//! who conflicts with whom, who can make which slot.
//!
//! Built once from the rosters and the screening; the cost function, the checker and
//! every solver read this and never the rosters. Conflicts are kept as sorted
//! adjacency lists, so memory grows with the roster and its conflicts, not with the
//! square of the roster.

use std::collections::{BTreeSet, HashMap};

use crate::config::{CohortConfig, Config};
use crate::eligibility::Screening;
use crate::roster::CohortRosters;

/// One categorical attribute over the eligible applicants.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// Its name (`region`, `district_type` or an extra column).
    pub name: String,
    /// Its values, in order of first appearance; a blank cell is the value `""`.
    pub values: Vec<String>,
    /// The value index of each eligible applicant.
    pub of: Vec<usize>,
}

/// The cohort program, ready for the cost function and the solvers.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// Roster index of each eligible applicant (the instance's applicant `i`).
    pub applicant_rows: Vec<usize>,
    /// Roster index of each eligible facilitator (the instance's facilitator `f`).
    pub facilitator_rows: Vec<usize>,
    /// Ids of the eligible applicants.
    pub applicant_ids: Vec<String>,
    /// Ids of the eligible facilitators.
    pub facilitator_ids: Vec<String>,
    /// Number of applicants selected: `min(seats, eligible)`.
    pub selected: usize,
    /// Size of each cohort (as equal as possible, larger ones first).
    pub sizes: Vec<usize>,
    /// Fewest and most facilitators per cohort.
    pub facilitators_min: usize,
    /// Most facilitators per cohort.
    pub facilitators_max: usize,
    /// Total facilitator places to fill: `min(capacity, cohorts * facilitators_max)`.
    pub facilitator_places: usize,
    /// Cohorts each facilitator may serve.
    pub capacity: Vec<usize>,
    /// Attributes each cohort mirrors.
    pub balance: Vec<Attribute>,
    /// Attributes protected from isolation.
    pub isolate: Vec<Attribute>,
    /// Years as superintendent of each applicant.
    pub years: Vec<f64>,
    /// Population standard deviation of years over the eligible (0 drops the term).
    pub sd_years: f64,
    /// Priority of each applicant.
    pub priority: Vec<f64>,
    /// Region index of each applicant (shared numbering with facilitators).
    pub applicant_region: Vec<usize>,
    /// Region index of each facilitator.
    pub facilitator_region: Vec<usize>,
    /// For each applicant, the applicants it conflicts with (sorted, either side).
    pub conflicts: Vec<Vec<usize>>,
    /// Groups of two or more applicants from one district (each a clique of conflicts).
    pub district_groups: Vec<Vec<usize>>,
    /// For each facilitator, the applicants it may not serve with (sorted).
    pub facilitator_conflicts: Vec<Vec<usize>>,
    /// Meeting slot labels used in the rosters; empty when nobody gave availability.
    pub slots: Vec<String>,
    /// `available[i][s]` for applicants: whether applicant `i` can make slot `s`.
    pub applicant_available: Vec<Vec<bool>>,
    /// The same for facilitators.
    pub facilitator_available: Vec<Vec<bool>>,
    /// The configuration's cohort settings (weights, seed).
    pub config: CohortConfig,
    /// District of each eligible applicant (for explanations).
    pub applicant_district: Vec<String>,
    /// Ineligible facilitators with their reasons (for explanations).
    pub ineligible_facilitators: Vec<(String, String)>,
    /// Number of ineligible applicants.
    pub ineligible_applicants: usize,
}

fn attribute(name: &str, values_of: impl Iterator<Item = String>) -> Attribute {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut values = Vec::new();
    let of = values_of
        .map(|v| {
            *index.entry(v.clone()).or_insert_with(|| {
                values.push(v);
                values.len() - 1
            })
        })
        .collect();
    Attribute {
        name: name.to_string(),
        values,
        of,
    }
}

/// Cohort sizes for `n` people in `k` cohorts: each `floor(n/k)` or `ceil(n/k)`,
/// the larger first.
///
/// ```
/// assert_eq!(cohortmatch::cohort::instance::cohort_sizes(24, 3), vec![8, 8, 8]);
/// assert_eq!(cohortmatch::cohort::instance::cohort_sizes(23, 3), vec![8, 8, 7]);
/// ```
pub fn cohort_sizes(n: usize, k: usize) -> Vec<usize> {
    if k == 0 {
        return Vec::new();
    }
    (0..k).map(|c| n / k + usize::from(c < n % k)).collect()
}

impl Instance {
    /// Builds the instance from loaded rosters and their screening.
    pub fn new(rosters: &CohortRosters, screening: &Screening, config: &Config) -> Instance {
        let c = &config.cohorts;
        let apps: Vec<_> = screening
            .eligible_applicants
            .iter()
            .map(|&i| &rosters.applicants[i])
            .collect();
        let facs: Vec<_> = screening
            .eligible_facilitators
            .iter()
            .map(|&f| &rosters.facilitators[f])
            .collect();
        let n_apps = apps.len();
        let selected = c.seats.min(n_apps);
        let attr = |name: &String| {
            attribute(
                name,
                apps.iter()
                    .map(|a| a.attribute(name).unwrap_or("").to_string()),
            )
        };
        let balance = c.balance_attributes.iter().map(attr).collect();
        let isolate = c.isolate_attributes.iter().map(attr).collect();

        let years: Vec<f64> = apps.iter().map(|a| a.years).collect();
        let mean = years.iter().sum::<f64>() / n_apps.max(1) as f64;
        let var = years.iter().map(|y| (y - mean).powi(2)).sum::<f64>() / n_apps.max(1) as f64;

        let mut regions: HashMap<String, usize> = HashMap::new();
        let mut region = |r: &str| -> usize {
            let next = regions.len();
            *regions.entry(r.to_string()).or_insert(next)
        };
        let applicant_region: Vec<usize> = apps.iter().map(|a| region(&a.region)).collect();
        let facilitator_region: Vec<usize> = facs.iter().map(|f| region(&f.region)).collect();

        // Conflicts: same district, or listed by either side.
        let app_index: HashMap<&str, usize> = apps
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let fac_index: HashMap<&str, usize> = facs
            .iter()
            .enumerate()
            .map(|(f, x)| (x.id.as_str(), f))
            .collect();
        let mut conflicts: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n_apps];
        let mut by_district: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, a) in apps.iter().enumerate() {
            by_district.entry(a.district.as_str()).or_default().push(i);
            for other in &a.conflicts {
                if let Some(&j) = app_index.get(other.as_str())
                    && j != i
                {
                    conflicts[i].insert(j);
                    conflicts[j].insert(i);
                }
            }
        }
        for group in by_district.values() {
            for &i in group {
                conflicts[i].extend(group.iter().copied().filter(|&j| j != i));
            }
        }
        let mut district_groups: Vec<Vec<usize>> = by_district
            .values()
            .filter(|g| g.len() > 1)
            .cloned()
            .collect();
        district_groups.sort();
        let mut facilitator_conflicts: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); facs.len()];
        for (f, x) in facs.iter().enumerate() {
            if let Some(group) = by_district.get(x.district.as_str()) {
                facilitator_conflicts[f].extend(group.iter().copied());
            }
            for id in &x.conflicts {
                if let Some(&i) = app_index.get(id.as_str()) {
                    facilitator_conflicts[f].insert(i);
                }
            }
        }
        for (i, a) in apps.iter().enumerate() {
            for id in &a.conflicts {
                if let Some(&f) = fac_index.get(id.as_str()) {
                    facilitator_conflicts[f].insert(i);
                }
            }
        }

        let slots: Vec<String> = apps
            .iter()
            .flat_map(|a| a.availability.iter())
            .chain(facs.iter().flat_map(|f| f.availability.iter()))
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let can = |list: &[String]| -> Vec<bool> {
            slots
                .iter()
                .map(|s| list.is_empty() || list.contains(s))
                .collect()
        };

        let capacity: Vec<usize> = facs.iter().map(|f| f.max_cohorts).collect();
        let total_capacity: usize = capacity.iter().sum();
        Instance {
            applicant_rows: screening.eligible_applicants.clone(),
            facilitator_rows: screening.eligible_facilitators.clone(),
            applicant_ids: apps.iter().map(|a| a.id.clone()).collect(),
            facilitator_ids: facs.iter().map(|f| f.id.clone()).collect(),
            selected,
            sizes: cohort_sizes(selected, c.cohorts),
            facilitators_min: c.facilitators_min,
            facilitators_max: c.facilitators_max,
            facilitator_places: total_capacity.min(c.cohorts * c.facilitators_max),
            capacity,
            balance,
            isolate,
            years,
            sd_years: var.sqrt(),
            priority: apps.iter().map(|a| a.priority).collect(),
            applicant_region,
            facilitator_region,
            conflicts: conflicts
                .into_iter()
                .map(|s| s.into_iter().collect())
                .collect(),
            district_groups,
            facilitator_conflicts: facilitator_conflicts
                .into_iter()
                .map(|s| s.into_iter().collect())
                .collect(),
            applicant_available: apps.iter().map(|a| can(&a.availability)).collect(),
            facilitator_available: facs.iter().map(|f| can(&f.availability)).collect(),
            slots,
            config: c.clone(),
            applicant_district: apps.iter().map(|a| a.district.clone()).collect(),
            ineligible_facilitators: screening
                .ineligible
                .iter()
                .filter(|p| p.role == crate::eligibility::Role::Facilitator)
                .map(|p| (p.id.clone(), p.reason_text()))
                .collect(),
            ineligible_applicants: screening
                .ineligible
                .iter()
                .filter(|p| p.role == crate::eligibility::Role::Applicant)
                .count(),
        }
    }

    /// Number of eligible applicants.
    pub fn applicants(&self) -> usize {
        self.applicant_ids.len()
    }

    /// Number of eligible facilitators.
    pub fn facilitators(&self) -> usize {
        self.facilitator_ids.len()
    }

    /// Number of cohorts.
    pub fn cohorts(&self) -> usize {
        self.sizes.len()
    }

    /// Number of regions, numbered together for applicants and facilitators.
    pub fn regions(&self) -> usize {
        self.applicant_region
            .iter()
            .chain(&self.facilitator_region)
            .max()
            .map_or(0, |r| r + 1)
    }

    /// Whether applicants `i` and `j` may not share a cohort.
    pub fn in_conflict(&self, i: usize, j: usize) -> bool {
        self.conflicts[i].binary_search(&j).is_ok()
    }

    /// Whether facilitator `f` may not serve a cohort holding applicant `i`.
    pub fn facilitator_in_conflict(&self, f: usize, i: usize) -> bool {
        self.facilitator_conflicts[f].binary_search(&i).is_ok()
    }

    /// Whether applicant `candidate` may join a cohort of `members` served by
    /// `facilitators`, with `leaving` (if any) leaving it at the same time: no
    /// conflict with a member who stays nor with a facilitator (rules 2 and 4).
    pub fn may_join(
        &self,
        candidate: usize,
        members: &[usize],
        facilitators: &[usize],
        leaving: Option<usize>,
    ) -> bool {
        members
            .iter()
            .all(|&j| Some(j) == leaving || j == candidate || !self.in_conflict(candidate, j))
            && facilitators
                .iter()
                .all(|&f| !self.facilitator_in_conflict(f, candidate))
    }

    /// Facilitator places per cohort: spread as evenly as possible, larger first.
    pub fn facilitator_counts(&self) -> Vec<usize> {
        cohort_sizes(self.facilitator_places, self.cohorts())
    }
}
