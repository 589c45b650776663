//! The deal a coordinator does by hand, and the building blocks the heuristic's
//! construction shares with it.
//!
//! [`deal`]: take the highest priorities (ties by the seeded lottery), sort them by
//! the balance attributes (region, then district type), deal them round-robin into
//! the cohorts, skipping a cohort that holds someone they conflict with; deal the
//! facilitators the same way; give each cohort the slot most of its people can
//! make. It is the baseline the search is measured against (BENCHMARKS.md).

use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::heuristic::by_priority_then_lottery;
use super::{Outcome, Status};
use crate::cohort::instance::cohort_sizes;
use crate::cohort::{Assignment, Instance, evaluate};

/// Deals `people` in order, round-robin from cohort `start`, each into the next
/// cohort in turn with room and no one they conflict with. `None` when someone
/// finds no such cohort.
pub fn deal_members(inst: &Instance, people: &[usize], start: usize) -> Option<Vec<Vec<usize>>> {
    let k = inst.cohorts();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    let mut next = start % k.max(1);
    for &i in people {
        let c = (0..k).map(|step| (next + step) % k).find(|&c| {
            members[c].len() < inst.sizes[c] && inst.may_join(i, &members[c], &[], None)
        })?;
        members[c].push(i);
        next = (c + 1) % k;
    }
    Some(members)
}

/// Gives each cohort its share of the facilitator places (model.md rule 3) from
/// facilitators tried in `order`, keeping capacities and conflicts: a cohort place
/// takes the first facilitator with room who may serve it, and when none has
/// room, an augmenting path moves facilitators along to free one (so it finds an
/// assignment whenever the cohorts' members allow one). `None` when none exists
/// for these members and this spread.
pub fn deal_facilitators(
    inst: &Instance,
    members: &[Vec<usize>],
    counts: &[usize],
    order: &[usize],
) -> Option<Vec<Vec<usize>>> {
    let k = inst.cohorts();
    // Places, dealt round-robin over the cohorts.
    let most = counts.iter().copied().max().unwrap_or(0);
    let places: Vec<usize> = (0..most)
        .flat_map(|round| (0..k).filter(move |&c| counts[c] > round))
        .collect();
    let may = |f: usize, c: usize| {
        members[c]
            .iter()
            .all(|&i| !inst.facilitator_in_conflict(f, i))
    };
    let mut holder = vec![usize::MAX; places.len()];
    let mut held: Vec<Vec<usize>> = vec![Vec::new(); inst.facilitators()];
    let mut serving: Vec<Vec<usize>> = vec![Vec::new(); k];
    for p in 0..places.len() {
        let mut visited = vec![false; inst.facilitators()];
        if !augment(
            inst,
            &places,
            order,
            &may,
            p,
            &mut visited,
            &mut holder,
            &mut held,
            &mut serving,
        ) {
            return None;
        }
    }
    Some(serving)
}

/// Finds a facilitator for place `p`, moving others along an augmenting path.
#[allow(clippy::too_many_arguments)]
fn augment(
    inst: &Instance,
    places: &[usize],
    order: &[usize],
    may: &impl Fn(usize, usize) -> bool,
    p: usize,
    visited: &mut [bool],
    holder: &mut [usize],
    held: &mut [Vec<usize>],
    serving: &mut [Vec<usize>],
) -> bool {
    let c = places[p];
    // First anyone with room, then anyone whose other places can move on.
    for pass in 0..2 {
        for &f in order {
            if visited[f] || serving[c].contains(&f) || !may(f, c) {
                continue;
            }
            let room = held[f].len() < inst.capacity[f];
            if pass == 0 && !room {
                continue;
            }
            visited[f] = true;
            if room {
                take(p, c, f, holder, held, serving);
                return true;
            }
            for q in held[f].clone() {
                // Free f's place q by finding q another facilitator.
                let d = places[q];
                drop_place(q, d, f, holder, held, serving);
                if augment(inst, places, order, may, q, visited, holder, held, serving) {
                    take(p, c, f, holder, held, serving);
                    return true;
                }
                take(q, d, f, holder, held, serving);
            }
        }
    }
    false
}

fn take(
    p: usize,
    c: usize,
    f: usize,
    holder: &mut [usize],
    held: &mut [Vec<usize>],
    serving: &mut [Vec<usize>],
) {
    holder[p] = f;
    held[f].push(p);
    serving[c].push(f);
}

fn drop_place(
    p: usize,
    c: usize,
    f: usize,
    holder: &mut [usize],
    held: &mut [Vec<usize>],
    serving: &mut [Vec<usize>],
) {
    holder[p] = usize::MAX;
    held[f].retain(|&q| q != p);
    serving[c].retain(|&g| g != f);
}

/// The slot the most members and facilitators of a cohort can make (lowest index
/// on ties); `None` when the rosters give no slots.
pub fn best_slot(inst: &Instance, members: &[usize], facs: &[usize]) -> Option<usize> {
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

/// The people to seat, in the order a deal takes them: the `selected` highest
/// priorities (ties by the lottery of `seed`), sorted by their balance values.
/// With `rng`, people with equal values come in random order.
pub fn stratified(inst: &Instance, seed: u64, rng: Option<&mut ChaCha8Rng>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..inst.applicants()).collect();
    by_priority_then_lottery(inst, &mut order, seed);
    order.truncate(inst.selected);
    if let Some(rng) = rng {
        order.shuffle(rng);
    }
    order.sort_by_cached_key(|&i| {
        inst.balance
            .iter()
            .map(|attr| attr.values[attr.of[i]].as_str())
            .collect::<Vec<_>>()
    });
    order
}

