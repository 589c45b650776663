//! Writes rosters in the same CSV format they are read in, so that whatever the
//! crate writes (synthetic rosters, corrected files) reads back equal.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use super::parse::{APPLICANT_COLUMNS, FACILITATOR_COLUMNS, MENTEE_COLUMNS, MENTOR_COLUMNS};
use super::{Applicant, Facilitator, Mentee, Mentor, Status, Term};

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}

/// Writes rows whose fixed columns are `known` and whose extra columns are the
/// union of every person's attributes, in name order.
fn write_rows<'a, W: io::Write>(
    out: W,
    known: &[&str],
    people: impl Iterator<Item = (Vec<String>, &'a BTreeMap<String, String>)> + Clone,
) -> io::Result<()> {
    let extras: BTreeSet<&String> = people.clone().flat_map(|(_, a)| a.keys()).collect();
    let mut w = csv::Writer::from_writer(out);
    let header: Vec<&str> = known
        .iter()
        .copied()
        .chain(extras.iter().map(|s| s.as_str()))
        .collect();
    w.write_record(&header)?;
    for (mut cells, attributes) in people {
        cells.extend(
            extras
                .iter()
                .map(|k| attributes.get(*k).cloned().unwrap_or_default()),
        );
        w.write_record(&cells)?;
    }
    w.flush()
}

/// Writes applicants as CSV with the columns of model.md section 2.
///
/// # Errors
/// Any error of the underlying writer.
pub fn write_applicants<W: io::Write>(out: W, people: &[Applicant]) -> io::Result<()> {
    write_rows(
        out,
        APPLICANT_COLUMNS,
        people.iter().map(|p| {
            (
                vec![
                    p.id.clone(),
                    p.name.clone(),
                    p.district.clone(),
                    p.region.clone(),
                    p.district_type.clone(),
                    p.years.to_string(),
                    opt(&p.email),
                    p.submitted
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                    p.priority.to_string(),
                    p.conflicts.join(";"),
                    p.availability.join(";"),
                ],
                &p.attributes,
            )
        }),
    )
}

/// Writes facilitators as CSV.
///
/// # Errors
/// Any error of the underlying writer.
pub fn write_facilitators<W: io::Write>(out: W, people: &[Facilitator]) -> io::Result<()> {
    write_rows(
        out,
        FACILITATOR_COLUMNS,
        people.iter().map(|p| {
            (
                vec![
                    p.id.clone(),
                    p.name.clone(),
                    p.district.clone(),
                    p.region.clone(),
                    p.years.to_string(),
                    match p.status {
                        Status::Sitting => "sitting".into(),
                        Status::Retired => "retired".into(),
                    },
                    opt(&p.retired_year),
                    opt(&p.district_type),
                    p.max_cohorts.to_string(),
                    p.conflicts.join(";"),
                    p.availability.join(";"),
                ],
                &p.attributes,
            )
        }),
    )
}

/// Writes mentees as CSV.
///
/// # Errors
/// Any error of the underlying writer.
pub fn write_mentees<W: io::Write>(out: W, people: &[Mentee]) -> io::Result<()> {
    write_rows(
        out,
        MENTEE_COLUMNS,
        people.iter().map(|p| {
            (
                vec![
                    p.id.clone(),
                    p.name.clone(),
                    p.district.clone(),
                    p.region.clone(),
                    p.district_type.clone(),
                    p.focus.join(";"),
                    match p.term {
                        Term::Full => "full".into(),
                        Term::Half => "half".into(),
                    },
                    p.conflicts.join(";"),
                    p.preferences.join(";"),
                ],
                &p.attributes,
            )
        }),
    )
}

/// Writes mentors as CSV.
///
/// # Errors
/// Any error of the underlying writer.
pub fn write_mentors<W: io::Write>(out: W, people: &[Mentor]) -> io::Result<()> {
    write_rows(
        out,
        MENTOR_COLUMNS,
        people.iter().map(|p| {
            (
                vec![
                    p.id.clone(),
                    p.name.clone(),
                    p.district.clone(),
                    p.region.clone(),
                    p.focus.join(";"),
                    opt(&p.district_type),
                    p.capacity.to_string(),
                    yes_no(p.trained),
                    p.conflicts.join(";"),
                    p.preferences.join(";"),
                ],
                &p.attributes,
            )
        }),
    )
}
