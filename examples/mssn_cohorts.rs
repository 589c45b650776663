//! Superintendent Support Network: from the rosters to confidential cohorts.
//!
//! ```text
//! cargo run --release --example mssn_cohorts -- \
//!     --applicants examples/data/applicants.csv \
//!     --facilitators examples/data/facilitators.csv \
//!     --config examples/data/config.toml --out out/cohorts
//! ```
//! `--validate` only loads and screens the rosters: it prints the eligibility
//! summary and exits 0, or lists every problem and exits 2.
//!
//! Exit codes: 0 done, 2 bad input (every problem listed), 3 no assignment exists
//! (the reasons are printed and written to `result.json`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use cohortmatch::{CohortRosters, Config, eligibility, report};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SolverChoice {
    Auto,
    Exact,
    Heuristic,
}

/// Forms the confidential cohorts of the Superintendent Support Network.
#[derive(Parser, Debug)]
#[command(about)]
struct Args {
    /// The applicants roster (CSV).
    #[arg(long)]
    applicants: PathBuf,
    /// The facilitators roster (CSV).
    #[arg(long)]
    facilitators: PathBuf,
    /// A TOML configuration; every key is optional.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Folder for the outputs.
    #[arg(long, required_unless_present = "validate")]
    out: Option<PathBuf>,
    /// Which solver: exact when the model is small, the heuristic otherwise.
    #[arg(long, value_enum, default_value = "auto")]
    solver: SolverChoice,
    /// Stop searching after this many seconds and report the best found.
    #[arg(long)]
    time_limit: Option<f64>,
    /// Worker threads (the answer does not depend on it).
    #[arg(long)]
    threads: Option<usize>,
    /// Lottery seed (overrides the configuration's).
    #[arg(long)]
    seed: Option<u64>,
    /// Only load and screen the rosters.
    #[arg(long)]
    validate: bool,
}

fn load(args: &Args) -> Result<(Config, CohortRosters), cohortmatch::Error> {
    let mut config = match &args.config {
        Some(path) => Config::from_toml_file(path)?,
        None => Config::default(),
    };
    if let Some(seed) = args.seed {
        config.cohorts.seed = seed;
    }
    let rosters = CohortRosters::load(&args.applicants, &args.facilitators, &config)?;
    Ok((config, rosters))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let (config, rosters) = match load(&args) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let screening = eligibility::screen_cohort_program(&rosters, &config);
    println!(
        "Loaded {} applicants from {} and {} facilitators from {}.",
        rosters.applicants.len(),
        args.applicants.display(),
        rosters.facilitators.len(),
        args.facilitators.display()
    );
    print!(
        "{}",
        report::eligibility_summary(&screening, "applicants", "facilitators")
    );
    if args.validate {
        return ExitCode::SUCCESS;
    }
    let out = args.out.as_deref().unwrap_or(std::path::Path::new("."));
    write_screening(out, &screening)
}

/// Writes the screening (eligible ids, every ineligible person with reasons) as
/// `eligibility.json`; it carries ids only, never names.
fn write_screening(out: &std::path::Path, screening: &eligibility::Screening) -> ExitCode {
    let json = serde_json::to_vec_pretty(screening).unwrap_or_default();
    match cohortmatch::output::write_files(out, &[("eligibility.json", json)]) {
        Ok(()) => {
            println!("Wrote {}", out.join("eligibility.json").display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
