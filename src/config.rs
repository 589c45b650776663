//! The configuration of both programs (model.md section 7).
//!
//! Every number of the programs lives here, never as a constant in code. A TOML file
//! sets any subset of keys; the rest keep the pilot's defaults. Code that embeds the
//! crate builds the same thing with [`Config::builder`].
//!
//! ```
//! use cohortmatch::Config;
//!
//! let config = Config::from_toml_str(
//!     "[cohorts]\nseats = 30\ncohorts = 5\ndeadline = \"none\"\n",
//!     "config.toml",
//! )
//! .unwrap();
//! assert_eq!(config.cohorts.seats, 30);
//! assert_eq!(config.cohorts.deadline, None);
//! assert_eq!(config.cohorts.facilitators_max, 3); // the default
//! ```

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{ConfigError, Error};
use crate::roster::normalise::{category, focus_key};

/// Both programs' settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The Superintendent Support Network.
    pub cohorts: CohortConfig,
    /// The Assistant Superintendent Mentor Program.
    pub mentors: MentorConfig,
}

/// Settings of the cohort program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CohortConfig {
    /// Number of applicants selected (fewer when fewer are eligible).
    pub seats: usize,
    /// Number of cohorts.
    pub cohorts: usize,
    /// Minimum years as superintendent for an applicant.
    pub min_years: f64,
    /// Last day to apply; `None` turns the check off (`deadline = "none"`).
    #[serde(
        deserialize_with = "deserialize_deadline",
        serialize_with = "serialize_deadline"
    )]
    pub deadline: Option<NaiveDate>,
    /// The program's year, for "recently retired".
    pub program_year: i32,
    /// Fewest facilitators per cohort.
    pub facilitators_min: usize,
    /// Most facilitators per cohort.
    pub facilitators_max: usize,
    /// Minimum years as superintendent for a facilitator.
    pub facilitator_min_years: f64,
    /// A retired facilitator must have retired at most this many years before `program_year`.
    pub max_years_retired: i32,
    /// Allowed `district_type` values (also used by the mentor program).
    pub district_types: Vec<String>,
    /// Attributes each cohort should mirror (`region`, `district_type` or an extra column).
    pub balance_attributes: Vec<String>,
    /// Attributes for which nobody should be the only one of their value in a cohort.
    pub isolate_attributes: Vec<String>,
    /// Seed of the lottery that breaks ties.
    pub seed: u64,
    /// Weights of the cost terms.
    pub weights: CohortWeights,
}

/// Weights of the cohort program's cost terms (model.md section 5).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CohortWeights {
    /// Each cohort mirrors the selected group's mix.
    pub balance: f64,
    /// Experience spread evenly.
    pub numeric: f64,
    /// The selected group mirrors the eligible pool.
    pub mirror: f64,
    /// Facilitator and member share a region.
    pub region_f: f64,
    /// Someone is the only one of their kind in a cohort.
    pub isolated: f64,
    /// Someone cannot make their cohort's slot.
    pub slot: f64,
    /// The committee's priority ratings.
    pub priority: f64,
}

/// Settings of the mentor program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MentorConfig {
    /// Produce the mentee-optimal stable matching instead of the least-cost one.
    pub stable: bool,
    /// Allowed focus areas.
    pub focus_areas: Vec<String>,
    /// Weights of the pair cost.
    pub weights: MentorWeights,
}

/// Weights of the mentor pair cost (model.md section 6).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MentorWeights {
    /// Per focus area of the mentee that the mentor lacks.
    pub focus: f64,
    /// When district types differ.
    #[serde(rename = "type")]
    pub district_type: f64,
    /// When regions differ.
    pub region: f64,
}

/// The six district types of model.md section 2.
pub const DEFAULT_DISTRICT_TYPES: [&str; 6] = [
    "urban",
    "suburban",
    "rural",
    "regional",
    "vocational",
    "collaborative",
];

/// The three focus areas of model.md section 2.
pub const DEFAULT_FOCUS_AREAS: [&str; 3] = [
    "curriculum_instruction",
    "student_support",
    "human_resources",
];

