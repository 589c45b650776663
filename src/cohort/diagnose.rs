//! Why no assignment can keep every rule, in the coordinator's words.
//!
//! [`before_solving`] checks the counts that make the problem impossible on their
//! face: no eligible applicant, fewer applicants than cohorts, too few facilitator
//! places, groups of applicants who all conflict with one another (cliques in
//! the conflict graph, found with petgraph) that are larger than the number of
//! cohorts, and (when all must be seated) applicants who conflict with nearly
//! everyone. When those pass but no assignment is found, the exact solver relaxes
//! one family of rules at a time ([`crate::solve::exact::feasible`]) to say which
//! family is to blame.

use std::collections::{BTreeSet, HashMap};

use petgraph::graph::UnGraph;

use super::Instance;
use crate::mentor::explain::id_list;

/// Reasons the rules cannot all hold, found from the counts alone; empty when none.
pub fn before_solving(inst: &Instance) -> Vec<String> {
    let mut reasons = Vec::new();
    let k = inst.cohorts();
    let e = inst.applicants();
    if e == 0 {
        reasons.push(format!(
            "No applicant is eligible ({} applied and none meets the rules), so no cohort can be formed.",
            inst.ineligible_applicants
        ));
        return reasons;
    }
    if inst.selected < k {
        reasons.push(format!(
            "Only {e} applicant{} eligible, too few for {k} cohorts: each cohort needs at least one member.",
            if e == 1 { " is" } else { "s are" }
        ));
    }
    let capacity: usize = inst.capacity.iter().sum();
    let need = k * inst.facilitators_min;
    if capacity < need {
        let offered: Vec<String> = inst
            .facilitator_ids
            .iter()
            .zip(&inst.capacity)
            .map(|(id, cap)| {
                if *cap == 1 {
                    id.clone()
                } else {
                    format!("{id} ({cap} cohorts)")
                }
            })
            .collect();
        let mut s = format!(
            "{k} cohorts need at least {need} facilitator places ({} each); the {} eligible facilitator{} offer{} {capacity}",
            inst.facilitators_min,
            inst.facilitators(),
            if inst.facilitators() == 1 { "" } else { "s" },
            if inst.facilitators() == 1 { "s" } else { "" },
        );
        if !offered.is_empty() {
            let ids: Vec<&str> = offered.iter().map(String::as_str).collect();
            s.push_str(&format!(": {}", id_list(&ids, 12)));
        }
        s.push('.');
        if !inst.ineligible_facilitators.is_empty() {
            let not: Vec<String> = inst
                .ineligible_facilitators
                .iter()
                .map(|(id, why)| format!("{id} {why}"))
                .collect();
            s.push_str(&format!(" Not eligible: {}.", not.join("; ")));
        }
        reasons.push(s);
    }
    if let Some(sentence) = crowded_cliques(inst) {
        reasons.push(sentence);
    }
    if let Some(sentence) = too_many_conflicts(inst) {
        reasons.push(sentence);
    }
    reasons
}

/// When everyone eligible must be seated: applicants who conflict with so many
/// others that no cohort can be filled beside them. People of one district all
/// conflict, so at most one per district can join them: counting the districts
/// of those they do not conflict with bounds the cohort they could be in.
fn too_many_conflicts(inst: &Instance) -> Option<String> {
    let e = inst.applicants();
    let smallest = inst.sizes.iter().copied().min()?;
    if inst.selected != e || smallest < 2 {
        return None;
    }
    let stuck: Vec<String> = (0..e)
        .filter_map(|i| {
            let mut districts: BTreeSet<&str> = BTreeSet::new();
            for j in 0..e {
                if j != i && !inst.in_conflict(i, j) {
                    districts.insert(inst.applicant_district[j].as_str());
                    if districts.len() + 1 >= smallest {
                        return None;
                    }
                }
            }
            Some(format!(
                "{} conflicts with {} of the other {} applicants, and those left come from {} district{}",
                inst.applicant_ids[i],
                inst.conflicts[i].len(),
                e - 1,
                districts.len(),
                if districts.len() == 1 { "" } else { "s" }
            ))
        })
        .collect();
    if stuck.is_empty() {
        return None;
    }
    let ids: Vec<&str> = stuck.iter().map(String::as_str).collect();
    Some(format!(
        "Every eligible applicant must be seated, and each cohort holds at least {smallest}, but {}: a cohort takes at most one person per district, so too few are left to fill a cohort beside them. Check their conflicts (same district or listed).",
        id_list(&ids, 6)
    ))
}

/// Groups of applicants who all conflict with one another and are more than the
/// cohorts can hold, when they leave too few applicants to fill the seats.
fn crowded_cliques(inst: &Instance) -> Option<String> {
    let k = inst.cohorts();
    // Only applicants with at least k conflicts can be in a clique of more than k.
    let core: Vec<usize> = (0..inst.applicants())
        .filter(|&i| inst.conflicts[i].len() >= k)
        .collect();
    if core.is_empty() {
        return None;
    }
    let index: HashMap<usize, usize> = core.iter().enumerate().map(|(n, &i)| (i, n)).collect();
    let mut graph = UnGraph::<usize, ()>::with_capacity(core.len(), 0);
    let nodes: Vec<_> = core.iter().map(|&i| graph.add_node(i)).collect();
    for (a, &i) in core.iter().enumerate() {
        for &j in &inst.conflicts[i] {
            if let Some(&b) = index.get(&j)
                && a < b
            {
                graph.add_edge(nodes[a], nodes[b], ());
            }
        }
    }
    let mut cliques: Vec<Vec<usize>> = petgraph::algo::maximal_cliques(&graph)
        .into_iter()
        .map(|set| {
            let mut c: Vec<usize> = set.into_iter().map(|n| graph[n]).collect();
            c.sort_unstable();
            c
        })
        .filter(|c| c.len() > k)
        .collect();
    cliques.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    // Disjoint cliques each leave (size - k) people out.
    let mut used = BTreeSet::new();
    let mut chosen = Vec::new();
    for c in cliques {
        if c.iter().all(|i| !used.contains(i)) {
            used.extend(c.iter().copied());
            chosen.push(c);
        }
    }
    let left_out: usize = chosen.iter().map(|c| c.len() - k).sum();
    let placeable = inst.applicants() - left_out;
    if placeable >= inst.selected || chosen.is_empty() {
        return None;
    }
    let groups: Vec<String> = chosen
        .iter()
        .map(|c| {
            let ids: Vec<&str> = c.iter().map(|&i| inst.applicant_ids[i].as_str()).collect();
            let district = &inst.applicant_district[c[0]];
            let why = if c.iter().all(|&i| inst.applicant_district[i] == *district) {
                format!("all from {district}")
            } else {
                "same district or listed conflicts".to_string()
            };
            format!("{} ({why})", id_list(&ids, 12))
        })
        .collect();
    let head = if groups.len() == 1 {
        format!(
            "{} are all in conflict with one another, so at most {k} of them can join the {k} cohorts",
            groups[0]
        )
    } else {
        format!(
            "In each of these groups everyone is in conflict with everyone else: {}. At most {k} of each group can join the {k} cohorts",
            groups.join("; ")
        )
    };
    Some(format!(
        "{head}; that leaves {placeable} applicants who can be placed for {} seats.",
        inst.selected
    ))
}
