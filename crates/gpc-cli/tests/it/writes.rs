//! Writes that survive a real network, through `gpc`: for each fault of a provider that
//! commits and then answers badly, `gpc book` reports the booking made (or still being
//! checked), never "not made" or "try again", and exactly one appointment exists; a write
//! left open (a crash) is reconciled and reported when gpc next starts; `gpc history`
//! shows the audit trail with every write's trace ID; `gpc pending` closes an entry.

use gpconnect_sim::Faults;
use serde_json::Value;

use crate::support::{Run, Sandbox, later_slot, slots, text};

async fn book(sandbox: &Sandbox, slot: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "--json",
        "book",
        "--practice",
        "A20047",
        "--nhs-number",
        "947 671 9931",
        "--slot",
        slot,
        "--description",
        "Fault test",
    ];
    args.extend_from_slice(extra);
    sandbox.gpc(&args).await
}

async fn holding(sandbox: &Sandbox, slot: &str) -> usize {
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
            "28",
        ])
        .await;
    listed.expect_exit(0);
    listed
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["slotIds"].as_array().unwrap().iter().any(|s| s == slot))
        .count()
}

/// Books under `faults` and checks: made (exit 0, the appointment on stdout) or still
/// checking (exit 7); never not made or "try again"; one appointment at the provider.
async fn made_once(faults: Faults, extra: &[&str]) -> Run {
    let sandbox = Sandbox::start().await;
    let slot = later_slot(&slots(&sandbox, "A20047", "14").await);
    let id = text(&slot["slotId"]).to_owned();
    sandbox.sim.set_faults("A20047", faults);
    let run = book(&sandbox, &id, extra).await;
    assert!(matches!(run.code, 0 | 7), "{run:?}");
    assert!(!run.stderr.contains("Try again"), "{}", run.stderr);
    assert!(!run.stderr.contains("not booked"), "{}", run.stderr);
    assert!(!run.stderr.contains("was not made"), "{}", run.stderr);
    // A late commit lands within the schedule; wait past it before counting.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(holding(&sandbox, &id).await, 1, "{run:?}");
    if run.code == 0 {
        let held = run.json()["slotIds"].clone();
        // A read without slot[] matched otherwise shows none.
        assert!(
            held == serde_json::json!([id]) || held == serde_json::json!([]),
            "{held}"
        );
        assert!(
            run.stderr.contains("the booking was made, once"),
            "{}",
            run.stderr
        );
    }
    run
}

#[tokio::test(flavor = "multi_thread")]
async fn commit_then_502_is_made() {
    let run = made_once(
        Faults {
            commit_then_status: Some(502),
            ..Faults::default()
        },
        &[],
    )
    .await;
    run.expect_exit(0);
}

#[tokio::test(flavor = "multi_thread")]
async fn commit_then_500_is_made() {
    made_once(
        Faults {
            commit_then_status: Some(500),
            ..Faults::default()
        },
        &[],
    )
    .await
    .expect_exit(0);
}

