//! Mentor matching at scale: `cargo bench --bench mentor`.
//!
//! 2,000 mentees and 900 mentors with capacities 1-3 (synthetic, seed 7), proven
//! optimal: cardinality first, then cost.

use cohortmatch::synthetic::{MentorSpec, mentor_rosters};
use cohortmatch::{Config, MentorRosters, mentor::MentorProblem, roster};
use criterion::{Criterion, criterion_group, criterion_main};

fn spec() -> MentorSpec {
    MentorSpec {
        mentees: 2000,
        mentors: 900,
        max_capacity: 3,
        preferences: true,
        seed: 7,
    }
}

fn matching(c: &mut Criterion) {
    let rosters = mentor_rosters(&spec());
    let config = Config::default();
    let (mut e, mut m) = (Vec::new(), Vec::new());
    roster::write_mentees(&mut e, &rosters.mentees).unwrap();
    roster::write_mentors(&mut m, &rosters.mentors).unwrap();
    let mut group = c.benchmark_group("mentor_2000x900");
    group.sample_size(10);
    group.bench_function("solve", |b| {
        let p = MentorProblem::new(&rosters, &config);
        b.iter(|| p.solve())
    });
    group.bench_function("load_build_solve", |b| {
        b.iter(|| {
            let r = MentorRosters::from_csv(("e.csv", &e), ("m.csv", &m), &config).unwrap();
            MentorProblem::new(&r, &config).solve()
        })
    });
    group.bench_function("stable", |b| {
        let p = MentorProblem::new(&rosters, &config);
        b.iter(|| p.solve_with(true))
    });
    group.finish();
}

criterion_group!(benches, matching);
criterion_main!(benches);
