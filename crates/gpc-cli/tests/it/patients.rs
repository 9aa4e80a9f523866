//! `gpc patient find` and `gpc patient register`.

use crate::support::{Sandbox, text};

#[tokio::test(flavor = "multi_thread")]
async fn find_a_registered_patient() {
    let sandbox = Sandbox::start().await;
    let run = sandbox
        .gpc(&[
            "patient",
            "find",
            "--practice",
            "A20047",
            "--nhs-number",
            "947 671 9931",
        ])
        .await;
    run.expect_exit(0);
    for shown in ["947 671 9931", "DAWES", "Minnie", "31 May 1952", "female"] {
        assert!(run.stdout.contains(shown), "{shown} in\n{}", run.stdout);
    }

    let run = sandbox
        .gpc(&[
            "--json",
            "patient",
            "find",
            "--practice",
            "a20047",
            "--nhs-number",
            "9476719931",
        ])
        .await;
    run.expect_exit(0);
    let found = run.json();
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["familyName"], "DAWES");
    assert_eq!(found[0]["nhsNumber"], "9476719931");
    assert_eq!(found[0]["birthDate"], "1952-05-31");
    assert!(!text(&found[0]["id"]).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_patient_registered_nowhere_is_not_found_then_registered() {
    let sandbox = Sandbox::start().await;
    let find = [
        "patient",
        "find",
        "--practice",
        "GPC001",
        "--nhs-number",
        "965 125 8535",
    ];

    // Not found: not an error, nothing on stdout, a hint on stderr; JSON is an empty list.
    let run = sandbox.gpc(&find).await;
    run.expect_exit(0);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains("no patient with NHS number 965 125 8535"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("gpc patient register"));
    let json = sandbox.gpc(&[&["--json"], &find[..]].concat()).await;
    json.expect_exit(0);
    assert_eq!(json.json(), serde_json::json!([]));

    // Register.
    let run = sandbox
        .gpc(&[
            "--json",
            "patient",
            "register",
            "--practice",
            "GPC001",
            "--nhs-number",
            "965 125 8535",
            "--family",
            "Conway",
            "--given",
            "Julius",
            "--title",
            "Mr",
            "--birth-date",
            "1924-08-16",
            "--gender",
            "male",
            "--address-line",
            "12 Park Row",
            "--city",
            "Leeds",
            "--postcode",
            "LS1 5HD",
            "--mobile-phone",
            "07700 900123",
        ])
        .await;
    run.expect_exit(0);
    let patient = run.json();
    assert_eq!(patient["registrationType"], "T");
    assert_eq!(patient["nhsNumber"], "9651258535");
    assert_eq!(
        patient["familyName"]
            .as_str()
            .map(str::to_uppercase)
            .as_deref(),
        Some("CONWAY")
    );

    // Now found, with the same id.
    let run = sandbox.gpc(&[&["--json"], &find[..]].concat()).await;
    run.expect_exit(0);
    assert_eq!(run.json()[0]["id"], patient["id"]);
    let table = sandbox.gpc(&find).await;
    assert!(table.stdout.contains("T (temporary)"), "{}", table.stdout);
    assert!(table.stdout.contains("16 Aug 1924"));
}

#[tokio::test(flavor = "multi_thread")]
async fn every_registration_problem_is_listed_and_nothing_is_sent() {
    let sandbox = Sandbox::start().await;
    let run = sandbox
        .gpc(&[
            "patient",
            "register",
            "--practice",
            "GPC001",
            "--nhs-number",
            "9651258535",
            "--family",
            " ",
            "--given",
            "Julius",
            "--birth-date",
            "1924-08-16",
            "--address-line",
            "12 Park Row",
            "--postcode",
            "nowhere",
            "--email",
            "not-an-email",
        ])
        .await;
    run.expect_exit(5);
    for field in ["familyName", "homeAddress.postcode", "email"] {
        assert!(run.stderr.contains(field), "{field} in\n{}", run.stderr);
    }
    // Nothing was registered.
    let find = sandbox
        .gpc(&[
            "--json",
            "patient",
            "find",
            "--practice",
            "GPC001",
            "--nhs-number",
            "9651258535",
        ])
        .await;
    find.expect_exit(0);
    assert_eq!(find.json(), serde_json::json!([]));
}
