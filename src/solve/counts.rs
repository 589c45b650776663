//! One facilitator setting's spreads model ([`spreads`](super::spreads)) solved
//! by our own search over how many holders each balance value has among the
//! members.
//!
//! The spreads' relaxation is exact value by value, but it may mix whole spreads
//! of different counts: (1,1,1) and (2,2,2), a third and two thirds, seat five
//! holders perfectly balanced, which five whole people cannot be. The best price
//! per count is not convex in the count, so no column of one value closes that
//! gap, and microlp's branching on the members closes it slowly. So the search
//! splits the counts itself: a node keeps a range of counts for every value, its
//! relaxation leaves out the spreads outside the ranges (one row, re-solved from
//! its parent's basis), and a node whose relaxation takes one count per value
//! goes to the MILP restricted to its ranges. With each count fixed, the
//! sample's relaxations come within 0-0.58 of their optimum, against 1.05-1.62
//! below it without (BENCHMARKS.md, session 12); what the leaves' MILPs still
//! branch on is the experience term (session 13).

use std::time::Duration;

use good_lp::{IntoAffineExpression, SolverModel};

use super::SolveOptions;
use super::exact::{Setting, Verdict, solve_under};
use super::spreads::{Built, Spreads, build_setting};
use crate::cohort::Instance;

/// A node of the search: each value's range of counts, its relaxation solved.
struct Node {
    counts: Vec<(usize, usize)>,
    relaxed: microlp::Solution,
    bound: f64,
}

/// What is left of the time limit (`Some(None)` without one), `None` once it
/// has passed.
pub(crate) type TimeLeft<'a> = &'a (dyn Fn() -> Option<Option<Duration>> + Sync);

/// The verdict on `setting` under `cutoff` by the count search, or `None`
/// where the spreads model does not apply (the caller then uses the plain
/// model). `members_floor` is our bound on the setting's members.
pub(crate) fn settle(
    inst: &Instance,
    setting: &Setting,
    ordered: &[bool],
    floor_and_cutoff: (f64, f64),
    options: &SolveOptions,
    time_left: TimeLeft,
) -> Option<Verdict> {
    search(inst, setting, ordered, floor_and_cutoff, options, time_left).map(|(v, _)| v)
}

/// [`settle`], with the number of nodes searched.
pub(super) fn search(
    inst: &Instance,
    setting: &Setting,
    ordered: &[bool],
    (members_floor, cutoff): (f64, f64),
    options: &SolveOptions,
    time_left: TimeLeft,
) -> Option<(Verdict, usize)> {
    let mut relaxed =
        match build_setting(inst, setting, ordered, (members_floor, cutoff), None, false)? {
            Built::Empty => return Some((Verdict::RuledOut, 0)),
            Built::Model(m) => *m,
        };
    let Some(left) = time_left() else {
        return Some((Verdict::Unknown, 0));
    };
    let weights = std::mem::take(&mut relaxed.weights);
    let Ok((root, handle, constant)) = relax(relaxed, left) else {
        return Some((Verdict::Unknown, 0));
    };
    let Some(root) = root else {
        return Some((Verdict::RuledOut, 0));
    };
    // Each value's weights as microlp's handles, with their counts.
    let weights: Vec<Vec<(microlp::Variable, usize)>> = weights
        .iter()
        .map(|w| w.iter().map(|&(v, s)| (handle(v), s)).collect())
        .collect();
    let bound_of = |s: &microlp::Solution| {
        let value = s.objective() + constant;
        value - 1e-7 * value.abs().max(1.0)
    };
    let mut cutoff = cutoff;
    let mut best = None;
    let mut complete = true;
    let mut stack = vec![Node {
        counts: vec![(0, usize::MAX); weights.len()],
        bound: bound_of(&root),
        relaxed: root,
    }];
    let mut searched = 0;
    while let Some(node) = stack.pop() {
        searched += 1;
        if node.bound > cutoff {
            continue;
        }
        let Some(left) = time_left() else {
            complete = false;
            break;
        };
        let split = mixed(&node, &weights);
        let mut children = Vec::with_capacity(2);
        if let Some((v, split)) = split {
            let (least, most) = node.counts[v];
            for (lo, hi) in [(least, split), (split + 1, most)] {
                // The weights of spreads outside the child's range go to zero.
                let mut outside = microlp::LinearExpr::empty();
                for &(var, s) in &weights[v] {
                    if s < lo || s > hi {
                        outside.add(var, 1.0);
                    }
                }
                match node
                    .relaxed
                    .clone()
                    .add_constraint(outside, microlp::ComparisonOp::Le, 0.0)
                {
                    Ok(outcome) => match outcome.into_solution() {
                        Ok(relaxed) => {
                            let mut counts = node.counts.clone();
                            counts[v] = (lo, hi);
                            let bound = bound_of(&relaxed);
                            if bound <= cutoff {
                                children.push(Node {
                                    counts,
                                    relaxed,
                                    bound,
                                });
                            }
                        }
                        Err(_) => complete = false,
                    },
                    Err(microlp::Error::Infeasible) => {}
                    Err(_) => complete = false,
                }
            }
        }
        if split.is_none() {
            // One count per value: the MILP of the node's ranges.
            let (found, settled) = leaf(
                inst,
                setting,
                ordered,
                (members_floor, cutoff),
                &node.counts,
                options,
                left,
            );
            complete &= settled;
            if let Some((a, cost)) = found {
                cutoff = super::exact::cutoff_below(cost);
                best = Some((a, cost));
            }
            continue;
        }
        // The child with the lower bound is searched first.
        children.sort_by(|a, b| b.bound.total_cmp(&a.bound));
        stack.extend(children);
    }
    let verdict = match best {
        Some((a, cost)) => Verdict::Found(a, cost, complete),
        None if complete => Verdict::RuledOut,
        None => Verdict::Unknown,
    };
    Some((verdict, searched))
}

