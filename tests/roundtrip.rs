//! Whatever the crate writes, it reads back equal.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use cohortmatch::roster::{self, Applicant, Facilitator, Mentee, Mentor, Status, Term};
use cohortmatch::{CohortRosters, Config, MentorRosters};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::subsequence;

const TYPES: [&str; 6] = [
    "urban",
    "suburban",
    "rural",
    "regional",
    "vocational",
    "collaborative",
];
const FOCUS: [&str; 3] = [
    "curriculum_instruction",
    "student_support",
    "human_resources",
];

fn name() -> impl Strategy<Value = String> {
    "[A-Za-zé][A-Za-z ,.'\"é-]{0,12}[A-Za-z.]"
}
fn category() -> impl Strategy<Value = String> {
    "[a-z0-9]{1,6}( [a-z0-9&]{1,6}){0,2}"
}
fn years() -> impl Strategy<Value = f64> {
    prop_oneof![(0u32..60).prop_map(f64::from), (0.0f64..1e6)]
}
fn date() -> impl Strategy<Value = Option<NaiveDate>> {
    proptest::option::of(
        (2000i32..2040, 1u32..13, 1u32..29)
            .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("a valid day")),
    )
}
fn slots() -> impl Strategy<Value = Vec<String>> {
    subsequence(vec!["tue 4pm", "wed 9am", "thu 3pm", "sat"], 0..=4)
        .prop_map(|v| v.into_iter().map(String::from).collect())
}
fn attributes() -> impl Strategy<Value = BTreeMap<String, String>> {
    btree_map("x_[a-z]{1,5}", category(), 0..3)
}
fn district_type() -> impl Strategy<Value = String> {
    proptest::sample::select(TYPES.to_vec()).prop_map(String::from)
}
fn focus() -> impl Strategy<Value = Vec<String>> {
    subsequence(FOCUS.to_vec(), 1..=3).prop_map(|v| v.into_iter().map(String::from).collect())
}
fn pick(ids: &[String], mask: &[bool]) -> Vec<String> {
    ids.iter()
        .zip(mask)
        .filter(|(_, m)| **m)
        .map(|(i, _)| i.clone())
        .collect()
}

fn cohort_rosters() -> impl Strategy<Value = CohortRosters> {
    let applicant = (
        (name(), category(), category(), district_type(), years()),
        (
            proptest::option::of("[a-z]{1,8}@[a-z]{1,5}\\.org"),
            date(),
            -100.0f64..100.0,
        ),
        (slots(), attributes(), vec(any::<bool>(), 8)),
    );
    let facilitator = (
        (name(), category(), category(), years(), any::<bool>()),
        (
            proptest::option::of(1950i32..2030),
            proptest::option::of(district_type()),
            0usize..4,
        ),
        (slots(), attributes(), vec(any::<bool>(), 8)),
    );
    (vec(applicant, 0..8), vec(facilitator, 0..5)).prop_map(|(a, f)| {
        let a_ids: Vec<String> = (0..a.len()).map(|i| format!("A{i}")).collect();
        let applicants = a
            .into_iter()
            .enumerate()
            .map(
                |(
                    i,
                    (
                        (name, district, region, district_type, years),
                        (email, submitted, priority),
                        (availability, attributes, mask),
                    ),
                )| Applicant {
                    id: a_ids[i].clone(),
                    name,
                    district,
                    region,
                    district_type,
                    years,
                    email,
                    submitted,
                    priority,
                    conflicts: pick(&a_ids, &mask),
                    availability,
                    attributes,
                },
            )
            .collect();
        let facilitators = f
            .into_iter()
            .enumerate()
            .map(
                |(
                    i,
                    (
                        (name, district, region, years, retired),
                        (retired_year, district_type, max_cohorts),
                        (availability, attributes, mask),
                    ),
                )| Facilitator {
                    id: format!("F{i}"),
                    name,
                    district,
                    region,
                    years,
                    status: if retired {
                        Status::Retired
                    } else {
                        Status::Sitting
                    },
                    retired_year,
                    district_type,
                    max_cohorts,
                    conflicts: pick(&a_ids, &mask),
                    availability,
                    attributes,
                },
            )
            .collect();
        CohortRosters {
            applicants,
            facilitators,
        }
    })
}

fn mentor_rosters() -> impl Strategy<Value = MentorRosters> {
    let mentee = (
        (
            name(),
            category(),
            category(),
            district_type(),
            focus(),
            any::<bool>(),
        ),
        (vec(any::<bool>(), 6), vec(any::<bool>(), 6), attributes()),
    );
    let mentor = (
        (
            name(),
            category(),
            category(),
            focus(),
            proptest::option::of(district_type()),
        ),
        (
            0usize..4,
            any::<bool>(),
            vec(any::<bool>(), 6),
            vec(any::<bool>(), 6),
            attributes(),
        ),
    );
    (vec(mentee, 0..6), vec(mentor, 0..6)).prop_map(|(e, m)| {
        let e_ids: Vec<String> = (0..e.len()).map(|i| format!("E{i}")).collect();
        let m_ids: Vec<String> = (0..m.len()).map(|i| format!("M{i}")).collect();
        let mentees = e
            .into_iter()
            .enumerate()
            .map(
                |(
                    i,
                    ((name, district, region, district_type, focus, half), (c, p, attributes)),
                )| Mentee {
                    id: e_ids[i].clone(),
                    name,
                    district,
                    region,
                    district_type,
                    focus,
                    term: if half { Term::Half } else { Term::Full },
                    conflicts: pick(&m_ids, &c),
                    preferences: pick(&m_ids, &p),
                    attributes,
                },
            )
            .collect();
        let mentors = m
            .into_iter()
            .enumerate()
            .map(
                |(
                    i,
                    (
                        (name, district, region, focus, district_type),
                        (capacity, trained, c, p, attributes),
                    ),
                )| Mentor {
                    id: m_ids[i].clone(),
                    name,
                    district,
                    region,
                    focus,
                    district_type,
                    capacity,
                    trained,
                    conflicts: pick(&e_ids, &c),
                    preferences: pick(&e_ids, &p),
                    attributes,
                },
            )
            .collect();
        MentorRosters { mentees, mentors }
    })
}

proptest! {
    #[test]
    fn cohort_rosters_read_back_equal(r in cohort_rosters()) {
        let (mut a, mut f) = (Vec::new(), Vec::new());
        roster::write_applicants(&mut a, &r.applicants).unwrap();
        roster::write_facilitators(&mut f, &r.facilitators).unwrap();
        let back = CohortRosters::from_csv(("a.csv", &a), ("f.csv", &f), &Config::default());
        prop_assert_eq!(back.map_err(|e| e.to_string()), Ok(r));
    }

    #[test]
    fn mentor_rosters_read_back_equal(r in mentor_rosters()) {
        let (mut e, mut m) = (Vec::new(), Vec::new());
        roster::write_mentees(&mut e, &r.mentees).unwrap();
        roster::write_mentors(&mut m, &r.mentors).unwrap();
        let back = MentorRosters::from_csv(("e.csv", &e), ("m.csv", &m), &Config::default());
        prop_assert_eq!(back.map_err(|e| e.to_string()), Ok(r));
    }
}
