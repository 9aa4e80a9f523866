//! Where gpc finds its profile: `--profile`, `$GPC_PROFILE`, the user's
//! `$XDG_CONFIG_HOME/gpc/profile.toml`, else the one a running simulator wrote, so that
//! with `gpconnect-sim` running gpc works with no setup.

use crate::support::{Sandbox, gpc_env};

#[tokio::test(flavor = "multi_thread")]
async fn with_the_simulator_running_no_profile_needs_to_be_given() {
    let sandbox = Sandbox::start_in_data_home().await;
    let home = sandbox.root().join("home");
    let config = sandbox.root().join("config");
    let env = [
        ("HOME", home.as_path()),
        ("XDG_CONFIG_HOME", config.as_path()),
        ("XDG_DATA_HOME", sandbox.root()),
    ];
    let find = [
        "--json",
        "patient",
        "find",
        "--practice",
        "A20047",
        "--nhs-number",
        "9476719931",
    ];
    let run = gpc_env(&find, &env).await;
    run.expect_exit(0);
    assert_eq!(run.json()[0]["familyName"], "DAWES");
    assert!(
        run.stderr.contains("using the simulator's profile"),
        "{}",
        run.stderr
    );

    // The user's own profile comes first: here, one trusting a foreign CA (exit 4).
    let mut profile: gpconnect::profile::Profile =
        toml::from_str(&std::fs::read_to_string(sandbox.profile()).unwrap()).unwrap();
    let foreign = gpconnect_pki::DemoPki::generate("Other").unwrap();
    std::fs::create_dir_all(config.join("gpc")).unwrap();
    std::fs::write(
        config.join("gpc/foreign-ca.pem"),
        &foreign.ca_certificate_pem,
    )
    .unwrap();
    // A relative path: relative to the profile's folder.
    profile.tls.trusted_ca = "foreign-ca.pem".into();
    std::fs::write(
        config.join("gpc/profile.toml"),
        toml::to_string(&profile).unwrap(),
    )
    .unwrap();
    let run = gpc_env(&find, &env).await;
    run.expect_exit(4);
    assert!(run.stderr.contains("TLS"), "{}", run.stderr);

    // $GPC_PROFILE comes before it.
    let sim_profile = sandbox.profile();
    let with_variable = [
        env[0],
        env[1],
        env[2],
        ("GPC_PROFILE", sim_profile.as_path()),
    ];
    gpc_env(&find, &with_variable).await.expect_exit(0);

    // And --profile before $GPC_PROFILE.
    let user_profile = config.join("gpc/profile.toml");
    let given = [
        &["--profile", user_profile.to_str().unwrap()][..],
        &find[..],
    ]
    .concat();
    gpc_env(&given, &with_variable).await.expect_exit(4);
}

#[tokio::test(flavor = "multi_thread")]
async fn without_any_profile_the_missing_flags_are_named() {
    let sandbox = Sandbox::start_in_data_home().await;
    let empty = sandbox.root().join("empty");
    let env = [
        ("HOME", empty.as_path()),
        ("XDG_CONFIG_HOME", empty.as_path()),
        ("XDG_DATA_HOME", empty.as_path()),
    ];
    let run = gpc_env(&["slots"], &env).await;
    run.expect_exit(1);
    assert!(run.stderr.contains("no profile found"), "{}", run.stderr);
    assert!(run.stderr.contains("--trusted-ca"), "{}", run.stderr);

    // Every setting from flags: works with no profile file at all.
    let profile: gpconnect::profile::Profile =
        toml::from_str(&std::fs::read_to_string(sandbox.profile()).unwrap()).unwrap();
    let consumer = &profile.consumer;
    let practice = sandbox
        .sim
        .practices()
        .into_iter()
        .find(|p| p.ods_code.as_str() == "A20047")
        .unwrap();
    let root = format!("A20047={}", practice.provider_root);
    let asid = format!("A20047={}", practice.asid);
    let args = [
        "--ssp-url",
        profile.ssp_url.as_deref().unwrap(),
        "--asid",
        consumer.asid.as_str(),
        "--org-ods",
        consumer.organisation.ods_code.as_str(),
        "--org-name",
        &consumer.organisation.name,
        "--org-phone",
        &consumer.organisation.telephone,
        "--org-type",
        "urgent-care",
        "--user-id",
        &consumer.user.id,
        "--user-family-name",
        &consumer.user.family_name,
        "--issuer",
        &consumer.system.issuer,
        "--identifier-system",
        &consumer.system.identifier_system,
        "--client-certificate",
        profile.tls.client_certificate.to_str().unwrap(),
        "--client-key",
        profile.tls.client_key.to_str().unwrap(),
        "--trusted-ca",
        profile.tls.trusted_ca.to_str().unwrap(),
        "--practice-root",
        &root,
        "--practice-asid",
        &asid,
        "--json",
        "slots",
        "--practice",
        "A20047",
        "--days",
        "7",
    ];
    let run = gpc_env(&args, &env).await;
    run.expect_exit(0);
    let slots = run.json();
    assert!(!slots.as_array().unwrap().is_empty());
}
