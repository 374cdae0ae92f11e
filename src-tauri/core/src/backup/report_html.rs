//! The closure report as one HTML page the owner can keep and print to PDF.
//!
//! Self-contained on purpose: inline CSS only, no scripts, no images, no fonts or links loaded
//! from anywhere, so it opens the same in ten years, offline. Every value from the journal or
//! from Microsoft is HTML-escaped (organization and app names are typed by people).
//!
//! The same data as JSON travels inside the page, in an inert data block
//! (`<script type="application/json">`, which browsers never run), so saving the report writes
//! exactly the one file the save dialog asked about. Inside it every `<` is written `\u003c`,
//! so nothing a person typed can close the block.

use time::{OffsetDateTime, UtcOffset};

use super::bulk::Standing;
use super::checklist::{Choice, LockOverride};
use super::report::{ClosureReport, ReportAction, ReportStage};
use super::texts::{format_bytes, render};
use crate::closure::StepId;
use crate::lang::{fill_template, Lang};
use crate::mail_handover::HandoverState;

/// The id of the data block holding the report as JSON.
const DATA_ID: &str = "closeout-report-data";

const STYLE: &str = "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1b1b;max-width:60rem;margin:2rem auto;padding:0 1rem}\
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}\
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #e3e3e3}\
th{background:#f3f3f3}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}\
.mono{font-family:ui-monospace,Consolas,monospace;font-size:12px;word-break:break-all}.bad{color:#a4262c;font-weight:600}.ok{color:#107c10}\
.note{background:#fff4ce;padding:.5rem .75rem;border-left:4px solid #c19c00}\
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}th{background:none}}";

