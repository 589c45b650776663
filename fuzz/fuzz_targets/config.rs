//! Any text as the configuration: parsing never panics, and a configuration that
//! parses writes back as TOML that parses to the same configuration.
#![no_main]

use cohortmatch::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(config) = Config::from_toml_str(text, "config.toml")
    {
        let again = Config::from_toml_str(&config.to_toml_string(), "again.toml").unwrap();
        assert_eq!(again, config);
    }
});
