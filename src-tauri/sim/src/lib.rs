//! The practice tenant: an emulator of Microsoft Graph, Microsoft sign-in and the admin portals.
//!
//! It behaves like Microsoft (paths, JSON shapes, status codes, error bodies, throttling,
//! lifecycle), so Closeout can be rehearsed and tested without a real organization.
//!
//! ```no_run
//! # async fn demo() -> Result<(), String> {
//! let sim = closeout_sim::Sim::start(closeout_sim::SimOptions::scenario("bakery")).await?;
//! println!("Graph at {}/v1.0, sign-in at {}", sim.base_url(), sim.authority());
//! sim.shutdown().await;
//! # Ok(()) }
//! ```

mod app;
mod arm;
mod auth;
mod clock;
mod dns;
mod faults;
mod graph;
mod html;
mod options;
mod portal;
mod scenarios;
mod server;
mod state;
mod stats;
mod throttle;

pub use options::{Faults, Latency, SimOptions, TargetedFault};
pub use scenarios::{
    check_name as check_scenario, CLIENT_ID, NAMES as SCENARIOS, PARTNER_TENANT, PUBLISHER_TENANT,
};
pub use state::content::{ContentOptions, SimQuickXor};
pub use stats::{Deletion, Stats};

use app::{Shared, SimState};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running practice tenant on 127.0.0.1.
pub struct Sim {
    state: Shared,
    tenant_id: String,
    admin_upn: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    /// The practice company's DNS server (UDP and TCP on this address).
    dns_addr: std::net::SocketAddr,
    dns_task: Option<JoinHandle<()>>,
}

