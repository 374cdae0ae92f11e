//! The app's log file: written in the folder given, one file per day, with secrets scrubbed.

use std::path::PathBuf;

fn fresh_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("closeout-log-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn events_reach_a_daily_file_without_tokens() {
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
    let _ = std::fs::remove_dir_all(&dir);
}
