//! Seeded synthetic rosters of any size, in the shapes real ones have: districts
//! shared by several people, a skewed mix of district types, some late or too-new
//! applicants, retired facilitators, partial availability, a few listed conflicts.
//!
//! Used by the `generate_roster` example, the benches and the scale tests. The same
//! spec and seed give the same rosters on every machine (ChaCha8).
//!
//! ```
//! use cohortmatch::synthetic::{cohort_rosters, CohortSpec};
//!
//! let spec = CohortSpec { applicants: 60, facilitators: 9, ..CohortSpec::default() };
//! let a = cohort_rosters(&spec);
//! let b = cohort_rosters(&spec);
//! assert_eq!(a, b);
//! assert_eq!(a.applicants.len(), 60);
//! ```

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::roster::{
    Applicant, CohortRosters, Facilitator, Mentee, Mentor, MentorRosters, Status, Term,
};

/// What to generate for the cohort program.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortSpec {
    /// Number of applicants.
    pub applicants: usize,
    /// Number of facilitators.
    pub facilitators: usize,
    /// Share of applicants made ineligible (too few years or late), 0 to 1.
    pub ineligible_share: f64,
    /// Share of facilitators made ineligible, 0 to 1.
    pub ineligible_facilitator_share: f64,
    /// Whether people list meeting slots they can make.
    pub availability: bool,
    /// RNG seed.
    pub seed: u64,
}

impl Default for CohortSpec {
    fn default() -> Self {
        CohortSpec {
            applicants: 57,
            facilitators: 9,
            ineligible_share: 0.15,
            ineligible_facilitator_share: 0.2,
            availability: true,
            seed: 1,
        }
    }
}

/// What to generate for the mentor program.
#[derive(Debug, Clone, PartialEq)]
pub struct MentorSpec {
    /// Number of mentees.
    pub mentees: usize,
    /// Number of mentors.
    pub mentors: usize,
    /// Largest mentor capacity (each mentor gets 1 to this).
    pub max_capacity: usize,
    /// Whether people list preferences.
    pub preferences: bool,
    /// RNG seed.
    pub seed: u64,
}

impl Default for MentorSpec {
    fn default() -> Self {
        MentorSpec {
            mentees: 30,
            mentors: 20,
            max_capacity: 2,
            preferences: true,
            seed: 1,
        }
    }
}

const FIRST: &[&str] = &[
    "Ana", "Ben", "Carmen", "Dev", "Elena", "Farid", "Grace", "Hiro", "Imani", "Jonah", "Keisha",
    "Luis", "Maya", "Nikhil", "Olivia", "Pedro", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor",
    "Wen", "Ximena", "Yusuf", "Zoe", "Aidan", "Brianna", "Colm", "Dana",
];
const LAST: &[&str] = &[
    "Abbott",
    "Baptiste",
    "Chen",
    "Delgado",
    "Ellison",
    "Fitzgerald",
    "Gupta",
    "Hughes",
    "Ibarra",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "O'Brien",
    "Petrov",
    "Quintero",
    "Reyes",
    "Sullivan",
    "Tran",
    "Underwood",
    "Vasquez",
    "Whitaker",
    "Xu",
    "Yamamoto",
    "Zielinski",
];
const TOWN_A: &[&str] = &[
    "Ash", "Bel", "Cedar", "Dun", "Elm", "Fair", "Glen", "Hart", "Iron", "Kings", "Lake", "Maple",
    "North", "Oak", "Pine", "Red", "Stone", "West", "Wood", "Brook",
];
const TOWN_B: &[&str] = &[
    "ford", "ton", "field", "bury", "dale", "haven", "wood", "port", "ville", "mont", "ridge",
    "brook", "wick", "stead", "ham",
];
const REGIONS: &[&str] = &[
    "Northeast",
    "Southeast",
    "Central",
    "Western",
    "Northern",
    "Southern",
    "Coastal",
    "Valley",
    "Highlands",
    "Metro",
    "Lakes",
    "Plains",
];
/// District types with their weights (suburban and rural districts are the most common).
const TYPES: &[(&str, u32)] = &[
    ("suburban", 35),
    ("rural", 25),
    ("urban", 15),
    ("regional", 12),
    ("vocational", 8),
    ("collaborative", 5),
];
const SLOTS: &[&str] = &["Tue 4pm", "Wed 9am", "Thu 3pm", "Fri 10am"];
const BANDS: &[&str] = &["small", "medium", "large"];
const FOCUS: &[&str] = &[
    "curriculum_instruction",
    "student_support",
    "human_resources",
];

struct District {
    name: String,
    region: String,
    kind: String,
}

