//! The shell of the HTML reports: one self-contained file (inline CSS, inline SVG,
//! no scripts, nothing fetched), so it opens offline and can be mailed as is.

use std::fmt::Write;

/// Escapes text for HTML element content and attribute values.
///
/// ```
/// assert_eq!(cohortmatch::report::page::escape("<O'Neil & \"Co\">"), "&lt;O&#39;Neil &amp; &quot;Co&quot;&gt;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// How people are shown in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Names {
    /// Name and id, in the confidential part only.
    #[default]
    Shown,
    /// Ids only, everywhere: a report to share with a board.
    Redacted,
}

impl Names {
    /// A person as the report shows them: `Name (id)`, or `id` when redacted.
    ///
    /// ```
    /// use cohortmatch::report::page::Names;
    /// assert_eq!(Names::Shown.person("A1", "Ann Lee"), "Ann Lee (A1)");
    /// assert_eq!(Names::Redacted.person("A1", "Ann Lee"), "A1");
    /// ```
    pub fn person(self, id: &str, name: &str) -> String {
        match self {
            Names::Shown if !name.trim().is_empty() => format!("{name} ({id})"),
            _ => id.to_string(),
        }
    }
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1d2330;line-height:1.45}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid #dfe3ea;padding-bottom:.2rem}h3{font-size:1.05rem;margin-bottom:.3rem}
.meta{color:#4a5568;margin-top:0}
.tiles{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}.tile{background:#f3f6fa;border-radius:.5rem;padding:.6rem 1rem;min-width:8rem}
.tile b{display:block;font-size:1.6rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e5e8ee;vertical-align:top}
th{background:#f3f6fa}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem}.chart{font-size:12px}.chart-title{font-weight:600;font-size:13px}
.bar-label,.bar-total,.legend{font-size:12px;fill:#1d2330}.seg-count{font-size:11px}
.note{background:#fff8e1;border-left:4px solid #e0a800;padding:.5rem .8rem}
.confidential{border:2px solid #b42318;border-radius:.5rem;padding:0 1rem 1rem;margin-top:2rem}
.confidential>h2{color:#b42318}
.bad{color:#b42318}.good{color:#05603a}
@media print{.confidential{page-break-before:always}}
";

/// An HTML report under construction.
#[derive(Debug, Default)]
pub struct Page {
    body: String,
}

impl Page {
    /// A new, empty page.
    pub fn new() -> Self {
        Page::default()
    }

    /// Appends raw HTML (already escaped).
    pub fn raw(&mut self, html: &str) -> &mut Self {
        self.body.push_str(html);
        self
    }

    /// Appends a heading of `level` (1-3) with escaped text.
    pub fn heading(&mut self, level: u8, text: &str) -> &mut Self {
        let _ = write!(self.body, "<h{level}>{}</h{level}>", escape(text));
        self
    }

    /// Appends a paragraph of escaped text, with an optional class.
    pub fn para(&mut self, class: Option<&str>, text: &str) -> &mut Self {
        match class {
            Some(c) => {
                let _ = write!(self.body, "<p class=\"{c}\">{}</p>", escape(text));
            }
            None => {
                let _ = write!(self.body, "<p>{}</p>", escape(text));
            }
        }
        self
    }

    /// Appends number tiles: (value, what it counts).
    pub fn tiles(&mut self, tiles: &[(String, &str)]) -> &mut Self {
        self.body.push_str("<div class=\"tiles\">");
        for (value, label) in tiles {
            let _ = write!(
                self.body,
                "<div class=\"tile\"><b>{}</b>{}</div>",
                escape(value),
                escape(label)
            );
        }
        self.body.push_str("</div>");
        self
    }

    /// Appends a table; columns whose header ends in `#` are right-aligned numbers
    /// (the `#` is not shown). Cells are escaped.
    pub fn table(&mut self, header: &[&str], rows: &[Vec<String>]) -> &mut Self {
        let numeric: Vec<bool> = header.iter().map(|h| h.ends_with('#')).collect();
        self.body.push_str("<table><thead><tr>");
        for (h, &num) in header.iter().zip(&numeric) {
            let class = if num { " class=\"num\"" } else { "" };
            let _ = write!(
                self.body,
                "<th{class}>{}</th>",
                escape(h.trim_end_matches('#'))
            );
        }
        self.body.push_str("</tr></thead><tbody>");
        for row in rows {
            self.body.push_str("<tr>");
            for (j, cell) in row.iter().enumerate() {
                let class = if numeric.get(j).copied().unwrap_or(false) {
                    " class=\"num\""
                } else {
                    ""
                };
                let _ = write!(self.body, "<td{class}>{}</td>", escape(cell));
            }
            self.body.push_str("</tr>");
        }
        self.body.push_str("</tbody></table>");
        self
    }

    /// The whole document.
    pub fn finish(&self, title: &str) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{}</title><style>{STYLE}</style></head><body>{}</body></html>\n",
            escape(title),
            self.body
        )
    }
}

/// A signed number for a cost change: `+1.50`, `-0.25`, `0`.
///
/// ```
/// assert_eq!(cohortmatch::report::page::signed(1.5), "+1.50");
/// assert_eq!(cohortmatch::report::page::signed(-0.25), "-0.25");
/// assert_eq!(cohortmatch::report::page::signed(1e-12), "0");
/// ```
pub fn signed(x: f64) -> String {
    if x.abs() < 5e-3 {
        "0".into()
    } else {
        format!("{x:+.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_whole_and_escapes_everything() {
        let mut p = Page::new();
        p.heading(1, "A & B")
            .para(Some("meta"), "<script>")
            .tiles(&[("3".into(), "cohorts")])
            .table(&["who", "years#"], &[vec!["O'Neil".into(), "7".into()]]);
        let html = p.finish("T<itle>");
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.trim_end().ends_with("</html>"));
        assert!(!html.contains("<script>"));
        assert!(html.contains("<td class=\"num\">7</td>"));
        assert!(html.contains("O&#39;Neil"));
        assert!(html.contains("<title>T&lt;itle&gt;</title>"));
    }
}
