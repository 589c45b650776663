//! The example programs, run as a coordinator runs them.

mod common;

use common::{cohort_names, example, main_job, mentor_job, mentor_names, root, text};

#[test]
fn mssn_validate_on_the_shipped_rosters() {
    let o = example("mssn_cohorts")
        .args(["--validate", "--applicants"])
        .arg(root("examples/data/applicants.csv"))
        .arg("--facilitators")
        .arg(root("examples/data/facilitators.csv"))
        .arg("--config")
        .arg(root("examples/data/config.toml"))
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    assert!(
        out.contains("Eligible: 51 of 55 applicants, 6 of 9 facilitators."),
        "{out}"
    );
    for reason in [
        "applicant    applied_late",
        "applicant    too_few_years",
        "facilitator  retired_too_long_ago",
        "facilitator  retired_year_missing",
        "facilitator  too_few_years",
    ] {
        assert!(out.contains(reason), "{reason} missing from\n{out}");
    }
    assert!(
        out.contains("A30  applicant  2 years as superintendent; at least 3 are required"),
        "{out}"
    );
}

#[test]
fn mssn_validate_lists_every_error_and_exits_2() {
    let o = example("mssn_cohorts")
        .args(["--validate", "--applicants"])
        .arg(root("tests/data/broken_applicants.csv"))
        .arg("--facilitators")
        .arg(root("tests/data/broken_facilitators.csv"))
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}{err}");
    assert!(err.contains("10 problems found in the rosters"), "{err}");
    assert!(
        err.contains("broken_facilitators.csv, row 3, column retired_year"),
        "{err}"
    );
}

#[test]
fn a_bad_configuration_exits_2_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[cohorts]\nseats = 24\ncohort = 3\n").unwrap();
    let o = example("mssn_cohorts")
        .args(["--validate", "--applicants"])
        .arg(root("examples/data/applicants.csv"))
        .arg("--facilitators")
        .arg(root("examples/data/facilitators.csv"))
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}{err}");
    assert!(err.contains("line 3") && err.contains("cohort"), "{err}");
}

#[test]
fn mentor_validate_on_the_shipped_rosters_and_on_broken_ones() {
    let o = example("mentor_match")
        .args(["--validate", "--mentees"])
        .arg(root("examples/data/mentees.csv"))
        .arg("--mentors")
        .arg(root("examples/data/mentors.csv"))
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    assert!(
        out.contains("Eligible: 30 of 30 mentees, 18 of 20 mentors."),
        "{out}"
    );
    assert!(out.contains("mentor       untrained"), "{out}");

    let dir = tempfile::tempdir().unwrap();
    let mentees = dir.path().join("mentees.csv");
    std::fs::write(
        &mentees,
        "id,name,district,region,district_type,focus\nE1,Eve,X,N,urban,Finance\nE2,,X,N,urban,HR\n",
    )
    .unwrap();
    let o = example("mentor_match")
        .args(["--validate", "--mentees"])
        .arg(&mentees)
        .arg("--mentors")
        .arg(root("examples/data/mentors.csv"))
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}{err}");
    assert!(
        err.contains("row 2, column focus: found \"Finance\""),
        "{err}"
    );
    assert!(
        err.contains("row 3, column name: the cell is empty"),
        "{err}"
    );
}

#[test]
fn generated_rosters_load_and_are_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    for (kind, run) in [("cohort", "a"), ("cohort", "b"), ("mentor", "m")] {
        let o = example("generate_roster")
            .args([
                "--kind",
                kind,
                "--applicants",
                "300",
                "--facilitators",
                "80",
                "--seed",
                "5",
                "--out",
            ])
            .arg(dir.path().join(run))
            .output()
            .unwrap();
        assert!(o.status.success(), "{:?}", text(&o));
    }
    let a = std::fs::read(dir.path().join("a/applicants.csv")).unwrap();
    let b = std::fs::read(dir.path().join("b/applicants.csv")).unwrap();
    assert_eq!(a, b);
    let config = cohortmatch::Config::default();
    let r = cohortmatch::CohortRosters::load(
        &dir.path().join("a/applicants.csv"),
        &dir.path().join("a/facilitators.csv"),
        &config,
    )
    .unwrap();
    assert_eq!((r.applicants.len(), r.facilitators.len()), (300, 80));
    let m = cohortmatch::MentorRosters::load(
        &dir.path().join("m/mentees.csv"),
        &dir.path().join("m/mentors.csv"),
        &config,
    )
    .unwrap();
    assert_eq!((m.mentees.len(), m.mentors.len()), (300, 80));
}

