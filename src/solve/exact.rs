//! The exact MILP of model.md sections 4-5 through good_lp (microlp by default).
//!
//! Every rule and cost term is linear after the usual steps: absolute values become
//! deviation variables, a facilitator's same-region members count only when the
//! facilitator serves (a big-M on the cohort size), "alone of their kind" is a
//! binary per (cohort, attribute, value), and a person misses the slot when in the
//! cohort but not available at any slot it picks. Districts give clique
//! constraints (at most one per cohort), stronger than pairwise ones. Cohorts of
//! equal size are interchangeable, so they are ordered by a weighted member sum.
//!
//! The solver starts from the heuristic's assignment (every variable given, so
//! microlp accepts it as its first incumbent), and the reported cost always comes
//! from [`crate::cohort::evaluate`], never from the solver's objective.

// A model over index sets (applicant i, cohort c, facilitator f, slot t) reads
// like its maths with index loops.
#![allow(clippy::needless_range_loop)]

use std::collections::HashMap;
use std::time::Instant;

use good_lp::{
    Expression, ProblemVariables, Solution, SolverModel, Variable, WithTimeLimit, constraint,
    variable,
};

use super::choices::{Choices, LeastPlaces};
use super::counts::{Node, Start, Step, Tree};
use super::{Outcome, SolveOptions, Status};
use crate::cohort::{Assignment, Instance, evaluate};

/// The model's variables, kept to read an answer back and to give a start.
pub(crate) struct Model {
    cohorts: usize,
    pub(crate) x: Vec<Vec<Variable>>,
    /// Which of the places `x` are closed (their variable fixed at zero).
    pub(crate) closed: Vec<Vec<bool>>,
    y: Vec<Vec<Variable>>,
    s: Vec<Vec<Variable>>,
    /// Auxiliary variables with the function that gives their tightest value
    /// for an assignment (for the warm start).
    aux: Vec<(Variable, Aux)>,
    /// The facilitators and slots, when they are fixed rather than variables.
    fixed: Option<Setting>,
}

/// How to compute an auxiliary variable's value from an assignment.
enum Aux {
    /// |expression| evaluated on the assignment, times a factor.
    Abs(Expression, f64),
    /// max(0, expression).
    Pos(Expression),
    /// 1 when the count expression equals 1.
    Single(Expression),
    /// 1 when the count expression equals the number.
    Equals(Expression, f64),
}

fn value_of(e: &Expression, values: &HashMap<Variable, f64>) -> f64 {
    e.eval_with(values)
}

/// Families of rules that [`feasible`] can leave out, to find which one makes the
/// problem impossible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Relax {
    /// Leave out conflicts between applicants.
    pub applicant_conflicts: bool,
    /// Leave out conflicts between facilitators and applicants.
    pub facilitator_conflicts: bool,
    /// Leave out the facilitators-per-cohort limits and spread.
    pub facilitator_counts: bool,
    /// Build only the rules, with no cost terms (a feasibility check).
    pub rules_only: bool,
}

/// The conflicts between applicants as rows of which at most one may sit in
/// each cohort: each district's applicants (a clique, stronger than its pairs),
/// then each listed pair from different districts.
pub(crate) fn conflict_rows(inst: &Instance) -> Vec<Vec<usize>> {
    let mut rows = inst.district_groups.clone();
    let mut district = vec![usize::MAX; inst.applicants()];
    for (g, group) in inst.district_groups.iter().enumerate() {
        group.iter().for_each(|&i| district[i] = g);
    }
    for (i, conflicts) in inst.conflicts.iter().enumerate() {
        for &j in conflicts {
            if i < j && (district[i] != district[j] || district[i] == usize::MAX) {
                rows.push(vec![i, j]);
            }
        }
    }
    rows
}

/// The variables, the objective, the constraints, and the handles to read them.
/// Where `shut` says so, an applicant's place in a cohort is closed, like one
/// a facilitator's conflict closes.
pub(crate) fn build(
    inst: &Instance,
    relax: Relax,
    ordered: &[bool],
    fixed: Option<&Setting>,
    whole: bool,
    shut: Option<&dyn Fn(usize, usize) -> bool>,
) -> (
    ProblemVariables,
    Expression,
    Vec<good_lp::Constraint>,
    Model,
) {
    let k = inst.cohorts();
    let e = inst.applicants();
    let nf = inst.facilitators();
    let nt = inst.slots.len();
    let n = inst.selected as f64;
    let w = inst.config.weights;
    let mut vars = ProblemVariables::new();
    // 0/1 variables, or their linear relaxation when `whole` is off.
    let bin = || {
        if whole {
            variable().binary()
        } else {
            variable().min(0.0).max(1.0)
        }
    };
    // With the facilitators and slots fixed they are constants, not variables, and
    // a facilitator's conflicts simply close the cohort to those applicants.
    let serves = |f: usize, c: usize| fixed.map(|st| st.facilitators[c].contains(&f));
    let closed = |i: usize, c: usize| {
        shut.is_some_and(|shut| shut(i, c))
            || (0..nf)
                .any(|f| serves(f, c) == Some(true) && inst.facilitator_conflicts[f].contains(&i))
    };
    let shut_places: Vec<Vec<bool>> = (0..e)
        .map(|i| (0..k).map(|c| closed(i, c)).collect())
        .collect();
    let x: Vec<Vec<Variable>> = shut_places
        .iter()
        .map(|row| {
            row.iter()
                .map(|&shut| {
                    let v = bin();
                    vars.add(if shut { v.max(0.0) } else { v })
                })
                .collect()
        })
        .collect();
    let free = usize::from(fixed.is_none());
    let y: Vec<Vec<Variable>> = (0..nf * free)
        .map(|_| (0..k).map(|_| vars.add(bin())).collect())
        .collect();
    let s: Vec<Vec<Variable>> = (0..k * free)
        .map(|_| (0..nt).map(|_| vars.add(bin())).collect())
        .collect();
    // y[f][c] as an expression, whether a variable or a constant.
    let y_of = |f: usize, c: usize| -> Expression {
        match serves(f, c) {
            Some(on) => Expression::from(f64::from(u8::from(on))),
            None => y[f][c].into(),
        }
    };
    let mut constraints = Vec::new();
    let mut objective = Expression::from(0.0);
    let mut aux = Vec::new();

    // A closed place is a column fixed at zero: left out of every row, and a
    // row it leaves with one place or none is left out too (its bound says
    // as much). The relaxations are smaller, not weaker (pilot seed 144: half
    // the places of a setting's root are closed).
    let open = |i: usize, c: usize| !shut_places[i][c];
    let selected =
        |i: usize| -> Expression { (0..k).filter(|&c| open(i, c)).map(|c| x[i][c]).sum() };
    for i in 0..e {
        if (0..k).filter(|&c| open(i, c)).count() > 1 {
            constraints.push(constraint!(selected(i) <= 1));
        }
    }
    for c in 0..k {
        let size: Expression = (0..e).filter(|&i| open(i, c)).map(|i| x[i][c]).sum();
        constraints.push(constraint!(size == inst.sizes[c] as f64));
    }
    // Conflicts: at most one per cohort from each row.
    for row in conflict_rows(inst)
        .iter()
        .filter(|_| !relax.applicant_conflicts)
    {
        for c in 0..k {
            let places: Vec<usize> = row.iter().copied().filter(|&i| open(i, c)).collect();
            if places.len() > 1 {
                let sum: Expression = places.iter().map(|&i| x[i][c]).sum();
                constraints.push(constraint!(sum <= 1));
            }
        }
    }
    // Facilitators: capacity, even spread, conflicts.
    let places = inst.facilitator_places;
    let lo = (places / k.max(1)).max(inst.facilitators_min) as f64;
    let hi = places.div_ceil(k.max(1)).min(inst.facilitators_max) as f64;
    for f in (0..nf).filter(|_| fixed.is_none()) {
        let serves: Expression = y[f].iter().copied().sum();
        constraints.push(constraint!(serves <= inst.capacity[f] as f64));
        for &i in inst.facilitator_conflicts[f]
            .iter()
            .filter(|_| !relax.facilitator_conflicts)
        {
            for c in 0..k {
                constraints.push(constraint!(y[f][c] + x[i][c] <= 1));
            }
        }
    }
    let mut all_places = Expression::from(0.0);
    let counted = !relax.facilitator_counts && fixed.is_none();
    for c in (0..k).filter(|_| counted) {
        let count: Expression = (0..nf).map(|f| y[f][c]).sum();
        constraints.push(constraint!(count.clone() >= lo));
        constraints.push(constraint!(count.clone() <= hi));
        all_places += count;
    }
    if counted {
        constraints.push(constraint!(all_places == places as f64));
    }
    // Symmetry: order interchangeable cohorts by a weighted member sum.
    for c in 1..k {
        if ordered.get(c).copied().unwrap_or(false) {
            let a: Expression = (0..e)
                .filter(|&i| open(i, c - 1))
                .map(|i| (i + 1) as f64 * x[i][c - 1])
                .sum();
            let b: Expression = (0..e)
                .filter(|&i| open(i, c))
                .map(|i| (i + 1) as f64 * x[i][c])
                .sum();
            constraints.push(constraint!(a <= b));
        }
    }
    if relax.rules_only {
        let model = Model {
            cohorts: k,
            x,
            closed: shut_places,
            y,
            s,
            aux,
            fixed: fixed.cloned(),
        };
        return (vars, objective, constraints, model);
    }
    // Slots: one per cohort.
    if nt > 0 && fixed.is_none() {
        for c in 0..k {
            let one: Expression = s[c].iter().copied().sum();
            constraints.push(constraint!(one == 1));
        }
    }

    let mut deviation = |vars: &mut ProblemVariables,
                         constraints: &mut Vec<good_lp::Constraint>,
                         objective: &mut Expression,
                         expr: Expression,
                         weight: f64|
     -> Expression {
        let d = vars.add(variable().min(0.0));
        constraints.push(constraint!(d >= expr.clone()));
        constraints.push(constraint!(d >= -expr.clone()));
        *objective += weight * d;
        aux.push((d, Aux::Abs(expr, 1.0)));
        weight * d
    };
    // What each balance value pays in mix and mirror, for the cuts below.
    let mut paid: Vec<Vec<Expression>> = Vec::new();
    for attr in &inst.balance {
        let mut row = Vec::new();
        for v in 0..attr.values.len() {
            let holders: Vec<usize> = (0..e).filter(|&i| attr.of[i] == v).collect();
            let s_v: Expression = holders.iter().map(|&i| selected(i)).sum();
            let mut pays = Expression::from(0.0);
            if n > 0.0 {
                for c in 0..k {
                    let n_cv: Expression = holders.iter().map(|&i| x[i][c]).sum();
                    let expr = n_cv - (inst.sizes[c] as f64 / n) * s_v.clone();
                    pays += deviation(&mut vars, &mut constraints, &mut objective, expr, w.balance);
                }
            }
            if e > 0 {
                let expr = s_v - n * holders.len() as f64 / e as f64;
                pays += deviation(&mut vars, &mut constraints, &mut objective, expr, w.mirror);
            }
            row.push(pays);
        }
        paid.push(row);
    }
    if inst.sd_years > 0.0 && n > 0.0 {
        let total: Expression = (0..e).map(|i| inst.years[i] * selected(i)).sum();
        for c in 0..k {
            let sum: Expression = (0..e).map(|i| inst.years[i] * x[i][c]).sum();
            let expr = (sum - (inst.sizes[c] as f64 / n) * total.clone()) * (1.0 / inst.sd_years);
            deviation(&mut vars, &mut constraints, &mut objective, expr, w.numeric);
        }
    }
    // Region of facilitator shared by members: counts only when f serves c.
    let mut region_pays: HashMap<usize, Expression> = HashMap::new();
    for f in 0..nf {
        let region = inst.facilitator_region[f];
        let same: Vec<usize> = (0..e)
            .filter(|&i| inst.applicant_region[i] == region)
            .collect();
        if same.is_empty() {
            continue;
        }
        for c in (0..k).filter(|&c| serves(f, c) != Some(false)) {
            let z = vars.add(variable().min(0.0));
            let count: Expression = same.iter().map(|&i| x[i][c]).sum();
            let m = inst.sizes[c] as f64;
            let expr = count - m + m * y_of(f, c);
            constraints.push(constraint!(z >= expr.clone()));
            objective += w.region_f * z;
            *region_pays.entry(region).or_default() += w.region_f * z;
            aux.push((z, Aux::Pos(expr)));
        }
    }
    // Nobody alone of their kind: a holder in the cohort without another holder
    // makes it pay. One inequality per holder, not a count split into binaries:
    // exact for whole people, and a relaxation that spreads people thin still
    // pays for those it leaves alone. `alone_pays` keeps each value's share for
    // the cuts below.
    let mut alone_pays: Vec<Vec<Expression>> = Vec::new();
    for attr in inst.isolate.iter().filter(|_| w.isolated > 0.0) {
        let mut row = Vec::new();
        for v in 0..attr.values.len() {
            let holders: Vec<usize> = (0..e).filter(|&i| attr.of[i] == v).collect();
            let mut pays = Expression::from(0.0);
            for c in 0..k {
                let alone = vars.add(variable().min(0.0));
                let count: Expression = holders.iter().map(|&i| x[i][c]).sum();
                for &i in &holders {
                    let others = count.clone() - x[i][c];
                    constraints.push(constraint!(alone >= x[i][c] - others));
                }
                objective += w.isolated * alone;
                pays += w.isolated * alone;
                aux.push((alone, Aux::Single(count)));
            }
            row.push(pays);
        }
        alone_pays.push(row);
    }
    // Slots: in the cohort and at none of its available slots.
    if nt > 0 {
        let mut missed = |vars: &mut ProblemVariables,
                          constraints: &mut Vec<good_lp::Constraint>,
                          objective: &mut Expression,
                          in_cohort: Expression,
                          available: &[bool],
                          c: usize| {
            if available.iter().all(|&a| a) {
                return;
            }
            if let Some(st) = fixed {
                // The slot is known: missing it is a plain cost.
                if st.slots[c].is_some_and(|t| !available[t]) {
                    *objective += w.slot * in_cohort;
                }
                return;
            }
            let p = vars.add(variable().min(0.0));
            let ok: Expression = (0..nt).filter(|&t| available[t]).map(|t| s[c][t]).sum();
            let expr = in_cohort - ok;
            constraints.push(constraint!(p >= expr.clone()));
            *objective += w.slot * p;
            aux.push((p, Aux::Pos(expr)));
        };
        for i in 0..e {
            for c in 0..k {
                missed(
                    &mut vars,
                    &mut constraints,
                    &mut objective,
                    x[i][c].into(),
                    &inst.applicant_available[i],
                    c,
                );
            }
        }
        for f in 0..nf {
            for c in 0..k {
                missed(
                    &mut vars,
                    &mut constraints,
                    &mut objective,
                    y_of(f, c),
                    &inst.facilitator_available[f],
                    c,
                );
            }
        }
    }
    let priority: Expression = (0..e).map(|i| inst.priority[i] * selected(i)).sum();
    objective -= w.priority * priority;
    // Cuts from our own bound: whatever number of a value's holders is selected,
    // its mix, mirror (and, for a region, facilitator-region) terms pay at least
    // what `bound::charges` says for that number. The LP relaxation alone lets
    // fractional people balance every cohort perfectly.
    if n > 0.0 {
        for charge in crate::solve::bound::charges(inst, fixed.map(|s| s.facilitators.as_slice())) {
            for (v, cost) in charge.cost.iter().enumerate() {
                let mut pays = charge
                    .balance
                    .map_or_else(|| Expression::from(0.0), |b| paid[b][v].clone());
                if let Some(r) = charge.region.as_ref().and_then(|r| region_pays.get(&r[v])) {
                    pays += r.clone();
                }
                if let Some((j, of)) = &charge.isolate
                    && let Some(a) = alone_pays.get(*j).and_then(|row| row.get(of[v]))
                {
                    pays += a.clone();
                }
                let count: Expression = (0..e).filter(|&i| charge.of[i] == v).map(&selected).sum();
                let mut how_many = Expression::from(0.0);
                let mut least = Expression::from(0.0);
                let mut one = Expression::from(0.0);
                for (s, &c) in cost.iter().enumerate().filter(|(_, c)| c.is_finite()) {
                    let pick = vars.add(bin());
                    how_many += s as f64 * pick;
                    least += c * pick;
                    one += pick;
                    aux.push((pick, Aux::Equals(count.clone(), s as f64)));
                }
                constraints.push(constraint!(one == 1));
                constraints.push(constraint!(how_many == count));
                constraints.push(constraint!(pays >= least));
            }
        }
    }
    let model = Model {
        cohorts: k,
        x,
        closed: shut_places,
        y,
        s,
        aux,
        fixed: fixed.cloned(),
    };
    (vars, objective, constraints, model)
}

