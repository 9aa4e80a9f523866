//! `gpc book`: one slot, two adjacent slots, a slot taken by someone else first, a slot no
//! longer free, and a booking whose answer is lost.

use gpconnect_sim::Faults;

use crate::support::{Sandbox, adjacent_pair, datetime, dawes_id, later_slot, slots, text};

#[tokio::test(flavor = "multi_thread")]
async fn book_one_slot_by_nhs_number() {
    let sandbox = Sandbox::start().await;
    let slot = later_slot(&slots(&sandbox, "A20047", "14").await);
    let id = text(&slot["slotId"]);
    let run = sandbox
        .gpc(&[
            "--json",
            "book",
            "--practice",
            "A20047",
            "--nhs-number",
            "947 671 9931",
            "--slot",
            id,
            "--description",
            "Asthma review",
            "--comment",
            "Bring inhaler",
        ])
        .await;
    run.expect_exit(0);
    let booked = run.json();
    assert_eq!(booked["status"], "booked");
    assert_eq!(booked["slotIds"], serde_json::json!([id]));
    assert_eq!(booked["description"], "Asthma review");
    assert_eq!(booked["comment"], "Bring inhaler");
    assert_eq!(datetime(&booked["start"]), datetime(&slot["start"]));
    assert_eq!(booked["bookingOrganisation"]["odsCode"], "Y90001");
    assert!(run.stderr.contains("booked appointment"), "{}", run.stderr);

    // The slot is no longer offered.
    let after = slots(&sandbox, "A20047", "14").await;
    assert!(after.iter().all(|s| s["slotId"] != id));

    // Booking it again is refused before sending: it is not among the free slots.
    let again = sandbox
        .gpc(&[
            "book",
            "--practice",
            "A20047",
            "--nhs-number",
            "9476719931",
            "--slot",
            id,
            "--description",
            "Asthma review",
        ])
        .await;
    again.expect_exit(5);
    assert!(again.stderr.contains("not free"), "{}", again.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn book_two_adjacent_slots_by_patient_id_with_a_table() {
    let sandbox = Sandbox::start().await;
    let patient = dawes_id(&sandbox).await;
    let (first, second) = adjacent_pair(&slots(&sandbox, "A20047", "14").await);
    let run = sandbox
        .gpc(&[
            "book",
            "--practice",
            "A20047",
            "--patient-id",
            &patient,
            "--slot",
            text(&second["slotId"]),
            "--slot",
            text(&first["slotId"]),
            "--description",
            "Double appointment",
        ])
        .await;
    run.expect_exit(0);
    assert!(run.stdout.contains("Double appointment"), "{}", run.stdout);
    assert!(run.stdout.contains(&format!(
        "{}, {}",
        text(&first["slotId"]),
        text(&second["slotId"])
    )));
    let start = gpconnect::time::uk_local(datetime(&first["start"]).to_utc())
        .format("%a %-d %b %Y %H:%M")
        .to_string();
    assert!(
        run.stdout.contains(&start),
        "UK start {start} in\n{}",
        run.stdout
    );

    // The appointment spans both slots.
    let listed = sandbox
        .gpc(&[
            "--json",
            "appointments",
            "--practice",
            "A20047",
            "--patient-id",
            &patient,
            "--days",
            "14",
        ])
        .await;
    listed.expect_exit(0);
    let appointments = listed.json();
    let appointment = &appointments.as_array().unwrap()[0];
    assert_eq!(appointment["slotIds"].as_array().unwrap().len(), 2);
    assert_eq!(datetime(&appointment["start"]), datetime(&first["start"]));
    assert_eq!(datetime(&appointment["end"]), datetime(&second["end"]));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slot_taken_by_someone_else_first_is_duplicate_rejected() {
    let sandbox = Sandbox::start().await;
    let patient = dawes_id(&sandbox).await;
    let slot = later_slot(&slots(&sandbox, "A20047", "7").await);
    let id = text(&slot["slotId"]).to_owned();
    // Both bookings see the slot free (every answer takes 4 s, so both searches are
    // answered before either booking is), then both send: one must lose.
    sandbox.sim.set_faults(
        "A20047",
        Faults {
            latency_ms: 4000,
            ..Faults::default()
        },
    );
    // Two patients: a 409 for the same patient is checked against their appointments and
    // reported as their booking (see writes.rs); for another it is "taken".
    let args = |description: &'static str| {
        let (flag, who) = if description == "First" {
            ("--patient-id", patient.clone())
        } else {
            ("--nhs-number", "9476719923".to_owned())
        };
        vec![
            "book".to_owned(),
            "--practice".to_owned(),
            "A20047".to_owned(),
            flag.to_owned(),
            who,
            "--slot".to_owned(),
            id.clone(),
            "--days".to_owned(),
            "7".to_owned(),
            "--description".to_owned(),
            description.to_owned(),
        ]
    };
    let (a, b) = (args("First"), args("Second"));
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    let (first, second) = tokio::join!(sandbox.gpc(&a), sandbox.gpc(&b));
    let mut codes = [first.code, second.code];
    codes.sort_unstable();
    assert_eq!(codes, [0, 3], "\n{first:?}\n{second:?}");
    let loser = if first.code == 3 { &first } else { &second };
    assert!(
        loser.stderr.contains("DUPLICATE_REJECTED"),
        "{}",
        loser.stderr
    );
    assert!(loser.stderr.contains("409"));
    assert!(loser.stderr.contains("Someone else got there first"));
    assert_eq!(loser.stdout, "");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_answer_is_never_resent_but_checked() {
    let sandbox = Sandbox::start().await;
    let slot = later_slot(&slots(&sandbox, "A20047", "14").await);
    let id = text(&slot["slotId"]);
    // The practice books, then the connection drops before the answer arrives.
    sandbox.sim.set_faults(
        "A20047",
        Faults {
            drop_after_booking: true,
            ..Faults::default()
        },
    );
    let run = sandbox
        .gpc(&[
            "--json",
            "book",
            "--practice",
            "A20047",
            "--nhs-number",
            "9476719931",
            "--slot",
            id,
            "--description",
            "Lost answer",
        ])
        .await;
    run.expect_exit(0);
    assert!(
        run.stderr
            .contains("answer to the booking was not a confirmation (CONNECTION_LOST)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("it was not sent again"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("the booking was made, once"),
        "{}",
        run.stderr
    );
    let found = run.json();
    assert_eq!(found["slotIds"], serde_json::json!([id]));
    assert_eq!(found["description"], "Lost answer");

    // Booked exactly once.
    sandbox.sim.set_faults("A20047", Faults::default());
    let listed = sandbox
        .gpc(&[
            "--json",
            "appointments",
            "--practice",
            "A20047",
            "--nhs-number",
            "9476719931",
            "--days",
            "14",
        ])
        .await;
    listed.expect_exit(0);
    let holding = listed
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["slotIds"].as_array().unwrap().iter().any(|s| s == id))
        .count();
    assert_eq!(holding, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn booking_details_are_checked_before_sending() {
    let sandbox = Sandbox::start().await;
    let slot = later_slot(&slots(&sandbox, "A20047", "7").await);
    let long = "x".repeat(101);
    let run = sandbox
        .gpc(&[
            "book",
            "--practice",
            "A20047",
            "--nhs-number",
            "9476719931",
            "--slot",
            text(&slot["slotId"]),
            "--description",
            &long,
        ])
        .await;
    run.expect_exit(5);
    assert!(run.stderr.contains("100 characters"), "{}", run.stderr);
    // Nothing was booked.
    assert!(
        slots(&sandbox, "A20047", "7")
            .await
            .iter()
            .any(|s| s["slotId"] == slot["slotId"])
    );
    // A patient not registered at the practice.
    let run = sandbox
        .gpc(&[
            "book",
            "--practice",
            "GPC001",
            "--nhs-number",
            "9651258535",
            "--slot",
            "1",
            "--description",
            "Review",
        ])
        .await;
    run.expect_exit(5);
    assert!(
        run.stderr.contains("gpc patient register"),
        "{}",
        run.stderr
    );
}
