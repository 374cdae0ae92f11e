//! "Your email and domain": the mail handover's table for each custom domain, from what
//! Microsoft expects (read from Graph while the domain exists, saved for after) and live DNS
//! (the system's resolvers; in practice, the practice company's DNS server). Each check also
//! keeps the "check your email records" reminder day in the journal; the owner may choose it.

use crate::clock::now;
use crate::state::AppState;
use closeout_core::mail_handover::{
    self, check_domains, expected, follow_up, DnsConfig, DomainCheck, MailFollowUp, Provider,
};
use closeout_core::{Error, ErrorCode, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use tauri::State;
use time::Date;

/// How often the open page checks again by itself: DNS changes take time to show.
pub const RECHECK_SECONDS: u32 = 60;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MailView {
    pub domains: Vec<MailDomainView>,
    pub recheck_seconds: u32,
    /// The practice registrar page, in practice mode (where "Move email" is rehearsed).
    pub registrar_url: Option<String>,
    /// The next "check your email records" reminder, while the page says waiting.
    pub follow_up: Option<MailFollowUp>,
    /// The day "remind me" offers when the owner has not chosen one (`YYYY-MM-DD`).
    pub default_remind_on: String,
    /// The owner's "bought through Microsoft 365 on" answers (`YYYY-MM-DD`), by domain.
    pub bought_on: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MailDomainView {
    #[serde(flatten)]
    pub check: DomainCheck,
    /// Still in the organization (the domain step has not removed it yet).
    pub in_organization: bool,
    pub providers: Vec<Provider>,
}

/// Checks every custom domain (and those the domain step already removed) now.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn mail_handover(state: State<'_, AppState>) -> Result<MailView> {
    let (dns, registrar_url) = match state.practice.lock().await.as_ref() {
        Some(p) => (
            DnsConfig::servers(vec![p.sim.dns_addr()]),
            Some(p.sim.registrar_url()),
        ),
        None => (DnsConfig::default(), None),
    };
    let signed = state.signed_in()?;
    let mut session = signed.closure().await?;
    let inventory = session.inventory().await?;
    let data_dir = session.data_dir().to_path_buf();
    expected::remember(session.client(), &data_dir, &inventory).await;
    let purchased = mail_handover::purchased_domains(&session.findings(&inventory));
    let tenant = session.tenant_id().to_string();
    let current_follow_up = session.journal().dates.mail_follow_up;
    let bought_on = session
        .journal()
        .dates
        .domains_bought_on
        .iter()
        .map(|(domain, p)| (domain.clone(), p.on.to_string()))
        .collect();
    drop(session);

    let saved = expected::load(&data_dir, &tenant)?;
    let current: Vec<String> = inventory.custom_domains().map(|d| d.id.clone()).collect();
    let mut domains = current.clone();
    for d in saved.iter().flat_map(|s| s.domains.iter()) {
        if !domains.iter().any(|x| x.eq_ignore_ascii_case(&d.domain)) {
            domains.push(d.domain.clone());
        }
    }
    let checks = check_domains(&dns, &domains, saved.as_ref(), &purchased).await?;
    mail_handover::save_checks(&data_dir, &tenant, &checks)?;
    let today = now(&state).date();
    let follow_up = follow_up::after_check(current_follow_up, &checks, today);
    signed.closure().await?.set_mail_follow_up(follow_up)?;
    if follow_up != current_follow_up {
        state.reminders.changed();
    }
    Ok(MailView {
        domains: checks
            .into_iter()
            .map(|check| MailDomainView {
                in_organization: current
                    .iter()
                    .any(|d| d.eq_ignore_ascii_case(&check.domain)),
                providers: mail_handover::providers(&check.domain),
                check,
            })
            .collect(),
        recheck_seconds: RECHECK_SECONDS,
        registrar_url,
        follow_up,
        default_remind_on: follow_up::default_day(today).to_string(),
        bought_on,
    })
}

/// `YYYY-MM-DD` as a day, or the owner's input error.
fn day(text: &str) -> Result<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, &format).map_err(|_| {
        Error::new(
            ErrorCode::InvalidInput,
            "the day must be written YYYY-MM-DD",
        )
    })
}

/// The owner's answer to "bought through Microsoft 365 on" for `domain` (`YYYY-MM-DD`), kept in
/// the journal so the page shows it again on another day; `None` forgets it.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn remember_domain_purchase(
    state: State<'_, AppState>,
    domain: String,
    on: Option<String>,
) -> Result<()> {
    let on = on.filter(|o| !o.is_empty()).map(|o| day(&o)).transpose()?;
    let signed = state.signed_in()?;
    let mut session = signed.closure().await?;
    session.set_domain_bought_on(&domain, on)
}

/// The owner cannot make the changes now: remind them to check again on `on` (`YYYY-MM-DD`),
/// in the app's banner and in the calendar file. Only while the page says waiting.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn remind_mail_check(state: State<'_, AppState>, on: String) -> Result<MailFollowUp> {
    let chosen = follow_up::postpone(day(&on)?, now(&state).date())?;
    let signed = state.signed_in()?;
    let mut session = signed.closure().await?;
    if session.journal().dates.mail_follow_up.is_none() {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            "nothing is waiting on the email records: check them first",
        ));
    }
    session.set_mail_follow_up(Some(chosen))?;
    drop(session);
    state.reminders.changed();
    Ok(chosen)
}
