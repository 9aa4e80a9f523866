//! `gpc discover`, and practices configured by ODS code only, looked up in SDS.

use crate::support::{Sandbox, gpc_with_profile, text};

#[tokio::test(flavor = "multi_thread")]
async fn discover_shows_root_and_asid_from_sds() {
    let sandbox = Sandbox::start().await;
    let expected = sandbox
        .sim
        .practices()
        .into_iter()
        .find(|p| p.ods_code.as_str() == "R1A15")
        .unwrap();

    let run = sandbox.gpc(&["discover", "--ods", "r1a15"]).await;
    run.expect_exit(0);
    for shown in [
        "R1A15",
        "The Hepworth Surgery",
        expected.provider_root.as_str(),
        expected.asid.as_str(),
    ] {
        assert!(run.stdout.contains(shown), "{shown} in\n{}", run.stdout);
    }

    let run = sandbox.gpc(&["--json", "discover", "--ods", "R1A15"]).await;
    run.expect_exit(0);
    let found = run.json();
    assert_eq!(found["ods_code"], "R1A15");
    assert_eq!(
        text(&found["provider_root"]),
        expected.provider_root.as_str()
    );
    assert_eq!(text(&found["asid"]), expected.asid.as_str());

    let unknown = sandbox.gpc(&["discover", "--ods", "ZZZ99"]).await;
    unknown.expect_exit(3);
    assert!(
        unknown.stderr.contains("NO_RECORD_FOUND"),
        "{}",
        unknown.stderr
    );
    assert!(unknown.stderr.contains("404"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_practice_given_by_ods_code_only_is_looked_up_in_sds() {
    let sandbox = Sandbox::start().await;
    let mut profile: gpconnect::profile::Profile =
        toml::from_str(&std::fs::read_to_string(sandbox.profile()).unwrap()).unwrap();
    for entry in &mut profile.practices {
        entry.provider_root = None;
        entry.asid = None;
    }
    let path = sandbox.file("ods-only.toml");
    std::fs::write(&path, toml::to_string(&profile).unwrap()).unwrap();

    let run = gpc_with_profile(
        &path,
        &["--json", "slots", "--practice", "GPC001", "--days", "7"],
    )
    .await;
    run.expect_exit(0);
    let slots = run.json();
    let slots = slots.as_array().unwrap();
    assert!(!slots.is_empty());
    assert!(slots.iter().all(|s| s["practiceOdsCode"] == "GPC001"));

    // Without SDS, such a practice cannot be addressed: a configuration error.
    profile.sds = None;
    std::fs::write(&path, toml::to_string(&profile).unwrap()).unwrap();
    let run = gpc_with_profile(
        &path,
        &[
            "patient",
            "find",
            "--practice",
            "GPC001",
            "--nhs-number",
            "9476719931",
        ],
    )
    .await;
    run.expect_exit(1);
    assert!(
        run.stderr.contains("SDS is not configured") || run.stderr.contains("--practice-root"),
        "{}",
        run.stderr
    );

    // Unless the flags give root and ASID.
    let practice = sandbox
        .sim
        .practices()
        .into_iter()
        .find(|p| p.ods_code.as_str() == "GPC001")
        .unwrap();
    let root = format!("GPC001={}", practice.provider_root);
    let asid = format!("GPC001={}", practice.asid);
    let run = gpc_with_profile(
        &path,
        &[
            "--practice-root",
            &root,
            "--practice-asid",
            &asid,
            "--json",
            "patient",
            "find",
            "--practice",
            "GPC001",
            "--nhs-number",
            "9476719931",
        ],
    )
    .await;
    run.expect_exit(0);
    assert_eq!(run.json(), serde_json::json!([]));
}
