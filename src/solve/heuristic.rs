//! A seeded local search on the one cost function.
//!
//! Construction deals applicants (by priority, then lottery) into the cohort with
//! most room that holds no one they conflict with, then deals facilitators and picks
//! each cohort's best slot. The search then tries random moves that keep every hard
//! rule: swap two members, replace a member by a waitlisted applicant, replace or
//! move a facilitator, change a slot. A move is kept when the cost does not rise.
//! Several restarts, each with its own RNG derived from (seed, restart), run in
//! parallel; the best by (cost, restart) wins, so the thread count never changes
//! the answer when the search is bounded by moves rather than by time.

use std::time::Instant;

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::{Outcome, SolveOptions, Status};
use crate::cohort::instance::cohort_sizes;
use crate::cohort::{Assignment, Instance, evaluate};

/// How long each restart searches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SearchLimits {
    /// Independent restarts.
    pub restarts: usize,
    /// Moves tried per restart (the annealing schedule spans them).
    pub moves: usize,
}

impl SearchLimits {
    /// Limits that grow with the instance.
    pub fn for_instance(inst: &Instance) -> Self {
        // Each move is costed in full, in time proportional to the selected group:
        // cap the moves so a default run stays in seconds as the roster grows.
        let per_move = inst.selected.max(1);
        SearchLimits {
            restarts: 16,
            moves: (20_000 + 4_000 * inst.applicants())
                .min(20_000_000 / per_move)
                .max(2_000),
        }
    }
}

/// Starting and final temperatures of the annealing, in cost units.
const T_START: f64 = 1.0;
const T_END: f64 = 0.02;

/// The RNG of restart `r` under `seed`.
fn rng_for(seed: u64, r: usize) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed ^ (r as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// The lottery: a seeded random rank for each eligible applicant (lower draws first).
///
/// ```
/// let a = cohortmatch::solve::heuristic::lottery(5, 42);
/// assert_eq!(a, cohortmatch::solve::heuristic::lottery(5, 42));
/// let mut sorted = a.clone();
/// sorted.sort();
/// assert_eq!(sorted, vec![0, 1, 2, 3, 4]);
/// ```
pub fn lottery(applicants: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..applicants).collect();
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    let mut rank = vec![0; applicants];
    for (k, i) in order.into_iter().enumerate() {
        rank[i] = k;
    }
    rank
}

/// Sorts applicants (instance indices) highest priority first, ties broken by the
/// lottery drawn with `seed`: the order of construction and of the waitlist.
pub fn by_priority_then_lottery(inst: &Instance, applicants: &mut [usize], seed: u64) {
    let draw = lottery(inst.applicants(), seed);
    applicants.sort_by(|&a, &b| {
        inst.priority[b]
            .total_cmp(&inst.priority[a])
            .then(draw[a].cmp(&draw[b]))
    });
}

/// Builds a first assignment that keeps every hard rule, or `None` when this
/// restart's random order found none.
pub fn construct(inst: &Instance, rng: &mut ChaCha8Rng) -> Option<Assignment> {
    let k = inst.cohorts();
    let mut order: Vec<usize> = (0..inst.applicants()).collect();
    by_priority_then_lottery(inst, &mut order, rng.random());
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    let mut cohort_of = vec![None; inst.applicants()];
    for i in order {
        let best = (0..k)
            .filter(|&c| {
                members[c].len() < inst.sizes[c] && inst.may_join(i, &members[c], &[], None)
            })
            .max_by_key(|&c| (inst.sizes[c] - members[c].len(), std::cmp::Reverse(c)));
        if let Some(c) = best {
            members[c].push(i);
            cohort_of[i] = Some(c);
        }
    }
    if (0..k).any(|c| members[c].len() != inst.sizes[c]) {
        return None;
    }
    let mut counts = cohort_sizes(inst.facilitator_places, k);
    if counts
        .iter()
        .any(|&n| n < inst.facilitators_min || n > inst.facilitators_max)
    {
        return None;
    }
    counts.shuffle(rng);
    let mut left = inst.capacity.clone();
    let mut facilitators: Vec<Vec<usize>> = vec![Vec::new(); k];
    let mut cohorts: Vec<usize> = (0..k).collect();
    cohorts.shuffle(rng);
    for c in cohorts {
        for _ in 0..counts[c] {
            let mut candidates: Vec<usize> = (0..inst.facilitators())
                .filter(|&f| {
                    left[f] > 0
                        && !facilitators[c].contains(&f)
                        && members[c]
                            .iter()
                            .all(|&i| !inst.facilitator_in_conflict(f, i))
                })
                .collect();
            candidates.shuffle(rng);
            let f = candidates.into_iter().max_by_key(|&f| left[f])?;
            left[f] -= 1;
            facilitators[c].push(f);
        }
    }
    let slot = (0..k)
        .map(|c| best_slot(inst, &members[c], &facilitators[c]))
        .collect();
    Some(Assignment {
        cohort_of,
        facilitators,
        slot,
    })
}

