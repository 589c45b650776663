//! What a coordinator reads: plain-text summaries that carry ids and counts, never
//! names; and one self-contained HTML report per run ([`cohort_page`],
//! [`mentor_page`]) whose shareable part names no one.

pub mod chart;
pub mod cohort;
pub mod cohort_page;
pub mod mentor;
pub mod mentor_page;
pub mod page;
pub mod why;

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

/// A cost term of model.md section 5 in a coordinator's words: (short name, what
/// it measures).
///
/// ```
/// assert_eq!(cohortmatch::report::term_words("slot").0, "meeting slot");
/// ```
pub fn term_words(term: &str) -> (&'static str, &'static str) {
    match term {
        "balance" => (
            "cohort mix",
            "how far each cohort's mix of regions and district types is from the whole group's",
        ),
        "numeric" => (
            "experience spread",
            "how far each cohort's total years as superintendent are from an even share, in standard deviations",
        ),
        "mirror" => (
            "selection mirrors pool",
            "how far the selected group's mix is from the eligible pool's",
        ),
        "region_f" => (
            "facilitator from own region",
            "members whose facilitator comes from their own region (each pair counts)",
        ),
        "isolated" => (
            "only one of their kind",
            "people who are the only one of their kind in their cohort, for the protected attributes",
        ),
        "slot" => (
            "meeting slot",
            "members and facilitators who cannot make their cohort's meeting slot",
        ),
        "priority" => (
            "committee priority",
            "minus the committee's priority ratings of those selected",
        ),
        _ => ("other", ""),
    }
}
