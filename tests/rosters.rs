//! Rosters as they arrive: an Excel export, and a file full of mistakes.

use std::path::Path;

use cohortmatch::{CohortRosters, Config, RosterErrorKind as K, eligibility};

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

#[test]
fn an_excel_export_loads_as_it_is() {
    let bytes = std::fs::read(data("excel_applicants.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF") && bytes.windows(2).any(|w| w == b"\r\n"));
    let config = Config::default();
    let r = CohortRosters::load(
        &data("excel_applicants.csv"),
        &data("excel_facilitators.csv"),
        &config,
    )
    .unwrap();
    assert_eq!(r.applicants.len(), 4, "blank trailing rows are skipped");
    let a = &r.applicants;
    assert_eq!(a[0].name, "Okafor, Ngozi");
    assert_eq!(a[1].name, "de la Cruz, María");
    assert_eq!(a[3].name, "Smith, Jr., Robert");
    assert_eq!(a[0].years, 7.0);
    assert_eq!(a[0].district_type, "urban");
    assert_eq!(a[0].availability, ["tue 4pm", "thu 3pm"]);
    assert_eq!(a[0].submitted, chrono::NaiveDate::from_ymd_opt(2025, 7, 15));
    assert_eq!(a[0].email.as_deref(), Some("nokafor@example.org"));
    assert_eq!(a[1].conflicts, ["A01"]);
    assert_eq!(a[3].priority, 0.0);
    assert_eq!(a[0].attribute("union_status"), Some("yes"));
    assert_eq!(r.facilitators[0].name, "Lee, Grace");
    assert_eq!(r.facilitators[0].max_cohorts, 2);
    assert_eq!(r.facilitators[1].max_cohorts, 1);

    let s = eligibility::screen_cohort_program(&r, &config);
    assert_eq!(
        s.eligible_applicants,
        [0, 1, 2],
        "8/8/2025 is on the deadline"
    );
    assert_eq!(s.ineligible[0].id, "A04");
    assert_eq!(s.ineligible[0].reasons.len(), 2, "too new and late");
}

#[test]
fn every_mistake_is_reported_with_its_row_and_column_in_one_run() {
    let err = CohortRosters::load(
        &data("broken_applicants.csv"),
        &data("broken_facilitators.csv"),
        &Config::default(),
    )
    .unwrap_err();
    let list = err.roster_errors().expect("roster errors");
    let found: Vec<(String, usize, String, K)> = list
        .iter()
        .map(|e| {
            (
                Path::new(&e.file)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                e.row,
                e.column.clone().unwrap_or_default(),
                e.kind,
            )
        })
        .collect();
    let a = "broken_applicants.csv".to_string();
    let f = "broken_facilitators.csv".to_string();
    let expected = vec![
        (a.clone(), 3, "name".to_string(), K::EmptyCell),
        (a.clone(), 4, "district_type".to_string(), K::UnknownValue),
        (
            a.clone(),
            5,
            "years_as_superintendent".to_string(),
            K::OutOfRange,
        ),
        (
            a.clone(),
            6,
            "years_as_superintendent".to_string(),
            K::NotANumber,
        ),
        (a.clone(), 7, "submitted".to_string(), K::NotADate),
        (a.clone(), 8, "id".to_string(), K::DuplicateId),
        (a.clone(), 9, "priority".to_string(), K::NotANumber),
        (a.clone(), 10, "conflicts".to_string(), K::UnknownId),
        (f.clone(), 2, "status".to_string(), K::UnknownValue),
        (f.clone(), 3, "retired_year".to_string(), K::NotANumber),
    ];
    assert_eq!(found, expected, "{err}");
    // Each message carries the value and what was expected.
    let text = err.to_string();
    assert!(
        text.contains(
            "row 4, column district_type: found \"metropolitan\"; expected one of urban, suburban"
        ),
        "{text}"
    );
    assert!(text.contains("row 8, column id: found \"A01\"; expected an id used once in the program; A01 is already used in"), "{text}");
}

#[test]
fn a_missing_file_names_the_file() {
    let err = CohortRosters::load(
        Path::new("no/such/applicants.csv"),
        &data("excel_facilitators.csv"),
        &Config::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("cannot read no/such/applicants.csv"),
        "{err}"
    );
}
