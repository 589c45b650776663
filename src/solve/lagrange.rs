//! A Lagrangian bound on one facilitator setting: what rules most settings out
//! in a fraction of a millisecond, before any linear program is built.
//!
//! The settings' MILPs ([`spreads`](super::spreads)) mostly end at the root:
//! their linear relaxation is above the best cost known. Nearly the same bound
//! is the maximum over multipliers of a function that takes microseconds to
//! evaluate. Three families of rows are priced instead of kept: each balance
//! value's count in each cohort (`mu`, which links the members to the value's
//! spread over the cohorts), each conflict row in each cohort (`gamma`: a
//! district's applicants or a listed pair, at most one per cohort) and each
//! cohort's experience deviation (`beta`, within the numeric weight). What is
//! left splits apart: the seats are filled at least cost (a transportation
//! problem over `k` cohorts), and every value takes its cheapest spread.
//!
//! Without the conflicts' prices the bound stayed far below the relaxation
//! where districts share many applicants: on pilot seed 144 (17 districts with
//! 2-4 applicants) the relaxations without the conflict rows were a whole unit
//! lower, and 7,028 settings went to their MILPs; with them, 2,838
//! (BENCHMARKS.md, session 22).
//!
//! *Any* multipliers give a lower bound on every assignment of the setting, so a
//! setting is ruled out as soon as some multipliers lift the bound above the
//! cutoff. A few deflected subgradient steps from multipliers shared by all
//! settings find them for most settings (BENCHMARKS.md, session 11).

use super::exact::Setting;
use crate::cohort::Instance;

/// Subgradient steps for the multipliers every setting starts from.
pub(crate) const SHARED_STEPS: usize = 1000;

/// Subgradient steps per setting before its MILP is built instead.
pub(crate) const STEPS: usize = 30;

/// How much of the last direction a step keeps where the new supergradient
/// turns back on it (Camerini, Fratta and Maffioli's deflection): with it, pilot
/// seed 5 ruled out 1,101 settings in 30 steps, without it 921.
pub(crate) const DEFLECTION: f64 = 1.0;

/// How far above the cutoff the steps aim (Polyak's step needs a target; one
/// a little above the cutoff rules out the most settings). With the steps
/// halved ([`PATIENCE`]), 0.05 did better than 0.3 on the slow pilots
/// (BENCHMARKS.md, session 25).
pub(crate) const AIM: f64 = 0.05;

/// Steps without a better bound before the steps are halved. Aimed at the
/// cutoff, full steps overshoot wherever the bound cannot reach it: on pilot
/// seed 144, of 400 settings whose root relaxation was above the cutoff, 500
/// more full steps lifted the bound past it on 14, halved after 5 idle steps
/// on 285.
pub(crate) const PATIENCE: usize = 5;

/// What a setting's bound reads, fixed over the settings: the values, their
/// holders and targets, and each applicant's scaled experience.
pub(crate) struct Lagrangian {
    k: usize,
    /// Members of each cohort.
    sizes: Vec<f64>,
    /// Number selected.
    n: f64,
    /// Each applicant's values, one per balance attribute, numbered over all of
    /// them.
    values_of: Vec<Vec<usize>>,
    /// Holders of each value among the eligible.
    holders: Vec<usize>,
    /// Mirror target of each value: its share of the selected.
    target: Vec<f64>,
    /// Experience of each applicant over the eligible's deviation (0 when the
    /// experience term is off).
    years: Vec<f64>,
    /// The experience weight, when the term is on (0 otherwise).
    numeric: f64,
    /// Whether everyone eligible is selected (then each value's count is fixed).
    everyone: bool,
    /// The conflict rows priced (`gamma`): each district's applicants, at
    /// most one per cohort, and each listed pair from different districts.
    rows: Vec<Vec<usize>>,
    /// The rows each applicant is in.
    rows_of: Vec<Vec<usize>>,
    /// The least `sum_c |n_c - m_c * s / n|` over whole counts `n_c` adding up
    /// to each `s` from 0 to `n` ([`balance_floor`](super::bound::balance_floor)).
    mix_floor: Vec<f64>,
    w_balance: f64,
    w_mirror: f64,
}

/// The multipliers: per value and cohort the price of its count (`mu`, at
/// `v * k + c`), then per conflict row and cohort the price of its seats
/// (`gamma`, read as 0 where negative: the rows are inequalities), then per
/// cohort the price of its experience deviation (`beta`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Multipliers(pub(crate) Vec<f64>);

/// One setting's data for its bound.
pub(crate) struct SettingData {
    /// Place cost of applicant `i` in cohort `c` less its priority, at
    /// `i * k + c`; infinite where a facilitator closes it.
    place: Vec<f64>,
    /// Holders of each value who may sit in each cohort, at most its size, at
    /// `v * k + c`.
    room: Vec<usize>,
    /// The facilitators' own slot misses.
    constant: f64,
    /// Each value's least and most holders among the members.
    counts: Vec<(usize, usize)>,
}

impl SettingData {
    /// The same data for the assignments whose values' counts lie in
    /// `counts` (a node of the count search).
    pub(crate) fn within(mut self, counts: &[(usize, usize)]) -> SettingData {
        self.counts = counts.to_vec();
        self
    }
}

