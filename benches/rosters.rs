//! Loading and screening rosters at scale: `cargo bench --bench rosters`.

use cohortmatch::synthetic::{CohortSpec, cohort_rosters};
use cohortmatch::{CohortRosters, Config, eligibility, roster};
use criterion::{Criterion, criterion_group, criterion_main};

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load_and_screen");
    for n in [240usize, 10_000] {
        let r = cohort_rosters(&CohortSpec {
            applicants: n,
            facilitators: n * 3 / 10,
            seed: 7,
            ..CohortSpec::default()
        });
        let (mut a, mut f) = (Vec::new(), Vec::new());
        roster::write_applicants(&mut a, &r.applicants).unwrap();
        roster::write_facilitators(&mut f, &r.facilitators).unwrap();
        let config = Config::default();
        group.bench_function(format!("{n}_applicants"), |b| {
            b.iter(|| {
                let r = CohortRosters::from_csv(("a.csv", &a), ("f.csv", &f), &config).unwrap();
                eligibility::screen_cohort_program(&r, &config)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