/// For each key, the other keys that cover it ([`covers`](super::bound::covers)),
/// and its depth: 0 for a key nothing covers, else one more than the deepest
/// of those. Whatever covers a key is shallower, so floors computed depth by
/// depth can always be passed down.
fn covering_keys(keys: &[super::bound::MembersKey]) -> (Vec<Vec<usize>>, Vec<usize>) {
    use rayon::prelude::*;
    // Only keys with the same cohorts can cover one another: each group of them
    // on its own, in parallel (pilot seed 52, 37,872 keys: a tenth of its
    // proof on one thread, most of it the order's sums taken at each
    // comparison).
    let mut groups: HashMap<&Vec<(usize, Vec<usize>)>, Vec<usize>> = HashMap::new();
    for (key, k) in keys.iter().enumerate() {
        groups.entry(&k.0).or_default().push(key);
    }
    let groups: Vec<Vec<usize>> = groups.into_values().collect();
    let order: Vec<(usize, f64)> = keys.par_iter().map(super::bound::covering_order).collect();
    let found: Vec<Vec<(usize, Vec<usize>, usize)>> = groups
        .into_par_iter()
        .map(|mut group| {
            // In this order whatever covers a key comes before it.
            group.sort_by(|&a, &b| {
                let (x, y) = (order[a], order[b]);
                x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)).then(a.cmp(&b))
            });
            let mut depth: HashMap<usize, usize> = HashMap::with_capacity(group.len());
            group
                .iter()
                .enumerate()
                .map(|(p, &key)| {
                    let covering: Vec<usize> = group[..p]
                        .iter()
                        .copied()
                        .filter(|&u| super::bound::covers(&keys[u], &keys[key]))
                        .collect();
                    let d = covering.iter().map(|u| depth[u] + 1).max().unwrap_or(0);
                    depth.insert(key, d);
                    (key, covering, d)
                })
                .collect()
        })
        .collect();
    let mut covering = vec![Vec::new(); keys.len()];
    let mut depth = vec![0usize; keys.len()];
    for (key, by, d) in found.into_iter().flatten() {
        covering[key] = by;
        depth[key] = d;
    }
    (covering, depth)
}

/// Whether each cohort is interchangeable with the one before it (equal sizes).
fn interchangeable(inst: &Instance) -> Vec<bool> {
    (0..inst.cohorts())
        .map(|c| c > 0 && inst.sizes[c] == inst.sizes[c - 1])
        .collect()
}

/// The same assignment with cohorts of equal size reordered to meet the model's
/// symmetry constraints (a weighted member sum that does not decrease).
fn canonical(inst: &Instance, a: &Assignment) -> Assignment {
    let k = inst.cohorts();
    let members = a.members(k);
    let key = |c: usize| -> usize { members[c].iter().map(|&i| i + 1).sum() };
    let mut order: Vec<usize> = (0..k).collect();
    // The model's sizes are non-increasing; an assignment may hold the same sizes
    // in another order, so cohorts are sorted by their own size first.
    order.sort_by_key(|&c| (std::cmp::Reverse(members[c].len()), key(c), c));
    let mut new_index = vec![0; k];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    Assignment {
        cohort_of: a
            .cohort_of
            .iter()
            .map(|c| c.map(|c| new_index[c]))
            .collect(),
        facilitators: order.iter().map(|&c| a.facilitators[c].clone()).collect(),
        slot: order.iter().map(|&c| a.slot[c]).collect(),
    }
}

impl Model {
    /// Every variable's value for an assignment, so the solver can start from it.
    fn start(&self, a: &Assignment) -> Vec<(Variable, f64)> {
        let mut values: HashMap<Variable, f64> = HashMap::new();
        for (i, row) in self.x.iter().enumerate() {
            for (c, &v) in row.iter().enumerate() {
                values.insert(v, f64::from(u8::from(a.cohort_of[i] == Some(c))));
            }
        }
        for (f, row) in self.y.iter().enumerate() {
            for (c, &v) in row.iter().enumerate() {
                values.insert(v, f64::from(u8::from(a.facilitators[c].contains(&f))));
            }
        }
        for (c, row) in self.s.iter().enumerate() {
            for (t, &v) in row.iter().enumerate() {
                values.insert(v, f64::from(u8::from(a.slot[c] == Some(t))));
            }
        }
        let mut out: Vec<(Variable, f64)> = values.iter().map(|(k, v)| (*k, *v)).collect();
        for (var, rule) in &self.aux {
            let value = match rule {
                Aux::Abs(e, f) => value_of(e, &values).abs() * f,
                Aux::Pos(e) => value_of(e, &values).max(0.0),
                Aux::Single(e) => f64::from(u8::from((value_of(e, &values) - 1.0).abs() < 0.5)),
                Aux::Equals(e, s) => f64::from(u8::from((value_of(e, &values) - s).abs() < 0.5)),
            };
            out.push((*var, value));
        }
        out
    }

    fn read(&self, sol: &impl Solution) -> Assignment {
        let on = |v: Variable| sol.value(v) > 0.5;
        if let Some(st) = &self.fixed {
            return Assignment {
                cohort_of: self
                    .x
                    .iter()
                    .map(|row| row.iter().position(|&v| on(v)))
                    .collect(),
                facilitators: st.facilitators.clone(),
                slot: st.slots.clone(),
            };
        }
        Assignment {
            cohort_of: self
                .x
                .iter()
                .map(|row| row.iter().position(|&v| on(v)))
                .collect(),
            facilitators: (0..self.cohorts)
                .map(|c| (0..self.y.len()).filter(|&f| on(self.y[f][c])).collect())
                .collect(),
            slot: self
                .s
                .iter()
                .map(|row| row.iter().position(|&v| on(v)))
                .collect(),
        }
    }
}

/// Which MILP solver runs the exact model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// microlp, pure Rust (feature `microlp`, on by default).
    #[default]
    Microlp,
    /// HiGHS (feature `highs`; building it needs cmake and libclang).
    Highs,
}

impl Backend {
    /// Whether this build includes the backend.
    pub fn available(self) -> bool {
        match self {
            Backend::Microlp => cfg!(feature = "microlp"),
            Backend::Highs => cfg!(feature = "highs"),
        }
    }

    /// The backend's name, as the outputs state it.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Microlp => "microlp",
            Backend::Highs => "highs",
        }
    }
}

/// What a backend's solve gave back, before it becomes an [`Outcome`].
struct Solved {
    assignment: Assignment,
    objective: f64,
    optimal: bool,
    bound: Option<f64>,
    detail: String,
    /// Stopped by its node budget, not by the clock.
    out_of_nodes: bool,
}

/// Why a backend returned no assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failed {
    /// Proven: no assignment keeps the constraints.
    Infeasible,
    /// Out of time, or the backend is not in this build.
    Other,
}

impl From<good_lp::ResolutionError> for Failed {
    fn from(e: good_lp::ResolutionError) -> Self {
        match e {
            good_lp::ResolutionError::Infeasible => Failed::Infeasible,
            _ => Failed::Other,
        }
    }
}

/// Solves the MILP with `options.backend`, starting from `start` when given.
/// Returns `None` when the solver found no assignment (infeasible, or out of time
/// before a first one), or when the backend is not in this build.
pub fn solve(
    inst: &Instance,
    options: &SolveOptions,
    start: Option<&Assignment>,
) -> Option<Outcome> {
    solve_whole(inst, options, start, None)
}

/// [`solve`], with microlp stopping after `nodes` branch-and-bound nodes when
/// given: a budget counted in work, not time, so the answer does not depend on
/// the machine. HiGHS ignores it.
pub(crate) fn solve_whole(
    inst: &Instance,
    options: &SolveOptions,
    start: Option<&Assignment>,
    nodes: Option<u64>,
) -> Option<Outcome> {
    let began = Instant::now();
    let (vars, objective, constraints, model) = build(
        inst,
        Relax::default(),
        &interchangeable(inst),
        None,
        true,
        None,
    );
    let warm = start.map(|a| model.start(&canonical(inst, a)));
    // Building a large model takes a fair part of a short limit.
    let options = &options.since(began);
    let solved = match options.backend {
        Backend::Microlp => {
            solve_microlp(&model, vars, objective, constraints, options, warm, nodes)
        }
        Backend::Highs => solve_highs(&model, vars, objective, constraints, options, warm),
    }
    .ok()?;
    let cost = evaluate(inst, &solved.assignment);
    let bound = if solved.optimal {
        Some(cost.total)
    } else {
        solved.bound.map(|b| b.min(cost.total))
    };
    Some(Outcome {
        assignment: solved.assignment,
        cost,
        status: if solved.optimal {
            Status::Optimal
        } else {
            Status::Feasible
        },
        bound,
        solver: format!("exact ({})", options.backend.name()),
        solver_objective: Some(solved.objective),
        stopped: format!(
            "{} after {:.2} s{}",
            if solved.optimal {
                "proven optimal"
            } else if solved.out_of_nodes {
                "node limit"
            } else {
                "time limit"
            },
            began.elapsed().as_secs_f64(),
            solved.detail
        ),
    })
}

/// Adds the constraints, the time limit and the starting point to a backend's model.
#[cfg(feature = "highs")]
fn prepared<M>(
    mut problem: M,
    constraints: Vec<good_lp::Constraint>,
    options: &SolveOptions,
    warm: Option<Vec<(Variable, f64)>>,
) -> M
where
    M: SolverModel + WithTimeLimit + good_lp::WithInitialSolution,
{
    for c in constraints {
        problem.add_constraint(c);
    }
    if let Some(limit) = options.time_limit {
        problem = problem.with_time_limit(limit.as_secs_f64());
    }
    if let Some(w) = warm {
        problem = problem.with_initial_solution(w);
    }
    problem
}

#[cfg(feature = "microlp")]
fn solve_microlp(
    model: &Model,
    vars: ProblemVariables,
    objective: Expression,
    constraints: Vec<good_lp::Constraint>,
    options: &SolveOptions,
    warm: Option<Vec<(Variable, f64)>>,
    nodes: Option<u64>,
) -> Result<Solved, Failed> {
    let (position, handle) = microlp_handles(&vars);
    // Only the constraints go through good_lp: the time limit and the start go
    // to microlp itself below.
    let mut problem = vars.minimise(objective.clone()).using(good_lp::microlp);
    for c in constraints {
        problem.add_constraint(c);
    }
    let mut settings = microlp::SolveOptions::default();
    settings.time_limit = options.time_limit;
    settings.node_limit = nodes;
    settings.warm_start = warm.map(|w| w.iter().map(|(v, x)| (handle[position[v]], *x)).collect());
    let outcome = problem
        .as_inner()
        .solve_with(settings)
        .map_err(|e| match e {
            microlp::Error::Infeasible => Failed::Infeasible,
            _ => Failed::Other,
        })?;
    let stats = outcome.stats();
    let out_of_nodes = outcome.termination_reason() == microlp::TerminationReason::NodeLimit;
    let solution = outcome.into_solution().map_err(|_| Failed::Other)?;
    let values: HashMap<Variable, f64> = position
        .iter()
        .map(|(&v, &k)| (v, solution.var_value(handle[k])))
        .collect();
    let read = Values(&values);
    Ok(Solved {
        assignment: model.read(&read),
        objective: value_of(&objective, &values),
        optimal: solution.status() == microlp::SolutionStatus::Optimal,
        bound: stats.best_bound,
        detail: format!(", {} nodes", stats.nodes_solved),
        out_of_nodes,
    })
}

/// Each good_lp variable's position, and microlp's handle for each position.
/// good_lp hands microlp its variables in creation order; microlp's own
/// options (a node limit) and edits need its handles, which are those
/// positions.
#[cfg(feature = "microlp")]
pub(crate) fn microlp_handles(
    vars: &ProblemVariables,
) -> (HashMap<Variable, usize>, Vec<microlp::Variable>) {
    let position: HashMap<Variable, usize> = vars
        .iter_variables_with_def()
        .enumerate()
        .map(|(k, (v, _))| (v, k))
        .collect();
    let mut handles = microlp::Problem::new(microlp::OptimizationDirection::Minimize);
    let handle = (0..position.len())
        .map(|_| handles.add_var(0.0, (0.0, 0.0)))
        .collect();
    (position, handle)
}

/// Variable values read back from microlp, for [`Model::read`].
#[cfg(feature = "microlp")]
struct Values<'a>(&'a HashMap<Variable, f64>);

#[cfg(feature = "microlp")]
impl Solution for Values<'_> {
    fn status(&self) -> good_lp::SolutionStatus {
        good_lp::SolutionStatus::Optimal
    }
    fn value(&self, variable: Variable) -> f64 {
        self.0[&variable]
    }
}

#[cfg(not(feature = "microlp"))]
fn solve_microlp(
    _: &Model,
    _: ProblemVariables,
    _: Expression,
    _: Vec<good_lp::Constraint>,
    _: &SolveOptions,
    _: Option<Vec<(Variable, f64)>>,
    _: Option<u64>,
) -> Result<Solved, Failed> {
    Err(Failed::Other)
}

#[cfg(feature = "highs")]
fn solve_highs(
    model: &Model,
    vars: ProblemVariables,
    objective: Expression,
    constraints: Vec<good_lp::Constraint>,
    options: &SolveOptions,
    warm: Option<Vec<(Variable, f64)>>,
) -> Result<Solved, Failed> {
    let problem = vars
        .minimise(objective.clone())
        .using(good_lp::highs)
        // HiGHS stops at a relative gap of 1e-4 by default; a proof needs 0.
        .set_mip_rel_gap(0.0)
        .map_err(|_| Failed::Other)?
        .set_threads(1);
    let solution = prepared(problem, constraints, options, warm)
        .solve()
        .map_err(Failed::from)?;
    let value = solution.eval(&objective);
    // With the relative gap at 0, a gap stop can only come from HiGHS's absolute
    // gap tolerance (1e-6): optimal to within a millionth of a cost unit.
    let optimal = matches!(
        solution.status(),
        good_lp::SolutionStatus::Optimal | good_lp::SolutionStatus::GapLimit
    );
    Ok(Solved {
        assignment: model.read(&solution),
        objective: value,
        optimal,
        // good_lp exposes no MIP bound for HiGHS; only a proof gives one.
        bound: None,
        detail: String::new(),
        out_of_nodes: false,
    })
}

#[cfg(not(feature = "highs"))]
fn solve_highs(
    _: &Model,
    _: ProblemVariables,
    _: Expression,
    _: Vec<good_lp::Constraint>,
    _: &SolveOptions,
    _: Option<Vec<(Variable, f64)>>,
) -> Result<Solved, Failed> {
    Err(Failed::Other)
}

/// Whether some assignment keeps every rule not relaxed: `Some(true)` found one,
/// `Some(false)` proven none, `None` when the solver ran out of time.
pub fn feasible(inst: &Instance, relax: Relax, time_limit: std::time::Duration) -> Option<bool> {
    let relax = Relax {
        rules_only: true,
        ..relax
    };
    let (vars, objective, constraints, _) =
        build(inst, relax, &interchangeable(inst), None, true, None);
    let mut problem = vars
        .minimise(objective)
        .using(good_lp::default_solver)
        .with_time_limit(time_limit.as_secs_f64());
    for c in constraints {
        problem.add_constraint(c);
    }
    match problem.solve() {
        Ok(_) => Some(true),
        Err(good_lp::ResolutionError::Infeasible) => Some(false),
        Err(_) => None,
    }
}

/// One way to seat the facilitators and pick the meeting slots, before any member
/// is placed. With it fixed, the facilitator-region and slot terms are plain costs
/// per (applicant, cohort), and microlp settles most settings at the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// The facilitators of each cohort.
    pub facilitators: Vec<Vec<usize>>,
    /// The slot of each cohort (`None` when nobody gave availability).
    pub slots: Vec<Option<usize>>,
}

