//! Updates the owner can trust (issue 16 item 3): a closure spans weeks, so a fix must be able
//! to reach an owner halfway through, but only one the publisher signed, and only on their yes.
//!
//! - Only builds with the publisher's updater public key and feed built in (the release
//!   workflow sets `CLOSEOUT_UPDATER_PUBKEY` and `CLOSEOUT_UPDATE_URL` at compile time, like
//!   the built-in client id) have the updater at all; development builds never check.
//! - It looks at start-up and then once a day while the app stays open (by the wall clock, so
//!   a laptop that slept through the night looks when it wakes), never while the practice
//!   company is open or when the app was started on it: practice is no reason to update.
//! - Installing happens only when the owner says yes, never while a closure step runs (the
//!   app restarts to finish), and never with a download that fails the publisher's signature:
//!   tauri-plugin-updater checks the minisign signature of the downloaded bytes against the
//!   built-in key before anything is installed, and a refusal is told in plain words.
//! - Windows and macOS only: the updater version on our HTTP stack (2.9, see Cargo.toml)
//!   cannot pick a `.deb` out of the release feed, so Debian/Ubuntu owners install the new
//!   package as they installed the first.
//!
//! A failed look at the feed is only logged: an owner offline for a day needs no alarm.

use crate::state::AppState;
use closeout_core::auth::config::require_secure;
use closeout_core::{Error, ErrorCode, Result};
use serde::Serialize;
use serde_json::{json, Value};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_updater::{Update, UpdaterExt};
use url::Url;

/// The publisher's updater public key (the `.pub` file `tauri signer generate` writes).
const BUILT_IN_PUBKEY: Option<&str> = option_env!("CLOSEOUT_UPDATER_PUBKEY");
/// The update feed (`latest.json`), published with each release.
const BUILT_IN_FEED: Option<&str> = option_env!("CLOSEOUT_UPDATE_URL");

/// Whether this platform's builds update themselves (see the module doc).
pub const UPDATES_HERE: bool = cfg!(any(target_os = "windows", target_os = "macos"));

/// How long after one look at the feed the next one is due.
const CHECK_EVERY: Duration = Duration::from_secs(24 * 60 * 60);
/// How often the checker wakes to see whether a look is due.
const WAKE_EVERY: Duration = Duration::from_secs(15 * 60);
/// How long a look at the feed may take before it is given up (downloads take what they take).
const NETWORK_TIMEOUT: Duration = Duration::from_secs(120);

/// Where the updates come from and the key their downloads must be signed with.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    pub pubkey: String,
    pub url: Url,
}

impl Feed {
    /// The feed built into this binary; `None` for development builds and on Linux (and a
    /// warning when only half of it, or a malformed one, was built in).
    pub fn built_in() -> Option<Feed> {
        match (BUILT_IN_PUBKEY, BUILT_IN_FEED) {
            (None, None) => None,
            _ if !UPDATES_HERE => {
                tracing::info!("this platform's builds do not update themselves");
                None
            }
            (Some(pubkey), Some(url)) => Feed::new(pubkey, url)
                .inspect_err(|e| tracing::warn!(error = %e, "the built-in update feed is unusable"))
                .ok(),
            _ => {
                tracing::warn!("only one of the updater's key and feed is built in: no updates");
                None
            }
        }
    }

    /// A feed at `url` (`https`, or `http` on this computer only) checked against `pubkey`.
    pub fn new(pubkey: &str, url: &str) -> Result<Feed> {
        let pubkey = pubkey.trim();
        if pubkey.is_empty() {
            return Err(Error::new(
                ErrorCode::Config,
                "the updater's public key is empty",
            ));
        }
        let url = require_secure("the update feed", url.trim())?;
        Ok(Feed {
            pubkey: pubkey.to_owned(),
            url,
        })
    }

    /// The plugin's `plugins.updater` configuration: this feed's key and address over whatever
    /// the release configuration put there (it keeps Windows' install mode). Plain `http` is
    /// only ever allowed for a feed on this computer, which [`Feed::new`] already enforces.
    fn plugin_config(&self, configured: Option<&Value>) -> Value {
        let mut config = configured.cloned().unwrap_or_else(|| json!({}));
        if !config.is_object() {
            config = json!({});
        }
        config["pubkey"] = json!(self.pubkey);
        config["endpoints"] = json!([self.url.as_str()]);
        config["dangerousInsecureTransportProtocol"] = json!(self.url.scheme() == "http");
        config
    }
}

