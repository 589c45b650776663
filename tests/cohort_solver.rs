//! The cohort solvers against brute force, the rules and the cost function.

use cohortmatch::cohort::{Assignment, Instance, evaluate, verify};
use cohortmatch::config::CohortWeights;
use cohortmatch::solve::{
    AUTO_SETTINGS, LONG_TIME_LIMIT, Method, Plan, SETTINGS_LIMIT_SPREADS, SETTINGS_LIMIT_UNTIMED,
    Silent, SolveOptions, Status, bound, exact, heuristic, plan, solve_cohorts,
    solve_cohorts_planned,
};
use cohortmatch::synthetic::{CohortSpec, cohort_rosters};
use cohortmatch::{CohortRosters, Config, eligibility};
use proptest::prelude::*;

/// The instance of `rosters` under `config`, screened.
fn screened(rosters: &CohortRosters, config: &Config) -> Instance {
    Instance::new(
        rosters,
        &eligibility::screen_cohort_program(rosters, config),
        config,
    )
}

fn tiny(seed: u64, applicants: usize, facilitators: usize, weights: CohortWeights) -> Instance {
    let rosters = cohort_rosters(&CohortSpec {
        applicants,
        facilitators,
        ineligible_share: 0.0,
        ineligible_facilitator_share: 0.0,
        availability: true,
        seed,
    });
    let config = Config::builder()
        .seats(4)
        .cohorts(2)
        .facilitators_min(1)
        .facilitators_max(2)
        .deadline(None)
        .isolate_attributes(vec!["district_type".into()])
        .cohort_weights(weights)
        .build()
        .unwrap();
    screened(&rosters, &config)
}

/// The least cost over every assignment that keeps the rules, by enumeration.
fn brute_force(inst: &Instance) -> Option<f64> {
    brute_force_assignment(inst).map(|(t, _)| t)
}

/// The least cost and an assignment reaching it, by enumeration.
fn brute_force_assignment(inst: &Instance) -> Option<(f64, Assignment)> {
    let (e, k, nf) = (inst.applicants(), inst.cohorts(), inst.facilitators());
    let slots = inst.slots.len();
    let mut best: Option<(f64, Assignment)> = None;
    let mut choice = vec![0usize; e]; // 0 = not selected, c + 1 = cohort c
    loop {
        let cohort_of: Vec<Option<usize>> = choice.iter().map(|&x| x.checked_sub(1)).collect();
        let members_ok = {
            let a = Assignment {
                cohort_of: cohort_of.clone(),
                facilitators: vec![Vec::new(); k],
                slot: vec![None; k],
            };
            let sizes_ok = (0..k).all(|c| a.members(k)[c].len() == inst.sizes[c]);
            sizes_ok
                && (0..e).all(|i| {
                    (0..e).all(|j| {
                        i == j
                            || cohort_of[i].is_none()
                            || cohort_of[i] != cohort_of[j]
                            || !inst.in_conflict(i, j)
                    })
                })
        };
        if members_ok {
            // Every facilitator's set of cohorts, as a bit mask.
            let mut masks = vec![0usize; nf];
            loop {
                let facilitators: Vec<Vec<usize>> = (0..k)
                    .map(|c| (0..nf).filter(|&f| masks[f] >> c & 1 == 1).collect())
                    .collect();
                let slot_choices = if slots == 0 { 1 } else { slots.pow(k as u32) };
                for code in 0..slot_choices {
                    let slot = (0..k)
                        .map(|c| (slots > 0).then(|| code / slots.pow(c as u32) % slots))
                        .collect();
                    let a = Assignment {
                        cohort_of: cohort_of.clone(),
                        facilitators: facilitators.clone(),
                        slot,
                    };
                    if verify(inst, &a).is_empty() {
                        let t = evaluate(inst, &a).total;
                        if best.as_ref().is_none_or(|b| t < b.0) {
                            best = Some((t, a));
                        }
                    }
                }
                let mut f = 0;
                loop {
                    if f == nf {
                        break;
                    }
                    masks[f] += 1;
                    if masks[f] < 1 << k {
                        break;
                    }
                    masks[f] = 0;
                    f += 1;
                }
                if f == nf {
                    break;
                }
            }
        }
        let mut i = 0;
        loop {
            if i == e {
                return best;
            }
            choice[i] += 1;
            if choice[i] <= k {
                break;
            }
            choice[i] = 0;
            i += 1;
        }
    }
}

