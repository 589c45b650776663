//! A lower bound of our own, far stronger than the MILP's LP relaxation on the
//! balance and mirror terms.
//!
//! The LP relaxation of `|n_cv - m_c S_v / n|` sits at zero: fractional members
//! balance perfectly. But members are whole people: with `S_v` selected holders of
//! a value, no partition into the cohorts does better than [`balance_floor`]. The
//! selection part (mirror, priority, and those floors, which depend only on how
//! many of each value are selected) is then solved exactly on its own, as a small
//! MILP whose one-hot variables say how many holders of each value are selected.
//! The numeric term has a like floor when the selection is fixed; the others
//! (region, isolation, slots) are bounded by 0, which is why the bound is weak
//! where those terms weigh (the reports say so through the gap).

use good_lp::{Expression, ProblemVariables, Solution, SolverModel, constraint, variable};

use crate::cohort::Instance;

/// The least `sum_c |n_c - m_c * s / n|` over whole numbers `0 <= n_c <= m_c`
/// adding up to `s`, for cohort sizes `sizes` (`n` their sum).
///
/// The sum is separable and convex in each `n_c`, and the floors of the targets
/// add up to at most `s` and their ceilings to at least `s`: so some best choice
/// rounds every target down or up, and rounding up the targets with the largest
/// fractional parts is best. Cohorts of one size share a target, so the work is
/// per distinct size, not per cohort.
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
    let mut groups: Vec<(usize, usize)> = Vec::new(); // (size, cohorts of that size)
    for &m in sizes {
        match groups.iter_mut().find(|g| g.0 == m) {
            Some(g) => g.1 += 1,
            None => groups.push((m, 1)),
        }
    }
    spread_floor(s as f64, n as f64, &groups)
}

/// The least `sum_c |x_c - m_c * total / n|` over whole numbers `x_c` adding up
/// to `total` (a whole number), for `groups` of (size, cohorts of that size).
fn spread_floor(total: f64, n: f64, groups: &[(usize, usize)]) -> f64 {
    let mut cost = 0.0;
    let mut given = 0.0;
    let mut fracs: Vec<(f64, usize)> = Vec::new();
    for &(m, q) in groups {
        let target = m as f64 * total / n;
        let down = target.floor();
        let frac = target - down;
        cost += q as f64 * frac;
        given += q as f64 * down;
        fracs.push((frac, q));
    }
    // Round up the largest fractional parts first; each costs 1 - 2 * frac.
    fracs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut left = (total - given).round().max(0.0) as usize;
    for (frac, q) in fracs {
        let here = left.min(q);
        cost += here as f64 * (1.0 - 2.0 * frac);
        left -= here;
        if left == 0 {
            break;
        }
    }
    cost.max(0.0)
}

/// The least numeric term when everyone eligible is selected and every
/// `years_as_superintendent` is a whole number: cohort sums are whole numbers
/// adding up to the total, so each is at best its target rounded, as in
/// [`balance_floor`]. 0 otherwise (the bound then ignores the term).
pub fn numeric_floor(inst: &Instance) -> f64 {
    let n = inst.selected;
    if n == 0 || n != inst.applicants() || inst.sd_years <= 0.0 {
        return 0.0;
    }
    if inst.years.iter().any(|y| y.fract() != 0.0) {
        return 0.0;
    }
    let total: f64 = inst.years.iter().sum();
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for &m in &inst.sizes {
        match groups.iter_mut().find(|g| g.0 == m) {
            Some(g) => g.1 += 1,
            None => groups.push((m, 1)),
        }
    }
    spread_floor(total, n as f64, &groups) / inst.sd_years
}

