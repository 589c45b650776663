//! The local search's state: an assignment plus the counts behind every cost term,
//! so a move is costed in time proportional to what it touches, not to the roster.
//!
//! Every move keeps every hard rule of model.md section 4 (its `can_*` check says
//! whether it may be made), and [`State::apply`] returns the change of the total
//! cost. The counts are those of [`crate::cohort::cost::raw_terms`]; the tests check
//! after every move that the running total equals a full recomputation by the one
//! cost function.
//!
//! Memory: per cohort, one count per value of each attribute, per region and per
//! slot; per person, a cohort and a position. Nothing grows with the square of
//! the roster.

use crate::cohort::{Assignment, Instance};

/// A change to the assignment. Each has an inverse (see [`Move::inverse`]), so a
/// rejected move is undone by applying its inverse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// Two selected applicants in different cohorts trade places.
    Swap(usize, usize),
    /// A selected applicant leaves a cohort whose size allows it for another.
    Relocate(usize, usize),
    /// Selected applicant `.0` leaves; waitlisted `.1` takes their place.
    Replace(usize, usize),
    /// In cohort `.0`, facilitator `.1` is replaced by `.2` (who has room).
    FacReplace(usize, usize, usize),
    /// Facilitator `.1` of cohort `.0` and `.3` of cohort `.2` trade cohorts.
    FacSwap(usize, usize, usize, usize),
    /// Facilitator `.1` moves from cohort `.0` to cohort `.2`.
    FacMove(usize, usize, usize),
    /// Cohort `.0` meets at slot `.2` instead of `.1`.
    Slot(usize, usize, usize),
}

impl Move {
    /// The move that undoes this one; take it in the state *before* making this one.
    pub fn inverse(self, st: &State) -> Move {
        match self {
            Move::Swap(i, j) => Move::Swap(j, i),
            Move::Relocate(i, _) => Move::Relocate(i, st.cohort[i]),
            Move::Replace(i, u) => Move::Replace(u, i),
            Move::FacReplace(c, f, g) => Move::FacReplace(c, g, f),
            Move::FacSwap(c, f, d, g) => Move::FacSwap(c, g, d, f),
            Move::FacMove(c, f, d) => Move::FacMove(d, f, c),
            Move::Slot(c, s, t) => Move::Slot(c, t, s),
        }
    }
}

const NONE: usize = usize::MAX;

/// Counts of one categorical attribute: per cohort and value, and per value over
/// the selected.
#[derive(Debug, Clone)]
struct Counts {
    values: usize,
    /// `in_cohort[c * values + v]`.
    in_cohort: Vec<u32>,
    selected: Vec<u32>,
    eligible: Vec<u32>,
}

/// The search state. Built from an assignment that keeps every rule.
#[derive(Debug, Clone)]
pub struct State<'a> {
    inst: &'a Instance,
    /// Cohort of each applicant, `NONE` when not selected.
    cohort: Vec<usize>,
    /// Members of each cohort (unordered) and each applicant's place in its list.
    members: Vec<Vec<usize>>,
    /// Applicants not selected (unordered).
    waiting: Vec<usize>,
    place: Vec<usize>,
    facilitators: Vec<Vec<usize>>,
    serves: Vec<usize>,
    slot: Vec<usize>,
    balance: Vec<Counts>,
    isolate: Vec<Counts>,
    regions: usize,
    /// `region[c * regions + r]`: members of cohort `c` from region `r`.
    region: Vec<u32>,
    slots: usize,
    /// `away[c * slots + s]`: members of cohort `c` who cannot make slot `s`.
    away: Vec<u32>,
    years: Vec<f64>,
    years_total: f64,
    selected: usize,
    /// Raw terms, kept current.
    t: [f64; 7],
}

const BAL: usize = 0;
const NUM: usize = 1;
const MIR: usize = 2;
const REG: usize = 3;
const ISO: usize = 4;
const SLOT: usize = 5;
const PRI: usize = 6;

