//! One facilitator setting's MILP with each balance value's spread over the
//! cohorts as columns: what the proof by settings solves.
//!
//! The plain model pays `|n_cv - m_c S_v / n|` through deviation variables, and
//! its relaxation balances fractional people perfectly. Here each value of each
//! balance attribute picks a *spread*, how many of its holders sit in each cohort
//! (`n_1 .. n_k`), as a convex combination of whole spreads, each priced exactly
//! (mix and mirror). The members' variables must add up to the spread cohort by
//! cohort, so the relaxation pays at least what whole people can do, value by
//! value, and still sees who carries which pair of values, who can make which
//! slot and who is closed out where.
//!
//! The price of a spread is convex in it (absolute values of linear functions),
//! so at whole members the cheapest combination is the spread itself: the spread
//! weights need not be whole, and the model is exact.
//!
//! Only spreads that can belong to an assignment under the cutoff are built. Any
//! assignment costs at least our floor for the setting
//! ([`members_floor`](super::bound::members_floor)) plus, for each value, what
//! its spread costs beyond the floor's charge for its count, plus each member's
//! slot miss beyond their least and the experience term: a spread whose excess
//! alone passes the cutoff is left out, and the excesses together are bounded
//! by one more inequality. On the pilots a few dozen spreads per value remain.

// The model reads like its maths with index loops over (applicant, cohort).
#![allow(clippy::needless_range_loop)]

use good_lp::{Expression, ProblemVariables, constraint, variable};

use super::bound;
use super::exact::{Model, Relax, Setting, build};
use super::lagrange::SpreadFloors;
use crate::cohort::Instance;

/// Most spreads enumerated for one value; beyond it the plain model is used.
const MOST_SPREADS: usize = 250_000;

/// A setting's model, or the proof that nothing in it beats the cutoff.
pub(crate) enum Built {
    /// The model, with its spreads' weights.
    Model(Box<Spreads>),
    /// Some value has no spread an assignment under the cutoff could have.
    Empty,
}

/// A setting's model with each balance value's spreads as columns.
pub(crate) struct Spreads {
    pub(crate) vars: ProblemVariables,
    /// Its value is the assignment's cost.
    pub(crate) objective: Expression,
    pub(crate) constraints: Vec<good_lp::Constraint>,
    /// The handles to read an answer.
    pub(crate) model: Model,
    /// Each balance value's spread weights, with how many holders each spread
    /// seats: values in order of attribute, then value (empty for a value
    /// nobody holds), as [`Counts`] takes them.
    pub(crate) weights: Vec<Vec<(good_lp::Variable, usize)>>,
    /// Each weight's spread: its holders in each cohort.
    pub(crate) spreads: Vec<Vec<Vec<usize>>>,
}

/// Seats and spreads no assignment under a cutoff takes, which a model built
/// for that cutoff leaves out (what a leaf's reduced costs close).
pub(crate) struct Closed {
    /// `seats[i][c]`: applicant `i`'s seat in cohort `c` is closed.
    pub(crate) seats: Vec<Vec<bool>>,
    /// Each value's closed spreads, values numbered as [`Spreads::weights`].
    pub(crate) spreads: Vec<std::collections::HashSet<Vec<usize>>>,
}

/// The least and most holders each balance value may have among the members,
/// in the order of [`Spreads::weights`].
pub(crate) type Counts = [(usize, usize)];

/// Whether every facilitator setting's MILP takes this formulation: no isolation
/// asked for, and few enough spreads for every value even with every seat open
/// to its holders (no setting has more).
pub(crate) fn applies(inst: &Instance) -> bool {
    let (n, e) = (inst.selected, inst.applicants());
    if n == 0 || e == 0 || (inst.config.weights.isolated > 0.0 && !inst.isolate.is_empty()) {
        return false;
    }
    inst.balance.iter().all(|attr| {
        (0..attr.values.len()).all(|v| {
            let holders = attr.of.iter().filter(|&&x| x == v).count();
            inst.sizes
                .iter()
                .map(|&size| holders.min(size) + 1)
                .try_fold(1usize, |a, r| {
                    a.checked_mul(r).filter(|&p| p <= MOST_SPREADS)
                })
                .is_some()
        })
    })
}

