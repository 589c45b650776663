//! A lower bound of our own, far stronger than the MILP's LP relaxation on the
//! balance and mirror terms.
//!
//! The LP relaxation of `|n_cv - m_c S_v / n|` sits at zero: fractional members
//! balance perfectly. But members are whole people: with `S_v` selected holders of
//! a value, no partition into the cohorts does better than [`balance_floor`]. The
//! selection part (mirror, priority, and those floors, which depend only on how
//! many of each value are selected) is then solved exactly on its own, as a small
//! MILP whose one-hot variables say how many holders of each value are selected.
//! A region's floor also carries the facilitator-region pairs its facilitators
//! cannot avoid ([`region_floor`]). Isolation is charged per value too: one holder
//! selected is alone wherever it sits, and a value both balanced and protected
//! pays its least mix and isolation together. The numeric term has a like floor
//! when the selection is fixed; slots are bounded by 0. What the bound cannot
//! see is people: that one person carries a region and a district type together,
//! conflicts, districts and availability; that is the gap left.

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
    spread_floor(s as f64, n as f64, &size_groups(sizes))
}

/// The cohorts' sizes as (size, cohorts of that size), for [`spread_floor`]:
/// cohorts of one size share a target.
fn size_groups(sizes: &[usize]) -> Vec<(usize, usize)> {
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for &m in sizes {
        match groups.iter_mut().find(|g| g.0 == m) {
            Some(g) => g.1 += 1,
            None => groups.push((m, 1)),
        }
    }
    groups
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
    let groups = size_groups(&inst.sizes);
    spread_floor(total, n as f64, &groups) / inst.sd_years
}

/// The least `w_balance * sum_c |n_c - m_c * s / n| + w_region_f * sum_c f_c * n_c`
/// over whole numbers: `n_c` members of one region in cohort `c` (at most `m_c`,
/// adding up to `s`) and `f_c` facilitators of that region serving it (at most
/// `per_cohort`, adding up to `places`).
///
/// This is the region's mix term and its share of the facilitator-region term
/// together: facilitators of a region gather where its members are few, and the
/// members pay in balance for staying away from them. Solved exactly by a dynamic
/// programme over the cohorts (state: facilitators and members placed so far).
/// Infinite when the places cannot be filled.
///
/// ```
/// use cohortmatch::solve::bound::region_floor;
/// // 6 members of the region in 3 cohorts of 8, one facilitator from it, weights
/// // 1 and 0.5: 2, 2, 2 costs 1 (the facilitator's two pairs); 1, 2, 3 with the
/// // facilitator beside the 1 costs 2 in balance plus 0.5.
/// assert!((region_floor(6, &[8, 8, 8], 1, 1, 1.0, 0.5) - 1.0).abs() < 1e-12);
/// // 4 places, at most 1 per cohort, 3 cohorts: no way to seat them.
/// assert!(region_floor(6, &[8, 8, 8], 4, 1, 1.0, 0.5).is_infinite());
/// ```
pub fn region_floor(
    s: usize,
    sizes: &[usize],
    places: usize,
    per_cohort: usize,
    w_balance: f64,
    w_region_f: f64,
) -> f64 {
    region_floor_isolated(s, sizes, places, per_cohort, w_balance, w_region_f, 0.0)
}

/// [`region_floor`] plus `w_isolated` for each cohort holding exactly one member
/// of the region (when region is protected from isolation).
fn region_floor_isolated(
    s: usize,
    sizes: &[usize],
    places: usize,
    per_cohort: usize,
    w_balance: f64,
    w_region_f: f64,
    w_isolated: f64,
) -> f64 {
    let n: usize = sizes.iter().sum();
    if s > n {
        return f64::INFINITY;
    }
    if n == 0 {
        return 0.0;
    }
    let width = s + 1;
    let mut dp = vec![f64::INFINITY; (places + 1) * width];
    dp[0] = 0.0;
    for &m in sizes {
        let target = m as f64 * s as f64 / n as f64;
        let mut next = vec![f64::INFINITY; dp.len()];
        for p in 0..=places {
            for t in 0..=s {
                let base = dp[p * width + t];
                if !base.is_finite() {
                    continue;
                }
                for f in 0..=per_cohort.min(places - p) {
                    for here in 0..=m.min(s - t) {
                        let cost = base
                            + w_balance * (here as f64 - target).abs()
                            + w_region_f * (f * here) as f64
                            + alone(here, w_isolated);
                        let cell = &mut next[(p + f) * width + t + here];
                        if cost < *cell {
                            *cell = cost;
                        }
                    }
                }
            }
        }
        dp = next;
    }
    // Infinite when the places cannot be filled (more than `per_cohort` per cohort).
    dp[places * width + s]
}

/// The least `w_balance * sum_c |n_c - m_c * s / n| + w_region_f * sum_c f_c * n_c`
/// over whole numbers `n_c <= m_c` adding up to `s`, when the facilitators are
/// seated: `f_c` of the region serve cohort `c`. Infinite when `s` exceeds the seats.
///
/// ```
/// use cohortmatch::solve::bound::seated_region_floor;
/// // 6 members, one facilitator of the region in the first cohort: 1, 2, 3 pays 2
/// // in balance and 0.5 in pairs; 2, 2, 2 pays 1 in pairs.
/// assert!((seated_region_floor(6, &[8, 8, 8], &[1, 0, 0], 1.0, 0.5) - 1.0).abs() < 1e-12);
/// assert!((seated_region_floor(6, &[8, 8, 8], &[1, 0, 0], 1.0, 2.0) - 4.0).abs() < 1e-12);
/// ```
pub fn seated_region_floor(
    s: usize,
    sizes: &[usize],
    seated: &[usize],
    w_balance: f64,
    w_region_f: f64,
) -> f64 {
    seated_floor(s, sizes, seated, w_balance, w_region_f, 0.0)
}

