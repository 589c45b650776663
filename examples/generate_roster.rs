//! Writes seeded synthetic rosters in the crate's CSV format.
//!
//! ```text
//! cargo run --example generate_roster -- --kind cohort --applicants 2400 --facilitators 750 --seed 7 --out /tmp/big
//! cargo run --example generate_roster -- --kind mentor --applicants 2000 --facilitators 900 --seed 7 --out /tmp/mentors
//! ```
//! For `--kind mentor`, `--applicants` counts mentees and `--facilitators` mentors.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use cohortmatch::roster;
use cohortmatch::synthetic::{CohortSpec, MentorSpec, cohort_rosters, mentor_rosters};

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Cohort,
    Mentor,
}

/// Seeded synthetic rosters of any size.
#[derive(Parser)]
struct Args {
    /// Which program's rosters.
    #[arg(long, value_enum, default_value = "cohort")]
    kind: Kind,
    /// Applicants (cohort) or mentees (mentor).
    #[arg(long, default_value_t = 57)]
    applicants: usize,
    /// Facilitators (cohort) or mentors (mentor).
    #[arg(long, default_value_t = 9)]
    facilitators: usize,
    /// Share of applicants made ineligible (cohort only).
    #[arg(long, default_value_t = 0.15)]
    ineligible_share: f64,
    /// Share of facilitators made ineligible (cohort only).
    #[arg(long, default_value_t = 0.2)]
    ineligible_facilitator_share: f64,
    /// Largest mentor capacity (mentor only).
    #[arg(long, default_value_t = 3)]
    max_capacity: usize,
    /// RNG seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output folder.
    #[arg(long)]
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let mut first = Vec::new();
    let mut second = Vec::new();
    let names = match args.kind {
        Kind::Cohort => {
            let r = cohort_rosters(&CohortSpec {
                applicants: args.applicants,
                facilitators: args.facilitators,
                ineligible_share: args.ineligible_share,
                ineligible_facilitator_share: args.ineligible_facilitator_share,
                availability: true,
                seed: args.seed,
            });
            roster::write_applicants(&mut first, &r.applicants)
                .and_then(|()| roster::write_facilitators(&mut second, &r.facilitators))
                .map(|()| ["applicants.csv", "facilitators.csv"])
        }
        Kind::Mentor => {
            let r = mentor_rosters(&MentorSpec {
                mentees: args.applicants,
                mentors: args.facilitators,
                max_capacity: args.max_capacity,
                preferences: true,
                seed: args.seed,
            });
            roster::write_mentees(&mut first, &r.mentees)
                .and_then(|()| roster::write_mentors(&mut second, &r.mentors))
                .map(|()| ["mentees.csv", "mentors.csv"])
        }
    };
    let written = names.map_err(|e| e.to_string()).and_then(|names| {
        cohortmatch::output::write_files(&args.out, &[(names[0], first), (names[1], second)])
            .map(|()| names)
            .map_err(|e| e.to_string())
    });
    match written {
        Ok(names) => {
            eprintln!(
                "wrote {} and {} in {}",
                names[0],
                names[1],
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
