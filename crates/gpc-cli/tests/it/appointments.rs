//! `gpc appointments` and `gpc appointment read | amend | cancel`.

use chrono::{Days, Utc};

use crate::support::{Sandbox, book, datetime, later_slot, slots, text, uk_day};

#[tokio::test(flavor = "multi_thread")]
async fn retrieve_read_amend_cancel() {
    let sandbox = Sandbox::start().await;
    let slot = later_slot(&slots(&sandbox, "A20047", "14").await);
    let booked = book(
        &sandbox,
        "A20047",
        &[text(&slot["slotId"])],
        "Asthma review",
    )
    .await;
    let id = text(&booked["id"]).to_owned();

    // Retrieve: JSON and table, with the reminder on stderr.
    let run = sandbox
        .gpc(&[
            "--json",
            "appointments",
            "--practice",
            "A20047",
            "--nhs-number",
            "947 671 9931",
        ])
        .await;
    run.expect_exit(0);
    assert!(run.stderr.contains("from today on"), "{}", run.stderr);
    let listed = run.json();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], id.as_str());
    assert_eq!(listed[0]["description"], "Asthma review");
    let table = sandbox
        .gpc(&[
            "appointments",
            "--practice",
            "A20047",
            "--nhs-number",
            "9476719931",
        ])
        .await;
    table.expect_exit(0);
    for shown in ["Asthma review", "booked", &uk_day(&slot["start"])] {
        assert!(table.stdout.contains(shown), "{shown} in\n{}", table.stdout);
    }
    // The location is shown by name (read separately).
    assert!(
        table.stdout.contains(text(&slot["location"]["name"])),
        "{}",
        table.stdout
    );

    // Read.
    let run = sandbox
        .gpc(&[
            "--json",
            "appointment",
            "read",
            "--practice",
            "A20047",
            "--id",
            &id,
        ])
        .await;
    run.expect_exit(0);
    let read = run.json();
    assert_eq!(read["status"], "booked");
    assert_eq!(datetime(&read["start"]), datetime(&slot["start"]));
    assert_eq!(read["slotIds"], serde_json::json!([text(&slot["slotId"])]));
    let version = read["versionId"].clone();
    let table = sandbox
        .gpc(&["appointment", "read", "--practice", "A20047", "--id", &id])
        .await;
    table.expect_exit(0);
    assert!(
        table.stdout.contains("Leeds Urgent Care Service (demo)"),
        "{}",
        table.stdout
    );

    // Amend: the description changes, a new comment is set.
    let run = sandbox
        .gpc(&[
            "--json",
            "appointment",
            "amend",
            "--practice",
            "A20047",
            "--id",
            &id,
            "--description",
            "Asthma review (annual)",
            "--comment",
            "Bring inhaler",
        ])
        .await;
    run.expect_exit(0);
    let amended = run.json();
    assert_eq!(amended["description"], "Asthma review (annual)");
    assert_eq!(amended["comment"], "Bring inhaler");
    assert_ne!(amended["versionId"], version, "a new version");

    // Amend without --comment keeps the comment; an empty one removes it.
    let run = sandbox
        .gpc(&[
            "--json",
            "appointment",
            "amend",
            "--practice",
            "A20047",
            "--id",
            &id,
            "--description",
            "Asthma check",
        ])
        .await;
    run.expect_exit(0);
    assert_eq!(run.json()["comment"], "Bring inhaler");
    let run = sandbox
        .gpc(&[
            "--json",
            "appointment",
            "amend",
            "--practice",
            "A20047",
            "--id",
            &id,
            "--description",
            "Asthma check",
            "--comment",
            "",
        ])
        .await;
    run.expect_exit(0);
    assert!(run.json()["comment"].is_null());

    // Cancel: the slot is free again, the appointment still listed as cancelled.
    let run = sandbox
        .gpc(&[
            "--json",
            "appointment",
            "cancel",
            "--practice",
            "A20047",
            "--id",
            &id,
            "--reason",
            "Patient unable to attend",
        ])
        .await;
    run.expect_exit(0);
    let cancelled = run.json();
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["cancellationReason"], "Patient unable to attend");
    assert!(
        slots(&sandbox, "A20047", "14")
            .await
            .iter()
            .any(|s| s["slotId"] == slot["slotId"])
    );
    let run = sandbox
        .gpc(&[
            "--json",
            "appointments",
            "--practice",
            "A20047",
            "--nhs-number",
            "9476719931",
        ])
        .await;
    run.expect_exit(0);
    assert_eq!(run.json()[0]["status"], "cancelled");

    // A cancelled appointment cannot be changed: refused before sending.
    let run = sandbox
        .gpc(&[
            "appointment",
            "cancel",
            "--practice",
            "A20047",
            "--id",
            &id,
            "--reason",
            "again",
        ])
        .await;
    run.expect_exit(5);
    assert!(run.stderr.contains("cancelled"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_appointment_and_past_ranges() {
    let sandbox = Sandbox::start().await;
    let run = sandbox
        .gpc(&[
            "appointment",
            "read",
            "--practice",
            "A20047",
            "--id",
            "999999",
        ])
        .await;
    run.expect_exit(3);
    assert!(run.stderr.contains("404"), "{}", run.stderr);

    let yesterday = gpconnect::time::uk_date(Utc::now())
        .checked_sub_days(Days::new(1))
        .unwrap()
        .format("%Y-%m-%d")
        .to_string();
    let run = sandbox
        .gpc(&[
            "appointments",
            "--practice",
            "A20047",
            "--patient-id",
            "3",
            "--from",
            &yesterday,
        ])
        .await;
    run.expect_exit(5);
    assert!(run.stderr.contains("from today"), "{}", run.stderr);

    sandbox
        .gpc(&[
            "appointment",
            "read",
            "--practice",
            "A20047",
            "--id",
            "../1",
        ])
        .await
        .expect_exit(5);
}
