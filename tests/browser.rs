//! A real browser opens the cohort report: headless Chromium renders it and saves a
//! screenshot, and the test checks the charts were drawn (SVG elements in the
//! rendered DOM, and the chart colours in the screenshot's pixels).
//!
//! Skipped, with a message saying so, only when no Chromium is installed
//! (`apt-get install chromium`; `.ci/run` installs it and sets
//! `COHORTMATCH_REQUIRE_BROWSER`, which turns the skip into a failure).
//! `CHROMIUM=/path` picks the browser.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use cohortmatch::report::chart::PALETTE;
use common::{main_job, text};

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|p| p.is_file())
}

fn headless(browser: &Path, profile: &Path) -> Command {
    let mut c = Command::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--window-size=1280,2200",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

fn rgb(hex: &str) -> [u8; 3] {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap();
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

#[test]
fn chromium_renders_the_cohort_report_with_its_charts() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("COHORTMATCH_REQUIRE_BROWSER").is_none(),
            "COHORTMATCH_REQUIRE_BROWSER is set but no Chromium was found"
        );
        eprintln!(
            "SKIPPED chromium_renders_the_cohort_report_with_its_charts: no Chromium found \
             (install Debian's `chromium` package, or set CHROMIUM=/path/to/chromium)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = main_job(&out, &["--solver", "heuristic"]);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let report = out.join("report.html");
    let url = format!("file://{}", report.display());
    let source = std::fs::read_to_string(&report).unwrap();

    // The DOM as the browser parsed it: the charts are SVG elements, not text.
    let dom = headless(&browser, &dir.path().join("profile-dom"))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    assert!(dom.status.success(), "{:?}", text(&dom));
    let dom = String::from_utf8_lossy(&dom.stdout);
    let segments = source.matches("<rect class=\"seg\"").count();
    assert!(segments >= 3 * 5, "{segments} bar segments in the report");
    assert_eq!(dom.matches("<svg").count(), 3, "three charts rendered");
    assert_eq!(dom.matches("<rect class=\"seg\"").count(), segments);

    // The screenshot: the page was painted, and its charts in their colours.
    let shot = dir.path().join("report.png");
    let s = headless(&browser, &dir.path().join("profile-shot"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(s.status.success(), "{:?}", text(&s));
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&shot).expect("chromium wrote the screenshot"),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (1280, 2200));
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{:?}", info.color_type);
    let count = |want: [u8; 3]| {
        pixels[..info.buffer_size()]
            .chunks_exact(channels)
            .filter(|p| p[..3] == want)
            .count()
    };
    // The first four chart colours each cover a visible area (a 30 x 18 segment is 540 px).
    for hex in &PALETTE[..4] {
        let n = count(rgb(hex));
        assert!(n > 500, "colour {hex} covers only {n} pixels");
    }
    let white = count([255, 255, 255]);
    let total = (info.width * info.height) as usize;
    assert!(white < total * 95 / 100, "the page is almost blank");
}
