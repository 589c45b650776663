//! Matching against brute force, capacities and forbidden pairs, stability, reasons.

use proptest::prelude::*;

use super::assign::min_cost_matching;
use super::stable::{Preferences, blocking_pairs, deferred_acceptance};
use super::*;
use crate::synthetic::{MentorSpec, mentor_rosters};

/// Best (matched count, -cost) over every assignment, by enumeration.
fn brute_force(
    left: usize,
    capacity: &[usize],
    cost: &dyn Fn(usize, usize) -> Option<f64>,
) -> (usize, f64) {
    let right = capacity.len();
    let mut best = (0usize, 0.0f64);
    let mut choice = vec![0usize; left]; // 0 = none, r+1 = right r
    loop {
        let mut load = vec![0usize; right];
        let mut ok = true;
        let (mut count, mut total) = (0, 0.0);
        for (l, &c) in choice.iter().enumerate() {
            if c > 0 {
                let r = c - 1;
                match cost(l, r) {
                    Some(x) => {
                        load[r] += 1;
                        count += 1;
                        total += x;
                    }
                    None => ok = false,
                }
            }
        }
        ok &= (0..right).all(|r| load[r] <= capacity[r]);
        if ok && (count > best.0 || (count == best.0 && total < best.1 - 1e-9)) {
            best = (count, total);
        }
        if !crate::brute::next_choice(&mut choice, right) {
            return best;
        }
    }
}

fn instance() -> impl Strategy<Value = (usize, Vec<usize>, Vec<Option<u8>>)> {
    (1usize..6, 1usize..4).prop_flat_map(|(left, right)| {
        (
            Just(left),
            proptest::collection::vec(0usize..3, right),
            proptest::collection::vec(proptest::option::weighted(0.7, 0u8..7), left * right),
        )
    })
}

proptest! {
    #[test]
    fn matching_equals_brute_force((left, capacity, table) in instance()) {
        let right = capacity.len();
        let cost = |l: usize, r: usize| table[l * right + r].map(f64::from);
        let m = min_cost_matching(left, &capacity, cost);
        let count = m.mate.iter().flatten().count();
        let (best_count, best_cost) = brute_force(left, &capacity, &cost);
        prop_assert_eq!(count, best_count);
        prop_assert!((m.total_cost - best_cost).abs() < 1e-9, "{} vs {}", m.total_cost, best_cost);
        prop_assert!(m.certify(&capacity, cost).is_ok(), "{:?}", m.certify(&capacity, cost));
    }

    #[test]
    fn fractional_weights_match_brute_force((left, capacity, table) in instance(), w in 0.1f64..3.0) {
        let right = capacity.len();
        let cost = |l: usize, r: usize| table[l * right + r].map(|c| f64::from(c) * w + 0.1 * (l as f64));
        let m = min_cost_matching(left, &capacity, cost);
        let (best_count, best_cost) = brute_force(left, &capacity, &cost);
        prop_assert_eq!(m.mate.iter().flatten().count(), best_count);
        prop_assert!((m.total_cost - best_cost).abs() < 1e-6);
    }

    #[test]
    fn rosters_keep_capacity_and_rules_and_stability(seed in 0u64..500, n in 1usize..25, k in 1usize..12) {
        let rosters = mentor_rosters(&MentorSpec { mentees: n, mentors: k, max_capacity: 3, preferences: true, seed });
        let config = Config::default();
        let p = MentorProblem::new(&rosters, &config);
        for stable in [false, true] {
            let out = p.solve_with(stable);
            let mut load = vec![0usize; k];
            for (e, m) in out.mate.iter().enumerate() {
                if let Some(m) = *m {
                    load[m] += 1;
                    prop_assert!(p.forbidden(e, m).is_empty(), "{e} {m} {:?}", p.forbidden(e, m));
                }
            }
            for (m, &l) in load.iter().enumerate() {
                prop_assert!(l <= rosters.mentors[m].capacity);
            }
            if stable {
                let prefs = Preferences::new(&p);
                prop_assert!(blocking_pairs(&prefs, &p.capacity, &out.mate).is_empty());
            }
            let explainer = explain::Explainer::new(&p, &out.mate, !stable);
            for e in (0..n).filter(|&e| out.mate[e].is_none()) {
                let reason = explainer.reason(e);
                prop_assert!(reason.contains(&rosters.mentees[e].id), "{reason}");
                // The obstacle is real: check it against the matching itself.
                let pr = &p;
                let allowed = |x: usize| (0..k).filter(move |&m| pr.cost(x, m).is_some());
                match explainer.obstacle(e).expect("unmatched") {
                    explain::Obstacle::NoAllowedMentor => prop_assert_eq!(allowed(e).count(), 0),
                    explain::Obstacle::OutRanked { mentors } => {
                        let prefs = Preferences::new(&p);
                        for m in mentors {
                            prop_assert_eq!(load[m], p.capacity[m], "mentor {} has room", m);
                            for x in (0..n).filter(|&x| out.mate[x] == Some(m)) {
                                prop_assert!(prefs.mentor_rank[m][x] < prefs.mentor_rank[m][e]);
                            }
                        }
                    }
                    explain::Obstacle::Shortage { mentees, mentors, places, .. } => {
                        prop_assert!(mentees.contains(&e));
                        prop_assert!(mentees.len() > places, "not a shortage");
                        prop_assert_eq!(places, mentors.iter().map(|&m| p.capacity[m]).sum::<usize>());
                        for &x in &mentees {
                            prop_assert!(allowed(x).all(|m| mentors.contains(&m)), "{x} has a mentor outside the set");
                        }
                    }
                }
            }
        }
    }
}

