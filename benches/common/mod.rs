//! Rosters shared by the scale benches.

use cohortmatch::cohort::Instance;
use cohortmatch::synthetic::{CohortSpec, cohort_rosters};
use cohortmatch::{Config, eligibility};

/// `generate_roster --ineligible-share 0 --seed 7` rosters, everyone selected into
/// `cohorts` cohorts.
pub fn generated(people: usize, facilitators: usize, cohorts: usize) -> Instance {
    let rosters = cohort_rosters(&CohortSpec {
        applicants: people,
        facilitators,
        ineligible_share: 0.0,
        seed: 7,
        ..CohortSpec::default()
    });
    let config = Config::builder()
        .seats(people)
        .cohorts(cohorts)
        .build()
        .expect("a valid configuration");
    let screening = eligibility::screen_cohort_program(&rosters, &config);
    Instance::new(&rosters, &screening, &config)
}
