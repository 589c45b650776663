//! Assistant Superintendent Mentor Program: pairs mentees with trained mentors.
//!
//! ```text
//! cargo run --release --example mentor_match -- \
//!     --mentees examples/data/mentees.csv --mentors examples/data/mentors.csv \
//!     --config examples/data/config.toml --out out/mentors
//! ```
//! `--validate` only loads and screens the rosters: it prints the eligibility
//! summary and exits 0, or lists every problem and exits 2.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use cohortmatch::{Config, MentorRosters, eligibility, report};

/// Pairs new assistant superintendents with trained mentors.
#[derive(Parser, Debug)]
#[command(about)]
struct Args {
    /// The mentees roster (CSV).
    #[arg(long)]
    mentees: PathBuf,
    /// The mentors roster (CSV).
    #[arg(long)]
    mentors: PathBuf,
    /// A TOML configuration; every key is optional.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Folder for the outputs.
    #[arg(long, required_unless_present = "validate")]
    out: Option<PathBuf>,
    /// Produce the mentee-optimal stable matching from the preferences.
    #[arg(long)]
    stable: bool,
    /// Only load and screen the rosters.
    #[arg(long)]
    validate: bool,
}

fn load(args: &Args) -> Result<(Config, MentorRosters), cohortmatch::Error> {
    let mut config = match &args.config {
        Some(path) => Config::from_toml_file(path)?,
        None => Config::default(),
    };
    if args.stable {
        config.mentors.stable = true;
    }
    let rosters = MentorRosters::load(&args.mentees, &args.mentors, &config)?;
    Ok((config, rosters))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let (_config, rosters) = match load(&args) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let screening = eligibility::screen_mentors(&rosters);
    println!(
        "Loaded {} mentees from {} and {} mentors from {}.",
        rosters.mentees.len(),
        args.mentees.display(),
        rosters.mentors.len(),
        args.mentors.display()
    );
    print!(
        "{}",
        report::eligibility_summary(&screening, "mentees", "mentors")
    );
    if args.validate {
        return ExitCode::SUCCESS;
    }
    let out = args.out.as_deref().unwrap_or(std::path::Path::new("."));
    let json = serde_json::to_vec_pretty(&screening).unwrap_or_default();
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
