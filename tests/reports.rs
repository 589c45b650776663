//! The HTML reports, read as a coordinator and a board member would: who is where
//! and why, and no names where none may be.

mod common;

use std::path::Path;

use common::{cohort_names, example, main_job, mentor_job, mentor_names, root, text};

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap()
}

/// The names may also appear HTML-escaped (an apostrophe, an ampersand).
fn html_forms(name: &str) -> [String; 2] {
    [name.to_string(), cohortmatch::report::page::escape(name)]
}

#[test]
fn no_name_in_the_summary_the_logs_or_a_redacted_cohort_report() {
    let dir = tempfile::tempdir().unwrap();
    let o = main_job(dir.path(), &["--solver", "heuristic", "--redact"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    let summary = read(dir.path(), "summary.csv");
    let page = read(dir.path(), "report.html");
    let names = cohort_names();
    assert_eq!(names.len(), 55 + 9);
    for name in &names {
        for form in html_forms(name) {
            assert!(!summary.contains(&form), "{name} in summary.csv");
            assert!(
                !out.contains(&form) && !err.contains(&form),
                "{name} in the log"
            );
            assert!(!page.contains(&form), "{name} in the redacted report");
        }
    }
    // Redacted is not empty: every selected and waitlisted id is still there.
    let v: serde_json::Value = serde_json::from_str(&read(dir.path(), "result.json")).unwrap();
    for c in v["cohorts"].as_array().unwrap() {
        for id in c["members"].as_array().unwrap() {
            assert!(page.contains(&format!("<td>{}</td>", id.as_str().unwrap())));
        }
    }
    assert!(page.contains("Ids only (--redact)"));
}

#[test]
fn the_cohort_report_says_who_is_where_and_why_with_names_only_in_its_confidential_part() {
    let dir = tempfile::tempdir().unwrap();
    let o = main_job(dir.path(), &["--solver", "heuristic"]);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let page = read(dir.path(), "report.html");
    let (shareable, confidential) = page
        .split_once("id=\"confidential\"")
        .expect("the report marks its confidential part");
    for name in cohort_names() {
        for form in html_forms(&name) {
            assert!(
                !shareable.contains(&form),
                "{name} above the confidential box"
            );
        }
    }
    let v: serde_json::Value = serde_json::from_str(&read(dir.path(), "result.json")).unwrap();
    // Every selected member is listed with their cohort and a costed alternative.
    for c in v["cohorts"].as_array().unwrap() {
        let id = c["id"].as_u64().unwrap();
        let section = confidential
            .split(&format!("<h3>Cohort {id}"))
            .nth(1)
            .unwrap()
            .split("<h3>")
            .next()
            .unwrap();
        for m in c["members"].as_array().unwrap() {
            let m = m.as_str().unwrap();
            let row = section
                .split("<tr>")
                .find(|r| r.contains(&format!("({m})</td>")))
                .unwrap_or_else(|| panic!("{m} not in cohort {id}'s table"));
            assert!(
                row.contains("would add")
                    || row.contains("would lower")
                    || row.contains("No other cohort"),
                "{row}"
            );
        }
        for f in c["facilitators"].as_array().unwrap() {
            assert!(section.contains(&format!("({})</td>", f.as_str().unwrap())));
        }
    }
    // Every waitlisted applicant, in order, with why; every ineligible one with the rule.
    let waitlist = confidential.split("<h2>Waitlist</h2>").nth(1).unwrap();
    let mut at = 0;
    for (place, id) in v["waitlist"].as_array().unwrap().iter().enumerate() {
        let cell = format!("({})</td>", id.as_str().unwrap());
        let found = waitlist[at..]
            .find(&cell)
            .unwrap_or_else(|| panic!("{id} out of order"));
        at += found;
        let row_start = waitlist[..at].rfind("<tr>").unwrap();
        let row = &waitlist[row_start..waitlist[at..].find("</tr>").unwrap() + at];
        assert!(
            row.contains(&format!("<td class=\"num\">{}</td>", place + 1)),
            "{row}"
        );
        assert!(row.contains("cost") || row.contains("conflict"), "{row}");
    }
    for x in v["ineligible"].as_array().unwrap() {
        let reason = cohortmatch::report::page::escape(x["reason"].as_str().unwrap());
        assert!(confidential.contains(&reason), "{reason}");
    }
    // The numbers, the pictures and every cost term are in the shareable part.
    for term in [
        "cohort mix",
        "experience spread",
        "meeting slot",
        "committee priority",
    ] {
        assert!(shareable.contains(term), "{term}");
    }
    assert_eq!(shareable.matches("<svg").count(), 3);
    assert!(shareable.contains(&format!("{:.2}", v["cost"]["total"].as_f64().unwrap())));
    assert!(shareable.contains(&format!("seed {}", v["seed"])));
}

#[test]
fn the_mentor_report_redacts_and_gives_every_mentee_a_reason() {
    let names = mentor_names();
    let first_mentee = names[0].clone();
    for redact in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let flags: &[&str] = if redact { &["--redact"] } else { &[] };
        let o = mentor_job(dir.path(), flags);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{out}{err}");
        let page = read(dir.path(), "report.html");
        let (shareable, confidential) = page.split_once("id=\"confidential\"").unwrap();
        for name in &names {
            for form in html_forms(name) {
                assert!(
                    !shareable.contains(&form),
                    "{name} above the confidential box"
                );
                assert!(
                    !out.contains(&form) && !err.contains(&form),
                    "{name} in the log"
                );
                if redact {
                    assert!(!confidential.contains(&form), "{name} in a redacted report");
                }
            }
        }
        let v: serde_json::Value = serde_json::from_str(&read(dir.path(), "result.json")).unwrap();
        for p in v["pairs"].as_array().unwrap() {
            let why = cohortmatch::report::page::escape(p["why"].as_str().unwrap());
            assert!(confidential.contains(&why), "{why}");
        }
        for u in v["unmatched"].as_array().unwrap() {
            let reason = cohortmatch::report::page::escape(u["reason"].as_str().unwrap());
            assert!(confidential.contains(&reason), "{reason}");
        }
        assert!(!redact || names.iter().all(|n| !page.contains(n.as_str())));
        assert!(redact || confidential.contains(first_mentee.as_str()));
    }
}

#[test]
fn an_infeasible_run_still_writes_a_report_with_the_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let facilitators = dir.path().join("facilitators.csv");
    std::fs::write(
        &facilitators,
        "id,name,district,region,years_as_superintendent,status\nF1,Fay Doe,Oldtown,East,15,sitting\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = example("mssn_cohorts")
        .arg("--applicants")
        .arg(root("examples/data/applicants.csv"))
        .arg("--facilitators")
        .arg(&facilitators)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{:?}", text(&o));
    let page = read(&out, "report.html");
    assert!(page.contains("No cohorts can be formed that keep every rule"));
    assert!(
        page.contains("3 cohorts need at least 6 facilitator places"),
        "{page}"
    );
    assert!(!page.contains("Fay Doe"));
}
