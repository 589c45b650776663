//! Any bytes as the two cohort rosters: loading never panics, and whatever loads
//! writes back and reads back equal.
#![no_main]

use cohortmatch::{CohortRosters, Config, eligibility, roster};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A 0xFF byte (never in UTF-8) splits the input into the two files.
    let split = data.iter().position(|&b| b == 0xFF).unwrap_or(data.len());
    let (a, f) = (&data[..split], data.get(split + 1..).unwrap_or(&[]));
    let config = Config::default();
    if let Ok(r) = CohortRosters::from_csv(("a.csv", a), ("f.csv", f), &config) {
        let _ = eligibility::screen_cohort_program(&r, &config);
        let (mut a2, mut f2) = (Vec::new(), Vec::new());
        roster::write_applicants(&mut a2, &r.applicants).unwrap();
        roster::write_facilitators(&mut f2, &r.facilitators).unwrap();
        let back = CohortRosters::from_csv(("a.csv", &a2), ("f.csv", &f2), &config).unwrap();
        assert_eq!(back, r);
    }
});