impl Setting {
    /// What sitting in cohort `c` costs applicant `i` in this setting: infinite
    /// when one of its facilitators is in conflict with them, otherwise the slot
    /// miss plus `region_weight` per facilitator of the applicant's region.
    pub(crate) fn place_cost(
        &self,
        inst: &Instance,
        c: usize,
        i: usize,
        region_weight: f64,
    ) -> f64 {
        let group = &self.facilitators[c];
        if group.iter().any(|&f| inst.facilitator_in_conflict(f, i)) {
            return f64::INFINITY;
        }
        let pairs = group
            .iter()
            .filter(|&&f| inst.facilitator_region[f] == inst.applicant_region[i])
            .count();
        let miss = self.slots[c].is_some_and(|t| !inst.applicant_available[i][t]);
        region_weight * pairs as f64 + inst.config.weights.slot * f64::from(u8::from(miss))
    }

    /// Facilitators not available at the slot of a cohort they serve.
    pub fn facilitator_misses(&self, inst: &Instance) -> usize {
        self.facilitators
            .iter()
            .zip(&self.slots)
            .map(|(group, &slot)| group_misses(inst, group, slot))
            .sum()
    }
}

/// Facilitators of `group` not available at `slot` (none without a slot).
fn group_misses(inst: &Instance, group: &[usize], slot: Option<usize>) -> usize {
    slot.map_or(0, |t| {
        group
            .iter()
            .filter(|&&f| !inst.facilitator_available[f][t])
            .count()
    })
}

/// Every facilitator setting of a program, each kept as the (facilitator group,
/// slot) choice of each of its cohorts: a few bytes a setting, where a
/// [`Setting`] of its own holds five vectors. A pilot has up to a million
/// settings; allocating and freeing them one by one took about 40 % of pilot
/// seed 46's run (BENCHMARKS.md, session 26). [`Settings::setting`] gives one whole.
///
/// ```
/// use cohortmatch::solve::exact::settings;
/// use cohortmatch::cohort::Instance;
/// use cohortmatch::{eligibility, synthetic, Config};
///
/// let rosters = synthetic::cohort_rosters(&synthetic::CohortSpec { applicants: 20, facilitators: 5, ..Default::default() });
/// let config = Config::builder().seats(8).cohorts(2).deadline(None).build().unwrap();
/// let inst = Instance::new(&rosters, &eligibility::screen_cohort_program(&rosters, &config), &config);
/// let all = settings(&inst, 100_000).unwrap();
/// let first = all.setting(0);
/// assert_eq!(first.facilitators.len(), 2);
/// assert_eq!(all.facilitator_misses(&inst, 0), first.facilitator_misses(&inst));
/// assert_eq!(all.iter().count(), all.len());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Every group of facilitators one cohort may have.
    groups: Vec<Vec<usize>>,
    /// Every slot a cohort may take (`[None]` when nobody gave availability).
    slots: Vec<Option<usize>>,
    /// Cohorts per setting.
    k: usize,
    /// Each setting's choice per cohort, setting after setting: choice `p` is
    /// group `p / slots.len()` at slot `p % slots.len()`.
    picked: Vec<u32>,
}

impl Settings {
    /// How many settings there are.
    pub fn len(&self) -> usize {
        self.picked.len() / self.k.max(1)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.picked.is_empty()
    }

    /// Setting `i`, whole.
    ///
    /// # Panics
    ///
    /// If `i` is not below [`Settings::len`].
    pub fn setting(&self, i: usize) -> Setting {
        let (facilitators, slots) = self
            .choices(i)
            .iter()
            .map(|&p| {
                let (group, slot) = self.choice(p);
                (group.to_vec(), slot)
            })
            .unzip();
        Setting {
            facilitators,
            slots,
        }
    }

    /// Every setting in order, whole.
    pub fn iter(&self) -> impl Iterator<Item = Setting> + '_ {
        (0..self.len()).map(|i| self.setting(i))
    }

    /// The choice of each cohort of setting `i`.
    pub(crate) fn choices(&self, i: usize) -> &[u32] {
        &self.picked[i * self.k..(i + 1) * self.k]
    }

    /// How many choices there are (groups times slots).
    pub(crate) fn choice_count(&self) -> usize {
        self.groups.len() * self.slots.len()
    }

    /// The group and slot of choice `p`.
    pub(crate) fn choice(&self, p: u32) -> (&[usize], Option<usize>) {
        let p = p as usize;
        let per = self.slots.len();
        (&self.groups[p / per], self.slots[p % per])
    }

    /// [`Setting::facilitator_misses`] of setting `i`.
    pub fn facilitator_misses(&self, inst: &Instance, i: usize) -> usize {
        self.choices(i)
            .iter()
            .map(|&p| {
                let (group, slot) = self.choice(p);
                group_misses(inst, group, slot)
            })
            .sum()
    }
}

/// Every setting that keeps the facilitator rules (counts per cohort, spread,
/// capacity), once up to interchangeable cohorts; `None` when there are more
/// than `most` (then the whole model is solved at once instead).
///
/// ```
/// use cohortmatch::solve::exact::settings;
/// use cohortmatch::cohort::Instance;
/// use cohortmatch::{eligibility, synthetic, Config};
///
/// let rosters = synthetic::cohort_rosters(&synthetic::CohortSpec { applicants: 20, facilitators: 4, ..Default::default() });
/// let config = Config::builder().seats(8).cohorts(2).deadline(None).build().unwrap();
/// let inst = Instance::new(&rosters, &eligibility::screen_cohort_program(&rosters, &config), &config);
/// let all = settings(&inst, 100_000).unwrap();
/// assert!(all.iter().all(|s| s.facilitators.iter().all(|g| g.len() >= 2)));
/// ```
pub fn settings(inst: &Instance, most: usize) -> Option<Settings> {
    let k = inst.cohorts();
    let nf = inst.facilitators();
    let places = inst.facilitator_places;
    let lo = (places / k.max(1)).max(inst.facilitators_min);
    let hi = places.div_ceil(k.max(1)).min(inst.facilitators_max);
    if k == 0 || nf > 24 || lo > hi {
        return None;
    }
    // Every group of facilitators one cohort may have, in a fixed order.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    fn subsets(
        nf: usize,
        from: usize,
        lo: usize,
        hi: usize,
        cur: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
        most: usize,
    ) -> bool {
        if cur.len() >= lo {
            out.push(cur.clone());
            if out.len() > most {
                return false;
            }
        }
        if cur.len() == hi {
            return true;
        }
        for f in from..nf {
            cur.push(f);
            let ok = subsets(nf, f + 1, lo, hi, cur, out, most);
            cur.pop();
            if !ok {
                return false;
            }
        }
        true
    }
    if !subsets(nf, 0, lo, hi, &mut Vec::new(), &mut groups, most) {
        return None;
    }
    let slots: Vec<Option<usize>> = if inst.slots.is_empty() {
        vec![None]
    } else {
        (0..inst.slots.len()).map(Some).collect()
    };
    // A cohort's choice is (group, slot), numbered; interchangeable cohorts take
    // choices in non-decreasing order so each setting comes once.
    let choices = groups.len() * slots.len();
    if u32::try_from(choices).is_err() {
        return None;
    }
    let ordered = interchangeable(inst);
    let mut walk = Walk {
        choices,
        groups: &groups,
        slots: slots.len(),
        ordered: &ordered,
        capacity: &inst.capacity,
        places,
        most,
        picked: Vec::with_capacity(k),
        used: vec![0; nf],
        out: Vec::new(),
    };
    let found = walk.go(0, 0);
    let picked = walk.out;
    found.then_some(Settings {
        groups,
        slots,
        k,
        picked,
    })
}

/// The depth-first walk behind [`settings`]: cohort by cohort, a (group, slot)
/// choice each, within the facilitators' capacities and the places to fill.
struct Walk<'a> {
    /// Groups times slots.
    choices: usize,
    groups: &'a [Vec<usize>],
    /// How many slots a cohort may take.
    slots: usize,
    /// Whether each cohort is interchangeable with the one before it.
    ordered: &'a [bool],
    capacity: &'a [usize],
    places: usize,
    most: usize,
    /// The choice of each cohort so far.
    picked: Vec<u32>,
    /// Cohorts each facilitator serves so far.
    used: Vec<usize>,
    /// The choices of the settings found, setting after setting.
    out: Vec<u32>,
}

impl Walk<'_> {
    /// Chooses for cohort `c` onwards, `filled` places taken; false once more
    /// than `most` settings are found.
    fn go(&mut self, c: usize, filled: usize) -> bool {
        let k = self.ordered.len();
        if c == k {
            if filled == self.places {
                self.out.extend_from_slice(&self.picked);
            }
            return self.out.len() / k.max(1) <= self.most;
        }
        let first = if self.ordered[c] {
            self.picked[c - 1] as usize
        } else {
            0
        };
        for choice in first..self.choices {
            let group = &self.groups[choice / self.slots];
            if filled + group.len() > self.places
                || group.iter().any(|&f| self.used[f] >= self.capacity[f])
            {
                continue;
            }
            group.iter().for_each(|&f| self.used[f] += 1);
            // `settings` checked that every choice fits.
            self.picked.push(choice as u32);
            let ok = self.go(c + 1, filled + group.len());
            self.picked.pop();
            group.iter().for_each(|&f| self.used[f] -= 1);
            if !ok {
                return false;
            }
        }
        true
    }
}

/// Each cohort's size and what it costs each applicant (as bits; infinite when
/// closed), sorted, and the facilitators' own slot misses.
type MemberKey = (Vec<(usize, Vec<u64>)>, u64);

/// What a setting changes for the members, as a key: settings with the same key
/// have the same best cost, so one MILP settles them all.
///
/// With the facilitators and slots fixed, a member's facilitator-region pairs
/// and slot miss are a plain cost per (applicant, cohort), and the facilitators'
/// own misses a constant; every other term depends only on who sits with whom.
/// Two settings whose cohorts, taken in some order that keeps the sizes, close
/// the same applicants out and cost each applicant the same, map every
/// assignment of one onto an assignment of the other at the same cost. The
/// cohorts' descriptions are sorted, so cohorts in another order give the same
/// key. On a roster where facilitator regions are weighted 0, or nobody gave
/// availability, many settings share a key.
fn member_key(inst: &Instance, setting: &Setting) -> MemberKey {
    let w = inst.config.weights;
    let mut cohorts: Vec<(usize, Vec<u64>)> = (0..inst.cohorts())
        .map(|c| {
            let costs = (0..inst.applicants())
                .map(|i| setting.place_cost(inst, c, i, w.region_f).to_bits())
                .collect();
            (inst.sizes[c], costs)
        })
        .collect();
    cohorts.sort();
    let constant = w.slot * setting.facilitator_misses(inst) as f64;
    (cohorts, constant.to_bits())
}

/// Whether every assignment costs at least as much in the setting of key `a`
/// as in that of key `b`: the facilitators' own misses no fewer, and each
/// cohort of `b` matched to a cohort of `a` of its size that costs every
/// applicant no less (closed to whoever `b`'s is closed to). Then `a`'s best
/// cost is at least `b`'s, and once `b` is settled so is `a`.
///
/// `scratch` holds the matching's buffers: the proof asks this of every
/// setting begun against every one settled (pilot seed 144, 360,480 settings:
/// a fifth of its proof, most of it allocating them on each call; kept, with
/// the early end below, 30.3 -> 21.4 s).
fn costs_no_less(a: &MemberKey, b: &MemberKey, scratch: &mut Matching) -> bool {
    let (cohorts_a, cohorts_b) = (&a.0, &b.0);
    if f64::from_bits(a.1) < f64::from_bits(b.1) || cohorts_a.len() != cohorts_b.len() {
        return false;
    }
    let k = cohorts_b.len();
    // Which cohort of `a` may stand for each cohort of `b`; a cohort of `b`
    // that none fits ends it at once, as it mostly does.
    let fits = &mut scratch.fits;
    fits.clear();
    for (size_b, costs_b) in cohorts_b {
        let row = fits.len();
        fits.extend(cohorts_a.iter().map(|(size_a, costs_a)| {
            size_a == size_b
                && costs_a
                    .iter()
                    .zip(costs_b)
                    .all(|(&x, &y)| f64::from_bits(x) >= f64::from_bits(y))
        }));
        if !fits[row..].contains(&true) {
            return false;
        }
    }
    // A perfect matching by augmenting paths (Kuhn's algorithm).
    fn augment(c: usize, k: usize, fits: &[bool], seen: &mut [bool], owner: &mut [usize]) -> bool {
        for d in 0..k {
            if fits[c * k + d] && !seen[d] {
                seen[d] = true;
                if owner[d] == usize::MAX || augment(owner[d], k, fits, seen, owner) {
                    owner[d] = c;
                    return true;
                }
            }
        }
        false
    }
    let Matching { fits, seen, owner } = scratch;
    owner.clear();
    owner.resize(k, usize::MAX);
    (0..k).all(|c| {
        seen.clear();
        seen.resize(k, false);
        augment(c, k, fits, seen, owner)
    })
}

/// The buffers of [`costs_no_less`], kept between calls.
#[derive(Default)]
struct Matching {
    /// Row by row, for each cohort of `b`, which cohorts of `a` fit it.
    fits: Vec<bool>,
    seen: Vec<bool>,
    owner: Vec<usize>,
}

/// For each setting, the first setting with the same [`member_key`].
#[cfg(test)]
fn alike(inst: &Instance, all: &Settings) -> Vec<usize> {
    alike_by(inst, all, &Choices::new(inst, all), &None)
}

/// For each setting, the first setting with the same [`member_key`], from
/// the settings' `choices`, whose numbers stand for the keys.
///
/// Only a hash of each key is kept (computed on `pool`); a key is built again
/// to tell settings apart where hashes meet. Keeping every key, a mid-size
/// program of 663,040 settings held 984 MB, against 325 MB with hashes
/// (BENCHMARKS.md, session 19). Each setting is checked against the first of
/// its hash on `pool` too: one by one, pilot seed 200's 1,033,920 settings
/// took 0.11 s on one thread. Hashes that meet with different keys are rare
/// and told apart in order, so the answer does not depend on the threads.
fn alike_by(
    inst: &Instance,
    all: &Settings,
    choices: &Choices,
    pool: &Option<rayon::ThreadPool>,
) -> Vec<usize> {
    use std::hash::BuildHasher;
    let hasher = rustc_hash::FxBuildHasher;
    alike_hashed(inst, all, choices, pool, |key| hasher.hash_one(key))
}

/// [`alike_by`] with the keys' hash given (a test makes hashes meet).
fn alike_hashed(
    inst: &Instance,
    all: &Settings,
    choices: &Choices,
    pool: &Option<rayon::ThreadPool>,
    hash: impl Fn(&[(usize, u32)]) -> u64 + Sync,
) -> Vec<usize> {
    use rayon::prelude::*;
    let hashes: Vec<u64> = super::in_pool(pool, || {
        (0..all.len())
            .into_par_iter()
            .map_init(Vec::new, |key, i| {
                choices.member_key(inst, all, i, key);
                hash(key)
            })
            .collect()
    });
    // The settings by hash, then by number: each hash's first comes first.
    // (Sorted with their hashes beside them: looking each up was slower.)
    let mut order: Vec<(u64, usize)> = hashes.iter().copied().zip(0..).collect();
    super::in_pool(pool, || order.par_sort_unstable());
    let mut first = vec![0usize; all.len()];
    for run in order.chunk_by(|a, b| a.0 == b.0) {
        run.iter().for_each(|&(_, i)| first[i] = run[0].1);
    }
    // `usize::MAX` where the key is not its hash's first's.
    let mut alike: Vec<usize> = super::in_pool(pool, || {
        (0..all.len())
            .into_par_iter()
            .map_init(
                || (Vec::new(), Vec::new()),
                |(key, other), i| {
                    if first[i] == i {
                        return i;
                    }
                    choices.member_key(inst, all, i, key);
                    choices.member_key(inst, all, first[i], other);
                    if key == other { first[i] } else { usize::MAX }
                },
            )
            .collect()
    });
    // Those: the first setting of their hash with their key, in order.
    let (mut key, mut other) = (Vec::new(), Vec::new());
    for i in 0..all.len() {
        if alike[i] != usize::MAX {
            continue;
        }
        let from = order.partition_point(|&at| at < (hashes[i], 0));
        choices.member_key(inst, all, i, &mut key);
        alike[i] = order[from..]
            .iter()
            .take_while(|&&(hash, j)| hash == hashes[i] && j < i)
            .map(|&(_, j)| j)
            .find(|&j| {
                alike[j] == j && {
                    choices.member_key(inst, all, j, &mut other);
                    other == key
                }
            })
            .unwrap_or(i);
    }
    alike
}

