//! The cohort program at pilot size: `cargo bench --bench cohorts`.
//!
//! A synthetic pilot roster (57 applicants, 9 facilitators, availability and
//! priorities, seed 7; 53 eligible for 24 seats in 3 cohorts). The exact solver
//! does not prove this size in bench time (HiGHS takes minutes; see BENCHMARKS.md),
//! so the benches time the parts: the heuristic, the lower bound, and a proof at a
//! size it closes, with microlp and (with `--features highs`) HiGHS.

use cohortmatch::cohort::Instance;
use cohortmatch::solve::{SolveOptions, bound, exact, heuristic};
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
}

criterion_group!(benches, cohorts);
criterion_main!(benches);
