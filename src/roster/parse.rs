//! From table rows to people, one function per roster kind, plus the checks that
//! need both rosters of a program (ids unique across them, lists naming real people).

use std::collections::HashMap;

use super::table::{self, Cursor, Table};
use super::{Applicant, Facilitator, Mentee, Mentor, Status, Term, normalise};
use crate::config::Config;
use crate::error::{RosterError, RosterErrorKind};

/// People read from one file, each with its spreadsheet row, plus every id seen
/// (also on rows that failed, so a conflict naming them is not reported twice).
pub(crate) struct Parsed<T> {
    pub people: Vec<(usize, T)>,
    seen_ids: Vec<(usize, String)>,
}

impl<T> Parsed<T> {
    pub fn ids(&self) -> &[(usize, String)] {
        &self.seen_ids
    }
    pub fn into_people(self) -> Vec<T> {
        self.people.into_iter().map(|(_, p)| p).collect()
    }
}

fn each_row<T>(
    file: &str,
    bytes: &[u8],
    required: &[&str],
    errors: &mut Vec<RosterError>,
    mut build: impl FnMut(&mut Cursor<'_>) -> T,
) -> Parsed<T> {
    let mut out = Parsed {
        people: Vec::new(),
        seen_ids: Vec::new(),
    };
    let Some(table): Option<Table> = table::read(file, bytes, required, errors) else {
        return out;
    };
    for row in &table.rows {
        let mut cursor = Cursor {
            file,
            table: &table,
            row,
            errors,
            failed: false,
        };
        if let Some(id) = cursor.optional("id") {
            out.seen_ids.push((row.number, id));
        }
        let person = build(&mut cursor);
        if !cursor.failed {
            out.people.push((row.number, person));
        }
    }
    out
}

const YEARS: &str = "a number of years of 0 or more";

fn statuses() -> Vec<String> {
    vec!["sitting".into(), "retired".into()]
}

fn terms() -> Vec<String> {
    vec!["full".into(), "half".into()]
}

fn focus_list(c: &mut Cursor<'_>, config: &Config, required: bool) -> Vec<String> {
    let raw = c.raw("focus").unwrap_or("");
    let mut out = Vec::new();
    for item in normalise::list(raw) {
        let key = normalise::focus_key(item);
        if config.mentors.focus_areas.contains(&key) {
            if !out.contains(&key) {
                out.push(key);
            }
        } else {
            c.error(
                "focus",
                item,
                RosterErrorKind::UnknownValue,
                format!(
                    "focus areas from {} separated by ';'",
                    config.mentors.focus_areas.join(", ")
                ),
            );
        }
    }
    if required && out.is_empty() && normalise::list(raw).is_empty() {
        if c.raw("focus").is_some() {
            c.error(
                "focus",
                raw,
                RosterErrorKind::EmptyCell,
                "at least one focus area".into(),
            );
        } else {
            c.failed = true;
        }
    }
    out
}

pub(crate) const APPLICANT_COLUMNS: &[&str] = &[
    "id",
    "name",
    "district",
    "region",
    "district_type",
    "years_as_superintendent",
    "email",
    "submitted",
    "priority",
    "conflicts",
    "availability",
];

pub(crate) fn applicants(
    file: &str,
    bytes: &[u8],
    config: &Config,
    errors: &mut Vec<RosterError>,
) -> Parsed<Applicant> {
    let types = &config.cohorts.district_types;
    each_row(file, bytes, &APPLICANT_COLUMNS[..6], errors, |c| {
        Applicant {
            id: c.id(),
            name: c.required("name", "the person's name"),
            district: normalise::category(&c.required("district", "the person's district")),
            region: normalise::category(&c.required("region", "the person's region")),
            district_type: c
                .choice("district_type", types, true, normalise::category)
                .unwrap_or_default(),
            years: c.number("years_as_superintendent", None, 0.0, YEARS),
            email: c.optional("email"),
            submitted: c.date("submitted"),
            priority: c.number(
                "priority",
                Some(0.0),
                f64::MIN,
                "a number (higher is better)",
            ),
            conflicts: c.ids("conflicts"),
            availability: c.categories("availability"),
            attributes: c.extras(APPLICANT_COLUMNS),
        }
    })
}

pub(crate) const FACILITATOR_COLUMNS: &[&str] = &[
    "id",
    "name",
    "district",
    "region",
    "years_as_superintendent",
    "status",
    "retired_year",
    "district_type",
    "max_cohorts",
    "conflicts",
    "availability",
];

pub(crate) fn facilitators(
    file: &str,
    bytes: &[u8],
    config: &Config,
    errors: &mut Vec<RosterError>,
) -> Parsed<Facilitator> {
    let types = &config.cohorts.district_types;
    each_row(file, bytes, &FACILITATOR_COLUMNS[..6], errors, |c| {
        let status = c.choice("status", &statuses(), true, normalise::category);
        Facilitator {
            id: c.id(),
            name: c.required("name", "the person's name"),
            district: normalise::category(&c.required("district", "the person's district")),
            region: normalise::category(&c.required("region", "the person's region")),
            years: c.number("years_as_superintendent", None, 0.0, YEARS),
            status: if status.as_deref() == Some("retired") {
                Status::Retired
            } else {
                Status::Sitting
            },
            retired_year: c
                .whole("retired_year", None, 1900, "a year such as 2023")
                .and_then(|y| i32::try_from(y).ok()),
            district_type: c.choice("district_type", types, false, normalise::category),
            max_cohorts: c
                .whole(
                    "max_cohorts",
                    Some(1),
                    0,
                    "a whole number of cohorts, 0 or more",
                )
                .map_or(1, |v| v as usize),
            conflicts: c.ids("conflicts"),
            availability: c.categories("availability"),
            attributes: c.extras(FACILITATOR_COLUMNS),
        }
    })
}

pub(crate) const MENTEE_COLUMNS: &[&str] = &[
    "id",
    "name",
    "district",
    "region",
    "district_type",
    "focus",
    "term",
    "conflicts",
    "preferences",
];

pub(crate) fn mentees(
    file: &str,
    bytes: &[u8],
    config: &Config,
    errors: &mut Vec<RosterError>,
) -> Parsed<Mentee> {
    let types = &config.cohorts.district_types;
    each_row(file, bytes, &MENTEE_COLUMNS[..6], errors, |c| Mentee {
        id: c.id(),
        name: c.required("name", "the person's name"),
        district: normalise::category(&c.required("district", "the person's district")),
        region: normalise::category(&c.required("region", "the person's region")),
        district_type: c
            .choice("district_type", types, true, normalise::category)
            .unwrap_or_default(),
        focus: focus_list(c, config, true),
        term: match c
            .choice("term", &terms(), false, normalise::category)
            .as_deref()
        {
            Some("half") => Term::Half,
            _ => Term::Full,
        },
        conflicts: c.ids("conflicts"),
        preferences: c.ids("preferences"),
        attributes: c.extras(MENTEE_COLUMNS),
    })
}

pub(crate) const MENTOR_COLUMNS: &[&str] = &[
    "id",
    "name",
    "district",
    "region",
    "focus",
    "district_type",
    "capacity",
    "trained",
    "conflicts",
    "preferences",
];

pub(crate) fn mentors(
    file: &str,
    bytes: &[u8],
    config: &Config,
    errors: &mut Vec<RosterError>,
) -> Parsed<Mentor> {
    let types = &config.cohorts.district_types;
    each_row(file, bytes, &MENTOR_COLUMNS[..5], errors, |c| Mentor {
        id: c.id(),
        name: c.required("name", "the person's name"),
        district: normalise::category(&c.required("district", "the person's district")),
        region: normalise::category(&c.required("region", "the person's region")),
        focus: focus_list(c, config, true),
        district_type: c.choice("district_type", types, false, normalise::category),
        capacity: c
            .whole(
                "capacity",
                Some(1),
                0,
                "a whole number of mentees, 0 or more",
            )
            .map_or(1, |v| v as usize),
        trained: c.boolean("trained", true),
        conflicts: c.ids("conflicts"),
        preferences: c.ids("preferences"),
        attributes: c.extras(MENTOR_COLUMNS),
    })
}

/// Ids across both files of a program: reports duplicates when built, and unknown
/// ids in lists through [`CrossCheck::ids`].
pub(crate) struct CrossCheck {
    /// id -> (file index, row)
    owner: HashMap<String, (usize, usize)>,
}

impl CrossCheck {
    pub fn new(files: [(&str, &[(usize, String)]); 2], errors: &mut Vec<RosterError>) -> Self {
        let mut owner: HashMap<String, (usize, usize)> = HashMap::new();
        for (f, (file, ids)) in files.iter().enumerate() {
            for (row, id) in *ids {
                match owner.get(id) {
                    Some(&(first_file, first_row)) => errors.push(RosterError {
                        file: file.to_string(),
                        row: *row,
                        column: Some("id".into()),
                        value: id.clone(),
                        kind: RosterErrorKind::DuplicateId,
                        expected: format!(
                            "an id used once in the program; {id} is already used in {}, row {first_row}",
                            files[first_file].0
                        ),
                    }),
                    None => {
                        owner.insert(id.clone(), (f, *row));
                    }
                }
            }
        }
        CrossCheck { owner }
    }

    /// Checks that each id of a list names someone; `in_file` restricts it to one
    /// file (preferences name the other side of the program).
    pub fn ids(
        &self,
        file: &str,
        row: usize,
        column: &str,
        ids: &[String],
        in_file: Option<usize>,
        errors: &mut Vec<RosterError>,
    ) {
        for id in ids {
            let found = self.owner.get(id).map(|&(f, _)| f);
            let ok = match (found, in_file) {
                (None, _) => false,
                (Some(_), None) => true,
                (Some(f), Some(want)) => f == want,
            };
            if !ok {
                errors.push(RosterError {
                    file: file.to_string(),
                    row,
                    column: Some(column.to_string()),
                    value: id.clone(),
                    kind: RosterErrorKind::UnknownId,
                    expected: if in_file.is_some() {
                        "ids of people on the other roster of the program, separated by ';'".into()
                    } else {
                        "ids of people on either roster of the program, separated by ';'".into()
                    },
                });
            }
        }
    }
}
