//! While the app runs: a task that sleeps until the next reminder's date (at most an hour, so
//! a changed clock or a laptop waking up is noticed), then shows an OS notification in the
//! owner's language and tells the page to redraw its reminders banner.
//!
//! Commands that change the journal (or the practice clock) call [`Watch::changed`], which
//! wakes the task to decide again. A notification that cannot be shown (no notification
//! service, as under Xvfb) is logged; the banner still shows the reminder.

use crate::clock::now;
use crate::reminders::{agenda_for, decide, key, notification_text, MAX_SLEEP};
use crate::state::AppState;
use closeout_core::backup::{Lang, Reminder};
use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;
use time::OffsetDateTime;
use tokio::sync::Notify;

/// The watcher's handle in [`AppState`].
#[derive(Default)]
pub struct Watch {
    changed: Notify,
    inner: Mutex<Watching>,
}

#[derive(Default)]
struct Watching {
    running: bool,
    /// When watching (re)started: reminders due before are in the banner, not notified.
    since: Option<OffsetDateTime>,
    announced: HashSet<String>,
    lang: Lang,
    /// The page's reminders banner, told to redraw after a notification.
    banner: Option<Channel<()>>,
}

impl Watch {
    /// Something the reminders come from changed: decide again now.
    pub fn changed(&self) {
        self.changed.notify_one();
    }

    /// The language of the next notifications (the page's current one).
    pub fn set_lang(&self, lang: Lang) {
        self.inner.lock().unwrap().lang = lang;
    }

    /// Starts watching from `since` (the first call spawns the task; later calls, after another
    /// sign-in, start over) and redraws `banner` after each notification.
    pub fn start<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        since: OffsetDateTime,
        banner: Channel<()>,
    ) {
        let mut inner = self.inner.lock().unwrap();
        inner.since = Some(since);
        inner.announced.clear();
        inner.banner = Some(banner);
        if !std::mem::replace(&mut inner.running, true) {
            tauri::async_runtime::spawn(run(app.clone()));
        }
        drop(inner);
        self.changed();
    }
}

async fn run<R: Runtime>(app: AppHandle<R>) {
    loop {
        let sleep = tick(&app).await;
        let state = app.state::<AppState>();
        tokio::select! {
            _ = tokio::time::sleep(sleep) => {}
            _ = state.reminders.changed.notified() => {}
        }
    }
}

/// One decision: announces what arrived and returns how long to sleep.
async fn tick<R: Runtime>(app: &AppHandle<R>) -> Duration {
    let state = app.state::<AppState>();
    let now = now(&state);
    let lang = state.reminders.inner.lock().unwrap().lang;
    let agenda = {
        let Ok(signed) = state.signed_in() else {
            return MAX_SLEEP;
        };
        let Ok(session) = signed.closure().await else {
            return MAX_SLEEP;
        };
        agenda_for(session.journal(), lang, now)
    };
    let (wake, banner) = {
        let mut inner = state.reminders.inner.lock().unwrap();
        let since = *inner.since.get_or_insert(now);
        let wake = decide(&agenda, now, since, &inner.announced);
        inner.announced.extend(wake.notify.iter().map(key));
        (wake, inner.banner.clone())
    };
    for reminder in &wake.notify {
        announce(app, reminder);
    }
    if let (false, Some(banner)) = (wake.notify.is_empty(), banner) {
        if let Err(e) = banner.send(()) {
            tracing::warn!(error = %e, "the reminders banner could not be told to redraw");
        }
    }
    wake.sleep
}

/// Shows the OS notification off the async runtime (the notification service may be slow or
/// missing); failures are logged only.
fn announce<R: Runtime>(app: &AppHandle<R>, reminder: &Reminder) {
    tracing::info!(kind = ?reminder.kind, "reminder arrived");
    let (title, body) = notification_text(reminder);
    show(app, title, body);
}

/// One OS notification, shown off the async runtime; failures are logged only (the page
/// says the same thing). Also used when a backup finishes or needs the owner.
pub fn show<R: Runtime>(app: &AppHandle<R>, title: String, body: String) {
    if app
        .try_state::<tauri_plugin_notification::Notification<R>>()
        .is_none()
    {
        tracing::warn!("no notification plugin: shown in the app only");
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        match app.notification().builder().title(title).body(body).show() {
            Ok(()) => tracing::info!("notification shown"),
            Err(e) => tracing::warn!(error = %e, "the notification could not be shown"),
        }
    });
}