/// A lower bound on the cost of every assignment that keeps the rules, or `None`
/// when the bound problem could not be solved.
///
/// When everyone eligible is selected, the selection is fixed and the bound is
/// in closed form. Otherwise the selection part is a small MILP over classes of
/// applicants (same balance values, same priority): how many of each class to
/// select, in whole numbers.
pub fn lower_bound(inst: &Instance) -> Option<f64> {
    let e = inst.applicants();
    let n = inst.selected;
    if e == 0 || n == 0 {
        return Some(0.0);
    }
    let w = inst.config.weights;
    let numeric = w.numeric * numeric_floor(inst);
    if n == e {
        let mut value = numeric - w.priority * inst.priority.iter().sum::<f64>();
        for attr in &inst.balance {
            let mut count = vec![0usize; attr.values.len()];
            for &v in &attr.of {
                count[v] += 1;
            }
            value += count
                .iter()
                .map(|&s| w.balance * balance_floor(s, &inst.sizes))
                .sum::<f64>();
        }
        return Some(value - 1e-9 * value.abs().max(1.0));
    }
    // Classes: applicants alike in every balance value and in priority.
    let mut classes: std::collections::BTreeMap<(Vec<usize>, u64), usize> = Default::default();
    for i in 0..e {
        let key: Vec<usize> = inst.balance.iter().map(|a| a.of[i]).collect();
        *classes
            .entry((key, inst.priority[i].to_bits()))
            .or_default() += 1;
    }
    let mut vars = ProblemVariables::new();
    let class_vars: Vec<_> = classes
        .iter()
        .map(|(_, &size)| vars.add(variable().integer().min(0).max(size as f64)))
        .collect();
    let mut objective = Expression::from(0.0);
    let mut constraints = Vec::new();
    let count: Expression = class_vars.iter().copied().sum();
    constraints.push(constraint!(count == n as f64));
    for (b, attr) in inst.balance.iter().enumerate() {
        for v in 0..attr.values.len() {
            let holders = attr.of.iter().filter(|&&x| x == v).count();
            let target = n as f64 * holders as f64 / e as f64;
            let most = holders.min(n);
            let pick: Vec<_> = (0..=most).map(|_| vars.add(variable().binary())).collect();
            let one: Expression = pick.iter().copied().sum();
            constraints.push(constraint!(one == 1));
            let how_many: Expression = pick.iter().enumerate().map(|(s, &p)| s as f64 * p).sum();
            let chosen: Expression = classes
                .keys()
                .zip(&class_vars)
                .filter(|((key, _), _)| key[b] == v)
                .map(|(_, &x)| x)
                .sum();
            constraints.push(constraint!(how_many == chosen));
            for (s, &p) in pick.iter().enumerate() {
                let c = w.mirror * (s as f64 - target).abs()
                    + w.balance * balance_floor(s, &inst.sizes);
                objective += c * p;
            }
        }
    }
    let priority: Expression = classes
        .keys()
        .zip(&class_vars)
        .map(|((_, p), &x)| f64::from_bits(*p) * x)
        .sum();
    objective -= w.priority * priority;
    let mut problem = vars
        .minimise(objective.clone())
        .using(good_lp::default_solver);
    for c in constraints {
        problem.add_constraint(c);
    }
    let solution = problem.solve().ok()?;
    let value = solution.eval(&objective) + numeric;
    // Guard against round-off making the bound a hair too high.
    Some(value - 1e-9 * value.abs().max(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dynamic programme the closed form replaces: the least cost of placing
    /// `t` holders in the cohorts seen so far, cohort by cohort.
    fn by_dynamic_programme(s: usize, sizes: &[usize]) -> f64 {
        let n: usize = sizes.iter().sum();
        if n == 0 {
            return 0.0;
        }
        let mut dp = vec![f64::INFINITY; s + 1];
        dp[0] = 0.0;
        for &m in sizes {
            let target = m as f64 * s as f64 / n as f64;
            let mut next = vec![f64::INFINITY; s + 1];
            for (t, &base) in dp.iter().enumerate() {
                if base.is_finite() {
                    for here in 0..=m.min(s - t) {
                        let cost = base + (here as f64 - target).abs();
                        next[t + here] = next[t + here].min(cost);
                    }
                }
            }
            dp = next;
        }
        dp[s]
    }

    proptest::proptest! {
        #[test]
        fn closed_form_equals_the_dynamic_programme(
            sizes in proptest::collection::vec(1usize..10, 1..8),
            share in 0.0f64..=1.0,
        ) {
            let n: usize = sizes.iter().sum();
            let s = (n as f64 * share).round() as usize;
            let fast = balance_floor(s, &sizes);
            let slow = by_dynamic_programme(s, &sizes);
            proptest::prop_assert!((fast - slow).abs() < 1e-9, "{sizes:?} s={s}: {fast} vs {slow}");
        }
    }
}