struct World {
    rng: ChaCha8Rng,
    districts: Vec<District>,
}

impl World {
    fn new(seed: u64, people: usize) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let regions = (people / 60).clamp(5, REGIONS.len());
        // About one district for every 1.3 people, so some share a district.
        let count = (people * 10 / 13).max(4);
        let mut districts = Vec::with_capacity(count);
        let mut taken = std::collections::HashSet::new();
        for i in 0..count {
            let base = format!(
                "{}{}",
                TOWN_A[rng.random_range(0..TOWN_A.len())],
                TOWN_B[rng.random_range(0..TOWN_B.len())]
            );
            // A number only where the invented name is already taken.
            let name = if taken.insert(base.clone()) {
                base
            } else {
                let numbered = format!("{base} {}", i + 1);
                taken.insert(numbered.clone());
                numbered
            };
            let total: u32 = TYPES.iter().map(|t| t.1).sum();
            let mut pick = rng.random_range(0..total);
            let mut kind = TYPES[0].0;
            for (t, w) in TYPES {
                if pick < *w {
                    kind = t;
                    break;
                }
                pick -= w;
            }
            districts.push(District {
                name,
                region: REGIONS[rng.random_range(0..regions)].to_lowercase(),
                kind: kind.to_string(),
            });
        }
        World { rng, districts }
    }

    fn name(&mut self) -> String {
        let first = FIRST.choose(&mut self.rng).copied().unwrap_or("Alex");
        let last = LAST.choose(&mut self.rng).copied().unwrap_or("Smith");
        // Some spreadsheets hold "Last, First": the comma must survive quoting.
        if self.rng.random_bool(0.1) {
            format!("{last}, {first}")
        } else {
            format!("{first} {last}")
        }
    }

    fn district(&mut self) -> usize {
        self.rng.random_range(0..self.districts.len())
    }

    fn slots(&mut self, on: bool) -> Vec<String> {
        if !on || self.rng.random_bool(0.2) {
            return Vec::new(); // empty means any slot
        }
        let mut out: Vec<String> = SLOTS
            .iter()
            .filter(|_| self.rng.random_bool(0.55))
            .map(|s| s.to_lowercase())
            .collect();
        if out.is_empty() {
            out.push(SLOTS[self.rng.random_range(0..SLOTS.len())].to_lowercase());
        }
        out
    }
}

fn id(prefix: char, i: usize, n: usize) -> String {
    let width = n.to_string().len().max(2);
    format!("{prefix}{:0width$}", i + 1)
}

/// Generates the cohort program's rosters.
pub fn cohort_rosters(spec: &CohortSpec) -> CohortRosters {
    let mut w = World::new(spec.seed, spec.applicants + spec.facilitators);
    let deadline = NaiveDate::from_ymd_opt(2025, 8, 8).unwrap_or_default();
    let mut applicants = Vec::with_capacity(spec.applicants);
    for i in 0..spec.applicants {
        let d = w.district();
        let ineligible = w.rng.random_bool(spec.ineligible_share.clamp(0.0, 1.0));
        let late = ineligible && w.rng.random_bool(0.4);
        let years = if ineligible && !late {
            f64::from(w.rng.random_range(0..3u32))
        } else {
            f64::from(w.rng.random_range(3..25u32))
        };
        let submitted = if late {
            deadline.checked_add_days(Days::new(w.rng.random_range(1..15)))
        } else if w.rng.random_bool(0.9) {
            deadline.checked_sub_days(Days::new(w.rng.random_range(0..60)))
        } else {
            None
        };
        let mut attributes = BTreeMap::new();
        attributes.insert(
            "enrollment_band".to_string(),
            BANDS[w.rng.random_range(0..BANDS.len())].to_string(),
        );
        let availability = w.slots(spec.availability);
        let name = w.name();
        let district = &w.districts[d];
        applicants.push(Applicant {
            id: id('A', i, spec.applicants),
            email: Some(format!(
                "{}{}@example.org",
                name.to_lowercase()
                    .split([' ', ',', '\''])
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("."),
                i + 1
            )),
            name,
            district: district.name.to_lowercase(),
            region: district.region.clone(),
            district_type: district.kind.clone(),
            years,
            submitted,
            priority: f64::from(w.rng.random_range(0..4u32)),
            conflicts: Vec::new(),
            availability,
            attributes,
        });
    }
    // A few listed conflicts (a past dispute, a close colleague), to earlier applicants.
    for i in 1..applicants.len() {
        if w.rng.random_bool(0.05) {
            let other = applicants[w.rng.random_range(0..i)].id.clone();
            applicants[i].conflicts.push(other);
        }
    }
    let program_year = 2025;
    let mut facilitators = Vec::with_capacity(spec.facilitators);
    for i in 0..spec.facilitators {
        let d = w.district();
        let ineligible = w
            .rng
            .random_bool(spec.ineligible_facilitator_share.clamp(0.0, 1.0));
        let retired = w.rng.random_bool(0.4) || ineligible;
        let mode = if ineligible {
            w.rng.random_range(0..3u32)
        } else {
            3
        };
        let years = if mode == 0 {
            f64::from(w.rng.random_range(2..5u32))
        } else {
            f64::from(w.rng.random_range(8..30u32))
        };
        let retired_year = match (retired, mode) {
            (false, _) => None,
            (true, 1) => Some(program_year - w.rng.random_range(4..10)),
            (true, 2) => None,
            (true, _) => Some(program_year - w.rng.random_range(0..4)),
        };
        let mut conflicts = Vec::new();
        if !applicants.is_empty() && w.rng.random_bool(0.1) {
            conflicts.push(
                applicants[w.rng.random_range(0..applicants.len())]
                    .id
                    .clone(),
            );
        }
        let availability = w.slots(spec.availability);
        let name = w.name();
        let district = &w.districts[d];
        facilitators.push(Facilitator {
            id: id('F', i, spec.facilitators),
            name,
            district: district.name.to_lowercase(),
            region: district.region.clone(),
            years,
            status: if retired {
                Status::Retired
            } else {
                Status::Sitting
            },
            retired_year,
            district_type: Some(district.kind.clone()),
            max_cohorts: if w.rng.random_bool(0.25) { 2 } else { 1 },
            conflicts,
            availability,
            attributes: BTreeMap::new(),
        });
    }
    CohortRosters {
        applicants,
        facilitators,
    }
}

