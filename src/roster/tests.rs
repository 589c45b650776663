//! One test per parse rule and per error kind.

use super::*;
use crate::error::RosterErrorKind as K;

const FAC: &str =
    "id,name,district,region,years_as_superintendent,status\nF1,Fay,Oldtown,East,15,sitting\n";

fn applicants(csv: &str) -> Result<CohortRosters, Error> {
    CohortRosters::from_csv(
        ("a.csv", csv.as_bytes()),
        ("f.csv", FAC.as_bytes()),
        &Config::default(),
    )
}

/// The single error of a load, as (row, column, kind).
fn one_error(r: Result<CohortRosters, Error>) -> (usize, Option<String>, K) {
    let e = r.expect_err("expected an error");
    let list = e.roster_errors().expect("a roster error").to_vec();
    assert_eq!(list.len(), 1, "{e}");
    (list[0].row, list[0].column.clone(), list[0].kind)
}

const HEAD: &str = "id,name,district,region,district_type,years_as_superintendent";

#[test]
fn bom_crlf_and_header_spellings_load() {
    let csv = "\u{feff}ID , Name,District,REGION,District-Type,Years as Superintendent\r\nA1,Ana,X,N,urban,4\r\n";
    let r = applicants(csv).unwrap();
    assert_eq!(r.applicants[0].years, 4.0);
}

#[test]
fn quoted_cells_keep_commas_and_line_breaks() {
    let csv = format!(
        "{HEAD}\nA1,\"Ruiz, Ana\",X,N,urban,4\nA2,\"Bo\nChen\",Y,S,rural,5\nA3,Cy,Z,S,rural,x\n"
    );
    let e = applicants(&csv).unwrap_err();
    let list = e.roster_errors().unwrap();
    // A3 is the 4th spreadsheet row although the file's 5th line.
    assert_eq!(list[0].row, 4);
    let csv = format!("{HEAD}\nA1,\"Ruiz, Ana\",X,N,urban,4\n");
    assert_eq!(applicants(&csv).unwrap().applicants[0].name, "Ruiz, Ana");
}

#[test]
fn trailing_blank_rows_are_ignored() {
    let csv = format!("{HEAD}\nA1,Ana,X,N,urban,4\n,,,,,\n\n\r\n");
    assert_eq!(applicants(&csv).unwrap().applicants.len(), 1);
}

#[test]
fn categorical_values_ignore_case_and_spacing() {
    let csv = format!("{HEAD},availability\nA1,Ana, Big  Town ,North,URBAN,4,Tue 4pm; wed 9AM\n");
    let a = &applicants(&csv).unwrap().applicants[0];
    assert_eq!(a.district, "big town");
    assert_eq!(a.district_type, "urban");
    assert_eq!(a.availability, ["tue 4pm", "wed 9am"]);
}

#[test]
fn extra_columns_become_attributes() {
    let csv = format!("{HEAD},Enrollment Band\nA1,Ana,X,N,urban,4,Large\n");
    let a = &applicants(&csv).unwrap().applicants[0];
    assert_eq!(a.attribute("enrollment_band"), Some("large"));
}

#[test]
fn both_date_forms() {
    let csv =
        format!("{HEAD},submitted\nA1,Ana,X,N,urban,4,8/8/2025\nA2,Bo,Y,N,urban,4,2025-08-08\n");
    let r = applicants(&csv).unwrap();
    assert_eq!(r.applicants[0].submitted, r.applicants[1].submitted);
}

#[test]
fn conflicts_may_name_facilitators() {
    let csv = format!("{HEAD},conflicts\nA1,Ana,X,N,urban,4,F1; A2\nA2,Bo,Y,N,urban,4,\n");
    assert_eq!(
        applicants(&csv).unwrap().applicants[0].conflicts,
        ["F1", "A2"]
    );
}

#[test]
fn empty_file() {
    assert_eq!(one_error(applicants("")), (1, None, K::Empty));
    assert_eq!(one_error(applicants("\n\n")).2, K::Empty);
}

#[test]
fn not_utf8() {
    let mut bytes = format!("{HEAD}\nA1,").into_bytes();
    bytes.extend_from_slice(b"Jos\xe9,X,N,urban,4\n"); // Windows-1252 é
    let r = CohortRosters::from_csv(
        ("a.csv", &bytes),
        ("f.csv", FAC.as_bytes()),
        &Config::default(),
    );
    assert_eq!(one_error(r), (2, Some("name".into()), K::NotUtf8));
}

