//! Reasons for every person of the cohort program: what moving a selected
//! applicant elsewhere would cost, term by term, and why a waitlisted one waits.
//!
//! Each alternative is a rule-keeping change of the answer, costed with the one
//! cost function ([`crate::cohort::evaluate`]), so the numbers a coordinator reads
//! are the same numbers the solvers minimise.

use crate::cohort::{Assignment, CostBreakdown, Instance, evaluate};

/// A rule-keeping change that puts one person somewhere else, and what it costs.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    /// The cohort the person would join (0-based).
    pub cohort: usize,
    /// The applicant who would trade places (instance index), if anyone.
    pub swap_with: Option<usize>,
    /// Cost after the change minus cost now, term by term.
    pub delta: CostBreakdown,
}

/// Limits how many alternatives are costed for one report, because each costs a
/// full evaluation (time proportional to the selected group).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Candidate changes costed per person, at most.
    pub per_person: usize,
}

impl Budget {
    /// Every alternative for small programs; a fair, spread-out sample for large
    /// ones, so a report of thousands is written in seconds.
    pub fn for_instance(inst: &Instance) -> Budget {
        let people = inst.applicants().max(1);
        // About 4e8 units of work in all: evaluations × selected group.
        let total = 400_000_000 / inst.selected.max(1);
        Budget {
            per_person: (total / people).max(8),
        }
    }
}

/// Picks up to `most` items of `0..len`, spread evenly, in order.
fn spread(len: usize, most: usize) -> impl Iterator<Item = usize> {
    let step = if most == 0 {
        usize::MAX
    } else {
        len.div_ceil(most).max(1)
    };
    (0..len).step_by(step).take(most)
}

/// The cheapest rule-keeping way to put selected applicant `i` into another
/// cohort: moved, when the sizes allow it, or swapped with one of its members.
/// `None` when no other cohort can take them. `Some` alternatives may be cheaper
/// than now (negative delta) when the answer was not proven optimal.
///
/// ```
/// use cohortmatch::cohort::{Instance, evaluate};
/// use cohortmatch::report::why::{Budget, cheapest_move};
/// use cohortmatch::solve::{solve_cohorts, Method, SolveOptions};
/// use cohortmatch::synthetic::CohortSpec;
/// let spec = CohortSpec { applicants: 10, facilitators: 8, ..CohortSpec::default() };
/// let rosters = cohortmatch::synthetic::cohort_rosters(&spec);
/// let mut config = cohortmatch::Config::default();
/// config.cohorts.seats = 6;
/// config.cohorts.cohorts = 2;
/// let screening = cohortmatch::eligibility::screen_cohort_program(&rosters, &config);
/// let inst = Instance::new(&rosters, &screening, &config);
/// let out = solve_cohorts(&inst, &SolveOptions::default(), Method::Heuristic).unwrap();
/// let i = out.assignment.cohort_of.iter().position(Option::is_some).unwrap();
/// if let Some(alt) = cheapest_move(&inst, &out.assignment, i, Budget::for_instance(&inst)) {
///     assert_ne!(Some(alt.cohort), out.assignment.cohort_of[i]);
/// }
/// ```
pub fn cheapest_move(
    inst: &Instance,
    a: &Assignment,
    i: usize,
    budget: Budget,
) -> Option<Alternative> {
    let k = inst.cohorts();
    let c = a.cohort_of.get(i).copied().flatten()?;
    let members = a.members(k);
    let base = evaluate(inst, a);
    let n = inst.selected;
    let (lo, hi) = (n / k.max(1), n.div_ceil(k.max(1)));
    let mut best: Option<Alternative> = None;
    let mut consider = |b: &Assignment, cohort: usize, swap_with: Option<usize>| {
        let delta = evaluate(inst, b) - base;
        if best
            .as_ref()
            .is_none_or(|x| delta.total < x.delta.total - 1e-9)
        {
            best = Some(Alternative {
                cohort,
                swap_with,
                delta,
            });
        }
    };
    let others: Vec<usize> = (0..k).filter(|&d| d != c).collect();
    let per_cohort = (budget.per_person / others.len().max(1)).max(1);
    for &d in &others {
        let mut b = a.clone();
        if members[c].len() > lo
            && members[d].len() < hi
            && inst.may_join(i, &members[d], &a.facilitators[d], None)
        {
            b.cohort_of[i] = Some(d);
            consider(&b, d, None);
            b.cohort_of[i] = Some(c);
        }
        for x in spread(members[d].len(), per_cohort) {
            let j = members[d][x];
            if inst.may_join(i, &members[d], &a.facilitators[d], Some(j))
                && inst.may_join(j, &members[c], &a.facilitators[c], Some(i))
            {
                b.cohort_of[i] = Some(d);
                b.cohort_of[j] = Some(c);
                consider(&b, d, Some(j));
                b.cohort_of[i] = Some(c);
                b.cohort_of[j] = Some(d);
            }
        }
    }
    best
}

