//! The cohort program's model: the instance in indices, an assignment, the one cost
//! function and the checker of the hard rules (model.md sections 4 and 5).

pub mod cost;
pub mod diagnose;
pub mod instance;
pub mod verify;

use serde::{Deserialize, Serialize};

pub use cost::{CostBreakdown, evaluate};
pub use instance::Instance;
pub use verify::{Violation, verify};

/// Who is where: the answer every solver produces and every check reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Assignment {
    /// For each eligible applicant (instance index), its cohort, or `None` when not selected.
    pub cohort_of: Vec<Option<usize>>,
    /// For each cohort, the facilitators (instance indices) serving it.
    pub facilitators: Vec<Vec<usize>>,
    /// For each cohort, its meeting slot (index into `Instance::slots`), `None` when
    /// the rosters give no availability.
    pub slot: Vec<Option<usize>>,
}

impl Assignment {
    /// The members (instance indices) of each cohort, in index order.
    pub fn members(&self, cohorts: usize) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); cohorts];
        for (i, c) in self.cohort_of.iter().enumerate() {
            if let Some(c) = c
                && *c < cohorts
            {
                out[*c].push(i);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
