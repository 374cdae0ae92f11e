//! Partner-bought subscriptions without guessing (issue "Microsoft's real answers", item 4):
//! another organization named in `ownerTenantId` is a sign, so step 2 asks; the owner who
//! bought directly says so, the answer is recorded in the journal, and the step goes on.

mod closure_common;

use closeout_core::closure::{FindingCode, Severity, StepId, StepOptions};
use closure_common::start;

#[tokio::test(flavor = "multi_thread")]
async fn a_possible_partner_purchase_asks_and_the_owners_answer_is_recorded() {
    let practice = start("partner").await;
    let mut session = practice.session().await;
    let plan = session
        .plan(StepId::CancelSubscriptions, &StepOptions::default())
        .await
        .unwrap();
    let asked = plan
        .blockers
        .iter()
        .find(|b| b.code == FindingCode::PartnerSubscription)
        .expect("step 2 asks first");
    assert!(asked
        .message
        .contains("may have been bought through a partner"));
    assert_eq!(asked.subjects, ["Microsoft 365 Business Standard"]);

    let bought_directly = StepOptions {
        bought_directly: true,
        ..StepOptions::default()
    };
    // Recorded even while something else (the custom domain) still blocks the step.
    let still_blocked = session
        .apply(
            StepId::CancelSubscriptions,
            &bought_directly,
            None,
            |_| {},
            &Default::default(),
        )
        .await
        .unwrap_err();
    let details = still_blocked.details.unwrap().to_string();
    assert!(details.contains("domains_remain"), "{details}");
    assert!(!details.contains("partner_subscription"), "{details}");
    let answer = session
        .journal()
        .acknowledgements
        .iter()
        .find(|a| a.key == "subscriptions_bought_directly")
        .expect("the answer is in the journal");
    assert!(answer.at <= time::OffsetDateTime::now_utc());

    let plan = session
        .plan(StepId::CancelSubscriptions, &StepOptions::default())
        .await
        .unwrap();
    assert!(
        plan.blockers
            .iter()
            .all(|b| b.code != FindingCode::PartnerSubscription),
        "{:?}",
        plan.blockers
    );
    let findings = session.checks().await.unwrap();
    let kept = findings
        .iter()
        .find(|f| f.code == FindingCode::PartnerSubscription)
        .unwrap();
    assert_eq!(
        kept.severity,
        Severity::Warning,
        "still shown, no longer blocking"
    );
    // The admin center check settles it: the subscription is still active until cancelled.
    let verification = session.verify(StepId::CancelSubscriptions).await.unwrap();
    assert!(!verification.remaining.is_empty());
}
