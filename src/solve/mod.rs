//! Solvers for the cohort program: a seeded local search ([`heuristic`]) and the
//! exact MILP ([`exact`]), behind one set of options and one outcome type.

pub mod bound;
mod choices;
#[cfg(feature = "microlp")]
mod counts;
pub mod exact;
pub mod greedy;
pub mod heuristic;
mod lagrange;
mod selection_flow;
mod spreads;
pub mod state;

use std::time::Duration;

use serde::Serialize;

use crate::cohort::{Assignment, CostBreakdown};

/// Limits and seeds shared by every solver.
#[derive(Debug, Clone, PartialEq)]
pub struct SolveOptions {
    /// Stop after this long and report the best found. A first assignment is
    /// always built, however short the limit; explaining an infeasible program
    /// takes at least a second; microlp checks its clock between branch-and-bound
    /// nodes, so the whole model of hundreds of applicants may overrun by its
    /// first relaxation.
    pub time_limit: Option<Duration>,
    /// Seed of every random choice (and of the lottery).
    pub seed: u64,
    /// Worker threads; the answer never depends on it.
    pub threads: Option<usize>,
    /// The MILP solver of the exact model.
    pub backend: exact::Backend,
}

impl SolveOptions {
    /// The same options with what is left of the time limit since `began`.
    pub(crate) fn since(&self, began: std::time::Instant) -> SolveOptions {
        SolveOptions {
            time_limit: self.time_limit.map(|t| t.saturating_sub(began.elapsed())),
            ..self.clone()
        }
    }
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: None,
            seed: 1,
            threads: None,
            backend: exact::Backend::default(),
        }
    }
}

/// Whether an answer is proven best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// No assignment has a lower cost.
    Optimal,
    /// Keeps every rule; a lower cost may exist (see the bound and gap).
    Feasible,
}

/// What a solver returns.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The assignment.
    pub assignment: Assignment,
    /// Its cost, from the one cost function.
    pub cost: CostBreakdown,
    /// Proven optimal or only feasible.
    pub status: Status,
    /// The best lower bound known, if any.
    pub bound: Option<f64>,
    /// Which solver produced it (`exact (microlp)`, `heuristic`, ...).
    pub solver: String,
    /// Why the search stopped, in words.
    pub stopped: String,
    /// The MILP's own objective value for the assignment, when the exact solver
    /// produced it (tests compare it with the cost function).
    pub solver_objective: Option<f64>,
}

impl Outcome {
    /// `(total - bound) / max(1, |total|)`, as model.md section 5 defines it.
    pub fn gap(&self) -> Option<f64> {
        self.bound
            .map(|b| ((self.cost.total - b) / self.cost.total.abs().max(1.0)).max(0.0))
    }
}

/// Where a search stands, for an [`Observer`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Best total cost found so far.
    pub best: Option<f64>,
    /// Best lower bound known.
    pub bound: Option<f64>,
    /// Time since the search began.
    pub elapsed: Duration,
    /// Restarts finished.
    pub restarts_done: usize,
    /// Restarts in one batch (with a time limit, batches repeat).
    pub restarts_planned: usize,
    /// Facilitator settings the exact solver has settled (see
    /// [`exact::solve_by_settings`]); 0 during the heuristic.
    pub settings_done: usize,
    /// Facilitator settings the exact solver has to settle; 0 during the heuristic.
    pub settings: usize,
}

impl Progress {
    /// `(best - bound) / max(1, |best|)`, when both are known.
    pub fn gap(&self) -> Option<f64> {
        match (self.best, self.bound) {
            (Some(b), Some(l)) => Some(((b - l) / b.abs().max(1.0)).max(0.0)),
            _ => None,
        }
    }
}

/// Hears how a search is going (from any of its threads). The example binaries
/// draw it as a progress bar; a program embedding the crate may log it.
pub trait Observer: Sync {
    /// Called as the search advances.
    fn observe(&self, progress: &Progress);
}

/// An observer that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Observer for Silent {
    fn observe(&self, _: &Progress) {}
}

