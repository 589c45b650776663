//! Reasons for every person of the cohort program: what moving a selected
//! applicant elsewhere would cost, term by term, and why a waitlisted one waits.
//!
//! Each alternative is a rule-keeping move of the local search, costed by the
//! search's incremental state (which the tests hold equal to the one cost
//! function, [`crate::cohort::evaluate`]), so the numbers a coordinator reads are
//! the numbers the solvers minimise.

use crate::cohort::{CostBreakdown, Instance};
use crate::solve::state::{Move, State};

/// A rule-keeping change that puts one person somewhere else, and what it costs.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    /// The cohort the person would join (0-based).
    pub cohort: usize,
    /// The applicant who would trade places (instance index), if anyone.
    pub swap_with: Option<usize>,
    /// Cost after the change minus cost now, term by term.
    pub delta: CostBreakdown,
    /// How many changes were costed to find it, and how many there were.
    pub tried: (usize, usize),
}

/// How many alternatives are costed per person. Each is costed incrementally,
/// but a program of thousands has millions of possible trades: beyond the budget
/// an evenly spread sample is costed, and the report says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Candidate changes costed per person, at most.
    pub per_person: usize,
}

impl Budget {
    /// About 2 million costed changes in all (about a second), at least 64 each.
    pub fn for_instance(inst: &Instance) -> Budget {
        Budget {
            per_person: (2_000_000 / inst.applicants().max(1)).max(64),
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

/// Costs `mv` in `st` and undoes it: the change of each term.
fn try_move(st: &mut State, mv: Move) -> CostBreakdown {
    let before = st.breakdown();
    let undo = mv.inverse(st);
    st.apply(mv);
    let after = st.breakdown();
    st.apply(undo);
    after - before
}

fn keep_best(
    best: &mut Option<Alternative>,
    cohort: usize,
    swap_with: Option<usize>,
    delta: CostBreakdown,
) {
    if best
        .as_ref()
        .is_none_or(|x| delta.total < x.delta.total - 1e-9)
    {
        *best = Some(Alternative {
            cohort,
            swap_with,
            delta,
            tried: (0, 0),
        });
    }
}

/// The cheapest rule-keeping way to put selected applicant `i` into another
/// cohort: moved, when the sizes allow it, or trading places with one of its
/// members. `None` when no other cohort can take them. An alternative may be
/// cheaper than now (negative delta) when the answer was not proven optimal.
///
/// ```
/// use cohortmatch::cohort::Instance;
/// use cohortmatch::report::why::{Budget, cheapest_move};
/// use cohortmatch::solve::{solve_cohorts, state::State, Method, SolveOptions};
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
/// let mut state = State::new(&inst, &out.assignment);
/// if let Some(alt) = cheapest_move(&mut state, i, Budget::for_instance(&inst)) {
///     assert_ne!(Some(alt.cohort), out.assignment.cohort_of[i]);
/// }
/// ```
pub fn cheapest_move(st: &mut State, i: usize, budget: Budget) -> Option<Alternative> {
    let c = st.cohort_of(i)?;
    let k = st.cohorts();
    let others: Vec<usize> = (0..k).filter(|&d| d != c).collect();
    let possible: usize = others.iter().map(|&d| st.members(d).len() + 1).sum();
    // Spread the budget over the cohorts, and over each cohort's members.
    let cohorts: Vec<usize> = spread(others.len(), budget.per_person)
        .map(|x| others[x])
        .collect();
    let per_cohort = (budget.per_person / cohorts.len().max(1)).max(1);
    let mut best = None;
    let mut tried = 0;
    for d in cohorts {
        tried += 1;
        let mv = Move::Relocate(i, d);
        if st.allowed(mv) {
            let delta = try_move(st, mv);
            keep_best(&mut best, d, None, delta);
        }
        let size = st.members(d).len();
        for x in spread(size, per_cohort) {
            tried += 1;
            let j = st.members(d)[x];
            let mv = Move::Swap(i, j);
            if st.allowed(mv) {
                let delta = try_move(st, mv);
                keep_best(&mut best, d, Some(j), delta);
            }
        }
    }
    best.map(|b| Alternative {
        tried: (tried, possible),
        ..b
    })
}

/// The cheapest rule-keeping way to seat waitlisted applicant `u`: in place of a
/// selected applicant, in that applicant's cohort. `None` when nobody can be
/// replaced by them.
pub fn cheapest_seat(st: &mut State, u: usize, budget: Budget) -> Option<Alternative> {
    if st.cohort_of(u).is_some() {
        return None;
    }
    let selected: Vec<usize> = (0..st.cohorts())
        .flat_map(|c| st.members(c).to_vec())
        .collect();
    // A change of selection is costed across every cohort: fewer candidates.
    let most = (budget.per_person / st.cohorts().max(1)).max(64);
    let mut best = None;
    let mut tried = 0;
    for x in spread(selected.len(), most) {
        tried += 1;
        let j = selected[x];
        let mv = Move::Replace(j, u);
        if let (true, Some(c)) = (st.allowed(mv), st.cohort_of(j)) {
            let delta = try_move(st, mv);
            keep_best(&mut best, c, Some(j), delta);
        }
    }
    best.map(|b| Alternative {
        tried: (tried, selected.len()),
        ..b
    })
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
    use crate::cohort::{Assignment, evaluate, verify};
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
        let mut st = State::new(&inst, &a);
        let mut seen = 0;
        for i in 0..inst.applicants() {
            let alt = if a.cohort_of[i].is_some() {
                cheapest_move(&mut st, i, budget)
            } else {
                cheapest_seat(&mut st, i, budget)
            };
            // Costing alternatives leaves the state as it was.
            assert_eq!(st.assignment(), a);
            let Some(alt) = alt else { continue };
            seen += 1;
            assert_eq!(
                alt.tried.0, alt.tried.1,
                "small rosters: every change is tried"
            );
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
            for ((name, x), (_, y)) in recomputed.terms().iter().zip(alt.delta.terms()) {
                assert!((x - y).abs() < 1e-9, "{name}: {x} vs {y}");
            }
            assert_ne!(Some(alt.cohort), a.cohort_of[i]);
        }
        assert!(seen > 5);
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
