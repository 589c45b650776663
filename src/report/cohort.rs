//! The cohort program's outputs (model.md section 8): `result.json`, one roster
//! file per cohort (that cohort's people only), and `summary.csv` (counts and cost
//! terms, no names).

use serde::Serialize;

use crate::cohort::{CostBreakdown, Instance};
use crate::eligibility::Screening;
use crate::roster::CohortRosters;
use crate::solve::heuristic::by_priority_then_lottery;
use crate::solve::{Infeasible, Outcome};

/// One cohort in `result.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortEntry {
    /// 1-based cohort number.
    pub id: usize,
    /// Member ids.
    pub members: Vec<String>,
    /// Facilitator ids.
    pub facilitators: Vec<String>,
    /// Meeting slot label, when the rosters give availability.
    pub slot: Option<String>,
}

/// Someone ineligible, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IneligibleEntry {
    /// The person's id.
    pub id: String,
    /// `applicant` or `facilitator`.
    pub role: String,
    /// The reasons in words.
    pub reason: String,
}

/// Headcounts of the run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counts {
    /// Rows in the applicants roster.
    pub applicants: usize,
    /// Eligible applicants.
    pub eligible: usize,
    /// Applicants selected.
    pub selected: usize,
    /// Eligible applicants not selected.
    pub waitlisted: usize,
    /// Rows in the facilitators roster.
    pub facilitators: usize,
    /// Eligible facilitators.
    pub eligible_facilitators: usize,
    /// Facilitator places filled.
    pub facilitator_places: usize,
}

/// The machine-readable result of the cohort program.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortResult {
    /// `optimal`, `feasible` or `infeasible`.
    pub status: String,
    /// The cohorts (empty when infeasible).
    pub cohorts: Vec<CohortEntry>,
    /// Every cost term as its weighted contribution, and the total.
    pub cost: Option<CostBreakdown>,
    /// Best lower bound known.
    pub bound: Option<f64>,
    /// `(total - bound) / max(1, |total|)`.
    pub gap: Option<f64>,
    /// The lottery seed.
    pub seed: u64,
    /// The solver that produced the answer.
    pub solver: String,
    /// Why the search stopped.
    pub stopped: String,
    /// Headcounts.
    pub counts: Counts,
    /// Everyone ineligible, with reasons.
    pub ineligible: Vec<IneligibleEntry>,
    /// Eligible applicants not selected, by priority then lottery.
    pub waitlist: Vec<String>,
    /// Why no assignment exists (only when infeasible).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
}

/// The waitlist: eligible applicants not selected, highest priority first, ties
/// broken by the seeded lottery. Instance indices.
pub fn waitlist(inst: &Instance, cohort_of: &[Option<usize>], seed: u64) -> Vec<usize> {
    let mut out: Vec<usize> = (0..inst.applicants())
        .filter(|&i| cohort_of.get(i).is_some_and(Option::is_none))
        .collect();
    by_priority_then_lottery(inst, &mut out, seed);
    out
}

fn ineligible(screening: &Screening) -> Vec<IneligibleEntry> {
    screening
        .ineligible
        .iter()
        .map(|p| IneligibleEntry {
            id: p.id.clone(),
            role: p.role.to_string(),
            reason: p.reason_text(),
        })
        .collect()
}

fn counts(inst: &Instance, rosters: &CohortRosters, selected: usize, places: usize) -> Counts {
    Counts {
        applicants: rosters.applicants.len(),
        eligible: inst.applicants(),
        selected,
        waitlisted: inst.applicants() - selected,
        facilitators: rosters.facilitators.len(),
        eligible_facilitators: inst.facilitators(),
        facilitator_places: places,
    }
}

/// Builds `result.json`'s content for a solved run.
pub fn result(
    inst: &Instance,
    rosters: &CohortRosters,
    screening: &Screening,
    outcome: &Outcome,
) -> CohortResult {
    let a = &outcome.assignment;
    let k = inst.cohorts();
    let members = a.members(k);
    let cohorts = (0..k)
        .map(|c| CohortEntry {
            id: c + 1,
            members: members[c]
                .iter()
                .map(|&i| inst.applicant_ids[i].clone())
                .collect(),
            facilitators: a.facilitators[c]
                .iter()
                .map(|&f| inst.facilitator_ids[f].clone())
                .collect(),
            slot: a.slot[c].map(|s| inst.slots[s].clone()),
        })
        .collect();
    let selected = members.iter().map(Vec::len).sum();
    let places = a.facilitators.iter().map(Vec::len).sum();
    CohortResult {
        status: match outcome.status {
            crate::solve::Status::Optimal => "optimal",
            crate::solve::Status::Feasible => "feasible",
        }
        .into(),
        cohorts,
        cost: Some(outcome.cost),
        bound: outcome.bound,
        gap: outcome.gap(),
        seed: inst.config.seed,
        solver: outcome.solver.clone(),
        stopped: outcome.stopped.clone(),
        counts: counts(inst, rosters, selected, places),
        ineligible: ineligible(screening),
        waitlist: waitlist(inst, &a.cohort_of, inst.config.seed)
            .into_iter()
            .map(|i| inst.applicant_ids[i].clone())
            .collect(),
        reasons: Vec::new(),
    }
}