/// Which solver to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The exact MILP when the model is small, the heuristic otherwise.
    Auto,
    /// The exact MILP, started from the heuristic's answer.
    Exact,
    /// The heuristic alone.
    Heuristic,
    /// The coordinator's greedy deal ([`greedy::deal`]), as a baseline to compare with.
    Greedy,
}

/// No assignment keeps every rule; the reasons are in the coordinator's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Infeasible {
    /// One sentence per cause, naming people where it can.
    pub reasons: Vec<String>,
}

/// A pool of `threads` threads, or `None` for rayon's global pool (also when
/// the pool cannot be built).
fn pool(threads: Option<usize>) -> Option<rayon::ThreadPool> {
    threads.and_then(|t| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(t.max(1))
            .build()
            .ok()
    })
}

/// Runs `job` on `pool` when there is one, else on rayon's global pool.
fn in_pool<T: Send>(pool: &Option<rayon::ThreadPool>, job: impl FnOnce() -> T + Send) -> T {
    match pool {
        Some(pool) => pool.install(job),
        None => job(),
    }
}

/// Largest model (eligible applicants times cohorts) that `Auto` gives the exact
/// solver with no time limit, expecting a quick proof.
pub const AUTO_PROOF_LIMIT: usize = 60;

/// Largest model (applicants times cohorts) that `Auto` proves optimal one
/// facilitator setting at a time when no time limit (or a long one) is set:
/// the sample pilot (51 applicants in 3 cohorts, 2,560 settings) takes about a
/// second on two cores; synthetic pilots with 71,680 to 1,033,920 settings 0.4
/// to 26 s, median 1.7 s (BENCHMARKS.md, session 22).
pub const AUTO_SETTINGS_SIZE: usize = 200;

/// Most facilitator settings `Auto` takes on without a time limit where the
/// settings' MILPs are the plain model (an isolation term is asked for); where
/// they take spreads, it takes up to [`SETTINGS_LIMIT_SPREADS`], as `Exact` does
/// ([`plan`]).
pub const AUTO_SETTINGS: usize = 30_000;

/// Most facilitator settings the exact solver takes one at a time
/// ([`exact::solve_by_settings`]) under a time limit; with more it solves the
/// whole model at once. (The settings' bounds are computed before the clock is
/// looked at again: 50,000 settings take about a second.)
pub const SETTINGS_LIMIT: usize = 50_000;

/// Most facilitator settings `Exact` takes one at a time with no time limit, or
/// one of at least [`LONG_TIME_LIMIT`]. A pilot roster with 9 eligible
/// facilitators has 179,200: microlp proves it this way in 2 to 19 s (synthetic
/// pilot seeds 20 and 12), and not in minutes on the whole model.
pub const SETTINGS_LIMIT_UNTIMED: usize = 250_000;

/// [`SETTINGS_LIMIT_UNTIMED`] where the settings' MILPs take each value's
/// spreads as columns (no isolation term), whose Lagrangian bound settles most
/// settings in microseconds. Mid-size programs with many
/// facilitators, 1 to 3 per cohort, have more than 250,000: one of 626,736
/// settings was proven in 1.2 s this way and took 55 s on the whole model, one of
/// 663,040 in 3.9 s where the whole model was not proven in 60 s (BENCHMARKS.md,
/// session 19). Where the settings' MILPs are the plain model, each setting
/// left by our bound needs its own relaxation, and one program of 514,776 took
/// minutes where the whole model took 47 s. Synthetic pilot rosters with 8 or 9
/// eligible facilitators, some serving two cohorts, have up to 1,033,920
/// settings (proven in 6-8 s, about 380 MB; the whole model ran for minutes
/// without an answer), so the limit leaves them room (session 20).
pub const SETTINGS_LIMIT_SPREADS: usize = 2_000_000;

