//! Federated search: one practice slower than its deadline and one failing; the others'
//! results arrive and the slow one reports a timeout.

use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use futures::StreamExt;
use gpconnect::federation::Federation;
use gpconnect::slots::{SearchFilters, SlotQuery};
use gpconnect::time::DateRange;
use gpconnect::{Error, TimeoutStage};

use crate::support::{self, Reply, TestServer, fixture};

#[tokio::test]
async fn slow_and_failing_practices_never_hide_the_others() {
    let server = TestServer::start(|r| {
        let slots = Reply::ok(fixture("search_for_free_slots_response_example.json"));
        if r.path().contains("/SLOW01/") {
            slots.delayed(Duration::from_secs(10))
        } else if r.path().contains("/FAIL01/") {
            Reply::outcome(500, "INTERNAL_SERVER_ERROR", "database unavailable")
        } else {
            slots
        }
    })
    .await;
    let client = support::client_for(&server, Utc.with_ymd_and_hms(2016, 8, 1, 9, 0, 0).unwrap());
    let practices = vec![
        support::practice(
            "SLOW01",
            "https://slow.nhs.uk/SLOW01/STU3/1/gpconnect",
            "100000000001",
        ),
        support::practice(
            "FAIL01",
            "https://fail.nhs.uk/FAIL01/STU3/1/gpconnect",
            "100000000002",
        ),
        support::practice(
            "GOOD01",
            "https://good.nhs.uk/GOOD01/STU3/1/gpconnect",
            "100000000003",
        ),
        support::practice(
            "GOOD02",
            "https://good.nhs.uk/GOOD02/STU3/1/gpconnect",
            "100000000004",
        ),
    ];
    let query = SlotQuery {
        range: DateRange::starting(NaiveDate::from_ymd_opt(2016, 8, 15).unwrap(), 14),
        filters: SearchFilters::default(),
        service: None,
    };
    let outcomes: Vec<_> = client
        .search_federation(
            &practices,
            &query,
            &Federation::with_deadline(Duration::from_millis(500)),
        )
        .filter_map(|event| std::future::ready(event.answered()))
        .collect()
        .await;
    assert_eq!(outcomes.len(), 4);
    let order: Vec<&str> = outcomes
        .iter()
        .map(|o| o.practice.ods_code.as_str())
        .collect();
    assert_eq!(
        order.last(),
        Some(&"SLOW01"),
        "the slow practice answers last: {order:?}"
    );
    for outcome in &outcomes {
        match outcome.practice.ods_code.as_str() {
            "GOOD01" | "GOOD02" => assert_eq!(outcome.result.as_ref().unwrap().slots.len(), 2),
            "FAIL01" => assert_eq!(
                outcome.result.as_ref().unwrap_err().code(),
                "INTERNAL_SERVER_ERROR"
            ),
            "SLOW01" => assert!(matches!(
                outcome.result,
                Err(Error::Timeout {
                    stage: TimeoutStage::Deadline,
                    ..
                })
            )),
            other => panic!("unexpected {other}"),
        }
    }
    // Each practice's slots carry its own name and the right Ssp-To went to each root.
    let good = outcomes
        .iter()
        .find(|o| o.practice.ods_code.as_str() == "GOOD02")
        .unwrap();
    assert!(
        good.result
            .as_ref()
            .unwrap()
            .slots
            .iter()
            .all(|s| s.practice_ods_code.as_str() == "GOOD02")
    );
    for request in server.requests() {
        let expected = if request.path().contains("GOOD02") {
            "100000000004"
        } else {
            continue;
        };
        assert_eq!(request.header("ssp-to"), Some(expected));
    }
}