/// `w_isolated` when a cohort holds exactly one holder of a value (`here`).
fn alone(here: usize, w_isolated: f64) -> f64 {
    if here == 1 { w_isolated } else { 0.0 }
}

/// [`seated_region_floor`] plus `w_isolated` for each cohort holding exactly one
/// holder of the value. With no facilitators seated, a value's least mix and
/// isolation together.
fn seated_floor(
    s: usize,
    sizes: &[usize],
    seated: &[usize],
    w_balance: f64,
    w_region_f: f64,
    w_isolated: f64,
) -> f64 {
    let n: usize = sizes.iter().sum();
    if s > n {
        return f64::INFINITY;
    }
    let mut dp = vec![f64::INFINITY; s + 1];
    dp[0] = 0.0;
    for (&m, &f) in sizes.iter().zip(seated) {
        let target = m as f64 * s as f64 / n.max(1) as f64;
        let mut next = vec![f64::INFINITY; s + 1];
        for (t, &base) in dp.iter().enumerate().filter(|(_, b)| b.is_finite()) {
            for here in 0..=m.min(s - t) {
                let cost = base
                    + w_balance * (here as f64 - target).abs()
                    + w_region_f * (f * here) as f64
                    + alone(here, w_isolated);
                if cost < next[t + here] {
                    next[t + here] = cost;
                }
            }
        }
        dp = next;
    }
    dp[s]
}

/// Most work (cohorts x places x members x choices, summed over the calls)
/// [`region_floor`] is given in one bound; past it the bound charges the mix term
/// alone (large programs, where the term weighs little beside the rest).
const REGION_FLOOR_WORK: usize = 20_000_000;

/// How the bound charges the selected count of each value of one grouping of the
/// applicants: `cost[v][s]` for `s` selected holders of value `v`. The exact model
/// adds the same charges as cuts.
pub(crate) struct Charge {
    /// The value of each applicant.
    pub of: Vec<usize>,
    /// `cost[v][s]`: least mirror, mix and (for regions) facilitator-region cost of
    /// value `v` with `s` holders selected; infinite for counts that cannot occur.
    pub cost: Vec<Vec<f64>>,
    /// Index into the balance attributes, or `None` for the region charged on its
    /// own (region not balanced).
    pub balance: Option<usize>,
    /// The region (shared numbering) of each value, when the charge carries the
    /// facilitator-region term.
    pub region: Option<Vec<usize>>,
    /// When the charge carries the isolation term of an isolate attribute: its
    /// index, and the attribute's value for each of the charge's values
    /// (`usize::MAX` where no applicant holds it).
    pub isolate: Option<(usize, Vec<usize>)>,
}