impl Lagrangian {
    /// The bound's fixed data; `None` where it does not apply (isolation asked
    /// for, which it does not price, or nobody to seat).
    pub(crate) fn new(inst: &Instance) -> Option<Self> {
        let w = inst.config.weights;
        let (n, e, k) = (inst.selected, inst.applicants(), inst.cohorts());
        if n == 0 || e == 0 || k == 0 || (w.isolated > 0.0 && !inst.isolate.is_empty()) {
            return None;
        }
        let mut holders = Vec::new();
        let mut target = Vec::new();
        let mut values_of = vec![Vec::with_capacity(inst.balance.len()); e];
        for attr in &inst.balance {
            let base = holders.len();
            for v in 0..attr.values.len() {
                let held = attr.of.iter().filter(|&&x| x == v).count();
                target.push(n as f64 * held as f64 / e as f64);
                holders.push(held);
            }
            for (i, &v) in attr.of.iter().enumerate() {
                values_of[i].push(base + v);
            }
        }
        let on = inst.sd_years > 0.0 && w.numeric > 0.0;
        // Conflicts as the exact model has them.
        let rows = super::exact::conflict_rows(inst);
        let mut rows_of = vec![Vec::new(); e];
        for (r, row) in rows.iter().enumerate() {
            row.iter().for_each(|&i| rows_of[i].push(r));
        }
        Some(Lagrangian {
            k,
            sizes: inst.sizes.iter().map(|&m| m as f64).collect(),
            n: n as f64,
            values_of,
            holders,
            target,
            years: (0..e)
                .map(|i| {
                    if on {
                        inst.years[i] / inst.sd_years
                    } else {
                        0.0
                    }
                })
                .collect(),
            numeric: if on { w.numeric } else { 0.0 },
            everyone: n == e,
            rows,
            rows_of,
            mix_floor: (0..=n)
                .map(|s| super::bound::balance_floor(s, &inst.sizes))
                .collect(),
            w_balance: w.balance,
            w_mirror: w.mirror,
        })
    }

    /// How many conflict rows are priced.
    #[cfg(test)]
    pub(crate) fn conflict_rows(&self) -> usize {
        self.rows.len()
    }

    /// Multipliers that price nothing.
    pub(crate) fn zero(&self) -> Multipliers {
        Multipliers(vec![
            0.0;
            self.k * (self.holders.len() + self.rows.len() + 1)
        ])
    }

    /// What the bound needs of one setting.
    pub(crate) fn setting(&self, inst: &Instance, setting: &Setting) -> SettingData {
        let w = inst.config.weights;
        let k = self.k;
        let e = self.years.len();
        let mut place = vec![f64::INFINITY; e * k];
        for i in 0..e {
            for c in 0..k {
                let cost = setting.place_cost(inst, c, i, w.region_f);
                if cost.is_finite() {
                    place[i * k + c] = cost - w.priority * inst.priority[i];
                }
            }
        }
        let mut room = vec![0usize; self.holders.len() * k];
        for (i, values) in self.values_of.iter().enumerate() {
            for c in 0..k {
                if place[i * k + c].is_finite() {
                    values.iter().for_each(|&v| room[v * k + c] += 1);
                }
            }
        }
        for (r, c) in room.iter_mut().zip((0..k).cycle()) {
            *r = (*r).min(inst.sizes[c]);
        }
        SettingData {
            counts: vec![(0, usize::MAX); self.holders.len()],
            place,
            room,
            constant: w.slot * setting.facilitator_misses(inst) as f64,
        }
    }

    /// The bound at `m`: at most the cost of every assignment of the setting
    /// (infinite when the setting has none it can see). A supergradient is
    /// written into `grad`, laid out as `m`.
    #[cfg(test)]
    pub(crate) fn value(&self, data: &SettingData, m: &Multipliers, grad: &mut [f64]) -> f64 {
        self.parts(data, m, grad, &mut Scratch::default())
            .unwrap_or(f64::INFINITY)
    }

    /// The bound at `m`: at most the cost of every assignment of the setting
    /// (`None` where the setting has none it can see), with what it is made
    /// of left in `scratch`: the seats' priced costs, the transportation
    /// problem's seats and each value's cheapest spread. A supergradient is
    /// written into `grad`, laid out as `m`.
    fn parts(
        &self,
        data: &SettingData,
        m: &Multipliers,
        grad: &mut [f64],
        scratch: &mut Scratch,
    ) -> Option<f64> {
        let k = self.k;
        let values = self.holders.len();
        let (mu, rest) = m.0.split_at(values * k);
        let (gamma, beta) = rest.split_at(self.rows.len() * k);
        grad.iter_mut().for_each(|g| *g = 0.0);
        let (g_mu, g_rest) = grad.split_at_mut(values * k);
        let (g_gamma, g_beta) = g_rest.split_at_mut(self.rows.len() * k);
        // Each conflict row's one seat per cohort, as priced.
        let mut total = data.constant - gamma.iter().map(|g| g.max(0.0)).sum::<f64>();
        g_gamma.iter_mut().for_each(|g| *g = -1.0);
        // The seats, each applicant's place priced by its values, conflicts
        // and experience.
        self.seat_costs(data, m, &mut scratch.cost);
        total += scratch.transport.fill(&scratch.cost, k, &self.sizes)?;
        let mut years_in = vec![0.0; k];
        for (i, at) in scratch.transport.at.iter().enumerate() {
            if let Some(c) = *at {
                self.values_of[i]
                    .iter()
                    .for_each(|&v| g_mu[v * k + c] += 1.0);
                self.rows_of[i]
                    .iter()
                    .for_each(|&r| g_gamma[r * k + c] += 1.0);
                years_in[c] += self.years[i];
            }
        }
        // No step below zero for a row's price.
        for (g, &p) in g_gamma.iter_mut().zip(gamma) {
            if p <= 0.0 && *g < 0.0 {
                *g = 0.0;
            }
        }
        if self.numeric > 0.0 {
            let all: f64 = years_in.iter().sum();
            for c in 0..k {
                let g = years_in[c] - self.sizes[c] * all / self.n;
                // No step out of the box the weight allows.
                let out =
                    (beta[c] >= self.numeric && g > 0.0) || (beta[c] <= -self.numeric && g < 0.0);
                g_beta[c] = if out { 0.0 } else { g };
            }
        }
        // The values, each at its cheapest spread.
        let Scratch {
            least: leasts,
            spread,
            best,
            merge,
            ..
        } = scratch;
        spread.resize(k, 0);
        best.resize(k, 0);
        merge.runs.resize(k, [(0.0, 0); 3]);
        merge.next.resize(k, 0);
        leasts.clear();
        for v in 0..values {
            let range = v * k..(v + 1) * k;
            let least = self.cheapest_spread(
                v,
                &mu[range.clone()],
                &data.room[range],
                data.counts[v],
                (spread, best, merge),
            );
            if !least.is_finite() {
                return None;
            }
            total += least;
            leasts.push(least);
            for c in 0..k {
                g_mu[v * k + c] -= best[c] as f64;
            }
        }
        Some(total)
    }

