//! Who may take part (model.md section 3), with a reason in words for everyone who may not.
//!
//! The rules are free functions returning every reason that applies (an empty list
//! means eligible); [`screen_cohort_program`] and [`screen_mentors`] apply them to
//! whole rosters.
//!
//! ```
//! use cohortmatch::{eligibility, Config};
//! # let rosters = cohortmatch::roster::CohortRosters::from_csv(
//! #     ("a.csv", b"id,name,district,region,district_type,years_as_superintendent\nA1,Ana,X,N,urban,2\nA2,Bo,Y,S,rural,9\n"),
//! #     ("f.csv", b"id,name,district,region,years_as_superintendent,status\n"),
//! #     &Config::default()).unwrap();
//! let screening = eligibility::screen_cohort_program(&rosters, &Config::default());
//! assert_eq!(screening.eligible_applicants, vec![1]);
//! assert_eq!(
//!     screening.ineligible[0].reasons[0].to_string(),
//!     "2 years as superintendent; at least 3 are required"
//! );
//! ```

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::{CohortConfig, Config};
use crate::roster::{Applicant, CohortRosters, Facilitator, Mentor, MentorRosters, Status};

/// Why someone cannot take part.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// Fewer years as superintendent than the program asks.
    TooFewYears {
        /// Years the person has.
        years: f64,
        /// Years required.
        required: f64,
    },
    /// The application came after the deadline.
    AppliedLate {
        /// When it was submitted.
        submitted: NaiveDate,
        /// The deadline.
        deadline: NaiveDate,
    },
    /// A retired facilitator retired too long ago.
    RetiredTooLongAgo {
        /// Year of retirement.
        retired_year: i32,
        /// The program's year.
        program_year: i32,
        /// Most years allowed since retiring.
        max_years: i32,
    },
    /// A retired facilitator gave no year of retirement.
    RetiredYearMissing,
    /// A mentor has not completed training.
    Untrained,
}

impl Reason {
    /// A short stable name of the rule, for counting and for machines.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::TooFewYears { .. } => "too_few_years",
            Reason::AppliedLate { .. } => "applied_late",
            Reason::RetiredTooLongAgo { .. } => "retired_too_long_ago",
            Reason::RetiredYearMissing => "retired_year_missing",
            Reason::Untrained => "untrained",
        }
    }
}

fn years(y: f64) -> String {
    if y == 1.0 {
        "1 year".into()
    } else {
        format!("{y} years")
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::TooFewYears { years: y, required } => write!(
                f,
                "{} as superintendent; at least {required} {} required",
                years(*y),
                if *required == 1.0 { "is" } else { "are" }
            ),
            Reason::AppliedLate {
                submitted,
                deadline,
            } => write!(
                f,
                "applied on {submitted}, after the deadline of {deadline}"
            ),
            Reason::RetiredTooLongAgo {
                retired_year,
                program_year,
                max_years,
            } => write!(
                f,
                "retired in {retired_year}, {} before {program_year}; facilitators must have retired within {}",
                years(f64::from(program_year - retired_year)),
                years(f64::from(*max_years))
            ),
            Reason::RetiredYearMissing => {
                write!(
                    f,
                    "retired, but no retired_year is given to show it was recent"
                )
            }
            Reason::Untrained => write!(f, "has not completed mentor training"),
        }
    }
}

/// Every reason an applicant is ineligible; empty when eligible.
pub fn applicant(a: &Applicant, config: &CohortConfig) -> Vec<Reason> {
    let mut reasons = Vec::new();
    if a.years < config.min_years {
        reasons.push(Reason::TooFewYears {
            years: a.years,
            required: config.min_years,
        });
    }
    if let (Some(submitted), Some(deadline)) = (a.submitted, config.deadline)
        && submitted > deadline
    {
        reasons.push(Reason::AppliedLate {
            submitted,
            deadline,
        });
    }
    reasons
}

/// Every reason a facilitator is ineligible; empty when eligible.
pub fn facilitator(f: &Facilitator, config: &CohortConfig) -> Vec<Reason> {
    let mut reasons = Vec::new();
    if f.years < config.facilitator_min_years {
        reasons.push(Reason::TooFewYears {
            years: f.years,
            required: config.facilitator_min_years,
        });
    }
    if f.status == Status::Retired {
        match f.retired_year {
            None => reasons.push(Reason::RetiredYearMissing),
            Some(y) if config.program_year - y > config.max_years_retired => {
                reasons.push(Reason::RetiredTooLongAgo {
                    retired_year: y,
                    program_year: config.program_year,
                    max_years: config.max_years_retired,
                })
            }
            Some(_) => {}
        }
    }
    reasons
}

/// Every reason a mentor cannot take mentees; empty when eligible.
pub fn mentor(m: &Mentor) -> Vec<Reason> {
    if m.trained {
        Vec::new()
    } else {
        vec![Reason::Untrained]
    }
}

/// The role in which someone was screened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// An applicant to the cohort program.
    Applicant,
    /// A cohort facilitator.
    Facilitator,
    /// A mentor.
    Mentor,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Applicant => "applicant",
            Role::Facilitator => "facilitator",
            Role::Mentor => "mentor",
        })
    }
}

/// Someone who cannot take part, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ineligible {
    /// The person's id.
    pub id: String,
    /// The role screened.
    pub role: Role,
    /// Every reason that applies.
    pub reasons: Vec<Reason>,
}