/// The charges of every balance attribute (mirror plus the least mix term), with
/// the facilitator-region term folded into the region's (or charged on its own
/// when region is not balanced).
///
/// With `seated` (the facilitators of each cohort) the regions are charged for
/// exactly those facilitators ([`seated_region_floor`]) instead of the fewest any
/// seating must place.
pub(crate) fn charges(inst: &Instance, seated: Option<&[Vec<usize>]>) -> Vec<Charge> {
    let e = inst.applicants();
    let n = inst.selected;
    let w = inst.config.weights;
    let k = inst.cohorts();
    // Facilitator places each region must fill at least (every other region's
    // facilitators at full capacity), and how many can serve one cohort.
    let regions = inst.regions();
    let mut capacity = vec![0usize; regions];
    let mut people = vec![0usize; regions];
    for f in 0..inst.facilitators() {
        capacity[inst.facilitator_region[f]] += inst.capacity[f];
        people[inst.facilitator_region[f]] += usize::from(inst.capacity[f] > 0);
    }
    let all: usize = capacity.iter().sum();
    let per_cohort_most = inst
        .facilitator_places
        .div_ceil(k.max(1))
        .min(inst.facilitators_max);
    let spent = std::cell::Cell::new(0usize);
    let no_one = vec![0usize; k];
    // A value's least mix and isolation, with no facilitator terms.
    let mix_floor = |s: usize, w_balance: f64, w_isolated: f64| -> f64 {
        if w_isolated > 0.0 {
            seated_floor(s, &inst.sizes, &no_one, w_balance, 0.0, w_isolated)
        } else {
            w_balance * balance_floor(s, &inst.sizes)
        }
    };
    // The isolate attribute named `name`, when isolation is charged.
    let isolated = |name: &str| -> Option<usize> {
        (w.isolated > 0.0)
            .then(|| inst.isolate.iter().position(|a| a.name == name))
            .flatten()
    };
    // The isolate attribute's value of each of a charge's values, found through
    // an applicant holding both.
    let iso_values = |j: usize, of: &[usize], values: usize| -> Vec<usize> {
        (0..values)
            .map(|v| {
                (0..e)
                    .find(|&i| of[i] == v)
                    .map_or(usize::MAX, |i| inst.isolate[j].of[i])
            })
            .collect()
    };
    let region_terms = |r: usize, s: usize, w_balance: f64, w_isolated: f64| -> Option<f64> {
        if let Some(groups) = seated {
            if w.region_f <= 0.0 {
                return None;
            }
            let here: Vec<usize> = groups
                .iter()
                .map(|g| {
                    g.iter()
                        .filter(|&&f| inst.facilitator_region[f] == r)
                        .count()
                })
                .collect();
            return Some(seated_floor(
                s,
                &inst.sizes,
                &here,
                w_balance,
                w.region_f,
                w_isolated,
            ))
            .filter(|v| v.is_finite());
        }
        let places = inst
            .facilitator_places
            .saturating_sub(all - capacity[r])
            .min(capacity[r]);
        let per_cohort = people[r].min(per_cohort_most);
        if places == 0 || w.region_f <= 0.0 {
            return None;
        }
        let work = k * (places + 1) * (s + 1) * (per_cohort + 1) * (n / k.max(1) + 2);
        if spent.get() + work > REGION_FLOOR_WORK {
            return None;
        }
        spent.set(spent.get() + work);
        Some(region_floor_isolated(
            s,
            &inst.sizes,
            places,
            per_cohort,
            w_balance,
            w.region_f,
            w_isolated,
        ))
        .filter(|v| v.is_finite())
    };
    // cost[s] for every count of `holders` that can be selected; when everyone is
    // selected only the full count occurs, and the others are infinite.
    let by_count = |holders: usize, cost: &dyn Fn(usize) -> f64| -> Vec<f64> {
        (0..=holders.min(n))
            .map(|s| {
                if n == e && s != holders {
                    f64::INFINITY
                } else {
                    cost(s)
                }
            })
            .collect()
    };
    let mut out = Vec::new();
    let mut region_done = false;
    for attr in &inst.balance {
        // The balance attribute that is the region: its value v is region r.
        let region_of: Option<Vec<usize>> = (attr.name == "region").then(|| {
            (0..attr.values.len())
                .map(|v| {
                    (0..e)
                        .find(|&i| attr.of[i] == v)
                        .map_or(usize::MAX, |i| inst.applicant_region[i])
                })
                .collect()
        });
        region_done |= region_of.is_some();
        let iso = isolated(&attr.name);
        let w_iso = if iso.is_some() { w.isolated } else { 0.0 };
        let cost = (0..attr.values.len())
            .map(|v| {
                let holders = attr.of.iter().filter(|&&x| x == v).count();
                let target = n as f64 * holders as f64 / e as f64;
                by_count(holders, &|s| {
                    let mix = region_of
                        .as_ref()
                        .filter(|r| r[v] != usize::MAX)
                        .and_then(|r| region_terms(r[v], s, w.balance, w_iso))
                        .unwrap_or_else(|| mix_floor(s, w.balance, w_iso));
                    w.mirror * (s as f64 - target).abs() + mix
                })
            })
            .collect();
        let balance = Some(out.len());
        out.push(Charge {
            of: attr.of.clone(),
            cost,
            balance,
            region: region_of.filter(|_| w.region_f > 0.0),
            isolate: iso.map(|j| (j, iso_values(j, &attr.of, attr.values.len()))),
        });
    }
    let mut isolation_done: Vec<bool> = inst
        .isolate
        .iter()
        .map(|a| w.isolated <= 0.0 || inst.balance.iter().any(|b| b.name == a.name))
        .collect();
    if !region_done && w.region_f > 0.0 {
        let iso = isolated("region");
        let w_iso = if iso.is_some() { w.isolated } else { 0.0 };
        let cost = (0..regions)
            .map(|r| {
                let holders = inst.applicant_region.iter().filter(|&&x| x == r).count();
                by_count(holders, &|s| {
                    region_terms(r, s, 0.0, w_iso).unwrap_or_else(|| mix_floor(s, 0.0, w_iso))
                })
            })
            .collect();
        if let Some(j) = iso {
            isolation_done[j] = true;
        }
        out.push(Charge {
            of: inst.applicant_region.clone(),
            cost,
            balance: None,
            region: Some((0..regions).collect()),
            isolate: iso.map(|j| (j, iso_values(j, &inst.applicant_region, regions))),
        });
    }
    // Isolate attributes charged nowhere above: a value with one holder selected
    // leaves that holder alone wherever it sits.
    for (j, attr) in inst.isolate.iter().enumerate() {
        if isolation_done[j] {
            continue;
        }
        let cost = (0..attr.values.len())
            .map(|v| {
                let holders = attr.of.iter().filter(|&&x| x == v).count();
                by_count(holders, &|s| mix_floor(s, 0.0, w.isolated))
            })
            .collect();
        out.push(Charge {
            of: attr.of.clone(),
            cost,
            balance: None,
            region: None,
            isolate: Some((j, (0..attr.values.len()).collect())),
        });
    }
    out
}

/// A lower bound on the cost of every assignment that keeps the rules, or `None`
/// when the bound problem could not be solved.
///
/// Each value of each balance attribute is charged the least its selected count
/// can cost in mirror and mix (for regions, together with the facilitators of
/// that region: [`region_floor`]). When everyone eligible is selected the counts
/// are fixed and the bound is their sum. Otherwise the selection is a small MILP
/// over classes of applicants (same values, same priority): how many of each
/// class to select, in whole numbers.
pub fn lower_bound(inst: &Instance) -> Option<f64> {
    seated_lower_bound(inst, None, None)
}

/// [`lower_bound`] over the assignments whose cohorts have the facilitators
/// `seated` (cohort by cohort), or over all of them with `None`.
///
/// `places`, when given, holds for each applicant the cost of sitting in each
/// cohort beyond the charged terms (infinite where it may not sit): a selected
/// applicant then pays at least its least such cost, and one with no cohort to
/// sit in is never selected.
pub fn seated_lower_bound(
    inst: &Instance,
    seated: Option<&[Vec<usize>]>,
    places: Option<&[Vec<f64>]>,
) -> Option<f64> {
    seated_floor_past(inst, seated, places, f64::INFINITY)
}

/// [`seated_lower_bound`] where it is at most `enough`; where it is above,
/// some value above `enough` (a weaker bound that still rules out whatever a
/// cutoff of `enough` does, and its small MILP is cut short).
fn seated_floor_past(
    inst: &Instance,
    seated: Option<&[Vec<usize>]>,
    places: Option<&[Vec<f64>]>,
    enough: f64,
) -> Option<f64> {
    if inst.applicants() == 0 || inst.selected == 0 {
        return Some(0.0);
    }
    floor_charged(inst, &charges(inst, seated), places, enough)
}

