//! The app's log file: written in the folder given, one file per day, with secrets scrubbed;
//! on Unix the folder is 0700 and each day's file 0600 under the usual 0022 umask (the
//! appender itself would make them 0644).

use std::path::PathBuf;

fn fresh_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("closeout-log-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[cfg(unix)]
fn usual_umask() {
    // SAFETY: only swaps this process's file-creation mask; both tests set the same.
    unsafe { libc::umask(0o022) };
}

#[cfg(not(unix))]
fn usual_umask() {}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn events_reach_a_daily_file_without_tokens() {
    usual_umask();
    let dir = fresh_dir();
    let guard = closeout_app::logging::init(Some(&dir)).expect("the log folder is usable");
    let token = "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlMTIz";
    tracing::info!(step = "users", "deleted 7 people");
    tracing::warn!("refresh failed for token {token} with refresh_token=0.ARoAv4j5cvGGr0");
    drop(guard); // flushes the background writer

    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(files.len(), 1, "one file for today");
    let name = files[0].file_name().into_string().unwrap();
    assert!(
        name.starts_with("closeout.") && name.ends_with(".log"),
        "{name}"
    );
    let text = std::fs::read_to_string(files[0].path()).unwrap();
    assert!(text.contains("deleted 7 people"), "{text}");
    assert!(text.contains("[redacted token]"), "{text}");
    assert!(!text.contains(token), "the token leaked: {text}");
    assert!(
        !text.contains("0.ARoAv4j5cvGGr0"),
        "the refresh token leaked: {text}"
    );
    #[cfg(unix)]
    {
        assert_eq!(mode(&dir), 0o700, "the log folder");
        assert_eq!(mode(&files[0].path()), 0o600, "{name}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The appender opens each new day's file with the default mode; the wrapper makes it 0600 on
/// the first write that sees it (and an older day's file left 0644 by an earlier version).
#[cfg(unix)]
#[test]
fn each_new_days_file_becomes_private_on_the_first_write() {
    use std::io::Write;
    usual_umask();
    let dir = tempfile::tempdir().unwrap();
    let older = dir.path().join("closeout.2026-11-30.log");
    std::fs::write(&older, "yesterday\n").unwrap();
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("closeout")
        .filename_suffix("log")
        .build(dir.path())
        .unwrap();
    let today = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| *p != older)
        .expect("the appender opened today's file");
    assert_eq!(mode(&today), 0o644, "what the appender makes by itself");

    let mut files = closeout_app::logging::PrivateFiles::new(appender, dir.path());
    files.write_all(b"a line\n").unwrap();
    files.flush().unwrap();
    assert_eq!(mode(&today), 0o600);
    assert_eq!(mode(&older), 0o600);
    assert_eq!(std::fs::read_to_string(&today).unwrap(), "a line\n");
}