/// A time limit long enough for the settings' bounds of up to
/// [`SETTINGS_LIMIT_SPREADS`] settings (about 2 s for 179,200; with 899,308 a
/// 30 s limit held) to leave the MILPs most of it.
pub const LONG_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Whether [`solve_cohorts`] runs the exact solver for `method` and `options`,
/// and the facilitator settings it would go through ([`exact::settings`]), when
/// there are at most [`SETTINGS_LIMIT`] ([`SETTINGS_LIMIT_UNTIMED`] for `Exact`
/// with no time limit or a long one, [`SETTINGS_LIMIT_SPREADS`] when no
/// isolation term is asked for either, and for `Auto` with no time limit or a
/// long one on a model of at most [`AUTO_SETTINGS_SIZE`]; `Auto` otherwise
/// proves one setting at a time only up to [`AUTO_SETTINGS`]).
///
/// ```
/// use cohortmatch::cohort::Instance;
/// use cohortmatch::solve::{plan, Method, SolveOptions};
/// use cohortmatch::{eligibility, synthetic, Config};
///
/// let rosters = synthetic::cohort_rosters(&synthetic::CohortSpec { applicants: 12, facilitators: 4, ..Default::default() });
/// let config = Config::builder().seats(8).cohorts(2).deadline(None).build().unwrap();
/// let inst = Instance::new(&rosters, &eligibility::screen_cohort_program(&rosters, &config), &config);
/// let planned = plan(&inst, &SolveOptions::default(), Method::Exact);
/// assert!(planned.exact() && planned.settings().is_some_and(|s| !s.is_empty()));
/// assert!(!plan(&inst, &SolveOptions::default(), Method::Heuristic).exact());
/// ```
pub fn plan<'a>(
    inst: &'a crate::cohort::Instance,
    options: &SolveOptions,
    method: Method,
) -> Plan<'a> {
    let began = std::time::Instant::now();
    let (exact, settings) = plan_for(inst, options, method);
    Plan {
        inst,
        exact,
        settings,
        method,
        options: options.clone(),
        made: began,
    }
}

/// What [`plan`] decided for one program, method and options: made by
/// [`plan`] only, and handed to [`solve_cohorts_planned`] so that the
/// settings are listed once (a pilot with every facilitator eligible has up to
/// a million of them). It holds its program, so it cannot be solved for
/// another. A time limit counts from the start of the plan.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    inst: &'a crate::cohort::Instance,
    exact: bool,
    settings: Option<exact::Settings>,
    method: Method,
    options: SolveOptions,
    /// When the plan was begun: listing the settings is part of the solve.
    made: std::time::Instant,
}

impl Plan<'_> {
    /// Whether the exact solver runs.
    pub fn exact(&self) -> bool {
        self.exact
    }

    /// The facilitator settings the exact solver goes through one at a time;
    /// `None` where it solves the whole model at once (or does not run).
    pub fn settings(&self) -> Option<&exact::Settings> {
        self.settings.as_ref()
    }
}

/// [`plan`]'s decision: whether the exact solver runs, and its settings.
///
/// Without a time limit every step is bounded by counts, not by the clock, so
/// the same rosters and seed give the same cohorts on any machine. `Auto` then
/// runs the exact solver only where it proves optimality quickly.
fn plan_for(
    inst: &crate::cohort::Instance,
    options: &SolveOptions,
    method: Method,
) -> (bool, Option<exact::Settings>) {
    let size = inst.applicants() * inst.cohorts();
    let takes_spreads = spreads::applies(inst);
    let long = options.time_limit.is_none_or(|t| t >= LONG_TIME_LIMIT);
    let all = match method {
        Method::Exact if long => {
            let most = if takes_spreads {
                SETTINGS_LIMIT_SPREADS
            } else {
                SETTINGS_LIMIT_UNTIMED
            };
            exact::settings(inst, most)
        }
        Method::Exact => exact::settings(inst, SETTINGS_LIMIT),
        // A pilot with every facilitator eligible has hundreds of thousands of
        // settings, most settled by the Lagrangian bound in microseconds: proven
        // in seconds, where the heuristic alone missed the optimum on 11 of 40
        // synthetic pilots (BENCHMARKS.md, session 20).
        Method::Auto if long && size <= AUTO_SETTINGS_SIZE && takes_spreads => {
            exact::settings(inst, SETTINGS_LIMIT_SPREADS)
        }
        Method::Auto if size <= AUTO_EXACT_LIMIT => exact::settings(inst, SETTINGS_LIMIT),
        _ => None,
    };
    let exact = match method {
        Method::Exact => true,
        Method::Heuristic | Method::Greedy => false,
        Method::Auto => {
            let most = if takes_spreads {
                SETTINGS_LIMIT_SPREADS
            } else {
                AUTO_SETTINGS
            };
            size <= AUTO_PROOF_LIMIT
                || (options.time_limit.is_some() && size <= AUTO_EXACT_LIMIT)
                || (size <= AUTO_SETTINGS_SIZE && all.as_ref().is_some_and(|a| a.len() <= most))
        }
    };
    (exact, all.filter(|_| exact))
}