/// Adds the updater plugin when there is a `feed`; without one the app has no updater.
pub fn with_updater<R: Runtime>(
    builder: tauri::Builder<R>,
    context: &mut tauri::Context<R>,
    feed: Option<Feed>,
) -> tauri::Builder<R> {
    let Some(feed) = feed else {
        return builder;
    };
    let plugins = &mut context.config_mut().plugins.0;
    let config = feed.plugin_config(plugins.get("updater"));
    plugins.insert("updater".into(), config);
    let updater = tauri_plugin_updater::Builder::new()
        .pubkey(feed.pubkey.clone())
        .build();
    let checker = tauri::plugin::Builder::<R>::new("closeout-updates")
        .setup(move |app, _| {
            let _ = app.state::<Updates>().feed.set(feed);
            tauri::async_runtime::spawn(run(app.clone()));
            Ok(())
        })
        .build();
    builder.plugin(updater).plugin(checker)
}

/// Where updates stand, as the banner shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UpdateState {
    /// No updater in this build, or the practice company is open: nothing to show.
    Off,
    /// Not looked yet, or nothing newer.
    None,
    /// A newer version is offered; it waits for the owner's yes.
    Available,
    /// Downloading, checking its signature and installing.
    Installing,
    /// The download did not carry the publisher's signature: nothing was installed.
    Refused,
    /// Fetching or installing failed; the offer stands, the owner may try again.
    Failed,
}

impl UpdateState {
    pub fn as_str(self) -> &'static str {
        match self {
            UpdateState::Off => "off",
            UpdateState::None => "none",
            UpdateState::Available => "available",
            UpdateState::Installing => "installing",
            UpdateState::Refused => "refused",
            UpdateState::Failed => "failed",
        }
    }
}

/// What the banner shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateView {
    pub state: UpdateState,
    /// The version offered (or refused).
    pub version: Option<String>,
    /// The publisher's release notes, as the feed gives them.
    pub notes: Option<String>,
    /// Why the last install did not happen (`update_refused`, `update_failed`...).
    pub error: Option<Error>,
}

/// The updater's state, managed by Tauri in every build (off without a feed).
#[derive(Default)]
pub struct Updates {
    feed: OnceLock<Feed>,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    last_look: Option<SystemTime>,
    offered: Option<Update>,
    state: Option<UpdateState>,
    error: Option<Error>,
    /// The page's banner, told to redraw when something changed.
    banner: Option<Channel<()>>,
}

impl Updates {
    /// What the banner shows now; `Off` without a feed or while `practising`.
    pub fn view(&self, practising: bool) -> UpdateView {
        let inner = self.inner.lock().unwrap();
        let off = self.feed.get().is_none() || practising;
        UpdateView {
            state: match inner.state {
                _ if off => UpdateState::Off,
                Some(state) => state,
                None => UpdateState::None,
            },
            version: inner.offered.as_ref().map(|u| u.version.clone()),
            notes: inner.offered.as_ref().and_then(|u| u.body.clone()),
            error: inner.error.clone(),
        }
    }

    /// The banner to tell when something changes (the page's latest one wins).
    pub fn watch(&self, banner: Channel<()>) {
        self.inner.lock().unwrap().banner = Some(banner);
    }

    /// Moves to `Installing`, unless an install is already under way (a second click).
    fn begin_install(&self) -> Result<()> {
        self.change(|inner| {
            if inner.state == Some(UpdateState::Installing) {
                return Err(Error::new(
                    ErrorCode::InvalidInput,
                    "the update is being installed",
                ));
            }
            inner.state = Some(UpdateState::Installing);
            inner.error = None;
            Ok(())
        })
    }

    /// Records `state` (with the offer and error it leaves) and tells the banner.
    fn set(&self, state: UpdateState, offered: Option<Option<Update>>, error: Option<Error>) {
        self.change(|inner| {
            inner.state = Some(state);
            if let Some(offered) = offered {
                inner.offered = offered;
            }
            inner.error = error;
        })
    }