/// Completes dealt members into an assignment: facilitators (in `fac_order`) and slots.
pub fn complete(
    inst: &Instance,
    members: Vec<Vec<usize>>,
    counts: &[usize],
    fac_order: &[usize],
) -> Option<Assignment> {
    let facilitators = deal_facilitators(inst, &members, counts, fac_order)?;
    Some(assemble(inst, &members, facilitators))
}

/// The assignment of cohorts' `members` and `facilitators`, each cohort meeting
/// at the slot most of its people can make.
pub(crate) fn assemble(
    inst: &Instance,
    members: &[Vec<usize>],
    facilitators: Vec<Vec<usize>>,
) -> Assignment {
    let mut cohort_of = vec![None; inst.applicants()];
    for (c, m) in members.iter().enumerate() {
        for &i in m {
            cohort_of[i] = Some(c);
        }
    }
    let slot = (0..inst.cohorts())
        .map(|c| best_slot(inst, &members[c], &facilitators[c]))
        .collect();
    Assignment {
        cohort_of,
        facilitators,
        slot,
    }
}

/// The coordinator's greedy deal (see the module docs), costed by the one cost
/// function; `None` when the deal gets stuck on a conflict.
///
/// ```
/// use cohortmatch::cohort::{Instance, verify};
/// use cohortmatch::synthetic::{CohortSpec, cohort_rosters};
/// let rosters = cohort_rosters(&CohortSpec { applicants: 40, facilitators: 12, ..CohortSpec::default() });
/// let config = cohortmatch::Config::default();
/// let screening = cohortmatch::eligibility::screen_cohort_program(&rosters, &config);
/// let inst = Instance::new(&rosters, &screening, &config);
/// let dealt = cohortmatch::solve::greedy::deal(&inst, 1).unwrap();
/// assert!(verify(&inst, &dealt.assignment).is_empty());
/// ```
pub fn deal(inst: &Instance, seed: u64) -> Option<Outcome> {
    let people = stratified(inst, seed, None);
    let members = deal_members(inst, &people, 0)?;
    let counts = cohort_sizes(inst.facilitator_places, inst.cohorts());
    let order: Vec<usize> = (0..inst.facilitators()).collect();
    let assignment = complete(inst, members, &counts, &order)?;
    let cost = evaluate(inst, &assignment);
    Some(Outcome {
        assignment,
        cost,
        status: Status::Feasible,
        bound: None,
        solver: "greedy deal".into(),
        stopped: "dealt round-robin by region and district type".into(),
        solver_objective: None,
    })
}

/// Why the construction found no assignment, in the coordinator's words, naming
/// the applicant the deal could not seat or the facilitators it could not place.
/// For models too large for the exact solver's proof.
pub fn stuck_reason(inst: &Instance) -> String {
    let k = inst.cohorts();
    let people = stratified(inst, inst.config.seed, None);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    let mut order = people.clone();
    order.sort_by_key(|&i| std::cmp::Reverse(inst.conflicts[i].len()));
    for i in order {
        let open: Vec<usize> = (0..k)
            .filter(|&c| members[c].len() < inst.sizes[c])
            .collect();
        match open
            .iter()
            .copied()
            .find(|&c| inst.may_join(i, &members[c], &[], None))
        {
            Some(c) => members[c].push(i),
            None => {
                return format!(
                    "No way of seating everyone was found: {} ({} conflict{}: same district or listed) conflicts with someone in {} that still had room. Applicants with many conflicts, or large districts, make cohorts hard to fill; check the conflicts column, or use fewer, larger cohorts.",
                    inst.applicant_ids[i],
                    inst.conflicts[i].len(),
                    if inst.conflicts[i].len() == 1 {
                        ""
                    } else {
                        "s"
                    },
                    if open.len() == 1 {
                        "the one cohort".to_string()
                    } else {
                        format!("each of the {} cohorts", open.len())
                    }
                );
            }
        }
    }
    format!(
        "The applicants can be seated, but no way of giving every cohort its facilitators was found: facilitators may not serve cohorts holding someone from their own district or someone listed. Facilitators with the most conflicts: {}.",
        most_conflicted_facilitators(inst, 5)
    )
}

/// The `most` facilitators with the most applicants they may not serve with, as
/// `F03 (12 applicants), F01 (9 applicants)`.
pub fn most_conflicted_facilitators(inst: &Instance, most: usize) -> String {
    let mut by: Vec<(usize, &str)> = inst
        .facilitator_conflicts
        .iter()
        .zip(&inst.facilitator_ids)
        .map(|(c, id)| (c.len(), id.as_str()))
        .collect();
    by.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    by.iter()
        .take(most)
        .map(|(n, id)| format!("{id} ({n} applicants)"))
        .collect::<Vec<_>>()
        .join(", ")
}