    /// The least of `mirror + mix - sum_c prices[c] * s_c` over the spreads `s`
    /// of value `v` within `room` and counts from `lo` to `hi`, written into
    /// `best` (infinite when no count of its holders fits).
    ///
    /// For each count the mix is convex and separable over the cohorts, so the
    /// cheapest spread takes the count's cheapest seats. A cohort's `x + 1`-th
    /// seat changes its mix by `-1` below its target `t`, by `1 - 2 frac(t)` at
    /// it and by `+1` past it (times the balance weight): three runs of equal
    /// steps per cohort, so a count costs a merge of `3k` runs, not a seat at a
    /// time (pilot seed 19: this took 11 % of the proof one seat at a time).
    fn cheapest_spread(
        &self,
        v: usize,
        prices: &[f64],
        room: &[usize],
        (lo, hi): (usize, usize),
        (spread, best, merge): (&mut [usize], &mut [usize], &mut Merge),
    ) -> f64 {
        let held = self.holders[v];
        let most = held.min(room.iter().sum()).min(self.n as usize);
        let counts = if self.everyone {
            if held > most {
                return f64::INFINITY;
            }
            held..=held
        } else {
            0..=most
        };
        let counts = *counts.start().max(&lo)..=*counts.end().min(&hi);
        if counts.is_empty() {
            return f64::INFINITY;
        }
        // A count costs at least its mirror term, its least mix (whole
        // holders) and minus the most its seats can be paid (the dearest
        // prices first, within the rooms): below that floor a count cannot
        // beat the least so far, and is not costed. The count nearest the
        // target is costed first to set a low bar; the counts are then costed
        // in order as before, so the same spread wins ties.
        let w = self.w_balance;
        // Taken out while the counts are costed, and given back.
        let mut order = std::mem::take(&mut merge.order);
        order.clear();
        order.extend(0..self.k);
        order.sort_by(|&a, &b| prices[b].total_cmp(&prices[a]));
        // The most `s` seats can be paid, for each count in turn.
        let (mut paid, mut filled, mut at, mut used) = (0.0, 0usize, 0usize, 0usize);
        let mut most_paid = |s: usize| -> f64 {
            while filled < s && at < order.len() {
                let c = order[at];
                if used < room[c] {
                    paid += prices[c];
                    used += 1;
                    filled += 1;
                } else {
                    (at, used) = (at + 1, 0);
                }
            }
            if filled < s { f64::NEG_INFINITY } else { paid }
        };
        let mut floor = |s: usize| {
            self.w_mirror * (s as f64 - self.target[v]).abs()
                + w * self.mix_floor.get(s).copied().unwrap_or(0.0)
                - most_paid(s)
        };
        let nearest = (self.target[v].round() as usize).clamp(*counts.start(), *counts.end());
        // The nearest count's cost and spread, kept for its turn in order.
        let mut near = std::mem::take(&mut merge.near);
        let costed = counts.start() != counts.end();
        let near_cost = costed
            .then(|| {
                let cost = self.spread_cost(v, nearest, prices, room, merge, spread);
                near.clear();
                near.extend_from_slice(spread);
                cost
            })
            .flatten();
        let mut bar = near_cost.unwrap_or(f64::INFINITY);
        let mut least = f64::INFINITY;
        for s in counts {
            let margin = 1e-9 * bar.abs().max(1.0);
            if floor(s) > bar + margin {
                continue;
            }
            let cost = if costed && s == nearest {
                spread.copy_from_slice(&near);
                near_cost
            } else {
                self.spread_cost(v, s, prices, room, merge, spread)
            };
            if let Some(cost) = cost
                && cost < least
            {
                least = cost;
                bar = bar.min(cost);
                best.copy_from_slice(spread);
            }
        }
        merge.order = order;
        merge.near = near;
        least
    }

