//! Least-cost matching with capacities: as many left vertices matched as possible,
//! then the least total cost (a min-cost maximum flow).
//!
//! The algorithm is the primal-dual (successive shortest path) method with blocking
//! flows: each phase runs Dijkstra on reduced costs over the *implicit* dense
//! bipartite graph (edges are asked of a closure, never stored), then pushes as
//! many augmenting paths as the zero-reduced-cost subgraph holds. Every phase
//! raises the shortest augmenting distance, so with the few distinct pair costs of
//! the mentor model there are few phases. The final potentials are a dual
//! certificate: [`Matching::certify`] checks it.

// Graph code over parallel arrays reads better with indices than with zipped iterators.
#![allow(clippy::needless_range_loop)]

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A matching of left vertices to right vertices with capacities.
#[derive(Debug, Clone, PartialEq)]
pub struct Matching {
    /// For each left vertex, its right vertex.
    pub mate: Vec<Option<usize>>,
    /// Sum of the matched pairs' costs.
    pub total_cost: f64,
    /// Dual potentials of the left vertices (for [`Matching::certify`]).
    pub left_potential: Vec<f64>,
    /// Dual potentials of the right vertices.
    pub right_potential: Vec<f64>,
    /// Potential of the sink.
    pub sink_potential: f64,
    /// Number of Dijkstra phases run.
    pub phases: usize,
}

const EPS: f64 = 1e-9;

#[derive(PartialEq)]
struct Item(f64, usize);
impl Eq for Item {}
impl PartialOrd for Item {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Item {
    // A min-heap on distance, then on node index, so ties break the same way every run.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .0
            .total_cmp(&self.0)
            .then_with(|| other.1.cmp(&self.1))
    }
}

/// Matches left vertices `0..left` to right vertices `0..capacity.len()`: each left
/// vertex at most once, right vertex `r` at most `capacity[r]` times, a pair only
/// when `cost(l, r)` is `Some` (costs must be finite and non-negative). First as
/// many left vertices as possible are matched, then the total cost is least.
///
/// Time `O(phases * left * right)` with `phases` the number of distinct shortest
/// augmenting distances; memory `O(left + right)`.
///
/// # Example
/// Three new principals, two mentors (one can take two). Ana can only go to Bo.
/// ```
/// use cohortmatch::mentor::assign::min_cost_matching;
///
/// let cost = |l: usize, r: usize| match (l, r) {
///     (0, 0) => Some(1.0),            // Ana - Bo
///     (1, 0) => Some(0.0),            // Cy - Bo (Cy's favourite)
///     (1, 1) => Some(2.0),            // Cy - Di
///     (2, 1) => Some(0.0),            // Ed - Di
///     _ => None,
/// };
/// let m = min_cost_matching(3, &[1, 2], cost);
/// assert_eq!(m.mate, vec![Some(0), Some(1), Some(1)]); // Cy gives way to Ana
/// assert_eq!(m.total_cost, 3.0);
/// assert!(m.certify(&[1, 2], cost).is_ok());
/// ```
///
/// # Panics
/// Never on finite non-negative costs; NaN costs are treated as forbidden pairs.
pub fn min_cost_matching<C>(left: usize, capacity: &[usize], cost: C) -> Matching
where
    C: Fn(usize, usize) -> Option<f64>,
{
    let right = capacity.len();
    let cost = |l: usize, r: usize| cost(l, r).filter(|c| c.is_finite());
    let mut mate: Vec<Option<usize>> = vec![None; left];
    let mut held: Vec<Vec<usize>> = vec![Vec::new(); right];
    let mut pl = vec![0.0f64; left];
    let mut pr = vec![0.0f64; right];
    let mut pt = 0.0f64;
    let sink = left + right;
    let mut dist = vec![f64::INFINITY; left + right + 1];
    let mut done = vec![false; left + right + 1];
    let mut phases = 0;

    loop {
        // Dijkstra over reduced costs from every unmatched left vertex.
        dist.iter_mut().for_each(|d| *d = f64::INFINITY);
        done.iter_mut().for_each(|d| *d = false);
        let mut heap = BinaryHeap::new();
        for l in 0..left {
            if mate[l].is_none() {
                dist[l] = 0.0;
                heap.push(Item(0.0, l));
            }
        }
        while let Some(Item(d, u)) = heap.pop() {
            if done[u] || d > dist[u] {
                continue;
            }
            done[u] = true;
            let mut relax = |v: usize, nd: f64, heap: &mut BinaryHeap<Item>| {
                if nd < dist[v] {
                    dist[v] = nd;
                    heap.push(Item(nd, v));
                }
            };
            if u < left {
                for r in 0..right {
                    if mate[u] == Some(r) || done[left + r] {
                        continue;
                    }
                    if let Some(c) = cost(u, r) {
                        relax(left + r, d + (c + pl[u] - pr[r]).max(0.0), &mut heap);
                    }
                }
            } else if u < sink {
                let r = u - left;
                if held[r].len() < capacity[r] {
                    relax(sink, d + (pr[r] - pt).max(0.0), &mut heap);
                }
                for &l in &held[r] {
                    if let Some(c) = cost(l, r) {
                        relax(l, d + (pr[r] - c - pl[l]).max(0.0), &mut heap);
                    }
                }
            }
        }
        let dt = dist[sink];
        if !dt.is_finite() {
            break; // no augmenting path: the matching is maximum
        }
        phases += 1;
        for l in 0..left {
            pl[l] += dist[l].min(dt);
        }
        for r in 0..right {
            pr[r] += dist[left + r].min(dt);
        }
        pt += dt;
        augment_phase(left, capacity, &cost, &mut mate, &mut held, &pl, &pr, pt);
    }
    let total_cost = mate
        .iter()
        .enumerate()
        .filter_map(|(l, m)| m.and_then(|r| cost(l, r)))
        .sum();
    Matching {
        mate,
        total_cost,
        left_potential: pl,
        right_potential: pr,
        sink_potential: pt,
        phases,
    }
}