/// Heuristic restarts before the exact solver looks at the facilitator settings'
/// bounds, and all it runs on a small program (at most [`AUTO_PROOF_LIMIT`]).
/// Where the settings' MILPs take spreads, nothing more runs before them: 4
/// restarts instead of 8 took 0.1-0.4 s off the synthetic pilots' proofs and
/// left the sample's unchanged (BENCHMARKS.md, session 10); 2 instead of 4,
/// once plunges stopped early, 5 % off the hard pilots' and the sample's
/// (session 17).
pub const RESTARTS_BEFORE_PROOF: usize = 2;

/// Branch-and-bound nodes microlp spends on the whole model of a small program
/// (at most [`AUTO_PROOF_LIMIT`]) before going one facilitator setting at a
/// time. A count, not a time, so the answer does not depend on the machine.
pub const WHOLE_NODES: u64 = 10_000;

/// Largest model that `Auto` gives the exact solver when a time limit is set.
pub const AUTO_EXACT_LIMIT: usize = 1_000;

/// Solves the cohort program: checks the counts, builds a first assignment with the
/// heuristic, computes a lower bound of our own, and (for `Exact`, or `Auto` on a
/// small model) lets the MILP improve and prove it.
///
/// # Errors
/// [`Infeasible`] with the reasons when no assignment keeps every rule.
pub fn solve_cohorts(
    inst: &crate::cohort::Instance,
    options: &SolveOptions,
    method: Method,
) -> Result<Outcome, Infeasible> {
    solve_cohorts_observed(inst, options, method, &Silent)
}

/// [`solve_cohorts`], telling `observer` how the search is going.
///
/// ```
/// use cohortmatch::cohort::{verify, Instance};
/// use cohortmatch::solve::{solve_cohorts_observed, Method, Observer, Progress, SolveOptions};
/// use cohortmatch::{eligibility, synthetic, Config};
///
/// struct Log;
/// impl Observer for Log {
///     fn observe(&self, p: &Progress) {
///         eprintln!("best {:?}, gap {:?}, {:.1} s", p.best, p.gap(), p.elapsed.as_secs_f64());
///     }
/// }
///
/// let rosters = synthetic::cohort_rosters(&synthetic::CohortSpec { applicants: 60, facilitators: 12, ..Default::default() });
/// let config = Config::builder().seats(24).cohorts(3).deadline(None).build().unwrap();
/// let screening = eligibility::screen_cohort_program(&rosters, &config);
/// let inst = Instance::new(&rosters, &screening, &config);
/// let outcome = solve_cohorts_observed(&inst, &SolveOptions::default(), Method::Auto, &Log).unwrap();
/// assert!(verify(&inst, &outcome.assignment).is_empty());
/// ```
///
/// # Errors
/// [`Infeasible`] with the reasons when no assignment keeps every rule.
pub fn solve_cohorts_observed(
    inst: &crate::cohort::Instance,
    options: &SolveOptions,
    method: Method,
    observer: &dyn Observer,
) -> Result<Outcome, Infeasible> {
    solve_cohorts_planned(plan(inst, options, method), observer)
}