impl Default for CohortConfig {
    fn default() -> Self {
        CohortConfig {
            seats: 24,
            cohorts: 3,
            min_years: 3.0,
            deadline: NaiveDate::from_ymd_opt(2025, 8, 8),
            program_year: 2025,
            facilitators_min: 2,
            facilitators_max: 3,
            facilitator_min_years: 5.0,
            max_years_retired: 3,
            district_types: DEFAULT_DISTRICT_TYPES
                .iter()
                .map(|s| s.to_string())
                .collect(),
            balance_attributes: vec!["region".into(), "district_type".into()],
            isolate_attributes: Vec::new(),
            seed: 1,
            weights: CohortWeights::default(),
        }
    }
}

impl Default for CohortWeights {
    fn default() -> Self {
        CohortWeights {
            balance: 1.0,
            numeric: 1.0,
            mirror: 1.0,
            region_f: 0.5,
            isolated: 2.0,
            slot: 1.0,
            priority: 1.0,
        }
    }
}

impl Default for MentorConfig {
    fn default() -> Self {
        MentorConfig {
            stable: false,
            focus_areas: DEFAULT_FOCUS_AREAS.iter().map(|s| s.to_string()).collect(),
            weights: MentorWeights::default(),
        }
    }
}

impl Default for MentorWeights {
    fn default() -> Self {
        MentorWeights {
            focus: 3.0,
            district_type: 1.0,
            region: 2.0,
        }
    }
}

/// The deadline as TOML may write it: a TOML date, `"none"`, or a date in a string.
#[derive(Deserialize)]
#[serde(untagged)]
enum DeadlineSpec {
    Date(toml::value::Datetime),
    Text(String),
}

fn parse_deadline_text(text: &str) -> Result<Option<NaiveDate>, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("none") || t.is_empty() {
        return Ok(None);
    }
    crate::roster::normalise::date(t)
        .map(Some)
        .ok_or_else(|| format!("expected a date such as 2025-08-08 or \"none\", found {text:?}"))
}

fn deserialize_deadline<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    match DeadlineSpec::deserialize(d)? {
        DeadlineSpec::Date(dt) => match (dt.date, dt.time) {
            (Some(date), None) => NaiveDate::from_ymd_opt(
                i32::from(date.year),
                u32::from(date.month),
                u32::from(date.day),
            )
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("{dt} is not a calendar date"))),
            _ => Err(serde::de::Error::custom(format!(
                "expected a date such as 2025-08-08 without a time, found {dt}"
            ))),
        },
        DeadlineSpec::Text(text) => parse_deadline_text(&text).map_err(serde::de::Error::custom),
    }
}

fn serialize_deadline<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(date) => s.serialize_str(&date.format("%Y-%m-%d").to_string()),
        None => s.serialize_str("none"),
    }
}

