//! The (facilitator group, slot) choice each cohort takes in the facilitator
//! settings, with its place costs computed once for all of them.
//!
//! A setting's keys ([`exact`](super::exact)'s member key, the bound's
//! [`MembersKey`](super::bound::MembersKey)) read a cost per applicant and
//! cohort, and a cohort's costs depend only on its own facilitators and slot.
//! Settings far outnumber the choices (a pilot with 9 eligible facilitators:
//! 179,200 settings of a few hundred choices), so the keys are told apart here
//! by the numbers of their choices' distinct costs: equal numbers where, and
//! only where, the costs are equal.

// Keys hashed per setting, by the hundred thousand: SipHash took a tenth of
// the single-threaded start on pilot seed 58.
use rustc_hash::FxHashMap as HashMap;

use super::exact::{Setting, Settings};
use crate::cohort::Instance;

/// Every setting's cohort choices, and what tells their costs apart.
pub(crate) struct Choices {
    /// Cohorts per setting.
    k: usize,
    /// The choice of each cohort of each setting, setting after setting.
    of: Vec<u32>,
    /// Per choice: the number of its member costs (region pairs weighted)
    /// among the distinct ones.
    priced: Vec<u32>,
    /// Per choice: the number of its place costs as the bound reads them (no
    /// region pairs) among the distinct ones.
    plain: Vec<u32>,
    /// Per choice: the number of its facilitators' count by region among the
    /// distinct ones.
    regions: Vec<u32>,
    /// The distinct place costs of [`Choices::plain`], per applicant.
    plain_costs: Vec<Vec<f64>>,
}

/// Numbers equal values in order of first appearance.
struct Numbering<K> {
    seen: HashMap<K, u32>,
}

impl<K: std::hash::Hash + Eq> Numbering<K> {
    fn new() -> Self {
        Numbering {
            seen: HashMap::default(),
        }
    }

    /// The value's number, and whether it is new.
    fn number(&mut self, key: K) -> (u32, bool) {
        let next = self.seen.len() as u32;
        let mut new = false;
        let id = *self.seen.entry(key).or_insert_with(|| {
            new = true;
            next
        });
        (id, new)
    }
}

impl Choices {
    /// The choices of `all` and their costs.
    pub(crate) fn new(inst: &Instance, all: &Settings) -> Choices {
        let k = inst.cohorts();
        let region_f = inst.config.weights.region_f;
        // Each choice's number, in order of first use.
        let mut id_of = vec![u32::MAX; all.choice_count()];
        let mut priced_costs = Numbering::new();
        let mut plain_costs_seen = Numbering::new();
        let mut region_counts = Numbering::new();
        let (mut priced, mut plain, mut regions) = (Vec::new(), Vec::new(), Vec::new());
        let mut plain_costs = Vec::new();
        let mut of = Vec::with_capacity(all.len() * k);
        for setting in 0..all.len() {
            for &choice in all.choices(setting) {
                let id = &mut id_of[choice as usize];
                if *id == u32::MAX {
                    *id = priced.len() as u32;
                    let (group, slot) = all.choice(choice);
                    // A one-cohort setting with this choice: `place_cost` reads
                    // only the cohort's own group and slot.
                    let alone = Setting {
                        facilitators: vec![group.to_vec()],
                        slots: vec![slot],
                    };
                    let costs = |weight: f64| -> Vec<u64> {
                        (0..inst.applicants())
                            .map(|i| alone.place_cost(inst, 0, i, weight).to_bits())
                            .collect()
                    };
                    priced.push(priced_costs.number(costs(region_f)).0);
                    let bits = costs(0.0);
                    let (p, new) = plain_costs_seen.number(bits.clone());
                    if new {
                        plain_costs.push(bits.into_iter().map(f64::from_bits).collect());
                    }
                    plain.push(p);
                    let mut count = vec![0usize; inst.regions()];
                    for &f in group {
                        count[inst.facilitator_region[f]] += 1;
                    }
                    regions.push(region_counts.number(count).0);
                }
                of.push(*id);
            }
        }
        Choices {
            k,
            of,
            priced,
            plain,
            regions,
            plain_costs,
        }
    }

    fn cohorts(&self, setting: usize) -> &[u32] {
        &self.of[setting * self.k..(setting + 1) * self.k]
    }