/// [`seated_floor_past`] with the seated facilitators' [`charges`] given.
fn floor_charged(
    inst: &Instance,
    charges: &[Charge],
    places: Option<&[Vec<f64>]>,
    enough: f64,
) -> Option<f64> {
    let e = inst.applicants();
    let n = inst.selected;
    if e == 0 || n == 0 {
        return Some(0.0);
    }
    let w = inst.config.weights;
    let numeric = w.numeric * numeric_floor(inst);
    let may_sit = |i: usize| places.is_none_or(|p| p[i].iter().any(|c| c.is_finite()));
    if (0..e).filter(|&i| may_sit(i)).count() < n {
        return Some(f64::INFINITY);
    }
    if n == e && places.is_none() {
        let mut value = numeric - w.priority * inst.priority.iter().sum::<f64>();
        for charge in charges {
            let mut count = vec![0usize; charge.cost.len()];
            for &v in &charge.of {
                count[v] += 1;
            }
            value += count
                .iter()
                .enumerate()
                .map(|(v, &s)| charge.cost[v][s])
                .sum::<f64>();
        }
        return Some(lowered(value));
    }
    if let Some(value) = selection_floor(inst, charges, places, enough - numeric) {
        return Some(value + numeric);
    }
    let classes = Classes::new(inst, charges, places);
    let limits: Vec<(usize, usize)> = classes.sizes.iter().map(|&size| (0, size)).collect();
    classes
        .floor_below(inst, charges, &limits, enough - numeric)
        .map(|(v, _)| v + numeric)
}

/// [`Classes::floor_below`] with no limits, as a flow
/// ([`selection_flow`](super::selection_flow)): `None` where that does not
/// apply (more than two charges) or gave up.
fn selection_floor(
    inst: &Instance,
    charges: &[Charge],
    places: Option<&[Vec<f64>]>,
    most: f64,
) -> Option<f64> {
    if charges.len() > 2 {
        return None;
    }
    let w = inst.config.weights;
    // A grouping not charged: one value, free at every count.
    let no_charge = [vec![0.0; inst.selected + 1]];
    let first = charges.first().map_or(&no_charge[..], |c| &c.cost[..]);
    let second = charges.get(1).map_or(&no_charge[..], |c| &c.cost[..]);
    let items: Vec<(usize, usize, f64)> = (0..inst.applicants())
        .filter_map(|i| {
            let least = places.map_or(0.0, |p| least_place(&p[i]));
            least.is_finite().then(|| {
                let a = charges.first().map_or(0, |c| c.of[i]);
                let b = charges.get(1).map_or(0, |c| c.of[i]);
                (a, b, least.max(0.0) - w.priority * inst.priority[i])
            })
        })
        .collect();
    let value = super::selection_flow::least_cost(first, second, &items, inst.selected, most)?;
    Some(lowered(value))
}

/// `value` a hair lower, so that round-off cannot make a bound too high; an
/// infinite bound (no selection at all) stays infinite.
fn lowered(value: f64) -> f64 {
    if value.is_finite() {
        value - 1e-9 * value.abs().max(1.0)
    } else {
        value
    }
}

/// What one applicant's place costs at least, by [`members_floor`]: over the
/// assignments that select them, that leave them out, and that seat them in
/// each cohort (infinite where there are none).
#[derive(Debug, Clone)]
pub(crate) struct ApplicantFloors {
    pub selected: f64,
    pub left_out: f64,
    pub seated: Vec<f64>,
}

/// [`members_floor`] per class of alike applicants: over the assignments that
/// select one of the class, that leave one out, and that seat one where it
/// misses the slot. A setting's MILP need not look at an applicant whose
/// selection, absence or seat already costs more than the best answer known.
/// Like [`members_floor`] it depends only on [`MembersKey`], so settings sharing
/// that key share it; [`ClassFloors::of`] reads one applicant's floors in one
/// setting.
pub(crate) struct ClassFloors {
    /// Each applicant's class (`None` with nowhere to sit).
    class_of: Vec<Option<usize>>,
    /// Each class's least place cost.
    least: Vec<f64>,
    /// Per class: selected, left out, seated at a slot it misses.
    floors: Vec<(f64, f64, f64)>,
    /// The floor with nobody's place forced.
    whole: f64,
}

