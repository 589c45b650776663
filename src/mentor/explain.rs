//! Why a mentee has no mentor, in words, from the structure of the problem.
//!
//! Either every mentor is ruled out for the mentee by a rule (own district,
//! conflict, untrained), and the sentence says which rule removed whom; or the
//! mentee belongs to a group that can only use a few mentors with fewer places than
//! the group has people (a set that breaks Hall's condition), found by following
//! alternating paths from the mentee through full mentors.

use std::collections::BTreeSet;

use fixedbitset::FixedBitSet;

use super::{Forbidden, MentorProblem};

/// Lists ids, at most `most` of them, "A, B and C" or "A, B, ... and 7 more".
pub fn id_list(ids: &[&str], most: usize) -> String {
    match ids.len() {
        0 => String::new(),
        1 => ids[0].to_string(),
        n if n <= most => format!("{} and {}", ids[..n - 1].join(", "), ids[n - 1]),
        n => format!("{} and {} more", ids[..most].join(", "), n - most),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Which rule removed which of mentee `e`'s candidates, as clauses.
fn rule_clauses(p: &MentorProblem, e: usize) -> Vec<String> {
    let mentee = &p.rosters.mentees[e].id;
    let mut groups: [(Forbidden, Vec<&str>); 4] = [
        (Forbidden::OwnDistrict, Vec::new()),
        (Forbidden::Conflict, Vec::new()),
        (Forbidden::Untrained, Vec::new()),
        (Forbidden::NoCapacity, Vec::new()),
    ];
    for m in 0..p.mentors() {
        if let Some(first) = p.forbidden(e, m).first()
            && let Some(g) = groups.iter_mut().find(|g| g.0 == *first)
        {
            g.1.push(&p.rosters.mentors[m].id);
        }
    }
    groups
        .iter()
        .filter(|g| !g.1.is_empty())
        .map(|(rule, ids)| {
            let who = id_list(ids, 6);
            let verb = if ids.len() == 1 { "is" } else { "are" };
            match rule {
                Forbidden::OwnDistrict => format!("{who} {verb} in {mentee}'s own district"),
                Forbidden::Conflict => format!("{who} {verb} in conflict with {mentee}"),
                Forbidden::Untrained => format!("{who} {verb} not trained"),
                Forbidden::NoCapacity => format!("{who} {verb} taking no mentees this year"),
            }
        })
        .collect()
}

/// Explains unmatched mentees of one matching. Building it does the work shared by
/// every mentee (which mentors each matched mentee could move to), so explaining
/// hundreds of unmatched mentees stays cheap.
pub struct Explainer<'a> {
    p: &'a MentorProblem,
    maximum: bool,
    /// Mentees held by each mentor.
    held: Vec<Vec<usize>>,
    /// `reach[m]`: the mentors that the mentees held by `m` may also have.
    reach: Vec<FixedBitSet>,
    /// Allowed mentors of each unmatched mentee.
    unmatched_allowed: Vec<(usize, FixedBitSet)>,
    /// Mentees with no allowed mentor at all.
    hopeless: usize,
}

impl<'a> Explainer<'a> {
    /// Prepares explanations for `mate`; `maximum` says whether it is a maximum
    /// matching (the least-cost one is; a stable one need not be).
    pub fn new(p: &'a MentorProblem, mate: &[Option<usize>], maximum: bool) -> Self {
        let k = p.mentors();
        let allowed = |x: usize| -> FixedBitSet {
            let mut set = FixedBitSet::with_capacity(k);
            for m in 0..k {
                if p.cost(x, m).is_some() {
                    set.insert(m);
                }
            }
            set
        };
        let mut held: Vec<Vec<usize>> = vec![Vec::new(); k];
        let mut reach = vec![FixedBitSet::with_capacity(k); k];
        let mut unmatched_allowed = Vec::new();
        let mut hopeless = 0;
        for (x, m) in mate.iter().enumerate() {
            match *m {
                Some(m) => {
                    held[m].push(x);
                    reach[m].union_with(&allowed(x));
                }
                None => {
                    let set = allowed(x);
                    if set.is_clear() {
                        hopeless += 1;
                    }
                    unmatched_allowed.push((x, set));
                }
            }
        }
        Explainer {
            p,
            maximum,
            held,
            reach,
            unmatched_allowed,
            hopeless,
        }
    }

    /// What stands between mentee `e` and a mentor, as a structure a program can
    /// check; `None` when `e` has a mentor.
    pub fn obstacle(&self, e: usize) -> Option<Obstacle> {
        let p = self.p;
        let (_, allowed) = self.unmatched_allowed.iter().find(|(x, _)| *x == e)?;
        if allowed.is_clear() {
            return Some(Obstacle::NoAllowedMentor);
        }
        if !self.maximum {
            return Some(Obstacle::OutRanked {
                mentors: allowed.ones().collect(),
            });
        }
        // Alternating paths from e: the mentors e may have, then the mentors their
        // mentees may move to, and so on. In a maximum matching all are full.
        let mut mentors = allowed.clone();
        let mut frontier: Vec<usize> = allowed.ones().collect();
        while let Some(m) = frontier.pop() {
            // Word-wide set operations: the reach sets are dense.
            let mut new = self.reach[m].clone();
            new.difference_with(&mentors);
            mentors.union_with(&new);
            frontier.extend(new.ones());
        }
        let mut group: BTreeSet<usize> = mentors
            .ones()
            .flat_map(|m| self.held[m].iter().copied())
            .collect();
        // Unmatched mentees whose every allowed mentor is in the set share the
        // shortage: count them, so the numbers match what the reader sees.
        for (x, set) in &self.unmatched_allowed {
            if !set.is_clear() && set.is_subset(&mentors) {
                group.insert(*x);
            }
        }
        let places = mentors.ones().map(|m| p.capacity[m]).sum();
        Some(Obstacle::Shortage {
            everyone: group.len() + self.hopeless == p.mentees(),
            mentees: group.into_iter().collect(),
            mentors: mentors.ones().collect(),
            places,
        })
    }

    /// The reason mentee `e` has no mentor, in words.
    pub fn reason(&self, e: usize) -> String {
        let p = self.p;
        let id = &p.rosters.mentees[e].id;
        if p.mentors() == 0 {
            return "there are no mentors on the roster".into();
        }
        let rules = rule_clauses(p, e);
        let removed = if rules.is_empty() {
            String::new()
        } else {
            format!(" Ruled out for {id}: {}.", rules.join("; "))
        };
        let mentor_ids = |set: &[usize]| -> Vec<&str> {
            set.iter()
                .map(|&m| p.rosters.mentors[m].id.as_str())
                .collect()
        };
        match self.obstacle(e) {
            None => format!("{id} has a mentor"),
            Some(Obstacle::NoAllowedMentor) => format!(
                "no mentor may take {id}: {} (focus fit is a cost, not a rule)",
                rules.join("; ")
            ),
            Some(Obstacle::OutRanked { mentors }) => format!(
                "every mentor {id} may have ({}) is full with mentees that mentor ranks higher.{removed}",
                id_list(&mentor_ids(&mentors), 8)
            ),
            Some(Obstacle::Shortage {
                mentees,
                mentors,
                places,
                everyone,
            }) => {
                let waiting = mentees.len().saturating_sub(places);
                if everyone {
                    return format!(
                        "there {} {} with trained mentors for {} who can use them, and every place is taken: {} must wait, and {id} is one of them in the least-cost matching.{removed}",
                        if places == 1 { "is" } else { "are" },
                        plural(places, "place", "places"),
                        plural(mentees.len(), "mentee", "mentees"),
                        waiting,
                    );
                }
                let others: Vec<&str> = mentees
                    .iter()
                    .filter(|&&x| x != e)
                    .map(|&x| p.rosters.mentees[x].id.as_str())
                    .collect();
                format!(
                    "{id} may only be placed with {} ({} between them), and so may {} ({}): {} for {}, so {} must wait.{removed}",
                    id_list(&mentor_ids(&mentors), 8),
                    plural(places, "place", "places"),
                    plural(others.len(), "other mentee", "other mentees"),
                    id_list(&others, 8),
                    plural(mentees.len(), "mentee", "mentees"),
                    plural(places, "place", "places"),
                    waiting,
                )
            }
        }
    }
}

/// What keeps an unmatched mentee from a mentor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Obstacle {
    /// Every mentor is ruled out for the mentee by a rule (own district,
    /// conflict, untrained, no capacity).
    NoAllowedMentor,
    /// A group of mentees (the mentee among them) can only use `mentors`, whose
    /// `places` are fewer than the group: a set that breaks Hall's condition.
    Shortage {
        /// The group, mentee indices in order.
        mentees: Vec<usize>,
        /// Every mentor any of the group may have.
        mentors: Vec<usize>,
        /// Their total capacity.
        places: usize,
        /// Whether the group is every mentee who may have any mentor at all.
        everyone: bool,
    },
    /// (Stable matching) every mentor the mentee may have is full with mentees it
    /// ranks higher.
    OutRanked {
        /// The mentors the mentee may have.
        mentors: Vec<usize>,
    },
}

/// The reason mentee `e` is unmatched under `mate` (see [`Explainer`], which is
/// faster for many mentees).
pub fn unmatched_reason(
    p: &MentorProblem,
    mate: &[Option<usize>],
    e: usize,
    maximum: bool,
) -> String {
    Explainer::new(p, mate, maximum).reason(e)
}