fn focus(rng: &mut ChaCha8Rng, most: usize) -> Vec<String> {
    let n = rng.random_range(1..=most.min(FOCUS.len()));
    let start = rng.random_range(0..FOCUS.len());
    (0..n)
        .map(|k| FOCUS[(start + k) % FOCUS.len()].to_string())
        .collect()
}

/// Generates the mentor program's rosters.
pub fn mentor_rosters(spec: &MentorSpec) -> MentorRosters {
    let mut w = World::new(spec.seed, spec.mentees + spec.mentors);
    let mut mentors = Vec::with_capacity(spec.mentors);
    for i in 0..spec.mentors {
        let d = w.district();
        let name = w.name();
        let f = focus(&mut w.rng, 3);
        let capacity = w.rng.random_range(1..=spec.max_capacity.max(1));
        let trained = w.rng.random_bool(0.9);
        let district = &w.districts[d];
        mentors.push(Mentor {
            id: id('M', i, spec.mentors),
            name,
            district: district.name.to_lowercase(),
            region: district.region.clone(),
            focus: f,
            district_type: Some(district.kind.clone()),
            capacity,
            trained,
            conflicts: Vec::new(),
            preferences: Vec::new(),
            attributes: BTreeMap::new(),
        });
    }
    let mut mentees = Vec::with_capacity(spec.mentees);
    for i in 0..spec.mentees {
        let d = w.district();
        let name = w.name();
        let f = focus(&mut w.rng, 2);
        let term = if w.rng.random_bool(0.75) {
            Term::Full
        } else {
            Term::Half
        };
        let mut conflicts = Vec::new();
        if !mentors.is_empty() && w.rng.random_bool(0.05) {
            conflicts.push(mentors[w.rng.random_range(0..mentors.len())].id.clone());
        }
        let mut preferences = Vec::new();
        if spec.preferences && !mentors.is_empty() && w.rng.random_bool(0.6) {
            for _ in 0..w.rng.random_range(1..=3usize) {
                let m = mentors[w.rng.random_range(0..mentors.len())].id.clone();
                if !preferences.contains(&m) {
                    preferences.push(m);
                }
            }
        }
        let district = &w.districts[d];
        mentees.push(Mentee {
            id: id('E', i, spec.mentees),
            name,
            district: district.name.to_lowercase(),
            region: district.region.clone(),
            district_type: district.kind.clone(),
            focus: f,
            term,
            conflicts,
            preferences,
            attributes: BTreeMap::new(),
        });
    }
    if spec.preferences && !mentees.is_empty() {
        for m in &mut mentors {
            if w.rng.random_bool(0.5) {
                for _ in 0..w.rng.random_range(1..=4usize) {
                    let e = mentees[w.rng.random_range(0..mentees.len())].id.clone();
                    if !m.preferences.contains(&e) {
                        m.preferences.push(e);
                    }
                }
            }
        }
    }
    MentorRosters { mentees, mentors }
}
