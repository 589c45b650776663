//! Hand-built SVG charts for the HTML reports: one stacked bar per group, so a
//! coordinator sees at a glance whether each cohort's mix looks like the whole.
//!
//! Hand-built rather than drawn with a plotting crate: the pictures are simple,
//! the SVG stays small and readable, and it needs no fonts at build time.

use std::fmt::Write;

use super::page::escape;

/// Colours for the segments, in order; colour-blind friendly (Okabe-Ito, then greys).
pub const PALETTE: [&str; 10] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    "#999999", "#CCCCCC",
];

/// One bar: a label and a count per category (in the chart's category order).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Shown left of the bar.
    pub label: String,
    /// Count for each category.
    pub counts: Vec<usize>,
}

/// A 100 %-stacked horizontal bar chart as an inline `<svg>` element, with a legend.
///
/// Each bar shows the share of each category; segments wide enough carry their
/// count, and every segment has a tooltip (`<title>`).
///
/// ```
/// use cohortmatch::report::chart::{Bar, stacked_bars};
/// let svg = stacked_bars(
///     "Region",
///     &["north".into(), "south".into()],
///     &[Bar { label: "Cohort 1".into(), counts: vec![3, 5] }],
/// );
/// assert!(svg.starts_with("<svg"));
/// assert_eq!(svg.matches("<rect class=\"seg\"").count(), 2);
/// ```
pub fn stacked_bars(title: &str, categories: &[String], bars: &[Bar]) -> String {
    const LABEL_W: f64 = 120.0;
    const BAR_W: f64 = 480.0;
    const ROW_H: f64 = 26.0;
    const BAR_H: f64 = 18.0;
    let legend_rows = categories.len().div_ceil(4);
    let top = 22.0;
    let height = top + ROW_H * bars.len() as f64 + 8.0 + 18.0 * legend_rows as f64;
    let width = LABEL_W + BAR_W + 50.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" \
         width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
         aria-label=\"{}\">",
        escape(title)
    );
    let _ = write!(
        s,
        "<text x=\"0\" y=\"14\" class=\"chart-title\">{}</text>",
        escape(title)
    );
    for (row, bar) in bars.iter().enumerate() {
        let y = top + ROW_H * row as f64;
        let total: usize = bar.counts.iter().sum();
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"bar-label\">{}</text>",
            LABEL_W - 8.0,
            y + BAR_H - 4.0,
            escape(&bar.label)
        );
        let mut x = LABEL_W;
        for (v, &count) in bar.counts.iter().enumerate() {
            if count == 0 || total == 0 {
                continue;
            }
            let w = BAR_W * count as f64 / total as f64;
            let colour = PALETTE[v % PALETTE.len()];
            let name = categories.get(v).map_or("", String::as_str);
            let _ = write!(
                s,
                "<rect class=\"seg\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{BAR_H}\" \
                 fill=\"{colour}\"><title>{}: {count} of {total}</title></rect>",
                escape(&format!("{}, {}", bar.label, display(name)))
            );
            if w >= 18.0 {
                let ink = if matches!(colour, "#F0E442" | "#CCCCCC" | "#E69F00" | "#56B4E9") {
                    "#000"
                } else {
                    "#fff"
                };
                let _ = write!(
                    s,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"seg-count\" fill=\"{ink}\">{count}</text>",
                    x + w / 2.0,
                    y + BAR_H - 5.0
                );
            }
            x += w;
        }
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"bar-total\">{total}</text>",
            LABEL_W + BAR_W + 6.0,
            y + BAR_H - 4.0
        );
    }
    let legend_top = top + ROW_H * bars.len() as f64 + 8.0;
    for (v, name) in categories.iter().enumerate() {
        let x = LABEL_W + 120.0 * (v % 4) as f64;
        let y = legend_top + 18.0 * (v / 4) as f64;
        let _ = write!(
            s,
            "<rect class=\"key\" x=\"{x}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>",
            PALETTE[v % PALETTE.len()],
            x + 16.0,
            y + 10.5,
            escape(&display(name))
        );
    }
    s.push_str("</svg>");
    s
}

/// A category as people write it: `district_type` values such as `rural` stay,
/// a blank becomes "(blank)".
fn display(value: &str) -> String {
    if value.is_empty() {
        "(blank)".into()
    } else {
        value.replace('_', " ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_and_legend_match_the_counts() {
        let cats = vec!["a".to_string(), "".to_string(), "c<d".to_string()];
        let svg = stacked_bars(
            "Mix & match",
            &cats,
            &[
                Bar {
                    label: "One".into(),
                    counts: vec![1, 0, 3],
                },
                Bar {
                    label: "All".into(),
                    counts: vec![2, 2, 2],
                },
            ],
        );
        // Zero counts draw nothing; every category has a legend key.
        assert_eq!(svg.matches("<rect class=\"seg\"").count(), 5);
        assert_eq!(svg.matches("<rect class=\"key\"").count(), 3);
        assert!(svg.contains("Mix &amp; match"));
        assert!(svg.contains("c&lt;d"));
        assert!(svg.contains("(blank)"));
        assert!(svg.contains("One, c&lt;d: 3 of 4"));
    }
}