#[test]
fn missing_column() {
    let csv = "id,name,district,region,district_type\nA1,Ana,X,N,urban\n";
    assert_eq!(
        one_error(applicants(csv)),
        (1, Some("years_as_superintendent".into()), K::MissingColumn)
    );
}

#[test]
fn duplicate_column() {
    let csv = format!("{HEAD},Name\nA1,Ana,X,N,urban,4,Ana\n");
    assert_eq!(
        one_error(applicants(&csv)),
        (1, Some("name".into()), K::DuplicateColumn)
    );
}

#[test]
fn too_many_cells() {
    let csv = format!("{HEAD}\nA1,Ruiz, Ana,X,N,urban,4\n");
    let e = applicants(&csv).unwrap_err();
    let list = e.roster_errors().unwrap();
    assert!(
        list.iter().any(|e| e.kind == K::TooManyCells && e.row == 2),
        "{e}"
    );
}

#[test]
fn empty_cell() {
    let csv = format!("{HEAD}\nA1,,X,N,urban,4\n");
    assert_eq!(
        one_error(applicants(&csv)),
        (2, Some("name".into()), K::EmptyCell)
    );
}

#[test]
fn not_a_number() {
    let csv = format!("{HEAD}\nA1,Ana,X,N,urban,four\n");
    assert_eq!(
        one_error(applicants(&csv)),
        (2, Some("years_as_superintendent".into()), K::NotANumber)
    );
}

#[test]
fn negative_years_are_out_of_range() {
    let csv = format!("{HEAD}\nA1,Ana,X,N,urban,-2\n");
    assert_eq!(
        one_error(applicants(&csv)),
        (2, Some("years_as_superintendent".into()), K::OutOfRange)
    );
}

#[test]
fn not_a_boolean() {
    let mentees = "id,name,district,region,district_type,focus\nE1,Eve,X,N,urban,HR\n";
    let mentors = "id,name,district,region,focus,trained\nM1,Max,Y,N,HR,perhaps\n";
    let e = MentorRosters::from_csv(
        ("e.csv", mentees.as_bytes()),
        ("m.csv", mentors.as_bytes()),
        &Config::default(),
    )
    .unwrap_err();
    let list = e.roster_errors().unwrap();
    assert_eq!(
        (list[0].file.as_str(), list[0].row, list[0].kind),
        ("m.csv", 2, K::NotABoolean)
    );
}

#[test]
fn not_a_date() {
    let csv = format!("{HEAD},submitted\nA1,Ana,X,N,urban,4,31/12/2025\n");
    assert_eq!(
        one_error(applicants(&csv)),
        (2, Some("submitted".into()), K::NotADate)
    );
}

#[test]
fn unknown_value() {
    let csv = format!("{HEAD}\nA1,Ana,X,N,charter,4\n");
    assert_eq!(
        one_error(applicants(&csv)),
        (2, Some("district_type".into()), K::UnknownValue)
    );
    // ... unless the configuration lists it.
    let config = Config::builder()
        .district_types(vec!["urban".into(), "charter".into()])
        .build()
        .unwrap();
    let ok = CohortRosters::from_csv(
        ("a.csv", csv.as_bytes()),
        ("f.csv", FAC.as_bytes()),
        &config,
    );
    assert!(ok.is_ok());
}

#[test]
fn unknown_focus_area() {
    let mentees = "id,name,district,region,district_type,focus\nE1,Eve,X,N,urban,HR; Finance\n";
    let mentors = "id,name,district,region,focus\nM1,Max,Y,N,C&I\n";
    let e = MentorRosters::from_csv(
        ("e.csv", mentees.as_bytes()),
        ("m.csv", mentors.as_bytes()),
        &Config::default(),
    )
    .unwrap_err();
    let list = e.roster_errors().unwrap();
    assert_eq!(
        (list[0].row, list[0].value.as_str(), list[0].kind),
        (2, "Finance", K::UnknownValue)
    );
}

#[test]
fn duplicate_id_within_and_across_files() {
    let csv = format!("{HEAD}\nA1,Ana,X,N,urban,4\nA1,Bo,Y,N,urban,4\n");
    assert_eq!(
        one_error(applicants(&csv)),
        (3, Some("id".into()), K::DuplicateId)
    );
    let csv = format!("{HEAD}\nF1,Ana,X,N,urban,4\n");
    let e = applicants(&csv).unwrap_err();
    let list = e.roster_errors().unwrap();
    assert_eq!(
        (list[0].file.as_str(), list[0].kind),
        ("f.csv", K::DuplicateId)
    );
    assert!(list[0].expected.contains("a.csv, row 2"), "{}", list[0]);
}