impl Config {
    /// Starts a builder from the defaults.
    ///
    /// ```
    /// let config = cohortmatch::Config::builder()
    ///     .seats(30)
    ///     .cohorts(5)
    ///     .deadline(None)
    ///     .seed(7)
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(config.cohorts.cohorts, 5);
    /// ```
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder {
            config: Config::default(),
        }
    }

    /// Reads a TOML configuration file; every key is optional.
    ///
    /// # Errors
    /// [`Error::Read`] when the file cannot be read, [`Error::Config`] listing every
    /// problem (unknown key, wrong type, impossible value) with its line.
    pub fn from_toml_file(path: &Path) -> Result<Config, Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let name = path.display().to_string();
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::Config(vec![ConfigError {
                file: name.clone(),
                line: None,
                key: None,
                message: "the file is not UTF-8 text".into(),
            }])
        })?;
        Config::from_toml_str(&text, &name)
    }

    /// Parses a TOML configuration held in memory; `file` names it in errors.
    ///
    /// # Errors
    /// [`Error::Config`] as for [`Config::from_toml_file`].
    pub fn from_toml_str(text: &str, file: &str) -> Result<Config, Error> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            Error::Config(vec![ConfigError {
                file: file.to_string(),
                line,
                key: None,
                message: e.message().trim().to_string(),
            }])
        })?;
        config.validated(file)
    }

    /// Writes the configuration as TOML, every key present.
    pub fn to_toml_string(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }

    /// Checks the values that types alone cannot and normalises the value lists
    /// (lower case, usual spellings), so that comparisons elsewhere are plain.
    ///
    /// # Errors
    /// [`Error::Config`] listing every impossible value.
    pub fn validated(mut self, file: &str) -> Result<Config, Error> {
        let mut errors = Vec::new();
        let mut bad = |key: &str, message: String| {
            errors.push(ConfigError {
                file: file.to_string(),
                line: None,
                key: Some(key.to_string()),
                message,
            })
        };
        let c = &mut self.cohorts;
        if c.cohorts == 0 {
            bad(
                "cohorts.cohorts",
                "expected at least 1 cohort, found 0".into(),
            );
        }
        if c.seats == 0 {
            bad("cohorts.seats", "expected at least 1 seat, found 0".into());
        }
        if c.facilitators_min > c.facilitators_max {
            bad(
                "cohorts.facilitators_min",
                format!(
                    "facilitators_min ({}) is larger than facilitators_max ({})",
                    c.facilitators_min, c.facilitators_max
                ),
            );
        }
        for (key, v) in [
            ("cohorts.min_years", c.min_years),
            ("cohorts.facilitator_min_years", c.facilitator_min_years),
        ] {
            if !v.is_finite() || v < 0.0 {
                bad(
                    key,
                    format!("expected a number of years of 0 or more, found {v}"),
                );
            }
        }
        if c.max_years_retired < 0 {
            bad(
                "cohorts.max_years_retired",
                format!("expected 0 or more, found {}", c.max_years_retired),
            );
        }
        let w = c.weights;
        for (key, v) in [
            ("cohorts.weights.balance", w.balance),
            ("cohorts.weights.numeric", w.numeric),
            ("cohorts.weights.mirror", w.mirror),
            ("cohorts.weights.region_f", w.region_f),
            ("cohorts.weights.isolated", w.isolated),
            ("cohorts.weights.slot", w.slot),
            ("cohorts.weights.priority", w.priority),
            ("mentors.weights.focus", self.mentors.weights.focus),
            ("mentors.weights.type", self.mentors.weights.district_type),
            ("mentors.weights.region", self.mentors.weights.region),
        ] {
            if !v.is_finite() || v < 0.0 {
                bad(key, format!("expected a weight of 0 or more, found {v}"));
            }
        }
        c.district_types = c.district_types.iter().map(|s| category(s)).collect();
        if c.district_types.iter().any(|s| s.is_empty()) || c.district_types.is_empty() {
            bad(
                "cohorts.district_types",
                "expected a list of non-empty district types".into(),
            );
        }
        for (key, list) in [
            ("cohorts.balance_attributes", &mut c.balance_attributes),
            ("cohorts.isolate_attributes", &mut c.isolate_attributes),
        ] {
            *list = list
                .iter()
                .map(|s| crate::roster::normalise::header(s))
                .collect();
            if list.iter().any(|s| s.is_empty()) {
                bad(key, "expected attribute names, found an empty one".into());
            }
        }
        self.mentors.focus_areas = self
            .mentors
            .focus_areas
            .iter()
            .map(|s| focus_key(s))
            .collect();
        if self.mentors.focus_areas.is_empty()
            || self.mentors.focus_areas.iter().any(|s| s.is_empty())
        {
            bad(
                "mentors.focus_areas",
                "expected a list of non-empty focus areas".into(),
            );
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(Error::Config(errors))
        }
    }
}

/// Builds a [`Config`] in code, starting from the defaults; [`ConfigBuilder::build`] validates.
#[derive(Debug, Clone)]
pub struct ConfigBuilder {
    config: Config,
}

macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident : $ty:ty => $($path:ident).+;)*) => {
        impl ConfigBuilder {
            $(
                $(#[$doc])*
                pub fn $name(mut self, value: $ty) -> Self {
                    self.config.$($path).+ = value;
                    self
                }
            )*
        }
    };
}

setters! {
    /// Number of seats.
    seats: usize => cohorts.seats;
    /// Number of cohorts.
    cohorts: usize => cohorts.cohorts;
    /// Minimum years for an applicant.
    min_years: f64 => cohorts.min_years;
    /// Application deadline, `None` for no check.
    deadline: Option<NaiveDate> => cohorts.deadline;
    /// The program's year.
    program_year: i32 => cohorts.program_year;
    /// Fewest facilitators per cohort.
    facilitators_min: usize => cohorts.facilitators_min;
    /// Most facilitators per cohort.
    facilitators_max: usize => cohorts.facilitators_max;
    /// Minimum years for a facilitator.
    facilitator_min_years: f64 => cohorts.facilitator_min_years;
    /// Most years since a facilitator retired.
    max_years_retired: i32 => cohorts.max_years_retired;
    /// Allowed district types.
    district_types: Vec<String> => cohorts.district_types;
    /// Attributes each cohort mirrors.
    balance_attributes: Vec<String> => cohorts.balance_attributes;
    /// Attributes protected from isolation.
    isolate_attributes: Vec<String> => cohorts.isolate_attributes;
    /// Lottery seed.
    seed: u64 => cohorts.seed;
    /// Cohort cost weights.
    cohort_weights: CohortWeights => cohorts.weights;
    /// Ask the mentor program for a stable matching.
    stable: bool => mentors.stable;
    /// Allowed focus areas.
    focus_areas: Vec<String> => mentors.focus_areas;
    /// Mentor pair cost weights.
    mentor_weights: MentorWeights => mentors.weights;
}