/// The slot the most members and facilitators of a cohort can make (lowest index on ties).
fn best_slot(inst: &Instance, members: &[usize], facs: &[usize]) -> Option<usize> {
    (0..inst.slots.len()).min_by_key(|&s| {
        members
            .iter()
            .filter(|&&i| !inst.applicant_available[i][s])
            .count()
            + facs
                .iter()
                .filter(|&&f| !inst.facilitator_available[f][s])
                .count()
    })
}

/// Tries one random rule-keeping move; returns the changed assignment or `None`.
fn random_move(inst: &Instance, a: &Assignment, rng: &mut ChaCha8Rng) -> Option<Assignment> {
    let k = inst.cohorts();
    let n = inst.applicants();
    let members = a.members(k);
    let mut b = a.clone();
    match rng.random_range(0..10u32) {
        // Swap two members of different cohorts.
        0..=3 if k > 1 => {
            let i = rng.random_range(0..n);
            let j = rng.random_range(0..n);
            let (ci, cj) = (a.cohort_of[i]?, a.cohort_of[j]?);
            if ci == cj
                || !inst.may_join(i, &members[cj], &a.facilitators[cj], Some(j))
                || !inst.may_join(j, &members[ci], &a.facilitators[ci], Some(i))
            {
                return None;
            }
            b.cohort_of[i] = Some(cj);
            b.cohort_of[j] = Some(ci);
        }
        // Replace a member by someone not selected.
        4..=5 => {
            let i = rng.random_range(0..n);
            let u = rng.random_range(0..n);
            let c = a.cohort_of[i]?;
            if a.cohort_of[u].is_some()
                || !inst.may_join(u, &members[c], &a.facilitators[c], Some(i))
            {
                return None;
            }
            b.cohort_of[i] = None;
            b.cohort_of[u] = Some(c);
        }
        // Replace a facilitator of a cohort by another with room.
        6 => {
            let c = rng.random_range(0..k);
            if a.facilitators[c].is_empty() || inst.facilitators() == 0 {
                return None;
            }
            let slot = rng.random_range(0..a.facilitators[c].len());
            let g = rng.random_range(0..inst.facilitators());
            let used = a.facilitators.iter().flatten().filter(|&&f| f == g).count();
            if used >= inst.capacity[g]
                || a.facilitators[c].contains(&g)
                || members[c]
                    .iter()
                    .any(|&i| inst.facilitator_in_conflict(g, i))
            {
                return None;
            }
            b.facilitators[c][slot] = g;
        }
        // Move a facilitator to another cohort, or swap two between cohorts.
        7 if k > 1 => {
            let c1 = rng.random_range(0..k);
            let c2 = rng.random_range(0..k);
            if c1 == c2 || a.facilitators[c1].is_empty() {
                return None;
            }
            let x = rng.random_range(0..a.facilitators[c1].len());
            let f = a.facilitators[c1][x];
            if a.facilitators[c2].contains(&f)
                || members[c2]
                    .iter()
                    .any(|&i| inst.facilitator_in_conflict(f, i))
            {
                return None;
            }
            if rng.random_bool(0.5) && !a.facilitators[c2].is_empty() {
                let y = rng.random_range(0..a.facilitators[c2].len());
                let g = a.facilitators[c2][y];
                if a.facilitators[c1].contains(&g)
                    || members[c1]
                        .iter()
                        .any(|&i| inst.facilitator_in_conflict(g, i))
                {
                    return None;
                }
                b.facilitators[c1][x] = g;
                b.facilitators[c2][y] = f;
            } else {
                b.facilitators[c1].remove(x);
                b.facilitators[c2].push(f);
                let counts: Vec<usize> = b.facilitators.iter().map(Vec::len).collect();
                let (lo, hi) = (
                    counts.iter().min().copied().unwrap_or(0),
                    counts.iter().max().copied().unwrap_or(0),
                );
                if hi > lo + 1 || lo < inst.facilitators_min || hi > inst.facilitators_max {
                    return None;
                }
            }
        }
        // Give a cohort another slot.
        8 | 9 if !inst.slots.is_empty() => {
            let c = rng.random_range(0..k);
            b.slot[c] = Some(rng.random_range(0..inst.slots.len()));
        }
        _ => return None,
    }
    Some(b)
}