/// The MILP of `setting` restricted to assignments that may cost less than
/// `cutoff` (every one of those is in it, at its exact cost), or `None` where
/// this formulation does not apply ([`applies`]). `members_floor` is what the
/// setting's members cost at least by our bound
/// ([`members_floor`](super::bound::members_floor); minus infinity when not
/// known): the spreads are pruned against it. With `counts`, only the
/// assignments whose values' counts lie in them; `whole` off gives the linear
/// relaxation. With `floors`, the spreads and seats whose Lagrangian floor
/// passes the cutoff are left out too; with `closed`, the seats and spreads it
/// marks (no assignment under the cutoff takes them).
pub(crate) fn build_setting(
    inst: &Instance,
    setting: &Setting,
    ordered: &[bool],
    (members_floor, cutoff): (f64, f64),
    counts: Option<&Counts>,
    whole: bool,
    (floors, closed): (Option<&SpreadFloors>, Option<&Closed>),
) -> Option<Built> {
    let w = inst.config.weights;
    let n = inst.selected;
    let e = inst.applicants();
    let k = inst.cohorts();
    if !applies(inst) {
        return None;
    }
    let rules = Relax {
        rules_only: true,
        ..Relax::default()
    };
    // A seat whose Lagrangian floor passes the cutoff is shut.
    let above = cutoff + 1e-9 * cutoff.abs().max(1.0);
    let shut = |i: usize, c: usize| {
        floors.is_some_and(|f| f.seat(i, c) > above) || closed.is_some_and(|z| z.seats[i][c])
    };
    let (mut vars, _, mut constraints, model) =
        build(inst, rules, ordered, Some(setting), whole, Some(&shut));
    let x = &model.x;
    let misses = w.slot * setting.facilitator_misses(inst) as f64;
    // What the assignments under the cutoff may cost beyond our floor.
    // (Infinite, so no budget row, when the floor is not known.)
    let slack = cutoff - (members_floor + misses);
    let mut objective = Expression::from(misses);
    let mut beyond = Expression::from(0.0);
    // Places: facilitator-region pairs, slot misses and priority are plain costs
    // per (applicant, cohort) here; the floor charged each member its least miss.
    let slot_costs = bound::setting_places(inst, setting);
    for i in 0..e {
        let least = slot_costs[i].iter().copied().fold(f64::INFINITY, f64::min);
        for c in 0..k {
            let cost = setting.place_cost(inst, c, i, w.region_f);
            if !cost.is_finite() || model.closed[i][c] {
                continue;
            }
            objective += (cost - w.priority * inst.priority[i]) * x[i][c];
            let extra = slot_costs[i][c] - least;
            if extra > 0.0 {
                beyond += extra * x[i][c];
            }
        }
    }
    // Closed places are left out of the rows, as `build` leaves them.
    let open = |i: usize, c: usize| !model.closed[i][c];
    if inst.sd_years > 0.0 && w.numeric > 0.0 {
        // Each cohort's years, and the selected's as their sum.
        let years: Vec<Expression> = (0..k)
            .map(|c| {
                (0..e)
                    .filter(|&i| open(i, c))
                    .map(|i| inst.years[i] * x[i][c])
                    .sum()
            })
            .collect();
        let total: Expression = years.iter().cloned().sum();
        for (c, sum) in years.into_iter().enumerate() {
            let expr =
                (sum - (inst.sizes[c] as f64 / n as f64) * total.clone()) * (1.0 / inst.sd_years);
            let d = vars.add(variable().min(0.0));
            constraints.push(constraint!(d >= expr.clone()));
            constraints.push(constraint!(d >= -expr));
            objective += w.numeric * d;
            beyond += w.numeric * d;
        }
    }
    let numeric_floor = w.numeric * bound::numeric_floor(inst);
    let charges = bound::charges(inst, Some(&setting.facilitators));
    let mut weights = Vec::new();
    let mut spreads = Vec::new();
    // Facilitators of each region in each cohort.
    let seated = bound::seated_regions(inst, setting);
    for (b, attr) in inst.balance.iter().enumerate() {
        let charge = charges.iter().find(|ch| ch.balance == Some(b))?;
        for v in 0..attr.values.len() {
            let holders: Vec<usize> = (0..e).filter(|&i| attr.of[i] == v).collect();
            let value = weights.len();
            let (least, most) = counts.map_or((0, usize::MAX), |c| c[value]);
            weights.push(Vec::new());
            spreads.push(Vec::new());
            if holders.is_empty() {
                continue;
            }
            let mine = weights.last_mut()?;
            let kept = spreads.last_mut()?;
            let closed_here = closed.and_then(|z| z.spreads.get(value));
            let room: Vec<usize> = (0..k)
                .map(|c| {
                    let open = holders
                        .iter()
                        .filter(|&&i| {
                            setting.place_cost(inst, c, i, 0.0).is_finite() && !shut(i, c)
                        })
                        .count();
                    open.min(inst.sizes[c])
                })
                .collect();
            let count = room.iter().map(|&r| r + 1).try_fold(1usize, |a, r| {
                a.checked_mul(r).filter(|&p| p <= MOST_SPREADS)
            })?;
            let target = n as f64 * holders.len() as f64 / e as f64;
            // The region whose facilitator pairs the charge carries, if any.
            let region = charge.region.as_ref().map(|r| r[v]);
            let mut one = Expression::from(0.0);
            let mut sums: Vec<Expression> = vec![Expression::from(0.0); k];
            let mut spread = vec![0usize; k];
            for code in 0..count {
                let mut rest = code;
                for c in 0..k {
                    spread[c] = rest % (room[c] + 1);
                    rest /= room[c] + 1;
                }
                let s: usize = spread.iter().sum();
                if s < least || s > most {
                    continue;
                }
                let Some(&floor) = charge.cost[v].get(s).filter(|f| f.is_finite()) else {
                    continue;
                };
                let share = s as f64 / n as f64;
                let mix: f64 = (0..k)
                    .map(|c| (spread[c] as f64 - inst.sizes[c] as f64 * share).abs())
                    .sum();
                let price = w.balance * mix + w.mirror * (s as f64 - target).abs();
                let pairs = region.map_or(0.0, |r| {
                    (0..k)
                        .map(|c| (spread[c] * seated[c].get(r).copied().unwrap_or(0)) as f64)
                        .sum::<f64>()
                        * w.region_f
                });
                let excess = (price + pairs - floor).max(0.0);
                if excess > slack + 1e-9 {
                    continue;
                }
                if floors.is_some_and(|f| f.floor(value, &spread) > above)
                    || closed_here.is_some_and(|z| z.contains(&spread))
                {
                    continue;
                }
                let lambda = vars.add(variable().min(0.0).max(1.0));
                mine.push((lambda, s));
                kept.push(spread.clone());
                objective += price * lambda;
                beyond += excess * lambda;
                one += lambda;
                for c in 0..k {
                    if spread[c] > 0 {
                        sums[c] += spread[c] as f64 * lambda;
                    }
                }
            }
            if mine.is_empty() {
                return Some(Built::Empty);
            }
            constraints.push(constraint!(one == 1.0));
            for (c, sum) in sums.into_iter().enumerate() {
                let members: Expression = holders
                    .iter()
                    .filter(|&&i| open(i, c))
                    .map(|&i| x[i][c])
                    .sum();
                constraints.push(constraint!(sum == members));
            }
        }
    }
    if slack.is_finite() {
        constraints.push(constraint!(beyond <= slack + numeric_floor + 1e-9));
    }
    Some(Built::Model(Box::new(Spreads {
        vars,
        objective,
        constraints,
        model,
        weights,
        spreads,
    })))
}
