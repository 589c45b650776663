//! The cohort program at pilot size: `cargo bench --bench cohorts`.
//!
//! A synthetic pilot roster (57 applicants, 9 facilitators, availability and
//! priorities, seed 7; 53 eligible for 24 seats in 3 cohorts): the time to a
//! proven optimum with the default backend (the default run: heuristic, then the
//! proof one facilitator setting at a time) and, with `--features highs`, with
//! HiGHS on the whole model; and the parts: the heuristic, the lower bound, and a
//! proof at a tiny size.

use cohortmatch::cohort::Instance;
use cohortmatch::solve::{Method, SolveOptions, Status, bound, exact, heuristic, solve_cohorts};
use cohortmatch::synthetic::{CohortSpec, cohort_rosters};
use cohortmatch::{Config, eligibility};
use criterion::{Criterion, criterion_group, criterion_main};

fn instance(applicants: usize, facilitators: usize, config: &Config) -> Instance {
    let rosters = cohort_rosters(&CohortSpec {
        applicants,
        facilitators,
        seed: 7,
        ..CohortSpec::default()
    });
    let screening = eligibility::screen_cohort_program(&rosters, config);
    Instance::new(&rosters, &screening, config)
}

fn cohorts(c: &mut Criterion) {
    let config = Config::default();
    let pilot = instance(57, 9, &config);
    let mut group = c.benchmark_group("cohorts_pilot");
    group.sample_size(10);
    group.bench_function("heuristic_default_limits", |b| {
        let limits = heuristic::SearchLimits::for_instance(&pilot);
        b.iter(|| {
            heuristic::search(
                &pilot,
                &SolveOptions::default(),
                limits,
                None,
                &cohortmatch::solve::Silent,
                None,
            )
        })
    });
    group.bench_function("selection_lower_bound", |b| {
        b.iter(|| bound::lower_bound(&pilot))
    });
    let small_config = Config::builder()
        .seats(8)
        .cohorts(2)
        .deadline(None)
        .build()
        .unwrap();
    let small = instance(12, 5, &small_config);
    group.bench_function("exact_proof_12_applicants_8_seats", |b| {
        b.iter(|| exact::solve(&small, &SolveOptions::default(), None))
    });
    // The same proof through HiGHS (`cargo bench --features highs --bench cohorts`).
    #[cfg(feature = "highs")]
    group.bench_function("exact_proof_12_applicants_8_seats_highs", |b| {
        let options = SolveOptions {
            backend: exact::Backend::Highs,
            ..SolveOptions::default()
        };
        b.iter(|| exact::solve(&small, &options, None))
    });
    group.finish();
    // Whole proofs take up to seconds each (under 1 s by default since session
    // 10, about 13 s with HiGHS): few samples, a long measurement.
    let mut proof = c.benchmark_group("cohorts_pilot_proof");
    proof.sample_size(10);
    proof.measurement_time(std::time::Duration::from_secs(60));
    let proven = |options: &SolveOptions, method: Method| {
        let out = solve_cohorts(&pilot, options, method).expect("the pilot is feasible");
        assert_eq!(out.status, Status::Optimal);
        out
    };
    proof.bench_function("proven_optimum_default", |b| {
        b.iter(|| proven(&SolveOptions::default(), Method::Auto))
    });
    #[cfg(feature = "highs")]
    proof.bench_function("proven_optimum_highs", |b| {
        let options = SolveOptions {
            backend: exact::Backend::Highs,
            ..SolveOptions::default()
        };
        b.iter(|| proven(&options, Method::Exact))
    });
    proof.finish();
}

criterion_group!(benches, cohorts);
criterion_main!(benches);
