//! A part of the organization that Microsoft refused inside a 200 `$batch` makes the steps
//! that depend on it "unknown", never "done" (issue "Microsoft's real answers", defect 1), on
//! the practice tenant answering 403 `Authorization_RequestDenied` for one path; and the odd but
//! legal shapes of its `odd_shapes` option read without losing anything.

mod closure_common;

use closeout_core::closure::{FindingCode, StepId, StepState, Verification};
use closeout_core::ErrorCode;
use closeout_sim::{SimOptions, TargetedFault};
use closure_common::{apply_confirmed, settle_backup, start_with};

const SECURITY_DEFAULTS: &str = "/policies/identitySecurityDefaultsEnforcementPolicy";
const CONDITIONAL_ACCESS: &str = "/identity/conditionalAccess/policies";

fn step(all: &[Verification], step: StepId) -> &Verification {
    all.iter().find(|v| v.step == step).unwrap()
}

fn refusing(pattern: &str) -> SimOptions {
    SimOptions {
        auto_consent: true,
        targeted_faults: vec![TargetedFault::new(pattern, 403)],
        ..SimOptions::scenario("bakery")
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn conditional_access_refused_inside_the_batch_leaves_step_4_unknown_until_readable() {
    // Step 4 must read the policies to tell whether one would stop you.
    let practice = start_with(refusing(CONDITIONAL_ACCESS)).await;
    let mut session = practice.session().await;
    settle_backup(&mut session);
    apply_confirmed(&mut session, StepId::Users, Default::default()).await;

    let all = session.status().await.unwrap();
    let mfa = step(&all, StepId::Mfa);
    assert_eq!(mfa.state, StepState::Unknown, "{}", mfa.message);
    assert_eq!(mfa.unreadable[0].part, "conditionalAccess");
    assert_eq!(mfa.unreadable[0].code, ErrorCode::AccessDenied);
    assert!(mfa.message.starts_with("Couldn't check"), "{}", mfa.message);
    assert_eq!(
        step(&all, StepId::Users).state,
        StepState::Done,
        "users are readable"
    );

    // Running step 4 now does what it can, and still does not claim it is done.
    let applied = apply_confirmed(&mut session, StepId::Mfa, Default::default()).await;
    assert_eq!(applied.verification.state, StepState::Unknown);
    assert!(!applied.verification.message.contains("off for every"));
    let journal = &session.journal().steps[&StepId::Mfa];
    assert_eq!(journal.last_state, Some(StepState::Unknown));
    assert!(journal.finished_at.is_none(), "not recorded as finished");

    // "Check again" once Microsoft answers: nobody but you remains, so it is done.
    practice.sim.set_targeted_faults(Vec::new());
    let mfa = session.verify(StepId::Mfa).await.unwrap();
    assert_eq!(mfa.state, StepState::Done, "{}", mfa.message);
}

#[tokio::test(flavor = "multi_thread")]
async fn security_defaults_refused_do_not_stop_step_4_which_leaves_them_as_they_are() {
    let practice = start_with(refusing(SECURITY_DEFAULTS)).await;
    let mut session = practice.session().await;
    settle_backup(&mut session);
    apply_confirmed(&mut session, StepId::Users, Default::default()).await;
    let mfa = session.verify(StepId::Mfa).await.unwrap();
    assert_eq!(mfa.state, StepState::Done, "{}", mfa.message);
    let plan = session
        .plan(StepId::Mfa, &Default::default())
        .await
        .unwrap();
    assert!(
        plan.notes[0].contains("Security defaults (not readable)"),
        "{:?}",
        plan.notes
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn per_user_mfa_refused_for_a_person_is_unknown_not_disabled() {
    let practice = start_with(refusing("/authentication/requirements")).await;
    let mut session = practice.session().await;
    let mfa = session.verify(StepId::Mfa).await.unwrap();
    assert_eq!(mfa.state, StepState::Unknown, "{}", mfa.message);
    let per_user = mfa
        .unreadable
        .iter()
        .find(|u| u.part == "perUserMfa")
        .unwrap();
    assert_eq!(per_user.code, ErrorCode::AccessDenied);
    assert_eq!(
        per_user.objects.len(),
        8,
        "everyone but you (info@ too), named"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn enterprise_apps_refused_block_the_directory_step() {
    let practice = start_with(refusing("/servicePrincipals")).await;
    let mut session = practice.session().await;
    let plan = session
        .plan(StepId::Directory, &Default::default())
        .await
        .unwrap();
    let blocker = plan
        .blockers
        .iter()
        .find(|b| b.code == FindingCode::CouldNotRead)
        .expect("could-not-read blocks the step that removes Closeout's own access");
    assert!(blocker.subjects[0].starts_with("servicePrincipals (access_denied)"));
    let directory = session.verify(StepId::Directory).await.unwrap();
    assert_ne!(directory.state, StepState::Done);
}

#[tokio::test(flavor = "multi_thread")]
async fn odd_but_legal_shapes_from_the_practice_tenant_are_read_and_named() {
    let practice = start_with(SimOptions {
        auto_consent: true,
        odd_shapes: true,
        ..SimOptions::scenario("bakery")
    })
    .await;
    let mut session = practice.session().await;
    let inv = session.inventory().await.unwrap();
    assert!(inv.unreadable.is_empty(), "{:?}", inv.unreadable);
    let nameless = inv.users.iter().find(|u| u.display_name.is_none()).unwrap();
    assert_eq!(
        nameless.label(),
        nameless.user_principal_name,
        "named by sign-in name"
    );
    let app = inv
        .service_principals
        .iter()
        .find(|sp| sp.display_name.is_empty())
        .expect("the enterprise app without a name is listed");
    let plan = session
        .plan(StepId::Directory, &Default::default())
        .await
        .unwrap();
    let delete = plan
        .actions
        .iter()
        .find(|a| a.target_id == app.id)
        .expect("and planned for deletion");
    assert!(
        delete.description.ends_with(&app.app_id),
        "{}",
        delete.description
    );
    // A policy state Closeout does not know is not taken for "off": asking for a compliant
    // device, it would stop you, so step 4 offers to turn it off (on your choice only).
    let mfa = session
        .plan(StepId::Mfa, &Default::default())
        .await
        .unwrap();
    assert!(mfa.choices.iter().any(|a| a
        .description
        .contains("Require a compliant device (preview)")));
    assert!(mfa
        .actions
        .iter()
        .all(|a| !a.description.contains("compliant device")));
}