/// The cheapest rule-keeping way to seat waitlisted applicant `u`: in place of a
/// selected applicant, in that applicant's cohort. `None` when nobody can be
/// replaced by them.
pub fn cheapest_seat(
    inst: &Instance,
    a: &Assignment,
    u: usize,
    budget: Budget,
) -> Option<Alternative> {
    if a.cohort_of.get(u).copied().flatten().is_some() {
        return None;
    }
    let k = inst.cohorts();
    let members = a.members(k);
    let base = evaluate(inst, a);
    let selected: Vec<usize> = (0..inst.applicants())
        .filter(|&i| a.cohort_of[i].is_some())
        .collect();
    let mut best: Option<Alternative> = None;
    let mut b = a.clone();
    for x in spread(selected.len(), budget.per_person) {
        let j = selected[x];
        let Some(c) = a.cohort_of[j] else { continue };
        if !inst.may_join(u, &members[c], &a.facilitators[c], Some(j)) {
            continue;
        }
        b.cohort_of[j] = None;
        b.cohort_of[u] = Some(c);
        let delta = evaluate(inst, &b) - base;
        b.cohort_of[j] = Some(c);
        b.cohort_of[u] = None;
        if best
            .as_ref()
            .is_none_or(|x| delta.total < x.delta.total - 1e-9)
        {
            best = Some(Alternative {
                cohort: c,
                swap_with: Some(j),
                delta,
            });
        }
    }
    best
}

/// The terms a change moves, in words: `balance +1.00, region_f -0.50`; "no term
/// changes" when none does.
///
/// ```
/// use cohortmatch::cohort::CostBreakdown;
/// let d = CostBreakdown { balance: 1.0, region_f: -0.5, total: 0.5, ..CostBreakdown::default() };
/// assert_eq!(cohortmatch::report::why::terms_changed(&d), "cohort mix +1.00, facilitator from own region -0.50");
/// ```
pub fn terms_changed(delta: &CostBreakdown) -> String {
    let parts: Vec<String> = delta
        .terms()
        .iter()
        .filter(|(_, v)| v.abs() >= 5e-3)
        .map(|&(name, v)| format!("{} {}", super::term_words(name).0, super::page::signed(v)))
        .collect();
    if parts.is_empty() {
        "no term changes".into()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cohort::verify;
    use crate::solve::{Method, SolveOptions, solve_cohorts};
    use crate::synthetic::CohortSpec;

    fn small() -> (Instance, Assignment) {
        let spec = CohortSpec {
            applicants: 14,
            facilitators: 10,
            seed: 11,
            ..CohortSpec::default()
        };
        let rosters = crate::synthetic::cohort_rosters(&spec);
        let mut config = crate::Config::default();
        config.cohorts.seats = 9;
        config.cohorts.cohorts = 3;
        let screening = crate::eligibility::screen_cohort_program(&rosters, &config);
        let inst = Instance::new(&rosters, &screening, &config);
        let out = solve_cohorts(&inst, &SolveOptions::default(), Method::Heuristic)
            .expect("the generated roster has an answer");
        (inst, out.assignment)
    }

    #[test]
    fn alternatives_keep_the_rules_and_their_cost_is_the_cost_functions() {
        let (inst, a) = small();
        let base = evaluate(&inst, &a);
        let budget = Budget::for_instance(&inst);
        for i in 0..inst.applicants() {
            let alt = if a.cohort_of[i].is_some() {
                cheapest_move(&inst, &a, i, budget)
            } else {
                cheapest_seat(&inst, &a, i, budget)
            };
            let Some(alt) = alt else { continue };
            let mut b = a.clone();
            match (a.cohort_of[i], alt.swap_with) {
                (Some(c), Some(j)) => {
                    b.cohort_of[i] = Some(alt.cohort);
                    b.cohort_of[j] = Some(c);
                }
                (Some(_), None) => b.cohort_of[i] = Some(alt.cohort),
                (None, Some(j)) => {
                    b.cohort_of[j] = None;
                    b.cohort_of[i] = Some(alt.cohort);
                }
                (None, None) => panic!("a seat always replaces someone"),
            }
            assert!(verify(&inst, &b).is_empty(), "{:?}", verify(&inst, &b));
            let recomputed = evaluate(&inst, &b) - base;
            assert!((recomputed.total - alt.delta.total).abs() < 1e-9);
            assert_ne!(Some(alt.cohort), a.cohort_of[i]);
        }
    }

    #[test]
    fn spread_samples_evenly_and_never_more_than_asked() {
        assert_eq!(
            spread(10, 20).collect::<Vec<_>>(),
            (0..10).collect::<Vec<_>>()
        );
        assert_eq!(spread(10, 3).collect::<Vec<_>>(), vec![0, 4, 8]);
        assert_eq!(spread(10, 0).count(), 0);
    }
}