enum Frame {
    Left { l: usize, next: usize },
    Right { r: usize, next: usize },
}

/// Pushes augmenting paths along zero-reduced-cost edges until none is left from
/// the unmatched left vertices (Dinic-style: a vertex whose search failed is dead
/// for the rest of the phase, and each left vertex resumes its scan where it
/// stopped, since an edge found useless stays useless within a phase).
#[allow(clippy::too_many_arguments)]
fn augment_phase<C>(
    left: usize,
    capacity: &[usize],
    cost: &C,
    mate: &mut [Option<usize>],
    held: &mut [Vec<usize>],
    pl: &[f64],
    pr: &[f64],
    pt: f64,
) where
    C: Fn(usize, usize) -> Option<f64>,
{
    let right = capacity.len();
    let mut dead_left = vec![false; left];
    let mut on_path = vec![false; left];
    let mut dead_right = vec![false; right];
    let mut arc = vec![0usize; left];
    let tight = |x: f64| x.abs() <= EPS * (1.0 + x.abs().max(1.0));
    for start in 0..left {
        if mate[start].is_some() || dead_left[start] {
            continue;
        }
        on_path[start] = true;
        let mut stack = vec![Frame::Left {
            l: start,
            next: arc[start],
        }];
        let mut found = false;
        while let Some(top) = stack.last_mut() {
            match top {
                Frame::Left { l, next } => {
                    let l = *l;
                    let mut pushed = None;
                    while *next < right {
                        let r = *next;
                        if dead_right[r] || mate[l] == Some(r) {
                            *next += 1;
                            continue;
                        }
                        if let Some(c) = cost(l, r)
                            && tight(c + pl[l] - pr[r])
                        {
                            pushed = Some(r);
                            break; // keep `next` on r: it may serve again
                        }
                        *next += 1;
                    }
                    arc[l] = *next;
                    match pushed {
                        Some(r) => stack.push(Frame::Right { r, next: 0 }),
                        None => {
                            dead_left[l] = true;
                            on_path[l] = false;
                            stack.pop();
                        }
                    }
                }
                Frame::Right { r, next } => {
                    let r = *r;
                    if *next == 0 && held[r].len() < capacity[r] && tight(pr[r] - pt) {
                        found = true;
                        break;
                    }
                    let mut pushed = None;
                    while *next < held[r].len() {
                        let l = held[r][*next];
                        *next += 1;
                        if !dead_left[l] && !on_path[l] {
                            pushed = Some(l);
                            break;
                        }
                    }
                    match pushed {
                        Some(l) => {
                            on_path[l] = true;
                            stack.push(Frame::Left { l, next: arc[l] });
                        }
                        None => {
                            dead_right[r] = true;
                            stack.pop();
                            // The left vertex below must not pick r again.
                            if let Some(Frame::Left { next, l }) = stack.last_mut() {
                                *next += 1;
                                arc[*l] = *next;
                            }
                        }
                    }
                }
            }
        }
        // Clear the path marks; on success, shift each left vertex to the right
        // vertex after it. The stack alternates Left, Right, Left, Right ...
        let path: Vec<(usize, usize)> = stack
            .chunks(2)
            .filter_map(|pair| match pair {
                [Frame::Left { l, .. }, Frame::Right { r, .. }] => Some((*l, *r)),
                _ => None,
            })
            .collect();
        for frame in &stack {
            if let Frame::Left { l, .. } = frame {
                on_path[*l] = false;
            }
        }
        if found {
            for &(l, r) in &path {
                if let Some(old) = mate[l] {
                    held[old].retain(|&x| x != l);
                }
                mate[l] = Some(r);
                held[r].push(l);
            }
        }
    }
}