/// [`solve_cohorts_observed`] for the program, method and options of a [`plan`]
/// made beforehand (say, to tell the coordinator how long the proof may take):
/// its settings are not listed again, and a time limit counts from the start of
/// the plan.
///
/// ```
/// use cohortmatch::cohort::{verify, Instance};
/// use cohortmatch::solve::{plan, solve_cohorts_planned, Method, Silent, SolveOptions};
/// use cohortmatch::{eligibility, synthetic, Config};
///
/// let rosters = synthetic::cohort_rosters(&synthetic::CohortSpec { applicants: 12, facilitators: 4, ..Default::default() });
/// let config = Config::builder().seats(8).cohorts(2).deadline(None).build().unwrap();
/// let inst = Instance::new(&rosters, &eligibility::screen_cohort_program(&rosters, &config), &config);
/// let planned = plan(&inst, &SolveOptions::default(), Method::Exact);
/// println!("{} facilitator settings to go through", planned.settings().map_or(0, |s| s.len()));
/// let outcome = solve_cohorts_planned(planned, &Silent).unwrap();
/// assert!(verify(&inst, &outcome.assignment).is_empty());
/// ```
///
/// # Errors
/// [`Infeasible`] with the reasons when no assignment keeps every rule.
pub fn solve_cohorts_planned(
    planned: Plan,
    observer: &dyn Observer,
) -> Result<Outcome, Infeasible> {
    use std::time::Duration;
    let Plan {
        inst,
        exact: exact_wanted,
        settings: all,
        method,
        options,
        made: began,
    } = planned;
    let options = &options;
    // The steps that are bounded by counts also stop here, under a time limit.
    let deadline = options.time_limit.map(|t| began + t);
    let reasons = crate::cohort::diagnose::before_solving(inst);
    if !reasons.is_empty() {
        return Err(Infeasible { reasons });
    }
    // microlp proves pilot sizes one facilitator setting at a time. HiGHS keeps
    // the whole model: measured (BENCHMARKS.md), neither way wins for it (sample:
    // whole 153 s, by settings 54 s; synthetic pilot seed 7: 9.4 s and 35 s).
    let all = all.filter(|_| options.backend == exact::Backend::Microlp);
    // A small model is proven in moments: the heuristic before it runs a few
    // restarts, bounded by their moves, not by the clock.
    let small = exact_wanted && inst.applicants() * inst.cohorts() <= AUTO_PROOF_LIMIT;
    // With a time limit and the exact solver to follow, the heuristic takes at
    // most half, and stops once a batch of restarts finds nothing better: on the
    // sample its restarts improved the answer more than the MILP did, on other
    // programs the MILPs need the time (BENCHMARKS.md).
    let heuristic_time = match (options.time_limit, exact_wanted) {
        _ if small => None,
        (Some(t), true) => Some(t / 2),
        (t, _) => t,
    };
    let h_options = SolveOptions {
        time_limit: heuristic_time,
        ..options.clone()
    };
    let own_bound = bound::lower_bound(inst);
    let mut limits = heuristic::SearchLimits::for_instance(inst);
    if small {
        limits.restarts = limits.restarts.min(RESTARTS_BEFORE_PROOF);
    }
    // Bounds of the facilitator settings, once computed for an early proof.
    let mut early_bounds = None;
    // How many settings those bounds left for the MILPs.
    let mut early_open = usize::MAX;
    // Whether the settings' MILPs should follow the first restarts at once.
    let mut straight = false;
    let first = if method == Method::Greedy {
        match greedy::deal(inst, options.seed) {
            Some(dealt) => Some(dealt),
            None => return Err(Infeasible {
                reasons: vec!["The greedy deal got stuck: someone conflicts with a member of every cohort that still has room, or the facilitators cannot be dealt. Try --solver heuristic.".into()],
            }),
        }
    } else if let Some(all) = all.as_ref().filter(|_| exact_wanted) {
        // A few restarts, then the settings' bounds: where they rule out every
        // setting the answer is proven at once (mid-size programs: seconds to a
        // tenth of one); where they leave a few, or the MILPs take spreads, the
        // settings' MILPs follow without the other restarts. Otherwise the bounds
        // are kept for the proof and the restarts go on, so the answer is the one
        // all of them find.
        let few = heuristic::SearchLimits {
            restarts: limits.restarts.min(RESTARTS_BEFORE_PROOF),
            ..limits
        };
        let moves_only = SolveOptions {
            time_limit: None,
            ..options.clone()
        };
        let quick =
            heuristic::search_batches(inst, &moves_only, few, None, observer, own_bound, false, 0);
        if let Some(q) = &quick {
            let cutoff = exact::cutoff_below(q.cost.total);
            let mut bounds =
                exact::SettingBounds::new(inst, all, options.threads, deadline, cutoff);
            let mut open = bounds.open_below(cutoff);
            if open > 0
                && bounds.relax_below(
                    inst,
                    all,
                    cutoff,
                    Some(EARLY_RELAXATIONS),
                    options.threads,
                    deadline,
                )
            {
                open = bounds.open_below(cutoff);
            }
            if open == 0 {
                let proven = exact::solve_by_settings_from(
                    inst,
                    &options.since(began),
                    &q.assignment,
                    all,
                    observer,
                    bounds,
                );
                return Ok(with_bound(proven, own_bound));
            }
            early_open = open;
            // A spreads MILP finds its setting's best in milliseconds, in order
            // of the settings' bounds: sooner than the other restarts would
            // (synthetic pilot seed 7: 5.3 s -> 2.2 s to the proof; the sample
            // 12.0 s -> 7.8 s).
            straight = !bounds.relaxes() || open <= EARLY_RELAXATIONS;
            early_bounds = Some(bounds);
        }
        let h_options = h_options.since(began);
        // The other restarts: with the first ones, the same as running them all.
        let others = heuristic::SearchLimits {
            restarts: limits.restarts.saturating_sub(few.restarts),
            ..limits
        };
        // With a few settings left, their MILPs find whatever the other restarts
        // would have (each must beat the answer so far), and sooner.
        let rest = (others.restarts > 0 && !straight)
            .then(|| {
                heuristic::search_batches(
                    inst,
                    &h_options,
                    others,
                    None,
                    observer,
                    own_bound,
                    exact_wanted,
                    few.restarts,
                )
            })
            .flatten();
        // Ties go to the earlier restarts, as within one search.
        match (quick, rest) {
            (Some(q), Some(r)) if r.cost.total < q.cost.total => Some(r),
            (q, r) => q.or(r),
        }
    } else {
        heuristic::search_batches(
            inst,
            &h_options,
            limits,
            None,
            observer,
            own_bound,
            exact_wanted,
            0,
        )
    };
    let outcome = match (first, exact_wanted) {
        (Some(h), false) => h,
        (None, false) if inst.applicants() * inst.cohorts() > AUTO_EXACT_LIMIT => {
            // Too large for the exact model to prove anything: say where the
            // construction got stuck, naming people.
            return Err(Infeasible {
                reasons: vec![greedy::stuck_reason(inst)],
            });
        }
        (start, _) => {
            // What is left of the time limit.
            let time_left = || options.since(began).time_limit;
            let left = time_left();
            let e_options = SolveOptions {
                time_limit: left,
                ..options.clone()
            };
            let by_settings = start.as_ref().zip(all).map(|(h, all)| {
                // A small model is often proven whole in a few hundred nodes, while
                // its settings may be many and alike in bound (BENCHMARKS.md); with
                // a few settings left the MILPs go straight to them.
                let whole = (small && early_open > FEW_SETTINGS)
                    .then(|| {
                        exact::solve_whole(inst, &e_options, Some(&h.assignment), Some(WHOLE_NODES))
                    })
                    .flatten();
                match whole {
                    Some(w) if w.status == Status::Optimal => w,
                    whole => {
                        let from = match whole {
                            Some(w) if w.cost.total < h.cost.total => w.assignment,
                            _ => h.assignment.clone(),
                        };
                        // Bounds computed for an early proof are kept: their
                        // relaxations are only topped up below the new cutoff.
                        let cutoff =
                            exact::cutoff_below(crate::cohort::evaluate(inst, &from).total);
                        let mut bounds = early_bounds.take().unwrap_or_else(|| {
                            exact::SettingBounds::new(inst, &all, options.threads, deadline, cutoff)
                        });
                        bounds.relax_below(inst, &all, cutoff, None, options.threads, deadline);
                        let e_options = SolveOptions {
                            time_limit: time_left(),
                            ..options.clone()
                        };
                        exact::solve_by_settings_from(
                            inst, &e_options, &from, &all, observer, bounds,
                        )
                    }
                }
            });
            match by_settings
                .or_else(|| exact::solve(inst, &e_options, start.as_ref().map(|o| &o.assignment)))
            {
                Some(x) => x,
                None => match start {
                    Some(h) => h,
                    None => {
                        // Saying why is the answer here: it gets at least a
                        // second, even past a shorter time limit.
                        return Err(explain_failure(
                            inst,
                            left.map_or(Duration::from_secs(60), |t| t.max(Duration::from_secs(1))),
                        ));
                    }
                },
            }
        }
    };
    Ok(with_bound(outcome, own_bound))
}

