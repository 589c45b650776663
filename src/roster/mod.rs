//! Rosters as users really have them: CSV exports from Excel or Google Sheets.
//!
//! [`CohortRosters`] holds the cohort program's applicants and facilitators,
//! [`MentorRosters`] the mentor program's mentees and mentors. Each loads both of
//! its files, checks them against each other (duplicate ids, `conflicts` naming
//! nobody) and reports every problem of both files at once, or returns people whose
//! categorical values are already normalised (see [`normalise`]).
//!
//! ```
//! use cohortmatch::{Config, roster::CohortRosters};
//!
//! let applicants = "\u{feff}ID,Name,District,Region,District Type,Years as Superintendent,Submitted\r\n\
//!                   A1,\"Lee, Ana\",Easton,North,Urban,4,8/1/2025\r\n";
//! let facilitators = "id,name,district,region,years_as_superintendent,status\nF1,Bo Park,Weston,South,12,sitting\n";
//! let rosters = CohortRosters::from_csv(
//!     ("applicants.csv", applicants.as_bytes()),
//!     ("facilitators.csv", facilitators.as_bytes()),
//!     &Config::default(),
//! )
//! .unwrap();
//! assert_eq!(rosters.applicants[0].name, "Lee, Ana");
//! assert_eq!(rosters.applicants[0].district_type, "urban");
//! ```

pub mod normalise;
mod parse;
mod table;
mod write;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::error::{Error, RosterError, RosterErrors};

pub use write::{write_applicants, write_facilitators, write_mentees, write_mentors};

/// Someone applying to the Superintendent Support Network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Applicant {
    /// Unique id (trimmed, compared exactly).
    pub id: String,
    /// Name as written.
    pub name: String,
    /// District (normalised).
    pub district: String,
    /// Region (normalised).
    pub region: String,
    /// District type, one of the configuration's `district_types`.
    pub district_type: String,
    /// Completed years as a superintendent.
    pub years: f64,
    /// E-mail address.
    pub email: Option<String>,
    /// Date the application was submitted.
    pub submitted: Option<NaiveDate>,
    /// The committee's rating; higher is better.
    pub priority: f64,
    /// Ids of people this applicant must not share a cohort with.
    pub conflicts: Vec<String>,
    /// Meeting slots this applicant can make; empty means any.
    pub availability: Vec<String>,
    /// Extra columns, by normalised header.
    pub attributes: BTreeMap<String, String>,
}

/// Whether a facilitator is still in post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Currently a superintendent.
    Sitting,
    /// Retired.
    Retired,
}

/// A veteran superintendent who may support cohorts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facilitator {
    /// Unique id.
    pub id: String,
    /// Name as written.
    pub name: String,
    /// District (normalised).
    pub district: String,
    /// Region (normalised).
    pub region: String,
    /// Years as superintendent.
    pub years: f64,
    /// Sitting or retired.
    pub status: Status,
    /// Year of retirement, for retired facilitators.
    pub retired_year: Option<i32>,
    /// District type, when given.
    pub district_type: Option<String>,
    /// Most cohorts this facilitator can serve.
    pub max_cohorts: usize,
    /// Ids of applicants this facilitator must not serve with.
    pub conflicts: Vec<String>,
    /// Meeting slots this facilitator can make; empty means any.
    pub availability: Vec<String>,
    /// Extra columns.
    pub attributes: BTreeMap<String, String>,
}

/// Length of a mentoring term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Term {
    /// A full year.
    Full,
    /// Half a year.
    Half,
}

/// A new assistant superintendent seeking a mentor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mentee {
    /// Unique id.
    pub id: String,
    /// Name as written.
    pub name: String,
    /// District (normalised).
    pub district: String,
    /// Region (normalised).
    pub region: String,
    /// District type.
    pub district_type: String,
    /// Focus areas wanted (keys such as `human_resources`).
    pub focus: Vec<String>,
    /// Full or half year.
    pub term: Term,
    /// Mentor ids this mentee must not be paired with.
    pub conflicts: Vec<String>,
    /// Mentor ids, best first.
    pub preferences: Vec<String>,
    /// Extra columns.
    pub attributes: BTreeMap<String, String>,
}

/// A trained mentor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mentor {
    /// Unique id.
    pub id: String,
    /// Name as written.
    pub name: String,
    /// District (normalised).
    pub district: String,
    /// Region (normalised).
    pub region: String,
    /// Focus areas offered.
    pub focus: Vec<String>,
    /// District type, when given.
    pub district_type: Option<String>,
    /// Most mentees at once.
    pub capacity: usize,
    /// Whether the mentor has completed training.
    pub trained: bool,
    /// Mentee ids this mentor must not be paired with.
    pub conflicts: Vec<String>,
    /// Mentee ids, best first.
    pub preferences: Vec<String>,
    /// Extra columns.
    pub attributes: BTreeMap<String, String>,
}

impl Applicant {
    /// The value of a categorical attribute by name: `region`, `district_type`,
    /// `district`, or an extra column.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        match name {
            "region" => Some(&self.region),
            "district_type" => Some(&self.district_type),
            "district" => Some(&self.district),
            other => self.attributes.get(other).map(String::as_str),
        }
    }
}

/// The cohort program's two rosters, loaded and cross-checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortRosters {
    /// Applicants, in file order.
    pub applicants: Vec<Applicant>,
    /// Facilitators, in file order.
    pub facilitators: Vec<Facilitator>,
}

/// The mentor program's two rosters, loaded and cross-checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentorRosters {
    /// Mentees, in file order.
    pub mentees: Vec<Mentee>,
    /// Mentors, in file order.
    pub mentors: Vec<Mentor>,
}

fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Sorts problems by file (in the order given) and row, keeping each row's column order.
fn finish(files: [&str; 2], mut errors: Vec<RosterError>) -> Result<(), Error> {
    if errors.is_empty() {
        return Ok(());
    }
    errors.sort_by_key(|e| (files.iter().position(|f| *f == e.file), e.row));
    Err(Error::Roster(RosterErrors(errors)))
}

impl CohortRosters {
    /// Loads the applicants and facilitators files.
    ///
    /// # Errors
    /// [`Error::Read`] when a file cannot be read; [`Error::Roster`] with every
    /// problem of both files otherwise.
    pub fn load(applicants: &Path, facilitators: &Path, config: &Config) -> Result<Self, Error> {
        let a = read_file(applicants)?;
        let f = read_file(facilitators)?;
        CohortRosters::from_csv(
            (&applicants.display().to_string(), &a),
            (&facilitators.display().to_string(), &f),
            config,
        )
    }

    /// Parses both rosters from memory; each is `(file name for messages, bytes)`.
    ///
    /// # Errors
    /// [`Error::Roster`] with every problem of both files.
    pub fn from_csv(
        applicants: (&str, &[u8]),
        facilitators: (&str, &[u8]),
        config: &Config,
    ) -> Result<Self, Error> {
        let mut errors = Vec::new();
        let a = parse::applicants(applicants.0, applicants.1, config, &mut errors);
        let f = parse::facilitators(facilitators.0, facilitators.1, config, &mut errors);
        let check = parse::CrossCheck::new(
            [(applicants.0, a.ids()), (facilitators.0, f.ids())],
            &mut errors,
        );
        for (row, p) in &a.people {
            check.ids(
                applicants.0,
                *row,
                "conflicts",
                &p.conflicts,
                None,
                &mut errors,
            );
        }
        for (row, p) in &f.people {
            check.ids(
                facilitators.0,
                *row,
                "conflicts",
                &p.conflicts,
                None,
                &mut errors,
            );
        }
        finish([applicants.0, facilitators.0], errors)?;
        let rosters = CohortRosters {
            applicants: a.into_people(),
            facilitators: f.into_people(),
        };
        rosters.check_attributes(config, applicants.0)?;
        Ok(rosters)
    }

    /// Every attribute the configuration balances or protects must be a column of
    /// the applicants roster: a misspelt name would otherwise balance nothing.
    fn check_attributes(&self, config: &Config, file: &str) -> Result<(), Error> {
        let known = |name: &str| {
            matches!(name, "region" | "district_type" | "district")
                || self
                    .applicants
                    .iter()
                    .any(|a| a.attributes.contains_key(name))
        };
        let c = &config.cohorts;
        let errors: Vec<crate::error::ConfigError> = [
            ("cohorts.balance_attributes", &c.balance_attributes),
            ("cohorts.isolate_attributes", &c.isolate_attributes),
        ]
        .iter()
        .flat_map(|(key, names)| {
            names.iter().filter(|n| !known(n)).map(move |n| crate::error::ConfigError {
                file: "configuration".into(),
                line: None,
                key: Some(key.to_string()),
                message: format!(
                    "{n:?} is not a column of {file} with any value; expected region, district_type, district or one of its extra columns"
                ),
            })
        })
        .collect();
        if errors.is_empty() || self.applicants.is_empty() {
            Ok(())
        } else {
            Err(Error::Config(errors))
        }
    }
}

impl MentorRosters {
    /// Loads the mentees and mentors files.
    ///
    /// # Errors
    /// [`Error::Read`] when a file cannot be read; [`Error::Roster`] with every
    /// problem of both files otherwise.
    pub fn load(mentees: &Path, mentors: &Path, config: &Config) -> Result<Self, Error> {
        let a = read_file(mentees)?;
        let b = read_file(mentors)?;
        MentorRosters::from_csv(
            (&mentees.display().to_string(), &a),
            (&mentors.display().to_string(), &b),
            config,
        )
    }

    /// Parses both rosters from memory; each is `(file name for messages, bytes)`.
    ///
    /// # Errors
    /// [`Error::Roster`] with every problem of both files.
    pub fn from_csv(
        mentees: (&str, &[u8]),
        mentors: (&str, &[u8]),
        config: &Config,
    ) -> Result<Self, Error> {
        let mut errors = Vec::new();
        let e = parse::mentees(mentees.0, mentees.1, config, &mut errors);
        let m = parse::mentors(mentors.0, mentors.1, config, &mut errors);
        let check =
            parse::CrossCheck::new([(mentees.0, e.ids()), (mentors.0, m.ids())], &mut errors);
        for (row, p) in &e.people {
            check.ids(
                mentees.0,
                *row,
                "conflicts",
                &p.conflicts,
                None,
                &mut errors,
            );
            check.ids(
                mentees.0,
                *row,
                "preferences",
                &p.preferences,
                Some(1),
                &mut errors,
            );
        }
        for (row, p) in &m.people {
            check.ids(
                mentors.0,
                *row,
                "conflicts",
                &p.conflicts,
                None,
                &mut errors,
            );
            check.ids(
                mentors.0,
                *row,
                "preferences",
                &p.preferences,
                Some(0),
                &mut errors,
            );
        }
        finish([mentees.0, mentors.0], errors)?;
        Ok(MentorRosters {
            mentees: e.into_people(),
            mentors: m.into_people(),
        })
    }
}

#[cfg(test)]
mod tests;
