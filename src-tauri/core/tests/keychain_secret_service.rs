//! The keychain against a real Secret Service (gnome-keyring in a private D-Bus session, as
//! the project's test command sets up): store, read back in another process, detect a
//! partial write, delete (every part, even after a gap); and a locked keyring gives the clear
//! error.

mod auth_support;

use auth_support::flows::require_secret_service;
use closeout_core::graph::Secret;
use closeout_core::keychain::Keychain;
use closeout_core::ErrorCode;
use std::process::Command;

const CHILD_ENV: &str = "CLOSEOUT_KEYCHAIN_CHILD";

fn unique_service() -> String {
    format!("closeout-test-{}", uuid::Uuid::new_v4())
}

fn long_token() -> String {
    // Longer than Windows' 2,560-byte limit, like some Microsoft refresh tokens.
    (0..3100)
        .map(|i| {
            char::from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."[i % 65])
        })
        .collect()
}

/// Runs one `#[ignore]`d child test of this binary with `CHILD_ENV` set to `mode`.
fn run_child(
    mode: &str,
    test: &str,
    env: &[(&str, &str)],
    wrapper: Option<&str>,
) -> std::process::Output {
    let exe = std::env::current_exe().unwrap();
    let mut command = match wrapper {
        Some(script) => {
            let mut c = Command::new("dbus-run-session");
            c.args(["--", "sh", "-c", script, "child"]).arg(&exe);
            c
        }
        None => Command::new(&exe),
    };
    command
        .args([
            test,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, mode)
        .envs(env.iter().copied());
    command.output().expect("the test binary can be run again")
}

fn assert_child_passed(output: &std::process::Output) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn stores_reads_back_in_a_new_process_and_deletes() {
    require_secret_service();
    let service = unique_service();
    let keychain = Keychain::new(&service);
    let token = long_token();
    keychain
        .store("tenant-a", &Secret::new(token.clone()))
        .unwrap();
    keychain.store("tenant-b", &Secret::new("short-b")).unwrap();

    let child = run_child(
        "read",
        "child_reads_the_saved_token",
        &[("CHILD_SERVICE", &service), ("CHILD_EXPECT", &token)],
        None,
    );
    assert_child_passed(&child);

    // A rotation to a shorter token leaves no stale parts behind.
    keychain.store("tenant-a", &Secret::new("rotated")).unwrap();
    assert_eq!(
        keychain.load("tenant-a").unwrap().unwrap().expose(),
        "rotated"
    );
    assert_eq!(
        keychain.load("tenant-b").unwrap().unwrap().expose(),
        "short-b"
    );

    keychain.delete("tenant-a").unwrap();
    keychain.delete("tenant-a").unwrap(); // forgetting twice is fine
    assert!(keychain.load("tenant-a").unwrap().is_none());
    assert_eq!(
        keychain.load("tenant-b").unwrap().unwrap().expose(),
        "short-b"
    );
    keychain.delete("tenant-b").unwrap();
}

#[test]
#[ignore = "run by stores_reads_back_in_a_new_process_and_deletes in a child process"]
fn child_reads_the_saved_token() {
    if std::env::var(CHILD_ENV).as_deref() != Ok("read") {
        return;
    }
    let keychain = Keychain::new(&std::env::var("CHILD_SERVICE").unwrap());
    let loaded = keychain.load("tenant-a").unwrap().expect("a saved token");
    assert!(
        loaded.expose() == std::env::var("CHILD_EXPECT").unwrap(),
        "same token"
    );
}

#[test]
fn a_partial_write_reads_as_no_saved_sign_in() {
    require_secret_service();
    let service = unique_service();
    let keychain = Keychain::new(&service);
    keychain.store("t", &Secret::new(long_token())).unwrap();
    // Simulate a crash half-way through a rotation: part 2 holds another token's text.
    keyring::Entry::new(&service, "refresh-token:t#2")
        .unwrap()
        .set_password("x".repeat(1200).as_str())
        .unwrap();
    assert!(keychain.load("t").unwrap().is_none());
    // And a missing part.
    keychain.store("t", &Secret::new(long_token())).unwrap();
    keyring::Entry::new(&service, "refresh-token:t#3")
        .unwrap()
        .delete_credential()
        .unwrap();
    assert!(keychain.load("t").unwrap().is_none());
    keychain.delete("t").unwrap();
    assert!(keyring::Entry::new(&service, "refresh-token:t#1")
        .unwrap()
        .get_password()
        .is_err());
}

/// Windows Credential Manager refuses a secret over 2,560 bytes (CRED_MAX_CREDENTIAL_BLOB_SIZE,
/// counted in UTF-16 there). A refresh token several times that size, with characters outside
/// ASCII and outside the BMP, is stored as entries that each fit, and joins back whole.
#[test]
fn an_oversized_refresh_token_is_split_into_entries_under_the_windows_limit_and_rejoined() {
    require_secret_service();
    let service = unique_service();
    let keychain = Keychain::new(&service);
    let token = format!("{}{}{}", long_token(), "è".repeat(1500), "😀".repeat(900));
    assert!(token.encode_utf16().count() * 2 > 3 * 2560);
    keychain.store("t", &Secret::new(token.clone())).unwrap();

    let header = keyring::Entry::new(&service, "refresh-token:t")
        .unwrap()
        .get_password()
        .unwrap();
    let parts: usize = header
        .split(';')
        .find_map(|f| f.strip_prefix("parts="))
        .expect("the header counts the parts")
        .parse()
        .unwrap();
    let stored: Vec<String> = (1..=parts)
        .map(|i| {
            keyring::Entry::new(&service, &format!("refresh-token:t#{i}"))
                .unwrap()
                .get_password()
                .unwrap()
        })
        .collect();
    assert!(parts >= 4, "{parts} parts");
    for part in &stored {
        assert!(
            part.encode_utf16().count() * 2 <= 2560,
            "{} bytes",
            part.len()
        );
    }
    assert_eq!(stored.concat(), token);
    assert_eq!(keychain.load("t").unwrap().unwrap().expose(), token);
    keychain.delete("t").unwrap();
}

#[tokio::test]
async fn sign_out_and_forget_deletes_every_part_even_after_a_gap() {
    require_secret_service();
    let service = unique_service();
    let keychain = Keychain::new(&service);
    let entry = |user: &str| keyring::Entry::new(&service, user).unwrap();
    // Three parts and a header, then a gap: part 2 gone, as a clean-up that stopped
    // half-way could leave it; part 3 must not survive the sign-out.
    keychain.store("t", &Secret::new(long_token())).unwrap();
    entry("refresh-token:t#2").delete_credential().unwrap();
    assert!(entry("refresh-token:t#3").get_password().is_ok());
    closeout_core::auth::sign_out_and_forget(&keychain, "t", None)
        .await
        .unwrap();
    for user in [
        "refresh-token:t",
        "refresh-token:t#1",
        "refresh-token:t#2",
        "refresh-token:t#3",
    ] {
        assert!(
            matches!(entry(user).get_password(), Err(keyring::Error::NoEntry)),
            "{user} is still in the keychain"
        );
    }
    // Nothing saved: forgetting again is not an error.
    closeout_core::auth::sign_out_and_forget(&keychain, "t", None)
        .await
        .unwrap();
}

/// A private session whose Secret Service runs but was never unlocked.
const LOCKED_SESSION: &str =
    "gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1; exec \"$@\"";

#[test]
fn a_locked_keyring_gives_a_clear_error() {
    require_secret_service();
    let child = run_child(
        "locked",
        "child_meets_a_locked_keyring",
        &[],
        Some(LOCKED_SESSION),
    );
    assert_child_passed(&child);
}

#[test]
#[ignore = "run by a_locked_keyring_gives_a_clear_error in its own D-Bus session"]
fn child_meets_a_locked_keyring() {
    if std::env::var(CHILD_ENV).as_deref() != Ok("locked") {
        return;
    }
    let keychain = Keychain::new(&unique_service());
    let err = keychain
        .store("t", &Secret::new("secret-value"))
        .unwrap_err();
    println!("locked keyring error: {err:?}");
    assert_eq!(err.code, ErrorCode::KeychainLocked, "{err:?}");
    assert!(err.message.starts_with("Sign-in cannot be saved"));
    assert!(!format!("{err:?}").contains("secret-value"));
}

#[test]
fn no_secret_service_at_all_is_unavailable() {
    require_secret_service();
    let child = run_child(
        "absent",
        "child_has_no_secret_service",
        &[(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/closeout-test-bus",
        )],
        None,
    );
    assert_child_passed(&child);
}

#[test]
#[ignore = "run by no_secret_service_at_all_is_unavailable with a bus address that leads nowhere"]
fn child_has_no_secret_service() {
    if std::env::var(CHILD_ENV).as_deref() != Ok("absent") {
        return;
    }
    let err = Keychain::new(&unique_service()).load("t").unwrap_err();
    assert_eq!(err.code, ErrorCode::KeychainUnavailable, "{err:?}");
}
