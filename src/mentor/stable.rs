//! Mentee-proposing deferred acceptance with capacities, and blocking pairs.
//!
//! Preference lists are completed so that every allowed pair is acceptable: each
//! side ranks the people it lists first, in its order, then everyone else it may be
//! paired with by pair cost (lower first), then by roster order. Forbidden pairs
//! (own district, conflict, untrained) are never acceptable, listed or not.

use std::collections::VecDeque;

use super::MentorProblem;

/// Complete preference lists of both sides.
#[derive(Debug, Clone)]
pub struct Preferences {
    /// For each mentee, the mentors it may have, best first.
    pub mentee_lists: Vec<Vec<usize>>,
    /// `mentor_rank[m][e]`: position of mentee `e` in mentor `m`'s order (lower is better).
    pub mentor_rank: Vec<Vec<u32>>,
}

impl Preferences {
    /// Completes both sides' lists from the rosters' `preferences` and the pair costs.
    pub fn new(p: &MentorProblem) -> Preferences {
        let (n, m) = (p.mentees(), p.mentors());
        let mentor_index: std::collections::HashMap<&str, usize> = p
            .rosters
            .mentors
            .iter()
            .enumerate()
            .map(|(i, x)| (x.id.as_str(), i))
            .collect();
        let mentee_index: std::collections::HashMap<&str, usize> = p
            .rosters
            .mentees
            .iter()
            .enumerate()
            .map(|(i, x)| (x.id.as_str(), i))
            .collect();
        let mentee_lists = (0..n)
            .map(|e| {
                let listed: Vec<usize> = p.rosters.mentees[e]
                    .preferences
                    .iter()
                    .filter_map(|id| mentor_index.get(id.as_str()).copied())
                    .collect();
                let mut position = vec![usize::MAX; m];
                for (k, &x) in listed.iter().enumerate() {
                    position[x] = position[x].min(k);
                }
                let mut list: Vec<usize> = (0..m).filter(|&x| p.cost(e, x).is_some()).collect();
                list.sort_by(|&a, &b| {
                    position[a]
                        .cmp(&position[b])
                        .then(p.pair_cost(e, a).total_cmp(&p.pair_cost(e, b)))
                        .then(a.cmp(&b))
                });
                list
            })
            .collect();
        let mentor_rank = (0..m)
            .map(|x| {
                let mut position = vec![usize::MAX; n];
                for (k, id) in p.rosters.mentors[x].preferences.iter().enumerate() {
                    if let Some(&e) = mentee_index.get(id.as_str()) {
                        position[e] = position[e].min(k);
                    }
                }
                let mut order: Vec<usize> = (0..n).collect();
                order.sort_by(|&a, &b| {
                    position[a]
                        .cmp(&position[b])
                        .then(p.pair_cost(a, x).total_cmp(&p.pair_cost(b, x)))
                        .then(a.cmp(&b))
                });
                let mut rank = vec![0u32; n];
                for (k, e) in order.into_iter().enumerate() {
                    rank[e] = u32::try_from(k).unwrap_or(u32::MAX);
                }
                rank
            })
            .collect();
        Preferences {
            mentee_lists,
            mentor_rank,
        }
    }
}

/// The mentee-optimal stable matching: mentees propose in roster order, down their
/// lists; a full mentor keeps the mentees it ranks best.
///
/// Time `O(sum of list lengths * capacity)`.
///
/// # Example
/// Two mentees both want mentor 0, who has one place and prefers mentee 1.
/// ```
/// use cohortmatch::mentor::stable::{deferred_acceptance, Preferences};
/// let prefs = Preferences {
///     mentee_lists: vec![vec![0, 1], vec![0]],
///     mentor_rank: vec![vec![1, 0], vec![0, 1]],
/// };
/// assert_eq!(deferred_acceptance(&prefs, &[1, 1]), vec![Some(1), Some(0)]);
/// ```
pub fn deferred_acceptance(prefs: &Preferences, capacity: &[usize]) -> Vec<Option<usize>> {
    let n = prefs.mentee_lists.len();
    let mut next = vec![0usize; n];
    let mut held: Vec<Vec<usize>> = vec![Vec::new(); capacity.len()];
    let mut queue: VecDeque<usize> = (0..n).collect();
    while let Some(e) = queue.pop_front() {
        let Some(&m) = prefs.mentee_lists[e].get(next[e]) else {
            continue; // rejected by every acceptable mentor
        };
        next[e] += 1;
        if held[m].len() < capacity[m] {
            held[m].push(e);
            continue;
        }
        let rank = &prefs.mentor_rank[m];
        let worst = held[m].iter().copied().max_by_key(|&x| rank[x]);
        match worst {
            Some(w) if rank[e] < rank[w] => {
                held[m].retain(|&x| x != w);
                held[m].push(e);
                queue.push_back(w);
            }
            _ => queue.push_back(e),
        }
    }
    let mut mate = vec![None; n];
    for (m, list) in held.iter().enumerate() {
        for &e in list {
            mate[e] = Some(m);
        }
    }
    mate
}

/// Pairs `(mentee, mentor)` that would both rather be together than keep what
/// `mate` gives them: the mentee prefers the mentor to its own (or has none), and
/// the mentor has room or ranks the mentee above one it holds.
pub fn blocking_pairs(
    prefs: &Preferences,
    capacity: &[usize],
    mate: &[Option<usize>],
) -> Vec<(usize, usize)> {
    let mut held: Vec<Vec<usize>> = vec![Vec::new(); capacity.len()];
    for (e, m) in mate.iter().enumerate() {
        if let Some(m) = m {
            held[*m].push(e);
        }
    }
    let worst: Vec<Option<u32>> = held
        .iter()
        .enumerate()
        .map(|(m, list)| list.iter().map(|&e| prefs.mentor_rank[m][e]).max())
        .collect();
    let mut out = Vec::new();
    for (e, list) in prefs.mentee_lists.iter().enumerate() {
        for &m in list {
            if mate[e] == Some(m) {
                break; // the rest are worse than what e has
            }
            let room = held[m].len() < capacity[m];
            let wants = worst[m].is_some_and(|w| prefs.mentor_rank[m][e] < w);
            if room || wants {
                out.push((e, m));
            }
        }
    }
    out
}
