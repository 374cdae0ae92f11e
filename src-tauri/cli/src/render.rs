//! Human-readable output of the command line (the `--json` output is the core's own types).

use closeout_core::closure::{Applied, Finding, Severity, StepPlan, Verification};
use closeout_core::journal::{format_day, JournalRecord, Timeline};
use closeout_core::Lang;

pub fn verification(v: &Verification) -> String {
    let mut out = format!(
        "{:<40} {:<8} {}",
        v.step.title(),
        v.state.as_str(),
        v.message
    );
    if let Some(until) = v.until {
        out.push_str(&format!(" (until {})", format_day(until)));
    }
    for item in v.remaining.iter().take(10) {
        out.push_str(&format!("\n    - {item}"));
    }
    if v.remaining.len() > 10 {
        out.push_str(&format!("\n    ... and {} more", v.remaining.len() - 10));
    }
    for blocker in &v.blockers {
        out.push_str(&format!("\n    ! {}", blocker.what_to_do));
    }
    out
}

pub fn timeline(t: &Timeline) -> String {
    t.entries
        .iter()
        .map(|e| format!("  {}\n", e.text))
        .collect()
}

pub fn finding(f: &Finding) -> String {
    let level = match f.severity {
        Severity::Blocker => "BLOCKER",
        Severity::Warning => "warning",
    };
    format!(
        "{level:<8} {:?}: {} {}\n    {}",
        f.code,
        f.message,
        f.what_to_do,
        f.subjects.join(", ")
    )
}

/// A step's plan; `account` is the signed-in admin, whom a hand-off's cautions may name.
pub fn plan(p: &StepPlan, account: &str) -> String {
    let mut out = format!(
        "== {} ==\n{}\nUndo: {}\n",
        p.step.title(),
        p.summary,
        p.undo
    );
    for note in &p.notes {
        out.push_str(&format!("Note: {note}\n"));
    }
    for blocker in &p.blockers {
        out.push_str(&format!(
            "Blocked: {} {}\n",
            blocker.message, blocker.what_to_do
        ));
    }
    for action in &p.actions {
        out.push_str(&format!("  - {}\n", action.description));
    }
    if let Some(portal) = &p.portal {
        out.push_str(&format!("Open {}\n", portal.url));
        for (n, line) in portal.instructions.iter().enumerate() {
            out.push_str(&format!("  {}. {line}\n", n + 1));
        }
        for item in &portal.items {
            out.push_str(&format!("  * {}\n", item.text));
        }
        // The app's own English words for the warnings (one catalogue for both).
        for key in &portal.cautions {
            let text = Lang::En.fill(key, &[("name", account)]);
            out.push_str(&format!("Caution: {text}\n"));
        }
    }
    out
}

pub fn applied(a: &Applied) -> String {
    let r = &a.report;
    let mut out = format!(
        "{} done, {} already done, {} failed, {} skipped{}\n",
        r.succeeded,
        r.already_done,
        r.failed.len(),
        r.skipped,
        if r.cancelled { ", cancelled" } else { "" }
    );
    for failed in &r.failed {
        out.push_str(&format!(
            "  failed: {} ({})\n",
            failed.description, failed.error
        ));
    }
    out.push_str(&verification(&a.verification));
    out
}

/// The closure report in text: every action with its time and Microsoft's request id.
pub fn report(record: &JournalRecord) -> String {
    let mut out = format!(
        "Closure of {} (tenant {}) by {}\n",
        record.org_name, record.tenant_id, record.admin_upn
    );
    for c in &record.confirmations {
        out.push_str(&format!(
            "{}  confirmed {} by typing \"{}\"\n",
            c.at, c.step, c.typed
        ));
    }
    for a in &record.actions {
        let (at, result, id) = match &a.outcome {
            Some(o) => (
                o.at.to_string(),
                if o.ok { "ok" } else { "FAILED" },
                o.request_id.clone().unwrap_or_default(),
            ),
            None => (a.intended_at.to_string(), "not confirmed", String::new()),
        };
        out.push_str(&format!("{at}  {result:<13} {}  {id}\n", a.what.english()));
    }
    if let Some(at) = record.dates.tenant_deleted_at {
        out.push_str(&format!("Organization deleted: {}\n", format_day(at)));
    }
    out
}
