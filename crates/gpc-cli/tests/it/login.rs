//! `gpc login` and `gpc logout` against the simulator's CIS2 stand-in: without a session
//! nothing is sent (exit 6); after signing in, every request carries the signed-in user and
//! the role chosen (checked from the simulator's side); the session is kept in the keyring
//! between runs; a user whose assurance is too low is refused.

use crate::support::{Sandbox, gpc_with_profile};

/// Who the simulator's practices saw on each request.
fn requesters(sandbox: &Sandbox) -> Vec<(String, Option<String>, String)> {
    sandbox
        .sim
        .state()
        .requests()
        .into_iter()
        .map(|r| {
            (
                r.requester.sds_user_id,
                r.requester.sds_role_profile_id,
                r.requester.org_ods,
            )
        })
        .collect()
}

#[tokio::test]
async fn no_request_without_a_session_and_the_chosen_role_on_every_request() {
    let sandbox = Sandbox::start_signed_out().await;
    let run = sandbox
        .gpc(&["slots", "--practice", "A20047", "--days", "1"])
        .await;
    run.expect_exit(6);
    assert!(run.stderr.contains("gpc login"), "{}", run.stderr);
    assert!(requesters(&sandbox).is_empty(), "nothing was sent");

    let run = sandbox.login("555000000002", "555000000202").await;
    run.expect_exit(0);
    assert!(
        run.stdout.contains("Signed in as Sam Patel"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("/authorize?"),
        "the address is shown: {}",
        run.stderr
    );
    // Two runs: the session is kept in the keyring between them.
    sandbox
        .gpc(&["slots", "--practice", "A20047", "--days", "1"])
        .await
        .expect_exit(0);
    sandbox
        .gpc(&[
            "patient",
            "find",
            "--practice",
            "A20047",
            "--nhs-number",
            "9476719931",
        ])
        .await
        .expect_exit(0);
    let seen = requesters(&sandbox);
    assert!(seen.len() >= 2);
    for (user, role, org) in seen {
        assert_eq!(user, "555000000002");
        assert_eq!(role.as_deref(), Some("555000000202"));
        assert_eq!(org, "Y90002");
    }

    sandbox.gpc(&["logout"]).await.expect_exit(0);
    sandbox
        .gpc(&["slots", "--practice", "A20047", "--days", "1"])
        .await
        .expect_exit(6);
}

#[tokio::test]
async fn low_assurance_is_refused() {
    let sandbox = Sandbox::start_signed_out().await;
    let run = sandbox.login("555000000003", "555000000301").await;
    run.expect_exit(6);
    assert!(run.stderr.contains("id_assurance_level"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_without_sign_in_sends_its_fixed_user_only_to_this_computer() {
    // The sandbox's profile without [cis2] (everything on 127.0.0.1) works: a simulator.
    let sandbox = Sandbox::start().await;
    let mut profile: gpconnect::profile::Profile =
        toml::from_str(&std::fs::read_to_string(sandbox.profile()).unwrap()).unwrap();
    profile.cis2 = None;
    let path = sandbox.file("local.toml");
    std::fs::write(&path, toml::to_string(&profile).unwrap()).unwrap();
    gpc_with_profile(&path, &["slots", "--practice", "A20047", "--days", "1"])
        .await
        .expect_exit(0);
    // The same profile pointed at a real proxy is refused before anything is sent (§4.2).
    profile.ssp_url = Some("https://proxy.intspineservices.nhs.uk".to_owned());
    let path = sandbox.file("fixed-user.toml");
    std::fs::write(&path, toml::to_string(&profile).unwrap()).unwrap();
    let run = gpc_with_profile(&path, &["slots", "--practice", "A20047", "--days", "1"]).await;
    run.expect_exit(6);
    assert!(run.stderr.contains("[cis2]"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was sent"), "{}", run.stderr);
}