/// One restart: construct, then anneal for `moves` moves or until the deadline;
/// returns the best assignment seen.
fn restart(
    inst: &Instance,
    seed: u64,
    r: usize,
    moves: usize,
    deadline: Option<Instant>,
    start: Option<&Assignment>,
) -> Option<(f64, Assignment)> {
    let mut rng = rng_for(seed, r);
    let mut a = match start {
        Some(a) => a.clone(),
        None => construct(inst, &mut rng)?,
    };
    let mut cost = evaluate(inst, &a).total;
    let mut best = (cost, a.clone());
    let cooling = (T_END / T_START).powf(1.0 / moves.max(1) as f64);
    let mut temperature = T_START;
    for step in 0..moves {
        if step % 256 == 0 && deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        temperature *= cooling;
        let Some(b) = random_move(inst, &a, &mut rng) else {
            continue;
        };
        let c = evaluate(inst, &b).total;
        let accept = c <= cost || rng.random_bool(((cost - c) / temperature).exp().min(1.0));
        if accept {
            a = b;
            cost = c;
            if cost < best.0 - 1e-12 {
                best = (cost, a.clone());
            }
        }
    }
    Some(best)
}

/// Runs the search; `None` when no restart found an assignment keeping every rule.
pub fn search(
    inst: &Instance,
    options: &SolveOptions,
    limits: SearchLimits,
    start: Option<&Assignment>,
) -> Option<Outcome> {
    let began = Instant::now();
    let deadline = options.time_limit.map(|t| began + t);
    type Found = (f64, usize, Assignment);
    let restarts_run = std::sync::atomic::AtomicUsize::new(0);
    let better = |x: Found, y: Found| -> Found {
        if y.0.total_cmp(&x.0).then(y.1.cmp(&x.1)).is_lt() {
            y
        } else {
            x
        }
    };
    let batch = |first: usize| -> Option<Found> {
        (first..first + limits.restarts.max(1))
            .into_par_iter()
            .filter_map(|r| {
                // The first restart polishes the given start, if any.
                let from = if r == 0 { start } else { None };
                restart(inst, options.seed, r, limits.moves, deadline, from).map(|(c, a)| (c, r, a))
            })
            .reduce_with(better)
    };
    // Without a time limit: one batch of restarts (the same answer on any number
    // of threads). With one: further batches while another fits in the time left.
    let run = || {
        let mut best = batch(0);
        let mut first = limits.restarts.max(1);
        restarts_run.store(first, std::sync::atomic::Ordering::Relaxed);
        while let Some(d) = deadline {
            let per_batch = began.elapsed()
                / u32::try_from(first / limits.restarts.max(1))
                    .unwrap_or(1)
                    .max(1);
            if Instant::now() + per_batch >= d {
                break;
            }
            best = match (best, batch(first)) {
                (Some(x), Some(y)) => Some(better(x, y)),
                (x, y) => x.or(y),
            };
            first += limits.restarts.max(1);
            restarts_run.store(first, std::sync::atomic::Ordering::Relaxed);
        }
        best
    };
    let best = match options.threads {
        Some(t) => rayon::ThreadPoolBuilder::new()
            .num_threads(t.max(1))
            .build()
            .map(|pool| pool.install(run))
            .unwrap_or_else(|_| run()),
        None => run(),
    };
    let (_, _, assignment) = best?;
    let cost = evaluate(inst, &assignment);
    Some(Outcome {
        assignment,
        cost,
        status: Status::Feasible,
        bound: None,
        solver: "heuristic".into(),
        solver_objective: None,
        stopped: format!(
            "{} annealing restarts of {} moves in {:.1} s",
            restarts_run.load(std::sync::atomic::Ordering::Relaxed),
            limits.moves,
            began.elapsed().as_secs_f64()
        ),
    })
}