/// Work done together between two updates of the cutoff in the settings'
/// proof: pricing a setting, its root, a node of its count search, a leaf's
/// MILP. Most of it takes a millisecond or less; with the MILPs spread out,
/// 48 keeps the threads busier than 32 (the 7 hard pilots on 2 threads: 7.13 s
/// against 7.35 s, BENCHMARKS.md session 18).
const WORK_PER_BATCH: usize = 48;

/// Most MILPs (the leaves of count searches) in one batch: each MILP's answer
/// tightens the cutoff of the next ones, which end sooner for it. A constant,
/// so the answer does not depend on the threads. On the synthetic pilots 3, 7,
/// 14, 15, 17, 18, 19 and the sample on 2 threads: 11.3 s in all, against 12.0 s
/// with 4 once no better answer came for a while (BENCHMARKS.md, session 14).
const MILPS_PER_BATCH: usize = 2;

/// Most whole-subtree searches passed over to fill a batch with light work
/// (each popped and put back in its place).
const MOST_PASSED_OVER: usize = 4096;

/// Batches the cutoff must stand unchanged before batches of whole-subtree
/// searches are filled with light work taken ahead of its turn. Pilot seed 12
/// (three runs each): 14.0 s without filling, 12.9 s filling at once or after
/// 16 batches, 13.3 s after 64; seed 144, whose cutoff moves twice just as
/// its subtrees start to be searched whole: 6.40, 6.61, 6.49 and 6.40 s
/// (BENCHMARKS.md, session 28).
const QUIET_BEFORE_FILLING: usize = 16;

/// Most nodes with their relaxation (a solved microlp model each) waiting in
/// the settings' proof; past it, a node's subtree is searched whole instead.
/// Synthetic pilot seed 12 (`--solver exact`, 179,200 settings) held 720 MB
/// without a limit, against 230 MB for session 13's search setting by setting.
const MOST_WAITING_RELAXATIONS: usize = 500;

/// What one setting's MILP said, under the cutoff.
pub(crate) enum Verdict {
    /// Nothing in this setting beats the cutoff, by its MILP.
    RuledOut,
    /// Nothing in this setting beats the cutoff, by its Lagrangian bound.
    PricedOut,
    /// Nothing in this setting beats the cutoff, by our bound on its members
    /// with the parity of their years ([`Parity`](super::bound::Parity)).
    Floored,
    /// The best assignment in this setting, and whether the solver proved it best.
    Found(Assignment, f64, bool),
    /// Out of time before the solver could tell.
    Unknown,
}

/// The best assignment of a setting's MILP under `cutoff`, with
/// `options.backend`, `options.time_limit` and at most `nodes` of microlp's
/// branch and bound: the cost always from [`evaluate`].
pub(crate) fn solve_under(
    inst: &Instance,
    model: &Model,
    (vars, objective, mut constraints): (ProblemVariables, Expression, Vec<good_lp::Constraint>),
    cutoff: f64,
    options: &SolveOptions,
    nodes: Option<u64>,
) -> Verdict {
    constraints.push(constraint!(objective.clone() <= cutoff));
    let solved = match options.backend {
        Backend::Microlp => {
            solve_microlp(model, vars, objective, constraints, options, None, nodes)
        }
        Backend::Highs => solve_highs(model, vars, objective, constraints, options, None),
    };
    match solved {
        Ok(s) => {
            let cost = evaluate(inst, &s.assignment).total;
            Verdict::Found(s.assignment, cost, s.optimal)
        }
        Err(Failed::Infeasible) => Verdict::RuledOut,
        Err(Failed::Other) => Verdict::Unknown,
    }
}

/// Cohorts with the same size, facilitators and slot in a setting are still
/// interchangeable.
fn ordered_in(inst: &Instance, setting: &Setting) -> Vec<bool> {
    (0..inst.cohorts())
        .map(|c| {
            c > 0
                && inst.sizes[c] == inst.sizes[c - 1]
                && setting.facilitators[c] == setting.facilitators[c - 1]
                && setting.slots[c] == setting.slots[c - 1]
        })
        .collect()
}

/// The linear relaxation's value for one setting: a lower bound on every
/// assignment in it (infinite when it has none). Always with microlp: an LP is
/// quick for it and needs no proof.
fn setting_lp_bound(inst: &Instance, setting: &Setting) -> f64 {
    let (vars, objective, constraints, _) = build(
        inst,
        Relax::default(),
        &ordered_in(inst, setting),
        Some(setting),
        false,
        None,
    );
    let mut problem = vars.minimise(objective.clone()).using(good_lp::microlp);
    for c in constraints {
        problem.add_constraint(c);
    }
    match problem.solve() {
        Ok(solution) => solution.eval(&objective) - 1e-7 * solution.eval(&objective).abs().max(1.0),
        Err(good_lp::ResolutionError::Infeasible) => f64::INFINITY,
        Err(_) => f64::NEG_INFINITY,
    }
}

/// The batch numbered in its order, the MILPs moved so that they are evenly
/// spaced, each followed by its share of the other work: rayon halves the
/// batch between the threads, so each half starts with a MILP.
fn spread_out<W>(live: Vec<W>, milp: impl Fn(&W) -> bool) -> Vec<(usize, W)> {
    let (heavy, light): (Vec<_>, Vec<_>) = live.into_iter().enumerate().partition(|(_, w)| milp(w));
    let per = light.len() / heavy.len().max(1);
    let mut light = light.into_iter();
    let mut exec = Vec::with_capacity(heavy.len() + light.len());
    for h in heavy {
        exec.push(h);
        exec.extend(light.by_ref().take(per));
    }
    exec.extend(light);
    exec
}

/// Open work of the settings' proof.
enum Work {
    /// A setting not priced.
    Price(usize),
    /// A setting priced against a cutoff, not begun, with the multipliers
    /// its bound was found at.
    Begin(usize, f64, Option<super::lagrange::Multipliers>),
    /// A node of a setting's count search.
    Node(usize, Node),
}

/// Work queued under its bound; the least bound first, then the earliest.
struct Queued {
    bound: f64,
    seq: u64,
    work: Work,
}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Reversed: `BinaryHeap` pops the greatest.
        other
            .bound
            .total_cmp(&self.bound)
            .then(other.seq.cmp(&self.seq))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Queued {}

/// The open work, least bound first, counting the nodes that keep their
/// relaxation.
#[derive(Default)]
struct WorkQueue {
    heap: std::collections::BinaryHeap<Queued>,
    /// Work queued so far: ties go to the earlier.
    seq: u64,
    /// Nodes queued that keep their relaxation (not leaves).
    relaxations: usize,
}

impl Work {
    /// The setting it is for.
    fn setting(&self) -> usize {
        match self {
            Work::Price(i) | Work::Begin(i, ..) | Work::Node(i, _) => *i,
        }
    }

    /// Whether it is a MILP: a leaf, a root plunged to its first leaf, or a
    /// node whose subtree is searched whole (`deep`), leaves and all.
    fn is_milp(&self, plunge: bool, deep: bool) -> bool {
        match self {
            Work::Node(_, node) => deep || node.is_leaf(),
            Work::Begin(..) => plunge,
            Work::Price(_) => false,
        }
    }

    /// Whether it is a node that splits its relaxation (not a leaf): what
    /// bounds the relaxations waiting. A leaf keeps its relaxation too, for
    /// its reduced costs, but few leaves wait (pilot seeds 12 and 144 held
    /// 2 % more memory for them).
    fn keeps_relaxation(&self) -> bool {
        matches!(self, Work::Node(_, n) if !n.is_leaf())
    }
}

impl WorkQueue {
    fn push(&mut self, bound: f64, work: Work) {
        self.relaxations += usize::from(work.keeps_relaxation());
        self.heap.push(Queued {
            bound,
            seq: self.seq,
            work,
        });
        self.seq += 1;
    }

    fn pop(&mut self) -> Option<Queued> {
        let q = self.heap.pop()?;
        self.relaxations -= usize::from(q.work.keeps_relaxation());
        Some(q)
    }

    fn peek(&self) -> Option<&Queued> {
        self.heap.peek()
    }

    /// Work popped and not taken, back in its place (its order kept).
    fn put_back(&mut self, q: Queued) {
        self.relaxations += usize::from(q.work.keeps_relaxation());
        self.heap.push(q);
    }
}

/// How a setting began: settled at once, or the root of its count search.
enum Began {
    Settled(Verdict),
    Root(Tree, Node),
}

/// Work done in a batch.
enum Done {
    /// A setting's Lagrangian bound, the cutoff it was aimed at, and the
    /// multipliers it was found at with the key they are kept under for
    /// settings alike.
    Priced(
        usize,
        f64,
        f64,
        Option<(Vec<Vec<usize>>, super::lagrange::Multipliers)>,
    ),
    Begun(usize, Began),
    /// A plunge from a setting's root of this bound.
    Plunged(usize, Tree, f64, super::counts::Plunged),
    /// A node of this bound searched.
    Stepped(usize, f64, Step),
    /// A node of this bound searched with its whole subtree.
    Finished(usize, f64, super::counts::Finished),
}

/// A setting's count search under way.
struct Search {
    tree: Tree,
    /// Its nodes queued or being searched.
    open: usize,
    /// The least bound over its nodes not settled (infinite while every
    /// node so far was).
    unsettled: f64,
    /// The least cost its leaves found (the assignment goes straight to the
    /// best known).
    found: Option<f64>,
}

impl Search {
    fn new(tree: Tree) -> Self {
        Search {
            tree,
            open: 1,
            unsettled: f64::INFINITY,
            found: None,
        }
    }
}

/// One node of setting `i`'s search is done; with its last, the setting is
/// counted (`alike` settings) and it is `Some(whether every node was settled)`.
fn close_node(
    searches: &mut HashMap<usize, Search>,
    i: usize,
    tally: &mut Tally,
    alike: usize,
) -> Option<bool> {
    let search = searches.get_mut(&i).expect("a node's setting is searched");
    search.open -= 1;
    if search.open > 0 {
        return None;
    }
    let search = searches.remove(&i)?;
    tally.count(search.found.is_some(), search.unsettled, alike);
    Some(search.unsettled == f64::INFINITY)
}

/// The settings settled with work (a MILP or a search), and for the others
/// whether one of those costs them every assignment no more
/// ([`costs_no_less`]): then their work is dropped as it comes up.
#[derive(Default)]
struct Outdone {
    keys: HashMap<usize, std::rc::Rc<MemberKey>>,
    /// The keys of the settings begun and settled exactly, in the order they were.
    beaten: Vec<std::rc::Rc<MemberKey>>,
    /// For each setting asked about: how many of `beaten` it was checked
    /// against, and whether one of them costs no more.
    checked: HashMap<usize, (usize, bool)>,
    scratch: Matching,
}

impl Outdone {
    /// The member key of setting `i`, computed once.
    fn key(&mut self, inst: &Instance, all: &Settings, i: usize) -> std::rc::Rc<MemberKey> {
        self.keys
            .entry(i)
            .or_insert_with(|| std::rc::Rc::new(member_key(inst, &all.setting(i))))
            .clone()
    }

    /// Setting `b` was settled after work, `exactly` when its best cost is
    /// known or above the cutoff.
    fn settled(&mut self, inst: &Instance, all: &Settings, b: usize, exactly: bool) {
        self.checked.remove(&b);
        if exactly {
            let key = self.key(inst, all, b);
            self.beaten.push(key);
        }
    }

    /// Whether some setting settled exactly costs `i` every assignment no
    /// more (checked against each only once). Pricing is cheaper than the
    /// check, so only begun settings are asked about.
    fn outdone(&mut self, inst: &Instance, all: &Settings, i: usize) -> bool {
        let (seen, found) = self.checked.get(&i).copied().unwrap_or((0, false));
        if found || seen == self.beaten.len() {
            return found;
        }
        let key = self.key(inst, all, i);
        let scratch = &mut self.scratch;
        let found = self.beaten[seen..]
            .iter()
            .any(|b| costs_no_less(&key, b, scratch));
        self.checked.insert(i, (self.beaten.len(), found));
        found
    }
}

/// How the settings were settled, counted in settings (each one settled
/// stands for those alike).
#[derive(Default)]
struct Tally {
    settled: usize,
    by_later_cutoff: usize,
    by_solver: usize,
    by_lagrangian: usize,
    /// Settled because another costs every assignment no more.
    by_another: usize,
    found: usize,
    unknown: usize,
    /// Whether some setting was left unsettled.
    unproven: bool,
    /// The least bound over settings the solver did not settle.
    open: f64,
}

impl Tally {
    /// Counts a setting's verdict (`alike` settings, bound `bound`), keeping
    /// the better assignment in `best` (ties to the earlier).
    fn settle(
        &mut self,
        verdict: Verdict,
        alike: usize,
        bound: f64,
        best: &mut Option<(Assignment, f64)>,
    ) {
        match verdict {
            Verdict::RuledOut => self.count(false, f64::INFINITY, alike),
            Verdict::PricedOut => {
                self.settled += alike;
                self.by_lagrangian += alike;
            }
            Verdict::Floored => {
                self.settled += alike;
                self.by_later_cutoff += alike;
            }
            Verdict::Found(a, cost, optimal) => {
                if best.as_ref().is_none_or(|(_, b)| cost < *b) {
                    *best = Some((a, cost));
                }
                self.count(true, if optimal { f64::INFINITY } else { bound }, alike);
            }
            Verdict::Unknown => self.count(false, bound, alike),
        }
    }

    /// Counts a setting dropped before its root: another settled one costs
    /// every assignment no more ([`Outdone`]).
    fn outdone(&mut self, alike: usize) {
        self.settled += alike;
        self.by_another += alike;
    }

    /// Counts a setting whose solver found a better assignment or not, with
    /// the least bound over what it left unsettled (infinite when nothing).
    fn count(&mut self, found: bool, unsettled: f64, alike: usize) {
        let settled = unsettled == f64::INFINITY;
        self.settled += alike;
        match (found, settled) {
            (true, _) => self.found += alike,
            (false, true) => self.by_solver += alike,
            (false, false) => self.unknown += alike,
        }
        if !settled {
            self.unproven = true;
            self.open = self.open.min(unsettled);
        }
    }
}

/// The exact model solved one facilitator setting at a time. A setting is
/// ruled out without building it when our bound for it
/// ([`bound::setting_bound`](super::bound::setting_bound)) is above the best
/// cost known, or (where its MILP is the plain model, with isolation asked for)
/// when its linear relaxation is; the rest are solved each asked to beat the
/// best cost known (a cutoff on the objective). Where the selected years' total
/// decides whether the cohorts' years can be equal, a setting within that
/// term's least of the cutoff is also ruled out when the selections that could
/// make them equal cannot beat it. Without isolation a Lagrangian bound
/// (balance counts, conflicts and experience priced, the seats filled at least
/// cost) rules most settings out before their model is built, and each
/// setting's model takes every balance value's spread over the cohorts as
/// columns, searched over the values' counts (`counts`). The work of all
/// settings (pricing, roots, nodes, the leaves' MILPs) is done least bound
/// first, so nothing is searched while something anywhere may be cheaper, and
/// the best assignments come first. Proven optimal when every setting is
/// settled; otherwise the bound is the least bound over the unsettled ones.
/// The work runs in parallel on `options.threads` in batches, the cutoff
/// moving only between batches, and ties go to the earlier work: the answer
/// does not depend on the threads.
pub fn solve_by_settings(
    inst: &Instance,
    options: &SolveOptions,
    start: &Assignment,
    all: &Settings,
    observer: &dyn super::Observer,
) -> Outcome {
    let began = Instant::now();
    let deadline = options.time_limit.map(|t| began + t);
    let cutoff = cutoff_below(evaluate(inst, start).total);
    let mut bounds = SettingBounds::new(inst, all, options.threads, deadline, cutoff);
    bounds.relax_below(inst, all, cutoff, None, options.threads, deadline);
    solve_by_settings_from(inst, &options.since(began), start, all, observer, bounds)
}

/// A cost just below `cost`: what a better assignment must beat.
pub(crate) fn cutoff_below(cost: f64) -> f64 {
    cost - 1e-6 * cost.abs().max(1.0)
}

