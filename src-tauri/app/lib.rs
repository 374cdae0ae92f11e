//! The Tauri shell: window, plugins and thin commands over `closeout-core`.
//!
//! Nothing here decides anything about closing an organization; it only carries intents from
//! the UI to the core and results (or `{code, message, details}` errors) back.

pub mod commands;

/// Builds the app with its plugins and commands; `run` and the tests share it.
pub fn builder<R: tauri::Runtime>() -> tauri::Builder<R> {
    tauri::Builder::<R>::new().invoke_handler(tauri::generate_handler![commands::app_info])
}

/// Starts the desktop app.
pub fn run() {
    builder::<tauri::Wry>()
        .run(tauri::generate_context!())
        .expect("error while running Closeout");
}
