//! The tangled organization (every blocker of issue 11 at once) closed end to end through the
//! `closeout-cli` binary on the practice clock: `checks` names every blocker before step 1, the
//! owner resolves them in order (portal hand-offs on the practice portal's HTTP pages, the
//! CLI's confirmation flags for what Graph cannot see), and the practice Entra "Delete tenant"
//! page refuses at every earlier point for exactly the reasons Closeout predicted, then accepts.
//!
//! A new blocker is one more line in [`PREDICTED`] (what Entra refuses for and which finding
//! foretold it) and one more `resolve` where the owner handles it.

mod cli_common;

#[path = "../../core/tests/closure_common/portal.rs"]
mod portal;

use cli_common::{arm_token, run, start, token};
use closeout_sim::{Sim, SimOptions};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

const DONE: i32 = 0;
const TO_DO: i32 = 2;
const WAITING: i32 = 3;
const ORG: &str = "Adventure Works Cycles";

/// What the practice Entra "Delete tenant" page refuses for at the start (by its check's
/// name), and the finding codes `checks` gave for that same fact before step 1.
const PREDICTED: &[(&str, &[&str])] = &[
    ("No users except you", &["shared_mailboxes", "guests"]),
    (
        "No subscriptions that are not deprovisioned",
        &["custom_domain_in_use"],
    ),
    ("No Azure subscriptions", &["azure_subscriptions"]),
    ("No unpaid invoices", &["unpaid_invoice_check"]),
    (
        "No self-service sign-up products",
        &["self_service_products"],
    ),
    // Closeout's own sign-in app: no finding, as step 5's plan removes it last, by itself.
    (
        "No enterprise applications added by a user or administrator",
        &[],
    ),
];

/// The blockers that stand in the way of a step rather than of Entra's page itself: each must
/// be found before step 1 too.
const STEP_BLOCKERS: &[&str] = &[
    "groups_on_custom_domain",
    "distribution_lists_on_custom_domain",
    "federated_domain",
    "microsoft_purchased_domain",
    "self_service_purchases",
];

/// The closure in progress: what is resolved so far, checked against the Entra page each time.
struct Closing<'a> {
    sim: &'a Sim,
    dir: &'a Path,
    access: String,
    resolved: BTreeSet<&'static str>,
}

