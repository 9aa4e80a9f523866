//! Exit codes of failures: an invalid NHS number (no request made), a proxy error, a
//! practice failing in a federation, an untrusted server certificate, no profile.

use gpconnect_sim::Faults;

use crate::support::{Sandbox, gpc_with_profile, text};

#[tokio::test(flavor = "multi_thread")]
async fn an_invalid_nhs_number_exits_5_without_contacting_the_simulator() {
    let sandbox = Sandbox::start().await;
    // With the simulator stopped, any request would fail to connect (exit 4).
    sandbox.sim.shutdown();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let control = sandbox
        .gpc(&[
            "patient",
            "find",
            "--practice",
            "A20047",
            "--nhs-number",
            "9476719931",
        ])
        .await;
    control.expect_exit(4);

    for args in [
        &[
            "patient",
            "find",
            "--practice",
            "A20047",
            "--nhs-number",
            "947 671 9932",
        ][..],
        &[
            "appointments",
            "--practice",
            "A20047",
            "--nhs-number",
            "9000000008",
        ][..],
        &[
            "book",
            "--practice",
            "A20047",
            "--nhs-number",
            "12345",
            "--slot",
            "1",
            "--description",
            "x",
        ][..],
        &[
            "patient",
            "register",
            "--practice",
            "GPC001",
            "--nhs-number",
            "9651258534",
            "--family",
            "Conway",
            "--given",
            "Julius",
            "--birth-date",
            "1924-08-16",
        ][..],
    ] {
        let run = sandbox.gpc(args).await;
        run.expect_exit(5);
        assert!(run.stderr.contains("--nhs-number"), "{}", run.stderr);
        assert!(run.stderr.contains("NHS number"), "{}", run.stderr);
        assert_eq!(run.stdout, "");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_proxy_error_exits_3_with_status_token_and_advice() {
    let sandbox = Sandbox::start().await;
    assert!(sandbox.sim.set_faults(
        "A20047",
        Faults {
            status: Some(502),
            ..Faults::default()
        },
    ));
    let run = sandbox.gpc(&["slots", "--practice", "A20047"]).await;
    run.expect_exit(3);
    assert_eq!(run.stdout, "");
    for shown in [
        "A20047",
        "PROVIDER_UNREACHABLE",
        "502",
        "ERROR_COMMUNICATING_TO_ENDPOINT_URL",
        "not answering",
    ] {
        assert!(run.stderr.contains(shown), "{shown} in\n{}", run.stderr);
    }

    // In a federation the other practices still answer: exit 0, the failure on stderr.
    let run = sandbox.gpc(&["--json", "slots", "--days", "7"]).await;
    run.expect_exit(0);
    let slots = run.json();
    let slots = slots.as_array().unwrap();
    assert!(!slots.is_empty());
    assert!(
        slots
            .iter()
            .all(|s| text(&s["practiceOdsCode"]) != "A20047")
    );
    assert!(
        slots
            .iter()
            .any(|s| text(&s["practiceOdsCode"]) == "GPC001")
    );
    assert!(
        run.stderr.contains("PROVIDER_UNREACHABLE"),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_untrusted_server_certificate_exits_4() {
    let sandbox = Sandbox::start().await;
    let foreign = gpconnect_pki::DemoPki::generate("Other").unwrap();
    let ca = sandbox.file("foreign-ca.pem");
    std::fs::write(&ca, &foreign.ca_certificate_pem).unwrap();
    let mut profile: gpconnect::profile::Profile =
        toml::from_str(&std::fs::read_to_string(sandbox.profile()).unwrap()).unwrap();
    profile.tls.trusted_ca = ca.clone();
    let path = sandbox.file("wrong-ca.toml");
    std::fs::write(&path, toml::to_string(&profile).unwrap()).unwrap();

    let run = gpc_with_profile(&path, &["slots", "--practice", "A20047"]).await;
    run.expect_exit(4);
    assert!(run.stderr.contains("TLS"), "{}", run.stderr);
    let run = gpc_with_profile(
        &path,
        &[
            "patient",
            "find",
            "--practice",
            "A20047",
            "--nhs-number",
            "9476719931",
        ],
    )
    .await;
    run.expect_exit(4);
    assert!(run.stderr.contains("secure connection"), "{}", run.stderr);
    // The flag overrides the profile the same way.
    let ca = ca.to_str().unwrap();
    let run = sandbox
        .gpc(&["--trusted-ca", ca, "discover", "--ods", "A20047"])
        .await;
    assert_ne!(run.code, 0, "{run:?}");
    // Key material is never printed.
    assert!(!run.stderr.contains("PRIVATE KEY"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_profile_is_a_configuration_error() {
    let sandbox = Sandbox::start().await;
    let missing = sandbox.file("no-such-profile.toml");
    let run = gpc_with_profile(&missing, &["slots"]).await;
    run.expect_exit(1);
    assert!(
        run.stderr.contains("cannot read the profile"),
        "{}",
        run.stderr
    );

    let broken = sandbox.file("broken.toml");
    std::fs::write(&broken, "ssp_url = 3").unwrap();
    let run = gpc_with_profile(&broken, &["slots"]).await;
    run.expect_exit(1);
    assert!(run.stderr.contains("is not valid"), "{}", run.stderr);
}
