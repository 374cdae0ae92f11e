//! The Tauri shell: window, plugins and thin commands over `closeout-core`.
//!
//! Nothing here decides anything about closing an organization; it only carries intents from
//! the UI to the core and results (or `{code, message, details}` errors) back.

pub mod commands;
pub mod links;
pub mod logging;
pub mod notifier;
pub mod practice;
pub mod preferences;
pub mod reminders;
pub mod startup;
pub mod state;
pub mod target;

use tauri::Manager;

/// Adds the app's state and commands to `builder`; `run` and the mock-runtime tests share it.
pub fn with_commands<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    startup: startup::Startup,
) -> tauri::Builder<R> {
    builder
        .manage(state::AppState::new(startup))
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::remember_language,
            commands::links::open_url,
            commands::practice::start_practice,
            commands::practice::advance_practice_clock,
            commands::sign_in::sign_in,
            commands::sign_in::cancel_sign_in,
            commands::sign_in::start_device_code,
            commands::sign_in::finish_device_code,
            commands::sign_in::whoami,
            commands::sign_in::resume,
            commands::registration::registration,
            commands::registration::save_registration,
            commands::registration::forget_registration,
            commands::organization::organization,
            commands::backup::backup_checklist,
            commands::backup::answer_backup_item,
            commands::backup::override_backup,
            commands::report::save_report,
            commands::report::save_calendar,
            commands::reminders::reminders,
            commands::reminders::dismiss_reminder,
            commands::reminders::watch_reminders,
            commands::steps::plan_step,
            commands::steps::apply_step,
            commands::steps::cancel_step,
            commands::steps::verify_step,
            commands::steps::step_status,
        ])
}

/// Keeps the log file writer alive (and flushed) for as long as the app runs.
struct LogGuard(#[allow(dead_code)] Option<tracing_appender::non_blocking::WorkerGuard>);

/// Starts the desktop app.
pub fn run() {
    let startup = startup::Startup::from_process();
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
    with_commands(builder, startup)
        .run(tauri::generate_context!())
        .expect("error while running Closeout");
}