impl ClassFloors {
    /// The floors of every class in `setting` (the members key is all it reads).
    ///
    /// Only a class the floor's own answer leaves out (or takes whole) can change
    /// it by being selected (or left out): one bound problem each, and one per
    /// class seated where it misses the slot. `None` when a bound problem could
    /// not be solved, or `deadline` passed before all were.
    pub(crate) fn new(
        inst: &Instance,
        setting: &super::exact::Setting,
        deadline: Option<std::time::Instant>,
    ) -> Option<ClassFloors> {
        let w = inst.config.weights;
        let places = setting_places(inst, setting);
        let charges = charges(inst, Some(&setting.facilitators));
        let numeric = w.numeric * numeric_floor(inst);
        let classes = Classes::new(inst, &charges, Some(&places));
        let base: Vec<(usize, usize)> = classes.sizes.iter().map(|&size| (0, size)).collect();
        let (whole, counts) = classes.floor(inst, &charges, &base)?;
        let least: Vec<f64> = classes.keys.iter().map(|k| f64::from_bits(k.2)).collect();
        if counts.is_empty() {
            // No assignment at all in this setting.
            return Some(ClassFloors {
                floors: vec![(f64::INFINITY, f64::INFINITY, f64::INFINITY); classes.sizes.len()],
                class_of: classes.of,
                least,
                whole: f64::INFINITY,
            });
        }
        let mut floors = Vec::with_capacity(classes.sizes.len());
        for (j, &size) in classes.sizes.iter().enumerate() {
            if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
                return None;
            }
            let mut limits = base.clone();
            let selected = if counts[j] == 0 {
                limits[j].0 = 1;
                classes.floor(inst, &charges, &limits)?.0
            } else {
                whole
            };
            let mut limits = base.clone();
            let left_out = if counts[j] == size {
                limits[j].1 -= 1;
                classes.floor(inst, &charges, &limits)?.0
            } else {
                whole
            };
            // A seat dearer than the least is a slot miss: that member taken out
            // of the class into one of its own, selected, paying the miss.
            let missing = least[j] + w.slot;
            let seated_missing = if w.slot > 0.0 {
                let mut apart = Classes {
                    keys: classes.keys.clone(),
                    sizes: classes.sizes.clone(),
                    of: Vec::new(),
                    modulus: None,
                };
                apart.sizes[j] -= 1;
                let (values, priority, _) = classes.keys[j].clone();
                apart.keys.push((values, priority, missing.to_bits()));
                apart.sizes.push(1);
                let mut limits = base.clone();
                limits[j].1 -= 1;
                limits.push((1, 1));
                apart.floor(inst, &charges, &limits)?.0
            } else {
                selected
            };
            floors.push((
                selected + numeric,
                left_out + numeric,
                seated_missing + numeric,
            ));
        }
        Some(ClassFloors {
            class_of: classes.of,
            least,
            floors,
            whole: whole + numeric,
        })
    }

    /// Applicant `i`'s floors in a setting where sitting in each cohort costs it
    /// `places` (as [`members_floor`] counts them: the slot miss, infinite where
    /// closed). The setting must have the members key these floors were made for.
    pub(crate) fn of(&self, i: usize, places: &[f64]) -> ApplicantFloors {
        let Some(j) = self.class_of[i] else {
            // Nowhere to sit: never selected.
            return ApplicantFloors {
                selected: f64::INFINITY,
                left_out: self.whole,
                seated: vec![f64::INFINITY; places.len()],
            };
        };
        let (selected, left_out, missing) = self.floors[j];
        let seated = places
            .iter()
            .map(|&cost| {
                if !cost.is_finite() {
                    f64::INFINITY
                } else if cost > self.least[j] {
                    missing
                } else {
                    selected
                }
            })
            .collect();
        ApplicantFloors {
            selected,
            left_out,
            seated,
        }
    }
}

/// Applicants alike in every charged value, in priority and in the least a
/// cohort costs them (all the floor reads of that cost), for the selection
/// problem of [`seated_lower_bound`].
struct Classes {
    /// Each class's charged values, priority and least cost (as bits). With a
    /// modulus the values end with the class's years modulo it.
    keys: Vec<(Vec<usize>, u64, u64)>,
    /// How many applicants each class holds.
    sizes: Vec<usize>,
    /// Each applicant's class (`None` with nowhere to sit).
    of: Vec<Option<usize>>,
    /// With a modulus, only selections whose years add up to a multiple of it
    /// count ([`Parity`]).
    modulus: Option<usize>,
}

impl Classes {
    fn new(inst: &Instance, charges: &[Charge], places: Option<&[Vec<f64>]>) -> Classes {
        Classes::modulo(inst, charges, places, None)
    }

    /// [`Classes::new`], applicants told apart by their years modulo `modulus`
    /// too, for the selections whose years add up to a multiple of it.
    fn modulo(
        inst: &Instance,
        charges: &[Charge],
        places: Option<&[Vec<f64>]>,
        modulus: Option<usize>,
    ) -> Classes {
        let mut index: std::collections::BTreeMap<(Vec<usize>, u64, u64), Vec<usize>> =
            Default::default();
        for i in 0..inst.applicants() {
            let least = places.map_or(0.0, |p| least_place(&p[i]));
            if least.is_finite() {
                let mut key: Vec<usize> = charges.iter().map(|c| c.of[i]).collect();
                if let Some(m) = modulus {
                    key.push((inst.years[i] as i64).rem_euclid(m as i64) as usize);
                }
                index
                    .entry((key, inst.priority[i].to_bits(), least.to_bits()))
                    .or_default()
                    .push(i);
            }
        }
        let mut of = vec![None; inst.applicants()];
        let mut keys = Vec::with_capacity(index.len());
        let mut sizes = Vec::with_capacity(index.len());
        for (j, (key, members)) in index.into_iter().enumerate() {
            for &i in &members {
                of[i] = Some(j);
            }
            keys.push(key);
            sizes.push(members.len());
        }
        Classes {
            keys,
            sizes,
            of,
            modulus,
        }
    }

    /// The least charged cost of a selection whose count in each class is within
    /// `limits` (least, most), and the counts that reach it: a small MILP over
    /// whole numbers of each class. Infinite with no counts when there is none.
    fn floor(
        &self,
        inst: &Instance,
        charges: &[Charge],
        limits: &[(usize, usize)],
    ) -> Option<(f64, Vec<usize>)> {
        self.floor_below(inst, charges, limits, f64::INFINITY)
    }

