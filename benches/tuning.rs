//! Which metaheuristic: `cargo bench --bench tuning` prints, for the same moves and
//! restarts, the answer of plain descent (accept only moves that do not raise the
//! cost) and of simulated annealing at several temperatures, on the pilot-size
//! sample roster and on generated rosters of 240 and 2,400 people. The figures and
//! the choice are in BENCHMARKS.md. (Not a criterion bench: it measures quality.)

use std::time::Instant;

use cohortmatch::cohort::Instance;
use cohortmatch::solve::{Silent, SolveOptions, bound, heuristic};
use cohortmatch::{CohortRosters, Config, eligibility};

mod common;
use common::generated;

fn sample() -> Instance {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let config = Config::from_toml_file(&root.join("config.toml")).expect("the sample config");
    let rosters = CohortRosters::load(
        &root.join("applicants.csv"),
        &root.join("facilitators.csv"),
        &config,
    )
    .expect("the sample rosters");
    let screening = eligibility::screen_cohort_program(&rosters, &config);
    Instance::new(&rosters, &screening, &config)
}

fn main() {
    // `cargo bench` passes flags such as `--bench`; this program takes none.
    let rosters = [
        ("sample (51 eligible, 24 seats)", sample()),
        ("240 people, 30 cohorts", generated(240, 75, 30)),
        ("2,400 people, 300 cohorts", generated(2_400, 750, 300)),
    ];
    let schedules = [
        ("descent", (1e-9, 1e-9)),
        ("annealing 0.3 -> 0.01", (0.3, 0.01)),
        ("annealing 0.5 -> 0.01", (0.5, 0.01)),
        ("annealing 1 -> 0.02", (1.0, 0.02)),
        ("annealing 3 -> 0.05", (3.0, 0.05)),
    ];
    println!("| roster | search | total | excess over bound | seconds |");
    println!("| --- | --- | --- | --- | --- |");
    for (name, inst) in &rosters {
        let lower = bound::lower_bound(inst).unwrap_or(f64::NEG_INFINITY);
        for (label, temperatures) in schedules {
            let limits = heuristic::SearchLimits {
                temperatures,
                ..heuristic::SearchLimits::for_instance(inst)
            };
            let began = Instant::now();
            let out =
                heuristic::search(inst, &SolveOptions::default(), limits, None, &Silent, None)
                    .expect("an answer");
            println!(
                "| {name} | {label} | {:.2} | {:.2} | {:.1} |",
                out.cost.total,
                out.cost.total - lower,
                began.elapsed().as_secs_f64()
            );
        }
    }
}
