//! Helpers shared by the integration tests that run the example programs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `cargo test` builds the examples beside the test binaries' `deps` folder.
pub fn example(name: &str) -> Command {
    let exe = std::env::current_exe().unwrap();
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .join("examples");
    Command::new(dir.join(name))
}

/// A path inside the repository.
pub fn root(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Standard output and error as text.
pub fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Runs the main job on the shipped sample rosters into `out`, with extra flags.
pub fn main_job(out: &Path, extra: &[&str]) -> Output {
    example("mssn_cohorts")
        .args(extra)
        .arg("--applicants")
        .arg(root("examples/data/applicants.csv"))
        .arg("--facilitators")
        .arg(root("examples/data/facilitators.csv"))
        .arg("--config")
        .arg(root("examples/data/config.toml"))
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// Runs the mentor program on the shipped sample rosters into `out`, with extra flags.
pub fn mentor_job(out: &Path, extra: &[&str]) -> Output {
    example("mentor_match")
        .args(extra)
        .arg("--mentees")
        .arg(root("examples/data/mentees.csv"))
        .arg("--mentors")
        .arg(root("examples/data/mentors.csv"))
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// Every name on the shipped cohort rosters (applicants, then facilitators).
pub fn cohort_names() -> Vec<String> {
    let r = cohortmatch::CohortRosters::load(
        &root("examples/data/applicants.csv"),
        &root("examples/data/facilitators.csv"),
        &cohortmatch::Config::default(),
    )
    .unwrap();
    r.applicants
        .iter()
        .map(|a| a.name.clone())
        .chain(r.facilitators.iter().map(|f| f.name.clone()))
        .collect()
}

/// Every name on the shipped mentor rosters (mentees, then mentors).
pub fn mentor_names() -> Vec<String> {
    let r = cohortmatch::MentorRosters::load(
        &root("examples/data/mentees.csv"),
        &root("examples/data/mentors.csv"),
        &cohortmatch::Config::default(),
    )
    .unwrap();
    r.mentees
        .iter()
        .map(|m| m.name.clone())
        .chain(r.mentors.iter().map(|m| m.name.clone()))
        .collect()
}
