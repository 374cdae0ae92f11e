//! The Tauri shell: window, plugins and thin commands over `closeout-core`.
//!
//! Nothing here decides anything about closing an organization; it only carries intents from
//! the UI to the core and results (or `{code, message, details}` errors) back.

pub mod clock;
pub mod commands;
pub mod journey;
pub mod links;
pub mod logging;
pub mod notifier;
pub mod paths;
pub mod practice;
pub mod preferences;
pub mod reminders;
pub mod startup;
pub mod state;
pub mod target;
pub mod updater;
pub mod views;

use tauri::Manager;

include!("commands/list.rs");

/// Every command the UI may invoke (`build.rs` grants exactly these).
pub const COMMANDS: &[&str] = app_commands!(command_names);

macro_rules! invoke_handler {
    ($($module:ident :: $command:ident),* $(,)?) => {
        tauri::generate_handler![$(commands::$module::$command),*]
    };
}

/// Adds the app's state and commands to `builder`; `run` and the mock-runtime tests share it.
pub fn with_commands<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    startup: startup::Startup,
) -> tauri::Builder<R> {
    builder
        .manage(state::AppState::new(startup))
        .manage(updater::Updates::default())
        .invoke_handler(app_commands!(invoke_handler))
}

/// Keeps every window on the app's own pages (security review L9): any other navigation (a
/// link the page did not route through `open_url`, a script setting `location`) is refused
/// and logged with its host only. Addresses meant for the browser go through `open_url`.
fn navigation_guard<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|webview, url| {
            let dev_url = webview.config().build.dev_url.as_ref();
            let allowed = links::is_app_address(url, dev_url);
            if !allowed {
                tracing::warn!(
                    scheme = url.scheme(),
                    host = url.host_str().unwrap_or_default(),
                    "refused to navigate the window away from Closeout"
                );
            }
            allowed
        })
        .build()
}

/// Keeps the log file writer alive (and flushed) for as long as the app runs.
struct LogGuard(#[allow(dead_code)] Option<tracing_appender::non_blocking::WorkerGuard>);

/// Starts the desktop app.
pub fn run() {
    let startup = startup::Startup::from_process();
    // An unknown practice name is refused before any window opens, naming the ones that exist.
    if let Some(Err(refusal)) = startup
        .practice_scenario
        .as_deref()
        .map(closeout_sim::check_scenario)
    {
        eprintln!("closeout: {refusal}");
        std::process::exit(2);
    }
    // Single-instance first: a second launch must only bring the first window forward, so two
    // windows can never work on the same organization at once.
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(navigation_guard())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        // Reminders are notified from Rust (crate::notifier); the page gets no permission.
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            let log_dir = app.path().app_log_dir().ok();
            app.manage(LogGuard(logging::init(log_dir.as_deref())));
            tracing::info!(
                version = env!("CARGO_PKG_VERSION"),
                log_dir = ?log_dir,
                "Closeout started"
            );
            Ok(())
        });
    let mut context = tauri::generate_context!();
    let builder = updater::with_updater(builder, &mut context, updater::Feed::built_in());
    with_commands(builder, startup)
        .run(context)
        .expect("error while running Closeout");
}
