//! The mentor program's outputs: `result.json`, `pairs.csv` and `summary.md`.

use serde::Serialize;

use crate::eligibility::Screening;
use crate::mentor::{MentorOutcome, MentorProblem, explain};

/// One pair of the result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    /// Mentee id.
    pub mentee: String,
    /// Mentor id.
    pub mentor: String,
    /// Pair cost (model.md section 6).
    pub cost: f64,
    /// Why this mentor, in a phrase.
    pub why: String,
}

/// A mentee left without a mentor, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unmatched {
    /// Mentee id.
    pub id: String,
    /// The reason, in words.
    pub reason: String,
}

/// Someone who may not take part, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IneligibleEntry {
    /// The person's id.
    pub id: String,
    /// The reason, in words.
    pub reason: String,
}

/// The machine-readable result of the mentor program (model.md section 8).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentorResult {
    /// The pairs, in mentee roster order.
    pub pairs: Vec<Pair>,
    /// Mentees without a mentor, with reasons.
    pub unmatched: Vec<Unmatched>,
    /// Sum of the pairs' costs.
    pub total_cost: f64,
    /// `optimal` for the least-cost maximum matching when its dual certificate
    /// checks out (it always should), `feasible` for a stable matching.
    pub status: String,
    /// `least_cost` or `stable`.
    pub method: String,
    /// Number of mentees.
    pub mentees: usize,
    /// Number of mentees matched.
    pub matched: usize,
    /// The largest number of mentees any matching can place, and the least cost of
    /// placing that many (equal to the above for the least-cost method).
    pub max_matched: usize,
    /// Least total cost among matchings of `max_matched` mentees.
    pub least_total_cost: f64,
    /// Mentors who may not take mentees, with reasons.
    pub ineligible: Vec<IneligibleEntry>,
    /// Pairs (mentee, mentor) that block the stability of the least-cost matching
    /// (only computed when stability is asked for).
    pub blocking_pairs: Vec<[String; 2]>,
}

fn focus_name(key: &str) -> String {
    match key {
        "curriculum_instruction" => "Curriculum & Instruction".into(),
        "student_support" => "Student Support".into(),
        "human_resources" => "Human Resources".into(),
        other => other.replace('_', " "),
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Why mentor `m` for mentee `e`, in a phrase.
pub fn why(p: &MentorProblem, e: usize, m: usize) -> String {
    let mentee = &p.rosters.mentees[e];
    let mentor = &p.rosters.mentors[m];
    let (covered, lacking): (Vec<&String>, Vec<&String>) =
        mentee.focus.iter().partition(|f| mentor.focus.contains(f));
    let names = |v: &[&String]| {
        v.iter()
            .map(|f| focus_name(f))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let mut parts = Vec::new();
    match (covered.is_empty(), lacking.is_empty()) {
        (false, true) => parts.push(format!("covers {}", names(&covered))),
        (false, false) => parts.push(format!(
            "covers {} but not {}",
            names(&covered),
            names(&lacking)
        )),
        _ => parts.push(format!("covers none of {}", names(&lacking))),
    }
    parts.push(match &mentor.district_type {
        Some(t) if *t == mentee.district_type => format!("same district type ({t})"),
        Some(t) => format!("other district type ({t}, not {})", mentee.district_type),
        None => "district type not given".into(),
    });
    parts.push(if mentor.region == mentee.region {
        format!("same region ({})", mentor.region)
    } else {
        format!("other region ({})", mentor.region)
    });
    if let Some(k) = mentee.preferences.iter().position(|id| *id == mentor.id) {
        parts.push(format!("{}'s {} choice", mentee.id, ordinal(k + 1)));
    }
    parts.join("; ")
}

/// Builds the result from a solved problem and its screening.
pub fn result(p: &MentorProblem, out: &MentorOutcome, screening: &Screening) -> MentorResult {
    let pairs: Vec<Pair> = out
        .mate
        .iter()
        .enumerate()
        .filter_map(|(e, m)| {
            m.map(|m| Pair {
                mentee: p.rosters.mentees[e].id.clone(),
                mentor: p.rosters.mentors[m].id.clone(),
                cost: p.pair_cost(e, m),
                why: why(p, e, m),
            })
        })
        .collect();
    let explainer = explain::Explainer::new(p, &out.mate, !out.stable);
    let unmatched = (0..p.mentees())
        .filter(|&e| out.mate[e].is_none())
        .map(|e| Unmatched {
            id: p.rosters.mentees[e].id.clone(),
            reason: explainer.reason(e),
        })
        .collect();
    MentorResult {
        matched: pairs.len(),
        pairs,
        unmatched,
        total_cost: out.total_cost,
        status: if !out.stable && out.certified {
            "optimal"
        } else {
            "feasible"
        }
        .into(),
        method: if out.stable { "stable" } else { "least_cost" }.into(),
        mentees: p.mentees(),
        max_matched: out.least_cost.mate.iter().flatten().count(),
        least_total_cost: out.least_cost.total_cost,
        ineligible: screening
            .ineligible
            .iter()
            .map(|i| IneligibleEntry {
                id: i.id.clone(),
                reason: i.reason_text(),
            })
            .collect(),
        blocking_pairs: out
            .blocking
            .iter()
            .map(|&(e, m)| {
                [
                    p.rosters.mentees[e].id.clone(),
                    p.rosters.mentors[m].id.clone(),
                ]
            })
            .collect(),
    }
}

/// `pairs.csv`: mentee, mentor (ids and names), cost and why.
///
/// # Errors
/// Any error of the CSV writer.
pub fn pairs_csv(p: &MentorProblem, out: &MentorOutcome) -> std::io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "mentee",
        "mentee_name",
        "mentor",
        "mentor_name",
        "cost",
        "why",
    ])?;
    for (e, m) in out.mate.iter().enumerate() {
        if let Some(m) = *m {
            let (a, b) = (&p.rosters.mentees[e], &p.rosters.mentors[m]);
            w.write_record([
                a.id.as_str(),
                a.name.as_str(),
                b.id.as_str(),
                b.name.as_str(),
                &p.pair_cost(e, m).to_string(),
                &why(p, e, m),
            ])?;
        }
    }
    w.into_inner().map_err(|e| e.into_error())
}