    /// What count `s` of value `v` costs at its cheapest spread, written into
    /// `spread` (`None` where its seats cannot all be filled): see
    /// [`Lagrangian::cheapest_spread`].
    fn spread_cost(
        &self,
        v: usize,
        s: usize,
        prices: &[f64],
        room: &[usize],
        merge: &mut Merge,
        spread: &mut [usize],
    ) -> Option<f64> {
        let Merge { runs, next, .. } = merge;
        let w = self.w_balance;
        let share = s as f64 / self.n;
        let mut cost = self.w_mirror * (s as f64 - self.target[v]).abs()
            + w * self.sizes.iter().map(|m| m * share).sum::<f64>();
        for c in 0..self.k {
            let t = self.sizes[c] * share;
            let below = (t.floor() as usize).min(room[c]);
            let frac = t - t.floor();
            let at = usize::from(frac > 0.0 && below < room[c]);
            runs[c] = [
                (-w - prices[c], below),
                (w * (1.0 - 2.0 * frac) - prices[c], at),
                (w - prices[c], room[c] - below - at),
            ];
        }
        // The cheapest seats first: a merge of the cohorts' rising runs
        // (ties to the earlier cohort), each cohort's seats in turn.
        spread.iter_mut().for_each(|x| *x = 0);
        next.iter_mut().for_each(|x| *x = 0);
        let mut left = s;
        while left > 0 {
            let mut pick: Option<(f64, usize)> = None;
            for c in 0..self.k {
                while next[c] < 3 && runs[c][next[c]].1 == 0 {
                    next[c] += 1;
                }
                if let Some(&(step, _)) = runs[c].get(next[c])
                    && pick.is_none_or(|(best, _)| step < best)
                {
                    pick = Some((step, c));
                }
            }
            let Some((step, c)) = pick else { break };
            let take = runs[c][next[c]].1.min(left);
            spread[c] += take;
            cost += step * take as f64;
            left -= take;
            next[c] += 1;
        }
        (left == 0).then_some(cost)
    }

    /// Each applicant's place in each cohort at `i * k + c`, priced by its
    /// values', conflicts' and experience's multipliers (infinite where
    /// closed).
    fn seat_costs(&self, data: &SettingData, m: &Multipliers, cost: &mut Vec<f64>) {
        let k = self.k;
        let (mu, rest) = m.0.split_at(self.holders.len() * k);
        let (gamma, beta) = rest.split_at(self.rows.len() * k);
        let shared: f64 = (0..k).map(|c| beta[c] * self.sizes[c]).sum::<f64>() / self.n;
        cost.clear();
        cost.resize(data.place.len(), f64::INFINITY);
        for (i, vals) in self.values_of.iter().enumerate() {
            for c in 0..k {
                let p = data.place[i * k + c];
                if p.is_finite() {
                    cost[i * k + c] = p
                        + self.years[i] * (beta[c] - shared)
                        + vals.iter().map(|&v| mu[v * k + c]).sum::<f64>()
                        + self.rows_of[i]
                            .iter()
                            .map(|&r| gamma[r * k + c].max(0.0))
                            .sum::<f64>();
                }
            }
        }
    }

    /// What the bound at `m` says of each value's spreads and each seat
    /// ([`SpreadFloors`]);
    /// `None` where the setting has no assignment the bound can see.
    pub(crate) fn spread_floors(
        &self,
        data: &SettingData,
        m: &Multipliers,
    ) -> Option<SpreadFloors> {
        let k = self.k;
        let mut grad = vec![0.0; m.0.len()];
        let mut scratch = Scratch::default();
        let bound = self.parts(data, m, &mut grad, &mut scratch)?;
        let Scratch {
            cost,
            transport,
            least,
            ..
        } = scratch;
        let values = self.holders.len();
        // Each seat's reduced cost in the transportation problem.
        let seats = match potentials(&cost, k, &transport.at) {
            Some((u, v)) => cost
                .iter()
                .enumerate()
                .map(|(x, &c)| bound + (c - u[x / k] - v[x % k]).max(0.0))
                .collect(),
            None => vec![bound; cost.len()],
        };
        Some(SpreadFloors {
            bound,
            seats,
            least,
            mu: m.0[..values * k].to_vec(),
            k,
            sizes: self.sizes.clone(),
            n: self.n,
            target: self.target.clone(),
            w_balance: self.w_balance,
            w_mirror: self.w_mirror,
        })
    }