/// Most facilitator settings left open by their bounds for which a small
/// program skips the whole model and goes straight to the settings' MILPs:
/// small seed 28 (3 left) spent 5 s on 10,000 whole-model nodes, then 2.4 s on
/// its settings (BENCHMARKS.md).
const FEW_SETTINGS: usize = 16;

/// Most linear relaxations of facilitator settings tried for a proof after the
/// first restarts. When at most this many settings are left after them, their
/// MILPs follow at once, without the other restarts: each must beat the answer
/// so far, so they find whatever the restarts would have (synthetic pilot seed 9:
/// 4.9 s -> 0.66 s; seed 2: 5.6 s -> 1.5 s). With more left, as on the sample,
/// the other restarts' better answer saves more MILP time than they cost.
const EARLY_RELAXATIONS: usize = 64;

/// The outcome with our own bound folded in: the better of the two bounds, and
/// optimal when the answer meets it.
fn with_bound(mut outcome: Outcome, own_bound: Option<f64>) -> Outcome {
    let best_bound = match (outcome.bound, own_bound) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    outcome.bound = best_bound.map(|b| b.min(outcome.cost.total));
    let tolerance = 1e-9 * outcome.cost.total.abs().max(1.0);
    if outcome
        .bound
        .is_some_and(|b| outcome.cost.total <= b + tolerance)
    {
        outcome.status = Status::Optimal;
    }
    outcome
}