fn problem(mentees: &str, mentors: &str) -> MentorProblem {
    let config = Config::default();
    let r = MentorRosters::from_csv(
        ("e.csv", mentees.as_bytes()),
        ("m.csv", mentors.as_bytes()),
        &config,
    )
    .unwrap();
    MentorProblem::new(&r, &config)
}

#[test]
fn pair_cost_follows_the_model() {
    let p = problem(
        "id,name,district,region,district_type,focus\nE1,Eve,a,North,urban,HR; C&I\n",
        "id,name,district,region,focus,district_type\nM1,Max,b,North,HR;C&I,urban\nM2,Mo,c,South,HR,rural\nM3,Mu,d,North,HR,\n",
    );
    assert_eq!(p.pair_cost(0, 0), 0.0);
    assert_eq!(p.pair_cost(0, 1), 3.0 + 1.0 + 2.0);
    assert_eq!(
        p.pair_cost(0, 2),
        3.0 + 1.0,
        "no district type counts as different"
    );
}

#[test]
fn a_mentee_with_every_mentor_ruled_out_is_told_which_rule_removed_whom() {
    let p = problem(
        "id,name,district,region,district_type,focus,conflicts\nE1,Eve,a,North,urban,HR,M2\n",
        "id,name,district,region,focus,trained\nM1,Max,a,North,HR,yes\nM2,Mo,b,North,HR,yes\nM3,Mu,c,North,HR,no\n",
    );
    let out = p.solve();
    assert_eq!(out.mate, vec![None]);
    let reason = explain::unmatched_reason(&p, &out.mate, 0, true);
    assert_eq!(
        reason,
        "no mentor may take E1: M1 is in E1's own district; M2 is in conflict with E1; M3 is not trained (focus fit is a cost, not a rule)"
    );
}

#[test]
fn a_crowded_mentor_is_explained_as_a_deficient_group() {
    // E1 and E2 can only have M1 (one place); M2 is in both their districts.
    let p = problem(
        "id,name,district,region,district_type,focus\nE1,Eve,a,North,urban,HR\nE2,Ed,a,North,urban,HR\n",
        "id,name,district,region,focus\nM1,Max,b,North,HR\nM2,Mo,a,North,HR\n",
    );
    let out = p.solve();
    assert_eq!(out.mate, vec![Some(0), None]);
    let reason = explain::unmatched_reason(&p, &out.mate, 1, true);
    assert!(
        reason.starts_with("there is 1 place with trained mentors for 2 mentees who can use them"),
        "{reason}"
    );
    assert!(
        reason.contains("Ruled out for E2: M2 is in E2's own district"),
        "{reason}"
    );
}

#[test]
fn a_local_shortage_names_the_crowded_mentors_and_the_group() {
    // E1, E2 (district a) can only have M1; E3 (district b) can have M2 as well.
    let p = problem(
        "id,name,district,region,district_type,focus\nE1,Eve,a,North,urban,HR\nE2,Ed,a,North,urban,HR\nE3,Em,b,North,urban,HR\n",
        "id,name,district,region,focus\nM1,Max,c,North,HR\nM2,Mo,a,North,HR\n",
    );
    let out = p.solve();
    assert_eq!(out.mate.iter().flatten().count(), 2);
    let e = out.mate.iter().position(Option::is_none).unwrap();
    let reason = explain::unmatched_reason(&p, &out.mate, e, true);
    let other = if e == 0 { "E2" } else { "E1" };
    assert!(
        reason.starts_with(&format!(
            "{} may only be placed with M1 (1 place between them), and so may 1 other mentee ({other}): 2 mentees for 1 place, so 1 must wait.",
            p.rosters.mentees[e].id
        )),
        "{reason}"
    );
}

#[test]
fn stable_matching_follows_listed_preferences() {
    // E1 lists M2 first although M1 costs less; stable honours it, least-cost does not.
    let p = problem(
        "id,name,district,region,district_type,focus,preferences\nE1,Eve,a,North,urban,HR,M2\n",
        "id,name,district,region,focus,district_type\nM1,Max,b,North,HR,urban\nM2,Mo,c,South,HR,urban\n",
    );
    let least = p.solve_with(false);
    assert_eq!(least.mate, vec![Some(0)]);
    let stable = p.solve_with(true);
    assert_eq!(stable.mate, vec![Some(1)]);
    assert_eq!(
        stable.blocking,
        vec![(0, 1)],
        "E1 and M2 block the least-cost matching"
    );
    let prefs = Preferences::new(&p);
    assert_eq!(deferred_acceptance(&prefs, &p.capacity), vec![Some(1)]);
}