/// Each facilitator setting's lower bound: ours
/// ([`bound::setting_bound`](super::bound::setting_bound)) for every setting, its
/// linear relaxation where ours does not rule it out and the settings' MILPs are
/// the plain model. Settings alike for the members share the bound of the first
/// of them.
///
/// Where the MILPs take spreads ([`spreads::applies`](super::spreads)), no
/// setting is relaxed first: a spreads MILP settles its setting in about the
/// time the plain relaxation takes to bound it (synthetic pilot seed 7: 232
/// relaxations 0.79 s, against 3-30 ms per MILP), with a tighter root.
pub(crate) struct SettingBounds {
    /// The settings that stand for their class of alike ones (the first of each).
    distinct: Vec<usize>,
    /// How many settings each first one stands for (0 for the others).
    alike_count: Vec<usize>,
    /// The best bound known for each first setting.
    bound: Vec<f64>,
    /// Our bound for each first setting's members alone
    /// ([`bound::members_floor`](super::bound::members_floor)), which the
    /// spreads are pruned against.
    members: Vec<f64>,
    /// Whether the settings' linear relaxations are worth solving (the plain model).
    relax: bool,
    /// Whether its linear relaxation has been solved.
    relaxed: Vec<bool>,
    /// Time spent computing these bounds, counted in the proof's time.
    spent: std::time::Duration,
}

impl SettingBounds {
    /// Our bound for every setting (about half a millisecond each), at least
    /// enough to rule out those above `cutoff` (infinite: each setting's own
    /// bound). Past `deadline` the floors not yet computed are left unknown
    /// (minus infinity), so a time limit holds however many settings there are.
    pub(crate) fn new(
        inst: &Instance,
        all: &Settings,
        threads: Option<usize>,
        deadline: Option<Instant>,
        cutoff: f64,
    ) -> Self {
        use rayon::prelude::*;
        let began = Instant::now();
        let pool = super::pool(threads);
        let choices = Choices::new(inst, all);
        let first_alike = alike_by(inst, all, &choices, &pool);
        let mut alike_count = vec![0usize; all.len()];
        for &r in &first_alike {
            alike_count[r] += 1;
        }
        let distinct: Vec<usize> = (0..all.len()).filter(|&i| first_alike[i] == i).collect();
        // Settings that differ only where our bound does not look share its
        // floor for the members: one bound problem per key.
        // (Keys told apart by their choices' numbers, built whole once each.)
        let mut keys: rustc_hash::FxHashMap<Vec<u64>, usize> = Default::default();
        let mut least = LeastPlaces::new();
        let mut firsts: Vec<usize> = Vec::new();
        let mut by_id: Vec<super::bound::MembersKey> = Vec::new();
        let mut key = Vec::new();
        let key_of: Vec<usize> = distinct
            .iter()
            .map(|&i| {
                let places = choices.members_key(inst, i, &mut least, &mut key);
                if let Some(&id) = keys.get(key.as_slice()) {
                    return id;
                }
                firsts.push(i);
                let cohorts = super::bound::members_cohorts(inst, &all.setting(i));
                by_id.push((cohorts, least.bits(places).to_vec()));
                keys.insert(key.clone(), firsts.len() - 1);
                firsts.len() - 1
            })
            .collect();
        drop((keys, least, choices));
        let w_slot = inst.config.weights.slot;
        // Each setting's facilitator misses, and the fewest among each key's
        // settings.
        let own_misses: Vec<usize> = super::in_pool(&pool, || {
            distinct
                .par_iter()
                .map(|&i| all.facilitator_misses(inst, i))
                .collect()
        });
        let mut misses = vec![usize::MAX; firsts.len()];
        for (&key, &own) in key_of.iter().zip(&own_misses) {
            misses[key] = misses[key].min(own);
        }
        // Depth by depth, a key others cover takes the highest of their floors
        // where that rules its settings out, its own floor otherwise; keys
        // nothing covers get their own.
        let (covering, depth) = super::in_pool(&pool, || covering_keys(&by_id));
        // The charges by the facilitators' regions in each cohort, computed
        // once each (a key's floor is a pure function of them and its places,
        // so which thread computes them does not matter).
        type Charged = std::sync::Arc<Vec<super::bound::Charge>>;
        let charged: std::sync::Mutex<rustc_hash::FxHashMap<Vec<Vec<usize>>, Charged>> =
            Default::default();
        let floor_of = |key: usize| -> f64 {
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return f64::NEG_INFINITY;
            }
            // Past what rules out every setting of the key, the floor need
            // not be exact.
            let enough = cutoff - w_slot * misses[key] as f64;
            let setting = all.setting(firsts[key]);
            let regions = super::bound::seated_regions(inst, &setting);
            let known = charged.lock().ok().and_then(|c| c.get(&regions).cloned());
            let charges = known.unwrap_or_else(|| {
                let made =
                    std::sync::Arc::new(super::bound::charges(inst, Some(&setting.facilitators)));
                if let Ok(mut c) = charged.lock() {
                    c.insert(regions, made.clone());
                }
                made
            });
            super::bound::members_floor_charged(inst, &setting, &charges, enough)
                .unwrap_or(f64::NEG_INFINITY)
        };
        let mut floors = vec![f64::NEG_INFINITY; firsts.len()];
        let deepest = depth.iter().copied().max().unwrap_or(0);
        for d in 0..=deepest {
            let mut open = Vec::new();
            for key in (0..firsts.len()).filter(|&key| depth[key] == d) {
                let inherited = covering[key]
                    .iter()
                    .map(|&by| floors[by])
                    .fold(f64::NEG_INFINITY, f64::max);
                floors[key] = inherited;
                if covering[key].is_empty() || inherited + w_slot * misses[key] as f64 <= cutoff {
                    open.push(key);
                }
            }
            let own: Vec<f64> = super::in_pool(&pool, || {
                open.par_iter().map(|&key| floor_of(key)).collect()
            });
            for (&key, floor) in open.iter().zip(own) {
                floors[key] = floors[key].max(floor);
            }
        }
        let mut bound = vec![f64::INFINITY; all.len()];
        let mut members = vec![f64::NEG_INFINITY; all.len()];
        for ((&i, &key), &own) in distinct.iter().zip(&key_of).zip(&own_misses) {
            members[i] = floors[key];
            bound[i] = floors[key] + w_slot * own as f64;
        }
        SettingBounds {
            distinct,
            alike_count,
            bound,
            members,
            relax: !super::spreads::applies(inst),
            relaxed: vec![false; all.len()],
            spent: began.elapsed(),
        }
    }

    /// The settings whose bound is at most `cutoff`, not yet relaxed (none when
    /// relaxations are not worth solving).
    fn unrelaxed_below(&self, cutoff: f64) -> Vec<usize> {
        self.distinct
            .iter()
            .copied()
            .filter(|&i| self.relax && !self.relaxed[i] && self.bound[i] <= cutoff)
            .collect()
    }

    /// Whether the settings are relaxed before their MILPs: only where the MILPs
    /// are the plain model.
    pub(crate) fn relaxes(&self) -> bool {
        self.relax
    }

    /// Solves the linear relaxation of every setting whose bound is at most
    /// `cutoff`, unless there are more than `most` of them. Whether it did (or
    /// had nothing to do). Past `deadline` the rest keep the bound they have (a
    /// roster of 5,088 settings with isolation asked for spent 76 s on its
    /// floors and relaxations under a limit of 20 s).
    pub(crate) fn relax_below(
        &mut self,
        inst: &Instance,
        all: &Settings,
        cutoff: f64,
        most: Option<usize>,
        threads: Option<usize>,
        deadline: Option<Instant>,
    ) -> bool {
        use rayon::prelude::*;
        let began = Instant::now();
        let todo = self.unrelaxed_below(cutoff);
        if most.is_some_and(|m| todo.len() > m) {
            return false;
        }
        let lps: Vec<Option<f64>> = super::in_pool(&super::pool(threads), || {
            todo.par_iter()
                .map(|&i| {
                    deadline
                        .is_none_or(|d| Instant::now() < d)
                        .then(|| setting_lp_bound(inst, &all.setting(i)))
                })
                .collect()
        });
        for (&i, b) in todo.iter().zip(lps) {
            if let Some(b) = b {
                self.bound[i] = self.bound[i].max(b);
                self.relaxed[i] = true;
            }
        }
        self.spent += began.elapsed();
        true
    }

    /// How many MILPs (one per class of alike settings) would still have to
    /// settle the settings whose bound is at most `cutoff`.
    pub(crate) fn open_below(&self, cutoff: f64) -> usize {
        self.distinct
            .iter()
            .filter(|&&i| self.bound[i] <= cutoff)
            .count()
    }
}

/// Fixes, in the plain model of `setting`, the applicants whose selection,
/// absence or seat alone costs more than `cutoff` by our `floors`: the
/// fractional remains of them are what keeps its relaxation low. (Measured on
/// the plain model: the sample's proof 96 s -> 49 s. The spreads model does
/// better without: synthetic pilot seed 7 1.9 s -> 1.0 s, the floors' small
/// MILPs costing more than they save.)
fn fix_applicants(
    inst: &Instance,
    setting: &Setting,
    model: &Model,
    floors: Option<std::sync::Arc<super::bound::ClassFloors>>,
    cutoff: f64,
    constraints: &mut Vec<good_lp::Constraint>,
) {
    let Some(floors) = floors else {
        return;
    };
    let misses = inst.config.weights.slot * setting.facilitator_misses(inst) as f64;
    let places = super::bound::setting_places(inst, setting);
    for (i, places) in places.iter().enumerate() {
        let f = floors.of(i, places);
        if f.selected + misses > cutoff {
            for &x in &model.x[i] {
                constraints.push(constraint!(x == 0.0));
            }
            continue;
        }
        if f.left_out + misses > cutoff {
            let seated: Expression = model.x[i].iter().copied().sum();
            constraints.push(constraint!(seated == 1.0));
        }
        for (&x, &here) in model.x[i].iter().zip(&f.seated) {
            if here + misses > cutoff {
                constraints.push(constraint!(x == 0.0));
            }
        }
    }
}