    /// [`Classes::floor`] where it is at most `most`; where it is above, a
    /// value between `most` and the floor, with no counts: the MILP stops as
    /// soon as no selection can cost `most` or less (BENCHMARKS.md, session 18).
    fn floor_below(
        &self,
        inst: &Instance,
        charges: &[Charge],
        limits: &[(usize, usize)],
        most: f64,
    ) -> Option<(f64, Vec<usize>)> {
        use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem};
        // Built in microlp itself: through good_lp's expressions, pilot seed
        // 213's 6,107 of these small MILPs made the whole proof 4 % slower.
        let n = inst.selected;
        let w = inst.config.weights;
        let mut problem = Problem::new(OptimizationDirection::Minimize);
        // The objective's terms, kept for the row that caps it.
        let mut objective = LinearExpr::empty();
        // Each selected applicant pays at least the least cost among its cohorts.
        // (A transportation problem filling every cohort was measured too: on the
        // sample it ruled out no more settings and cost 12 s more.)
        let class_vars: Vec<microlp::Variable> = limits
            .iter()
            .zip(&self.keys)
            .map(|(&(least, most), (_, priority, cheapest))| {
                let cost =
                    f64::from_bits(*cheapest).max(0.0) - w.priority * f64::from_bits(*priority);
                let x = problem.add_integer_var(cost, (least as i32, most as i32));
                objective.add(x, cost);
                x
            })
            .collect();
        let mut count = LinearExpr::empty();
        for &x in &class_vars {
            count.add(x, 1.0);
        }
        problem.add_constraint(count, ComparisonOp::Eq, n as f64);
        for (b, charge) in charges.iter().enumerate() {
            for (v, cost) in charge.cost.iter().enumerate() {
                let mut one = LinearExpr::empty();
                // How many picked, less how many the classes hold: zero.
                let mut how_many = LinearExpr::empty();
                // (A count no selection can have costs infinitely: no pick.)
                for (s, &c) in cost.iter().enumerate().filter(|(_, c)| c.is_finite()) {
                    let pick = problem.add_binary_var(c);
                    objective.add(pick, c);
                    one.add(pick, 1.0);
                    if s > 0 {
                        how_many.add(pick, s as f64);
                    }
                }
                problem.add_constraint(one, ComparisonOp::Eq, 1.0);
                for ((key, _, _), &x) in self.keys.iter().zip(&class_vars) {
                    if key[b] == v {
                        how_many.add(x, -1.0);
                    }
                }
                problem.add_constraint(how_many, ComparisonOp::Eq, 0.0);
            }
        }
        if let Some(m) = self.modulus {
            // The selected years, modulo `m`, add up to `m` times a whole number.
            let mut years = LinearExpr::empty();
            let mut most_sum = 0;
            for ((key, _, _), (&x, &(_, most))) in
                self.keys.iter().zip(class_vars.iter().zip(limits))
            {
                let r = key.last().copied().unwrap_or(0);
                if r > 0 {
                    years.add(x, r as f64);
                    most_sum += r * most;
                }
            }
            let q = problem.add_integer_var(0.0, (0, (most_sum / m) as i32));
            years.add(q, -(m as f64));
            problem.add_constraint(years, ComparisonOp::Eq, 0.0);
        }
        // The row sits a margin above `most`, well past microlp's tolerance:
        // a floor at `most` is still found exactly, and when none is under
        // the row, half the margin above `most` is still below the floor.
        let margin = 1e-6 * most.abs().max(1.0);
        if most.is_finite() {
            problem.add_constraint(objective, ComparisonOp::Le, most + margin);
        }
        let solution = match problem.solve() {
            Ok(s) => s,
            Err(microlp::Error::Infeasible) if most.is_finite() => {
                return Some((most + margin / 2.0, Vec::new()));
            }
            Err(microlp::Error::Infeasible) => return Some((f64::INFINITY, Vec::new())),
            Err(_) => return None,
        };
        let Ok(solution) = solution.into_solution() else {
            return None;
        };
        let value = solution.objective();
        let counts = class_vars
            .iter()
            .map(|&x| solution.var_value(x).round().max(0.0) as usize)
            .collect();
        Some((lowered(value), counts))
    }
}

/// A lower bound on every assignment in one facilitator `setting` (the
/// facilitators of each cohort and its slot): [`seated_lower_bound`] for those
/// facilitators, each applicant paying its least slot miss among the cohorts it
/// may join (no conflict with their facilitators), plus the facilitators' own
/// misses. Infinite when no such assignment exists; `None` when the bound
/// problem could not be solved.
///
/// ```
/// use cohortmatch::cohort::Instance;
/// use cohortmatch::solve::bound::{lower_bound, setting_bound};
/// use cohortmatch::{eligibility, synthetic, Config};
///
/// let rosters = synthetic::cohort_rosters(&synthetic::CohortSpec { applicants: 12, facilitators: 4, ..Default::default() });
/// let config = Config::builder().seats(8).cohorts(2).deadline(None).build().unwrap();
/// let inst = Instance::new(&rosters, &eligibility::screen_cohort_program(&rosters, &config), &config);
/// let first = cohortmatch::solve::exact::settings(&inst, 1_000).unwrap().setting(0);
/// // Knowing the facilitators and slots can only raise the bound.
/// let here = setting_bound(&inst, &first).unwrap();
/// assert!(here >= lower_bound(&inst).unwrap() - 1e-9);
/// ```
pub fn setting_bound(inst: &Instance, setting: &super::exact::Setting) -> Option<f64> {
    let misses = setting.facilitator_misses(inst);
    members_floor(inst, setting).map(|b| b + inst.config.weights.slot * misses as f64)
}

/// [`setting_bound`] without the facilitators' own slot misses: what the members
/// pay at least. It depends only on [`MembersKey`].
pub(crate) fn members_floor(inst: &Instance, setting: &super::exact::Setting) -> Option<f64> {
    members_floor_past(inst, setting, f64::INFINITY)
}

/// [`members_floor`] where it is at most `enough`; where it is above, some
/// value above `enough`. Against a cutoff, that rules out the same settings,
/// and the floor's MILP stops sooner: pilot seed 19's floors took 0.37 s
/// instead of 0.51 s (one thread).
pub(crate) fn members_floor_past(
    inst: &Instance,
    setting: &super::exact::Setting,
    enough: f64,
) -> Option<f64> {
    let places = setting_places(inst, setting);
    seated_floor_past(inst, Some(&setting.facilitators), Some(&places), enough)
}

/// How many facilitators of each region serve each cohort of `setting`, in
/// the cohorts' order: all that [`charges`] reads of the facilitators, so
/// settings alike in it share their charges.
pub(crate) fn seated_regions(inst: &Instance, setting: &super::exact::Setting) -> Vec<Vec<usize>> {
    let regions = inst.regions();
    setting
        .facilitators
        .iter()
        .map(|group| {
            let mut count = vec![0usize; regions];
            group
                .iter()
                .for_each(|&f| count[inst.facilitator_region[f]] += 1);
            count
        })
        .collect()
}

