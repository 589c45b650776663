//! A CSV file as a table of text cells, each with its spreadsheet position.
//!
//! This layer knows nothing of people: it strips the BOM, splits rows with the `csv`
//! crate, normalises headers, skips blank rows and reports cells that are not UTF-8.
//! [`Cursor`] then reads typed values out of one row, recording every problem.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::normalise;
use crate::error::{RosterError, RosterErrorKind};

/// A header cell's column name: the normalised header, with the few spellings that
/// normalisation alone does not join (`E-mail`) mapped to the model's name.
fn column_name(cell: &str) -> String {
    let h = normalise::header(cell);
    match h.as_str() {
        "e_mail" | "email_address" => "email".into(),
        _ => h,
    }
}

pub(crate) struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    index: HashMap<String, usize>,
}

pub(crate) struct Row {
    /// The spreadsheet row: header = 1.
    pub number: usize,
    pub cells: Vec<String>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }
}

/// Splits `bytes` into a table. Returns `None` (with an error recorded) when there
/// is no header row at all.
pub(crate) fn read(
    file: &str,
    bytes: &[u8],
    required: &[&str],
    errors: &mut Vec<RosterError>,
) -> Option<Table> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    // A quoted cell may hold line breaks; a spreadsheet still shows it as one row.
    let mut breaks_inside_cells = 0usize;
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // Reading from memory with `flexible` leaves only malformed input here.
                errors.push(RosterError {
                    file: file.to_string(),
                    row: e.position().map_or(0, |p| p.line() as usize),
                    column: None,
                    value: String::new(),
                    kind: RosterErrorKind::NotUtf8,
                    expected: format!("a readable CSV row ({e})"),
                });
                return None;
            }
        }
        let line = record.position().map_or(1, |p| p.line() as usize);
        let number = line.saturating_sub(breaks_inside_cells).max(1);
        breaks_inside_cells += record
            .iter()
            .map(|c| c.iter().filter(|&&b| b == b'\n').count())
            .sum::<usize>();
        let mut cells = Vec::with_capacity(record.len());
        for (i, raw) in record.iter().enumerate() {
            match std::str::from_utf8(raw) {
                Ok(s) => cells.push(s.to_string()),
                Err(_) => {
                    let column = headers
                        .as_ref()
                        .and_then(|h| h.get(i).cloned())
                        .or_else(|| Some(format!("#{}", i + 1)));
                    errors.push(RosterError {
                        file: file.to_string(),
                        row: number,
                        column,
                        value: String::from_utf8_lossy(raw).into_owned(),
                        kind: RosterErrorKind::NotUtf8,
                        expected: "UTF-8 text (in Excel, save as \"CSV UTF-8\")".into(),
                    });
                    cells.push(String::from_utf8_lossy(raw).into_owned());
                }
            }
        }
        match &headers {
            None => {
                if cells.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                headers = Some(cells.iter().map(|c| column_name(c)).collect());
            }
            Some(h) => {
                if cells.iter().all(|c| c.trim().is_empty()) {
                    continue; // blank rows, as spreadsheets leave at the end
                }
                if cells.len() > h.len()
                    && let Some((i, extra)) = cells
                        .iter()
                        .enumerate()
                        .skip(h.len())
                        .find(|(_, c)| !c.trim().is_empty())
                {
                    errors.push(RosterError {
                            file: file.to_string(),
                            row: number,
                            column: Some(format!("#{}", i + 1)),
                            value: extra.clone(),
                            kind: RosterErrorKind::TooManyCells,
                            expected: format!(
                                "at most {} cells, as many as the header has columns (a comma inside a value needs quotes)",
                                h.len()
                            ),
                        });
                }
                cells.resize(h.len(), String::new());
                rows.push(Row { number, cells });
            }
        }
    }
    let Some(headers) = headers else {
        errors.push(RosterError {
            file: file.to_string(),
            row: 1,
            column: None,
            value: String::new(),
            kind: RosterErrorKind::Empty,
            expected: format!("a header row naming the columns {}", required.join(", ")),
        });
        return None;
    };
    let mut index = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        if index.insert(h.clone(), i).is_some() {
            errors.push(RosterError {
                file: file.to_string(),
                row: 1,
                column: Some(h.clone()),
                value: h.clone(),
                kind: RosterErrorKind::DuplicateColumn,
                expected: "each column named once".into(),
            });
        }
    }
    for name in required {
        if !index.contains_key(*name) {
            errors.push(RosterError {
                file: file.to_string(),
                row: 1,
                column: Some(name.to_string()),
                value: String::new(),
                kind: RosterErrorKind::MissingColumn,
                expected: format!("a column named {name} in the header row"),
            });
        }
    }
    Some(Table {
        headers,
        rows,
        index,
    })
}

/// Reads typed values from one row. Every getter records its problem and returns a
/// placeholder, so one pass reports every bad cell; [`Cursor::failed`] says whether
/// the row may become a person.
pub(crate) struct Cursor<'a> {
    pub file: &'a str,
    pub table: &'a Table,
    pub row: &'a Row,
    pub errors: &'a mut Vec<RosterError>,
    pub failed: bool,
}