    /// Applies `change` under one lock, then tells the banner to redraw.
    fn change<T>(&self, change: impl FnOnce(&mut Inner) -> T) -> T {
        let (result, banner) = {
            let mut inner = self.inner.lock().unwrap();
            (change(&mut inner), inner.banner.clone())
        };
        if let Some(Err(e)) = banner.map(|b| b.send(())) {
            tracing::warn!(error = %e, "the update banner could not be told to redraw");
        }
        result
    }
}

/// Whether a look at the feed is due: never looked, a day gone by, or the clock set back.
pub fn due(last_look: Option<SystemTime>, now: SystemTime) -> bool {
    match last_look {
        None => true,
        Some(last) => now
            .duration_since(last)
            .map_or(true, |gone| gone >= CHECK_EVERY),
    }
}

/// Whether the practice company is open, or the app was started on it.
pub fn practising(state: &AppState) -> bool {
    state.startup.practice_scenario.is_some() || state.practice_origin().is_some()
}

/// Why an update may not be installed now, if it may not.
fn not_now(practising: bool, step_running: bool) -> Option<Error> {
    if practising {
        return Some(Error::new(
            ErrorCode::UpdateNotInPractice,
            "updates are not installed while the practice company is open",
        ));
    }
    step_running.then(|| {
        Error::new(
            ErrorCode::UpdateWaitForStep,
            "an update is installed only when no closure step is running",
        )
    })
}

fn not_now_in<R: Runtime>(app: &AppHandle<R>) -> Option<Error> {
    let state = app.state::<AppState>();
    let step_running = state.step_cancel.lock().unwrap().is_some();
    not_now(practising(&state), step_running)
}

async fn run<R: Runtime>(app: AppHandle<R>) {
    loop {
        let last_look = app.state::<Updates>().inner.lock().unwrap().last_look;
        if due(last_look, SystemTime::now()) && !practising(&app.state::<AppState>()) {
            look(&app).await;
        }
        tokio::time::sleep(WAKE_EVERY).await;
    }
}

/// Looks at the feed once; an answer replaces the offer, a failure is only logged.
pub async fn look<R: Runtime>(app: &AppHandle<R>) {
    let updates = app.state::<Updates>();
    let Some(feed) = updates.feed.get() else {
        return;
    };
    updates.inner.lock().unwrap().last_look = Some(SystemTime::now());
    let checked = async {
        app.updater_builder()
            .endpoints(vec![feed.url.clone()])?
            .timeout(NETWORK_TIMEOUT)
            .build()?
            .check()
            .await
    };
    match checked.await {
        Ok(Some(update)) => {
            tracing::info!(version = %update.version, "an update is offered");
            updates.set(UpdateState::Available, Some(Some(update)), None);
        }
        Ok(None) => updates.set(UpdateState::None, Some(None), None),
        Err(e) => tracing::warn!(error = %e, "could not look for updates"),
    }
}

/// The update offered.
pub fn offered<R: Runtime>(app: &AppHandle<R>) -> Result<Update> {
    let offered = app.state::<Updates>().inner.lock().unwrap().offered.clone();
    offered.ok_or_else(|| Error::new(ErrorCode::InvalidInput, "no update is offered"))
}

/// Downloads `update`; the plugin returns the bytes only if they carry the publisher's
/// signature (minisign, against the built-in key).
pub async fn download_verified(update: &Update) -> Result<Vec<u8>> {
    update.download(|_, _| {}, || {}).await.map_err(failure)
}

/// The owner said yes: download, let the plugin check the publisher's signature, install and
/// restart. Refused in practice or while a step runs (before and after the download).
pub async fn install<R: Runtime>(app: &AppHandle<R>) -> Result<()> {
    let updates = app.state::<Updates>();
    if let Some(refusal) = not_now_in(app) {
        return Err(refusal);
    }
    let update = offered(app)?;
    updates.begin_install()?;
    let installed = async {
        let bytes = download_verified(&update).await?;
        if let Some(refusal) = not_now_in(app) {
            return Err(refusal);
        }
        // Never reached by a shipped Linux build (it has no feed); the tests, which run the
        // plugin on Linux, must not let it overwrite their own binary as an AppImage.
        if !UPDATES_HERE {
            return Err(Error::new(
                ErrorCode::UpdateFailed,
                "this platform's builds do not install updates themselves",
            ));
        }
        update.install(bytes).map_err(failure)
    };
    match installed.await {
        Ok(()) => {
            tracing::info!(version = %update.version, "update installed: restarting");
            app.restart()
        }
        Err(e) => {
            tracing::warn!(error = %e, version = %update.version, "update not installed");
            match e.code {
                // A bad download is not offered again until the feed is read anew.
                ErrorCode::UpdateRefused => {
                    updates.set(UpdateState::Refused, None, Some(e.clone()))
                }
                ErrorCode::UpdateFailed => updates.set(UpdateState::Failed, None, Some(e.clone())),
                _ => updates.set(UpdateState::Available, None, Some(e.clone())),
            }
            Err(e)
        }
    }
}