impl ClosureReport {
    /// The report as a self-contained HTML page in the owner's language.
    pub fn to_html(&self, lang: Lang) -> String {
        let t = |key: &str| text(lang, key);
        let mut h = String::with_capacity(16 * 1024);
        let title = match self.stage {
            ReportStage::Final => t("report.title.final"),
            ReportStage::Progress => t("report.title.progress"),
        };
        h.push_str(&format!(
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title} - {}</title><style>{STYLE}</style></head><body>\n",
            lang.code(),
            esc(&self.organization)
        ));
        h.push_str(&format!("<h1>{title}</h1>\n<dl>"));
        let deleted = match self.directory_deleted_at {
            Some(at) => stamp(at),
            None => t("report.not_yet"),
        };
        let step = self
            .current_step
            .map_or("-".to_string(), |s| step_title(s, lang));
        for (label, value) in [
            ("report.organization", esc(&self.organization)),
            ("report.tenant_id", mono(&self.tenant_id)),
            ("report.closed_by", esc(&self.closed_by)),
            ("report.started", stamp(self.started_at)),
            ("report.current_step", step),
            ("report.directory_deleted", deleted),
            ("report.created", stamp(self.generated_at)),
        ] {
            h.push_str(&format!("<dt>{}</dt><dd>{value}</dd>", t(label)));
        }
        h.push_str("</dl>\n");
        self.findings_section(&mut h, lang);
        self.backup_section(&mut h, lang);
        self.subscriptions_section(&mut h, lang);
        self.mail_section(&mut h, lang);
        self.actions_section(&mut h, lang);
        h.push_str(&format!(
            "<script type=\"application/json\" id=\"{DATA_ID}\">\n{}\n</script>\n",
            self.to_json().replace('<', "\\u003c")
        ));
        h.push_str("</body></html>\n");
        h
    }

    /// The report's data as JSON, read back from a page [`ClosureReport::to_html`] wrote;
    /// `None` when `html` has no such block.
    pub fn embedded_json(html: &str) -> Option<&str> {
        let open = format!("<script type=\"application/json\" id=\"{DATA_ID}\">");
        let start = html.find(&open)? + open.len();
        let len = html[start..].find("</script>")?;
        Some(html[start..start + len].trim())
    }

    fn backup_section(&self, h: &mut String, lang: Lang) {
        let t = |key: &str| text(lang, key);
        h.push_str(&format!("<h2>{}</h2>\n", t("report.backup.title")));
        let s = &self.backup_summary;
        let summary = filled(
            lang,
            "report.backup.summary",
            &[
                ("answered", s.answered.to_string()),
                ("total", s.total.to_string()),
                ("size", esc(&format_bytes(s.unsaved_bytes, lang))),
            ],
        );
        h.push_str(&format!("<p>{summary}</p>\n"));
        // Unlocked with items open: said as the page says it, never as done.
        if let Standing::Skipped { by, at } = self.backup.standing() {
            let line = filled(
                lang,
                "backup.skipped",
                &[("by", esc(&by)), ("date", stamp(at))],
            );
            h.push_str(&format!("<p class=\"note\"><strong>{line}</strong></p>\n"));
        }
        if let Some(LockOverride {
            typed,
            by,
            at,
            open_items,
            unsaved_bytes,
        }) = &self.backup.lock_override
        {
            let note = filled(
                lang,
                "report.backup.override",
                &[
                    ("by", esc(by)),
                    ("at", stamp(*at)),
                    ("typed", esc(typed)),
                    ("open", open_items.to_string()),
                    ("size", esc(&format_bytes(*unsaved_bytes, lang))),
                ],
            );
            h.push_str(&format!("<p class=\"note\">{note}</p>\n"));
        }
        table_head(
            h,
            lang,
            &[
                "report.backup.item",
                "report.backup.answer",
                "report.backup.by",
                "report.when",
            ],
        );
        for item in &self.backup.items {
            let (title, _) = render(item, lang);
            let (answer, by, at) = match &item.answer {
                Some(a) => {
                    let word = match a.choice {
                        Choice::Saved => t("report.backup.saved"),
                        Choice::NotNeeded => t("report.backup.not_needed"),
                    };
                    (
                        format!("<span class=\"ok\">{word}</span>"),
                        esc(&a.by),
                        stamp(a.at),
                    )
                }
                None => (
                    format!("<span class=\"bad\">{}</span>", t("report.backup.open")),
                    String::new(),
                    String::new(),
                ),
            };
            h.push_str(&format!(
                "<tr><td>{}</td><td>{answer}</td><td>{by}</td><td>{at}</td></tr>\n",
                esc(&title)
            ));
        }
        h.push_str("</table>\n");
    }

    /// What the checks found and how each was settled: seen gone (with the date) or still
    /// there; then the owner's answers about what Graph cannot see.
    fn findings_section(&self, h: &mut String, lang: Lang) {
        if self.findings.is_empty() && self.answers.is_empty() {
            return;
        }
        let t = |key: &str| text(lang, key);
        h.push_str(&format!("<h2>{}</h2>\n", t("report.findings.title")));
        table_head(
            h,
            lang,
            &[
                "report.findings.what",
                "report.findings.found",
                "report.findings.settled",
            ],
        );
        for f in &self.findings {
            let code = serde_json::to_value(f.code)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let what = t(&format!("finding.{code}"));
            let subjects = f
                .subjects
                .iter()
                .map(|s| esc(s))
                .collect::<Vec<_>>()
                .join(", ");
            let settled = match f.gone_at {
                Some(at) => filled(lang, "report.findings.gone", &[("date", stamp(at))]),
                None => t("report.findings.standing"),
            };
            h.push_str(&format!(
                "<tr><td>{what}<br>{subjects}</td><td>{}</td><td>{settled}</td></tr>\n",
                stamp(f.first_seen)
            ));
        }
        h.push_str("</table>\n");
        if !self.answers.is_empty() {
            h.push_str(&format!("<h3>{}</h3>\n<ul>", t("report.answers.title")));
            for a in &self.answers {
                h.push_str(&format!(
                    "<li>{}: {}</li>",
                    stamp(a.at),
                    t(&format!("report.answer.{}", a.key))
                ));
            }
            h.push_str("</ul>\n");
        }
    }

    fn subscriptions_section(&self, h: &mut String, lang: Lang) {
        let t = |key: &str| text(lang, key);
        h.push_str(&format!("<h2>{}</h2>\n", t("report.subscriptions.title")));
        table_head(
            h,
            lang,
            &[
                "report.subscriptions.name",
                "report.subscriptions.last_state",
                "report.subscriptions.next_change",
                "report.subscriptions.deleted_by_owner",
            ],
        );
        for s in &self.subscriptions {
            // Microsoft's status word, in the owner's language where the UI has it.
            let key = format!("subscription.status.{}", s.status);
            let status = if lang.has(&key) {
                t(&key)
            } else {
                esc(&s.status)
            };
            h.push_str(&format!(
                "<tr><td>{}<br><span class=\"mono\">{}</span></td><td>{status}</td><td>{}</td><td>{}</td></tr>\n",
                esc(&s.name),
                esc(&s.id),
                s.next_lifecycle.map(stamp).unwrap_or_default(),
                s.deleted_by_owner_at.map(stamp).unwrap_or_default()
            ));
        }
        h.push_str("</table>\n");
    }

    /// The final DNS state of each domain (the mail handover), when it was checked.
    fn mail_section(&self, h: &mut String, lang: Lang) {
        if self.mail_dns.is_empty() {
            return;
        }
        h.push_str(&format!("<h2>{}</h2>\n", text(lang, "mail.title")));
        for c in &self.mail_dns {
            let state = match c.state {
                HandoverState::Waiting => {
                    esc(&lang.plural("mail.state.waiting", c.changes() as u64))
                }
                other => text(lang, &format!("mail.state.{}", other.as_str())),
            };
            let checked = filled(lang, "mail.checked_at", &[("date", stamp(c.checked_at))]);
            h.push_str(&format!(
                "<h3>{}</h3>\n<p>{state} {checked}.</p>\n",
                esc(&c.domain)
            ));
            table_head(
                h,
                lang,
                &[
                    "mail.table.record",
                    "mail.table.now",
                    "mail.table.microsoft",
                ],
            );
            for r in &c.rows {
                h.push_str(&format!(
                    "<tr><td>{} <span class=\"mono\">{}</span></td><td class=\"mono\">{}</td><td>{}</td></tr>\n",
                    text(lang, &format!("mail.kind.{}", r.kind.as_str())),
                    esc(&r.name),
                    esc(&r.now.join(", ")),
                    text(lang, &format!("mail.verdict.{}", r.verdict.as_str()))
                ));
            }
            h.push_str("</table>\n");
        }
    }

    fn actions_section(&self, h: &mut String, lang: Lang) {
        let t = |key: &str| text(lang, key);
        h.push_str(&format!("<h2>{}</h2>\n", t("report.actions.title")));
        if !self.confirmations.is_empty() {
            h.push_str("<ul>");
            for c in &self.confirmations {
                let line = filled(
                    lang,
                    "report.actions.confirmed",
                    &[
                        ("typed", esc(&c.typed)),
                        ("step", step_title(c.step, lang)),
                        ("at", stamp(c.at)),
                    ],
                );
                h.push_str(&format!("<li>{line}</li>"));
            }
            h.push_str("</ul>\n");
        }
        table_head(
            h,
            lang,
            &[
                "report.when",
                "report.actions.step",
                "report.actions.action",
                "report.actions.result",
                "report.actions.request_id",
            ],
        );
        for a in &self.actions {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"mono\">{}</td></tr>\n",
                stamp(a.done_at.unwrap_or(a.intended_at)),
                step_title(a.step, lang),
                esc(&a.what.render(lang)),
                result(a, lang),
                esc(a.request_id.as_deref().unwrap_or(""))
            ));
        }
        h.push_str("</table>\n");
    }
}

