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
//! Besides `result.json`, `summary.csv` and one `cohort_N.csv` per cohort, every run
//! writes `report.html`: one self-contained page a coordinator can open offline.
//! `--redact` makes that page ids only.
//!
//! Exit codes: 0 done, 2 bad input (every problem listed), 3 no assignment exists
//! (the reasons are printed and written to `result.json`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use cohortmatch::cohort::{Instance, verify};
use cohortmatch::solve::exact::Backend;
use cohortmatch::solve::{Method, Observer, Progress, SolveOptions, Status, solve_cohorts_planned};
use cohortmatch::{CohortRosters, Config, eligibility, report};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum BackendChoice {
    Microlp,
    Highs,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SolverChoice {
    Auto,
    Exact,
    Heuristic,
    /// The coordinator's greedy deal by region and district type (a baseline).
    Greedy,
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
    /// The MILP solver of the exact model (`highs` needs `--features highs`).
    #[arg(long, value_enum, default_value = "microlp")]
    backend: BackendChoice,
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
    /// Write `report.html` with ids only, no names, to share with a board.
    #[arg(long)]
    redact: bool,
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
    if args.validate {
        print!(
            "{}",
            report::eligibility_summary(&screening, "applicants", "facilitators")
        );
        return ExitCode::SUCCESS;
    }
    print!(
        "{}",
        report::eligibility_headline(&screening, "applicants", "facilitators")
    );
    let out = args.out.as_deref().unwrap_or(Path::new("."));
    let names = if args.redact {
        report::page::Names::Redacted
    } else {
        report::page::Names::Shown
    };
    let instance = Instance::new(&rosters, &screening, &config);
    let options = SolveOptions {
        time_limit: args
            .time_limit
            .filter(|t| t.is_finite() && *t > 0.0)
            .map(Duration::from_secs_f64),
        seed: config.cohorts.seed,
        threads: args.threads,
        backend: match args.backend {
            BackendChoice::Microlp => Backend::Microlp,
            BackendChoice::Highs => Backend::Highs,
        },
    };
    if !options.backend.available() {
        eprintln!(
            "error: this build has no {} backend; build with `--features {}`",
            options.backend.name(),
            options.backend.name()
        );
        return ExitCode::from(2);
    }
    let method = match args.solver {
        SolverChoice::Auto => Method::Auto,
        SolverChoice::Exact => Method::Exact,
        SolverChoice::Heuristic => Method::Heuristic,
        SolverChoice::Greedy => Method::Greedy,
    };
    let size = instance.applicants() * instance.cohorts();
    // Planned once: the solver goes through the settings listed here, and
    // listing them is part of the solve.
    let began = std::time::Instant::now();
    let planned = cohortmatch::solve::plan(&instance, &options, method);
    if planned.exact()
        && options.time_limit.is_none()
        && size > cohortmatch::solve::AUTO_PROOF_LIMIT
    {
        // Say so before a wait that can be long, rather than seem to hang.
        let expect = match planned.settings().map_or(0, |s| s.len()) {
            many if many > cohortmatch::solve::AUTO_SETTINGS => format!(
                "here {} ways to seat the facilitators and pick the meeting slots: \
                 seconds to half a minute",
                grouped(many)
            ),
            _ if options.backend == Backend::Highs => {
                "the sample roster: 1.5 to 3 minutes with HiGHS, about a second with microlp".into()
            }
            _ => "the sample roster: about a second".into(),
        };
        eprintln!(
            "Proving the best cohorts for {} eligible applicants in {} cohorts can take a while \
             ({expect} on 2 cores); add --time-limit SECONDS to stop with \
             the best found so far, or --solver heuristic for a good answer in seconds.",
            instance.applicants(),
            instance.cohorts(),
        );
    }
    let progress = Bar::new();
    let solved = solve_cohorts_planned(planned, &progress);
    progress.bar.finish_and_clear();
    match solved {
        Ok(outcome) => {
            let broken = verify(&instance, &outcome.assignment);
            if !broken.is_empty() {
                // A solver bug, never the coordinator's: say so and write nothing.
                eprintln!("internal error: the answer breaks a rule; nothing was written:");
                for v in broken {
                    eprintln!("  - {v}");
                }
                return ExitCode::from(1);
            }
            let result = report::cohort::result(&instance, &rosters, &screening, &outcome);
            let solved = began.elapsed();
            let page = report::cohort_page::report(&instance, &rosters, &outcome, &result, names);
            eprintln!(
                "Solved in {:.1} s; report written in {:.1} s.",
                solved.as_secs_f64(),
                (began.elapsed() - solved).as_secs_f64()
            );
            let mut files = vec![
                ("result.json".to_string(), json(&result)),
                ("report.html".to_string(), page.into_bytes()),
                (
                    "summary.csv".to_string(),
                    csv_bytes(report::cohort::summary_csv(&result)),
                ),
            ];
            for c in 0..instance.cohorts() {
                let bytes = report::cohort::cohort_csv(&instance, &rosters, &outcome, c);
                files.push((report::cohort::roster_file_name(c), csv_bytes(bytes)));
            }
            if let Err(e) = write(out, &files) {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
            print_result(&result);
            if method == Method::Auto && outcome.status != Status::Optimal {
                // Auto keeps to a quick answer where the proof has many facilitator
                // settings to go through; say how to ask for it anyway.
                let exact = cohortmatch::solve::plan(&instance, &options, Method::Exact);
                if let Some(settings) = exact
                    .settings()
                    .filter(|s| s.len() > cohortmatch::solve::AUTO_SETTINGS)
                {
                    println!(
                        "To prove the best cohorts, run again with --solver exact: it goes through the {} ways to seat the facilitators and pick the meeting slots one at a time, which can take minutes.",
                        grouped(settings.len())
                    );
                }
            }
            println!(
                "Wrote result.json, summary.csv, report.html and {} cohort rosters in {}",
                instance.cohorts(),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(why) => {
            let result = report::cohort::infeasible(&instance, &rosters, &screening, &why);
            let page = report::cohort_page::infeasible_report(&result, names);
            let files = [
                ("result.json".to_string(), json(&result)),
                ("report.html".to_string(), page.into_bytes()),
            ];
            if let Err(e) = write(out, &files) {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
            eprintln!("No cohorts can be formed that keep every rule:");
            for r in &why.reasons {
                eprintln!("  - {r}");
            }
            eprintln!(
                "Wrote {} (status \"infeasible\") and report.html.",
                out.join("result.json").display()
            );
            ExitCode::from(3)
        }
    }
}

/// The search's progress on stderr (best cost, bound, gap, elapsed); drawn only
/// when stderr is a terminal, so logs and pipes stay clean.
struct Bar {
    bar: indicatif::ProgressBar,
}

impl Bar {
    fn new() -> Self {
        use std::io::IsTerminal;
        let target = if std::io::stderr().is_terminal() {
            indicatif::ProgressDrawTarget::stderr()
        } else {
            indicatif::ProgressDrawTarget::hidden()
        };
        let bar = indicatif::ProgressBar::with_draw_target(None, target);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.set_message("searching...");
        bar.enable_steady_tick(Duration::from_millis(200));
        Bar { bar }
    }
}

impl Observer for Bar {
    fn observe(&self, p: &Progress) {
        let show = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.2}"));
        let gap = p
            .gap()
            .map_or("-".to_string(), |g| format!("{:.1} %", g * 100.0));
        let stage = if p.settings > 0 {
            format!(
                "facilitator settings settled {}/{}",
                p.settings_done, p.settings
            )
        } else {
            format!("restarts {}/{}", p.restarts_done, p.restarts_planned)
        };
        self.bar.set_message(format!(
            "best {}  bound {}  gap {gap}  {stage}",
            show(p.best),
            show(p.bound),
        ));
    }
}

fn json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn csv_bytes(bytes: std::io::Result<Vec<u8>>) -> Vec<u8> {
    // Writing CSV into memory cannot fail short of running out of memory.
    bytes.unwrap_or_default()
}

/// Writes this run's files whole, then removes cohort rosters an earlier run left
/// (a run with fewer cohorts, or none), so the folder never mixes two runs.
fn write(out: &Path, files: &[(String, Vec<u8>)]) -> Result<(), cohortmatch::Error> {
    cohortmatch::output::write_files(out, files)?;
    let keep: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    if let Ok(entries) = std::fs::read_dir(out) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = name.starts_with("cohort_") && name.ends_with(".csv");
            if stale && !keep.contains(&name.as_str()) {
                std::fs::remove_file(entry.path()).map_err(|source| cohortmatch::Error::Write {
                    path: entry.path(),
                    source,
                })?;
            }
        }
    }
    Ok(())
}

/// The run on the terminal: counts, cost terms, status; no names.
fn print_result(r: &report::cohort::CohortResult) {
    let c = &r.counts;
    println!(
        "\nSelected {} of {} eligible applicants into {} cohorts; {} on the waitlist.",
        c.selected,
        c.eligible,
        r.cohorts.len(),
        c.waitlisted
    );
    for cohort in &r.cohorts {
        println!(
            "  cohort {}: {} members, {} facilitators{}",
            cohort.id,
            cohort.members.len(),
            cohort.facilitators.len(),
            cohort
                .slot
                .as_ref()
                .map(|s| format!(", meets {s}"))
                .unwrap_or_default()
        );
    }
    if let Some(cost) = &r.cost {
        println!(
            "Cost {:.4}: balance {:.4}, numeric {:.4}, mirror {:.4}, region_f {:.4}, isolated {:.4}, slot {:.4}, priority {:.4}",
            cost.total,
            cost.balance,
            cost.numeric,
            cost.mirror,
            cost.region_f,
            cost.isolated,
            cost.slot,
            cost.priority
        );
    }
    let bound = r
        .bound
        .map(|b| format!("{b:.4}"))
        .unwrap_or_else(|| "none".into());
    let gap = r
        .gap
        .map(|g| format!("{:.1} %", g * 100.0))
        .unwrap_or_else(|| "unknown".into());
    println!(
        "Status {} ({}; {}), lower bound {bound}, gap {gap}, seed {}.",
        r.status, r.solver, r.stopped, r.seed
    );
    if r.gap.is_some_and(|g| g > 0.1) {
        println!(
            "The lower bound is weak here: it charges each term at its best for each value on its own, blind to conflicts, districts and availability and to each person carrying a region and a district type together, so the answer may be nearer the best than the gap says."
        );
    }
}

/// `n` with its thousands grouped by commas, as a coordinator reads it.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}
