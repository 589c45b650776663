//! The one cost function of the cohort program (model.md section 5).
//!
//! Everything that reports or compares a cost uses [`evaluate`]: the exact model's
//! reporting, the heuristic's deltas (checked against it in tests), the outputs.

use serde::{Deserialize, Serialize};

use super::{Assignment, Instance};

/// Each term of the cost as its weighted contribution; they add up to `total`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct CostBreakdown {
    /// Cohorts mirroring the selected group's mix of each balance attribute.
    pub balance: f64,
    /// Experience spread evenly, in standard deviations.
    pub numeric: f64,
    /// The selected group mirroring the eligible pool.
    pub mirror: f64,
    /// Facilitator-member pairs sharing a region.
    pub region_f: f64,
    /// People who are the only one of their value in a cohort.
    pub isolated: f64,
    /// People not available at their cohort's slot.
    pub slot: f64,
    /// Minus the weighted sum of the selected applicants' priorities.
    pub priority: f64,
    /// The sum of the terms above.
    pub total: f64,
}

impl std::ops::Sub for CostBreakdown {
    type Output = CostBreakdown;

    /// Term-by-term difference: what a change did to each term.
    fn sub(self, o: CostBreakdown) -> CostBreakdown {
        CostBreakdown {
            balance: self.balance - o.balance,
            numeric: self.numeric - o.numeric,
            mirror: self.mirror - o.mirror,
            region_f: self.region_f - o.region_f,
            isolated: self.isolated - o.isolated,
            slot: self.slot - o.slot,
            priority: self.priority - o.priority,
            total: self.total - o.total,
        }
    }
}

impl CostBreakdown {
    /// The terms with their names, in model.md's order (without the total).
    pub fn terms(&self) -> [(&'static str, f64); 7] {
        [
            ("balance", self.balance),
            ("numeric", self.numeric),
            ("mirror", self.mirror),
            ("region_f", self.region_f),
            ("isolated", self.isolated),
            ("slot", self.slot),
            ("priority", self.priority),
        ]
    }
}

/// Unweighted counts behind each term, for reports and for tests that switch weights.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RawTerms {
    /// Sum of absolute deviations from each cohort's share.
    pub balance: f64,
    /// Sum over cohorts of |years - share| / sd.
    pub numeric: f64,
    /// Sum of absolute deviations of the selection from the pool.
    pub mirror: f64,
    /// Number of (facilitator, member) pairs sharing a region.
    pub region_f: f64,
    /// Number of (cohort, attribute, value) held by exactly one member.
    pub isolated: f64,
    /// Number of people not available at their cohort's slot.
    pub slot: f64,
    /// Sum of selected priorities.
    pub priority: f64,
}

/// The raw, unweighted terms of an assignment.
pub fn raw_terms(inst: &Instance, a: &Assignment) -> RawTerms {
    let k = inst.cohorts();
    let e = inst.applicants();
    let members: Vec<Vec<usize>> = a
        .members(k)
        .into_iter()
        .map(|m| m.into_iter().filter(|&i| i < e).collect())
        .collect();
    let n: usize = members.iter().map(Vec::len).sum();
    let mut t = RawTerms::default();

    for attr in &inst.balance {
        let values = attr.values.len();
        let mut selected = vec![0usize; values];
        let mut eligible = vec![0usize; values];
        for (i, &v) in attr.of.iter().enumerate() {
            eligible[v] += 1;
            if matches!(a.cohort_of.get(i), Some(Some(c)) if *c < k) {
                selected[v] += 1;
            }
        }
        if n > 0 {
            for m in &members {
                let mut in_c = vec![0usize; values];
                for &i in m {
                    in_c[attr.of[i]] += 1;
                }
                for v in 0..values {
                    let share = m.len() as f64 * selected[v] as f64 / n as f64;
                    t.balance += (in_c[v] as f64 - share).abs();
                }
            }
        }
        if e > 0 {
            for v in 0..values {
                let share = n as f64 * eligible[v] as f64 / e as f64;
                t.mirror += (selected[v] as f64 - share).abs();
            }
        }
    }

    if inst.sd_years > 0.0 && n > 0 {
        let sum: f64 = members.iter().flatten().map(|&i| inst.years[i]).sum();
        let mean = sum / n as f64;
        for m in &members {
            let s: f64 = m.iter().map(|&i| inst.years[i]).sum();
            t.numeric += (s - m.len() as f64 * mean).abs() / inst.sd_years;
        }
    }

    for (c, m) in members.iter().enumerate() {
        let facs: Vec<usize> = a
            .facilitators
            .get(c)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .copied()
            .filter(|&f| f < inst.facilitators())
            .collect();
        for &f in &facs {
            let r = inst.facilitator_region[f];
            t.region_f += m.iter().filter(|&&i| inst.applicant_region[i] == r).count() as f64;
        }
        for attr in &inst.isolate {
            let mut in_c = vec![0usize; attr.values.len()];
            for &i in m {
                in_c[attr.of[i]] += 1;
            }
            t.isolated += in_c.iter().filter(|&&x| x == 1).count() as f64;
        }
        if let Some(Some(s)) = a.slot.get(c)
            && *s < inst.slots.len()
        {
            t.slot += m
                .iter()
                .filter(|&&i| !inst.applicant_available[i][*s])
                .count() as f64;
            t.slot += facs
                .iter()
                .filter(|&&f| !inst.facilitator_available[f][*s])
                .count() as f64;
        }
    }

    t.priority = members.iter().flatten().map(|&i| inst.priority[i]).sum();
    t
}

/// The cost of an assignment, term by term (model.md section 5).
///
/// The assignment need not keep the hard rules (use [`super::verify()`] for that);
/// applicants, cohorts, facilitators and slots out of range are ignored.
pub fn evaluate(inst: &Instance, a: &Assignment) -> CostBreakdown {
    let w = &inst.config.weights;
    let t = raw_terms(inst, a);
    let mut c = CostBreakdown {
        balance: w.balance * t.balance,
        numeric: w.numeric * t.numeric,
        mirror: w.mirror * t.mirror,
        region_f: w.region_f * t.region_f,
        isolated: w.isolated * t.isolated,
        slot: w.slot * t.slot,
        priority: -w.priority * t.priority,
        total: 0.0,
    };
    c.total = c.balance + c.numeric + c.mirror + c.region_f + c.isolated + c.slot + c.priority;
    c
}
