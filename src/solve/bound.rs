//! A lower bound of our own, far stronger than the MILP's LP relaxation on the
//! balance and mirror terms.
//!
//! The LP relaxation of `|n_cv - m_c S_v / n|` sits at zero: fractional members
//! balance perfectly. But members are whole people: with `S_v` selected holders of
//! a value, no partition into the cohorts does better than [`balance_floor`]. The
//! selection part (mirror, priority, and those floors, which depend only on how
//! many of each value are selected) is then solved exactly on its own, as a small
//! MILP whose one-hot variables say how many holders of each value are selected.
//! The other terms (numeric, region, isolation, slots) are bounded by 0.

use good_lp::{Expression, ProblemVariables, Solution, SolverModel, constraint, variable};

use crate::cohort::Instance;

/// The least `sum_c |n_c - m_c * s / n|` over whole numbers `0 <= n_c <= m_c`
/// adding up to `s`, for cohort sizes `sizes` (`n` their sum).
///
/// ```
/// use cohortmatch::solve::bound::balance_floor;
/// // 5 holders in 3 cohorts of 8: 2, 2, 1 against 5/3 each.
/// assert!((balance_floor(5, &[8, 8, 8]) - 4.0 / 3.0).abs() < 1e-12);
/// assert_eq!(balance_floor(6, &[8, 8, 8]), 0.0);
/// ```
pub fn balance_floor(s: usize, sizes: &[usize]) -> f64 {
    let n: usize = sizes.iter().sum();
    if n == 0 {
        return 0.0;
    }
    // dp[t] = least cost of placing t holders in the cohorts seen so far.
    let mut dp = vec![f64::INFINITY; s + 1];
    dp[0] = 0.0;
    for &m in sizes {
        let target = m as f64 * s as f64 / n as f64;
        let mut next = vec![f64::INFINITY; s + 1];
        for (t, &base) in dp.iter().enumerate() {
            if !base.is_finite() {
                continue;
            }
            for here in 0..=m.min(s - t) {
                let cost = base + (here as f64 - target).abs();
                if cost < next[t + here] {
                    next[t + here] = cost;
                }
            }
        }
        dp = next;
    }
    dp[s]
}

/// A lower bound on the cost of every assignment that keeps the rules, or `None`
/// when the bound problem could not be solved.
pub fn lower_bound(inst: &Instance) -> Option<f64> {
    let e = inst.applicants();
    let n = inst.selected;
    if e == 0 || n == 0 {
        return Some(0.0);
    }
    let w = inst.config.weights;
    let mut vars = ProblemVariables::new();
    let sel: Vec<_> = (0..e).map(|_| vars.add(variable().binary())).collect();
    let mut objective = Expression::from(0.0);
    let mut constraints = Vec::new();
    let count: Expression = sel.iter().copied().sum();
    constraints.push(constraint!(count == n as f64));
    for attr in &inst.balance {
        for v in 0..attr.values.len() {
            let holders: Vec<usize> = (0..e).filter(|&i| attr.of[i] == v).collect();
            let target = n as f64 * holders.len() as f64 / e as f64;
            let most = holders.len().min(n);
            let pick: Vec<_> = (0..=most).map(|_| vars.add(variable().binary())).collect();
            let one: Expression = pick.iter().copied().sum();
            constraints.push(constraint!(one == 1));
            let how_many: Expression = pick.iter().enumerate().map(|(s, &p)| s as f64 * p).sum();
            let chosen: Expression = holders.iter().map(|&i| sel[i]).sum();
            constraints.push(constraint!(how_many == chosen));
            for (s, &p) in pick.iter().enumerate() {
                let c = w.mirror * (s as f64 - target).abs()
                    + w.balance * balance_floor(s, &inst.sizes);
                objective += c * p;
            }
        }
    }
    let priority: Expression = (0..e).map(|i| inst.priority[i] * sel[i]).sum();
    objective -= w.priority * priority;
    let mut problem = vars
        .minimise(objective.clone())
        .using(good_lp::default_solver);
    for c in constraints {
        problem.add_constraint(c);
    }
    let solution = problem.solve().ok()?;
    let value = solution.eval(&objective);
    // Guard against round-off making the bound a hair too high.
    Some(value - 1e-9 * value.abs().max(1.0))
}
