//! The files the app writes, and the clock its dates come from, through real commands over
//! Tauri's IPC (mock runtime), for an owner called Niccolò Lùcà (accents in every path: data
//! folder, home, Documents and the save folder):
//!
//! - practice sign-in, practice clock moved 120 days, then the real organization (a second
//!   practice tenant standing for Microsoft, reached through `CLOSEOUT_AUTHORITY`) is opened:
//!   from then on "now" is real time for reminders, backup answers and the report (review L7);
//! - every folder the app owns is 0700 and every file it writes 0600 under the usual 0022
//!   umask (L3), and the journal, preferences and report read back from those paths;
//! - saving the report writes the one file the dialog asked about: a `closeout-report.json`
//!   already beside it is left as it was (L4);
//! - the save dialog opens in `Closeout` under the OS's Documents folder (here the Italian
//!   desktop's `Documenti`, from the XDG user-dirs file, as `dirs` reads it).
//!
//! One test: the environment it sets is the process's.

mod common;

use closeout_app::commands::report::{default_save_folder, save_folder};
use closeout_core::backup::ClosureReport;
use closeout_core::journal::JournalStore;
use closeout_sim::{Sim, SimOptions};
use common::MockApp;
use serde_json::{json, Value};
use std::path::PathBuf;
use time::OffsetDateTime;

fn invoke(app: &MockApp, command: &str, args: Value) -> Value {
    app.invoke(command, args)
        .unwrap_or_else(|error| panic!("{command} failed: {error}"))
}

fn at(value: &Value) -> OffsetDateTime {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("not a date: {value}"));
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).unwrap()
}

/// Days between `when` and the real now (rounded down; negative when earlier).
fn days_ahead(when: OffsetDateTime) -> i64 {
    (when - OffsetDateTime::now_utc()).whole_days()
}

/// Types the user code on a practice tenant's device-login page and approves.
async fn approve(verification_uri: &str, user_code: &str) {
    let http = reqwest::Client::new();
    for form in [
        vec![("code", user_code)],
        vec![("code", user_code), ("decision", "approve")],
    ] {
        let answer = http
            .post(verification_uri)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success(), "{}", answer.status());
    }
}

/// Device-code sign-in to `target` through the app's commands; returns the signed-in view.
fn signed_in(window: &MockApp, rt: &tokio::runtime::Runtime, target: &str) -> Value {
    let code = invoke(window, "start_device_code", json!({"target": target}));
    rt.block_on(approve(
        code["verificationUri"].as_str().unwrap(),
        code["userCode"].as_str().unwrap(),
    ));
    let signed = invoke(window, "finish_device_code", json!({}));
    assert_eq!(signed["canClose"], true, "{signed}");
    signed
}

