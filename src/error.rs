//! Errors, in the words of the person who has to fix them.
//!
//! A roster problem carries where it is, as a spreadsheet shows it: the file, the
//! row (the header is row 1), the column, the value found and what was expected.
//! Loading collects every problem of every file before it returns, so a coordinator
//! fixes them all in one pass instead of one per run.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// What kind of roster problem this is; the position and value are in [`RosterError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RosterErrorKind {
    /// The file has no header row.
    Empty,
    /// A cell (or the file) is not UTF-8 text.
    NotUtf8,
    /// A required column is absent from the header.
    MissingColumn,
    /// Two header cells name the same column once normalised.
    DuplicateColumn,
    /// A row has more non-empty cells than the header has columns.
    TooManyCells,
    /// A required cell is empty.
    EmptyCell,
    /// A cell should hold a number and does not.
    NotANumber,
    /// A number is out of its allowed range (for example negative years).
    OutOfRange,
    /// A cell should hold yes/no and does not.
    NotABoolean,
    /// A cell should hold a date and does not.
    NotADate,
    /// A categorical value is not one of the allowed values.
    UnknownValue,
    /// An id is used twice.
    DuplicateId,
    /// A `conflicts` or `preferences` list names an id found in neither roster.
    UnknownId,
    /// An id holds a character that would make it unusable in a `;` list.
    BadId,
}

/// One problem in one cell (or row, or file) of a roster.
///
/// `Display` reads like
/// `applicants.csv, row 7, column years_as_superintendent: found "-2"; expected a number of 0 or more`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterError {
    /// The file's name as the user gave it.
    pub file: String,
    /// The row as a spreadsheet shows it: the header is row 1, the first person row 2.
    /// 0 when the problem concerns the whole file.
    pub row: usize,
    /// The column's normalised name, when the problem is in one column.
    pub column: Option<String>,
    /// The value found (empty for an empty cell or a missing column).
    pub value: String,
    /// What kind of problem it is.
    pub kind: RosterErrorKind,
    /// What was expected, in words.
    pub expected: String,
}

impl fmt::Display for RosterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.row > 0 {
            write!(f, ", row {}", self.row)?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        match self.kind {
            RosterErrorKind::MissingColumn | RosterErrorKind::Empty => {}
            RosterErrorKind::EmptyCell => write!(f, ": the cell is empty")?,
            _ => write!(f, ": found {:?}", self.value)?,
        }
        write!(f, "; expected {}", self.expected)
    }
}

/// Every problem found while loading the rosters of one program, in file and row order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterErrors(pub Vec<RosterError>);

impl fmt::Display for RosterErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "{n} problem{} found in the rosters:",
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.0 {
            write!(f, "\n  - {e}")?;
        }
        Ok(())
    }
}

/// A problem in the configuration file or in a configuration built in code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConfigError {
    /// The file's name, or `"configuration"` for one built in code.
    pub file: String,
    /// The line in the file, when known.
    pub line: Option<usize>,
    /// The key, such as `cohorts.seats`, when known.
    pub key: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ", key {key}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every way the library can fail.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The rosters have problems; all of them are listed.
    #[error("{0}")]
    Roster(RosterErrors),
    /// The configuration has problems; all of them are listed.
    #[error("{}", config_list(.0))]
    Config(Vec<ConfigError>),
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An output could not be written; nothing partial was left behind.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

fn config_list(errors: &[ConfigError]) -> String {
    let mut s = format!(
        "{} problem{} in the configuration:",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    for e in errors {
        s.push_str("\n  - ");
        s.push_str(&e.to_string());
    }
    s
}

impl Error {
    /// The roster problems, when this is a roster error.
    pub fn roster_errors(&self) -> Option<&[RosterError]> {
        match self {
            Error::Roster(list) => Some(&list.0),
            _ => None,
        }
    }
}
