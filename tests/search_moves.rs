//! The heuristic's moves on random rosters: every move keeps every hard rule, and
//! the running (delta) cost equals the one cost function's recomputation after
//! every move, accepted or undone.

use cohortmatch::cohort::{Instance, evaluate, verify};
use cohortmatch::config::CohortWeights;
use cohortmatch::solve::heuristic::{construct, step};
use cohortmatch::solve::state::State;
use cohortmatch::synthetic::{CohortSpec, cohort_rosters};
use cohortmatch::{Config, eligibility};
use proptest::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn instance(seed: u64, applicants: usize, seats: usize, cohorts: usize, isolate: bool) -> Instance {
    with_facilitators(seed, applicants, cohorts * 3 + 2, seats, cohorts, isolate)
}

fn with_facilitators(
    seed: u64,
    applicants: usize,
    facilitators: usize,
    seats: usize,
    cohorts: usize,
    isolate: bool,
) -> Instance {
    let rosters = cohort_rosters(&CohortSpec {
        applicants,
        facilitators,
        ineligible_share: 0.1,
        ineligible_facilitator_share: 0.1,
        availability: true,
        seed,
    });
    let mut builder = Config::builder()
        .seats(seats)
        .cohorts(cohorts)
        .deadline(None)
        .cohort_weights(CohortWeights {
            // Uneven weights so a term counted twice or missed shows.
            balance: 1.3,
            numeric: 0.7,
            mirror: 1.1,
            region_f: 0.5,
            isolated: 2.0,
            slot: 0.9,
            priority: 1.7,
        });
    if isolate {
        builder =
            builder.isolate_attributes(vec!["district_type".into(), "enrollment_band".into()]);
    }
    let config = builder.build().unwrap();
    let screening = eligibility::screen_cohort_program(&rosters, &config);
    Instance::new(&rosters, &screening, &config)
}

/// Makes up to `steps` random moves from a constructed start, checking after each
/// that every hard rule holds and that the running cost, the move's delta and the
/// one cost function agree, and again after undoing half of them. Returns the kinds
/// of move made ("with facilitator fix" for compound moves).
fn check_moves(
    inst: &Instance,
    seed: u64,
    steps: usize,
) -> Result<std::collections::BTreeSet<String>, TestCaseError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let Some(start) = construct(inst, &mut rng) else {
        // Construction may fail only when the rules cannot hold.
        return Err(TestCaseError::reject("no start"));
    };
    prop_assert!(verify(inst, &start).is_empty());
    let mut st = State::new(inst, &start);
    prop_assert!((st.total() - evaluate(inst, &start).total).abs() < 1e-7);
    let mut kinds = std::collections::BTreeSet::new();
    let mut undo = Vec::new();
    for _ in 0..steps {
        let before = st.total();
        let Some(delta) = step(&mut st, inst, &mut rng, &mut undo) else {
            // No move made: the state is as it was.
            prop_assert!((st.total() - before).abs() < 1e-9);
            continue;
        };
        let made: Vec<String> = undo
            .iter()
            .map(|u| format!("{u:?}").split('(').next().unwrap().to_string())
            .collect();
        kinds.extend(made.iter().cloned());
        if undo.len() > 1 {
            kinds.insert("with facilitator fix".to_string());
        }
        let a = st.assignment();
        let broken = verify(inst, &a);
        prop_assert!(broken.is_empty(), "{made:?} broke {broken:?}");
        let full = evaluate(inst, &a).total;
        prop_assert!(
            (st.total() - full).abs() < 1e-7,
            "{made:?}: running {} full {full}",
            st.total()
        );
        prop_assert!(
            (before + delta - full).abs() < 1e-7,
            "{made:?}: delta {delta}"
        );
        if rng.random_bool(0.5) {
            for &u in undo.iter().rev() {
                st.apply(u);
            }
            let back = evaluate(inst, &st.assignment()).total;
            prop_assert!((back - before).abs() < 1e-7, "undoing {made:?}");
            prop_assert!((st.total() - before).abs() < 1e-7);
        }
    }
    Ok(kinds)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    // Which kinds of move a random roster allows is not a property (two cohorts
    // of one member each may admit no swap at all), so coverage is checked on
    // fixed rosters in `every_kind_of_move_is_made_and_checked` below.
    #[test]
    fn delta_cost_equals_recomputation_and_rules_hold_after_every_move(
        seed in 0u64..10_000,
        applicants in 8usize..70,
        seat_share in 0.3f64..1.0,
        cohorts in 2usize..6,
        isolate in any::<bool>(),
    ) {
        let seats = ((applicants as f64 * seat_share) as usize).max(cohorts);
        let inst = instance(seed, applicants, seats, cohorts, isolate);
        check_moves(&inst, seed, 400)?;
    }
}

#[test]
fn every_kind_of_move_is_made_and_checked() {
    // On rosters with room to move, every kind of move (and compound moves with a
    // facilitator fix) occurs, so the property above is not checking only a few.
    let mut kinds = std::collections::BTreeSet::new();
    for (seed, isolate) in [(7, false), (8, true)] {
        let inst = with_facilitators(seed, 60, 8, 31, 3, isolate);
        kinds.extend(check_moves(&inst, seed, 4_000).expect("moves keep the rules and the cost"));
    }
    for kind in [
        "Swap",
        "Relocate",
        "Replace",
        "FacReplace",
        "FacSwap",
        "FacMove",
        "Slot",
        "with facilitator fix",
    ] {
        assert!(kinds.contains(kind), "no {kind} among {kinds:?}");
    }
}

#[test]
fn facilitator_fix_ups_happen_on_generated_rosters() {
    // A member move blocked only by a facilitator's conflict is made together
    // with replacing that facilitator; check such compound moves do occur here.
    let inst = instance(5, 60, 30, 3, false);
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let start = construct(&inst, &mut rng).expect("a start");
    let mut st = State::new(&inst, &start);
    let mut undo = Vec::new();
    let mut compound = 0;
    for _ in 0..20_000 {
        if step(&mut st, &inst, &mut rng, &mut undo).is_some() && undo.len() > 1 {
            compound += 1;
            assert!(verify(&inst, &st.assignment()).is_empty());
        }
    }
    assert!(compound > 0);
}