/// When no assignment was found: proves it with the exact model and names the
/// family of rules that makes it impossible.
fn explain_failure(inst: &crate::cohort::Instance, time: std::time::Duration) -> Infeasible {
    use exact::{Relax, feasible};
    let per_check = time / 4;
    let mut reasons = Vec::new();
    match feasible(inst, Relax::default(), per_check) {
        Some(false) => {}
        Some(true) | None => {
            reasons.push(format!(
                "No assignment keeping every rule was found within the time limit ({:.0} s); it may exist. Try a longer --time-limit.",
                time.as_secs_f64()
            ));
            return Infeasible { reasons };
        }
    }
    let families = [
        (
            Relax {
                facilitator_conflicts: true,
                ..Relax::default()
            },
            "Facilitators' conflicts make it impossible: every way of seating the applicants puts someone from a facilitator's own district, or someone they listed, in each cohort that facilitator could serve. Facilitators with the most conflicts: ",
        ),
        (
            Relax {
                applicant_conflicts: true,
                ..Relax::default()
            },
            "Conflicts between applicants (same district, or listed) make it impossible to fill the cohorts: too many of the eligible applicants conflict with one another.",
        ),
        (
            Relax {
                facilitator_counts: true,
                ..Relax::default()
            },
            "The facilitator limits (facilitators per cohort, even spread, capacity) cannot all hold together with the conflicts.",
        ),
    ];
    for (relax, sentence) in families {
        if feasible(inst, relax, per_check) == Some(true) {
            let mut s = sentence.to_string();
            if relax.facilitator_conflicts {
                s.push_str(&greedy::most_conflicted_facilitators(inst, 5));
                s.push('.');
            }
            reasons.push(s);
            return Infeasible { reasons };
        }
    }
    reasons.push(
        "The rules cannot all hold together: no single family of rules (applicant conflicts, facilitator conflicts, facilitator limits) is to blame alone.".into(),
    );
    Infeasible { reasons }
}