/// The value whose relaxed spreads mix counts the most, and where to split its
/// range: the counts up to the split, and those above it. `None` when every
/// value's spreads take one count.
fn mixed(node: &Node, weights: &[Vec<(microlp::Variable, usize)>]) -> Option<(usize, usize)> {
    let mut pick: Option<(f64, usize, usize)> = None;
    for (v, w) in weights.iter().enumerate() {
        let taken: Vec<(f64, usize)> = w
            .iter()
            .map(|&(var, s)| (node.relaxed.var_value(var), s))
            .filter(|&(x, _)| x > 1e-7)
            .collect();
        let least = taken.iter().map(|&(_, s)| s).min();
        let most = taken.iter().map(|&(_, s)| s).max();
        let (Some(least), Some(most)) = (least, most) else {
            continue;
        };
        if least == most {
            continue;
        }
        let mass: f64 = taken.iter().map(|&(x, _)| x).sum();
        let mean = taken.iter().map(|&(x, s)| x * s as f64).sum::<f64>() / mass;
        let spread: f64 = taken
            .iter()
            .map(|&(x, s)| x * (s as f64 - mean).abs())
            .sum();
        let split = (mean.floor() as usize).clamp(least, most - 1);
        if pick.is_none_or(|(best, _, _)| spread > best + 1e-12) {
            pick = Some((spread, v, split));
        }
    }
    pick.map(|(_, v, split)| (v, split))
}

/// The node's MILP: the best assignment it found under the cutoff, and whether
/// the solver proved there is none better (or none at all) in the node.
fn leaf(
    inst: &Instance,
    setting: &Setting,
    ordered: &[bool],
    floor_and_cutoff: (f64, f64),
    counts: &[(usize, usize)],
    options: &SolveOptions,
    left: Option<Duration>,
) -> (Option<(crate::cohort::Assignment, f64)>, bool) {
    let cutoff = floor_and_cutoff.1;
    let built = build_setting(inst, setting, ordered, floor_and_cutoff, Some(counts), true);
    let m = match built {
        Some(Built::Model(m)) => m,
        Some(Built::Empty) => return (None, true),
        // The root's model applied, so this does not happen; if it did, the
        // node would stay open rather than be ruled out.
        None => return (None, false),
    };
    let one = SolveOptions {
        time_limit: left,
        ..options.clone()
    };
    let Spreads {
        vars,
        objective,
        constraints,
        model,
        ..
    } = *m;
    match solve_under(inst, &model, (vars, objective, constraints), cutoff, &one) {
        Verdict::Found(a, cost, optimal) => (Some((a, cost)), optimal),
        Verdict::RuledOut | Verdict::PricedOut => (None, true),
        Verdict::Unknown => (None, false),
    }
}

/// Solves the relaxation with microlp itself (so a node can add its row and
/// re-solve from its parent's basis): the solution (`None` when infeasible),
/// the map from good_lp's variables to microlp's, and the objective's constant.
#[allow(clippy::type_complexity)]
fn relax(
    spreads: Spreads,
    left: Option<Duration>,
) -> Result<
    (
        Option<microlp::Solution>,
        impl Fn(good_lp::Variable) -> microlp::Variable,
        f64,
    ),
    (),
> {
    let Spreads {
        vars,
        objective,
        constraints,
        ..
    } = spreads;
    let (position, handles) = super::exact::microlp_handles(&vars);
    let constant = objective.constant();
    let mut problem = vars.minimise(objective).using(good_lp::microlp);
    for c in constraints {
        problem.add_constraint(c);
    }
    let mut settings = microlp::SolveOptions::default();
    settings.time_limit = left;
    let handle = move |v: good_lp::Variable| handles[position[&v]];
    match problem.as_inner().solve_with(settings) {
        Ok(outcome) => match outcome.into_solution() {
            Ok(s) => Ok((Some(s), handle, constant)),
            Err(_) => Err(()),
        },
        Err(microlp::Error::Infeasible) => Ok((None, handle, constant)),
        Err(_) => Err(()),
    }
}