/// [`members_floor_past`] with the setting's [`charges`] already computed
/// (they depend only on its [`seated_regions`]): on synthetic pilot seed 52,
/// computing them for each of 8,698 floors was a fifth of the floors' time.
pub(crate) fn members_floor_charged(
    inst: &Instance,
    setting: &super::exact::Setting,
    charges: &[Charge],
    enough: f64,
) -> Option<f64> {
    let places = setting_places(inst, setting);
    floor_charged(inst, charges, Some(&places), enough)
}

/// What the experience term costs at least by the selection's total years
/// alone, where not everyone eligible is selected (then [`numeric_floor`] is
/// exact): cohort `c`'s target `m_c * total / n` is a whole number for every
/// cohort exactly when the total is a multiple of `modulus`; otherwise the
/// cohorts' whole sums miss their targets by at least `least` in all
/// (weighted). The linear relaxation cannot see this: fractional members meet
/// any target.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Parity {
    pub(crate) modulus: usize,
    pub(crate) least: f64,
}

/// The [`Parity`] of the program, or `None` where it says nothing: the term
/// off, years not whole numbers, everyone selected, or every total a
/// multiple.
pub(crate) fn parity(inst: &Instance) -> Option<Parity> {
    let w = inst.config.weights;
    let n = inst.selected;
    if n == 0 || n >= inst.applicants() || inst.sd_years <= 0.0 || w.numeric <= 0.0 {
        return None;
    }
    if inst.years.iter().any(|y| y.fract() != 0.0 || *y < 0.0) {
        return None;
    }
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    let mut modulus = 1;
    for &m in &inst.sizes {
        let here = n / gcd(m, n);
        modulus = modulus / gcd(modulus, here) * here;
    }
    let groups = size_groups(&inst.sizes);
    // A total's floor depends only on its remainder: adding the modulus moves
    // every target by a whole number.
    let least = (1..modulus)
        .map(|r| spread_floor(r as f64, n as f64, &groups))
        .fold(f64::INFINITY, f64::min);
    (modulus > 1 && least > 1e-9).then(|| Parity {
        modulus,
        least: w.numeric * least / inst.sd_years,
    })
}

/// [`members_floor_past`] over the selections whose years add up to a multiple
/// of the [`Parity`] modulus (those whose experience term may be zero).
pub(crate) fn members_floor_multiple_past(
    inst: &Instance,
    setting: &super::exact::Setting,
    parity: Parity,
    enough: f64,
) -> Option<f64> {
    let places = setting_places(inst, setting);
    let charges = charges(inst, Some(&setting.facilitators));
    let classes = Classes::modulo(inst, &charges, Some(&places), Some(parity.modulus));
    let limits: Vec<(usize, usize)> = classes.sizes.iter().map(|&size| (0, size)).collect();
    classes
        .floor_below(inst, &charges, &limits, enough)
        .map(|(v, _)| v)
}

/// What sitting in each cohort of `setting` costs each applicant beyond the
/// charged terms: the slot miss, infinite where a facilitator is in conflict.
/// Facilitator-region pairs are in the charges, not in the places.
pub(crate) fn setting_places(inst: &Instance, setting: &super::exact::Setting) -> Vec<Vec<f64>> {
    (0..inst.applicants())
        .map(|i| {
            (0..setting.facilitators.len())
                .map(|c| setting.place_cost(inst, c, i, 0.0))
                .collect()
        })
        .collect()
}

/// What [`members_floor`] reads of a setting: each cohort's size with its
/// facilitators counted by region (sorted, as the charges do not depend on the
/// cohorts' order), and each applicant's least place cost (as bits). Settings
/// with one key share the floor; on synthetic pilots a few hundred keys stand
/// for thousands of settings.
pub(crate) type MembersKey = (Vec<(usize, Vec<usize>)>, Vec<u64>);

/// The [`MembersKey`] of a setting.
pub(crate) fn members_key(inst: &Instance, setting: &super::exact::Setting) -> MembersKey {
    let least = setting_places(inst, setting)
        .iter()
        .map(|costs| least_place(costs).to_bits())
        .collect();
    (members_cohorts(inst, setting), least)
}

/// The cohorts' part of [`members_key`]: each size with its facilitators
/// counted by region, sorted.
pub(crate) fn members_cohorts(
    inst: &Instance,
    setting: &super::exact::Setting,
) -> Vec<(usize, Vec<usize>)> {
    let mut cohorts: Vec<(usize, Vec<usize>)> = inst
        .sizes
        .iter()
        .copied()
        .zip(seated_regions(inst, setting))
        .collect();
    cohorts.sort();
    cohorts
}

/// Whether `earlier` covers `later`: the same cohorts and facilitator regions,
/// and no applicant's least place dearer in `earlier` than in `later`. Then
/// `floor(later) >= floor(earlier)`: the floor is a least cost over
/// selections, and raising what a selection pays cannot lower it.
pub(crate) fn covers(earlier: &MembersKey, later: &MembersKey) -> bool {
    earlier.0 == later.0
        && earlier
            .1
            .iter()
            .zip(&later.1)
            .all(|(&a, &b)| f64::from_bits(a) <= f64::from_bits(b))
}

/// An order of keys in which a key comes after every other key that
/// [`covers`] it: by how many applicants may sit nowhere, then by the sum of
/// the others' least places.
pub(crate) fn covering_order(key: &MembersKey) -> (usize, f64) {
    let least = key.1.iter().map(|&b| f64::from_bits(b));
    let nowhere = least.clone().filter(|l| l.is_infinite()).count();
    (nowhere, least.filter(|l| l.is_finite()).sum())
}