#[tokio::test(flavor = "multi_thread")]
async fn commit_then_a_cut_off_201_is_made() {
    made_once(
        Faults {
            commit_then_cut_body: true,
            ..Faults::default()
        },
        &[],
    )
    .await
    .expect_exit(0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_late_commit_behind_a_504_is_made() {
    made_once(
        Faults {
            late_commit_ms: Some(1500),
            ..Faults::default()
        },
        &["--check-at", "0,1,3", "--check-total", "10"],
    )
    .await
    .expect_exit(0);
}

#[tokio::test(flavor = "multi_thread")]
async fn reads_without_slots_are_matched_otherwise() {
    made_once(
        Faults {
            commit_then_status: Some(502),
            retrieve_without_slots: true,
            ..Faults::default()
        },
        &[],
    )
    .await
    .expect_exit(0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_left_open_is_reported_at_the_next_start_and_history_shows_it() {
    let sandbox = Sandbox::start().await;
    let slot = later_slot(&slots(&sandbox, "A20047", "14").await);
    let id = text(&slot["slotId"]).to_owned();
    // Committed behind a 504 2.5 s later: the read-back (at once, within 1 s) misses it.
    sandbox.sim.set_faults(
        "A20047",
        Faults {
            late_commit_ms: Some(2500),
            ..Faults::default()
        },
    );
    let run = book(&sandbox, &id, &["--check-at", "0", "--check-total", "1"]).await;
    run.expect_exit(7);
    assert!(
        run.stderr.contains("do not repeat it yet"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("trace ID:"), "{}", run.stderr);
    let trace = run
        .stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("trace ID:"))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    sandbox.sim.set_faults("A20047", Faults::default());
    // The next run of any command checks it first and says what became of it.
    let next = sandbox.gpc(&["pending", "check"]).await;
    next.expect_exit(0);
    assert!(
        next.stderr.contains(
            "a booking for 947 671 9931 at Dr Legg's Surgery was being sent: it was made"
        ),
        "{}",
        next.stderr
    );
    assert!(
        next.stdout.contains("No write is waiting"),
        "{}",
        next.stdout
    );
    assert_eq!(holding(&sandbox, &id).await, 1);

    // The audit trail: the write with its trace ID, and the reads that checked it.
    let history = sandbox
        .gpc(&["--json", "history", "--nhs-number", "9476719931"])
        .await;
    history.expect_exit(0);
    let rows: Vec<Value> = history.json().as_array().unwrap().clone();
    let write = rows
        .iter()
        .find(|r| r["traceId"] == trace.as_str())
        .unwrap_or_else(|| panic!("{trace} in {rows:#?}"));
    assert_eq!(write["action"], "book");
    assert_eq!(write["outcome"], "unknown");
    assert_eq!(write["httpStatus"], 504);
    assert_eq!(write["practice"], "A20047");
    assert!(
        rows.iter()
            .any(|r| r["action"] == "check" && r["outcome"] == "ok")
    );
    let table = sandbox.gpc(&["history", "--practice", "A20047"]).await;
    table.expect_exit(0);
    assert!(table.stdout.contains(&trace), "{}", table.stdout);
    assert!(table.stdout.contains("947 671 9931"));
    let csv = sandbox
        .gpc(&["history", "--csv", "--outcome", "unknown"])
        .await;
    csv.expect_exit(0);
    assert!(
        csv.stdout.starts_with("time_utc,time_uk,"),
        "{}",
        csv.stdout
    );
    assert_eq!(csv.stdout.lines().count(), 2, "{}", csv.stdout);

    // The journal file is the owner's only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let file = sandbox.data_dir().join("journal.sqlite3");
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_still_unknown_can_be_closed_after_calling_the_practice() {
    let sandbox = Sandbox::start().await;
    let slot = later_slot(&slots(&sandbox, "A20047", "14").await);
    let id = text(&slot["slotId"]).to_owned();
    // The proxy answers 502 and nothing is committed: the booking is never found, so it
    // stays unknown (never "not made") until the user closes it.
    sandbox.sim.set_faults(
        "A20047",
        Faults {
            write_status: Some(502),
            ..Faults::default()
        },
    );
    let run = book(&sandbox, &id, &["--check-at", "0", "--check-total", "2"]).await;
    run.expect_exit(7);
    let again = sandbox.gpc(&["pending", "check"]).await;
    again.expect_exit(0);
    assert!(
        again.stderr.contains("is still unknown: call the practice"),
        "{}",
        again.stderr
    );
    let entry = again.stdout.split_whitespace().next().unwrap().to_owned();
    let closed = sandbox
        .gpc(&[
            "pending",
            "resolve",
            "--id",
            &entry,
            "--note",
            "Practice: not booked",
        ])
        .await;
    closed.expect_exit(0);
    assert!(
        closed.stdout.contains("Closed: a booking for 947 671 9931"),
        "{}",
        closed.stdout
    );
    let after = sandbox.gpc(&["pending", "check"]).await;
    assert!(
        after.stdout.contains("No write is waiting"),
        "{}",
        after.stdout
    );
    let history = sandbox
        .gpc(&["--json", "history", "--outcome", "resolved"])
        .await;
    assert_eq!(history.json().as_array().unwrap().len(), 1);
}
