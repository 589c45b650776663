//! Any bytes as the two mentor rosters: loading never panics, and whatever loads
//! writes back and reads back equal.
#![no_main]

use cohortmatch::{Config, MentorRosters, eligibility, roster};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0xFF).unwrap_or(data.len());
    let (e, m) = (&data[..split], data.get(split + 1..).unwrap_or(&[]));
    let config = Config::default();
    if let Ok(r) = MentorRosters::from_csv(("e.csv", e), ("m.csv", m), &config) {
        let _ = eligibility::screen_mentors(&r);
        let (mut e2, mut m2) = (Vec::new(), Vec::new());
        roster::write_mentees(&mut e2, &r.mentees).unwrap();
        roster::write_mentors(&mut m2, &r.mentors).unwrap();
        let back = MentorRosters::from_csv(("e.csv", &e2), ("m.csv", &m2), &config).unwrap();
        assert_eq!(back, r);
    }
});
