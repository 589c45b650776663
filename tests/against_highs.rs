//! The default exact solver against HiGHS on the whole model, on random small
//! programs of every shape (BENCHMARKS.md, "Small programs of every shape").
//! Minutes long and needs HiGHS, so it runs only when asked:
//! `cargo test --release --features highs --test against_highs -- --ignored --nocapture`
//! (`FROM` and `COUNT` choose the seeds; 0 and 52 by default; `SIZE=mid` draws
//! programs of 20-45 applicants in 2-4 cohorts instead of 8-15 in 2-3).
#![cfg(feature = "highs")]

use std::time::Duration;

use cohortmatch::cohort::{Instance, verify};
use cohortmatch::config::CohortWeights;
use cohortmatch::solve::{Method, SolveOptions, Status, bound, exact, solve_cohorts};
use cohortmatch::synthetic::{CohortSpec, cohort_rosters};
use cohortmatch::{Config, eligibility};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The program of one seed: its size, rules, weights and attributes all drawn.
fn program(seed: u64, mid: bool) -> Option<(Instance, String)> {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    let (applicants, facilitators, cohorts, seats);
    if mid {
        applicants = r.random_range(20..46);
        facilitators = r.random_range(5..10);
        cohorts = r.random_range(2..5);
        seats = r.random_range(cohorts * 4..=(cohorts * 8).min(24));
    } else {
        applicants = r.random_range(8..16);
        facilitators = r.random_range(3..7);
        cohorts = r.random_range(2..4);
        seats = r.random_range(cohorts * 2..=(cohorts * 3).min(9));
    }
    let fmin = r.random_range(1..3);
    let fmax = fmin + r.random_range(0..2);
    let rosters = cohort_rosters(&CohortSpec {
        applicants,
        facilitators,
        ineligible_share: 0.1,
        ineligible_facilitator_share: 0.1,
        availability: r.random_bool(0.7),
        seed,
    });
    let mut weight = || {
        if r.random_bool(0.2) {
            0.0
        } else {
            [0.5, 1.0, 2.0, 1.5][r.random_range(0..4)]
        }
    };
    let weights = CohortWeights {
        balance: weight(),
        numeric: weight(),
        mirror: weight(),
        region_f: weight(),
        isolated: weight(),
        slot: weight(),
        priority: weight(),
    };
    let attributes = ["region", "district_type", "enrollment_band"];
    let mut some = |p: f64| -> Vec<String> {
        attributes
            .iter()
            .filter(|_| r.random_bool(p))
            .map(|s| s.to_string())
            .collect()
    };
    let (balance, isolate) = (some(0.6), some(0.3));
    let what = format!(
        "seed {seed}: {applicants} applicants, {facilitators} facilitators, {cohorts} cohorts, {seats} seats, {fmin}-{fmax} facilitators each, balance {balance:?}, isolate {isolate:?}, {weights:?}"
    );
    let config = Config::builder()
        .seats(seats)
        .cohorts(cohorts)
        .facilitators_min(fmin)
        .facilitators_max(fmax)
        .deadline(None)
        .balance_attributes(balance)
        .isolate_attributes(isolate)
        .cohort_weights(weights)
        .build()
        .ok()?;
    let screening = eligibility::screen_cohort_program(&rosters, &config);
    Some((Instance::new(&rosters, &screening, &config), what))
}

#[test]
#[ignore = "minutes long; see the module's comment"]
fn the_default_exact_solver_agrees_with_highs() {
    let number = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    let (from, count) = (number("FROM", 0), number("COUNT", 52));
    let mid = std::env::var("SIZE").is_ok_and(|s| s == "mid");
    let cap = Some(Duration::from_secs(60));
    let mut wrong = Vec::new();
    for seed in from..from + count {
        let Some((inst, what)) = program(seed, mid) else {
            continue;
        };
        let began = std::time::Instant::now();
        let options = SolveOptions {
            seed,
            time_limit: cap,
            ..SolveOptions::default()
        };
        let ours = solve_cohorts(&inst, &options, Method::Exact);
        let ours_time = began.elapsed().as_secs_f64();
        let began = std::time::Instant::now();
        let highs = SolveOptions {
            backend: exact::Backend::Highs,
            time_limit: cap,
            ..SolveOptions::default()
        };
        let theirs = exact::solve(&inst, &highs, None);
        let their_time = began.elapsed().as_secs_f64();
        let line = match (&ours, &theirs) {
            (Err(_), None) => "both infeasible".to_string(),
            (Ok(o), Some(h)) => {
                let proven = h.status == Status::Optimal;
                let tol = 1e-6 * h.cost.total.abs().max(1.0);
                let mut bad = Vec::new();
                if !verify(&inst, &o.assignment).is_empty() {
                    bad.push("breaks a rule");
                }
                if proven && o.cost.total < h.cost.total - tol {
                    bad.push("below the proven optimum");
                }
                if proven && o.status == Status::Optimal && o.cost.total > h.cost.total + tol {
                    bad.push("claims optimal above the optimum");
                }
                if proven && o.bound.is_some_and(|b| b > h.cost.total + tol) {
                    bad.push("bound above the optimum");
                }
                if proven && bound::lower_bound(&inst).is_some_and(|b| b > h.cost.total + tol) {
                    bad.push("own lower bound above the optimum");
                }
                if !bad.is_empty() {
                    wrong.push(format!("{what}: {}", bad.join(", ")));
                }
                format!(
                    "ours {:.5} {:?} in {ours_time:.2} s, HiGHS {:.5} {:?} in {their_time:.2} s ({}: {})",
                    o.cost.total, o.status, h.cost.total, h.status, o.solver, o.stopped
                )
            }
            (o, h) => {
                wrong.push(format!("{what}: one says infeasible, the other not"));
                format!("ours {:?}, HiGHS {:?}", o.is_ok(), h.is_some())
            }
        };
        if std::env::var_os("SHOW").is_some() {
            eprintln!("{what}");
        }
        eprintln!("seed {seed}: {line}");
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