impl Matching {
    /// Checks the matching against its dual certificate: capacities and allowed
    /// pairs are kept, every residual edge has a non-negative reduced cost (so no
    /// cheaper matching of the same size exists) and no augmenting path is left
    /// (so no larger matching exists).
    ///
    /// # Errors
    /// A sentence saying which condition fails.
    pub fn certify<C>(&self, capacity: &[usize], cost: C) -> Result<(), String>
    where
        C: Fn(usize, usize) -> Option<f64>,
    {
        let left = self.mate.len();
        let right = capacity.len();
        let tol = 1e-6;
        let mut load = vec![0usize; right];
        for (l, m) in self.mate.iter().enumerate() {
            if let Some(r) = *m {
                if r >= right || cost(l, r).is_none() {
                    return Err(format!("left {l} is matched to forbidden right {r}"));
                }
                load[r] += 1;
            }
        }
        if let Some(r) = (0..right).find(|&r| load[r] > capacity[r]) {
            return Err(format!("right {r} holds {} of {}", load[r], capacity[r]));
        }
        let (pl, pr, pt) = (
            &self.left_potential,
            &self.right_potential,
            self.sink_potential,
        );
        for l in 0..left {
            // Residual edges source->l (unmatched) and l->source (matched) cost 0.
            if self.mate[l].is_none() && pl[l] > tol {
                return Err(format!("unmatched left {l} has potential {}", pl[l]));
            }
            if self.mate[l].is_some() && pl[l] < -tol {
                return Err(format!("matched left {l} has potential {}", pl[l]));
            }
            for r in 0..right {
                let Some(c) = cost(l, r) else { continue };
                let rc = c + pl[l] - pr[r];
                if self.mate[l] == Some(r) {
                    if rc.abs() > tol {
                        return Err(format!("matched pair ({l}, {r}) has reduced cost {rc}"));
                    }
                } else if rc < -tol {
                    return Err(format!("pair ({l}, {r}) has negative reduced cost {rc}"));
                }
            }
        }
        for r in 0..right {
            if load[r] < capacity[r] && pr[r] - pt < -tol {
                return Err(format!(
                    "right {r} has room but reduced cost {}",
                    pr[r] - pt
                ));
            }
            if load[r] > 0 && pr[r] - pt > tol {
                return Err(format!("right {r} is used but its sink edge is not tight"));
            }
        }
        // Maximum: no alternating path from an unmatched left vertex to a right
        // vertex with room.
        let mut seen_l = vec![false; left];
        let mut seen_r = vec![false; right];
        let mut queue: Vec<usize> = (0..left).filter(|&l| self.mate[l].is_none()).collect();
        queue.iter().for_each(|&l| seen_l[l] = true);
        while let Some(l) = queue.pop() {
            for r in 0..right {
                if seen_r[r] || self.mate[l] == Some(r) || cost(l, r).is_none() {
                    continue;
                }
                seen_r[r] = true;
                if load[r] < capacity[r] {
                    return Err(format!("an augmenting path reaches right {r}"));
                }
                for l2 in 0..left {
                    if self.mate[l2] == Some(r) && !seen_l[l2] {
                        seen_l[l2] = true;
                        queue.push(l2);
                    }
                }
            }
        }
        Ok(())
    }
}
