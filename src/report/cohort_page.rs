//! `report.html` of the cohort program: the run in numbers, a picture of each
//! cohort's mix beside the whole group's, the cost in words, and then, in a
//! marked confidential part, who is where and why.
//!
//! The part above the confidential box carries no names and no ids, so it can be
//! shared as it is; [`Names::Redacted`] makes the whole page ids only.

use std::collections::HashMap;

use super::chart::{Bar, stacked_bars};
use super::cohort::CohortResult;
use super::page::{Names, Page, escape, signed};
use super::term_words;
use super::why::{Budget, cheapest_move, cheapest_seat, terms_changed};
use crate::cohort::Instance;
use crate::roster::CohortRosters;
use crate::solve::Outcome;
use crate::solve::state::State;

/// Experience bands for the picture (years as superintendent).
const BANDS: [(f64, &str); 4] = [
    (0.0, "under 5 years"),
    (5.0, "5-9 years"),
    (10.0, "10-14 years"),
    (15.0, "15 years or more"),
];

fn band(years: f64) -> usize {
    BANDS
        .iter()
        .rposition(|&(from, _)| years >= from)
        .unwrap_or(0)
}

/// The attributes pictured: region and district type always, then any other
/// attribute the configuration balances or protects from isolation.
fn pictured(inst: &Instance) -> Vec<String> {
    let mut names = vec!["region".to_string(), "district_type".to_string()];
    for a in inst.balance.iter().chain(&inst.isolate) {
        if !names.contains(&a.name) {
            names.push(a.name.clone());
        }
    }
    names
}

fn nice(name: &str) -> String {
    let s = name.replace('_', " ");
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

fn mix_charts(inst: &Instance, rosters: &CohortRosters, outcome: &Outcome) -> String {
    let k = inst.cohorts();
    let a = &outcome.assignment;
    let members = a.members(k);
    let selected: Vec<usize> = members.iter().flatten().copied().collect();
    let everyone: Vec<usize> = (0..inst.applicants()).collect();
    let mut groups: Vec<(String, &[usize])> = (0..k)
        .map(|c| (format!("Cohort {}", c + 1), members[c].as_slice()))
        .collect();
    groups.push(("All selected".into(), &selected));
    groups.push(("Eligible pool".into(), &everyone));

    let mut html = String::from("<div class=\"charts\">");
    for name in pictured(inst) {
        let value = |i: usize| {
            rosters.applicants[inst.applicant_rows[i]]
                .attribute(&name)
                .unwrap_or("")
                .to_string()
        };
        let mut categories: Vec<String> = everyone.iter().map(|&i| value(i)).collect();
        categories.sort();
        categories.dedup();
        let index: HashMap<&str, usize> = categories
            .iter()
            .enumerate()
            .map(|(v, c)| (c.as_str(), v))
            .collect();
        let bars: Vec<Bar> = groups
            .iter()
            .map(|(label, people)| {
                let mut counts = vec![0; categories.len()];
                for &i in *people {
                    counts[index[value(i).as_str()]] += 1;
                }
                Bar {
                    label: label.clone(),
                    counts,
                }
            })
            .collect();
        html.push_str(&stacked_bars(&nice(&name), &categories, &bars));
    }
    let bands: Vec<String> = BANDS.iter().map(|&(_, l)| l.to_string()).collect();
    let bars: Vec<Bar> = groups
        .iter()
        .map(|(label, people)| {
            let mut counts = vec![0; BANDS.len()];
            for &i in *people {
                counts[band(inst.years[i])] += 1;
            }
            Bar {
                label: label.clone(),
                counts,
            }
        })
        .collect();
    html.push_str(&stacked_bars("Experience as superintendent", &bands, &bars));
    html.push_str("</div>");
    html
}

fn status_words(r: &CohortResult) -> String {
    let total = r.cost.map(|c| c.total).unwrap_or_default();
    match (r.status.as_str(), r.bound, r.gap) {
        ("optimal", _, _) => format!(
            "Proven optimal: no set of cohorts that keeps every rule costs less than {total:.2}."
        ),
        (_, Some(bound), Some(gap)) => {
            let mut s = format!(
                "Best found, not proven best: cost {total:.2}; no set of cohorts can cost less than {bound:.2} (gap {:.1} %).",
                gap * 100.0
            );
            if gap > 0.1 {
                s.push_str(
                    " The lower bound is weak at this size, so the true best lies somewhere in between; the gap says how far this answer could be from it at most.",
                );
            }
            s
        }
        _ => format!("Best found, not proven best: cost {total:.2}; no lower bound is known."),
    }
}

/// Says how many changes were costed when not all were.
fn sampled((tried, possible): (usize, usize)) -> String {
    if tried >= possible {
        String::new()
    } else {
        format!("; cheapest of {tried} changes tried, spread over the {possible} possible")
    }
}

fn index_by_id<'a>(ids: impl Iterator<Item = (&'a str, &'a str)>) -> HashMap<&'a str, &'a str> {
    ids.collect()
}