    /// Raises the bound by at most `steps` subgradient steps from `m`, aimed at
    /// `target` (Polyak's step, halved after [`PATIENCE`] steps with no better
    /// bound), each direction deflected by `deflect` times the last one where
    /// they disagree; stops as soon as the bound passes `cutoff`.
    /// The best bound seen, with `m` moved to where it was found.
    pub(crate) fn raise(
        &self,
        data: &SettingData,
        m: &mut Multipliers,
        cutoff: f64,
        target: f64,
        steps: usize,
        deflect: f64,
    ) -> f64 {
        let mut grad = vec![0.0; m.0.len()];
        let mut dir = vec![0.0; m.0.len()];
        let mut best = f64::NEG_INFINITY;
        let mut best_at = m.clone();
        let mut scratch = Scratch::default();
        let gamma_from = self.k * self.holders.len();
        let beta_from = gamma_from + self.k * self.rows.len();
        // Steps aimed past the best the multipliers can reach overshoot and
        // circle: halved after a few that find nothing better, they close in.
        let mut scale = 1.0;
        let mut since = 0;
        for _ in 0..=steps {
            let value = self
                .parts(data, m, &mut grad, &mut scratch)
                .unwrap_or(f64::INFINITY);
            if value > best {
                best = value;
                best_at.0.copy_from_slice(&m.0);
                since = 0;
            } else {
                since += 1;
                if since >= PATIENCE {
                    scale *= 0.5;
                    since = 0;
                }
            }
            if best > cutoff || !value.is_finite() {
                break;
            }
            // Deflection keeps part of the last direction where the new
            // supergradient turns back on it: the steps zigzag less.
            let along: f64 = grad.iter().zip(&dir).map(|(g, d)| g * d).sum();
            let last: f64 = dir.iter().map(|d| d * d).sum();
            let keep = if last > 0.0 {
                (-deflect * along / last).max(0.0)
            } else {
                0.0
            };
            for (d, g) in dir.iter_mut().zip(&grad) {
                *d = g + keep * *d;
            }
            let norm: f64 = dir.iter().map(|d| d * d).sum();
            if norm <= 1e-12 {
                break;
            }
            let step = scale * (target - value) / norm;
            for (x, d) in m.0.iter_mut().zip(&dir) {
                *x += step * d;
            }
            for g in &mut m.0[gamma_from..beta_from] {
                *g = g.max(0.0);
            }
            for b in &mut m.0[beta_from..] {
                *b = b.clamp(-self.numeric, self.numeric);
            }
        }
        *m = best_at;
        best
    }
}

/// The buffers of [`Lagrangian::spread_cost`]'s merge: each cohort's runs of
/// equal steps, (step, how many seats), rising, and the next run of each.
#[derive(Default)]
struct Merge {
    runs: Vec<[(f64, usize); 3]>,
    next: Vec<usize>,
    /// The cohorts, dearest price first (for the counts' floors).
    order: Vec<usize>,
    /// The spread of the count nearest the target, costed first.
    near: Vec<usize>,
}

/// What one evaluation of the bound is made of, and its buffers, kept across
/// the steps of [`Lagrangian::raise`].
#[derive(Default)]
struct Scratch {
    /// The seats' priced costs, at `i * k + c`.
    cost: Vec<f64>,
    /// The transportation problem, with its seats.
    transport: Transport,
    /// Each value's cheapest spread's priced cost.
    least: Vec<f64>,
    spread: Vec<usize>,
    best: Vec<usize>,
    merge: Merge,
}

/// A setting's Lagrangian bound taken apart by value and by seat: with value
/// `v`'s spread fixed, the bound less `v`'s cheapest spread plus that spread's
/// own priced cost is still at most what every assignment with that spread
/// costs; with applicant `i` seated in cohort `c`, the bound plus that seat's
/// reduced cost in the transportation problem. So a spread or a seat whose
/// floor passes the cutoff belongs to no assignment under it, and the
/// setting's MILPs need not hold it (pilot seed 19: a root LP held 1,500
/// spreads of 1,640 columns).
pub(crate) struct SpreadFloors {
    bound: f64,
    /// At most what every assignment costs that seats applicant `i` in
    /// cohort `c`, at `i * k + c`: the bound plus the seat's reduced cost.
    seats: Vec<f64>,
    /// Each value's cheapest spread at the multipliers.
    least: Vec<f64>,
    /// The multipliers of each value's count in each cohort, at `v * k + c`.
    mu: Vec<f64>,
    k: usize,
    sizes: Vec<f64>,
    n: f64,
    target: Vec<f64>,
    w_balance: f64,
    w_mirror: f64,
}

impl SpreadFloors {
    /// At most what every assignment of the setting costs that seats
    /// applicant `i` in cohort `c`.
    pub(crate) fn seat(&self, i: usize, c: usize) -> f64 {
        self.seats[i * self.k + c]
    }

    /// At most what every assignment of the setting costs whose value `v`
    /// (numbered as [`Lagrangian`] numbers them) seats `spread[c]` holders in
    /// each cohort `c`.
    pub(crate) fn floor(&self, v: usize, spread: &[usize]) -> f64 {
        let k = self.k;
        let count: usize = spread.iter().sum();
        let share = count as f64 / self.n;
        let mix: f64 = (0..k)
            .map(|c| (spread[c] as f64 - self.sizes[c] * share).abs())
            .sum();
        let paid: f64 = (0..k).map(|c| self.mu[v * k + c] * spread[c] as f64).sum();
        let own =
            self.w_mirror * (count as f64 - self.target[v]).abs() + self.w_balance * mix - paid;
        self.bound - self.least[v] + own
    }
}