/// The plugin's error as the app's: a signature that does not verify (or cannot be read) is a
/// refusal; anything else a failure.
pub fn failure(error: tauri_plugin_updater::Error) -> Error {
    use tauri_plugin_updater::Error as E;
    match error {
        E::Minisign(_) | E::Base64(_) | E::SignatureUtf8(_) => Error::new(
            ErrorCode::UpdateRefused,
            format!("the update's signature does not match the publisher's key: {error}"),
        ),
        other => Error::new(
            ErrorCode::UpdateFailed,
            format!("the update failed: {other}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXk=";

    #[test]
    fn a_feed_is_https_or_on_this_computer_and_has_a_key() {
        assert!(Feed::new(KEY, "https://example.com/latest.json").is_ok());
        assert!(Feed::new(KEY, "http://127.0.0.1:8080/latest.json").is_ok());
        for bad in [
            "http://example.com/latest.json",
            "file:///tmp/latest.json",
            "latest.json",
        ] {
            let err = Feed::new(KEY, bad).unwrap_err();
            assert_eq!(err.code, ErrorCode::Config, "{bad}");
        }
        let err = Feed::new("  ", "https://example.com/latest.json").unwrap_err();
        assert_eq!(err.code, ErrorCode::Config);
    }

    #[test]
    fn the_plugin_configuration_keeps_the_install_mode_and_allows_http_only_on_loopback() {
        let release = json!({"pubkey": "other", "windows": {"installMode": "passive"}});
        let feed = Feed::new(KEY, "https://example.com/latest.json").unwrap();
        let config = feed.plugin_config(Some(&release));
        assert_eq!(config["pubkey"], KEY);
        assert_eq!(
            config["endpoints"],
            json!(["https://example.com/latest.json"])
        );
        assert_eq!(config["windows"]["installMode"], "passive");
        assert_eq!(config["dangerousInsecureTransportProtocol"], false);
        let local = Feed::new(KEY, "http://127.0.0.1:9/latest.json").unwrap();
        assert_eq!(
            local.plugin_config(None)["dangerousInsecureTransportProtocol"],
            true
        );
    }

    #[test]
    fn a_look_is_due_at_start_then_a_day_later_or_when_the_clock_went_back() {
        let now = SystemTime::now();
        assert!(due(None, now));
        assert!(!due(Some(now - Duration::from_secs(23 * 3600)), now));
        assert!(due(Some(now - CHECK_EVERY), now));
        assert!(due(Some(now + Duration::from_secs(3600)), now));
    }

    #[test]
    fn no_install_in_practice_nor_while_a_step_runs() {
        assert_eq!(not_now(false, false), None);
        let code = |p, s| not_now(p, s).map(|e| e.code);
        assert_eq!(code(true, false), Some(ErrorCode::UpdateNotInPractice));
        assert_eq!(code(true, true), Some(ErrorCode::UpdateNotInPractice));
        assert_eq!(code(false, true), Some(ErrorCode::UpdateWaitForStep));
    }

    #[test]
    fn without_a_feed_or_while_practising_the_banner_is_off() {
        let updates = Updates::default();
        assert_eq!(updates.view(false).state, UpdateState::Off);
        updates
            .feed
            .set(Feed::new(KEY, "https://example.com/l.json").unwrap())
            .unwrap();
        assert_eq!(updates.view(false).state, UpdateState::None);
        assert_eq!(updates.view(true).state, UpdateState::Off);
    }

    #[test]
    fn states_travel_as_their_names() {
        for state in [
            UpdateState::Off,
            UpdateState::None,
            UpdateState::Available,
            UpdateState::Installing,
            UpdateState::Refused,
            UpdateState::Failed,
        ] {
            assert_eq!(serde_json::to_value(state).unwrap(), state.as_str());
        }
    }
}