/// The HTML report of a solved cohort run.
///
/// `result` is the run's `result.json` content ([`super::cohort::result`]);
/// `names` says whether the confidential part shows names.
pub fn report(
    inst: &Instance,
    rosters: &CohortRosters,
    outcome: &Outcome,
    result: &CohortResult,
    names: Names,
) -> String {
    let mut p = Page::new();
    header(&mut p, result);
    shareable(&mut p, inst, rosters, outcome, result);
    confidential(&mut p, inst, rosters, outcome, result, names);
    p.finish("Superintendent Support Network: cohorts")
}

/// The HTML report of a run with no assignment: the numbers and the reasons.
pub fn infeasible_report(result: &CohortResult, names: Names) -> String {
    let mut p = Page::new();
    header(&mut p, result);
    numbers(&mut p, result);
    p.heading(2, "No cohorts can be formed that keep every rule");
    p.raw("<ul>");
    for reason in &result.reasons {
        p.raw(&format!("<li>{}</li>", escape(reason)));
    }
    p.raw("</ul>");
    ineligible_table(&mut p, result, &HashMap::new(), names);
    p.finish("Superintendent Support Network: no cohorts")
}

fn header(p: &mut Page, r: &CohortResult) {
    p.heading(1, "Superintendent Support Network: cohorts");
    let solver = if r.solver.is_empty() {
        String::new()
    } else {
        format!(" · solver {}", r.solver)
    };
    p.para(
        Some("meta"),
        &format!("Status {}{solver} · seed {}", r.status, r.seed),
    );
}

fn numbers(p: &mut Page, r: &CohortResult) {
    let c = &r.counts;
    p.heading(2, "The run in numbers");
    p.tiles(&[
        (c.applicants.to_string(), "applicants"),
        (c.eligible.to_string(), "eligible"),
        (c.selected.to_string(), "selected"),
        (c.waitlisted.to_string(), "waitlisted"),
        (r.cohorts.len().to_string(), "cohorts"),
        (
            format!("{} of {}", c.eligible_facilitators, c.facilitators),
            "facilitators eligible",
        ),
        (c.facilitator_places.to_string(), "facilitator places"),
    ]);
}

