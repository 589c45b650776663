//! Why a mentee has no mentor, in words, from the structure of the problem.
//!
//! Either every mentor is ruled out for the mentee by a rule (own district,
//! conflict, untrained), and the sentence says which rule removed whom; or the
//! mentee belongs to a group that can only use a few mentors with fewer places than
//! the group has people (a set that breaks Hall's condition), found by following
//! alternating paths from the mentee through full mentors.

use std::collections::BTreeSet;

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

/// The reason mentee `e` is unmatched under `mate`. `maximum` says whether `mate`
/// is a maximum matching (the least-cost one is; a stable one need not be).
pub fn unmatched_reason(
    p: &MentorProblem,
    mate: &[Option<usize>],
    e: usize,
    maximum: bool,
) -> String {
    let id = &p.rosters.mentees[e].id;
    if p.mentors() == 0 {
        return "there are no mentors on the roster".into();
    }
    let allowed: Vec<usize> = (0..p.mentors())
        .filter(|&m| p.cost(e, m).is_some())
        .collect();
    let rules = rule_clauses(p, e);
    if allowed.is_empty() {
        return format!(
            "no mentor may take {id}: {} (focus fit is a cost, not a rule)",
            rules.join("; ")
        );
    }
    let mut held: Vec<Vec<usize>> = vec![Vec::new(); p.mentors()];
    for (x, m) in mate.iter().enumerate() {
        if let Some(m) = m {
            held[*m].push(x);
        }
    }
    let removed = if rules.is_empty() {
        String::new()
    } else {
        format!(" Every other mentor is ruled out: {}.", rules.join("; "))
    };
    let mentor_ids = |set: &BTreeSet<usize>| -> Vec<&str> {
        set.iter()
            .map(|&m| p.rosters.mentors[m].id.as_str())
            .collect()
    };
    if !maximum {
        let set: BTreeSet<usize> = allowed.iter().copied().collect();
        return format!(
            "every mentor {id} may have ({}) is full with mentees that mentor ranks higher.{removed}",
            id_list(&mentor_ids(&set), 8)
        );
    }
    // Alternating paths from e: mentees that compete for the same mentors.
    let mut group: BTreeSet<usize> = BTreeSet::from([e]);
    let mut mentors: BTreeSet<usize> = BTreeSet::new();
    let mut frontier = vec![e];
    while let Some(x) = frontier.pop() {
        for (m, holding) in held.iter().enumerate() {
            if p.cost(x, m).is_some() && mentors.insert(m) {
                for &y in holding {
                    if group.insert(y) {
                        frontier.push(y);
                    }
                }
            }
        }
    }
    let places: usize = mentors.iter().map(|&m| p.capacity[m]).sum();
    let others: Vec<&str> = group
        .iter()
        .filter(|&&x| x != e)
        .map(|&x| p.rosters.mentees[x].id.as_str())
        .collect();
    format!(
        "{id} may only be placed with {} ({} between them), and {} ({}) can be placed with no one else: {} for {}, so {} must wait.{removed}",
        id_list(&mentor_ids(&mentors), 8),
        plural(places, "place", "places"),
        plural(others.len(), "other mentee", "other mentees"),
        id_list(&others, 8),
        plural(group.len(), "mentee", "mentees"),
        plural(places, "place", "places"),
        group.len().saturating_sub(places),
    )
}
