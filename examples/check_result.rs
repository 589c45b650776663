//! Checks a cohort result against the rosters, independently of the solver that
//! made it: every hard rule, and the cost recomputed with the one cost function.
//!
//! ```text
//! cargo run --example check_result -- --applicants examples/data/applicants.csv \
//!     --facilitators examples/data/facilitators.csv --config examples/data/config.toml \
//!     --result out/cohorts/result.json
//! ```
//! The result needs only `cohorts: [{members: [ids], facilitators: [ids], slot}]`,
//! so results of other tools can be checked and costed the same way. Exit code 0
//! when every rule holds, 1 when one breaks, 2 on bad input.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use cohortmatch::cohort::{Assignment, Instance, evaluate, verify};
use cohortmatch::{CohortRosters, Config, eligibility};
use serde::Deserialize;

/// Checks a cohort result against the rosters.
#[derive(Parser)]
struct Args {
    #[arg(long)]
    applicants: PathBuf,
    #[arg(long)]
    facilitators: PathBuf,
    #[arg(long)]
    config: Option<PathBuf>,
    /// A result.json (only its `cohorts` are read).
    #[arg(long)]
    result: PathBuf,
}

#[derive(Deserialize)]
struct Cohort {
    members: Vec<String>,
    facilitators: Vec<String>,
    slot: Option<String>,
}

#[derive(Deserialize)]
struct ResultFile {
    cohorts: Vec<Cohort>,
}

fn run(args: &Args) -> Result<bool, String> {
    let config = match &args.config {
        Some(p) => Config::from_toml_file(p).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    let rosters = CohortRosters::load(&args.applicants, &args.facilitators, &config)
        .map_err(|e| e.to_string())?;
    let screening = eligibility::screen_cohort_program(&rosters, &config);
    let inst = Instance::new(&rosters, &screening, &config);
    let text = std::fs::read_to_string(&args.result)
        .map_err(|e| format!("cannot read {}: {e}", args.result.display()))?;
    let result: ResultFile = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a result file: {e}", args.result.display()))?;
    let app: HashMap<&str, usize> = inst
        .applicant_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let fac: HashMap<&str, usize> = inst
        .facilitator_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut a = Assignment {
        cohort_of: vec![None; inst.applicants()],
        facilitators: vec![Vec::new(); result.cohorts.len()],
        slot: vec![None; result.cohorts.len()],
    };
    for (c, cohort) in result.cohorts.iter().enumerate() {
        for id in &cohort.members {
            let i = app.get(id.as_str()).ok_or(format!(
                "cohort {}: {id} is not an eligible applicant",
                c + 1
            ))?;
            if a.cohort_of[*i].is_some() {
                return Err(format!("{id} is in two cohorts"));
            }
            a.cohort_of[*i] = Some(c);
        }
        for id in &cohort.facilitators {
            let f = fac.get(id.as_str()).ok_or(format!(
                "cohort {}: {id} is not an eligible facilitator",
                c + 1
            ))?;
            a.facilitators[c].push(*f);
        }
        a.slot[c] = match &cohort.slot {
            None => None,
            Some(label) => Some(
                inst.slots
                    .iter()
                    .position(|s| s.eq_ignore_ascii_case(label.trim()))
                    .ok_or(format!("cohort {}: unknown slot {label:?}", c + 1))?,
            ),
        };
    }
    let broken = verify(&inst, &a);
    for v in &broken {
        println!("broken rule: {v}");
    }
    let cost = evaluate(&inst, &a);
    println!(
        "{}",
        serde_json::to_string_pretty(&cost).unwrap_or_default()
    );
    Ok(broken.is_empty())
}

fn main() -> ExitCode {
    match run(&Args::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
