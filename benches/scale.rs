//! The cohort program at scale: `cargo bench --bench scale` (several minutes).
//!
//! Rosters as `generate_roster --ineligible-share 0 --seed 7` makes them, everyone
//! selected: 240 people in 30 cohorts with 75 facilitators, 2,400 / 300 / 750 and
//! 10,000 / 1,250 / 3,000. For each: the default search (all restarts, the answer
//! the binary gives), the greedy deal, the lower bound, and the cost of one move
//! (a million proposed and costed moves, to show it does not grow with the roster).
//! Quality (excess over the bound, against the greedy deal and CP-SAT) is in
//! BENCHMARKS.md, from `benches/peers/scale_side_by_side.sh`.

mod common;

use cohortmatch::solve::state::State;
use cohortmatch::solve::{Silent, SolveOptions, bound, greedy, heuristic};
use criterion::{Criterion, criterion_group, criterion_main};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn scale(c: &mut Criterion) {
    for (people, facilitators, cohorts) in
        [(240, 75, 30), (2_400, 750, 300), (10_000, 3_000, 1_250)]
    {
        let inst = common::generated(people, facilitators, cohorts);
        let mut group = c.benchmark_group(format!("scale_{people}"));
        group.sample_size(10);
        group.bench_function("heuristic_default", |b| {
            let limits = heuristic::SearchLimits::for_instance(&inst);
            b.iter(|| {
                heuristic::search(&inst, &SolveOptions::default(), limits, None, &Silent, None)
            })
        });
        group.bench_function("greedy_deal", |b| b.iter(|| greedy::deal(&inst, 1)));
        group.bench_function("lower_bound", |b| b.iter(|| bound::lower_bound(&inst)));
        group.bench_function("million_moves", |b| {
            let mut rng = ChaCha8Rng::seed_from_u64(1);
            let start = heuristic::construct(&inst, &mut rng).expect("a start");
            let mut st = State::new(&inst, &start);
            b.iter(|| {
                let mut total = 0.0;
                for _ in 0..1_000_000 {
                    if let Some(mv) = heuristic::propose(&st, &inst, &mut rng) {
                        let undo = mv.inverse(&st);
                        total += st.apply(mv);
                        total += st.apply(undo);
                    }
                }
                total
            })
        });
        group.finish();
    }
}

criterion_group!(benches, scale);
criterion_main!(benches);