impl<'a> State<'a> {
    /// The state of assignment `a` (which must match the instance's shape).
    pub fn new(inst: &'a Instance, a: &Assignment) -> State<'a> {
        let k = inst.cohorts();
        let e = inst.applicants();
        let counts = |attr: &crate::cohort::instance::Attribute| {
            let values = attr.values.len();
            let mut eligible = vec![0u32; values];
            for &v in &attr.of {
                eligible[v] += 1;
            }
            Counts {
                values,
                in_cohort: vec![0; k * values],
                selected: vec![0; values],
                eligible,
            }
        };
        let regions = inst.regions();
        let slots = inst.slots.len();
        let mut st = State {
            inst,
            cohort: vec![NONE; e],
            members: vec![Vec::new(); k],
            waiting: Vec::new(),
            place: vec![0; e],
            facilitators: vec![Vec::new(); k],
            serves: vec![0; inst.facilitators()],
            slot: vec![NONE; k],
            balance: inst.balance.iter().map(counts).collect(),
            isolate: inst.isolate.iter().map(counts).collect(),
            regions,
            region: vec![0; k * regions],
            slots,
            away: vec![0; k * slots],
            years: vec![0.0; k],
            years_total: 0.0,
            selected: 0,
            t: [0.0; 7],
        };
        for i in 0..e {
            match a.cohort_of.get(i).copied().flatten() {
                Some(c) if c < k => st.add(i, c),
                _ => {
                    st.place[i] = st.waiting.len();
                    st.waiting.push(i);
                }
            }
        }
        for c in 0..k {
            st.facilitators[c] = a.facilitators.get(c).cloned().unwrap_or_default();
            for &f in &st.facilitators[c] {
                st.serves[f] += 1;
            }
            st.slot[c] = a.slot.get(c).copied().flatten().unwrap_or(NONE);
        }
        st.recount();
        st
    }

    /// Puts applicant `i` into cohort `c`'s counts (no term bookkeeping).
    fn add(&mut self, i: usize, c: usize) {
        let inst = self.inst;
        self.cohort[i] = c;
        self.place[i] = self.members[c].len();
        self.members[c].push(i);
        for (attr, cnt) in inst.balance.iter().zip(&mut self.balance) {
            cnt.in_cohort[c * cnt.values + attr.of[i]] += 1;
            cnt.selected[attr.of[i]] += 1;
        }
        for (attr, cnt) in inst.isolate.iter().zip(&mut self.isolate) {
            cnt.in_cohort[c * cnt.values + attr.of[i]] += 1;
            cnt.selected[attr.of[i]] += 1;
        }
        self.region[c * self.regions + inst.applicant_region[i]] += 1;
        for s in 0..self.slots {
            if !inst.applicant_available[i][s] {
                self.away[c * self.slots + s] += 1;
            }
        }
        self.years[c] += inst.years[i];
        self.years_total += inst.years[i];
        self.selected += 1;
    }

    /// Takes applicant `i` out of its cohort's counts (no term bookkeeping).
    fn remove(&mut self, i: usize) {
        let inst = self.inst;
        let c = self.cohort[i];
        let p = self.place[i];
        self.members[c].swap_remove(p);
        if let Some(&moved) = self.members[c].get(p) {
            self.place[moved] = p;
        }
        for (attr, cnt) in inst.balance.iter().zip(&mut self.balance) {
            cnt.in_cohort[c * cnt.values + attr.of[i]] -= 1;
            cnt.selected[attr.of[i]] -= 1;
        }
        for (attr, cnt) in inst.isolate.iter().zip(&mut self.isolate) {
            cnt.in_cohort[c * cnt.values + attr.of[i]] -= 1;
            cnt.selected[attr.of[i]] -= 1;
        }
        self.region[c * self.regions + inst.applicant_region[i]] -= 1;
        for s in 0..self.slots {
            if !inst.applicant_available[i][s] {
                self.away[c * self.slots + s] -= 1;
            }
        }
        self.years[c] -= inst.years[i];
        self.years_total -= inst.years[i];
        self.selected -= 1;
        self.cohort[i] = NONE;
    }

    fn wait(&mut self, i: usize) {
        self.place[i] = self.waiting.len();
        self.waiting.push(i);
    }

    fn unwait(&mut self, u: usize) {
        let p = self.place[u];
        self.waiting.swap_remove(p);
        if let Some(&moved) = self.waiting.get(p) {
            self.place[moved] = p;
        }
    }

    /// Recomputes every raw term from the counts (after building, and to shed
    /// round-off after many moves).
    pub fn recount(&mut self) {
        let k = self.inst.cohorts();
        self.t = [0.0; 7];
        for b in 0..self.balance.len() {
            for v in 0..self.balance[b].values {
                self.t[BAL] += self.bal_value(b, v);
                self.t[MIR] += self.mirror_piece(b, v);
            }
        }
        self.t[NUM] = self.numeric();
        for c in 0..k {
            self.t[REG] += self.region_f(c);
            self.t[ISO] += self.isolated(c);
            self.t[SLOT] += self.slot_misses(c);
        }
        self.t[PRI] = (0..self.cohort.len())
            .filter(|&i| self.cohort[i] != NONE)
            .map(|i| self.inst.priority[i])
            .sum();
    }

    fn share(&self, c: usize, s: u32) -> f64 {
        if self.selected == 0 {
            0.0
        } else {
            self.members[c].len() as f64 * f64::from(s) / self.selected as f64
        }
    }

    fn bal_piece(&self, b: usize, c: usize, v: usize) -> f64 {
        let cnt = &self.balance[b];
        (f64::from(cnt.in_cohort[c * cnt.values + v]) - self.share(c, cnt.selected[v])).abs()
    }

    /// Sum over cohorts of the balance pieces of value `v` of attribute `b`.
    fn bal_value(&self, b: usize, v: usize) -> f64 {
        (0..self.inst.cohorts())
            .map(|c| self.bal_piece(b, c, v))
            .sum()
    }

    fn bal_cohort(&self, b: usize, c: usize) -> f64 {
        (0..self.balance[b].values)
            .map(|v| self.bal_piece(b, c, v))
            .sum()
    }

    fn mirror_piece(&self, b: usize, v: usize) -> f64 {
        let cnt = &self.balance[b];
        let e = self.cohort.len();
        if e == 0 {
            return 0.0;
        }
        let target = self.selected as f64 * f64::from(cnt.eligible[v]) / e as f64;
        (f64::from(cnt.selected[v]) - target).abs()
    }

    fn numeric_piece(&self, c: usize) -> f64 {
        let sd = self.inst.sd_years;
        if sd <= 0.0 || self.selected == 0 {
            return 0.0;
        }
        let mean = self.years_total / self.selected as f64;
        (self.years[c] - self.members[c].len() as f64 * mean).abs() / sd
    }

    fn numeric(&self) -> f64 {
        (0..self.inst.cohorts())
            .map(|c| self.numeric_piece(c))
            .sum()
    }

    fn region_f(&self, c: usize) -> f64 {
        self.facilitators[c]
            .iter()
            .map(|&f| f64::from(self.region[c * self.regions + self.inst.facilitator_region[f]]))
            .sum()
    }

    fn isolated(&self, c: usize) -> f64 {
        self.isolate
            .iter()
            .map(|cnt| {
                cnt.in_cohort[c * cnt.values..(c + 1) * cnt.values]
                    .iter()
                    .filter(|&&x| x == 1)
                    .count() as f64
            })
            .sum()
    }

    fn slot_misses(&self, c: usize) -> f64 {
        let s = self.slot[c];
        if s == NONE || s >= self.slots {
            return 0.0;
        }
        let facs = self.facilitators[c]
            .iter()
            .filter(|&&f| !self.inst.facilitator_available[f][s])
            .count();
        f64::from(self.away[c * self.slots + s]) + facs as f64
    }

    /// The weighted total of the raw terms.
    pub fn total(&self) -> f64 {
        weighted(self.inst, &self.t)
    }

    /// Each term as its weighted contribution, as [`crate::cohort::evaluate`]
    /// reports it (equal to it up to round-off).
    pub fn breakdown(&self) -> crate::cohort::CostBreakdown {
        let w = &self.inst.config.weights;
        let t = &self.t;
        crate::cohort::CostBreakdown {
            balance: w.balance * t[BAL],
            numeric: w.numeric * t[NUM],
            mirror: w.mirror * t[MIR],
            region_f: w.region_f * t[REG],
            isolated: w.isolated * t[ISO],
            slot: w.slot * t[SLOT],
            priority: -w.priority * t[PRI],
            total: self.total(),
        }
    }

    /// Number of cohorts.
    pub fn cohorts(&self) -> usize {
        self.members.len()
    }

    /// Cohort of applicant `i`, `None` when waitlisted.
    pub fn cohort_of(&self, i: usize) -> Option<usize> {
        (self.cohort[i] != NONE).then_some(self.cohort[i])
    }

    /// Members of cohort `c` (in no particular order).
    pub fn members(&self, c: usize) -> &[usize] {
        &self.members[c]
    }

    /// Applicants not selected (in no particular order).
    pub fn waiting(&self) -> &[usize] {
        &self.waiting
    }

    /// Facilitators of cohort `c`.
    pub fn facilitators(&self, c: usize) -> &[usize] {
        &self.facilitators[c]
    }

    /// Cohorts facilitator `f` serves.
    pub fn serves(&self, f: usize) -> usize {
        self.serves[f]
    }

    /// The meeting slot of cohort `c`, if the rosters have slots.
    pub fn slot(&self, c: usize) -> Option<usize> {
        (self.slot[c] != NONE).then_some(self.slot[c])
    }

    /// The assignment this state holds (members in index order).
    pub fn assignment(&self) -> Assignment {
        Assignment {
            cohort_of: self
                .cohort
                .iter()
                .map(|&c| (c != NONE).then_some(c))
                .collect(),
            facilitators: self.facilitators.clone(),
            slot: self
                .slot
                .iter()
                .map(|&s| (s != NONE).then_some(s))
                .collect(),
        }
    }

    /// Whether applicant `x` may sit in cohort `c` while `leaving` leaves it:
    /// no conflict with a member who stays, nor with a facilitator of `c`.
    pub fn may_sit(&self, x: usize, c: usize, leaving: usize) -> bool {
        self.may_sit_among_members(x, c, leaving) && self.facilitators_accept(x, c)
    }

    fn may_sit_among_members(&self, x: usize, c: usize, leaving: usize) -> bool {
        self.inst.conflicts[x]
            .iter()
            .all(|&y| y == leaving || self.cohort[y] != c)
    }

    fn facilitators_accept(&self, x: usize, c: usize) -> bool {
        self.facilitators[c]
            .iter()
            .all(|&f| !self.inst.facilitator_in_conflict(f, x))
    }

    /// The facilitators of cohort `c` in conflict with one of its members (after a
    /// member move that left them so; empty in a state that keeps every rule).
    pub fn clashing_facilitators(&self, c: usize) -> Vec<usize> {
        self.facilitators[c]
            .iter()
            .copied()
            .filter(|&f| {
                self.members[c]
                    .iter()
                    .any(|&i| self.inst.facilitator_in_conflict(f, i))
            })
            .collect()
    }

    /// Whether facilitator `f` may serve cohort `c` (no conflict with its members,
    /// not already serving it).
    pub fn may_serve(&self, f: usize, c: usize) -> bool {
        !self.facilitators[c].contains(&f)
            && self.members[c]
                .iter()
                .all(|&i| !self.inst.facilitator_in_conflict(f, i))
    }

    /// Whether `mv` keeps every hard rule in this state.
    pub fn allowed(&self, mv: Move) -> bool {
        self.allowed_as(mv, true)
    }

    /// Whether member move `mv` keeps every rule among members (sizes,
    /// conflicts), whatever the facilitators; facilitator moves as [`Self::allowed`].
    /// The search then replaces the facilitators it puts in conflict.
    pub fn allowed_for_members(&self, mv: Move) -> bool {
        self.allowed_as(mv, false)
    }

    fn allowed_as(&self, mv: Move, facilitators_too: bool) -> bool {
        let inst = self.inst;
        let k = inst.cohorts();
        let sit = |x: usize, c: usize, leaving: usize| {
            self.may_sit_among_members(x, c, leaving)
                && (!facilitators_too || self.facilitators_accept(x, c))
        };
        match mv {
            Move::Swap(i, j) => {
                let (c, d) = (self.cohort[i], self.cohort[j]);
                c != NONE && d != NONE && c != d && sit(i, d, j) && sit(j, c, i)
            }
            Move::Relocate(i, d) => {
                let c = self.cohort[i];
                let (lo, hi) = (self.selected / k.max(1), self.selected.div_ceil(k.max(1)));
                c != NONE
                    && d < k
                    && c != d
                    && self.members[c].len() > lo
                    && self.members[d].len() < hi
                    && sit(i, d, NONE)
            }
            Move::Replace(i, u) => {
                let c = self.cohort[i];
                c != NONE && self.cohort[u] == NONE && sit(u, c, i)
            }
            Move::FacReplace(c, f, g) => {
                c < k
                    && f != g
                    && self.facilitators[c].contains(&f)
                    && self.serves[g] < inst.capacity[g]
                    && self.may_serve(g, c)
            }
            Move::FacSwap(c, f, d, g) => {
                c != d
                    && f != g
                    && self.facilitators[c].contains(&f)
                    && self.facilitators[d].contains(&g)
                    && self.may_serve(f, d)
                    && self.may_serve(g, c)
            }
            Move::FacMove(c, f, d) => {
                if c == d || !self.facilitators[c].contains(&f) || !self.may_serve(f, d) {
                    return false;
                }
                // The per-cohort counts are a spread of the places (a state keeps
                // every rule); moving one keeps the same counts, so the spread,
                // exactly when it goes from a cohort with one more to one with one less.
                self.facilitators[c].len() == self.facilitators[d].len() + 1
            }
            Move::Slot(c, s, t) => c < k && self.slot[c] == s && t < self.slots && s != t,
        }
    }

    /// Makes `mv` (which must be [`allowed`](Self::allowed)) and returns the change
    /// of the total cost.
    pub fn apply(&mut self, mv: Move) -> f64 {
        let before = self.total();
        match mv {
            Move::Swap(i, j) => {
                let (c, d) = (self.cohort[i], self.cohort[j]);
                let old = self.cohort_pieces(&[c, d]);
                self.remove(i);
                self.remove(j);
                self.add(i, d);
                self.add(j, c);
                let new = self.cohort_pieces(&[c, d]);
                self.shift(old, new);
            }
            Move::Relocate(i, d) => {
                let c = self.cohort[i];
                let old = self.cohort_pieces(&[c, d]);
                self.remove(i);
                self.add(i, d);
                let new = self.cohort_pieces(&[c, d]);
                self.shift(old, new);
            }
            Move::Replace(i, u) => {
                let c = self.cohort[i];
                let touched = self.values_of(&[i, u]);
                let old = self.selection_pieces(c, &touched);
                self.remove(i);
                self.wait(i);
                self.unwait(u);
                self.add(u, c);
                let new = self.selection_pieces(c, &touched);
                self.shift(old, new);
                self.t[PRI] += self.inst.priority[u] - self.inst.priority[i];
            }
            Move::FacReplace(c, f, g) => {
                let old = self.fac_pieces(c);
                let x = self.facilitators[c].iter().position(|&h| h == f);
                if let Some(x) = x {
                    self.facilitators[c][x] = g;
                    self.serves[f] -= 1;
                    self.serves[g] += 1;
                }
                let new = self.fac_pieces(c);
                self.t[REG] += new.0 - old.0;
                self.t[SLOT] += new.1 - old.1;
            }
            Move::FacSwap(c, f, d, g) => {
                let old = (self.fac_pieces(c), self.fac_pieces(d));
                if let (Some(x), Some(y)) = (
                    self.facilitators[c].iter().position(|&h| h == f),
                    self.facilitators[d].iter().position(|&h| h == g),
                ) {
                    self.facilitators[c][x] = g;
                    self.facilitators[d][y] = f;
                }
                let new = (self.fac_pieces(c), self.fac_pieces(d));
                self.t[REG] += new.0.0 + new.1.0 - old.0.0 - old.1.0;
                self.t[SLOT] += new.0.1 + new.1.1 - old.0.1 - old.1.1;
            }
            Move::FacMove(c, f, d) => {
                let old = (self.fac_pieces(c), self.fac_pieces(d));
                if let Some(x) = self.facilitators[c].iter().position(|&h| h == f) {
                    self.facilitators[c].remove(x);
                    self.facilitators[d].push(f);
                }
                let new = (self.fac_pieces(c), self.fac_pieces(d));
                self.t[REG] += new.0.0 + new.1.0 - old.0.0 - old.1.0;
                self.t[SLOT] += new.0.1 + new.1.1 - old.0.1 - old.1.1;
            }
            Move::Slot(c, _, t) => {
                let old = self.slot_misses(c);
                self.slot[c] = t;
                self.t[SLOT] += self.slot_misses(c) - old;
            }
        }
        self.total() - before
    }

    /// (region_f, slot) pieces of cohort `c`.
    fn fac_pieces(&self, c: usize) -> (f64, f64) {
        (self.region_f(c), self.slot_misses(c))
    }

    /// Every term's pieces that depend on cohorts `cs` alone (selection unchanged).
    fn cohort_pieces(&self, cs: &[usize]) -> [f64; 7] {
        let mut p = [0.0; 7];
        for &c in cs {
            for b in 0..self.balance.len() {
                p[BAL] += self.bal_cohort(b, c);
            }
            p[NUM] += self.numeric_piece(c);
            p[REG] += self.region_f(c);
            p[ISO] += self.isolated(c);
            p[SLOT] += self.slot_misses(c);
        }
        p
    }

    /// The balance values (per attribute) of the given applicants.
    fn values_of(&self, people: &[usize]) -> Vec<Vec<usize>> {
        self.inst
            .balance
            .iter()
            .map(|attr| {
                let mut v: Vec<usize> = people.iter().map(|&i| attr.of[i]).collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect()
    }

    /// The pieces a change of selection touches: the balance of the values whose
    /// selected counts change, in every cohort; all other balance values of
    /// cohort `c`; mirror of those values; numeric everywhere (the mean moves);
    /// and cohort `c`'s own pieces.
    fn selection_pieces(&self, c: usize, touched: &[Vec<usize>]) -> [f64; 7] {
        let mut p = [0.0; 7];
        for (b, values) in touched.iter().enumerate() {
            for &v in values {
                p[BAL] += self.bal_value(b, v);
                p[MIR] += self.mirror_piece(b, v);
            }
            for v in 0..self.balance[b].values {
                if !values.contains(&v) {
                    p[BAL] += self.bal_piece(b, c, v);
                }
            }
        }
        p[NUM] = self.numeric();
        p[REG] = self.region_f(c);
        p[ISO] = self.isolated(c);
        p[SLOT] = self.slot_misses(c);
        p
    }

    fn shift(&mut self, old: [f64; 7], new: [f64; 7]) {
        for x in 0..7 {
            self.t[x] += new[x] - old[x];
        }
    }
}

/// The weighted total of raw terms in [`State`]'s order.
fn weighted(inst: &Instance, t: &[f64; 7]) -> f64 {
    let w = &inst.config.weights;
    w.balance * t[BAL]
        + w.numeric * t[NUM]
        + w.mirror * t[MIR]
        + w.region_f * t[REG]
        + w.isolated * t[ISO]
        + w.slot * t[SLOT]
        - w.priority * t[PRI]
}
