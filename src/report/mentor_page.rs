//! `report.html` of the mentor program: the numbers, a picture of how well the
//! pairs fit, then (confidential) every pair with why, and every unmatched mentee
//! with why not.

use std::collections::HashMap;

use super::chart::{Bar, stacked_bars};
use super::mentor::MentorResult;
use super::page::{Names, Page};
use crate::mentor::{MentorOutcome, MentorProblem};

/// The HTML report of a mentor run: `out` is the matching, `r` its
/// `result.json` content ([`super::mentor::result`]); `names` says whether the
/// confidential part shows names.
pub fn report(p: &MentorProblem, out: &MentorOutcome, r: &MentorResult, names: Names) -> String {
    let mut page = Page::new();
    page.heading(1, "Assistant Superintendent Mentor Program: pairs");
    page.para(
        Some("meta"),
        &format!(
            "Status {} · method {}",
            r.status,
            r.method.replace('_', " ")
        ),
    );
    page.heading(2, "The run in numbers");
    let trained = p.mentors() - r.ineligible.len();
    page.tiles(&[
        (r.mentees.to_string(), "mentees"),
        (r.matched.to_string(), "matched"),
        ((r.mentees - r.matched).to_string(), "unmatched"),
        (format!("{trained} of {}", p.mentors()), "mentors trained"),
        (
            p.capacity.iter().sum::<usize>().to_string(),
            "mentor places",
        ),
        (format!("{:.1}", r.total_cost), "total pair cost"),
    ]);
    page.para(
        None,
        &match r.status.as_str() {
            "optimal" => format!(
                "Proven optimal: no matching places more mentees, and none placing {} costs less than {:.1}.",
                r.matched, r.total_cost
            ),
            _ if r.method == "stable" => format!(
                "Stable matching: no mentee and mentor would both rather be together than with whom they have. The least-cost matching would place {} at cost {:.1}.",
                r.max_matched, r.least_total_cost
            ),
            _ => "The least-cost matching's certificate did not check out; treat it as a good matching, not a proven best.".into(),
        },
    );

    page.heading(2, "How well the pairs fit");
    let mut fit = [[0usize; 3]; 3];
    let pairs = out
        .mate
        .iter()
        .enumerate()
        .filter_map(|(e, m)| m.map(|m| (e, m)));
    for (e, m) in pairs {
        let (mentee, mentor) = (&p.rosters.mentees[e], &p.rosters.mentors[m]);
        let covered = mentee
            .focus
            .iter()
            .filter(|f| mentor.focus.contains(f))
            .count();
        fit[0][match (covered, mentee.focus.len()) {
            (c, all) if c == all => 0,
            (0, _) => 2,
            _ => 1,
        }] += 1;
        fit[1][match &mentor.district_type {
            Some(t) if *t == mentee.district_type => 0,
            Some(_) => 2,
            None => 1,
        }] += 1;
        fit[2][usize::from(mentor.region != mentee.region) * 2] += 1;
    }
    let categories = vec![
        "fits".to_string(),
        "partly / not given".to_string(),
        "does not fit".to_string(),
    ];
    let bars: Vec<Bar> = ["Focus areas", "District type", "Region"]
        .iter()
        .zip(fit)
        .map(|(label, counts)| Bar {
            label: label.to_string(),
            counts: counts.to_vec(),
        })
        .collect();
    page.raw("<div class=\"charts\">");
    page.raw(&stacked_bars(
        "Pairs, by what they share",
        &categories,
        &bars,
    ));
    page.raw(&stacked_bars(
        "Mentees",
        &["matched".to_string(), "unmatched".to_string()],
        &[Bar {
            label: "All mentees".into(),
            counts: vec![r.matched, r.mentees - r.matched],
        }],
    ));
    page.raw("</div>");

    page.raw("<section class=\"confidential\" id=\"confidential\">");
    page.heading(2, "Confidential: every pair, and why");
    page.para(
        Some("note"),
        match names {
            Names::Shown => {
                "This part names people. Share only the part above this box, or run again with --redact for a report with ids only."
            }
            Names::Redacted => "Ids only (--redact): this report names no one.",
        },
    );
    let mentee_name: HashMap<&str, &str> = p
        .rosters
        .mentees
        .iter()
        .map(|x| (x.id.as_str(), x.name.as_str()))
        .collect();
    let mentor_name: HashMap<&str, &str> = p
        .rosters
        .mentors
        .iter()
        .map(|x| (x.id.as_str(), x.name.as_str()))
        .collect();
    let person =
        |map: &HashMap<&str, &str>, id: &str| names.person(id, map.get(id).copied().unwrap_or(""));
    let rows: Vec<Vec<String>> = r
        .pairs
        .iter()
        .map(|x| {
            vec![
                person(&mentee_name, &x.mentee),
                person(&mentor_name, &x.mentor),
                format!("{}", x.cost),
                x.why.clone(),
            ]
        })
        .collect();
    page.table(&["Mentee", "Mentor", "Cost#", "Why this mentor"], &rows);
    page.heading(2, "Unmatched mentees");
    if r.unmatched.is_empty() {
        page.para(None, "Every mentee has a mentor.");
    } else {
        let rows: Vec<Vec<String>> = r
            .unmatched
            .iter()
            .map(|u| vec![person(&mentee_name, &u.id), u.reason.clone()])
            .collect();
        page.table(&["Mentee", "Why no mentor"], &rows);
    }
    if !r.ineligible.is_empty() {
        page.heading(2, "Mentors who may not take mentees");
        let rows: Vec<Vec<String>> = r
            .ineligible
            .iter()
            .map(|x| vec![person(&mentor_name, &x.id), x.reason.clone()])
            .collect();
        page.table(&["Mentor", "Why not"], &rows);
    }
    page.raw("</section>");
    page.finish("Mentor Program: pairs")
}
