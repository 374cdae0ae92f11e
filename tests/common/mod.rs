//! The app on Tauri's mock runtime, driven through its IPC as the page would drive it.
#![allow(dead_code)] // each test binary uses part of it

use serde_json::Value;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, OnceLock};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::INVOKE_KEY;
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::webview::InvokeRequest;
use tauri::{App, Context, WebviewWindow, WebviewWindowBuilder};

/// One app with a window named `main` (the one the capability is for).
pub struct MockApp {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

impl MockApp {
    /// The app's commands, with no ACL (Tauri's mock context).
    pub fn new() -> MockApp {
        MockApp::build(
            closeout_app::with_commands(mock_builder(), Default::default()),
            mock_context(noop_assets()),
        )
    }

    pub fn build(builder: tauri::Builder<MockRuntime>, context: Context<MockRuntime>) -> MockApp {
        let app = builder
            .build(context)
            .expect("the app builds on the mock runtime");
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("a mock window");
        MockApp { _app: app, window }
    }

    /// Invokes `command` as the page does; `Err` carries what the page's promise rejects with.
    pub fn invoke(&self, command: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: command.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request).map(|body| body.deserialize::<Value>().unwrap())
    }

    /// The app's handle (for code that takes one, as the commands do).
    pub fn handle(&self) -> &tauri::AppHandle<MockRuntime> {
        self._app.handle()
    }

    /// The error code a failed command answers with.
    pub fn code_of(&self, command: &str, args: Value) -> String {
        let error = self.invoke(command, args).expect_err(command);
        error["code"].as_str().unwrap_or_default().to_owned()
    }
}

/// A private data folder for this test process (`XDG_DATA_HOME`), and a lock so that tests
/// sharing it run one at a time. Call before building any app.
pub fn private_data() -> (PathBuf, MutexGuard<'static, ()>) {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    static LOCK: Mutex<()> = Mutex::new(());
    let dir = DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("closeout-app-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // Set once, before any app (and so any thread reading the environment) exists.
        std::env::set_var("XDG_DATA_HOME", &dir);
        std::env::remove_var("CLOSEOUT_CLIENT_ID");
        dir
    });
    let guard = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    (dir.clone(), guard)
}

/// Signs in to the running practice company with a device code, entering the code on the
/// practice tenant's page as the person would on their phone.
pub fn sign_in_to_practice(app: &MockApp) -> Value {
    let code = app
        .invoke(
            "start_device_code",
            serde_json::json!({"target": "practice"}),
        )
        .expect("a device code");
    let page = code["verificationUri"].as_str().unwrap();
    let user_code = code["userCode"].as_str().unwrap();
    let answer = post_form(page, &format!("code={user_code}&decision=approve"));
    assert!(answer.contains("You have signed in"), "{answer}");
    app.invoke("finish_device_code", serde_json::json!({}))
        .expect("signed in")
}

/// A form POST to `http://127.0.0.1:PORT/path` (the practice tenant), returning the body.
fn post_form(url: &str, body: &str) -> String {
    let rest = url
        .strip_prefix("http://")
        .expect("a plain http practice address");
    let (host, path) = rest.split_once('/').unwrap();
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "POST /{path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}