impl<'a> Cursor<'a> {
    /// The raw cell, or `None` when the column is absent.
    pub fn raw(&self, column: &str) -> Option<&'a str> {
        let table: &'a Table = self.table;
        let row: &'a Row = self.row;
        table.column(column).map(|i| row.cells[i].as_str())
    }

    pub fn error(&mut self, column: &str, value: &str, kind: RosterErrorKind, expected: String) {
        self.failed = true;
        self.errors.push(RosterError {
            file: self.file.to_string(),
            row: self.row.number,
            column: Some(column.to_string()),
            value: value.to_string(),
            kind,
            expected,
        });
    }

    /// A required text cell, trimmed.
    pub fn required(&mut self, column: &str, expected: &str) -> String {
        match self.raw(column) {
            None => {
                self.failed = true; // reported once, as a missing column
                String::new()
            }
            Some(v) if v.trim().is_empty() => {
                self.error(column, v, RosterErrorKind::EmptyCell, expected.to_string());
                String::new()
            }
            Some(v) => v.trim().to_string(),
        }
    }

    /// An optional text cell, trimmed; `None` when absent or empty.
    pub fn optional(&self, column: &str) -> Option<String> {
        self.raw(column)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    }

    /// An id: required, without `;` (it could not be listed in a conflicts cell).
    pub fn id(&mut self) -> String {
        let id = self.required("id", "an id that is unique in the roster");
        if id.contains(';') {
            self.error(
                "id",
                &id.clone(),
                RosterErrorKind::BadId,
                "an id without ';' (';' separates ids in lists)".into(),
            );
        }
        id
    }

    /// A number at least `min`; `default` when optional and empty.
    pub fn number(&mut self, column: &str, default: Option<f64>, min: f64, what: &str) -> f64 {
        let cell = self.raw(column).map(str::trim).filter(|v| !v.is_empty());
        match (cell, default) {
            (None, Some(d)) => d,
            (None, None) => {
                if self.raw(column).is_some() {
                    self.error(column, "", RosterErrorKind::EmptyCell, what.to_string());
                } else {
                    self.failed = true;
                }
                0.0
            }
            (Some(v), _) => match normalise::number(v) {
                None => {
                    self.error(column, v, RosterErrorKind::NotANumber, what.to_string());
                    0.0
                }
                Some(x) if x < min => {
                    self.error(column, v, RosterErrorKind::OutOfRange, what.to_string());
                    0.0
                }
                Some(x) => x,
            },
        }
    }

    /// A whole number at least `min` (empty gives `default`).
    pub fn whole(
        &mut self,
        column: &str,
        default: Option<i64>,
        min: i64,
        what: &str,
    ) -> Option<i64> {
        let v = self.raw(column).map(str::trim).filter(|v| !v.is_empty())?;
        match v.parse::<i64>() {
            Ok(x) if x >= min => Some(x),
            Ok(_) => {
                self.error(column, v, RosterErrorKind::OutOfRange, what.to_string());
                default
            }
            Err(_) => {
                self.error(column, v, RosterErrorKind::NotANumber, what.to_string());
                default
            }
        }
    }

    pub fn boolean(&mut self, column: &str, default: bool) -> bool {
        match self.raw(column).map(str::trim).filter(|v| !v.is_empty()) {
            None => default,
            Some(v) => normalise::boolean(v).unwrap_or_else(|| {
                self.error(
                    column,
                    v,
                    RosterErrorKind::NotABoolean,
                    "yes or no (also true/false, y/n, 1/0)".into(),
                );
                default
            }),
        }
    }

    pub fn date(&mut self, column: &str) -> Option<NaiveDate> {
        let v = self.raw(column).map(str::trim).filter(|v| !v.is_empty())?;
        let parsed = normalise::date(v);
        if parsed.is_none() {
            self.error(
                column,
                v,
                RosterErrorKind::NotADate,
                "a date written YYYY-MM-DD or M/D/YYYY, such as 2025-08-08 or 8/8/2025".into(),
            );
        }
        parsed
    }

    /// A categorical value from `allowed` (already normalised), required when
    /// `required`, normalised with `key`.
    pub fn choice(
        &mut self,
        column: &str,
        allowed: &[String],
        required: bool,
        key: fn(&str) -> String,
    ) -> Option<String> {
        let raw = self.raw(column);
        let v = raw.map(str::trim).filter(|v| !v.is_empty());
        let Some(v) = v else {
            if required {
                if raw.is_some() {
                    self.error(
                        column,
                        "",
                        RosterErrorKind::EmptyCell,
                        format!("one of {}", allowed.join(", ")),
                    );
                } else {
                    self.failed = true;
                }
            }
            return None;
        };
        let k = key(v);
        if allowed.contains(&k) {
            Some(k)
        } else {
            self.error(
                column,
                v,
                RosterErrorKind::UnknownValue,
                format!("one of {}", allowed.join(", ")),
            );
            None
        }
    }

    /// A `;` list of ids, trimmed.
    pub fn ids(&self, column: &str) -> Vec<String> {
        self.raw(column)
            .map(|v| normalise::list(v).into_iter().map(str::to_string).collect())
            .unwrap_or_default()
    }

    /// A `;` list of categorical values.
    pub fn categories(&self, column: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .raw(column)
            .map(|v| {
                normalise::list(v)
                    .into_iter()
                    .map(normalise::category)
                    .collect()
            })
            .unwrap_or_default();
        out.dedup();
        out
    }

    /// Every column not in `known`, as a categorical attribute (empty cells left out).
    pub fn extras(&self, known: &[&str]) -> std::collections::BTreeMap<String, String> {
        self.table
            .headers
            .iter()
            .zip(&self.row.cells)
            .filter(|(h, _)| !h.is_empty() && !known.contains(&h.as_str()))
            .filter_map(|(h, v)| {
                let v = normalise::category(v);
                (!v.is_empty()).then(|| (h.clone(), v))
            })
            .collect()
    }
}