impl ConfigBuilder {
    /// Validates and returns the configuration.
    ///
    /// # Errors
    /// [`Error::Config`] listing every impossible value.
    pub fn build(self) -> Result<Config, Error> {
        self.config.validated("configuration")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_the_default() {
        assert_eq!(
            Config::from_toml_str("", "c.toml").unwrap(),
            Config::default()
        );
    }

    #[test]
    fn model_section_7_parses_and_round_trips() {
        let text = r#"
[cohorts]
seats = 24
cohorts = 3
min_years = 3
deadline = 2025-08-08
program_year = 2025
facilitators_min = 2
facilitators_max = 3
facilitator_min_years = 5
max_years_retired = 3
district_types = ["urban", "suburban", "rural", "regional", "vocational", "collaborative"]
balance_attributes = ["region", "district_type"]
isolate_attributes = []
seed = 1

[cohorts.weights]
balance = 1.0
numeric = 1.0
mirror = 1.0
region_f = 0.5
isolated = 2.0
slot = 1.0
priority = 1.0

[mentors]
stable = false
focus_areas = ["curriculum_instruction", "student_support", "human_resources"]

[mentors.weights]
focus = 3.0
type = 1.0
region = 2.0
"#;
        let c = Config::from_toml_str(text, "c.toml").unwrap();
        assert_eq!(c, Config::default());
        let again = Config::from_toml_str(&c.to_toml_string(), "again.toml").unwrap();
        assert_eq!(again, c);
    }

    #[test]
    fn deadline_forms() {
        let none = Config::from_toml_str("[cohorts]\ndeadline = \"none\"", "c").unwrap();
        assert_eq!(none.cohorts.deadline, None);
        let us = Config::from_toml_str("[cohorts]\ndeadline = \"9/1/2025\"", "c").unwrap();
        assert_eq!(us.cohorts.deadline, NaiveDate::from_ymd_opt(2025, 9, 1));
        let err = Config::from_toml_str("[cohorts]\ndeadline = \"soon\"", "c").unwrap_err();
        assert!(err.to_string().contains("soon"), "{err}");
    }

    #[test]
    fn unknown_key_and_wrong_type_name_the_line() {
        let err =
            Config::from_toml_str("[cohorts]\nseats = 24\nsaets = 3\n", "c.toml").unwrap_err();
        let Error::Config(list) = &err else {
            panic!("{err}")
        };
        assert_eq!(list[0].line, Some(3), "{err}");
        assert!(err.to_string().contains("saets"), "{err}");
        let err = Config::from_toml_str("[cohorts]\nseats = \"many\"\n", "c.toml").unwrap_err();
        let Error::Config(list) = &err else {
            panic!("{err}")
        };
        assert_eq!(list[0].line, Some(2), "{err}");
    }

    #[test]
    fn impossible_values_are_all_reported() {
        let err = Config::builder()
            .cohorts(0)
            .facilitators_min(4)
            .facilitators_max(2)
            .min_years(-1.0)
            .build()
            .unwrap_err();
        let Error::Config(list) = &err else {
            panic!("{err}")
        };
        assert_eq!(list.len(), 3, "{err}");
    }

    #[test]
    fn value_lists_are_normalised() {
        let c = Config::builder()
            .district_types(vec![" Urban ".into(), "Charter".into()])
            .focus_areas(vec!["HR".into(), "Curriculum & Instruction".into()])
            .balance_attributes(vec!["District Type".into()])
            .build()
            .unwrap();
        assert_eq!(c.cohorts.district_types, ["urban", "charter"]);
        assert_eq!(
            c.mentors.focus_areas,
            ["human_resources", "curriculum_instruction"]
        );
        assert_eq!(c.cohorts.balance_attributes, ["district_type"]);
    }
}
