//! What a coordinator reads: plain-text summaries that carry ids and counts, never names.

pub mod cohort;
pub mod mentor;

use std::fmt::Write;

use crate::eligibility::Screening;

/// One line: how many of each roster may take part.
///
/// ```
/// use cohortmatch::{eligibility::Screening, report};
/// let s = Screening { eligible_applicants: vec![0, 1], ..Screening::default() };
/// assert_eq!(report::eligibility_headline(&s, "mentees", "mentors"), "Eligible: 2 of 2 mentees, 0 of 0 mentors.\n");
/// ```
pub fn eligibility_headline(s: &Screening, people: &str, helpers: &str) -> String {
    use crate::eligibility::Role;
    let count = |role| s.ineligible.iter().filter(|p| p.role == role).count();
    let first_out = count(Role::Applicant);
    let second_out = count(Role::Facilitator) + count(Role::Mentor);
    format!(
        "Eligible: {} of {} {people}, {} of {} {helpers}.\n",
        s.eligible_applicants.len(),
        s.eligible_applicants.len() + first_out,
        s.eligible_facilitators.len(),
        s.eligible_facilitators.len() + second_out,
    )
}

/// The eligibility summary: counts by reason, then each ineligible person's id,
/// role and reason. It names no one, so it can go into logs.
///
/// ```
/// use cohortmatch::{eligibility::{Ineligible, Reason, Role, Screening}, report};
/// let s = Screening {
///     eligible_applicants: vec![0, 1],
///     eligible_facilitators: vec![0],
///     ineligible: vec![Ineligible { id: "A3".into(), role: Role::Applicant,
///         reasons: vec![Reason::TooFewYears { years: 2.0, required: 3.0 }] }],
/// };
/// let text = report::eligibility_summary(&s, "applicants", "facilitators");
/// assert!(text.contains("applicant    too_few_years"));
/// assert!(text.contains("A3  applicant  2 years as superintendent"));
/// ```
pub fn eligibility_summary(s: &Screening, people: &str, helpers: &str) -> String {
    let mut out = eligibility_headline(s, people, helpers);
    if s.ineligible.is_empty() {
        let _ = writeln!(out, "Nobody is ineligible.");
        return out;
    }
    let _ = writeln!(
        out,
        "\nIneligible, by reason (someone may count under two):"
    );
    for ((role, code), n) in s.counts_by_reason() {
        let _ = writeln!(out, "  {:<12} {:<22} {n:>4}", role.to_string(), code);
    }
    let _ = writeln!(out, "\nIneligible people:");
    let width = s.ineligible.iter().map(|p| p.id.len()).max().unwrap_or(0);
    for p in &s.ineligible {
        let _ = writeln!(out, "  {:<width$}  {}  {}", p.id, p.role, p.reason_text());
    }
    out
}