/// An applicant's least place cost among the cohorts (infinite with none open).
fn least_place(costs: &[f64]) -> f64 {
    costs.iter().copied().fold(f64::INFINITY, f64::min)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_lowered_for_round_off_stays_a_number() {
        // An infinite floor (no selection at all) once became NaN here, which
        // no comparison rules out.
        assert_eq!(lowered(f64::INFINITY), f64::INFINITY);
        assert_eq!(lowered(f64::NEG_INFINITY), f64::NEG_INFINITY);
        for value in [-40.25, -1.0, 0.0, 0.5, 1e6] {
            let low = lowered(value);
            assert!(low < value && value - low <= 1e-9 * value.abs().max(1.0) * 1.0001);
        }
    }

    #[test]
    fn the_flow_floor_is_the_milp_floor() {
        // Pilot-sized programs, each setting's members floor both ways, in full
        // and cut short at a `most` near it.
        let mut compared = 0;
        for seed in [3, 8] {
            let spec = crate::synthetic::CohortSpec {
                applicants: 40,
                facilitators: 7,
                seed,
                ..Default::default()
            };
            let rosters = crate::synthetic::cohort_rosters(&spec);
            let config = crate::Config::builder().deadline(None).build().unwrap();
            let screening = crate::eligibility::screen_cohort_program(&rosters, &config);
            let inst = Instance::new(&rosters, &screening, &config);
            let all = super::super::exact::settings(&inst, 1_000_000).unwrap();
            for setting in all.iter().step_by(all.len() / 40 + 1) {
                let setting = &setting;
                let places = setting_places(&inst, setting);
                let charges = charges(&inst, Some(&setting.facilitators));
                let classes = Classes::new(&inst, &charges, Some(&places));
                let limits: Vec<(usize, usize)> =
                    classes.sizes.iter().map(|&size| (0, size)).collect();
                let milp = classes.floor(&inst, &charges, &limits).unwrap().0;
                let flow = selection_floor(&inst, &charges, Some(&places), f64::INFINITY).unwrap();
                assert!(
                    (milp - flow).abs() < 1e-7,
                    "seed {seed}: MILP {milp}, flow {flow}"
                );
                for most in [milp - 0.5, milp - 1e-3, milp + 1e-3] {
                    let cut = selection_floor(&inst, &charges, Some(&places), most).unwrap();
                    if milp <= most {
                        assert!((cut - milp).abs() < 1e-7, "seed {seed}: {cut} vs {milp}");
                    } else {
                        assert!(
                            cut > most && cut <= milp + 1e-7,
                            "seed {seed}: {cut}, {milp}, {most}"
                        );
                    }
                }
                compared += 1;
            }
        }
        assert!(compared >= 40, "only {compared} settings compared");
    }

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

    /// Every split of `s` members and `places` facilitators over the cohorts.
    /// A cohort with exactly one member pays `w_isolated`.
    fn isolated_by_enumeration(
        s: usize,
        sizes: &[usize],
        places: usize,
        per_cohort: usize,
        w_balance: f64,
        w_region_f: f64,
        w_isolated: f64,
    ) -> f64 {
        fn go(
            c: usize,
            s: usize,
            p: usize,
            sizes: &[usize],
            per: usize,
            cost: &dyn Fn(usize, usize, usize) -> f64,
        ) -> f64 {
            if c == sizes.len() {
                return if s == 0 && p == 0 { 0.0 } else { f64::INFINITY };
            }
            let mut best = f64::INFINITY;
            for here in 0..=sizes[c].min(s) {
                for f in 0..=per.min(p) {
                    best =
                        best.min(cost(c, here, f) + go(c + 1, s - here, p - f, sizes, per, cost));
                }
            }
            best
        }
        let n: usize = sizes.iter().sum();
        let cost = |c: usize, here: usize, f: usize| {
            w_balance * (here as f64 - sizes[c] as f64 * s as f64 / n as f64).abs()
                + w_region_f * (f * here) as f64
                + if here == 1 { w_isolated } else { 0.0 }
        };
        go(0, s, places, sizes, per_cohort, &cost)
    }

    proptest::proptest! {
        #[test]
        fn region_floor_is_the_best_split(
            sizes in proptest::collection::vec(1usize..6, 1..5),
            share in 0.0f64..=1.0,
            places in 0usize..5,
            per_cohort in 1usize..4,
            w_region_f in 0.0f64..2.0,
        ) {
            let n: usize = sizes.iter().sum();
            let s = (n as f64 * share).round() as usize;
            // Places beyond per_cohort x cohorts cannot be filled: both infinite.
            let fast = region_floor(s, &sizes, places, per_cohort, 1.0, w_region_f);
            let slow = isolated_by_enumeration(s, &sizes, places, per_cohort, 1.0, w_region_f, 0.0);
            proptest::prop_assert!(fast == slow || (fast - slow).abs() < 1e-9, "{sizes:?} s={s} places={places}: {fast} vs {slow}");
        }

        #[test]
        fn floors_with_isolation_are_the_best_split(
            sizes in proptest::collection::vec(1usize..6, 1..5),
            share in 0.0f64..=1.0,
            places in 0usize..4,
            per_cohort in 1usize..3,
            w_balance in 0.0f64..2.0,
            w_isolated in 0.0f64..3.0,
        ) {
            let n: usize = sizes.iter().sum();
            let s = (n as f64 * share).round() as usize;
            let close = |a: f64, b: f64| a == b || (a - b).abs() < 1e-9;
            let fast = region_floor_isolated(s, &sizes, places, per_cohort, w_balance, 0.5, w_isolated);
            let slow = isolated_by_enumeration(s, &sizes, places, per_cohort, w_balance, 0.5, w_isolated);
            proptest::prop_assert!(close(fast, slow), "{sizes:?} s={s} places={places}: {fast} vs {slow}");
            // No facilitators: the mix and isolation alone.
            let fast = seated_floor(s, &sizes, &vec![0; sizes.len()], w_balance, 0.5, w_isolated);
            let slow = isolated_by_enumeration(s, &sizes, 0, 0, w_balance, 0.5, w_isolated);
            proptest::prop_assert!(close(fast, slow), "{sizes:?} s={s}: {fast} vs {slow}");
        }

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
