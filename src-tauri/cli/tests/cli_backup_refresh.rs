//! `closeout-cli backup start --to DIR` on a finished backup brings it up to date through the
//! delta links it saved: a message and a file added in the practice tenant between the runs
//! are saved, a deleted message is noted (its .eml stays), and nothing unchanged is
//! downloaded again.

mod cli_common;

use cli_common::{run, start, token};
use closeout_sim::{ContentOptions, SimOptions};
use serde_json::Value;

fn manifest(dir: &std::path::Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

fn downloads(sim: &closeout_sim::Sim) -> u64 {
    sim.stats()
        .requests
        .iter()
        .filter(|(k, _)| k.ends_with("/$value"))
        .map(|(_, n)| n)
        .sum()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_start_saves_only_what_changed() {
    let sim = start(SimOptions {
        content: ContentOptions {
            grant_delay_secs: 0,
            messages_per_mailbox: 10,
            ..ContentOptions::default()
        },
        ..SimOptions::scenario("bakery")
    })
    .await;
    sim.grant_everyone();
    let token = token(&sim).await;
    let data = tempfile::tempdir().unwrap();
    let to = tempfile::tempdir().unwrap();
    let dir = to.path().join("backup");
    let dir_s = dir.to_str().unwrap();
    let (code, out) = run(
        &sim,
        &token,
        data.path(),
        &["backup", "start", "--to", dir_s],
    )
    .await;
    assert_eq!(code, 0, "{out}");
    let first = manifest(&dir);
    let owner = first["people"][0]["person"].as_str().unwrap().to_string();
    let old = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["person"] == owner.as_str() && i["kind"] == "mail")
        .unwrap()
        .clone();

    sim.deliver_message(&owner, "Quote for the wedding cake")
        .unwrap();
    assert!(sim.delete_message(&owner, old["graphId"].as_str().unwrap()));
    sim.put_file(&owner, "Wedding cake.pdf", 20_000).unwrap();
    let before = downloads(&sim);

    let (code, out) = run(
        &sim,
        &token,
        data.path(),
        &["--json", "backup", "start", "--to", dir_s],
    )
    .await;
    assert_eq!(code, 0, "{out}");
    let line: Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(line["savedNow"], 2, "{out}");
    assert_eq!(
        downloads(&sim) - before,
        1,
        "only the new message's MIME is fetched"
    );
    let second = manifest(&dir);
    let items = second["items"].as_array().unwrap();
    let new_mail = items
        .iter()
        .find(|i| i["originalName"] == "Quote for the wedding cake")
        .unwrap();
    assert!(dir.join(new_mail["path"].as_str().unwrap()).exists());
    assert!(items.iter().any(|i| i["path"]
        .as_str()
        .unwrap()
        .ends_with("/Documents/Wedding cake.pdf")));
    let kept = items
        .iter()
        .find(|i| i["graphId"] == old["graphId"])
        .unwrap();
    assert_eq!(kept["removedAtSource"], true);
    assert!(dir.join(old["path"].as_str().unwrap()).exists());
    let (code, out) = run(&sim, &token, data.path(), &["backup", "verify", dir_s]).await;
    assert_eq!(code, 0, "{out}");
}