/// Runs step 1 in the open organization (past the backup, by typing its name) and returns
/// how many days from real now each date the closure wrote into its journal is.
fn days_of_step_one(window: &MockApp, journals: PathBuf, signed: &Value) -> Vec<i64> {
    let org = signed["organization"].as_str().unwrap();
    let tenant = signed["identity"]["tenantId"].as_str().unwrap();
    invoke(window, "backup_checklist", json!({"lang": "en"}));
    let typed = json!({"typed": org, "lang": "en"});
    invoke(window, "override_backup", typed);
    let args = json!({"step": "users", "confirmation": org, "progress": "__CHANNEL__:7"});
    let applied = invoke(window, "apply_step", args);
    assert!(
        applied["report"]["succeeded"].as_u64().unwrap() > 0,
        "{applied}"
    );
    let journal = JournalStore::new(journals).load(tenant).unwrap().unwrap();
    let outcomes = journal.actions.iter().filter_map(|a| a.outcome.as_ref());
    let mut dates: Vec<OffsetDateTime> = outcomes.map(|o| o.at).collect();
    dates.extend(journal.actions.iter().map(|a| a.intended_at));
    dates.extend(journal.confirmations.iter().map(|c| c.at));
    dates.into_iter().map(days_ahead).collect()
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
fn assert_private(folders: &[PathBuf], files: &[PathBuf]) {
    for folder in folders {
        assert_eq!(mode(folder), 0o700, "{}", folder.display());
    }
    for file in files {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
}

#[test]
fn real_time_once_the_real_organization_opens_and_private_files_under_an_accented_name() {
    #[cfg(unix)]
    // SAFETY: only swaps this process's file-creation mask (one test in this binary).
    unsafe {
        libc::umask(0o022);
    }
    let base = tempfile::tempdir().unwrap();
    let home = base.path().join("Niccolò Lùcà");
    let data = home.join(".local/share/Closeout è qui");
    let documents = home.join("Documenti");
    let save_dir = home.join("Rapporti però");
    for dir in [&home, &documents, &save_dir] {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::create_dir_all(home.join(".config")).unwrap();
    std::fs::write(
        home.join(".config/user-dirs.dirs"),
        "XDG_DOCUMENTS_DIR=\"$HOME/Documenti\"\n",
    )
    .unwrap();
    // Saving the report must not touch a file the dialog never asked about.
    let beside = save_dir.join("closeout-report.json");
    std::fs::write(&beside, "the owner's own file").unwrap();

    // The "real organization": another practice tenant, reached as Microsoft would be.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let org = rt
        .block_on(Sim::start(SimOptions {
            device_code_interval: 1,
            ..SimOptions::scenario("agency")
        }))
        .unwrap();
    for (name, value) in [
        ("HOME", home.as_os_str()),
        ("XDG_DATA_HOME", data.as_os_str()),
        ("XDG_CONFIG_HOME", home.join(".config").as_os_str()),
        ("CLOSEOUT_SAVE_DIR", save_dir.as_os_str()),
    ] {
        std::env::set_var(name, value);
    }
    std::env::set_var("CLOSEOUT_CLIENT_ID", org.client_id());
    std::env::set_var("CLOSEOUT_AUTHORITY", org.authority());
    std::env::set_var("CLOSEOUT_GRAPH_URL", org.base_url());

    let window = MockApp::new();

    // The dialog's starting folder comes from the OS lookup, accents and Italian name included.
    assert_eq!(
        default_save_folder(window.handle()),
        Some(documents.join("Closeout"))
    );

    // Practice: its clock moved 120 days forward is "now" while the practice is open.
    invoke(&window, "start_practice", json!({"scenario": "bakery"}));
    let practice = signed_in(&window, &rt, "practice");
    let practice_tenant = practice["identity"]["tenantId"]
        .as_str()
        .unwrap()
        .to_owned();
    // The practice closure dates what it does by the practice clock (its session's clock);
    // two days on, while the practice sign-in is still fresh enough to refresh.
    invoke(&window, "advance_practice_clock", json!({"hours": 48}));
    let days = days_of_step_one(&window, data.join("practice"), &practice);
    assert!(days.iter().all(|d| *d == 1), "practice journal: {days:?}");
    let moved = invoke(&window, "advance_practice_clock", json!({"hours": 2832}));
    assert_eq!(days_ahead(at(&moved["now"])), 119, "{moved}");
    let agenda = invoke(&window, "reminders", json!({"lang": "en"}));
    assert_eq!(
        days_ahead(at(&agenda["now"])),
        119,
        "practice open: {agenda}"
    );

    // The real organization opens: real time, although the practice company still runs.
    let real = signed_in(&window, &rt, "organization");
    let tenant = real["identity"]["tenantId"].as_str().unwrap().to_owned();
    assert_ne!(tenant, practice_tenant);
    let agenda = invoke(&window, "reminders", json!({"lang": "en"}));
    assert_eq!(
        days_ahead(at(&agenda["now"])),
        0,
        "real organization: {agenda}"
    );
    let checklist = invoke(&window, "backup_checklist", json!({"lang": "en"}));
    let item = checklist["items"][0]["id"].as_str().unwrap().to_owned();
    let answered = invoke(
        &window,
        "answer_backup_item",
        json!({"id": item, "choice": "saved", "lang": "en"}),
    );
    let answer = &answered["items"][0]["answer"];
    assert_eq!(
        days_ahead(at(&answer["at"])),
        0,
        "the backup answer: {answer}"
    );
    invoke(&window, "advance_practice_clock", json!({"hours": 24}));
    let agenda = invoke(&window, "reminders", json!({"lang": "en"}));
    assert_eq!(
        days_ahead(at(&agenda["now"])),
        0,
        "later practice moves: {agenda}"
    );

    // The report: one file, dated now, its JSON inside; the file beside it untouched.
    let saved = invoke(&window, "save_report", json!({"lang": "it"}));
    assert_eq!(
        saved,
        json!({"htmlPath": save_dir.join("closeout-report.html").display().to_string()})
    );
    let html = std::fs::read_to_string(save_dir.join("closeout-report.html")).unwrap();
    let report: ClosureReport =
        serde_json::from_str(ClosureReport::embedded_json(&html).unwrap()).unwrap();
    assert_eq!(report.tenant_id, tenant);
    assert_eq!(days_ahead(report.generated_at), 0, "the report's date");
    assert_eq!(
        std::fs::read_to_string(&beside).unwrap(),
        "the owner's own file"
    );
    let calendar = invoke(&window, "save_calendar", json!({"lang": "it"}));
    assert_eq!(
        calendar,
        json!(save_dir.join("closeout-dates.ics").display().to_string())
    );

    // Preferences and the journal read back from the accented data folder.
    invoke(&window, "remember_language", json!({"lang": "it"}));
    assert_eq!(invoke(&window, "app_info", json!({}))["language"], "it");
    let journal = JournalStore::new(data.join("organizations"))
        .load(&tenant)
        .unwrap()
        .expect("the real organization's journal");
    assert_eq!(
        journal.backup.items.len(),
        checklist["items"].as_array().unwrap().len()
    );
    assert_eq!(
        std::fs::read_to_string(data.join("organizations/last-organization")).unwrap(),
        tenant
    );
    // The real closure dates what it does by real time: the practice clock never reaches it.
    let days = days_of_step_one(&window, data.join("organizations"), &real);
    assert!(days.iter().all(|d| *d == 0), "real journal: {days:?}");

    #[cfg(unix)]
    {
        let tenants = data.join("organizations/tenants");
        let practice = data.join("practice/tenants");
        assert_private(
            &[
                data.clone(),
                data.join("organizations"),
                tenants.clone(),
                tenants.join(&tenant),
                data.join("practice"),
                practice.join(&practice_tenant),
            ],
            &[
                tenants.join(&tenant).join("journal.json"),
                practice.join(&practice_tenant).join("journal.json"),
                data.join("organizations/last-organization"),
                data.join("preferences.json"),
                save_dir.join("closeout-report.html"),
                save_dir.join("closeout-dates.ics"),
            ],
        );
    }
    rt.block_on(org.shutdown());
}

#[test]
fn the_save_folder_is_closeout_under_documents_else_home() {
    let documents = PathBuf::from("/Users/niccolò/Documents");
    let home = PathBuf::from("/Users/niccolò");
    assert_eq!(
        save_folder(Some(documents.clone()), Some(home.clone())),
        Some(documents.join("Closeout"))
    );
    assert_eq!(save_folder(None, Some(home.clone())), Some(home));
    assert_eq!(save_folder(None, None), None);
    let windows = PathBuf::from(r"C:\Users\Lùcà\OneDrive\Documenti");
    assert_eq!(
        save_folder(Some(windows.clone()), None),
        Some(windows.join("Closeout"))
    );
}