    /// What stands for setting `i`'s member key, written into `key`: each
    /// cohort's size with the number of its member costs, sorted, then the
    /// facilitators' own misses. Equal exactly where the member keys are.
    pub(crate) fn member_key(
        &self,
        inst: &Instance,
        all: &Settings,
        i: usize,
        key: &mut Vec<(usize, u32)>,
    ) {
        key.clear();
        key.extend(
            self.cohorts(i)
                .iter()
                .zip(&inst.sizes)
                .map(|(&choice, &size)| (size, self.priced[choice as usize])),
        );
        key.sort_unstable();
        key.push((all.facilitator_misses(inst, i), u32::MAX));
    }

    /// What stands for setting `i`'s members key, written into `key`: each
    /// cohort's size with the number of its facilitators' count by region
    /// (`size << 32 | number`), sorted, then the number of the least places
    /// (each applicant's least place over the cohorts, whatever their
    /// order); `least` numbers those least places among the distinct ones,
    /// so that equal members keys get equal keys here too. Returns that
    /// number. Nothing is allocated but for least places not met before: it
    /// runs for every setting (a million on pilot seed 200).
    pub(crate) fn members_key(
        &self,
        inst: &Instance,
        i: usize,
        least: &mut LeastPlaces,
        key: &mut Vec<u64>,
    ) -> u32 {
        // The least over the cohorts' place costs, one cohort at a time: a
        // pilot's settings hold hundreds of thousands of combinations of
        // place costs but a few hundred least places (seed 200: 372,704 and
        // 114), so each step is looked up, and built only when new.
        let mut id = u32::MAX;
        for &choice in self.cohorts(i) {
            let plain = self.plain[choice as usize];
            let costs = &self.plain_costs[plain as usize];
            id = if id == u32::MAX {
                least.alone(plain, costs)
            } else {
                least.joined(id, plain, costs)
            };
        }
        key.clear();
        key.extend(
            self.cohorts(i)
                .iter()
                .zip(&inst.sizes)
                .map(|(&choice, &size)| {
                    (size as u64) << 32 | u64::from(self.regions[choice as usize])
                }),
        );
        key.sort_unstable();
        key.push(u64::from(id));
        id
    }
}

/// The least places of [`Choices::members_key`], numbered as they are met.
pub(crate) struct LeastPlaces {
    vectors: Numbering<Vec<u64>>,
    /// Each number's least places (as bits), per applicant.
    bits: Vec<Vec<u64>>,
    /// The number of each cohort's place costs taken alone, by their own
    /// number (`u32::MAX` until met).
    alone: Vec<u32>,
    /// The number of the least of least places numbered `a` and place costs
    /// numbered `p`, at `(a, p)`.
    joined: HashMap<(u32, u32), u32>,
}

impl LeastPlaces {
    pub(crate) fn new() -> Self {
        LeastPlaces {
            vectors: Numbering::new(),
            bits: Vec::new(),
            alone: Vec::new(),
            joined: HashMap::default(),
        }
    }

    /// The least places numbered `id`, as [`MembersKey`](super::bound::MembersKey) holds them.
    pub(crate) fn bits(&self, id: u32) -> &[u64] {
        &self.bits[id as usize]
    }

    /// The number of `costs` as least places on their own; `plain` is their
    /// number among the place costs.
    fn alone(&mut self, plain: u32, costs: &[f64]) -> u32 {
        let at = plain as usize;
        if self.alone.len() <= at {
            self.alone.resize(at + 1, u32::MAX);
        }
        if self.alone[at] == u32::MAX {
            self.alone[at] = self.number(costs.iter().map(|c| c.to_bits()).collect());
        }
        self.alone[at]
    }

    /// The number of the least, applicant by applicant, of least places `id`
    /// and `costs` (numbered `plain` among the place costs).
    fn joined(&mut self, id: u32, plain: u32, costs: &[f64]) -> u32 {
        if let Some(&joined) = self.joined.get(&(id, plain)) {
            return joined;
        }
        let bits = self.bits[id as usize]
            .iter()
            .zip(costs)
            .map(|(&b, &c)| f64::from_bits(b).min(c).to_bits())
            .collect();
        let joined = self.number(bits);
        self.joined.insert((id, plain), joined);
        joined
    }

    /// The number of least places given as bits, kept when new.
    fn number(&mut self, bits: Vec<u64>) -> u32 {
        let (id, new) = self.vectors.number(bits.clone());
        if new {
            self.bits.push(bits);
        }
        id
    }
}
