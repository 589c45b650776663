//! The Assistant Superintendent Mentor Program (model.md section 6).
//!
//! [`MentorProblem`] turns the rosters into indices, pair costs and forbidden pairs;
//! [`assign::min_cost_matching`] matches as many mentees as possible at least cost;
//! [`stable::deferred_acceptance`] gives the mentee-optimal stable matching;
//! [`explain`] says, for each unmatched mentee, which rule or which crowd stood in
//! the way.
//!
//! ```
//! use cohortmatch::{mentor::MentorProblem, Config, MentorRosters};
//!
//! let mentees = "id,name,district,region,district_type,focus\nE1,Eve,Easton,North,urban,HR\n";
//! let mentors = "id,name,district,region,focus,district_type\n\
//!                M1,Max,Easton,North,HR,urban\n\
//!                M2,Mo,Weston,South,HR,urban\n";
//! let config = Config::default();
//! let rosters = MentorRosters::from_csv(("e.csv", mentees.as_bytes()), ("m.csv", mentors.as_bytes()), &config)?;
//! let problem = MentorProblem::new(&rosters, &config);
//! let result = problem.solve();
//! // M1 is in Eve's own district, so Eve goes to M2 (other region: cost 2).
//! assert_eq!(result.mate, vec![Some(1)]);
//! assert_eq!(result.total_cost, 2.0);
//! # Ok::<(), cohortmatch::Error>(())
//! ```

pub mod assign;
pub mod explain;
pub mod stable;

use std::collections::HashMap;

use serde::Serialize;

use crate::config::{Config, MentorWeights};
use crate::roster::MentorRosters;

/// Why a pair may not be formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Forbidden {
    /// The mentor is from the mentee's own district.
    OwnDistrict,
    /// One of them lists the other under `conflicts`.
    Conflict,
    /// The mentor has not completed training.
    Untrained,
    /// The mentor's capacity is 0.
    NoCapacity,
}

/// The mentor program in indices.
#[derive(Debug, Clone)]
pub struct MentorProblem {
    /// The rosters, as loaded.
    pub rosters: MentorRosters,
    /// Pair cost weights.
    pub weights: MentorWeights,
    mentee_district: Vec<usize>,
    mentor_district: Vec<usize>,
    /// Per mentee, the mentors in conflict with it (either side listed), sorted.
    conflicts: Vec<Vec<usize>>,
    mentee_class: Vec<usize>,
    mentor_class: Vec<usize>,
    /// `class_cost[mentee_class * mentor_classes + mentor_class]`.
    class_cost: Vec<f64>,
    mentor_classes: usize,
    /// Capacity of each mentor that may take mentees (0 for untrained).
    pub capacity: Vec<usize>,
}

/// A solved mentor program: the matching and, when asked, the stable one.
#[derive(Debug, Clone)]
pub struct MentorOutcome {
    /// For each mentee, its mentor: the least-cost maximum matching, or the stable
    /// matching when `stable`.
    pub mate: Vec<Option<usize>>,
    /// Total pair cost of `mate`.
    pub total_cost: f64,
    /// Whether `mate` is the stable matching.
    pub stable: bool,
    /// Whether the least-cost matching passed its dual-certificate check
    /// ([`assign::Matching::certify`]): proven maximum, and least cost among maximum.
    pub certified: bool,
    /// Pairs (mentee, mentor) that block the stability of the least-cost matching;
    /// computed when preferences matter (`stable = true`).
    pub blocking: Vec<(usize, usize)>,
    /// The least-cost maximum matching, kept for comparison when `stable`.
    pub least_cost: assign::Matching,
}

fn intern(map: &mut HashMap<String, usize>, key: &str) -> usize {
    let next = map.len();
    *map.entry(key.to_string()).or_insert(next)
}

