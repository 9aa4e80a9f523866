//! `gpc slots`: table, JSON with every display field, CSV, the federation and long ranges.

use std::collections::BTreeSet;

use chrono::{Days, Utc};
use serde_json::Value;

use crate::support::{Sandbox, datetime, slots, text, uk_day};

#[tokio::test(flavor = "multi_thread")]
async fn json_is_the_flat_view_with_every_display_field_sorted_by_start() {
    let sandbox = Sandbox::start().await;
    // Every practice in the profile, searched as a federation.
    let run = sandbox.gpc(&["--json", "slots"]).await;
    run.expect_exit(0);
    let all = run.json();
    let all = all.as_array().unwrap();
    assert!(all.len() > 100, "{} slots", all.len());
    let practices: BTreeSet<&str> = all.iter().map(|s| text(&s["practiceOdsCode"])).collect();
    assert_eq!(
        practices,
        BTreeSet::from(["A20047", "GPC001", "R1A15", "R3B46"]),
        "the demo consumer is urgent care, so the hub offers slots too"
    );
    let starts: Vec<_> = all.iter().map(|s| datetime(&s["start"])).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "sorted by start");
    assert!(starts.iter().all(|s| s.with_timezone(&Utc) > Utc::now()));
    for slot in all {
        for field in [
            "practiceName",
            "slotId",
            "scheduleId",
            "deliveryChannel",
            "slotType",
            "scheduleType",
        ] {
            assert!(slot[field].is_string(), "{field} in {slot}");
        }
        let minutes = (datetime(&slot["end"]) - datetime(&slot["start"])).num_minutes();
        assert_eq!(slot["durationMinutes"].as_i64(), Some(minutes));
        assert!(slot["location"]["name"].is_string(), "{slot}");
        assert!(!slot["location"]["address"].as_array().unwrap().is_empty());
        assert!(slot["practitionerRole"].is_object(), "{slot}");
    }
    // Hepworth's phlebotomy clinic has a role but no practitioner.
    assert!(all.iter().any(|s| s["practitioner"].is_null()));
    assert!(
        all.iter()
            .any(|s| s["practitioner"]["name"].is_string()
                && s["practitioner"]["gender"].is_string())
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn table_shows_uk_dates_and_the_display_fields() {
    let sandbox = Sandbox::start().await;
    let json = slots(&sandbox, "A20047", "7").await;
    let run = sandbox
        .gpc(&["slots", "--practice", "A20047", "--days", "7"])
        .await;
    run.expect_exit(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    for header in [
        "Practice",
        "Slot",
        "Date",
        "Start",
        "End",
        "Channel",
        "Location",
        "Practitioner",
        "Role",
    ] {
        assert!(lines[1].contains(header), "{header} in {}", lines[1]);
    }
    // One row per slot, between the header and the bottom border.
    let rows: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.contains("A20047"))
        .collect();
    assert_eq!(rows.len(), json.len());
    let first = &json[0];
    let cells: Vec<&str> = rows[0]
        .split('┆')
        .map(|c| c.trim_matches(|c: char| c == '│' || c.is_whitespace()))
        .collect();
    assert_eq!(cells[1], text(&first["slotId"]));
    assert_eq!(
        cells[2],
        uk_day(&first["start"]),
        "UK date like Mon 23 Nov 2026"
    );
    assert_eq!(cells[6], text(&first["deliveryChannel"]));
    assert_eq!(cells[9], text(&first["location"]["name"]));
    assert!(
        run.stderr.contains(&format!("{} free slot(s)", json.len())),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn csv_has_the_documented_header_and_one_row_per_slot() {
    let sandbox = Sandbox::start().await;
    let json = slots(&sandbox, "GPC001", "7").await;
    let run = sandbox
        .gpc(&["slots", "--practice", "GPC001", "--days", "7", "--csv"])
        .await;
    run.expect_exit(0);
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "practice,slot id,date,start,end,duration,delivery channel,slot type,schedule type,location,address,practitioner,gender,role"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), json.len());
    let first: Vec<&str> = rows[0].split(',').collect();
    assert_eq!(first[0], "GPC001");
    assert_eq!(first[1], text(&json[0]["slotId"]));
    assert_eq!(first[2], &text(&json[0]["start"])[..10]);
}

#[tokio::test(flavor = "multi_thread")]
async fn ranges_longer_than_fourteen_days_are_searched_whole() {
    let sandbox = Sandbox::start().await;
    let today = gpconnect::time::uk_date(Utc::now());
    let to = today.checked_add_days(Days::new(34)).unwrap();
    let run = sandbox
        .gpc(&[
            "--json",
            "slots",
            "--practice",
            "A20047",
            "--to",
            &to.format("%Y-%m-%d").to_string(),
        ])
        .await;
    run.expect_exit(0);
    let slots: Vec<Value> = run.json().as_array().unwrap().clone();
    let days: BTreeSet<_> = slots
        .iter()
        .map(|s| gpconnect::time::uk_date(datetime(&s["start"]).with_timezone(&Utc)))
        .collect();
    let beyond_first_window = today.checked_add_days(Days::new(14)).unwrap();
    let beyond_second_window = today.checked_add_days(Days::new(28)).unwrap();
    assert!(
        days.iter()
            .any(|d| *d >= beyond_first_window && *d < beyond_second_window)
    );
    assert!(days.iter().any(|d| *d >= beyond_second_window));
    assert!(days.iter().all(|d| *d <= to));
    let ids: BTreeSet<_> = slots.iter().map(|s| text(&s["slotId"])).collect();
    assert_eq!(ids.len(), slots.len(), "no slot twice");
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_dates_and_codes_are_input_errors() {
    let sandbox = Sandbox::start().await;
    let run = sandbox.gpc(&["slots", "--from", "23/11/2026"]).await;
    run.expect_exit(5);
    assert!(run.stderr.contains("--from"), "{}", run.stderr);
    sandbox
        .gpc(&["slots", "--from", "2026-11-23", "--to", "2026-11-01"])
        .await
        .expect_exit(5);
    sandbox
        .gpc(&["slots", "--practice", "A2/047"])
        .await
        .expect_exit(5);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_later_window_that_fails_keeps_the_first_and_says_what_is_missing() {
    let sandbox = Sandbox::start().await;
    assert!(sandbox.sim.set_faults(
        "A20047",
        gpconnect_sim::Faults {
            fail_slot_search_from_day: Some(14),
            ..gpconnect_sim::Faults::default()
        },
    ));
    let run = sandbox
        .gpc(&["--json", "slots", "--practice", "A20047", "--days", "28"])
        .await;
    run.expect_exit(0);
    let found = run.json();
    let found = found.as_array().unwrap();
    assert!(!found.is_empty(), "the first fortnight's slots");
    let last_day = gpconnect::time::uk_date(Utc::now())
        .checked_add_days(Days::new(13))
        .unwrap();
    assert!(
        found.iter().all(
            |s| gpconnect::time::uk_date(datetime(&s["start"]).with_timezone(&Utc)) <= last_day
        )
    );
    assert!(
        run.stderr.contains("were not searched"),
        "stderr says what is missing: {}",
        run.stderr
    );
}
