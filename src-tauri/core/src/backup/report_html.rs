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

use super::checklist::{Choice, LockOverride};
use super::report::{ClosureReport, ReportStage};
use super::texts::{format_bytes, render, Lang};
use crate::closure::StepId;

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
        let t = |en: &'static str, it: &'static str| lang.pick(en, it);
        let mut h = String::with_capacity(16 * 1024);
        let title = match self.stage {
            ReportStage::Final => t("Closure report", "Rapporto di chiusura"),
            ReportStage::Progress => t(
                "Closure progress report",
                "Rapporto di avanzamento della chiusura",
            ),
        };
        h.push_str(&format!(
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} - {}</title><style>{STYLE}</style></head><body>\n",
            lang.code(),
            esc(title),
            esc(&self.organization)
        ));
        h.push_str(&format!("<h1>{}</h1>\n<dl>", esc(title)));
        let deleted = match self.directory_deleted_at {
            Some(at) => stamp(at),
            None => t("not yet", "non ancora").to_string(),
        };
        let step = self
            .current_step
            .as_deref()
            .map_or("-".to_string(), |s| step_title(s, lang));
        for (label, value) in [
            (t("Organization", "Organizzazione"), esc(&self.organization)),
            (t("Tenant id", "ID tenant"), mono(&self.tenant_id)),
            (t("Closed by", "Chiusa da"), esc(&self.closed_by)),
            (t("Started", "Iniziata"), stamp(self.started_at)),
            (t("Current step", "Passo attuale"), esc(&step)),
            (t("Directory deleted", "Directory eliminata"), deleted),
            (
                t("Report created", "Rapporto creato"),
                stamp(self.generated_at),
            ),
        ] {
            h.push_str(&format!("<dt>{}</dt><dd>{value}</dd>", esc(label)));
        }
        h.push_str("</dl>\n");
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
        let t = |en: &'static str, it: &'static str| lang.pick(en, it);
        h.push_str(&format!(
            "<h2>{}</h2>\n",
            t("Backup checklist", "Checklist del backup")
        ));
        let s = &self.backup_summary;
        h.push_str(&format!(
            "<p>{} {} / {}. {} {}.</p>\n",
            t("Answered:", "Risposte:"),
            s.answered,
            s.total,
            t(
                "Data not marked saved or not needed:",
                "Dati non segnati come salvati o non necessari:"
            ),
            format_bytes(s.unsaved_bytes, lang)
        ));
        if let Some(LockOverride {
            typed,
            by,
            at,
            open_items,
            unsaved_bytes,
        }) = &self.backup.lock_override
        {
            h.push_str(&format!(
                "<p class=\"note\">{} {} ({}), {} &laquo;{}&raquo;. {} {open_items}, {}.</p>\n",
                t(
                    "The owner went on without finishing the backup:",
                    "Il titolare è andato avanti senza completare il backup:"
                ),
                esc(by),
                stamp(*at),
                t("typing", "digitando"),
                esc(typed),
                t("Items still open:", "Voci ancora aperte:"),
                format_bytes(*unsaved_bytes, lang)
            ));
        }
        table_head(
            h,
            &[
                t("Item", "Voce"),
                t("Answer", "Risposta"),
                t("By", "Da"),
                t("When", "Quando"),
            ],
        );
        for item in &self.backup.items {
            let (title, _) = render(item, lang);
            let (answer, by, at) = match &item.answer {
                Some(a) => {
                    let word = match a.choice {
                        Choice::Saved => t("saved", "salvato"),
                        Choice::NotNeeded => t("not needed", "non necessario"),
                    };
                    (
                        format!("<span class=\"ok\">{word}</span>"),
                        esc(&a.by),
                        stamp(a.at),
                    )
                }
                None => (
                    format!("<span class=\"bad\">{}</span>", t("open", "aperta")),
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

    fn subscriptions_section(&self, h: &mut String, lang: Lang) {
        let t = |en: &'static str, it: &'static str| lang.pick(en, it);
        h.push_str(&format!("<h2>{}</h2>\n", t("Subscriptions", "Abbonamenti")));
        table_head(
            h,
            &[
                t("Subscription", "Abbonamento"),
                t("Last state", "Ultimo stato"),
                t("Next change", "Prossimo cambio"),
                t("Deleted by the owner", "Eliminato dal titolare"),
            ],
        );
        for s in &self.subscriptions {
            h.push_str(&format!(
                "<tr><td>{}<br><span class=\"mono\">{}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                esc(&s.name),
                esc(&s.id),
                esc(&s.status),
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
        let t = |en: &'static str, it: &'static str| lang.pick(en, it);
        h.push_str(&format!(
            "<h2>{}</h2>\n",
            t("Email and domain (DNS)", "Email e dominio (DNS)")
        ));
        for c in &self.mail_dns {
            h.push_str(&format!(
                "<h3>{}</h3>\n<p>{}: <span class=\"mono\">{}</span>. {} {}.</p>\n",
                esc(&c.domain),
                t("State", "Stato"),
                c.state.as_str(),
                t("Checked", "Controllato"),
                stamp(c.checked_at)
            ));
            table_head(
                h,
                &[
                    t("Record", "Record"),
                    t("Now", "Adesso"),
                    t("Verdict", "Esito"),
                ],
            );
            for r in &c.rows {
                h.push_str(&format!(
                    "<tr><td>{} <span class=\"mono\">{}</span></td><td class=\"mono\">{}</td><td>{}</td></tr>\n",
                    r.kind.as_str(),
                    esc(&r.name),
                    esc(&r.now.join(", ")),
                    r.verdict.as_str()
                ));
            }
            h.push_str("</table>\n");
        }
    }

    fn actions_section(&self, h: &mut String, lang: Lang) {
        let t = |en: &'static str, it: &'static str| lang.pick(en, it);
        h.push_str(&format!("<h2>{}</h2>\n", t("Actions", "Azioni")));
        if !self.confirmations.is_empty() {
            h.push_str("<ul>");
            for c in &self.confirmations {
                h.push_str(&format!(
                    "<li>{} &laquo;{}&raquo; {} {} ({})</li>",
                    t("Confirmed by typing", "Confermato digitando"),
                    esc(&c.typed),
                    t("for", "per"),
                    esc(&step_title(&c.step, lang)),
                    stamp(c.at)
                ));
            }
            h.push_str("</ul>\n");
        }
        table_head(
            h,
            &[
                t("When", "Quando"),
                t("Step", "Passo"),
                t("Action", "Azione"),
                t("Result", "Esito"),
                t("Microsoft request id", "ID richiesta Microsoft"),
            ],
        );
        for a in &self.actions {
            let result = match a.ok {
                Some(true) => format!("<span class=\"ok\">{}</span>", t("done", "fatto")),
                Some(false) => {
                    format!("<span class=\"bad\">{}</span>", t("failed", "non riuscito"))
                }
                None => format!(
                    "<span class=\"bad\">{}</span>",
                    t("no result recorded", "nessun esito registrato")
                ),
            };
            let detail = [a.status.map(|s| s.to_string()), a.note.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{result} {}</td><td class=\"mono\">{}</td></tr>\n",
                stamp(a.done_at.unwrap_or(a.intended_at)),
                esc(&step_title(&a.step, lang)),
                esc(&a.description),
                esc(&detail),
                esc(a.request_id.as_deref().unwrap_or(""))
            ));
        }
        h.push_str("</table>\n");
    }
}

fn table_head(h: &mut String, headings: &[&str]) {
    h.push_str("<table><tr>");
    for heading in headings {
        h.push_str(&format!("<th>{}</th>", esc(heading)));
    }
    h.push_str("</tr>\n");
}

/// A step's title in the owner's language, from its stable name.
fn step_title(step: &str, lang: Lang) -> String {
    let Ok(id) = step.parse::<StepId>() else {
        return step.to_string();
    };
    match lang {
        Lang::En => id.title().to_string(),
        Lang::It => match id {
            StepId::Users => "1 Elimina gli utenti",
            StepId::Domains => "Rimuovi i domini",
            StepId::CancelSubscriptions => "2 Annulla gli abbonamenti",
            StepId::DeleteSubscriptions => "3 Elimina gli abbonamenti disattivati",
            StepId::Mfa => "4 Disattiva l'autenticazione a più fattori",
            StepId::Directory => "5 Elimina la directory",
        }
        .to_string(),
    }
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