impl MentorProblem {
    /// Builds the problem from loaded rosters.
    pub fn new(rosters: &MentorRosters, config: &Config) -> MentorProblem {
        let weights = config.mentors.weights;
        let mut districts = HashMap::new();
        let mentee_district = rosters
            .mentees
            .iter()
            .map(|e| intern(&mut districts, &e.district))
            .collect();
        let mentor_district = rosters
            .mentors
            .iter()
            .map(|m| intern(&mut districts, &m.district))
            .collect();
        let mentor_index: HashMap<&str, usize> = rosters
            .mentors
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.as_str(), i))
            .collect();
        let mentee_index: HashMap<&str, usize> = rosters
            .mentees
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let mut conflicts: Vec<Vec<usize>> = rosters
            .mentees
            .iter()
            .map(|e| {
                e.conflicts
                    .iter()
                    .filter_map(|id| mentor_index.get(id.as_str()).copied())
                    .collect()
            })
            .collect();
        for (m, mentor) in rosters.mentors.iter().enumerate() {
            for id in &mentor.conflicts {
                if let Some(&e) = mentee_index.get(id.as_str()) {
                    conflicts[e].push(m);
                }
            }
        }
        for list in &mut conflicts {
            list.sort_unstable();
            list.dedup();
        }
        // Pair cost depends only on (focus, district type, region) of each side: a
        // table over those classes keeps the dense graph implicit and cheap.
        let focus_bits = |f: &[String]| -> u64 {
            f.iter()
                .filter_map(|x| config.mentors.focus_areas.iter().position(|a| a == x))
                .fold(0u64, |acc, i| acc | (1u64 << (i % 64)))
        };
        let mut classes_e: HashMap<(u64, String, String), usize> = HashMap::new();
        let mut keys_e = Vec::new();
        let mentee_class = rosters
            .mentees
            .iter()
            .map(|e| {
                let key = (
                    focus_bits(&e.focus),
                    e.district_type.clone(),
                    e.region.clone(),
                );
                let next = classes_e.len();
                *classes_e.entry(key.clone()).or_insert_with(|| {
                    keys_e.push(key);
                    next
                })
            })
            .collect();
        let mut classes_m: HashMap<(u64, Option<String>, String), usize> = HashMap::new();
        let mut keys_m = Vec::new();
        let mentor_class = rosters
            .mentors
            .iter()
            .map(|m| {
                let key = (
                    focus_bits(&m.focus),
                    m.district_type.clone(),
                    m.region.clone(),
                );
                let next = classes_m.len();
                *classes_m.entry(key.clone()).or_insert_with(|| {
                    keys_m.push(key);
                    next
                })
            })
            .collect();
        let mut class_cost = Vec::with_capacity(keys_e.len() * keys_m.len());
        for (ef, et, er) in &keys_e {
            for (mf, mt, mr) in &keys_m {
                let lacking = (ef & !mf).count_ones() as f64;
                let types_differ = mt.as_deref() != Some(et.as_str());
                class_cost.push(
                    weights.focus * lacking
                        + weights.district_type * f64::from(u8::from(types_differ))
                        + weights.region * f64::from(u8::from(er != mr)),
                );
            }
        }
        MentorProblem {
            weights,
            mentee_district,
            mentor_district,
            conflicts,
            mentee_class,
            mentor_class,
            class_cost,
            mentor_classes: keys_m.len(),
            capacity: rosters
                .mentors
                .iter()
                .map(|m| if m.trained { m.capacity } else { 0 })
                .collect(),
            rosters: rosters.clone(),
        }
    }

    /// Number of mentees.
    pub fn mentees(&self) -> usize {
        self.rosters.mentees.len()
    }

    /// Number of mentors.
    pub fn mentors(&self) -> usize {
        self.rosters.mentors.len()
    }

    /// The pair cost of model.md section 6 (whether or not the pair is allowed).
    ///
    /// A mentor without a `district_type` counts as a different type.
    pub fn pair_cost(&self, e: usize, m: usize) -> f64 {
        self.class_cost[self.mentee_class[e] * self.mentor_classes + self.mentor_class[m]]
    }

    /// Every rule that forbids the pair, in a fixed order; empty when allowed.
    pub fn forbidden(&self, e: usize, m: usize) -> Vec<Forbidden> {
        let mut out = Vec::new();
        if self.mentee_district[e] == self.mentor_district[m] {
            out.push(Forbidden::OwnDistrict);
        }
        if self.conflicts[e].binary_search(&m).is_ok() {
            out.push(Forbidden::Conflict);
        }
        if !self.rosters.mentors[m].trained {
            out.push(Forbidden::Untrained);
        } else if self.rosters.mentors[m].capacity == 0 {
            out.push(Forbidden::NoCapacity);
        }
        out
    }

    /// The pair's cost when it is allowed.
    pub fn cost(&self, e: usize, m: usize) -> Option<f64> {
        let allowed = self.capacity[m] > 0
            && self.mentee_district[e] != self.mentor_district[m]
            && self.conflicts[e].binary_search(&m).is_err();
        allowed.then(|| self.pair_cost(e, m))
    }

    /// The least-cost maximum matching, and the stable one when the configuration asks.
    pub fn solve(&self) -> MentorOutcome {
        self.solve_with(false)
    }

    /// As [`MentorProblem::solve`], with `stable` saying whether to produce the
    /// mentee-optimal stable matching.
    pub fn solve_with(&self, stable: bool) -> MentorOutcome {
        let least_cost =
            assign::min_cost_matching(self.mentees(), &self.capacity, |e, m| self.cost(e, m));
        let certified = least_cost
            .certify(&self.capacity, |e, m| self.cost(e, m))
            .is_ok();
        if !stable {
            return MentorOutcome {
                mate: least_cost.mate.clone(),
                total_cost: least_cost.total_cost,
                stable: false,
                certified,
                blocking: Vec::new(),
                least_cost,
            };
        }
        let prefs = stable::Preferences::new(self);
        let mate = stable::deferred_acceptance(&prefs, &self.capacity);
        let blocking = stable::blocking_pairs(&prefs, &self.capacity, &least_cost.mate);
        let total_cost = mate
            .iter()
            .enumerate()
            .filter_map(|(e, m)| m.map(|m| self.pair_cost(e, m)))
            .sum();
        MentorOutcome {
            mate,
            total_cost,
            stable: true,
            certified,
            blocking,
            least_cost,
        }
    }
}

#[cfg(test)]
mod tests;