#[test]
fn unknown_conflict_id() {
    let csv = format!("{HEAD},conflicts\nA1,Ana,X,N,urban,4,A9\n");
    assert_eq!(
        one_error(applicants(&csv)),
        (2, Some("conflicts".into()), K::UnknownId)
    );
}

#[test]
fn preferences_must_name_the_other_side() {
    let mentees = "id,name,district,region,district_type,focus,preferences\nE1,Eve,X,N,urban,HR,E2\nE2,Ed,X,N,urban,HR,M1\n";
    let mentors = "id,name,district,region,focus\nM1,Max,Y,N,C&I\n";
    let e = MentorRosters::from_csv(
        ("e.csv", mentees.as_bytes()),
        ("m.csv", mentors.as_bytes()),
        &Config::default(),
    )
    .unwrap_err();
    let list = e.roster_errors().unwrap();
    assert_eq!(list.len(), 1, "{e}");
    assert_eq!((list[0].row, list[0].kind), (2, K::UnknownId));
}

#[test]
fn id_with_semicolon() {
    let csv = format!("{HEAD}\nA;1,Ana,X,N,urban,4\n");
    assert_eq!(
        one_error(applicants(&csv)),
        (2, Some("id".into()), K::BadId)
    );
}

#[test]
fn facilitator_defaults_and_status() {
    let fac = "id,name,district,region,years_as_superintendent,status,max_cohorts\nF1,Fay,O,E,15,Retired,\nF2,Gil,P,E,15,on leave,2\n";
    let csv = format!("{HEAD}\nA1,Ana,X,N,urban,4\n");
    let e = CohortRosters::from_csv(
        ("a.csv", csv.as_bytes()),
        ("f.csv", fac.as_bytes()),
        &Config::default(),
    )
    .unwrap_err();
    let list = e.roster_errors().unwrap();
    assert_eq!(
        (list[0].row, list[0].column.as_deref(), list[0].kind),
        (3, Some("status"), K::UnknownValue)
    );
    let fac = "id,name,district,region,years_as_superintendent,status\nF1,Fay,O,E,15,Retired\n";
    let r = CohortRosters::from_csv(
        ("a.csv", csv.as_bytes()),
        ("f.csv", fac.as_bytes()),
        &Config::default(),
    )
    .unwrap();
    assert_eq!(r.facilitators[0].status, Status::Retired);
    assert_eq!(r.facilitators[0].max_cohorts, 1);
}

#[test]
fn every_problem_is_reported_in_one_load() {
    let csv = format!("{HEAD},priority\nA1,,X,N,urban,x,high\nA2,Bo,Y,N,mystery,-1,\n");
    let e = applicants(&csv).unwrap_err();
    let list = e.roster_errors().unwrap();
    let at: Vec<(usize, &str)> = list
        .iter()
        .map(|e| (e.row, e.column.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        at,
        [
            (2, "name"),
            (2, "years_as_superintendent"),
            (2, "priority"),
            (3, "district_type"),
            (3, "years_as_superintendent")
        ]
    );
    let text = e.to_string();
    assert!(
        text.starts_with("5 problems found in the rosters:"),
        "{text}"
    );
    assert!(
        text.contains("a.csv, row 3, column years_as_superintendent: found \"-1\"; expected a number of years of 0 or more"),
        "{text}"
    );
}

#[test]
fn a_misspelt_balance_attribute_is_a_configuration_error() {
    let config = Config::builder()
        .balance_attributes(vec!["regoin".into(), "Enrollment Band".into()])
        .build()
        .unwrap();
    let csv = format!("{HEAD},Enrollment Band\nA1,Ana,X,N,urban,4,Large\n");
    let e = CohortRosters::from_csv(
        ("a.csv", csv.as_bytes()),
        ("f.csv", FAC.as_bytes()),
        &config,
    )
    .unwrap_err();
    let Error::Config(list) = &e else {
        panic!("{e}")
    };
    assert_eq!(list.len(), 1, "{e}");
    assert!(
        list[0]
            .message
            .contains("\"regoin\" is not a column of a.csv"),
        "{e}"
    );
}