/// [`solve_by_settings`] from bounds already computed, relaxed below the start's
/// cost. The time limit counts from now; the time reported includes the bounds'.
pub(crate) fn solve_by_settings_from(
    inst: &Instance,
    options: &SolveOptions,
    start: &Assignment,
    all: &Settings,
    observer: &dyn super::Observer,
    bounds: SettingBounds,
) -> Outcome {
    use rayon::prelude::*;
    let deadline = options.time_limit.map(|t| Instant::now() + t);
    let began = Instant::now()
        .checked_sub(bounds.spent)
        .unwrap_or_else(Instant::now);
    let start_cost = evaluate(inst, start);
    let pool = super::pool(options.threads);
    let first_cutoff = cutoff_below(start_cost.total);
    debug_assert!(bounds.unrelaxed_below(first_cutoff).is_empty());
    let SettingBounds {
        distinct,
        alike_count,
        bound: lp,
        members,
        ..
    } = bounds;
    // Each class's floors, shared by the settings of one members key.
    type Floors = Option<std::sync::Arc<super::bound::ClassFloors>>;
    let floors_cache: std::sync::Mutex<HashMap<super::bound::MembersKey, Floors>> =
        Default::default();
    let floors_of = |setting: &Setting| -> Floors {
        let key = super::bound::members_key(inst, setting);
        if let Some(known) = floors_cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return known;
        }
        let floors =
            super::bound::ClassFloors::new(inst, setting, deadline).map(std::sync::Arc::new);
        if let Ok(mut cache) = floors_cache.lock() {
            cache.insert(key, floors.clone());
        }
        floors
    };
    // What the selections whose years add up to a multiple of the parity's
    // modulus cost at least, per members key: the floor, and the most it was
    // asked about (past which it need not be exact).
    let parity = super::bound::parity(inst);
    let multiples: std::sync::Mutex<HashMap<super::bound::MembersKey, (f64, f64)>> =
        Default::default();
    let multiple_of = |setting: &Setting, parity, enough: f64| -> f64 {
        let key = super::bound::members_key(inst, setting);
        // Exact, or enough here: settings of one key differ in their
        // facilitators' misses, so a floor past one's cutoff may not be past
        // another's.
        let known = multiples.lock().ok().and_then(|c| c.get(&key).copied());
        if let Some((floor, asked)) = known
            && (floor <= asked || floor > enough)
        {
            return floor;
        }
        let floor = super::bound::members_floor_multiple_past(inst, setting, parity, enough)
            .unwrap_or(f64::NEG_INFINITY);
        if let Ok(mut cache) = multiples.lock() {
            cache.insert(key, (floor, enough));
        }
        floor
    };
    let mut order: Vec<usize> = distinct
        .iter()
        .copied()
        .filter(|&i| lp[i] <= first_cutoff)
        .collect();
    order.sort_by(|&a, &b| lp[a].total_cmp(&lp[b]).then(a.cmp(&b)));
    // Where it applies, the Lagrangian bound rules most settings out before
    // their MILP is built (synthetic pilot seed 5: 1,101 of 1,339). Every setting
    // starts from the same multipliers, raised on the first setting in order, so
    // no verdict depends on the threads.
    use super::lagrange::{AIM, DEFLECTION, Lagrangian, Multipliers, SHARED_STEPS, STEPS};
    let lagrangian = Lagrangian::new(inst).map(std::sync::Arc::new);
    let shared = lagrangian.as_ref().zip(order.first()).map(|(l, &i)| {
        let mut m = l.zero();
        let data = l.setting(inst, &all.setting(i));
        l.raise(
            &data,
            &mut m,
            f64::INFINITY,
            first_cutoff + AIM,
            SHARED_STEPS,
            0.0,
        );
        m
    });
    // What is left of the time limit (`Some(None)` without one), `None` once
    // it has passed.
    let time_left = || -> Option<Option<std::time::Duration>> {
        match deadline {
            Some(d) => d
                .checked_duration_since(Instant::now())
                .filter(|left| !left.is_zero())
                .map(Some),
            None => Some(None),
        }
    };
    // Its Lagrangian bound first, where there is one: the setting waits for
    // its root under the better bound.
    let price = |i: usize, cutoff: f64, from: Option<&Multipliers>| -> Option<(f64, Multipliers)> {
        let (l, m) = lagrangian.as_ref().zip(shared.as_ref())?;
        let mut m = from.unwrap_or(m).clone();
        let data = l.setting(inst, &all.setting(i));
        let bound = l.raise(&data, &mut m, cutoff, cutoff + AIM, STEPS, DEFLECTION);
        Some((bound, m))
    };
    // Then the root of its count search, or its whole MILP where the spreads
    // do not apply.
    let begin = |i: usize, priced: f64, from: Option<&Multipliers>, cutoff: f64| -> Began {
        let setting = all.setting(i);
        let setting = &setting;
        // Priced again where the cutoff has moved since: aimed at the new
        // one, and from where its first pricing left the multipliers, the
        // bound often rises past it (pilot seed 19: 1,307 settings priced
        // out against 1,279 from the shared multipliers).
        let mut at = from.cloned();
        if cutoff < priced
            && let Some((bound, m)) = price(i, cutoff, from)
        {
            if bound > cutoff {
                return Began::Settled(Verdict::PricedOut);
            }
            at = Some(m);
        }
        if time_left().is_none() {
            return Began::Settled(Verdict::Unknown);
        }
        if let Some(parity) = parity {
            let misses = inst.config.weights.slot * setting.facilitator_misses(inst) as f64;
            let floor = members[i] + misses;
            // Within the parity's least cost of the cutoff, the selections
            // whose years miss a multiple pay it: the rest may not be enough.
            if floor <= cutoff && floor + parity.least > cutoff {
                let multiple = multiple_of(setting, parity, cutoff - misses);
                if multiple + misses > cutoff {
                    return Began::Settled(Verdict::Floored);
                }
            }
        }
        let ordered = ordered_in(inst, setting);
        #[cfg(feature = "microlp")]
        match super::counts::start(
            inst,
            setting,
            &ordered,
            (members[i], cutoff),
            lagrangian.clone().zip(at),
            &time_left,
        ) {
            Some(Start::Root(tree, node)) => return Began::Root(tree, node),
            Some(Start::Settled(v)) => return Began::Settled(v),
            None => {}
        }
        let (vars, objective, mut constraints, model) =
            build(inst, Relax::default(), &ordered, Some(setting), true, None);
        fix_applicants(
            inst,
            setting,
            &model,
            floors_of(setting),
            cutoff,
            &mut constraints,
        );
        // Building (the floors above all) may have taken what was left.
        let Some(left) = time_left() else {
            return Began::Settled(Verdict::Unknown);
        };
        let one = SolveOptions {
            time_limit: left,
            ..options.clone()
        };
        Began::Settled(solve_under(
            inst,
            &model,
            (vars, objective, constraints),
            cutoff,
            &one,
            None,
        ))
    };
    // Counts below are of settings, each settled one standing for those alike.
    let by_relaxation = all.len() - order.iter().map(|&i| alike_count[i]).sum::<usize>();
    let mut tally = Tally {
        settled: by_relaxation,
        open: f64::INFINITY,
        ..Tally::default()
    };
    let mut best: Option<(Assignment, f64)> = None;
    // Every setting's open work, least bound first: the settings not begun,
    // then their count searches' nodes, so that a node is searched only when
    // no open one anywhere has a lower bound, and the best assignments come
    // first. Ties go to the earlier work.
    let mut queue = WorkQueue::default();
    for &i in &order {
        queue.push(lp[i], Work::Price(i));
    }
    // Each setting's search: its tree, its open nodes, and what its leaves said.
    let mut searches: HashMap<usize, Search> = HashMap::new();
    let mut outdone = Outdone::default();
    // Where the last setting priced left the multipliers, by the regions of
    // each cohort's facilitators: a setting starts from there rather than
    // from the shared ones, as its place costs are much alike (pilot seed
    // 144: a third fewer steps, 2,754 settings' searches against 2,839, 10.0
    // -> 9.4 s; on seed 12 about 500 fewer searches, in the same time).
    // Written only between batches, in the queue's order, so no bound
    // depends on the threads.
    let regions_of = |i: usize| -> Vec<Vec<usize>> {
        all.choices(i)
            .iter()
            .map(|&p| {
                let group = all.choice(p).0;
                let mut regions: Vec<usize> =
                    group.iter().map(|&f| inst.facilitator_region[f]).collect();
                regions.sort_unstable();
                regions
            })
            .collect()
    };
    let mut warm: HashMap<Vec<Vec<usize>>, super::lagrange::Multipliers> = HashMap::new();
    // Batches since the cutoff last moved, and where it was then.
    let (mut quiet, mut last_cutoff) = (0usize, f64::NAN);
    loop {
        let best_cost = best.as_ref().map_or(start_cost.total, |(_, c)| *c);
        let least_open = queue.peek().map_or(tally.open, |q| q.bound.min(tally.open));
        observer.observe(&super::Progress {
            best: Some(best_cost),
            bound: least_open.is_finite().then(|| least_open.min(best_cost)),
            elapsed: began.elapsed(),
            restarts_done: 0,
            restarts_planned: 0,
            settings_done: tally.settled,
            settings: all.len(),
        });
        let cutoff = cutoff_below(best_cost);
        quiet = if cutoff == last_cutoff { quiet + 1 } else { 0 };
        last_cutoff = cutoff;
        if queue.peek().is_none_or(|q| q.bound > cutoff) || time_left().is_none() {
            break;
        }
        // The next open work under the cutoff, as much as this batch takes.
        let plunge = best.is_none();
        // With many nodes waiting, a node's subtree is searched whole, so
        // that their relaxations do not pile up.
        let deep = queue.relaxations >= MOST_WAITING_RELAXATIONS;
        let mut live = Vec::with_capacity(WORK_PER_BATCH);
        let mut milps = 0;
        // Work whose setting another settled is settled here, not run.
        let mut settled_by_another = |work: &Work, tally: &mut Tally| -> bool {
            let i = work.setting();
            if matches!(work, Work::Price(_)) || !outdone.outdone(inst, all, i) {
                return false;
            }
            if let Work::Node(..) = work {
                close_node(&mut searches, i, tally, alike_count[i]);
            } else {
                tally.outdone(alike_count[i]);
            }
            true
        };
        while live.len() < WORK_PER_BATCH
            && milps < MILPS_PER_BATCH
            && queue.peek().is_some_and(|q| q.bound <= cutoff)
        {
            if let Some(q) = queue.pop() {
                if settled_by_another(&q.work, &mut tally) {
                    continue;
                }
                milps += usize::from(q.work.is_milp(plunge, deep));
                live.push(q.work);
            }
        }
        // A batch cut short by two whole-subtree searches would leave a
        // thread idle once the shorter ends: the light work next under the
        // cutoff (pricing a setting, beginning its search) fills it, the
        // searches passed over left in their places. Only once the cutoff has
        // stood for a while: work taken ahead of its turn is lost where a
        // better answer comes after it.
        if deep && milps >= MILPS_PER_BATCH && quiet >= QUIET_BEFORE_FILLING {
            let mut passed = Vec::new();
            while live.len() < WORK_PER_BATCH
                && passed.len() < MOST_PASSED_OVER
                && queue.peek().is_some_and(|q| q.bound <= cutoff)
            {
                let Some(q) = queue.pop() else { break };
                if q.work.is_milp(plunge, deep) {
                    passed.push(q);
                } else if !settled_by_another(&q.work, &mut tally) {
                    live.push(q.work);
                }
            }
            passed.into_iter().for_each(|q| queue.put_back(q));
        }
        // The MILPs take most of a batch: spread out, each thread starts on
        // one, and the rest of the work is taken an item at a time by whichever
        // thread is free. The answers are read in the order the work was queued.
        let exec = spread_out(live, |w| w.is_milp(plunge, deep));
        // One piece of work under the batch's cutoff.
        let run = |work: Work| -> Done {
            match work {
                Work::Price(i) => {
                    let key = regions_of(i);
                    match price(i, cutoff, warm.get(&key)) {
                        Some((bound, m)) => Done::Priced(i, bound, cutoff, Some((key, m))),
                        None => Done::Priced(i, f64::NEG_INFINITY, f64::NEG_INFINITY, None),
                    }
                }
                Work::Begin(i, priced, m) => match begin(i, priced, m.as_ref(), cutoff) {
                    // Until some setting gives a better assignment, each
                    // goes down to a first leaf at once.
                    Began::Root(tree, node) if plunge => {
                        let bound = node.bound;
                        let plunged =
                            tree.plunge(inst, &all.setting(i), cutoff, node, options, &time_left);
                        Done::Plunged(i, tree, bound, plunged)
                    }
                    began => Done::Begun(i, began),
                },
                Work::Node(i, node) if deep && !node.is_leaf() => {
                    let bound = node.bound;
                    let finished = searches[&i].tree.finish(
                        inst,
                        &all.setting(i),
                        cutoff,
                        node,
                        options,
                        &time_left,
                    );
                    Done::Finished(i, bound, finished)
                }
                Work::Node(i, node) => {
                    let bound = node.bound;
                    let Some(left) = time_left() else {
                        return Done::Stepped(i, bound, Step::Children(Vec::new(), false));
                    };
                    let step =
                        searches[&i]
                            .tree
                            .step(inst, &all.setting(i), cutoff, node, options, left);
                    Done::Stepped(i, bound, step)
                }
            }
        };
        let mut done: Vec<(usize, Done)> = super::in_pool(&pool, || {
            exec.into_par_iter()
                .with_max_len(1)
                .map(|(k, work)| (k, run(work)))
                .collect()
        });
        done.sort_by_key(|&(k, _)| k);
        for (_, d) in done {
            // What the work left of its setting's search: new nodes, a leaf's
            // MILP, whether it solved everything, the bound of the node it
            // took (done now).
            let (i, nodes, leaf, solved, at) = match d {
                Done::Priced(i, bound, priced, m) => {
                    let m = m.map(|(key, m)| {
                        warm.insert(key, m.clone());
                        m
                    });
                    if bound > priced {
                        tally.settle(Verdict::PricedOut, alike_count[i], lp[i], &mut best);
                    } else {
                        queue.push(bound.max(lp[i]), Work::Begin(i, priced, m));
                    }
                    continue;
                }
                Done::Begun(i, Began::Settled(v)) => {
                    // A setting priced or floored out took at most a small
                    // MILP: not worth checking others against.
                    let worked = !matches!(v, Verdict::PricedOut | Verdict::Floored);
                    let exactly = !matches!(v, Verdict::Unknown | Verdict::Found(_, _, false));
                    tally.settle(v, alike_count[i], lp[i], &mut best);
                    if worked {
                        outdone.settled(inst, all, i, exactly);
                    }
                    continue;
                }
                Done::Begun(i, Began::Root(tree, node)) => {
                    searches.insert(i, Search::new(tree));
                    (i, vec![node], None, true, f64::INFINITY)
                }
                Done::Plunged(i, tree, at, (beside, solved, leaf)) => {
                    searches.insert(i, Search::new(tree));
                    (i, beside, leaf, solved, at)
                }
                Done::Stepped(i, at, Step::Children(children, solved)) => {
                    (i, children, None, solved, at)
                }
                Done::Stepped(i, at, Step::Leaf(found, settled)) => {
                    (i, Vec::new(), Some((found, settled)), true, at)
                }
                Done::Finished(i, at, finished) => (
                    i,
                    Vec::new(),
                    Some((finished.best, finished.complete)),
                    true,
                    at,
                ),
            };
            let search = searches.get_mut(&i).expect("a node's setting is searched");
            if !solved || leaf.as_ref().is_some_and(|&(_, settled)| !settled) {
                search.unsettled = search.unsettled.min(at);
            }
            search.open += nodes.len();
            for node in nodes {
                queue.push(node.bound, Work::Node(i, node));
            }
            if let Some((Some((a, cost)), _)) = leaf {
                // The cutoff moves at once; the setting keeps the cost
                // for its tally.
                search.found = Some(search.found.map_or(cost, |b: f64| b.min(cost)));
                if best.as_ref().is_none_or(|(_, b)| cost < *b) {
                    best = Some((a, cost));
                }
            }
            if let Some(exactly) = close_node(&mut searches, i, &mut tally, alike_count[i]) {
                outdone.settled(inst, all, i, exactly);
            }
        }
    }
    // What the cutoff or the time limit left: settings not begun, and the
    // searches with nodes open.
    let cutoff = cutoff_below(best.as_ref().map_or(start_cost.total, |(_, c)| *c));
    for q in queue.heap.into_sorted_vec() {
        match q.work {
            Work::Begin(i, ..) if outdone.outdone(inst, all, i) => tally.outdone(alike_count[i]),
            Work::Price(i) | Work::Begin(i, ..) if q.bound > cutoff => {
                tally.settled += alike_count[i];
                if lp[i] > cutoff {
                    tally.by_later_cutoff += alike_count[i];
                } else {
                    tally.by_lagrangian += alike_count[i];
                }
            }
            Work::Price(i) | Work::Begin(i, ..) => tally.count(false, q.bound, alike_count[i]),
            Work::Node(i, node) => {
                let search = searches.get_mut(&i).expect("a node's setting is searched");
                if node.bound <= cutoff && !outdone.outdone(inst, all, i) {
                    search.unsettled = search.unsettled.min(node.bound);
                }
                close_node(&mut searches, i, &mut tally, alike_count[i]);
            }
        }
    }
    let Tally {
        settled: _,
        by_later_cutoff,
        by_solver,
        by_lagrangian,
        by_another,
        found,
        unknown,
        unproven,
        open,
    } = tally;
    let proven = !unproven;
    let assignment = match best {
        Some((a, cost)) if cost < start_cost.total => a,
        _ => start.clone(),
    };
    let cost = evaluate(inst, &assignment);
    Outcome {
        status: if proven {
            Status::Optimal
        } else {
            Status::Feasible
        },
        bound: if proven {
            Some(cost.total)
        } else {
            open.is_finite().then(|| open.min(cost.total))
        },
        assignment,
        cost,
        solver: format!(
            "exact ({}, by facilitator settings)",
            options.backend.name()
        ),
        solver_objective: None,
        stopped: format!(
            "{} after {:.2} s: {} facilitator settings ({} different for the members), {} ruled out by their bound or linear relaxation, {} by their Lagrangian bound, {} by the MILP, {} by another that costs every assignment no more, {} with a better assignment, {} not settled in time",
            if proven {
                "proven optimal"
            } else {
                "time limit"
            },
            began.elapsed().as_secs_f64(),
            all.len(),
            distinct.len(),
            by_relaxation + by_later_cutoff,
            by_lagrangian,
            by_solver,
            by_another,
            found,
            unknown
        ),
    }
}

#[cfg(test)]
mod batch_tests {
    use super::{Matching, MemberKey, costs_no_less, spread_out};
    use proptest::prelude::*;

    /// Every order of `0..k`.
    fn orders(k: usize) -> Vec<Vec<usize>> {
        if k == 0 {
            return vec![Vec::new()];
        }
        let mut all = Vec::new();
        for rest in orders(k - 1) {
            for at in 0..k {
                let mut order = rest.clone();
                order.insert(at, k - 1);
                all.push(order);
            }
        }
        all
    }

    proptest! {
        /// `costs_no_less` finds a matching exactly when some order of the
        /// cohorts of `a` covers those of `b` (sizes equal, costs no lower),
        /// whatever a previous call left in its buffers.
        #[test]
        fn costs_no_less_is_a_matching_of_the_cohorts(
            k in 1usize..5,
            e in 1usize..4,
            raw in proptest::collection::vec((0u8..4, 0u8..4, 0usize..2, 0usize..2), 16),
            constants in (0u8..2, 0u8..2),
        ) {
            // Costs 0, 1, 2 or closed (infinite); sizes 1 or 2.
            let cost = |x: u8| if x == 3 { f64::INFINITY } else { f64::from(x) };
            let key = |side: usize, constant: u8| -> MemberKey {
                let cohorts = (0..k)
                    .map(|c| {
                        let (x, y, sa, sb) = raw[c * 4 % 16];
                        let size = if side == 0 { sa } else { sb };
                        let costs = (0..e)
                            .map(|i| cost(raw[(c * 4 + i + 1) % 16].0.max(if side == 0 { x } else { y })).to_bits())
                            .collect();
                        (size, costs)
                    })
                    .collect();
                (cohorts, f64::from(constant).to_bits())
            };
            let (a, b) = (key(0, constants.0), key(1, constants.1));
            let fits = |ca: &(usize, Vec<u64>), cb: &(usize, Vec<u64>)| {
                ca.0 == cb.0
                    && ca.1.iter().zip(&cb.1).all(|(&x, &y)| f64::from_bits(x) >= f64::from_bits(y))
            };
            let want = f64::from_bits(a.1) >= f64::from_bits(b.1)
                && orders(k).iter().any(|order| (0..k).all(|c| fits(&a.0[order[c]], &b.0[c])));
            let mut scratch = Matching::default();
            // Buffers left by another pair must not change the answer.
            costs_no_less(&b, &a, &mut scratch);
            prop_assert_eq!(costs_no_less(&a, &b, &mut scratch), want);
        }

        /// A batch spread out holds every piece of work once, with its place in
        /// the queue; it starts with a MILP, and with two the second starts the
        /// half rayon gives the other thread.
        #[test]
        fn a_spread_out_batch_keeps_its_work_and_starts_each_half_on_a_milp(
            milps in proptest::collection::vec(any::<bool>(), 0..40),
        ) {
            let exec = spread_out(milps.clone(), |&m| m);
            let mut seen: Vec<usize> = exec.iter().map(|&(k, _)| k).collect();
            seen.sort_unstable();
            prop_assert_eq!(seen, (0..milps.len()).collect::<Vec<_>>());
            for &(k, m) in &exec {
                prop_assert_eq!(m, milps[k]);
            }
            let heavy: Vec<usize> = (0..exec.len()).filter(|&p| exec[p].1).collect();
            if !heavy.is_empty() {
                prop_assert_eq!(heavy[0], 0);
            }
            if heavy.len() == 2 {
                prop_assert_eq!(heavy[1], exec.len() / 2);
            }
        }
    }
}

// The tests call microlp directly.
#[cfg(all(test, feature = "microlp"))]
mod tests {
    use super::*;
    use crate::synthetic::{CohortSpec, cohort_rosters};

    /// 8 seats in 3 cohorts: sizes 3, 3 and 2.
    fn uneven() -> Instance {
        let rosters = cohort_rosters(&CohortSpec {
            applicants: 14,
            facilitators: 5,
            ineligible_share: 0.0,
            ineligible_facilitator_share: 0.0,
            availability: true,
            seed: 3,
        });
        let config = crate::Config::builder()
            .seats(8)
            .cohorts(3)
            .facilitators_min(1)
            .facilitators_max(1)
            .deadline(None)
            .isolate_attributes(vec!["region".into()])
            .build()
            .unwrap();
        let screening = crate::eligibility::screen_cohort_program(&rosters, &config);
        Instance::new(&rosters, &screening, &config)
    }