/// An action's result in words: done / failed / nothing recorded, then Microsoft's status and
/// why (already gone, found done after a restart, or the error in the owner's language).
fn result(a: &ReportAction, lang: Lang) -> String {
    let t = |key: &str| text(lang, key);
    let word = match a.ok {
        Some(true) => format!("<span class=\"ok\">{}</span>", t("report.result.done")),
        Some(false) => format!("<span class=\"bad\">{}</span>", t("report.result.failed")),
        None => format!("<span class=\"bad\">{}</span>", t("report.result.none")),
    };
    let why = match (a.note, a.error) {
        (Some(note), _) => Some(t(&format!("action.outcome.{}", note.as_str()))),
        (None, Some(code)) => {
            let key = format!("error.{}", code.as_str());
            Some(if lang.has(&key) {
                t(&key)
            } else {
                esc(code.as_str())
            })
        }
        (None, None) => None,
    };
    let detail: Vec<String> = [a.status.map(|s| s.to_string()), why]
        .into_iter()
        .flatten()
        .collect();
    format!("{word} {}", detail.join(", "))
}

/// A catalogue text, HTML-escaped.
fn text(lang: Lang, key: &str) -> String {
    esc(lang.text(key))
}

/// A catalogue text, HTML-escaped, with its placeholders filled from values already HTML.
fn filled(lang: Lang, key: &str, params: &[(&str, String)]) -> String {
    fill_template(&text(lang, key), params)
}

/// A table's first row, from the headings' catalogue keys.
fn table_head(h: &mut String, lang: Lang, keys: &[&str]) {
    h.push_str("<table><tr>");
    for key in keys {
        h.push_str(&format!("<th>{}</th>", text(lang, key)));
    }
    h.push_str("</tr>\n");
}

/// A step's title in the owner's language (the rail's name for it), HTML-escaped.
fn step_title(step: StepId, lang: Lang) -> String {
    text(lang, &format!("step.{}", step.as_str()))
}

/// "2026-11-28 10:30 UTC".
fn stamp(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!("{} {:02}:{:02} UTC", at.date(), at.hour(), at.minute())
}

fn mono(text: &str) -> String {
    format!("<span class=\"mono\">{}</span>", esc(text))
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(text: &str) -> String {
    replace_each(
        text,
        &[
            ('&', "&amp;"),
            ('<', "&lt;"),
            ('>', "&gt;"),
            ('"', "&quot;"),
            ('\'', "&#39;"),
        ],
    )
}

/// `text` with each character found in `table` replaced by its escape.
pub(crate) fn replace_each(text: &str, table: &[(char, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match table.iter().find(|(from, _)| *from == c) {
            Some((_, to)) => out.push_str(to),
            None => out.push(c),
        }
    }
    out
}