/// Builds `result.json`'s content when no assignment exists.
pub fn infeasible(
    inst: &Instance,
    rosters: &CohortRosters,
    screening: &Screening,
    why: &Infeasible,
) -> CohortResult {
    CohortResult {
        status: "infeasible".into(),
        cohorts: Vec::new(),
        cost: None,
        bound: None,
        gap: None,
        seed: inst.config.seed,
        solver: String::new(),
        stopped: "no assignment keeps every rule".into(),
        counts: counts(inst, rosters, 0, 0),
        ineligible: ineligible(screening),
        waitlist: Vec::new(),
        reasons: why.reasons.clone(),
    }
}

/// The file name of cohort `c` (0-based): `cohort_1.csv`, ...
pub fn roster_file_name(c: usize) -> String {
    format!("cohort_{}.csv", c + 1)
}

/// One cohort's confidential roster: its members and facilitators, nobody else.
///
/// # Errors
/// Any error of the CSV writer.
pub fn cohort_csv(
    inst: &Instance,
    rosters: &CohortRosters,
    outcome: &Outcome,
    c: usize,
) -> std::io::Result<Vec<u8>> {
    let a = &outcome.assignment;
    let slot = a.slot[c].map(|s| inst.slots[s].clone()).unwrap_or_default();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "cohort",
        "role",
        "id",
        "name",
        "email",
        "district",
        "region",
        "district_type",
        "years_as_superintendent",
        "slot",
        "available_at_slot",
        "seed",
    ])?;
    let cohort = (c + 1).to_string();
    let seed = inst.config.seed.to_string();
    for i in a.members(inst.cohorts())[c].iter().copied() {
        let p = &rosters.applicants[inst.applicant_rows[i]];
        let ok = a.slot[c].is_none_or(|s| inst.applicant_available[i][s]);
        w.write_record([
            cohort.as_str(),
            "member",
            &p.id,
            &p.name,
            p.email.as_deref().unwrap_or(""),
            &p.district,
            &p.region,
            &p.district_type,
            &p.years.to_string(),
            &slot,
            if ok { "yes" } else { "no" },
            &seed,
        ])?;
    }
    for &f in &a.facilitators[c] {
        let p = &rosters.facilitators[inst.facilitator_rows[f]];
        let ok = a.slot[c].is_none_or(|s| inst.facilitator_available[f][s]);
        w.write_record([
            cohort.as_str(),
            "facilitator",
            &p.id,
            &p.name,
            "",
            &p.district,
            &p.region,
            p.district_type.as_deref().unwrap_or(""),
            &p.years.to_string(),
            &slot,
            if ok { "yes" } else { "no" },
            &seed,
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error())
}

/// `summary.csv`: `metric,value` rows of counts, cost terms and solver facts. No
/// names and no ids, so it can be shared.
///
/// # Errors
/// Any error of the CSV writer.
pub fn summary_csv(r: &CohortResult) -> std::io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["metric", "value"])?;
    let c = &r.counts;
    let mut rows: Vec<(String, String)> = vec![
        ("status".into(), r.status.clone()),
        ("applicants".into(), c.applicants.to_string()),
        ("eligible".into(), c.eligible.to_string()),
        ("selected".into(), c.selected.to_string()),
        ("waitlisted".into(), c.waitlisted.to_string()),
        ("facilitators".into(), c.facilitators.to_string()),
        (
            "eligible_facilitators".into(),
            c.eligible_facilitators.to_string(),
        ),
        (
            "facilitator_places".into(),
            c.facilitator_places.to_string(),
        ),
        ("cohorts".into(), r.cohorts.len().to_string()),
    ];
    for cohort in &r.cohorts {
        rows.push((
            format!("cohort_{}_members", cohort.id),
            cohort.members.len().to_string(),
        ));
        rows.push((
            format!("cohort_{}_facilitators", cohort.id),
            cohort.facilitators.len().to_string(),
        ));
        rows.push((
            format!("cohort_{}_slot", cohort.id),
            cohort.slot.clone().unwrap_or_default(),
        ));
    }
    if let Some(cost) = &r.cost {
        for (name, value) in [
            ("cost_balance", cost.balance),
            ("cost_numeric", cost.numeric),
            ("cost_mirror", cost.mirror),
            ("cost_region_f", cost.region_f),
            ("cost_isolated", cost.isolated),
            ("cost_slot", cost.slot),
            ("cost_priority", cost.priority),
            ("cost_total", cost.total),
        ] {
            rows.push((name.into(), value.to_string()));
        }
    }
    let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    rows.push(("bound".into(), opt(r.bound)));
    rows.push(("gap".into(), opt(r.gap)));
    rows.push(("seed".into(), r.seed.to_string()));
    rows.push(("solver".into(), r.solver.clone()));
    rows.push(("stopped".into(), r.stopped.clone()));
    for (k, v) in rows {
        w.write_record([k, v])?;
    }
    w.into_inner().map_err(|e| e.into_error())
}