impl Ineligible {
    /// All reasons as one sentence.
    pub fn reason_text(&self) -> String {
        self.reasons
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; and ")
    }
}

/// The outcome of screening one program's rosters.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Screening {
    /// Indices into the applicants (or mentees) roster of those who may take part.
    pub eligible_applicants: Vec<usize>,
    /// Indices into the facilitators (or mentors) roster of those who may serve.
    pub eligible_facilitators: Vec<usize>,
    /// Everyone ineligible, applicants first, in roster order.
    pub ineligible: Vec<Ineligible>,
}

impl Screening {
    /// How many people each rule excluded, by role and rule code. A person excluded
    /// by two rules counts under both.
    pub fn counts_by_reason(&self) -> BTreeMap<(Role, &'static str), usize> {
        let mut counts = BTreeMap::new();
        for p in &self.ineligible {
            for r in &p.reasons {
                *counts.entry((p.role, r.code())).or_insert(0) += 1;
            }
        }
        counts
    }
}

/// Applies section 3 to the cohort program's rosters.
pub fn screen_cohort_program(rosters: &CohortRosters, config: &Config) -> Screening {
    let mut s = Screening::default();
    for (i, a) in rosters.applicants.iter().enumerate() {
        let reasons = applicant(a, &config.cohorts);
        if reasons.is_empty() {
            s.eligible_applicants.push(i);
        } else {
            s.ineligible.push(Ineligible {
                id: a.id.clone(),
                role: Role::Applicant,
                reasons,
            });
        }
    }
    for (i, f) in rosters.facilitators.iter().enumerate() {
        let reasons = facilitator(f, &config.cohorts);
        if reasons.is_empty() {
            s.eligible_facilitators.push(i);
        } else {
            s.ineligible.push(Ineligible {
                id: f.id.clone(),
                role: Role::Facilitator,
                reasons,
            });
        }
    }
    s
}

/// Applies section 3 to the mentor program: every mentee may take part; mentors
/// must be trained.
pub fn screen_mentors(rosters: &MentorRosters) -> Screening {
    let mut s = Screening {
        eligible_applicants: (0..rosters.mentees.len()).collect(),
        ..Screening::default()
    };
    for (i, m) in rosters.mentors.iter().enumerate() {
        let reasons = mentor(m);
        if reasons.is_empty() {
            s.eligible_facilitators.push(i);
        } else {
            s.ineligible.push(Ineligible {
                id: m.id.clone(),
                role: Role::Mentor,
                reasons,
            });
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn applicant_with(years: f64, submitted: Option<NaiveDate>) -> Applicant {
        Applicant {
            id: "A1".into(),
            name: "Ana".into(),
            district: "x".into(),
            region: "n".into(),
            district_type: "urban".into(),
            years,
            email: None,
            submitted,
            priority: 0.0,
            conflicts: vec![],
            availability: vec![],
            attributes: BTreeMap::new(),
        }
    }

    fn facilitator_with(years: f64, status: Status, retired_year: Option<i32>) -> Facilitator {
        Facilitator {
            id: "F1".into(),
            name: "Fay".into(),
            district: "y".into(),
            region: "s".into(),
            years,
            status,
            retired_year,
            district_type: None,
            max_cohorts: 1,
            conflicts: vec![],
            availability: vec![],
            attributes: BTreeMap::new(),
        }
    }

    #[test]
    fn three_years_is_enough_two_is_not() {
        let c = CohortConfig::default();
        assert!(applicant(&applicant_with(3.0, None), &c).is_empty());
        let r = applicant(&applicant_with(2.5, None), &c);
        assert_eq!(
            r[0].to_string(),
            "2.5 years as superintendent; at least 3 are required"
        );
    }

    #[test]
    fn deadline_day_is_on_time_the_day_after_is_late() {
        let c = CohortConfig::default();
        let on = NaiveDate::from_ymd_opt(2025, 8, 8);
        let late = NaiveDate::from_ymd_opt(2025, 8, 9);
        assert!(applicant(&applicant_with(5.0, on), &c).is_empty());
        let r = applicant(&applicant_with(1.0, late), &c);
        assert_eq!(r.len(), 2);
        assert_eq!(
            r[1].to_string(),
            "applied on 2025-08-09, after the deadline of 2025-08-08"
        );
        let no_deadline = CohortConfig {
            deadline: None,
            ..c
        };
        assert!(applicant(&applicant_with(5.0, late), &no_deadline).is_empty());
    }

    #[test]
    fn facilitator_rules() {
        let c = CohortConfig::default();
        assert!(facilitator(&facilitator_with(5.0, Status::Sitting, None), &c).is_empty());
        assert!(facilitator(&facilitator_with(9.0, Status::Retired, Some(2022)), &c).is_empty());
        let r = facilitator(&facilitator_with(9.0, Status::Retired, Some(2021)), &c);
        assert_eq!(
            r[0].to_string(),
            "retired in 2021, 4 years before 2025; facilitators must have retired within 3 years"
        );
        let r = facilitator(&facilitator_with(9.0, Status::Retired, None), &c);
        assert_eq!(r, vec![Reason::RetiredYearMissing]);
        let r = facilitator(&facilitator_with(4.0, Status::Sitting, None), &c);
        assert_eq!(r[0].code(), "too_few_years");
    }
}
