//! The standalone server starts from one command, prints its base URLs and stops cleanly
//! on Ctrl-C (SIGINT).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn standalone_server_prints_urls_serves_and_stops_on_ctrl_c() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_closeout-sim"))
        .args(["--scenario", "agency", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut graph = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(url) = line.trim().strip_prefix("Graph:") {
            graph = Some(url.trim().to_string());
        }
        if line.starts_with("Press Ctrl-C") {
            break;
        }
    }
    let graph = graph.expect("prints the Graph base URL");
    assert!(graph.starts_with("http://127.0.0.1:") && graph.ends_with("/v1.0"));
    let base = graph.trim_end_matches("/v1.0");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let status = rt.block_on(async {
        reqwest::get(format!("{base}/portal/entra/tenants"))
            .await
            .unwrap()
            .status()
    });
    assert_eq!(status, 200);

    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "clean exit on Ctrl-C: {exit:?}");
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(rest.iter().any(|l| l == "Stopped."));
}