fn shareable(
    p: &mut Page,
    inst: &Instance,
    rosters: &CohortRosters,
    outcome: &Outcome,
    r: &CohortResult,
) {
    numbers(p, r);
    p.para(None, &status_words(r));
    p.heading(2, "Each cohort's mix beside the whole group's");
    p.para(
        None,
        "One bar per cohort; the last two bars are everyone selected and the whole eligible pool. \
         A cohort mirrors the group when its bar looks like the \"All selected\" bar.",
    );
    p.raw(&mix_charts(inst, rosters, outcome));

    p.heading(2, "Cohorts and facilitators");
    let a = &outcome.assignment;
    let members = a.members(inst.cohorts());
    let rows: Vec<Vec<String>> = r
        .cohorts
        .iter()
        .enumerate()
        .map(|(c, entry)| {
            let missing = a.slot[c].map_or(0, |s| {
                members[c]
                    .iter()
                    .filter(|&&i| !inst.applicant_available[i][s])
                    .count()
                    + a.facilitators[c]
                        .iter()
                        .filter(|&&f| !inst.facilitator_available[f][s])
                        .count()
            });
            let mut regions: Vec<String> = a.facilitators[c]
                .iter()
                .map(|&f| {
                    rosters.facilitators[inst.facilitator_rows[f]]
                        .region
                        .clone()
                })
                .collect();
            regions.sort();
            vec![
                entry.id.to_string(),
                entry.members.len().to_string(),
                entry.facilitators.len().to_string(),
                regions.join(", "),
                entry.slot.clone().unwrap_or_else(|| "any".into()),
                missing.to_string(),
            ]
        })
        .collect();
    p.table(
        &[
            "Cohort",
            "Members#",
            "Facilitators#",
            "Facilitators' regions",
            "Meets",
            "Cannot make it#",
        ],
        &rows,
    );

    p.heading(2, "What the cost is made of");
    p.para(
        None,
        "Lower is better. Each line is one part of the cost, already multiplied by its weight; they add up to the total.",
    );
    if let Some(cost) = &r.cost {
        let w = &inst.config.weights;
        let weights = [
            w.balance, w.numeric, w.mirror, w.region_f, w.isolated, w.slot, w.priority,
        ];
        let mut rows: Vec<Vec<String>> = cost
            .terms()
            .iter()
            .zip(weights)
            .map(|(&(name, value), weight)| {
                let (short, long) = term_words(name);
                vec![
                    short.to_string(),
                    long.to_string(),
                    format!("{weight}"),
                    format!("{value:.2}"),
                ]
            })
            .collect();
        rows.push(vec![
            "Total".into(),
            String::new(),
            String::new(),
            format!("{:.2}", cost.total),
        ]);
        p.table(&["Part", "What it measures", "Weight#", "Cost#"], &rows);
    }
    let bound = r.bound.map_or("none".into(), |b| format!("{b:.2}"));
    let gap = r
        .gap
        .map_or("unknown".into(), |g| format!("{:.1} %", g * 100.0));
    p.table(
        &[
            "Solver",
            "Status",
            "Lower bound#",
            "Gap#",
            "Seed#",
            "Stopped",
        ],
        &[vec![
            r.solver.clone(),
            r.status.clone(),
            bound,
            gap,
            r.seed.to_string(),
            r.stopped.clone(),
        ]],
    );
}