impl Closing<'_> {
    async fn cli(&self, args: &[&str]) -> (i32, String) {
        run(self.sim, &self.access, self.dir, args).await
    }

    /// `check-azure`, with the Azure Resource Manager token the practice consent gives.
    async fn check_azure(&self, args: &[&str]) -> (i32, String) {
        let arm = arm_token(self.sim).await;
        let mut all = vec![
            "--arm".to_string(),
            self.sim.arm_url(),
            "check-azure".into(),
        ];
        all.extend(args.iter().map(|a| a.to_string()));
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let out = cli_common::cli(self.sim, &self.access, self.dir, &all)
            .env("CLOSEOUT_ARM_ACCESS_TOKEN", &arm)
            .output()
            .await
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        eprintln!("check-azure {args:?} -> {:?}\n{text}", out.status.code());
        (out.status.code().unwrap_or(-1), text)
    }

    /// Marks Entra's check `name` as resolved, then asserts the page refuses for exactly the
    /// predicted reasons not yet resolved (and that pressing Delete is refused while any is).
    async fn resolve(&mut self, name: &'static str) {
        assert!(
            PREDICTED.iter().any(|(n, _)| *n == name),
            "{name} is not predicted"
        );
        self.resolved.insert(name);
        self.entra_refuses_for_the_rest().await;
    }

    async fn entra_refuses_for_the_rest(&self) {
        let expected: BTreeSet<String> = PREDICTED
            .iter()
            .map(|(n, _)| *n)
            .filter(|n| !self.resolved.contains(n))
            .map(str::to_string)
            .collect();
        let refused: BTreeSet<String> =
            portal::entra_refusals(self.sim).await.into_iter().collect();
        assert_eq!(refused, expected, "Entra's refusals against Closeout's");
        if !expected.is_empty() {
            let answer = reqwest::Client::new()
                .post(format!(
                    "{}/portal/entra/tenants/delete",
                    self.sim.base_url()
                ))
                .form(&[("tenant_id", self.sim.tenant_id())])
                .send()
                .await
                .unwrap();
            assert_eq!(answer.status().as_u16(), 409, "refused while {expected:?}");
        }
    }

    /// Three days on (Microsoft's waits), with a fresh sign-in: the old token has expired.
    async fn three_days_later(&mut self) {
        self.sim.advance_clock(Duration::from_secs(73 * 3600));
        self.access = token(self.sim).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tangled_organization_closes_with_every_blocker_foreseen() {
    let sim = start(SimOptions::scenario("tangled")).await;
    let dir = tempfile::tempdir().unwrap();
    let mut closing = Closing {
        sim: &sim,
        dir: dir.path(),
        access: token(&sim).await,
        resolved: BTreeSet::new(),
    };

    // Azure first (Graph cannot see it): seen only once access is elevated; cancelled now,
    // deleted three days later. The check is kept in the journal for `checks` below.
    let (code, out) = closing.check_azure(&["--elevate"]).await;
    assert_eq!(code, TO_DO, "{out}");
    for name in ["Azure subscription 1", "Shop website (pay-as-you-go)"] {
        assert!(out.contains(name), "both pages of ARM's list: {out}");
    }

    // Before step 1: every blocker is named by its code, and Entra refuses for the predicted.
    let (code, out) = closing.cli(&["--json", "checks"]).await;
    assert_eq!(code, DONE, "{out}");
    let findings: Vec<Value> = serde_json::from_str(&out).expect("JSON findings");
    let codes: BTreeSet<&str> = findings.iter().filter_map(|f| f["code"].as_str()).collect();
    for wanted in PREDICTED
        .iter()
        .flat_map(|(_, codes)| codes.iter())
        .chain(STEP_BLOCKERS)
    {
        assert!(codes.contains(wanted), "{wanted} missing from {codes:?}");
    }
    closing.entra_refuses_for_the_rest().await;

    assert_eq!(portal::azure_press_all(&sim, "/cancel").await.len(), 3);
    closing.entra_refuses_for_the_rest().await; // cancelled is not deleted

    // Step 1: the people, the shared and room mailboxes and the partner's guests.
    assert_eq!(
        closing.cli(&["backup-done", "--confirm", ORG]).await.0,
        DONE
    );
    let (code, out) = closing.cli(&["run", "users", "--confirm", ORG]).await;
    assert_eq!(code, DONE, "{out}");
    closing.resolve("No users except you").await;

    // What people signed up for or bought by themselves: the sign-up product deleted in Entra,
    // the purchase taken over and cancelled in Your products (step 2's instructions).
    portal::delete_sign_up_products(&sim).await;
    closing.resolve("No self-service sign-up products").await;
    portal::take_control_and_cancel(&sim).await;

    // The domains: the federated one is defederated by its provider and the lists removed in
    // the Exchange admin center (the practice page does both); the owner says no domain was
    // bought through Microsoft 365; Closeout deletes the Team and the groups, then the domains.
    let domains = [
        "run",
        "domains",
        "--confirm",
        ORG,
        "--domains-bought-elsewhere",
    ];
    let (code, out) = closing.cli(&domains).await;
    assert_ne!(
        code, DONE,
        "refused while federated and lists remain: {out}"
    );
    portal::remove_exchange_groups(&sim).await;
    let (code, out) = closing.cli(&domains).await;
    assert_eq!(code, DONE, "{out}");
    closing.entra_refuses_for_the_rest().await; // domains are not an Entra check

    // Subscriptions: cancelled and deleted in Your products, deprovisioned three days later.
    assert_eq!(closing.cli(&["run", "cancel_subscriptions"]).await.0, TO_DO);
    portal::cancel_all(&sim).await;
    assert_eq!(closing.cli(&["run", "cancel_subscriptions"]).await.0, DONE);
    assert_eq!(closing.cli(&["run", "delete_subscriptions"]).await.0, TO_DO);
    portal::delete_all(&sim).await;
    assert_eq!(
        closing.cli(&["run", "delete_subscriptions"]).await.0,
        WAITING
    );
    closing.entra_refuses_for_the_rest().await;
    closing.three_days_later().await;
    assert_eq!(closing.cli(&["run", "delete_subscriptions"]).await.0, DONE);
    closing
        .resolve("No subscriptions that are not deprovisioned")
        .await;

    // Azure, three days after cancelling: deleted, verified, and the elevation removed.
    for (status, page) in portal::azure_press_all(&sim, "/delete").await {
        assert_eq!(status, 200, "{page}");
    }
    let (code, out) = closing.check_azure(&[]).await;
    assert_eq!(code, DONE, "{out}");
    closing.resolve("No Azure subscriptions").await;

    assert_eq!(closing.cli(&["run", "mfa", "--confirm", ORG]).await.0, DONE);

    // The unpaid invoice: paid on Bills & payments; the owner says so (Graph cannot see it).
    portal::pay_all(&sim).await;
    closing.resolve("No unpaid invoices").await;
    let (code, out) = closing
        .cli(&["run", "directory", "--confirm", ORG, "--bills-paid"])
        .await;
    // The owner looks at Your organization once more: only Entra's own page is left.
    assert_eq!(closing.cli(&["--json", "checks"]).await.0, DONE);
    assert_eq!(code, TO_DO, "the Entra page is the owner's: {out}");
    closing
        .resolve("No enterprise applications added by a user or administrator")
        .await;
    portal::delete_tenant(&sim).await;
    let (code, out) = closing.cli(&["status"]).await;
    assert_eq!(code, DONE, "{out}");
    assert!(sim.stats().each_deleted_once("user"));

    // The report says what was found before step 1 and how each was settled.
    let (code, out) = closing.cli(&["--json", "report"]).await;
    assert_eq!(code, DONE, "{out}");
    let report: Value = serde_json::from_str(&out).expect("JSON report");
    let findings = report["findings"].as_array().expect("findings");
    for (_, codes) in PREDICTED {
        for code in codes.iter().chain(STEP_BLOCKERS) {
            let f = findings
                .iter()
                .find(|f| f["code"] == *code)
                .unwrap_or_else(|| panic!("{code} not in the report: {findings:?}"));
            assert!(f["gone_at"].is_string(), "{code} settled: {f}");
        }
    }
    let answers: Vec<&str> = report["answers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["key"].as_str())
        .collect();
    for key in ["domains_not_bought_from_microsoft", "no_unpaid_invoices"] {
        assert!(answers.contains(&key), "{key} in {answers:?}");
    }
}
