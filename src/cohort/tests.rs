//! The cost function and the checker on a roster small enough to work by hand.

use super::*;
use crate::{CohortRosters, Config, eligibility};

const APPLICANTS: &str =
    "id,name,district,region,district_type,years_as_superintendent,priority,availability
A1,Ana,d1,North,urban,4,1,tue
A2,Bo,d2,North,rural,6,0,wed
A3,Cy,d3,South,urban,8,2,
A4,Di,d4,South,rural,10,0,tue;wed
A5,Ed,d1,North,urban,3,0,
";
const FACILITATORS: &str = "id,name,district,region,years_as_superintendent,status,availability
F1,Fay,d9,North,10,sitting,tue
F2,Gil,d8,South,10,sitting,wed
F3,Hal,d1,East,10,sitting,
";

fn instance() -> Instance {
    let config = Config::builder()
        .seats(4)
        .cohorts(2)
        .facilitators_min(1)
        .facilitators_max(1)
        .isolate_attributes(vec!["district_type".into()])
        .build()
        .unwrap();
    let r = CohortRosters::from_csv(
        ("a.csv", APPLICANTS.as_bytes()),
        ("f.csv", FACILITATORS.as_bytes()),
        &config,
    )
    .unwrap();
    let s = eligibility::screen_cohort_program(&r, &config);
    Instance::new(&r, &s, &config)
}

fn assignment(cohort_of: [Option<usize>; 5], facs: [usize; 2], slots: [usize; 2]) -> Assignment {
    Assignment {
        cohort_of: cohort_of.to_vec(),
        facilitators: facs.iter().map(|&f| vec![f]).collect(),
        slot: slots.iter().map(|&s| Some(s)).collect(),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn instance_reads_the_rosters() {
    let inst = instance();
    assert_eq!(inst.selected, 4);
    assert_eq!(inst.sizes, [2, 2]);
    assert_eq!(inst.slots, ["tue", "wed"]);
    assert!(inst.in_conflict(0, 4), "A1 and A5 share district d1");
    assert!(!inst.in_conflict(0, 1));
    assert!(inst.facilitator_in_conflict(2, 0), "F3 is from d1");
    assert_eq!(inst.facilitator_places, 2);
    assert!(close(inst.sd_years, 6.56f64.sqrt()));
}

#[test]
fn cost_worked_by_hand_unbalanced_cohorts() {
    let inst = instance();
    // Cohort 1: A1, A3 with F1 at tue; cohort 2: A2, A4 with F2 at wed.
    let a = assignment([Some(0), Some(1), Some(0), Some(1), None], [0, 1], [0, 1]);
    assert!(verify(&inst, &a).is_empty());
    let c = evaluate(&inst, &a);
    assert!(close(c.balance, 4.0), "{c:?}");
    assert!(close(c.numeric, 4.0 / 6.56f64.sqrt()), "{c:?}");
    assert!(close(c.mirror, 1.6), "{c:?}");
    assert!(close(c.region_f, 1.0), "{c:?}");
    assert!(close(c.isolated, 0.0), "{c:?}");
    assert!(close(c.slot, 0.0), "{c:?}");
    assert!(close(c.priority, -3.0), "{c:?}");
    let sum = c.balance + c.numeric + c.mirror + c.region_f + c.isolated + c.slot + c.priority;
    assert!(close(c.total, sum));
}

#[test]
fn cost_worked_by_hand_balanced_but_isolated_and_unavailable() {
    let inst = instance();
    // Cohort 1: A1, A4 with F1 at wed; cohort 2: A2, A3 with F2 at tue.
    let a = assignment([Some(0), Some(1), Some(1), Some(0), None], [0, 1], [1, 0]);
    assert!(verify(&inst, &a).is_empty());
    let c = evaluate(&inst, &a);
    assert!(close(c.balance, 0.0), "{c:?}");
    assert!(close(c.numeric, 0.0), "{c:?}");
    assert!(
        close(c.isolated, 8.0),
        "4 people alone of their type, weight 2: {c:?}"
    );
    assert!(close(c.slot, 4.0), "A1, F1, A2, F2 cannot make it: {c:?}");
    assert!(
        close(c.total, 0.0 + 0.0 + 1.6 + 1.0 + 8.0 + 4.0 - 3.0),
        "{c:?}"
    );
}

#[test]
fn weights_scale_their_terms() {
    let mut inst = instance();
    let a = assignment([Some(0), Some(1), Some(0), Some(1), None], [0, 1], [0, 1]);
    inst.config.weights.balance = 2.5;
    inst.config.weights.priority = 0.0;
    let c = evaluate(&inst, &a);
    assert!(close(c.balance, 10.0));
    assert!(close(c.priority, 0.0));
}

#[test]
fn checker_names_the_people_of_each_broken_rule() {
    let inst = instance();
    // A1 with A5 (same district), F3 (from d1) serving them, F3 twice over capacity.
    let a = Assignment {
        cohort_of: vec![Some(0), Some(1), None, Some(1), Some(0)],
        facilitators: vec![vec![2], vec![2]],
        slot: vec![Some(0), Some(0)],
    };
    let v: Vec<String> = verify(&inst, &a).iter().map(ToString::to_string).collect();
    assert!(
        v.iter().any(|s| s.contains("A1 and A5 are in conflict")),
        "{v:?}"
    );
    assert!(
        v.iter()
            .any(|s| s.contains("facilitator F3 serves cohort 1 which holds A1")),
        "{v:?}"
    );
    assert!(
        v.iter()
            .any(|s| s.contains("facilitator F3 serves 2 cohort places but may serve 1")),
        "{v:?}"
    );
}

#[test]
fn checker_counts_and_sizes() {
    let inst = instance();
    let a = Assignment {
        cohort_of: vec![Some(0), Some(0), Some(0), None, None],
        facilitators: vec![vec![0], vec![]],
        slot: vec![Some(0), Some(1)],
    };
    let v = verify(&inst, &a);
    assert!(
        v.contains(&Violation::SelectedCount {
            expected: 4,
            found: 3
        }),
        "{v:?}"
    );
    assert!(
        v.contains(&Violation::CohortSize { cohort: 0, size: 3 }),
        "{v:?}"
    );
    assert!(
        v.contains(&Violation::FacilitatorCount {
            cohort: 1,
            count: 0
        }),
        "{v:?}"
    );
    let malformed = Assignment {
        cohort_of: vec![Some(7); 5],
        facilitators: vec![vec![0], vec![1]],
        slot: vec![Some(0), Some(1)],
    };
    assert!(matches!(verify(&inst, &malformed)[0], Violation::Shape(_)));
    // The cost function ignores what is out of range rather than panicking.
    let _ = evaluate(&inst, &malformed);
}