    #[test]
    fn the_start_keeps_every_constraint_whatever_the_order_of_its_cohorts() {
        let inst = uneven();
        assert_eq!(inst.sizes, vec![3, 3, 2]);
        let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(7);
        let first = crate::solve::heuristic::construct(&inst, &mut rng).unwrap();
        // Every order of the cohorts, so the smaller one comes first in some.
        for order in [[0, 1, 2], [2, 0, 1], [1, 2, 0], [2, 1, 0]] {
            let a = Assignment {
                cohort_of: first
                    .cohort_of
                    .iter()
                    .map(|c| c.map(|c| order.iter().position(|&o| o == c).unwrap()))
                    .collect(),
                facilitators: order
                    .iter()
                    .map(|&c| first.facilitators[c].clone())
                    .collect(),
                slot: order.iter().map(|&c| first.slot[c]).collect(),
            };
            assert!(crate::cohort::verify(&inst, &a).is_empty());
            let (vars, objective, constraints, model) = build(
                &inst,
                Relax::default(),
                &interchangeable(&inst),
                None,
                true,
                None,
            );
            let start = model.start(&canonical(&inst, &a));
            let values: HashMap<Variable, f64> = start.iter().copied().collect();
            for c in &constraints {
                let v = value_of(c.expression(), &values);
                assert!(
                    if c.is_equality() {
                        v.abs() < 1e-9
                    } else {
                        v < 1e-9
                    },
                    "order {order:?}: a constraint is off by {v}"
                );
            }
            // microlp takes it as its incumbent before any branching.
            let solved = solve_microlp(
                &model,
                vars,
                objective,
                constraints,
                &SolveOptions::default(),
                Some(start),
                Some(1),
            )
            .unwrap();
            assert!(solved.objective <= evaluate(&inst, &a).total + 1e-6);
        }
    }

    /// The best cost within one setting, by its own MILP.
    fn setting_optimum(inst: &Instance, setting: &Setting) -> Option<f64> {
        let (vars, objective, constraints, model) = build(
            inst,
            Relax::default(),
            &ordered_in(inst, setting),
            Some(setting),
            true,
            None,
        );
        let solved = solve_microlp(
            &model,
            vars,
            objective,
            constraints,
            &SolveOptions::default(),
            None,
            None,
        )
        .ok()?;
        assert!(solved.optimal);
        Some(evaluate(inst, &solved.assignment).total)
    }

    /// Every assignment within `setting` that keeps the rules, with its cost.
    fn every_assignment(inst: &Instance, setting: &Setting) -> Vec<(Assignment, f64)> {
        let (e, k) = (inst.applicants(), inst.cohorts());
        let mut out = Vec::new();
        let mut choice = vec![0usize; e]; // 0 = not selected, c + 1 = cohort c
        loop {
            let a = Assignment {
                cohort_of: choice.iter().map(|&x| x.checked_sub(1)).collect(),
                facilitators: setting.facilitators.clone(),
                slot: setting.slots.clone(),
            };
            if crate::cohort::verify(inst, &a).is_empty() {
                let cost = evaluate(inst, &a).total;
                out.push((a, cost));
            }
            if !crate::brute::next_choice(&mut choice, k) {
                return out;
            }
        }
    }

    /// A small synthetic program with everyone eligible, 1 or 2 facilitators
    /// per cohort and no deadline.
    fn small(
        spec: CohortSpec,
        seats: usize,
        cohorts: usize,
        weights: crate::config::CohortWeights,
    ) -> Instance {
        let rosters = cohort_rosters(&CohortSpec {
            ineligible_share: 0.0,
            ineligible_facilitator_share: 0.0,
            ..spec
        });
        let config = crate::Config::builder()
            .seats(seats)
            .cohorts(cohorts)
            .facilitators_min(1)
            .facilitators_max(2)
            .deadline(None)
            .cohort_weights(weights)
            .build()
            .unwrap();
        let screening = crate::eligibility::screen_cohort_program(&rosters, &config);
        Instance::new(&rosters, &screening, &config)
    }

    /// 14 applicants, 6 facilitators with availability, 8 seats in 2 cohorts, and
    /// every facilitator setting of them: the settings' bound tests' program.
    fn small_settings(seed: u64) -> (Instance, Settings) {
        settings_of(seed, (14, 6), (8, 2))
    }

    /// A program of `applicants` and `facilitators` (with availability) filling
    /// `seats` in `cohorts`, and every facilitator setting of it.
    fn settings_of(
        seed: u64,
        (applicants, facilitators): (usize, usize),
        (seats, cohorts): (usize, usize),
    ) -> (Instance, Settings) {
        let spec = CohortSpec {
            applicants,
            facilitators,
            availability: true,
            seed,
            ..Default::default()
        };
        let inst = small(spec, seats, cohorts, Default::default());
        let all = settings(&inst, 10_000).unwrap();
        (inst, all)
    }