fn only(term: &str) -> CohortWeights {
    let mut w = CohortWeights {
        balance: 0.0,
        numeric: 0.0,
        mirror: 0.0,
        region_f: 0.0,
        isolated: 0.0,
        slot: 0.0,
        priority: 0.0,
    };
    match term {
        "balance" => w.balance = 1.0,
        "numeric" => w.numeric = 1.0,
        "mirror" => w.mirror = 1.0,
        "region_f" => w.region_f = 1.0,
        "isolated" => w.isolated = 1.0,
        "slot" => w.slot = 1.0,
        "priority" => w.priority = 1.0,
        _ => return CohortWeights::default(),
    }
    w
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn exact_equals_brute_force_for_each_term_and_all(seed in 0u64..1000) {
        for term in ["balance", "numeric", "mirror", "region_f", "isolated", "slot", "priority", "all"] {
            let inst = tiny(seed, 6, 3, only(term));
            let best = brute_force(&inst);
            // Our own bound never claims more than the true optimum, with a choice
            // of who is selected (6 for 4 seats) and without (4 for 4).
            for everyone in [false, true] {
                let inst = if everyone { tiny(seed, 4, 3, only(term)) } else { inst.clone() };
                let best = if everyone { brute_force(&inst) } else { best };
                if let (Some(b), Some(lower)) = (best, bound::lower_bound(&inst)) {
                    prop_assert!(lower <= b + 1e-9, "{term}: bound {lower} above the optimum {b}");
                }
            }
            // One facilitator setting at a time, from a random first assignment
            // (so the cutoff has to move), with our bound as the floor.
            let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(seed);
            if let (Some(b), Some(start)) = (best, heuristic::construct(&inst, &mut rng)) {
                let all = exact::settings(&inst, 100_000).unwrap();
                let o = exact::solve_by_settings(&inst, &SolveOptions::default(), &start, &all, &cohortmatch::solve::Silent);
                prop_assert!(verify(&inst, &o.assignment).is_empty());
                prop_assert_eq!(o.status, Status::Optimal);
                prop_assert!((o.cost.total - b).abs() < 1e-5, "{term}: by settings {} brute force {b}", o.cost.total);
            }
            for backend in [exact::Backend::Microlp, exact::Backend::Highs] {
            if !backend.available() {
                continue;
            }
            let options = SolveOptions { backend, ..SolveOptions::default() };
            let got = exact::solve(&inst, &options, None);
            match (best, got) {
                (None, None) => {}
                (Some(b), Some(o)) => {
                    prop_assert!(verify(&inst, &o.assignment).is_empty());
                    prop_assert_eq!(o.status, Status::Optimal);
                    prop_assert!((o.cost.total - b).abs() < 1e-5, "{term}: exact {} brute force {b}", o.cost.total);
                    // The linear model's objective is the cost function's value, to
                    // within the solver's integrality tolerance (1e-6 on a member's
                    // 0/1, which the continuous isolation variables carry).
                    let objective = o.solver_objective.unwrap();
                    prop_assert!((objective - o.cost.total).abs() < 1e-5, "{term}: objective {objective} cost {}", o.cost.total);
                }
                (b, o) => prop_assert!(false, "{term}: brute force {b:?}, exact {:?}", o.map(|o| o.cost.total)),
            }
            }
        }
    }

    #[test]
    fn the_heuristic_reaches_the_proven_optimum_on_tiny_rosters(seed in 0u64..1000) {
        let inst = tiny(seed, 6, 3, CohortWeights::default());
        let best = brute_force(&inst);
        let got = solve_cohorts(&inst, &SolveOptions { seed, ..SolveOptions::default() }, Method::Heuristic);
        match (best, got) {
            (None, Err(_)) => {}
            (Some(b), Ok(o)) => prop_assert!((o.cost.total - b).abs() < 1e-6, "heuristic {} optimum {b}", o.cost.total),
            (b, o) => prop_assert!(false, "brute force {b:?}, heuristic {:?}", o.map(|o| o.cost.total)),
        }
    }

    #[test]
    fn every_answer_keeps_the_rules_and_reports_the_cost_function(seed in 0u64..1000, n in 6usize..16, f in 3usize..8) {
        let rosters = cohort_rosters(&CohortSpec { applicants: n, facilitators: f, seed, ..CohortSpec::default() });
        let config = Config::builder().seats(6).cohorts(2).deadline(None).build().unwrap();
        let inst = screened(&rosters, &config);
        let options = SolveOptions { time_limit: Some(std::time::Duration::from_secs(2)), seed, ..SolveOptions::default() };
        for method in [Method::Heuristic, Method::Exact] {
            match solve_cohorts(&inst, &options, method) {
                Ok(o) => {
                    prop_assert!(verify(&inst, &o.assignment).is_empty(), "{:?}", verify(&inst, &o.assignment));
                    prop_assert_eq!(o.cost, evaluate(&inst, &o.assignment));
                    if let Some(b) = o.bound {
                        prop_assert!(b <= o.cost.total + 1e-9);
                    }
                }
                Err(why) => prop_assert!(!why.reasons.is_empty()),
            }
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_cohorts_on_any_number_of_threads() {
    let rosters = cohort_rosters(&CohortSpec {
        applicants: 60,
        facilitators: 12,
        seed: 3,
        ..CohortSpec::default()
    });
    let config = Config::default();
    let inst = screened(&rosters, &config);
    let limits = heuristic::SearchLimits {
        restarts: 6,
        moves: 3_000,
        ..heuristic::SearchLimits::for_instance(&inst)
    };
    let runs: Vec<Assignment> = [1, 2, 16]
        .iter()
        .map(|&t| {
            let options = SolveOptions {
                seed: 11,
                threads: Some(t),
                ..SolveOptions::default()
            };
            heuristic::search(
                &inst,
                &options,
                limits,
                None,
                &cohortmatch::solve::Silent,
                None,
            )
            .unwrap()
            .assignment
        })
        .collect();
    assert_eq!(runs[0], runs[1]);
    assert_eq!(runs[0], runs[2]);
}

fn load(applicants: &str, facilitators: &str, config: &Config) -> Instance {
    let r = CohortRosters::from_csv(
        ("a.csv", applicants.as_bytes()),
        ("f.csv", facilitators.as_bytes()),
        config,
    )
    .unwrap();
    screened(&r, config)
}

const HEAD: &str = "id,name,district,region,district_type,years_as_superintendent,conflicts\n";
const FAC: &str =
    "id,name,district,region,years_as_superintendent,status,retired_year,max_cohorts,conflicts\n";

fn small_config() -> Config {
    Config::builder()
        .seats(4)
        .cohorts(2)
        .facilitators_min(1)
        .facilitators_max(1)
        .deadline(None)
        .build()
        .unwrap()
}

fn reasons(inst: &Instance) -> Vec<String> {
    solve_cohorts(inst, &SolveOptions::default(), Method::Auto)
        .expect_err("infeasible")
        .reasons
}

#[test]
fn too_few_facilitator_places_names_who_is_missing() {
    let a = format!(
        "{HEAD}A1,a,d1,N,urban,5,\nA2,b,d2,N,urban,5,\nA3,c,d3,N,urban,5,\nA4,d,d4,N,urban,5,\n"
    );
    let f = format!("{FAC}F1,f,x1,N,10,sitting,,1,\nF7,g,x2,N,10,retired,2019,1,\n");
    let r = reasons(&load(&a, &f, &small_config()));
    assert_eq!(
        r[0],
        "2 cohorts need at least 2 facilitator places (1 each); the 1 eligible facilitator offers 1: F1. Not eligible: F7 retired in 2019, 6 years before 2025; facilitators must have retired within 3 years."
    );
}

#[test]
fn a_group_in_conflict_larger_than_the_cohorts_is_named() {
    // A1, A2, A3 share district d1: at most 2 can join the 2 cohorts, leaving 3
    // applicants for 4 seats.
    let a = format!(
        "{HEAD}A1,a,d1,N,urban,5,\nA2,b,d1,N,urban,5,\nA3,c,d1,N,urban,5,\nA4,d,d4,N,urban,5,\n"
    );
    let f = format!("{FAC}F1,f,x1,N,10,sitting,,1,\nF2,g,x2,N,10,sitting,,1,\n");
    let r = reasons(&load(&a, &f, &small_config()));
    assert_eq!(
        r[0],
        "A1, A2 and A3 (all from d1) are all in conflict with one another, so at most 2 of them can join the 2 cohorts; that leaves 3 applicants who can be placed for 4 seats."
    );
}

#[test]
fn listed_conflicts_count_as_much_as_districts() {
    let a = format!(
        "{HEAD}A1,a,d1,N,urban,5,A2;A3\nA2,b,d2,N,urban,5,A3\nA3,c,d3,N,urban,5,\nA4,d,d4,N,urban,5,\n"
    );
    let f = format!("{FAC}F1,f,x1,N,10,sitting,,1,\nF2,g,x2,N,10,sitting,,1,\n");
    let r = reasons(&load(&a, &f, &small_config()));
    assert!(
        r[0].starts_with("A1, A2 and A3 (same district or listed conflicts) are all in conflict"),
        "{}",
        r[0]
    );
}

#[test]
fn facilitators_in_conflict_with_everyone_are_found_by_relaxing_that_family() {
    // Every applicant is listed by both facilitators: no cohort can have one.
    let a = format!(
        "{HEAD}A1,a,d1,N,urban,5,\nA2,b,d2,N,urban,5,\nA3,c,d3,N,urban,5,\nA4,d,d4,N,urban,5,\n"
    );
    let f = format!("{FAC}F1,f,x1,N,10,sitting,,1,A1;A2;A3;A4\nF2,g,x2,N,10,sitting,,1,A1;A2;A3\n");
    let r = reasons(&load(&a, &f, &small_config()));
    assert!(
        r[0].starts_with("Facilitators' conflicts make it impossible"),
        "{}",
        r[0]
    );
    assert!(
        r[0].contains("F1 (4 applicants), F2 (3 applicants)"),
        "{}",
        r[0]
    );
}

#[test]
fn no_eligible_applicant_is_said_plainly() {
    let a = format!("{HEAD}A1,a,d1,N,urban,1,\n");
    let f = format!("{FAC}F1,f,x1,N,10,sitting,,1,\nF2,g,x2,N,10,sitting,,1,\n");
    let r = reasons(&load(&a, &f, &small_config()));
    assert_eq!(
        r[0],
        "No applicant is eligible (1 applied and none meets the rules), so no cohort can be formed."
    );
}

#[test]
fn fewer_eligible_than_seats_shrinks_the_cohorts() {
    let a = format!("{HEAD}A1,a,d1,N,urban,5,\nA2,b,d2,S,rural,5,\nA3,c,d3,N,urban,5,\n");
    let f = format!("{FAC}F1,f,x1,N,10,sitting,,1,\nF2,g,x2,N,10,sitting,,1,\n");
    let inst = load(&a, &f, &small_config());
    assert_eq!(inst.sizes, [2, 1]);
    let o = solve_cohorts(&inst, &SolveOptions::default(), Method::Exact).unwrap();
    assert!(verify(&inst, &o.assignment).is_empty());
    assert_eq!(o.status, Status::Optimal);
}

/// 240 applicants, 60 facilitators (2 cohorts each), 30 cohorts of 8: applicant
/// `i` (1-based) is in `district(i)`, and A001 lists `listed` as conflicts.
fn program_of_240(district: impl Fn(usize) -> usize, listed: &[String]) -> Instance {
    let mut apps = String::from(HEAD);
    for i in 1..=240 {
        let conflicts = if i == 1 {
            listed.join(";")
        } else {
            String::new()
        };
        apps.push_str(&format!(
            "A{i:03},P{i},D{},R{},urban,10,{conflicts}\n",
            district(i),
            i % 5
        ));
    }
    let mut facs = String::from(FAC);
    for f in 1..=60 {
        facs.push_str(&format!("F{f:02},Q{f},FD{f},R1,20,sitting,,2,\n"));
    }
    let config = Config::builder()
        .seats(240)
        .cohorts(30)
        .deadline(None)
        .build()
        .unwrap();
    load(&apps, &facs, &config)
}

/// The one reason names A001 as `words` say; past the counts, the construction
/// says whom it could not seat, and where.
fn assert_a001_named(inst: &Instance, words: &str) {
    let why = solve_cohorts(inst, &SolveOptions::default(), Method::Auto)
        .expect_err("A001 cannot be seated");
    assert_eq!(why.reasons.len(), 1, "{why:?}");
    assert!(why.reasons[0].contains(words), "{}", why.reasons[0]);
    let stuck = cohortmatch::solve::greedy::stuck_reason(inst);
    assert!(
        stuck.starts_with("No way of seating everyone was found: A"),
        "{stuck}"
    );
    assert!(
        stuck.contains("cohorts that still had room")
            || stuck.contains("cohort that still had room"),
        "{stuck}"
    );
}

#[test]
fn a_large_program_that_cannot_be_seated_names_who_blocks_it() {
    // 240 applicants from 240 districts, 30 cohorts of 8: no group in conflict is
    // larger than the cohorts, but A001 lists every other applicant, so no cohort
    // can hold A001 and 7 others. Too large for the exact model's proof.
    let others: Vec<String> = (2..=240).map(|i| format!("A{i:03}")).collect();
    let inst = program_of_240(|i| i, &others);
    assert_a001_named(&inst, "A001 conflicts with 239 of the other 239 applicants");
}

#[test]
fn an_applicant_left_with_too_few_districts_to_fill_a_cohort_is_named() {
    // 24 districts of 10 applicants in 30 cohorts of 8: no district is larger than
    // the cohorts and A001 conflicts with "only" 219 of 239; but those left come
    // from 2 districts, and a cohort takes one person per district.
    let listed: Vec<String> = (11..=220).map(|i| format!("A{i:03}")).collect();
    let inst = program_of_240(|i| (i - 1) / 10, &listed);
    assert_a001_named(
        &inst,
        "A001 conflicts with 219 of the other 239 applicants, and those left come from 2 districts",
    );
}

/// Every facilitator setting by brute force: each cohort any group and slot, kept
/// when the facilitator rules hold, once up to the order of the cohorts (all of
/// one size here).
fn settings_by_brute_force(
    inst: &Instance,
) -> std::collections::BTreeSet<Vec<(Vec<usize>, Option<usize>)>> {
    let (k, nf) = (inst.cohorts(), inst.facilitators());
    let places = inst.facilitator_places;
    let lo = (places / k).max(inst.facilitators_min);
    let hi = places.div_ceil(k).min(inst.facilitators_max);
    let slots: Vec<Option<usize>> = if inst.slots.is_empty() {
        vec![None]
    } else {
        (0..inst.slots.len()).map(Some).collect()
    };
    let choices: Vec<(Vec<usize>, Option<usize>)> = (0u32..1 << nf)
        .map(|m| (0..nf).filter(|f| m >> f & 1 == 1).collect::<Vec<usize>>())
        .filter(|g| (lo..=hi).contains(&g.len()))
        .flat_map(|g| slots.iter().map(move |&t| (g.clone(), t)))
        .collect();
    let mut out = std::collections::BTreeSet::new();
    let total = choices.len().pow(k as u32);
    for code in 0..total {
        let picked: Vec<&(Vec<usize>, Option<usize>)> = (0..k)
            .map(|c| &choices[code / choices.len().pow(c as u32) % choices.len()])
            .collect();
        let filled: usize = picked.iter().map(|(g, _)| g.len()).sum();
        let fits = (0..nf)
            .all(|f| picked.iter().filter(|(g, _)| g.contains(&f)).count() <= inst.capacity[f]);
        if filled == places && fits {
            let mut key: Vec<(Vec<usize>, Option<usize>)> = picked.into_iter().cloned().collect();
            key.sort();
            out.insert(key);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn settings_are_every_facilitator_setting_once(seed in 0u64..1000, f in 2usize..6) {
        let inst = tiny(seed, 6, f, CohortWeights::default());
        let all = exact::settings(&inst, 1_000_000).unwrap();
        let mut keys: Vec<Vec<(Vec<usize>, Option<usize>)>> = all
            .iter()
            .map(|s| {
                let mut key: Vec<(Vec<usize>, Option<usize>)> = s.facilitators.iter().cloned().zip(s.slots.iter().copied()).collect();
                key.sort();
                key
            })
            .collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        prop_assert_eq!(keys.len(), n, "a setting came twice");
        let expected: Vec<_> = settings_by_brute_force(&inst).into_iter().collect();
        prop_assert_eq!(keys, expected);
    }
}

#[test]
fn the_exact_answer_by_settings_is_the_same_on_any_number_of_threads() {
    let rosters = cohort_rosters(&CohortSpec {
        applicants: 14,
        facilitators: 5,
        seed: 5,
        ..CohortSpec::default()
    });
    let config = Config::builder()
        .seats(6)
        .cohorts(2)
        .deadline(None)
        .build()
        .unwrap();
    let inst = screened(&rosters, &config);
    let all = exact::settings(&inst, 100_000).unwrap();
    // A random first assignment (the construction may need a few tries).
    let start = (0..100)
        .find_map(|seed| {
            let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(seed);
            heuristic::construct(&inst, &mut rng)
        })
        .unwrap();
    let runs: Vec<Assignment> = [1, 2, 8]
        .iter()
        .map(|&t| {
            let options = SolveOptions {
                threads: Some(t),
                ..SolveOptions::default()
            };
            let o = exact::solve_by_settings(
                &inst,
                &options,
                &start,
                &all,
                &cohortmatch::solve::Silent,
            );
            assert_eq!(o.status, Status::Optimal);
            o.assignment
        })
        .collect();
    assert_eq!(runs[0], runs[1]);
    assert_eq!(runs[0], runs[2]);
}

/// A mid-size program (25 applicants in 3 cohorts, more than `AUTO_PROOF_LIMIT`)
/// whose facilitator settings' bounds all sit above the first restarts' answer:
/// it is proven there, without the other restarts and without a MILP, and HiGHS
/// on the whole model agrees (microlp takes over a minute on the whole model).
#[test]
fn a_program_the_settings_bounds_prove_early_agrees_with_highs() {
    let rosters = cohort_rosters(&CohortSpec {
        applicants: 25,
        facilitators: 9,
        ineligible_share: 0.1,
        ineligible_facilitator_share: 0.1,
        availability: false,
        seed: 2,
    });
    let weights = CohortWeights {
        balance: 1.5,
        numeric: 0.0,
        mirror: 0.5,
        region_f: 0.0,
        isolated: 0.0,
        slot: 1.5,
        priority: 1.0,
    };
    let config = Config::builder()
        .seats(19)
        .cohorts(3)
        .facilitators_min(1)
        .facilitators_max(2)
        .deadline(None)
        .balance_attributes(vec!["district_type".into()])
        .cohort_weights(weights)
        .build()
        .unwrap();
    let inst = screened(&rosters, &config);
    assert!(inst.applicants() * inst.cohorts() > cohortmatch::solve::AUTO_PROOF_LIMIT);
    let ours = solve_cohorts(&inst, &SolveOptions::default(), Method::Exact).unwrap();
    assert_eq!(ours.status, Status::Optimal);
    assert!(
        ours.solver.contains("by facilitator settings"),
        "{}",
        ours.solver
    );
    assert!(ours.stopped.contains(", 0 by the MILP"), "{}", ours.stopped);
    assert!(verify(&inst, &ours.assignment).is_empty());
    // HiGHS's optimum on the whole model, measured with the `highs` feature
    // (the check below runs it again there).
    let highs_optimum = -22.370_71;
    assert!(
        (ours.cost.total - highs_optimum).abs() < 1e-5,
        "{}",
        ours.cost.total
    );
    #[cfg(feature = "highs")]
    {
        let highs = SolveOptions {
            backend: exact::Backend::Highs,
            ..SolveOptions::default()
        };
        let whole = exact::solve(&inst, &highs, None).unwrap();
        assert_eq!(whole.status, Status::Optimal);
        assert!(
            (whole.cost.total - ours.cost.total).abs() < 1e-6,
            "HiGHS {}",
            whole.cost.total
        );
    }
}

/// The program of `rosters` under `config` (given the attributes to isolate),
/// with more settings than `above` and at most the spreads' limit: `plan` for
/// `method` goes through every one of them without isolation and with no time
/// limit; with isolation it plans `isolating`; under a 5 s limit, the whole
/// model. Returns the program without isolation.
fn plans_every_setting(
    rosters: &CohortRosters,
    config: impl Fn(Vec<String>) -> Config,
    method: Method,
    above: usize,
    isolating: (bool, Option<exact::Settings>),
) -> Instance {
    let plain = screened(rosters, &config(Vec::new()));
    let count = exact::settings(&plain, usize::MAX).map_or(0, |all| all.len());
    assert!(
        count > above && count <= SETTINGS_LIMIT_SPREADS,
        "{count} settings: the test shows nothing"
    );
    let options = SolveOptions::default();
    let planned = plan(&plain, &options, method);
    assert!(planned.exact());
    assert_eq!(planned.settings().map(|a| a.len()), Some(count));
    let decided = |p: Plan| (p.exact(), p.settings().cloned());
    let isolated = screened(rosters, &config(vec!["district_type".to_string()]));
    assert_eq!(decided(plan(&isolated, &options, method)), isolating);
    let short = SolveOptions {
        time_limit: Some(std::time::Duration::from_secs(5)),
        ..SolveOptions::default()
    };
    assert_eq!(decided(plan(&plain, &short, method)), (true, None));
    plain
}

#[test]
fn exact_goes_through_more_settings_where_the_spreads_apply() {
    // 9 facilitators, 1 or 2 per cohort, with availability: more settings than
    // the plain model's limit and fewer than the spreads'. Without isolation
    // `--solver exact` goes through them one at a time; with it, or under a
    // short time limit, the whole model.
    let rosters = cohort_rosters(&CohortSpec {
        applicants: 25,
        facilitators: 9,
        ineligible_share: 0.0,
        ineligible_facilitator_share: 0.0,
        availability: true,
        seed: 405,
    });
    let config = |isolate: Vec<String>| {
        Config::builder()
            .seats(20)
            .cohorts(3)
            .facilitators_min(1)
            .facilitators_max(2)
            .deadline(None)
            .isolate_attributes(isolate)
            .build()
            .unwrap()
    };
    plans_every_setting(
        &rosters,
        config,
        Method::Exact,
        SETTINGS_LIMIT_UNTIMED,
        (true, None),
    );
}

#[test]
fn auto_proves_a_pilot_with_every_facilitator_eligible() {
    // A synthetic pilot (57 applicants, 9 facilitators, all eligible here):
    // 179,200 settings, more than `Auto` took before; where the spreads apply
    // it goes through them one at a time and proves its answer, as `Exact` does.
    // With isolation asked for, each setting needs its own relaxation: `Auto`
    // keeps to the heuristic.
    let rosters = cohort_rosters(&CohortSpec {
        applicants: 57,
        facilitators: 9,
        ineligible_share: 0.15,
        ineligible_facilitator_share: 0.0,
        availability: true,
        seed: 20,
    });
    let config = |isolate: Vec<String>| {
        Config::builder()
            .deadline(None)
            .isolate_attributes(isolate)
            .build()
            .unwrap()
    };
    let pilot = plans_every_setting(&rosters, config, Method::Auto, AUTO_SETTINGS, (false, None));
    // A long time limit leaves room for them too, as for `Exact`.
    let long = SolveOptions {
        time_limit: Some(LONG_TIME_LIMIT),
        ..SolveOptions::default()
    };
    assert!(plan(&pilot, &long, Method::Auto).settings().is_some());
    let outcome = solve_cohorts(&pilot, &SolveOptions::default(), Method::Auto).unwrap();
    assert_eq!(outcome.status, Status::Optimal);
    assert!(verify(&pilot, &outcome.assignment).is_empty());
    assert!((outcome.cost.total - evaluate(&pilot, &outcome.assignment).total).abs() < 1e-9);
}

#[test]
fn a_plan_is_solved_as_planned() {
    // `mssn_cohorts` plans first (to say how long the proof may take) and hands
    // the plan to the solver: the same cohorts as solving at once.
    let rosters = cohort_rosters(&CohortSpec {
        applicants: 12,
        facilitators: 4,
        ineligible_share: 0.0,
        ineligible_facilitator_share: 0.0,
        availability: true,
        seed: 3,
    });
    let config = Config::builder()
        .seats(8)
        .cohorts(2)
        .deadline(None)
        .build()
        .unwrap();
    let small = screened(&rosters, &config);
    let options = SolveOptions::default();
    let direct = solve_cohorts(&small, &options, Method::Exact).unwrap();
    let planned = plan(&small, &options, Method::Exact);
    assert!(planned.settings().is_some_and(|s| !s.is_empty()));
    let through = solve_cohorts_planned(planned, &Silent).unwrap();
    assert_eq!(through.assignment, direct.assignment);
    assert_eq!(through.status, Status::Optimal);
    assert!(verify(&small, &through.assignment).is_empty());
}