/// Optimal duals of the transportation problem whose least cost
/// [`Transport::fill`] found with the seats `at`: `u[i] <= 0` per applicant
/// and `v[c]` per cohort, with `u[i] + v[c] <= cost[i * k + c]`, equal where
/// `i` sits in `c`, and
/// `u[i] = 0` for those left out; so `cost - u - v` is each seat's reduced
/// cost, what seating `i` in `c` adds at least to the least cost. They are
/// shortest distances over the cohorts and the pool of those left out, from a
/// source joined to all of them (`None` should a negative cycle show the
/// seats not least).
fn potentials(cost: &[f64], k: usize, at: &[Option<usize>]) -> Option<(Vec<f64>, Vec<f64>)> {
    let pool = k;
    // Arcs: the pool into a cohort (its cheapest newcomer), a cohort to
    // another (its cheapest member to move), a cohort back to the pool (a
    // member left out, giving back its cost).
    let mut arc = vec![f64::INFINITY; (k + 1) * (k + 1)];
    for (i, place) in at.iter().enumerate() {
        let row = &cost[i * k..(i + 1) * k];
        match *place {
            None => {
                for c in 0..k {
                    arc[pool * (k + 1) + c] = arc[pool * (k + 1) + c].min(row[c]);
                }
            }
            Some(a) => {
                for b in (0..k).filter(|&b| b != a) {
                    arc[a * (k + 1) + b] = arc[a * (k + 1) + b].min(row[b] - row[a]);
                }
                arc[a * (k + 1) + pool] = arc[a * (k + 1) + pool].min(-row[a]);
            }
        }
    }
    let mut d = vec![0.0; k + 1];
    for round in 0..=k + 1 {
        let mut changed = false;
        for a in 0..=k {
            for b in 0..=k {
                let w = arc[a * (k + 1) + b];
                if a != b && w.is_finite() && d[a] + w < d[b] - 1e-12 {
                    d[b] = d[a] + w;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
        if round == k + 1 {
            return None;
        }
    }
    let v: Vec<f64> = (0..k).map(|c| d[c] - d[pool]).collect();
    let u = at
        .iter()
        .enumerate()
        .map(|(i, place)| place.map_or(0.0, |a| cost[i * k + a] - v[a]))
        .collect();
    Some((u, v))
}

/// [`Transport::fill`] on a fresh problem: the least cost, with each
/// applicant's cohort.
#[cfg(test)]
fn transport(cost: &[f64], k: usize, sizes: &[f64]) -> Option<(f64, Vec<Option<usize>>)> {
    let mut t = Transport::default();
    let total = t.fill(cost, k, sizes)?;
    Some((total, t.at))
}

/// The transportation problem of the bound ([`Lagrangian::parts`]) with its
/// buffers, kept across the bound's steps: each step fills the seats again at
/// new prices, and allocating its lists each time was a tenth of the bound's
/// time (pilot seed 144).
#[derive(Default)]
struct Transport {
    /// Each applicant's cohort once filled.
    at: Vec<Option<usize>>,
    /// Each cohort's open places, cheapest first.
    order: Vec<Vec<(f64, usize)>>,
    /// Each cohort's first place whose applicant may still be out.
    next: Vec<usize>,
    fill: Vec<usize>,
    /// Each cohort's members, in applicant order.
    members: Vec<Vec<usize>>,
    dist: Vec<f64>,
    how: Vec<(usize, Option<usize>)>,
    /// Per pair of cohorts: the cheapest member of the first to move to the
    /// second (ties to the lower applicant).
    moves: Vec<(f64, usize)>,
    /// The cohorts a cheapest mover left since their moves were read.
    stale: Vec<bool>,
}

impl Transport {
    /// The least cost of filling every cohort `c` with exactly `sizes[c]`
    /// applicants, each in at most one cohort, where `cost[i * k + c]` is
    /// what applicant `i` costs in cohort `c` (infinite where closed), with
    /// each applicant's cohort left in `self.at`; `None` when the seats
    /// cannot all be filled.
    ///
    /// Successive shortest paths: one seat at a time, along the cheapest
    /// chain of an applicant entering a cohort and members moving on from
    /// cohort to cohort until one with room. Over `k` cohorts that is a
    /// shortest path on `k` nodes, whose arcs are each pair's cheapest move.
    fn fill(&mut self, cost: &[f64], k: usize, sizes: &[f64]) -> Option<f64> {
        let e = cost.len() / k.max(1);
        self.at.clear();
        self.at.resize(e, None);
        self.fill.clear();
        self.fill.resize(k, 0);
        self.next.clear();
        self.next.resize(k, 0);
        self.order.resize_with(k, Vec::new);
        self.members.resize_with(k, Vec::new);
        self.members.iter_mut().for_each(Vec::clear);
        self.dist.clear();
        self.dist.resize(k, f64::INFINITY);
        self.how.clear();
        self.how.resize(k, (usize::MAX, None));
        self.moves.clear();
        self.moves.resize(k * k, (f64::INFINITY, usize::MAX));
        self.stale.clear();
        self.stale.resize(k, false);
        let seats: usize = sizes.iter().map(|&m| m as usize).sum();
        let mut total = 0.0;
        // Each cohort's open places, cheapest first (ties to the lower
        // applicant): the cheapest way in from outside is the first whose
        // applicant is still out, and applicants only ever come in, so each
        // cohort's look only moves on. (Scanning every applicant for every
        // seat took 40 % of the bound on pilot seed 144.) At most `seats`
        // applicants come in, so a cohort's look never passes its `seats + 1`
        // cheapest places.
        let by_cost = |a: &(f64, usize), b: &(f64, usize)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
        for (c, open) in self.order.iter_mut().enumerate() {
            // The last fill's order, at the new prices, is nearly in order
            // again: sorted by insertion it costs about a pass.
            let open_now = (0..e).filter(|&i| cost[i * k + c].is_finite()).count();
            if open.len() == open_now && open.iter().all(|&(_, i)| cost[i * k + c].is_finite()) {
                for entry in open.iter_mut() {
                    entry.0 = cost[entry.1 * k + c];
                }
                for j in 1..open.len() {
                    let mut at = j;
                    while at > 0 && by_cost(&open[at], &open[at - 1]).is_lt() {
                        open.swap(at, at - 1);
                        at -= 1;
                    }
                }
            } else {
                open.clear();
                open.extend(
                    (0..e)
                        .map(|i| (cost[i * k + c], i))
                        .filter(|(x, _)| x.is_finite()),
                );
                open.sort_unstable_by(by_cost);
            }
        }
        for _ in 0..seats {
            for c in 0..k {
                let open = &self.order[c];
                let next = &mut self.next[c];
                while *next < open.len() && self.at[open[*next].1].is_some() {
                    *next += 1;
                }
                (self.dist[c], self.how[c]) = match open.get(*next) {
                    Some(&(x, i)) => (x, (i, None)),
                    None => (f64::INFINITY, (usize::MAX, None)),
                };
            }
            // A cohort whose cheapest mover left reads its moves again.
            for a in 0..k {
                if !std::mem::take(&mut self.stale[a]) {
                    continue;
                }
                let moves = &mut self.moves[a * k..(a + 1) * k];
                moves
                    .iter_mut()
                    .for_each(|m| *m = (f64::INFINITY, usize::MAX));
                for &i in &self.members[a] {
                    let row = &cost[i * k..(i + 1) * k];
                    for b in 0..k {
                        let d = row[b] - row[a];
                        if b != a && d < moves[b].0 {
                            moves[b] = (d, i);
                        }
                    }
                }
            }
            // Bellman-Ford over the cohorts: no negative cycle, as the seats so
            // far are filled at least cost.
            for _ in 1..k {
                let mut changed = false;
                for a in 0..k {
                    if !self.dist[a].is_finite() {
                        continue;
                    }
                    for b in 0..k {
                        let (d, i) = self.moves[a * k + b];
                        if d.is_finite() && self.dist[a] + d < self.dist[b] - 1e-12 {
                            self.dist[b] = self.dist[a] + d;
                            self.how[b] = (i, Some(a));
                            changed = true;
                        }
                    }
                }
                if !changed {
                    break;
                }
            }
            let end = (0..k)
                .filter(|&c| (self.fill[c] as f64) < sizes[c] && self.dist[c].is_finite())
                .min_by(|&a, &b| self.dist[a].total_cmp(&self.dist[b]))?;
            total += self.dist[end];
            self.fill[end] += 1;
            // Back along the chain: each applicant moves into the cohort it
            // reaches.
            let mut c = end;
            for _ in 0..k {
                let (i, from) = self.how[c];
                if let Some(a) = self.at[i] {
                    let members = &mut self.members[a];
                    if let Ok(place) = members.binary_search(&i) {
                        members.remove(place);
                    }
                    if self.moves[a * k..(a + 1) * k].iter().any(|m| m.1 == i) {
                        self.stale[a] = true;
                    }
                }
                let members = &mut self.members[c];
                if let Err(place) = members.binary_search(&i) {
                    members.insert(place, i);
                }
                // A newcomer's moves, ties to the lower applicant as when
                // the members are read in order.
                if !self.stale[c] {
                    let row = &cost[i * k..(i + 1) * k];
                    for (b, m) in self.moves[c * k..(c + 1) * k].iter_mut().enumerate() {
                        let d = row[b] - row[c];
                        if b != c && (d < m.0 || (d == m.0 && d.is_finite() && i < m.1)) {
                            *m = (d, i);
                        }
                    }
                }
                self.at[i] = Some(c);
                match from {
                    Some(a) => c = a,
                    None => break,
                }
            }
        }
        Some(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The least cost of filling the seats, by trying every way.
    fn every_way(cost: &[f64], k: usize, sizes: &[usize]) -> Option<f64> {
        let mut choice = vec![0usize; cost.len() / k];
        let mut least: Option<f64> = None;
        loop {
            let mut fill = vec![0usize; k];
            let mut total = 0.0;
            for (i, &x) in choice.iter().enumerate() {
                if x > 0 {
                    fill[x - 1] += 1;
                    total += cost[i * k + x - 1];
                }
            }
            if fill == sizes && total.is_finite() {
                least = Some(least.map_or(total, |l: f64| l.min(total)));
            }
            if !crate::brute::next_choice(&mut choice, k) {
                return least;
            }
        }
    }

    /// The least of `mirror + mix - prices . s` over every spread within
    /// `room`, enumerated.
    fn every_spread(l: &Lagrangian, v: usize, prices: &[f64], room: &[usize]) -> f64 {
        let k = l.k;
        let mut s = vec![0usize; k];
        let mut least = f64::INFINITY;
        loop {
            let count: usize = s.iter().sum();
            let fits = count <= l.holders[v] && (!l.everyone || count == l.holders[v]);
            if fits && count as f64 <= l.n {
                let share = count as f64 / l.n;
                let mix: f64 = (0..k)
                    .map(|c| (s[c] as f64 - l.sizes[c] * share).abs())
                    .sum();
                let paid: f64 = (0..k).map(|c| prices[c] * s[c] as f64).sum();
                let cost =
                    l.w_mirror * (count as f64 - l.target[v]).abs() + l.w_balance * mix - paid;
                least = least.min(cost);
            }
            // The next spread, as an odometer over the rooms.
            let mut c = 0;
            while c < k && s[c] == room[c] {
                s[c] = 0;
                c += 1;
            }
            if c == k {
                return least;
            }
            s[c] += 1;
        }
    }

    proptest! {
        #[test]
        fn the_cheapest_spread_is_the_least_over_every_spread(
            k in 1usize..4,
            sizes in prop::collection::vec(1usize..5, 3),
            holders in 0usize..9,
            rooms in prop::collection::vec(0usize..5, 3),
            prices in prop::collection::vec(-6i32..7, 3),
            weights in (0u8..3, 0u8..3),
            everyone in any::<bool>(),
            extra in 0usize..6,
        ) {
            let sizes_u = sizes[..k].to_vec();
            let sizes: Vec<f64> = sizes_u.iter().map(|&m| m as f64).collect();
            let n: f64 = sizes.iter().sum();
            let room: Vec<usize> = (0..k).map(|c| rooms[c].min(sizes[c] as usize)).collect();
            let prices: Vec<f64> = prices[..k].iter().map(|&p| f64::from(p) * 0.25).collect();
            let eligible = if everyone { n } else { n + extra as f64 };
            let l = Lagrangian {
                k,
                sizes: sizes.clone(),
                n,
                values_of: Vec::new(),
                holders: vec![holders],
                target: vec![n * holders as f64 / eligible],
                years: Vec::new(),
                numeric: 0.0,
                everyone,
                rows: Vec::new(),
                rows_of: Vec::new(),
                mix_floor: (0..=n as usize)
                    .map(|s| crate::solve::bound::balance_floor(s, &sizes_u))
                    .collect(),
                w_balance: f64::from(weights.0),
                w_mirror: f64::from(weights.1),
            };
            let (mut spread, mut best) = (vec![0; k], vec![0; k]);
            let mut merge = Merge {
                runs: vec![[(0.0, 0); 3]; k],
                next: vec![0; k],
                order: Vec::new(),
                near: Vec::new(),
            };
            let buffers = (&mut spread[..], &mut best[..], &mut merge);
            let got = l.cheapest_spread(0, &prices, &room, (0, usize::MAX), buffers);
            let want = every_spread(&l, 0, &prices, &room);
            prop_assert_eq!(got.is_finite(), want.is_finite());
            if want.is_finite() {
                prop_assert!((got - want).abs() < 1e-9, "{} against {}", got, want);
                // The spread it reports is one it paid for, within the room.
                let count: usize = best.iter().sum();
                prop_assert!(best.iter().zip(&room).all(|(b, r)| b <= r));
                let share = count as f64 / n;
                let mix: f64 = (0..k).map(|c| (best[c] as f64 - sizes[c] * share).abs()).sum();
                let paid: f64 = (0..k).map(|c| prices[c] * best[c] as f64).sum();
                let cost = l.w_mirror * (count as f64 - l.target[0]).abs() + l.w_balance * mix - paid;
                prop_assert!((cost - got).abs() < 1e-9, "{} against {}", cost, got);
            }
        }

        #[test]
        fn transport_fills_the_seats_at_least_cost(
            k in 1usize..4,
            e in 1usize..7,
            raw in prop::collection::vec(-5i32..6, 18),
            closed in prop::collection::vec(0u8..6, 18),
            sizes in prop::collection::vec(0usize..3, 3),
        ) {
            let sizes = &sizes[..k];
            let cost: Vec<f64> = (0..e * k)
                .map(|x| if closed[x] == 0 { f64::INFINITY } else { f64::from(raw[x]) * 0.5 })
                .collect();
            let sizes_f: Vec<f64> = sizes.iter().map(|&m| m as f64).collect();
            let got = transport(&cost, k, &sizes_f);
            let want = every_way(&cost, k, sizes);
            prop_assert_eq!(got.is_some(), want.is_some());
            if let (Some((total, at)), Some(want)) = (got, want) {
                prop_assert!((total - want).abs() < 1e-9, "{} against {}", total, want);
                // The seats it reports are the ones it paid for.
                let mut fill = vec![0usize; k];
                let mut paid = 0.0;
                for (i, c) in at.iter().enumerate() {
                    if let Some(c) = *c {
                        fill[c] += 1;
                        paid += cost[i * k + c];
                    }
                }
                prop_assert_eq!(&fill[..], sizes);
                prop_assert!((paid - total).abs() < 1e-9);
            }
        }

        #[test]
        fn transport_kept_across_prices_fills_as_afresh(
            k in 1usize..4,
            e in 1usize..7,
            raw in prop::collection::vec(-5i32..6, 18),
            moved in prop::collection::vec(-3i32..4, 18),
            closed in prop::collection::vec(0u8..6, 18),
            sizes in prop::collection::vec(0usize..3, 3),
        ) {
            // The same places open at other prices, as over the bound's steps.
            let sizes: Vec<f64> = sizes[..k].iter().map(|&m| m as f64).collect();
            let priced = |shift: &[i32]| -> Vec<f64> {
                (0..e * k)
                    .map(|x| match closed[x] {
                        0 => f64::INFINITY,
                        _ => f64::from(raw[x] + shift[x]) * 0.5,
                    })
                    .collect()
            };
            let (first, second) = (priced(&[0; 18]), priced(&moved));
            let mut kept = Transport::default();
            let before = kept.fill(&first, k, &sizes);
            let again = kept.fill(&second, k, &sizes);
            prop_assert_eq!(before.is_some(), again.is_some());
            let afresh = transport(&second, k, &sizes);
            prop_assert_eq!(again, afresh.as_ref().map(|a| a.0));
            if let Some((_, at)) = afresh {
                prop_assert_eq!(kept.at, at);
            }
        }
    }
}