    #[test]
    fn parity_floors_are_below_every_assignment() {
        // Whole years, not everyone selected: the cohorts' years meet their
        // targets only when the selected total is a multiple of the modulus.
        let (mut checked, mut telling) = (0, 0);
        for (seed, cohorts) in [(1, 2), (2, 2), (3, 3), (4, 3), (5, 2)] {
            let spec = CohortSpec {
                applicants: 8,
                facilitators: 2 * cohorts,
                availability: true,
                seed,
                ..Default::default()
            };
            let inst = small(spec, 6, cohorts, Default::default());
            let parity = crate::solve::bound::parity(&inst).expect("whole years, a choice");
            assert_eq!(parity.modulus, cohorts);
            let all = settings(&inst, 10_000).unwrap();
            for setting in all.iter().step_by(all.len().div_ceil(6)) {
                let setting = &setting;
                let misses = inst.config.weights.slot * setting.facilitator_misses(&inst) as f64;
                let members = crate::solve::bound::members_floor(&inst, setting).unwrap();
                let multiple = crate::solve::bound::members_floor_multiple_past(
                    &inst,
                    setting,
                    parity,
                    f64::INFINITY,
                )
                .unwrap();
                assert!(multiple >= members - 1e-9, "{multiple} below {members}");
                let floor = multiple.min(members + parity.least);
                telling += usize::from(floor > members + 1e-9);
                for (a, cost) in every_assignment(&inst, setting) {
                    let total: f64 = (0..inst.applicants())
                        .filter(|&i| a.cohort_of[i].is_some())
                        .map(|i| inst.years[i])
                        .sum();
                    if (total as usize).is_multiple_of(parity.modulus) {
                        assert!(
                            multiple + misses <= cost + 1e-7,
                            "{multiple} + {misses} > {cost}"
                        );
                    }
                    assert!(floor + misses <= cost + 1e-7, "{floor} + {misses} > {cost}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked} assignments checked");
        // The parity raised some settings' floors.
        assert!(telling > 0);
    }

    #[test]
    fn applicant_floors_are_below_every_assignment_they_cover() {
        let (mut checked, mut telling) = (0, 0);
        let numeric_only = crate::config::CohortWeights {
            balance: 0.0,
            numeric: 1.0,
            mirror: 0.0,
            region_f: 0.0,
            isolated: 0.0,
            slot: 0.0,
            priority: 0.0,
        };
        for (seed, weights) in (0..6)
            .map(|s| (s, crate::config::CohortWeights::default()))
            .chain([(681, numeric_only)])
        {
            let rosters = cohort_rosters(&CohortSpec {
                applicants: 6 + usize::from(seed < 6),
                facilitators: 3 + usize::from(seed < 6),
                ineligible_share: 0.0,
                ineligible_facilitator_share: 0.0,
                availability: true,
                seed,
            });
            let config = crate::Config::builder()
                .seats(4)
                .cohorts(2)
                .facilitators_min(1)
                .facilitators_max(2)
                .deadline(None)
                .isolate_attributes(vec!["district_type".into()])
                .cohort_weights(weights)
                .build()
                .unwrap();
            let screening = crate::eligibility::screen_cohort_program(&rosters, &config);
            let inst = Instance::new(&rosters, &screening, &config);
            let Some(all) = settings(&inst, 10_000) else {
                continue;
            };
            // Floors are shared by the settings of one members key, as in the proof.
            let mut shared: HashMap<
                crate::solve::bound::MembersKey,
                crate::solve::bound::ClassFloors,
            > = HashMap::new();
            for setting in all.iter().step_by(if seed < 6 { 5 } else { 1 }) {
                let setting = &setting;
                let by_class = shared
                    .entry(crate::solve::bound::members_key(&inst, setting))
                    .or_insert_with(|| {
                        crate::solve::bound::ClassFloors::new(&inst, setting, None).unwrap()
                    });
                let places = crate::solve::bound::setting_places(&inst, setting);
                let floors: Vec<_> = (0..inst.applicants())
                    .map(|i| by_class.of(i, &places[i]))
                    .collect();
                let misses = inst.config.weights.slot * setting.facilitator_misses(&inst) as f64;
                let every = every_assignment(&inst, setting);
                // Floors above the setting's best would fix something at that cutoff.
                let best = every.iter().map(|(_, c)| *c).fold(f64::INFINITY, f64::min);
                telling += floors
                    .iter()
                    .filter(|f| {
                        f.selected.min(f.left_out) + misses <= best + 1e-9
                            && f.selected
                                .max(f.left_out)
                                .max(f.seated.iter().copied().fold(0.0, f64::max))
                                + misses
                                > best + 1e-6
                    })
                    .count();
                for (a, cost) in every {
                    for (i, f) in floors.iter().enumerate() {
                        let (floor, what) = match a.cohort_of[i] {
                            Some(c) => (f.selected.max(f.seated[c]), "seated"),
                            None => (f.left_out, "left out"),
                        };
                        assert!(
                            floor + misses <= cost + 1e-7,
                            "seed {seed}, {setting:?}: applicant {i} {what} floors {} above {cost}",
                            floor + misses
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 1000, "only {checked} checks");
        assert!(telling > 10, "only {telling} floors would fix anything");
    }

    /// Every assignment of `setting` that fills each cohort to its size, with
    /// its cost and each balance value's spread over the cohorts (values
    /// numbered over the attributes, as the spreads model and the Lagrangian
    /// number them).
    fn every_full_assignment(
        inst: &Instance,
        setting: &Setting,
    ) -> Vec<(Assignment, f64, Vec<Vec<usize>>)> {
        let mut values_of = vec![Vec::new(); inst.applicants()];
        let mut values = 0;
        for attr in &inst.balance {
            for (i, &v) in attr.of.iter().enumerate() {
                values_of[i].push(values + v);
            }
            values += attr.values.len();
        }
        every_assignment(inst, setting)
            .into_iter()
            .filter_map(|(a, cost)| {
                let members = a.members(inst.cohorts());
                if !members.iter().map(Vec::len).eq(inst.sizes.iter().copied()) {
                    return None;
                }
                let mut spreads = vec![vec![0usize; inst.cohorts()]; values];
                for (c, group) in members.iter().enumerate() {
                    for &i in group {
                        values_of[i].iter().for_each(|&v| spreads[v][c] += 1);
                    }
                }
                Some((a, cost, spreads))
            })
            .collect()
    }

    /// Small programs for the Lagrangian's tests, with their bound's data and
    /// settings: two cohorts with seats 4 of 7 (the selection matters), then
    /// everyone selected; then three cohorts of unequal sizes (2, 2, 1).
    fn priced_programs() -> Vec<(
        u64,
        usize,
        Instance,
        crate::solve::lagrange::Lagrangian,
        Settings,
    )> {
        let cases = (0..5)
            .map(|s| (s, 4, 2))
            .chain((5..7).map(|s| (s, 7, 2)))
            .chain((7..9).map(|s| (s, 5, 3)));
        cases
            .filter_map(|(seed, seats, cohorts)| {
                let spec = CohortSpec {
                    applicants: 7,
                    facilitators: 4,
                    availability: true,
                    seed,
                    ..Default::default()
                };
                let inst = small(spec, seats, cohorts, Default::default());
                let lagrangian =
                    crate::solve::lagrange::Lagrangian::new(&inst).expect("no isolation asked for");
                let all = settings(&inst, 10_000)?;
                Some((seed, cohorts, inst, lagrangian, all))
            })
            .collect()
    }

    #[test]
    fn the_lagrangian_bound_is_below_every_assignment_of_its_setting() {
        use crate::solve::lagrange::Multipliers;
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let (mut checked, mut raised_above_zero, mut with_conflicts) = (0, 0, 0);
        for (seed, cohorts, inst, lagrangian, all) in priced_programs() {
            // Random prices of the conflict rows are checked too.
            with_conflicts += usize::from(lagrangian.conflict_rows() > 0);
            for setting in all.iter().step_by(if cohorts == 2 { 4 } else { 25 }) {
                let setting = &setting;
                // A setting's model seats `sizes[c]` in cohort `c`; the rules also
                // allow the sizes in another order, which another setting covers.
                let best = every_assignment(&inst, setting)
                    .iter()
                    .filter(|(a, _)| {
                        let members = a.members(inst.cohorts());
                        members.iter().map(Vec::len).eq(inst.sizes.iter().copied())
                    })
                    .map(|(_, c)| *c)
                    .fold(f64::INFINITY, f64::min);
                let data = lagrangian.setting(&inst, setting);
                let zero = lagrangian.zero();
                let mut grad = vec![0.0; zero.0.len()];
                let at_zero = lagrangian.value(&data, &zero, &mut grad);
                // Any multipliers: the bound holds for all of them.
                for _ in 0..20 {
                    let mut m = Multipliers(
                        (0..zero.0.len())
                            .map(|_| rng.random_range(-3.0..3.0))
                            .collect(),
                    );
                    // Experience prices stay within its weight.
                    let beta_from = m.0.len() - inst.cohorts();
                    m.0[beta_from..]
                        .iter_mut()
                        .for_each(|b| *b = b.clamp(-1.0, 1.0));
                    let value = lagrangian.value(&data, &m, &mut grad);
                    assert!(value <= best + 1e-9, "seed {seed}: {value} above {best}");
                    checked += 1;
                }
                let mut m = zero.clone();
                let raised = lagrangian.raise(&data, &mut m, f64::INFINITY, best + 1.0, 200, 1.0);
                assert!(
                    raised <= best + 1e-9,
                    "seed {seed}: raised {raised} above {best}"
                );
                assert_eq!(raised.is_finite(), best.is_finite());
                raised_above_zero += usize::from(raised > at_zero + 1e-6);
                checked += 1;
            }
        }
        assert!(checked > 500, "only {checked} checks");
        assert!(
            with_conflicts > 2,
            "{with_conflicts} programs with conflicts"
        );
        assert!(
            raised_above_zero > 10,
            "raised above zero {raised_above_zero} times"
        );
    }

    #[test]
    fn spread_and_seat_floors_are_below_every_assignment_with_them() {
        use crate::solve::lagrange::Multipliers;
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(17);
        let (mut checked, mut above_bound, mut seats_above) = (0, 0, 0);
        for (seed, cohorts, inst, lagrangian, all) in priced_programs() {
            for setting in all.iter().step_by(if cohorts == 2 { 4 } else { 25 }) {
                let setting = &setting;
                let data = lagrangian.setting(&inst, setting);
                let mut raised = lagrangian.zero();
                lagrangian.raise(&data, &mut raised, f64::INFINITY, 0.0, 100, 1.0);
                let random = Multipliers(
                    (0..raised.0.len())
                        .map(|_| rng.random_range(-3.0..3.0))
                        .collect(),
                );
                for m in [raised, random] {
                    let mut m = m;
                    let beta_from = m.0.len() - inst.cohorts();
                    m.0[beta_from..]
                        .iter_mut()
                        .for_each(|b| *b = b.clamp(-1.0, 1.0));
                    let Some(floors) = lagrangian.spread_floors(&data, &m) else {
                        continue;
                    };
                    let mut grad = vec![0.0; m.0.len()];
                    let bound = lagrangian.value(&data, &m, &mut grad);
                    for (a, cost, spreads) in every_full_assignment(&inst, setting) {
                        let members = a.members(inst.cohorts());
                        for (c, group) in members.iter().enumerate() {
                            for &i in group {
                                let floor = floors.seat(i, c);
                                assert!(
                                    floor <= cost + 1e-9,
                                    "seed {seed}: seat ({i}, {c}) floor {floor} above {cost}"
                                );
                                seats_above += usize::from(floor > bound + 1e-6);
                            }
                        }
                        for (v, spread) in spreads.iter().enumerate() {
                            let floor = floors.floor(v, spread);
                            assert!(
                                floor <= cost + 1e-9,
                                "seed {seed}: value {v} spread {spread:?} floor {floor} above {cost}"
                            );
                            above_bound += usize::from(floor > bound + 1e-6);
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 1_000, "only {checked} checks");
        // The floors say more than the bound itself.
        assert!(above_bound > 100, "above the bound {above_bound} times");
        assert!(
            seats_above > 100,
            "seats above the bound {seats_above} times"
        );
    }

    #[test]
    fn what_reduced_costs_close_is_in_no_assignment_under_the_cutoff() {
        use crate::solve::counts::{Start, start};
        let (mut checked, mut closed_seats, mut closed_spreads) = (0, 0, 0);
        for (seed, cohorts, inst, _, all) in priced_programs() {
            for setting in all.iter().step_by(if cohorts == 2 { 3 } else { 11 }) {
                let setting = &setting;
                let every = every_full_assignment(&inst, setting);
                let Some(best) = every.iter().map(|&(_, c, _)| c).reduce(f64::min) else {
                    continue;
                };
                let ordered = ordered_in(&inst, setting);
                // Just above the best, where the cutoff closes most, and a
                // unit above it.
                for cutoff in [best + 0.02, best + 1.0] {
                    let time_left = || Some(None);
                    let bounds = (f64::NEG_INFINITY, cutoff);
                    let Some(Start::Root(tree, root)) =
                        start(&inst, setting, &ordered, bounds, None, &time_left)
                    else {
                        continue;
                    };
                    let closed = tree.closed_by_reduced_costs(&root, cutoff);
                    for (a, cost, spreads) in every.iter().filter(|&(_, c, _)| *c <= cutoff) {
                        for (c, group) in a.members(inst.cohorts()).iter().enumerate() {
                            for &i in group {
                                assert!(
                                    !closed.seats[i][c],
                                    "seed {seed}: seat ({i}, {c}) closed, yet an assignment \
                                     costing {cost} under {cutoff} takes it"
                                );
                                checked += 1;
                            }
                        }
                        for (v, spread) in spreads.iter().enumerate() {
                            assert!(
                                !closed.spreads[v].contains(spread),
                                "seed {seed}: value {v}'s spread {spread:?} closed, yet an \
                                 assignment costing {cost} under {cutoff} has it"
                            );
                            checked += 1;
                        }
                    }
                    closed_seats += closed.seats.iter().flatten().filter(|&&s| s).count();
                    closed_spreads += closed.spreads.iter().map(|s| s.len()).sum::<usize>();
                }
            }
        }
        assert!(checked > 10_000, "only {checked} checks");
        assert!(closed_seats > 400, "only {closed_seats} seats closed");
        assert!(
            closed_spreads > 2_000,
            "only {closed_spreads} spreads closed"
        );
    }

    #[test]
    fn the_settings_bounds_past_their_deadline_stay_valid_and_unrelaxed() {
        let (inst, all) = small_settings(3);
        let past = Some(Instant::now());
        let mut late = SettingBounds::new(&inst, &all, Some(1), past, f64::INFINITY);
        assert!(
            late.distinct
                .iter()
                .all(|&i| late.bound[i] == f64::NEG_INFINITY)
        );
        // Relaxations asked for past the deadline are not solved, and nothing
        // counts as relaxed; without a deadline they all are.
        late.relax = true;
        assert!(late.relax_below(&inst, &all, f64::INFINITY, None, Some(1), past));
        assert!(late.relaxed.iter().all(|&r| !r));
        let mut timely = SettingBounds::new(&inst, &all, Some(1), None, f64::INFINITY);
        timely.relax = true;
        timely.relax_below(&inst, &all, f64::INFINITY, None, Some(1), None);
        assert!(timely.distinct.iter().all(|&i| timely.relaxed[i]));
        assert!(timely.distinct.iter().all(|&i| timely.bound[i].is_finite()));
    }

    #[test]
    fn covered_keys_rule_out_the_same_settings_with_fewer_floors() {
        let mut covered = 0;
        for seed in [2, 4, 6] {
            let (inst, all) = small_settings(seed);
            let exact = SettingBounds::new(&inst, &all, Some(1), None, f64::INFINITY);
            let mut own: Vec<f64> = exact.distinct.iter().map(|&i| exact.bound[i]).collect();
            own.sort_by(f64::total_cmp);
            let keys: Vec<crate::solve::bound::MembersKey> = exact
                .distinct
                .iter()
                .map(|&i| crate::solve::bound::members_key(&inst, &all.setting(i)))
                .collect();
            for (a, ka) in keys.iter().enumerate() {
                for kb in &keys {
                    if crate::solve::bound::covers(ka, kb) {
                        let floor = |k: &crate::solve::bound::MembersKey| {
                            let i = exact.distinct[keys.iter().position(|x| x == k).unwrap()];
                            exact.members[i]
                        };
                        assert!(floor(kb) >= floor(ka) - 1e-7, "seed {seed}, key {a}");
                    }
                }
            }
            let mut unique = keys.clone();
            unique.sort_by(|a, b| a.partial_cmp(b).unwrap());
            unique.dedup();
            covered += covering_keys(&unique)
                .0
                .iter()
                .filter(|c| !c.is_empty())
                .count();
            // At a cutoff in the middle of the bounds, every bound stays below the
            // setting's own and rules out exactly the same settings.
            for cutoff in [own[own.len() / 4], own[own.len() / 2]] {
                let cut = SettingBounds::new(&inst, &all, Some(1), None, cutoff);
                for &i in &exact.distinct {
                    assert!(
                        cut.bound[i] <= exact.bound[i] + 1e-9,
                        "seed {seed}, setting {i}: {} > {} cutoff {cutoff}",
                        cut.bound[i],
                        exact.bound[i]
                    );
                    assert_eq!(
                        cut.bound[i] > cutoff,
                        exact.bound[i] > cutoff,
                        "seed {seed}"
                    );
                }
            }
        }
        assert!(covered > 0, "no key was covered: the test shows nothing");
    }

    #[test]
    fn settings_sharing_a_members_key_share_the_members_floor() {
        for seed in [1, 5] {
            let (inst, all) = small_settings(seed);
            let bounds = SettingBounds::new(&inst, &all, Some(1), None, f64::INFINITY);
            let mut first: HashMap<crate::solve::bound::MembersKey, usize> = HashMap::new();
            for &i in &bounds.distinct {
                let own = crate::solve::bound::setting_bound(&inst, &all.setting(i)).unwrap();
                assert!(
                    (bounds.bound[i] - own).abs() < 1e-7,
                    "seed {seed}, setting {i}: shared {} and its own {own}",
                    bounds.bound[i]
                );
                first
                    .entry(crate::solve::bound::members_key(&inst, &all.setting(i)))
                    .or_insert(i);
            }
            assert!(
                first.len() < bounds.distinct.len(),
                "seed {seed}: every setting has its own key, the test shows nothing"
            );
        }
    }

    #[test]
    fn the_count_search_finds_each_settings_best_cost_and_nothing_below_it() {
        use crate::solve::lagrange::Lagrangian;
        let (mut checked, mut split) = (0, 0);
        let time_left = || Some(None);
        for seed in [1, 2, 3] {
            let (inst, all) = settings_of(seed, (12, 5), (9, 3));
            for setting in all.iter().step_by(7).take(6) {
                let setting = &setting;
                let ordered = ordered_in(&inst, setting);
                // Multipliers raised toward the setting's best, so that its
                // spreads and seats are pruned by their Lagrangian floors.
                let lagrangian =
                    std::sync::Arc::new(Lagrangian::new(&inst).expect("no isolation asked for"));
                let data = lagrangian.setting(&inst, setting);
                let mut raised = lagrangian.zero();
                let aim = setting_optimum(&inst, setting).unwrap_or(0.0);
                lagrangian.raise(&data, &mut raised, f64::INFINITY, aim, 200, 1.0);
                let search =
                    |cutoff: f64, time_left: crate::solve::counts::TimeLeft, priced: bool| {
                        let options = SolveOptions::default();
                        let floor = f64::NEG_INFINITY;
                        let pricing = priced.then(|| (lagrangian.clone(), raised.clone()));
                        crate::solve::counts::search(
                            &inst,
                            setting,
                            &ordered,
                            (floor, cutoff),
                            pricing,
                            &options,
                            time_left,
                        )
                        .expect("the spreads model applies without isolation")
                    };
                for priced in [false, true] {
                    let search = |cutoff: f64, time_left: crate::solve::counts::TimeLeft| {
                        search(cutoff, time_left, priced)
                    };
                    let (verdict, nodes) = search(1e9, &time_left);
                    split += usize::from(nodes > 1);
                    checked += 1;
                    // Past the deadline it says it cannot tell, and does nothing.
                    let late = search(1e9, &|| None);
                    assert!(matches!(late, (Verdict::Unknown, 0)), "seed {seed}");
                    let Some(best) = setting_optimum(&inst, setting) else {
                        assert!(matches!(verdict, Verdict::RuledOut), "seed {seed}");
                        continue;
                    };
                    match verdict {
                        Verdict::Found(a, cost, true) => {
                            assert!(
                                (cost - best).abs() < 1e-6,
                                "seed {seed}: {cost} against {best}"
                            );
                            assert!(crate::cohort::verify(&inst, &a).is_empty(), "seed {seed}");
                        }
                        _ => panic!("seed {seed}: the search did not prove {best}"),
                    }
                    let (below, _) = search(cutoff_below(best), &time_left);
                    assert!(matches!(below, Verdict::RuledOut), "seed {seed}");
                    // Just above its best, with the floors pruning hard, it still
                    // finds it.
                    if let (Verdict::Found(_, cost, true), _) = search(best + 0.05, &time_left) {
                        assert!(
                            (cost - best).abs() < 1e-6,
                            "seed {seed}: {cost} against {best}"
                        );
                    } else {
                        panic!("seed {seed}: nothing found just above {best}");
                    }
                }
            }
        }
        assert!(checked >= 24);
        assert!(
            split > 0,
            "no relaxation mixed counts: the test shows nothing"
        );
    }

    #[test]
    fn a_setting_that_costs_no_less_has_no_lower_best_cost() {
        let mut checked = 0;
        for seed in 1..=3 {
            let (inst, all) = settings_of(seed, (10, 5), (6, 2));
            let keys: Vec<MemberKey> = all.iter().map(|s| member_key(&inst, &s)).collect();
            let optimum =
                |i: usize| setting_optimum(&inst, &all.setting(i)).unwrap_or(f64::INFINITY);
            for a in 0..all.len() {
                for b in 0..all.len() {
                    let mut scratch = Matching::default();
                    if keys[a] != keys[b]
                        && costs_no_less(&keys[a], &keys[b], &mut scratch)
                        && checked < 40
                    {
                        let (worse, better) = (optimum(a), optimum(b));
                        assert!(worse >= better - 1e-6, "seed {seed}: {worse} < {better}");
                        // Never both ways for settings told apart.
                        assert!(!costs_no_less(&keys[b], &keys[a], &mut scratch));
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10, "only {checked} pairs: the test shows little");
    }

    /// Small programs, each with its seed and every facilitator setting, where
    /// some settings cost every applicant the same.
    fn programs_with_settings_alike() -> Vec<(u64, Instance, Settings)> {
        [(1, 0.0, false), (2, 0.5, false), (4, 0.0, false)]
            .into_iter()
            .map(|(seed, region_f, availability)| {
                let spec = CohortSpec {
                    applicants: 10,
                    facilitators: 5,
                    availability,
                    seed,
                    ..Default::default()
                };
                let weights = crate::config::CohortWeights {
                    region_f,
                    ..Default::default()
                };
                let inst = small(spec, 6, 2, weights);
                let all = settings(&inst, 10_000).unwrap();
                (seed, inst, all)
            })
            .collect()
    }

    /// For each setting, the first with an equal [`member_key`], every key
    /// kept and compared whole.
    fn first_with_an_equal_key(inst: &Instance, all: &Settings) -> Vec<usize> {
        let keys: Vec<MemberKey> = all.iter().map(|s| member_key(inst, &s)).collect();
        (0..all.len())
            .map(|i| (0..=i).find(|&j| keys[j] == keys[i]).unwrap_or(i))
            .collect()
    }

    #[test]
    fn alike_points_each_setting_at_the_first_with_an_equal_key() {
        // Hashes only pick candidates: the answer is the first setting whose
        // whole key is equal, as if every key were kept.
        for (seed, inst, all) in programs_with_settings_alike() {
            let expected = first_with_an_equal_key(&inst, &all);
            assert_eq!(alike(&inst, &all), expected, "seed {seed}");
            assert!(
                expected.iter().enumerate().any(|(i, &j)| i != j),
                "seed {seed}: no two settings alike, the test shows nothing"
            );
        }
    }

    #[test]
    fn alike_tells_apart_keys_whose_hashes_meet() {
        // A hash of three buckets makes most settings meet others of other
        // keys: the answer is still the first setting with an equal key, on
        // one thread and on two.
        for (seed, inst, all) in programs_with_settings_alike() {
            let expected = first_with_an_equal_key(&inst, &all);
            let choices = Choices::new(&inst, &all);
            let bucket = |key: &[(usize, u32)]| {
                key.iter()
                    .map(|&(a, b)| a as u64 + u64::from(b))
                    .sum::<u64>()
                    % 3
            };
            for threads in [1, 2] {
                let pool = crate::solve::pool(Some(threads));
                let got = alike_hashed(&inst, &all, &choices, &pool, bucket);
                assert_eq!(got, expected, "seed {seed}, {threads} threads");
            }
            let distinct = expected
                .iter()
                .enumerate()
                .filter(|&(i, &j)| i == j)
                .count();
            assert!(distinct > 3, "seed {seed}: {distinct} keys, no hashes meet");
        }
    }

    #[test]
    fn members_keys_by_choices_are_equal_exactly_where_the_keys_are() {
        // The settings' bounds number the members keys by their cohorts'
        // choices: two settings must share a number exactly where their whole
        // keys are equal, or a floor is shared where it should not be.
        let mut programs: Vec<(u64, Instance, Settings)> = programs_with_settings_alike();
        programs.extend((1..4).map(|seed| {
            let (inst, all) = small_settings(seed);
            (seed, inst, all)
        }));
        let (mut equal, mut apart) = (0, 0);
        for (seed, inst, all) in programs {
            let choices = Choices::new(&inst, &all);
            let mut least = LeastPlaces::new();
            let mut key = Vec::new();
            let by_choices: Vec<_> = (0..all.len())
                .map(|i| {
                    let places = choices.members_key(&inst, i, &mut least, &mut key);
                    (key.clone(), places)
                })
                .collect();
            let whole: Vec<_> = all
                .iter()
                .map(|s| crate::solve::bound::members_key(&inst, &s))
                .collect();
            // And the whole key is rebuilt from the numbered least places.
            for (i, key) in by_choices.iter().enumerate() {
                let cohorts = crate::solve::bound::members_cohorts(&inst, &all.setting(i));
                assert_eq!(
                    (cohorts, least.bits(key.1).to_vec()),
                    whole[i],
                    "seed {seed}: {i}"
                );
            }
            for i in 0..all.len() {
                for j in 0..i {
                    let same = whole[i] == whole[j];
                    assert_eq!(
                        by_choices[i] == by_choices[j],
                        same,
                        "seed {seed}: {i} and {j}"
                    );
                    equal += usize::from(same);
                    apart += usize::from(!same);
                }
            }
        }
        assert!(
            equal > 100 && apart > 100,
            "{equal} pairs equal, {apart} apart: the test shows little"
        );
    }

    #[test]
    fn settings_alike_for_the_members_have_the_same_best_cost() {
        for (seed, inst, all) in programs_with_settings_alike() {
            let first = alike(&inst, &all);
            let shared = (0..all.len()).filter(|&i| first[i] != i).count();
            assert!(
                shared > 0,
                "seed {seed}: no two settings alike, the test shows nothing"
            );
            let mut checked = 0;
            for i in (0..all.len()).filter(|&i| first[i] != i).step_by(3) {
                let (a, b) = (
                    setting_optimum(&inst, &all.setting(first[i])),
                    setting_optimum(&inst, &all.setting(i)),
                );
                match (a, b) {
                    (Some(a), Some(b)) => assert!((a - b).abs() < 1e-6, "seed {seed}: {a} and {b}"),
                    (a, b) => assert_eq!(a.is_some(), b.is_some(), "seed {seed}"),
                }
                checked += 1;
            }
            assert!(checked > 0);
            // Settings told apart are told apart for a reason: the first two
            // classes differ in what some applicant pays or may join.
            let distinct: Vec<usize> = (0..all.len()).filter(|&i| first[i] == i).collect();
            if distinct.len() > 1 {
                assert_ne!(
                    member_key(&inst, &all.setting(distinct[0])),
                    member_key(&inst, &all.setting(distinct[1]))
                );
            }
        }
    }
}