#[test]
fn the_main_job_forms_cohorts_keeps_names_out_of_the_summary_and_states_the_seed() {
    let dir = tempfile::tempdir().unwrap();
    let o = main_job(dir.path(), &["--solver", "heuristic", "--seed", "9"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    let json = std::fs::read_to_string(dir.path().join("result.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["seed"], 9);
    assert!(v["status"] == "feasible" || v["status"] == "optimal");
    let cohorts = v["cohorts"].as_array().unwrap();
    assert_eq!(cohorts.len(), 3);
    let mut seen = std::collections::BTreeSet::new();
    for c in cohorts {
        assert_eq!(c["members"].as_array().unwrap().len(), 8);
        for m in c["members"].as_array().unwrap() {
            assert!(seen.insert(m.as_str().unwrap().to_string()), "{m} twice");
        }
    }
    assert_eq!(v["waitlist"].as_array().unwrap().len(), 51 - 24);
    let cost = &v["cost"];
    let sum: f64 = [
        "balance", "numeric", "mirror", "region_f", "isolated", "slot", "priority",
    ]
    .iter()
    .map(|t| cost[t].as_f64().unwrap())
    .sum();
    assert!((sum - cost["total"].as_f64().unwrap()).abs() < 1e-9);
    let summary = std::fs::read_to_string(dir.path().join("summary.csv")).unwrap();
    for name in &cohort_names() {
        assert!(!summary.contains(name.as_str()), "{name} in summary.csv");
        assert!(!out.contains(name.as_str()), "{name} on stdout");
        assert!(!json.contains(name.as_str()), "{name} in result.json");
    }
    // Each cohort file holds that cohort's people and nobody else.
    for c in cohorts {
        let file = format!("cohort_{}.csv", c["id"]);
        let text = std::fs::read_to_string(dir.path().join(&file)).unwrap();
        let ids: std::collections::BTreeSet<String> = text
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(2).unwrap().to_string())
            .collect();
        let expected: std::collections::BTreeSet<String> = c["members"]
            .as_array()
            .unwrap()
            .iter()
            .chain(c["facilitators"].as_array().unwrap())
            .map(|x| x.as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids, expected, "{file}");
    }
}

#[test]
fn mentor_match_writes_pairs_reasons_and_a_summary_without_names() {
    let dir = tempfile::tempdir().unwrap();
    let o = mentor_job(dir.path(), &[]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    let json = std::fs::read_to_string(dir.path().join("result.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["status"], "optimal");
    let pairs = v["pairs"].as_array().unwrap();
    let unmatched = v["unmatched"].as_array().unwrap();
    assert_eq!(pairs.len() + unmatched.len(), 30);
    let total: f64 = pairs.iter().map(|p| p["cost"].as_f64().unwrap()).sum();
    assert!((total - v["total_cost"].as_f64().unwrap()).abs() < 1e-9);
    for u in unmatched {
        assert!(
            u["reason"]
                .as_str()
                .unwrap()
                .contains(u["id"].as_str().unwrap())
        );
    }
    let csv = std::fs::read_to_string(dir.path().join("pairs.csv")).unwrap();
    assert!(csv.starts_with("mentee,mentee_name,mentor,mentor_name,cost,why"));
    assert_eq!(csv.lines().count(), pairs.len() + 1);
    let summary = std::fs::read_to_string(dir.path().join("summary.md")).unwrap();
    for name in &mentor_names() {
        assert!(!summary.contains(name.as_str()), "{name} in summary.md");
        assert!(!out.contains(name.as_str()), "{name} on stdout");
    }
    // Nothing but the three outputs: no temporary file left behind.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["pairs.csv", "report.html", "result.json", "summary.md"]
    );
}

#[test]
fn mentor_match_stable_reports_blocking_pairs_of_the_least_cost_matching() {
    let dir = tempfile::tempdir().unwrap();
    let o = mentor_job(dir.path(), &["--stable"]);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("result.json")).unwrap())
            .unwrap();
    assert_eq!(v["method"], "stable");
    assert!(v["blocking_pairs"].is_array());
    assert!(v["matched"].as_u64().unwrap() <= v["max_matched"].as_u64().unwrap());
}

#[test]
fn an_independent_check_of_the_result_agrees_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = |f: &str| root(&format!("examples/data/{f}"));
    let o = example("mssn_cohorts")
        .args(["--solver", "heuristic", "--applicants"])
        .arg(data("applicants.csv"))
        .arg("--facilitators")
        .arg(data("facilitators.csv"))
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{:?}", text(&o));
    let check = example("check_result")
        .arg("--applicants")
        .arg(data("applicants.csv"))
        .arg("--facilitators")
        .arg(data("facilitators.csv"))
        .arg("--result")
        .arg(dir.path().join("result.json"))
        .output()
        .unwrap();
    let (out, err) = text(&check);
    assert_eq!(check.status.code(), Some(0), "{out}{err}");
    let recomputed: serde_json::Value = serde_json::from_str(&out).unwrap();
    let result: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("result.json")).unwrap())
            .unwrap();
    assert_eq!(recomputed, result["cost"]);
}

#[test]
fn infeasible_rosters_exit_3_with_reasons_and_no_rosters() {
    let dir = tempfile::tempdir().unwrap();
    let facilitators = dir.path().join("facilitators.csv");
    std::fs::write(
        &facilitators,
        "id,name,district,region,years_as_superintendent,status,retired_year\nF1,Fay,Oldtown,East,15,sitting,\nF2,Gil,Newtown,East,15,retired,2015\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    // A roster from an earlier run must not survive beside an infeasible result.
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("cohort_1.csv"), "old").unwrap();
    let o = example("mssn_cohorts")
        .args(["--applicants"])
        .arg(root("examples/data/applicants.csv"))
        .arg("--facilitators")
        .arg(&facilitators)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let (stdout, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(3), "{stdout}{stderr}");
    assert!(
        stderr.contains("3 cohorts need at least 6 facilitator places"),
        "{stderr}"
    );
    assert!(stderr.contains("F2 retired in 2015"), "{stderr}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("result.json")).unwrap()).unwrap();
    assert_eq!(v["status"], "infeasible");
    assert!(!v["reasons"].as_array().unwrap().is_empty());
    assert!(!out.join("cohort_1.csv").exists());
}