fn confidential(
    p: &mut Page,
    inst: &Instance,
    rosters: &CohortRosters,
    outcome: &Outcome,
    r: &CohortResult,
    names: Names,
) {
    let a = &outcome.assignment;
    let k = inst.cohorts();
    let members = a.members(k);
    p.raw("<section class=\"confidential\" id=\"confidential\">");
    p.heading(2, "Confidential: who is where, and why");
    p.para(
        Some("note"),
        match names {
            Names::Shown => {
                "This part names people. Share only the part above this box, or run again with --redact for a report with ids only."
            }
            Names::Redacted => "Ids only (--redact): this report names no one.",
        },
    );
    let budget = Budget::for_instance(inst);
    let mut state = State::new(inst, a);
    let app = |i: usize| &rosters.applicants[inst.applicant_rows[i]];
    let who = |i: usize| names.person(&app(i).id, &app(i).name);
    for (c, entry) in r.cohorts.iter().enumerate() {
        p.heading(
            3,
            &format!(
                "Cohort {}{}",
                entry.id,
                entry
                    .slot
                    .as_ref()
                    .map(|s| format!(" · meets {s}"))
                    .unwrap_or_default()
            ),
        );
        let rows: Vec<Vec<String>> = members[c]
            .iter()
            .map(|&i| {
                let x = app(i);
                let slot_ok = a.slot[c].is_none_or(|s| inst.applicant_available[i][s]);
                let why = match cheapest_move(&mut state, i, budget) {
                    Some(alt) => {
                        let partner = alt
                            .swap_with
                            .map(|j| format!(", trading places with {}", who(j)))
                            .unwrap_or_default();
                        let verb = if alt.delta.total < -5e-3 {
                            "would lower the cost by"
                        } else {
                            "would add"
                        };
                        format!(
                            "Cohort {}{partner} {verb} {} ({}){}",
                            alt.cohort + 1,
                            signed(alt.delta.total).trim_start_matches(['+', '-']),
                            terms_changed(&alt.delta),
                            sampled(alt.tried)
                        )
                    }
                    None => "No other cohort can take them without breaking a conflict rule".into(),
                };
                vec![
                    who(i),
                    x.district.clone(),
                    x.region.clone(),
                    x.district_type.clone(),
                    x.years.to_string(),
                    if slot_ok { "yes" } else { "no" }.into(),
                    why,
                ]
            })
            .collect();
        p.table(
            &[
                "Member",
                "District",
                "Region",
                "District type",
                "Years#",
                "Makes the slot",
                "Cheapest move elsewhere",
            ],
            &rows,
        );
        let rows: Vec<Vec<String>> = a.facilitators[c]
            .iter()
            .map(|&f| {
                let x = &rosters.facilitators[inst.facilitator_rows[f]];
                let slot_ok = a.slot[c].is_none_or(|s| inst.facilitator_available[f][s]);
                let shared = members[c]
                    .iter()
                    .filter(|&&i| inst.applicant_region[i] == inst.facilitator_region[f])
                    .count();
                vec![
                    names.person(&x.id, &x.name),
                    x.district.clone(),
                    x.region.clone(),
                    format!("{:?}", x.status).to_lowercase(),
                    shared.to_string(),
                    if slot_ok { "yes" } else { "no" }.into(),
                ]
            })
            .collect();
        p.table(
            &[
                "Facilitator",
                "District",
                "Region",
                "Status",
                "Members from their region#",
                "Makes the slot",
            ],
            &rows,
        );
    }

    p.heading(2, "Waitlist");
    if r.waitlist.is_empty() {
        p.para(
            None,
            "Nobody is waiting: every eligible applicant is selected.",
        );
    } else {
        p.para(
            None,
            "Eligible but not selected, in waitlist order: highest priority first, then the seeded lottery.",
        );
        let min_selected = (0..inst.applicants())
            .filter(|&i| a.cohort_of[i].is_some())
            .map(|i| inst.priority[i])
            .fold(f64::INFINITY, f64::min);
        let position: HashMap<&str, usize> = inst
            .applicant_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let rows: Vec<Vec<String>> = r
            .waitlist
            .iter()
            .enumerate()
            .filter_map(|(place, id)| position.get(id.as_str()).map(|&u| (place, u)))
            .map(|(place, u)| {
                let mut why = Vec::new();
                if inst.priority[u] < min_selected {
                    why.push(format!(
                        "priority {} is below every selected applicant's (lowest selected: {min_selected})",
                        inst.priority[u]
                    ));
                }
                why.push(match cheapest_seat(&mut state, u, budget) {
                    Some(alt) if alt.delta.total.abs() < 5e-3 => format!(
                        "seating them in cohort {} in place of {} would cost the same; the seeded lottery decided",
                        alt.cohort + 1,
                        alt.swap_with.map(who).unwrap_or_default()
                    ),
                    Some(alt) => format!(
                        "the cheapest way to seat them, in cohort {} in place of {}, would {} the cost by {} ({}){}",
                        alt.cohort + 1,
                        alt.swap_with.map(who).unwrap_or_default(),
                        if alt.delta.total > 0.0 { "raise" } else { "lower" },
                        signed(alt.delta.total).trim_start_matches(['+', '-']),
                        terms_changed(&alt.delta),
                        sampled(alt.tried)
                    ),
                    None => "nobody selected can be replaced by them without breaking a conflict rule".into(),
                });
                let mut text = why.join("; ");
                text[..1].make_ascii_uppercase();
                vec![(place + 1).to_string(), who(u), inst.priority[u].to_string(), text]
            })
            .collect();
        p.table(&["Place#", "Applicant", "Priority#", "Why waiting"], &rows);
    }
    let by_id = index_by_id(
        rosters
            .applicants
            .iter()
            .map(|x| (x.id.as_str(), x.name.as_str()))
            .chain(
                rosters
                    .facilitators
                    .iter()
                    .map(|x| (x.id.as_str(), x.name.as_str())),
            ),
    );
    ineligible_table(p, r, &by_id, names);
    p.raw("</section>");
}

fn ineligible_table(p: &mut Page, r: &CohortResult, by_id: &HashMap<&str, &str>, names: Names) {
    p.heading(2, "Not eligible");
    if r.ineligible.is_empty() {
        p.para(None, "Everyone on both rosters is eligible.");
        return;
    }
    let rows: Vec<Vec<String>> = r
        .ineligible
        .iter()
        .map(|x| {
            let name = by_id.get(x.id.as_str()).copied().unwrap_or("");
            vec![names.person(&x.id, name), x.role.clone(), x.reason.clone()]
        })
        .collect();
    p.table(&["Person", "Role", "Why not"], &rows);
}