/// `summary.md`: counts, costs and reasons, by id only (no names).
pub fn summary(r: &MentorResult) -> String {
    summary_with(r, usize::MAX)
}

/// The summary with at most `most` ineligible mentors and unmatched mentees listed
/// (for a terminal; the file has them all).
pub fn summary_with(r: &MentorResult, most: usize) -> String {
    let mut s = String::from("# Mentor program: summary\n\n");
    let method = match (r.method.as_str(), r.status.as_str()) {
        ("stable", _) => "stable matching (mentee-proposing deferred acceptance)",
        (_, "optimal") => {
            "least-cost matching, proven optimal (most mentees placed, then least cost)"
        }
        _ => "least-cost matching (its optimality certificate did not check out)",
    };
    s.push_str(&format!("- Method: {method}\n"));
    s.push_str(&format!(
        "- Mentees matched: {} of {} (the most any matching can place: {})\n",
        r.matched, r.mentees, r.max_matched
    ));
    s.push_str(&format!("- Total pair cost: {}\n", r.total_cost));
    if r.method == "stable" {
        s.push_str(&format!(
            "- The least-cost matching would cost {} for {} mentees; {} pair(s) would block its stability\n",
            r.least_total_cost,
            r.max_matched,
            r.blocking_pairs.len()
        ));
    }
    let perfect = r.pairs.iter().filter(|p| p.cost == 0.0).count();
    s.push_str(&format!(
        "- Pairs with no cost at all (every focus area covered, same district type, same region): {perfect}\n"
    ));
    if !r.ineligible.is_empty() {
        s.push_str("\n## Mentors who may not take mentees\n\n");
        for i in r.ineligible.iter().take(most) {
            s.push_str(&format!("- {}: {}\n", i.id, i.reason));
        }
        if r.ineligible.len() > most {
            s.push_str(&format!(
                "- ... and {} more in summary.md\n",
                r.ineligible.len() - most
            ));
        }
    }
    s.push_str("\n## Unmatched mentees\n\n");
    if r.unmatched.is_empty() {
        s.push_str("Every mentee has a mentor.\n");
    }
    for u in r.unmatched.iter().take(most) {
        s.push_str(&format!("- {}: {}\n", u.id, u.reason));
    }
    if r.unmatched.len() > most {
        s.push_str(&format!(
            "- ... and {} more in summary.md\n",
            r.unmatched.len() - most
        ));
    }
    s
}