impl Sim {
    /// Builds the scenario and starts serving on 127.0.0.1 (`opts.port`, 0 = any free port).
    pub async fn start(opts: SimOptions) -> Result<Sim, String> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", opts.port))
            .await
            .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", opts.port))?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let clock = clock::SimClock::new(opts.clock_speed);
        let mut ids = state::ids::Ids::new(opts.seed);
        let mut tenant = scenarios::build(&opts.scenario, &mut ids, &clock)?;
        tenant.concealed_names = opts.concealed_report_names;
        if opts.odd_shapes {
            scenarios::make_odd(&mut tenant, &mut ids, clock.now());
        }
        let tenant_id = tenant.id.clone();
        let dns = Arc::new(dns::server::PracticeDns::new(dns::zones::practice_zones(
            &tenant,
            clock.now(),
        )));
        let (dns_addr, dns_task) = dns::server::serve(dns.clone()).await?;
        let admin_upn = tenant
            .users
            .get(&tenant.signed_in_user)
            .map(|u| u.upn.clone())
            .unwrap_or_default();
        let azure = arm::state::seed(&opts.scenario, &tenant, &mut ids);
        let world = state::World {
            tenant,
            auth: auth::store::AuthStore::default(),
            ids,
            client_id: CLIENT_ID.to_string(),
            publisher_tenant: PUBLISHER_TENANT.to_string(),
            downloads: Default::default(),
            azure,
            content: state::content::Content::new(
                state::content::ContentOptions {
                    throttled: opts.throttling && opts.content.throttled,
                    ..opts.content.clone()
                },
                opts.seed,
            ),
        };
        let state = Arc::new(SimState {
            world: Mutex::new(world),
            clock,
            stats: Mutex::new(Stats::default()),
            throttle: Mutex::new(throttle::Throttle::new(opts.throttling)),
            dice: Mutex::new(faults::FaultDice::new(&opts)),
            targeted: Mutex::new(opts.targeted_faults.clone()),
            base_url: format!("http://127.0.0.1:{port}"),
            dns,
            opts,
        });
        let (stop, stopped) = oneshot::channel();
        let router = app::router(state.clone());
        let task = tokio::spawn(server::serve(listener, router, stopped));
        tracing::info!(scenario = %state.opts.scenario, base = %state.base_url, "practice tenant started");
        Ok(Sim {
            state,
            tenant_id,
            admin_upn,
            stop: Some(stop),
            task: Some(task),
            dns_addr,
            dns_task: Some(dns_task),
        })
    }

    /// From now on, requests whose path matches one of `faults` answer its status (an empty
    /// list ends them): "security defaults answer 403 until the test says otherwise".
    pub fn set_targeted_faults(&self, faults: Vec<TargetedFault>) {
        *app::lock(&self.state.targeted) = faults;
    }

    /// `http://127.0.0.1:PORT`; Graph lives at `{base}/v1.0/...` and `{base}/beta/...`.
    pub fn base_url(&self) -> &str {
        &self.state.base_url
    }

    /// `http://127.0.0.1:PORT/organizations`: `{authority}/oauth2/v2.0/authorize|token|devicecode`.
    pub fn authority(&self) -> String {
        format!("{}/organizations", self.state.base_url)
    }

    /// `http://127.0.0.1:PORT/arm`: Azure Resource Manager (what `https://management.azure.com`
    /// is for Microsoft), for tokens asked with the `.../user_impersonation` ARM scope.
    pub fn arm_url(&self) -> String {
        format!("{}{}", self.state.base_url, arm::PREFIX)
    }

    /// `http://127.0.0.1:PORT/portal`: the practice admin center and Entra pages.
    pub fn portal_url(&self) -> String {
        format!("{}/portal", self.state.base_url)
    }

    /// The practice company's DNS server: point a resolver here to see its zones.
    pub fn dns_addr(&self) -> std::net::SocketAddr {
        self.dns_addr
    }

    /// `http://127.0.0.1:PORT/portal/registrar`: the zones, and "Move email to another provider".
    pub fn registrar_url(&self) -> String {
        format!("{}/portal/registrar", self.state.base_url)
    }

    /// The practice app's client id (a public client; no secret).
    pub fn client_id(&self) -> &str {
        CLIENT_ID
    }

    pub fn tenant_id(&self) -> &str {
        &self.tenant_id
    }

    /// The user the practice sign-in signs in (in `not-admin`, not an administrator), as the
    /// scenario started; see [`Sim::signed_in_upn`] after a sign-in name change.
    pub fn admin_upn(&self) -> &str {
        &self.admin_upn
    }

    /// The organization's display name, as the practice sign-in page and Graph show it.
    pub fn organization_name(&self) -> String {
        self.state.world().tenant.display_name.clone()
    }

    /// The display name of the user the practice sign-in signs in.
    pub fn signed_in_name(&self) -> String {
        let w = self.state.world();
        w.tenant
            .users
            .get(&w.tenant.signed_in_user)
            .map(|u| u.display_name.clone())
            .unwrap_or_default()
    }

    /// The signed-in user's sign-in name now (it changes when moved off a custom domain).
    pub fn signed_in_upn(&self) -> String {
        let w = self.state.world();
        w.tenant
            .users
            .get(&w.tenant.signed_in_user)
            .map(|u| u.upn.clone())
            .unwrap_or_default()
    }

    /// The simulated "now" that lifecycle dates are computed from.
    pub fn now(&self) -> time::OffsetDateTime {
        self.state.clock.now()
    }

    /// Moves the simulated clock forward (subscription lifecycle, token and code expiry).
    pub fn advance_clock(&self, by: Duration) {
        self.state.clock.advance(by);
    }

    /// A snapshot of what the sim has seen so far.
    pub fn stats(&self) -> Stats {
        self.state.stats().clone()
    }

    /// The most mailboxes that were being answered a mail request at the same moment (with
    /// throttling on): how far a backup saves mailboxes side by side.
    pub fn mail_peak_mailboxes(&self) -> usize {
        self.state.world().content.mail_peak_mailboxes
    }

    /// Gives the signed-in owner Full Access to a person's mailbox (as the practice Exchange
    /// admin page does): it works after [`ContentOptions::grant_delay_secs`]. False: no such person.
    pub fn grant_mailbox_access(&self, user: &str) -> bool {
        self.grant(user, true)
    }

    /// Makes the owner an owner of a person's OneDrive ("Create link to files"), after the delay.
    pub fn grant_drive_access(&self, user: &str) -> bool {
        self.grant(user, false)
    }

    /// Both grants for everyone but the signed-in owner (tests and benchmarks of a full backup).
    pub fn grant_everyone(&self) {
        let now = self.state.clock.now();
        let mut w = self.state.world();
        let others: Vec<String> = w
            .tenant
            .users
            .keys()
            .filter(|id| **id != w.tenant.signed_in_user)
            .cloned()
            .collect();
        for id in others {
            w.content.grant_access(&id, true, now);
            w.content.grant_access(&id, false, now);
        }
    }

    fn grant(&self, user: &str, mail: bool) -> bool {
        let mut w = self.state.world();
        let Some(id) = w.tenant.find_user_id(user) else {
            return false;
        };
        w.content.grant_access(&id, mail, self.state.clock.now());
        true
    }

    /// Every delta and skip token issued so far stops working (410), as when Microsoft loses
    /// a sync state.
    pub fn expire_delta_tokens(&self) {
        self.state.world().content.sync_epoch += 1;
    }

    /// Changes between two backups (the practice's mail and files otherwise never change):
    /// a message arrives in a person's Inbox; returns its id (`None`: no such person).
    pub fn deliver_message(&self, user: &str, subject: &str) -> Option<String> {
        let now = self.state.clock.now();
        let mut w = self.state.world();
        let id = w.tenant.find_user_id(user)?;
        Some(w.content.mailbox_mut(&id, now).deliver(0, subject, now))
    }

    /// A message is deleted for good from a person's mailbox.
    pub fn delete_message(&self, user: &str, message_id: &str) -> bool {
        let now = self.state.clock.now();
        let mut w = self.state.world();
        let Some(id) = w.tenant.find_user_id(user) else {
            return false;
        };
        w.content.mailbox_mut(&id, now).delete(message_id)
    }

    /// A file of `size` generated bytes is saved as `Documents/NAME` in a person's OneDrive
    /// (new, or new content for the file of that name); returns its id.
    pub fn put_file(&self, user: &str, name: &str, size: u64) -> Option<String> {
        let now = self.state.clock.now();
        let mut w = self.state.world();
        let id = w.tenant.find_user_id(user)?;
        Some(w.content.drive(&id, now).put(1, name, size, now))
    }

    /// A folder or file in a person's OneDrive is renamed (the first one called `name`).
    pub fn rename_in_drive(&self, user: &str, name: &str, new_name: &str) -> bool {
        let now = self.state.clock.now();
        let mut w = self.state.world();
        let Some(id) = w.tenant.find_user_id(user) else {
            return false;
        };
        w.content.drive(&id, now).rename(name, new_name, now)
    }

    /// A file is deleted from a person's OneDrive.
    pub fn delete_file(&self, user: &str, item_id: &str) -> bool {
        let now = self.state.clock.now();
        let mut w = self.state.world();
        let Some(id) = w.tenant.find_user_id(user) else {
            return false;
        };
        w.content.drive(&id, now).delete(item_id)
    }

    /// Every `@microsoft.graph.downloadUrl` issued so far stops working.
    pub fn expire_download_links(&self) {
        self.state.world().content.links.clear();
    }

    /// Stops serving and drops every open connection.
    pub async fn shutdown(mut self) {
        self.stop_now();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    fn stop_now(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(dns) = self.dns_task.take() {
            dns.abort();
        }
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        self.stop_now();
    }
}

#[cfg(test)]
mod tests {
    /// The app keeps a running practice tenant in shared state across threads.
    #[test]
    fn sim_can_be_shared_across_threads() {
        fn shareable<T: Send + Sync + 'static>() {}
        shareable::<super::Sim>();
        shareable::<super::Stats>();
        shareable::<super::SimOptions>();
    }
}
