//! `gpc patient trace` against the simulator's PDS stand-in, signed in through its CIS2
//! stand-in: each case of the stand-in through `gpc` (registered practice, deceased,
//! sensitive, superseded, invalidated, not found, a search by demographics in PDS's order,
//! too many matches, throttling), table and JSON, and the exit codes.

use gpconnect_sim::pds::PdsFaults;

use crate::support::Sandbox;

fn trace<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    [&["patient", "trace"][..], extra].concat()
}

#[tokio::test]
async fn each_case_through_gpc_with_table_and_json() {
    let sandbox = Sandbox::start().await;

    // Registered at a practice of the profile: the table names it.
    let run = sandbox.gpc(&trace(&["--nhs-number", "947 671 9931"])).await;
    run.expect_exit(0);
    assert!(run.stdout.contains("947 671 9931"), "{}", run.stdout);
    assert!(
        run.stdout.contains("A20047 Dr Legg's Surgery"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("31 May 1952"), "{}", run.stdout);
    assert!(run.stdout.contains("DN20 8AF"), "{}", run.stdout);
    let json = sandbox
        .gpc(&trace(&["--nhs-number", "9476719931", "--json"]))
        .await
        .expect_exit(0)
        .json();
    assert_eq!(json["patient"]["registeredPractice"], "A20047");
    assert_eq!(json["patient"]["verification"]["code"], "01");
    assert_eq!(json["superseded"], false);

    // Deceased: traced, and said not to book.
    let run = sandbox.gpc(&trace(&["--nhs-number", "9476719974"])).await;
    run.expect_exit(0);
    assert!(
        run.stderr.contains("deceased on 10 Jul 2007: do not book"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("deceased 10 Jul 2007"),
        "{}",
        run.stdout
    );

    // Sensitive: no address, and no GP Connect.
    let run = sandbox.gpc(&trace(&["--nhs-number", "9476113162"])).await;
    run.expect_exit(0);
    assert!(
        run.stderr.contains("no GP Connect request may be sent"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("FERRIBY"), "{}", run.stdout);
    let json = sandbox
        .gpc(&trace(&["--nhs-number", "9476113162", "--json"]))
        .await
        .json();
    assert_eq!(json["patient"]["restricted"], true);
    assert!(json["patient"]["address"].is_null());

    // Superseded: the current number, and the change said.
    let run = sandbox.gpc(&trace(&["--nhs-number", "999 000 0018"])).await;
    run.expect_exit(0);
    assert!(
        run.stderr
            .contains("999 000 0018 was superseded: PDS answered with 947 671 9923"),
        "{}",
        run.stderr
    );

    // Invalidated, and not found: PDS refused (3), with what to do.
    let run = sandbox.gpc(&trace(&["--nhs-number", "9990000026"])).await;
    run.expect_exit(3);
    assert!(
        run.stderr.contains("INVALIDATED_RESOURCE"),
        "{}",
        run.stderr
    );
    let run = sandbox.gpc(&trace(&["--nhs-number", "9990000034"])).await;
    run.expect_exit(3);
    assert!(run.stderr.contains("RESOURCE_NOT_FOUND"), "{}", run.stderr);

    // Nothing sent to GP Connect practices by any of it.
    assert!(sandbox.sim.state().requests().is_empty());
    // Every PDS request carried the signed-in role.
    assert!(
        sandbox
            .sim
            .pds()
            .requests()
            .iter()
            .all(|r| r.session_urid.as_deref() == Some("555000000101"))
    );
}

#[tokio::test]
async fn a_search_by_demographics_and_its_refusals() {
    let sandbox = Sandbox::start().await;
    let run = sandbox
        .gpc(&trace(&[
            "--family",
            "Banton",
            "--birth-date",
            "1955-09-18",
            "--postcode",
            "DN16 1HQ",
        ]))
        .await;
    run.expect_exit(0);
    assert!(run.stdout.contains("947 671 9958"), "{}", run.stdout);
    assert!(run.stdout.contains("3 CHURCH LANE"), "{}", run.stdout);

    let json = sandbox
        .gpc(&trace(&[
            "--family",
            "CROOK",
            "--born-from",
            "1950-01-01",
            "--born-to",
            "2020-12-31",
            "--json",
        ]))
        .await
        .expect_exit(0)
        .json();
    let numbers: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["nhsNumber"].as_str().unwrap())
        .collect();
    assert_eq!(numbers.len(), 5);
    assert!(json[0].get("score").is_none(), "no match score is shown");

    let run = sandbox
        .gpc(&trace(&[
            "--family",
            "CROOK",
            "--born-from",
            "1950-01-01",
            "--max-results",
            "2",
        ]))
        .await;
    run.expect_exit(3);
    assert!(
        run.stderr.contains("too many patients match"),
        "{}",
        run.stderr
    );

    let run = sandbox
        .gpc(&trace(&[
            "--family",
            "Nobody",
            "--birth-date",
            "1950-01-01",
        ]))
        .await;
    run.expect_exit(0);
    assert!(
        run.stderr.contains("try again with --fuzzy"),
        "{}",
        run.stderr
    );

    // Refused before sending: PDS's rules (exit 5), nothing reaches the stand-in.
    let before = sandbox.sim.pds().requests().len();
    let run = sandbox
        .gpc(&trace(&["--family", "C*", "--birth-date", "1950-01-01"]))
        .await;
    run.expect_exit(5);
    assert!(
        run.stderr.contains("first two characters"),
        "{}",
        run.stderr
    );
    sandbox
        .gpc(&trace(&["--family", "Dawes"]))
        .await
        .expect_exit(5);
    sandbox
        .gpc(&trace(&["--nhs-number", "9000000008"]))
        .await
        .expect_exit(5);
    assert_eq!(sandbox.sim.pds().requests().len(), before);

    // Throttled on every try: reported (3), after the repeats.
    sandbox.sim.pds().set_faults(&PdsFaults {
        fail_next: vec![429, 429, 429],
        retry_after_seconds: None,
    });
    let run = sandbox.gpc(&trace(&["--nhs-number", "9476719931"])).await;
    run.expect_exit(3);
    assert!(run.stderr.contains("TOO_MANY_REQUESTS"), "{}", run.stderr);
    assert_eq!(sandbox.sim.pds().requests().len(), before + 3);
}

#[tokio::test]
async fn without_a_session_nothing_is_sent() {
    let sandbox = Sandbox::start_signed_out().await;
    let run = sandbox.gpc(&trace(&["--nhs-number", "9476719931"])).await;
    run.expect_exit(6);
    assert!(run.stderr.contains("gpc login"), "{}", run.stderr);
    assert!(sandbox.sim.pds().requests().is_empty());
}
