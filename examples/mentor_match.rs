//! Assistant Superintendent Mentor Program: pairs mentees with trained mentors.
//!
//! ```text
//! cargo run --release --example mentor_match -- \
//!     --mentees examples/data/mentees.csv --mentors examples/data/mentors.csv \
//!     --config examples/data/config.toml --out out/mentors
//! ```
//! Writes, whole or not at all, `result.json` (pairs, unmatched mentees with
//! reasons, cost, status), `pairs.csv` (mentee, mentor, cost, why this mentor) and
//! `summary.md` (counts and reasons, ids only) and `report.html` (one
//! self-contained page; `--redact` makes it ids only) into `--out`. `--stable` (or
//! `stable = true` in the configuration) gives the mentee-optimal stable matching
//! and lists the pairs that block the least-cost one.
//!
//! `--validate` only loads and screens the rosters: it prints the eligibility
//! summary and exits 0, or lists every problem and exits 2.
//!
//! Exit codes: 0 a matching was produced, 2 bad input (every problem listed) or an
//! output that could not be written.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use cohortmatch::mentor::MentorProblem;
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
    /// Write `report.html` with ids only, no names, to share with a board.
    #[arg(long)]
    redact: bool,
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
    let (config, rosters) = match load(&args) {
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
    if args.validate {
        print!(
            "{}",
            report::eligibility_summary(&screening, "mentees", "mentors")
        );
        return ExitCode::SUCCESS;
    }
    print!(
        "{}",
        report::eligibility_headline(&screening, "mentees", "mentors")
    );
    let problem = MentorProblem::new(&rosters, &config);
    let outcome = problem.solve_with(config.mentors.stable);
    let result = report::mentor::result(&problem, &outcome, &screening);
    let summary = report::mentor::summary(&result);
    let names = if args.redact {
        report::page::Names::Redacted
    } else {
        report::page::Names::Shown
    };
    let page = report::mentor_page::report(&problem, &outcome, &result, names);
    let files = serde_json::to_vec_pretty(&result)
        .map_err(std::io::Error::other)
        .and_then(|json| Ok((json, report::mentor::pairs_csv(&problem, &outcome)?)));
    let out = args.out.as_deref().unwrap_or(std::path::Path::new("."));
    let written = files.map_err(|e| cohortmatch::Error::Write {
        path: out.to_path_buf(),
        source: e,
    });
    let written = written.and_then(|(json, pairs)| {
        cohortmatch::output::write_files(
            out,
            &[
                ("result.json", json),
                ("pairs.csv", pairs),
                ("summary.md", summary.clone().into_bytes()),
                ("report.html", page.into_bytes()),
            ],
        )
    });
    match written {
        Ok(()) => {
            println!("\n{}", report::mentor::summary_with(&result, 10));
            println!(
                "Wrote result.json, pairs.csv, summary.md and report.html in {}",
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
