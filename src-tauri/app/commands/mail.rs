//! "Your email and domain": the mail handover's table for each custom domain, from what
//! Microsoft expects (read from Graph while the domain exists, saved for after) and live DNS
//! (the system's resolvers; in practice, the practice company's DNS server).

use crate::state::AppState;
use closeout_core::mail_handover::{
    self, check_domains, expected, DnsConfig, DomainCheck, Provider,
};
use closeout_core::Result;
use serde::Serialize;
use tauri::State;

/// How often the open page checks again by itself: DNS changes take time to show.
pub const RECHECK_SECONDS: u32 = 60;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MailView {
    pub domains: Vec<MailDomainView>,
    pub recheck_seconds: u32,
    /// The practice registrar page, in practice mode (where "Move email" is rehearsed).
    pub registrar_url: Option<String>,
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
    })
}
