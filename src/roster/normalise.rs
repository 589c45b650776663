//! Pure rules that turn what a spreadsheet holds into comparable values.
//!
//! Each is a free function so it can be tested, and reused by the configuration,
//! without a file around it.

use chrono::NaiveDate;

/// Normalises a header name: trimmed, lower case, each run of spaces, dashes and
/// underscores turned into one `_`.
///
/// ```
/// use cohortmatch::roster::normalise::header;
/// assert_eq!(header("  Years as Superintendent "), "years_as_superintendent");
/// assert_eq!(header("district--type"), "district_type");
/// assert_eq!(header("\u{feff}ID"), "id");
/// ```
pub fn header(raw: &str) -> String {
    let raw = raw.trim_start_matches('\u{feff}').trim().to_lowercase();
    let mut out = String::with_capacity(raw.len());
    let mut in_run = false;
    for ch in raw.chars() {
        if ch == ' ' || ch == '-' || ch == '_' || ch == '\t' {
            if !in_run {
                out.push('_');
            }
            in_run = true;
        } else {
            out.push(ch);
            in_run = false;
        }
    }
    out
}

/// Normalises a categorical value (district, region, district type, status, term,
/// slot label, extra attribute): trimmed, lower case, inner white space as one space.
///
/// ```
/// use cohortmatch::roster::normalise::category;
/// assert_eq!(category("  North  East "), "north east");
/// ```
pub fn category(raw: &str) -> String {
    raw.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Turns a focus area as people spell it into its key: `Curriculum & Instruction`,
/// `C&I` and `curriculum` give `curriculum_instruction`; `HR` gives `human_resources`;
/// `Student Services` gives `student_support`. Any other value comes back in the
/// same normalised form (lower case, `_` between words) for the caller to check.
///
/// ```
/// use cohortmatch::roster::normalise::focus_key;
/// assert_eq!(focus_key("Curriculum & Instruction"), "curriculum_instruction");
/// assert_eq!(focus_key("HR"), "human_resources");
/// assert_eq!(focus_key("Finance"), "finance");
/// ```
pub fn focus_key(raw: &str) -> String {
    let lowered = raw.trim().to_lowercase().replace('&', " and ");
    let words: Vec<&str> = lowered
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join("_");
    let key = match joined.as_str() {
        "curriculum_instruction"
        | "curriculum_and_instruction"
        | "curriculum"
        | "instruction"
        | "c_and_i"
        | "c_i"
        | "ci"
        | "cni" => "curriculum_instruction",
        "student_support" | "student_supports" | "student_services" | "student_service" | "ss" => {
            "student_support"
        }
        "human_resources" | "human_resource" | "hr" => "human_resources",
        other => other,
    };
    key.to_string()
}

/// Reads a yes/no cell: `yes no true false y n 1 0`, in any case.
///
/// ```
/// use cohortmatch::roster::normalise::boolean;
/// assert_eq!(boolean(" Yes"), Some(true));
/// assert_eq!(boolean("0"), Some(false));
/// assert_eq!(boolean("maybe"), None);
/// ```
pub fn boolean(raw: &str) -> Option<bool> {
    match raw.trim().to_lowercase().as_str() {
        "yes" | "true" | "y" | "1" => Some(true),
        "no" | "false" | "n" | "0" => Some(false),
        _ => None,
    }
}

/// Reads a date written `YYYY-MM-DD` or `M/D/YYYY` (as Excel writes it in the US).
///
/// ```
/// use cohortmatch::roster::normalise::date;
/// use chrono::NaiveDate;
/// let d = NaiveDate::from_ymd_opt(2025, 8, 8);
/// assert_eq!(date("2025-08-08"), d);
/// assert_eq!(date("8/8/2025"), d);
/// assert_eq!(date("08/08/2025"), d);
/// assert_eq!(date("8/8/25"), None);
/// ```
pub fn date(raw: &str) -> Option<NaiveDate> {
    let t = raw.trim();
    let parts: Vec<&str> = if t.contains('-') {
        t.split('-').collect()
    } else {
        t.split('/').collect()
    };
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let (y, m, d) = if t.contains('-') {
        (parts[0], parts[1], parts[2])
    } else {
        (parts[2], parts[0], parts[1])
    };
    if y.len() != 4 || m.len() > 2 || d.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Reads a number as a spreadsheet writes it; `None` for anything else, including
/// infinities and NaN.
///
/// ```
/// use cohortmatch::roster::normalise::number;
/// assert_eq!(number(" 12 "), Some(12.0));
/// assert_eq!(number("2.5"), Some(2.5));
/// assert_eq!(number("inf"), None);
/// ```
pub fn number(raw: &str) -> Option<f64> {
    let t = raw.trim();
    // Only plain decimal forms: f64's parser would also take "inf" and "NaN".
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Splits a `;` list, trimming each item and dropping empty ones.
///
/// ```
/// use cohortmatch::roster::normalise::list;
/// assert_eq!(list(" A01; A02 ;;"), vec!["A01", "A02"]);
/// ```
pub fn list(raw: &str) -> Vec<&str> {
    raw.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_rule() {
        assert_eq!(header("Years as Superintendent"), "years_as_superintendent");
        assert_eq!(header("years_as_superintendent"), "years_as_superintendent");
        assert_eq!(header("Max - Cohorts"), "max_cohorts");
        assert_eq!(header("District_Type"), "district_type");
    }

    #[test]
    fn focus_spellings() {
        for s in [
            "Curriculum and Instruction",
            "C&I",
            "c & i",
            "CURRICULUM_INSTRUCTION",
        ] {
            assert_eq!(focus_key(s), "curriculum_instruction", "{s}");
        }
        for s in [
            "Student Support",
            "student-support",
            "Student Services",
            "SS",
        ] {
            assert_eq!(focus_key(s), "student_support", "{s}");
        }
        for s in ["Human Resources", "hr", "Human Resource"] {
            assert_eq!(focus_key(s), "human_resources", "{s}");
        }
    }

    #[test]
    fn booleans() {
        for s in ["yes", "TRUE", "y", "1", " Y "] {
            assert_eq!(boolean(s), Some(true), "{s}");
        }
        for s in ["no", "False", "N", "0"] {
            assert_eq!(boolean(s), Some(false), "{s}");
        }
        for s in ["", "2", "oui"] {
            assert_eq!(boolean(s), None, "{s}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(date("12/31/2024"), NaiveDate::from_ymd_opt(2024, 12, 31));
        assert_eq!(date("2/30/2024"), None);
        assert_eq!(date("31/12/2024"), None);
        assert_eq!(date("2024-13-01"), None);
        assert_eq!(date("yesterday"), None);
        assert_eq!(date("2024-1-5"), NaiveDate::from_ymd_opt(2024, 1, 5));
    }

    #[test]
    fn numbers() {
        assert_eq!(number("-3"), Some(-3.0));
        assert_eq!(number("NaN"), None);
        assert_eq!(number("twelve"), None);
        assert_eq!(number("1e400"), None);
    }

    #[test]
    fn categories_compare_case_insensitively() {
        assert_eq!(category("Rural"), category(" rural "));
    }
}
