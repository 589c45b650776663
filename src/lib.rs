//! # cohortmatch
//!
//! Forms confidential peer cohorts and matches mentors for an association of school
//! superintendents. The contract of what is read, which rules hold and what "best"
//! means is `model.md`; this crate implements it in small rooms:
//!
//! - [`config`]: every number of both programs, from TOML or a builder;
//! - [`roster`]: CSV rosters as spreadsheets export them, with every problem reported
//!   by file, row, column and value;
//! - [`eligibility`]: who may take part, and why not;
//! - [`error`]: the errors, in the coordinator's words.
//!
//! ```
//! use cohortmatch::{eligibility, roster::CohortRosters, Config};
//!
//! let applicants = "id,name,district,region,district_type,years_as_superintendent\n\
//!     A1,Ana Ruiz,Easton,North,urban,4\n\
//!     A2,Bo Chen,Weston,South,rural,12\n\
//!     A3,Cy Diaz,Northfield,North,suburban,1\n\
//!     A4,Di Ewan,Southby,South,regional,7\n\
//!     A5,Ed Fox,Eastham,East,vocational,3\n";
//! let facilitators = "id,name,district,region,years_as_superintendent,status,retired_year\n\
//!     F1,Fay Gil,Oldtown,East,15,retired,2024\n";
//! let config = Config::default();
//! let rosters = CohortRosters::from_csv(
//!     ("applicants.csv", applicants.as_bytes()),
//!     ("facilitators.csv", facilitators.as_bytes()),
//!     &config,
//! )?;
//! let screening = eligibility::screen_cohort_program(&rosters, &config);
//! assert_eq!(screening.eligible_applicants.len(), 4);
//! assert_eq!(screening.ineligible[0].id, "A3");
//! # Ok::<(), cohortmatch::Error>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

#[cfg(not(any(feature = "microlp", feature = "highs")))]
compile_error!(
    "cohortmatch needs a MILP backend: enable the `microlp` feature (the default) or `highs`"
);

#[cfg(test)]
mod brute;
pub mod cohort;
pub mod config;
pub mod eligibility;
pub mod error;
pub mod mentor;
pub mod output;
pub mod report;
pub mod roster;
pub mod solve;
pub mod synthetic;

pub use config::{CohortConfig, Config, MentorConfig};
pub use error::{ConfigError, Error, RosterError, RosterErrorKind, RosterErrors};
pub use roster::{CohortRosters, MentorRosters};
