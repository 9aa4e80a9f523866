//! The faults of a provider that commits a write and then answers badly: commit then 502,
//! commit then 500, commit then a cut-off 201, commit then hang, a late commit behind a 504,
//! and reads without `slot[]`. Each is set through the admin API or the faults file; each
//! leaves exactly one appointment, which the client reports as made (or still checking),
//! never as not made.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use gpconnect::appointments::BookingRequest;
use gpconnect::outcome::WriteOutcome;
use gpconnect::reconcile::ReconcileSchedule;
use gpconnect::time::{DateRange, SystemClock};
use gpconnect::{Client, NhsNumber, RetryPolicy, Timeouts};
use gpconnect_sim::{Faults, Simulator};

use crate::support::{self, practice, simulator, today};

/// A client that reads back at once, after 1 s and after 3 s.
fn checking(sim: &Simulator, request: Duration) -> Client {
    let profile: gpconnect::profile::Profile =
        toml::from_str(&std::fs::read_to_string(sim.profile_path()).unwrap()).unwrap();
    Client::builder(profile.consumer.clone(), profile.tls.load().unwrap())
        .ssp_url(sim.base_url())
        .timeouts(Timeouts {
            connect: Duration::from_secs(2),
            request,
        })
        .retry(RetryPolicy {
            max_attempts: 2,
            initial_backoff: Duration::from_millis(20),
        })
        .reconcile(ReconcileSchedule::from_seconds(&[0, 1, 3], 10).unwrap())
        .clock(Arc::new(SystemClock))
        .build()
        .unwrap()
}

/// Books a fresh slot at Dr Legg's for DAWES Minnie under `faults`; returns the outcome and
/// how many appointments hold the slot afterwards (read with the faults cleared).
async fn book_under(
    faults: Faults,
    request_timeout: Duration,
) -> (
    WriteOutcome<gpconnect::appointments::AppointmentRecord>,
    usize,
) {
    let sim = simulator().await;
    let client = checking(&sim, request_timeout);
    let legg = practice(&sim, "A20047");
    let slot = support::slots(&sim, &client, "A20047").await.remove(2);
    let patient = client
        .find_single_patient(&legg, &NhsNumber::parse("9476719931").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(sim.set_faults("A20047", faults));
    let outcome = client
        .book_appointment(
            &legg,
            &BookingRequest {
                patient_id: patient.id.clone(),
                slots: vec![slot.clone()],
                description: "Fault".into(),
                comment: None,
            },
        )
        .await
        .unwrap();
    // Let any late commit land, then count with the faults cleared.
    tokio::time::sleep(Duration::from_millis(300)).await;
    sim.set_faults("A20047", Faults::default());
    let holding = client
        .retrieve_appointments(&legg, &patient.id, DateRange::starting(today(), 28))
        .await
        .unwrap()
        .iter()
        .filter(|a| a.summary().slot_ids.contains(&slot.slot_id))
        .count();
    (outcome, holding)
}

fn confirmed(outcome: &WriteOutcome<gpconnect::appointments::AppointmentRecord>) -> bool {
    matches!(outcome, WriteOutcome::Confirmed { .. })
}

#[tokio::test]
async fn commit_then_502_is_reported_made() {
    let (outcome, holding) = book_under(
        Faults {
            commit_then_status: Some(502),
            ..Faults::default()
        },
        Duration::from_secs(5),
    )
    .await;
    assert!(confirmed(&outcome), "{outcome:?}");
    assert_eq!(holding, 1);
}

#[tokio::test]
async fn commit_then_500_is_reported_made() {
    let (outcome, holding) = book_under(
        Faults {
            commit_then_status: Some(500),
            ..Faults::default()
        },
        Duration::from_secs(5),
    )
    .await;
    let WriteOutcome::Confirmed { cause, .. } = &outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(cause.code(), "INTERNAL_SERVER_ERROR");
    assert_eq!(holding, 1);
}

#[tokio::test]
async fn commit_then_a_cut_off_201_is_reported_made() {
    let (outcome, holding) = book_under(
        Faults {
            commit_then_cut_body: true,
            ..Faults::default()
        },
        Duration::from_secs(5),
    )
    .await;
    let WriteOutcome::Confirmed { cause, .. } = &outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(cause.code(), "DECODE");
    assert_eq!(holding, 1);
}

#[tokio::test]
async fn commit_then_hang_is_reported_made_after_the_timeout() {
    let (outcome, holding) = book_under(
        Faults {
            commit_then_hang: true,
            ..Faults::default()
        },
        Duration::from_millis(800),
    )
    .await;
    let WriteOutcome::Confirmed { cause, .. } = &outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(cause.code(), "TIMEOUT");
    assert_eq!(holding, 1);
}

#[tokio::test]
async fn a_late_commit_behind_a_504_is_found_by_a_later_check() {
    let (outcome, holding) = book_under(
        Faults {
            late_commit_ms: Some(1500),
            ..Faults::default()
        },
        Duration::from_secs(5),
    )
    .await;
    let WriteOutcome::Confirmed { cause, .. } = &outcome else {
        panic!("the check at +3 s finds what was committed at +1.5 s: {outcome:?}");
    };
    assert_eq!(cause.code(), "PROVIDER_TIMEOUT");
    assert_eq!(holding, 1);
}

#[tokio::test]
async fn reads_without_slots_are_matched_by_times_practitioner_location_and_organisation() {
    let (outcome, holding) = book_under(
        Faults {
            commit_then_status: Some(502),
            retrieve_without_slots: true,
            ..Faults::default()
        },
        Duration::from_secs(5),
    )
    .await;
    let WriteOutcome::Confirmed { record, .. } = &outcome else {
        panic!("{outcome:?}");
    };
    assert!(
        record.summary().slot_ids.is_empty(),
        "the read had no slot[]"
    );
    assert_eq!(holding, 1);
}

#[tokio::test]
async fn the_new_faults_are_set_by_the_admin_api_and_the_faults_file() {
    let file = r#"
        [A20047]
        commit_then_status = 502
        retrieve_without_slots = true
        [GPC001]
        late_commit_ms = 2000
        commit_then_cut_body = true
        commit_then_hang = true
    "#;
    let parsed: BTreeMap<String, Faults> = toml::from_str(file).unwrap();
    assert_eq!(parsed["A20047"].commit_then_status, Some(502));
    assert!(parsed["A20047"].retrieve_without_slots);
    assert_eq!(parsed["GPC001"].late_commit_ms, Some(2000));
    assert!(parsed["GPC001"].commit_then_cut_body && parsed["GPC001"].commit_then_hang);

    let sim = simulator().await;
    let pki = sim.pki();
    let http = reqwest::Client::builder()
        .tls_backend_rustls()
        .tls_certs_only(
            reqwest::Certificate::from_pem_bundle(pki.ca_certificate_pem.as_bytes()).unwrap(),
        )
        .identity(
            reqwest::Identity::from_pem(
                format!("{}\n{}", pki.client_certificate_pem, pki.client_key_pem).as_bytes(),
            )
            .unwrap(),
        )
        .build()
        .unwrap();
    let url = format!("{}/practices/A20047/faults", sim.admin_url());
    let put = http
        .put(&url)
        .header("content-type", "application/json")
        .body(
            r#"{"commit_then_status": 500, "late_commit_ms": 100, "retrieve_without_slots": true}"#,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    let faults = sim.state().faults("A20047");
    assert_eq!(faults.commit_then_status, Some(500));
    assert_eq!(faults.late_commit_ms, Some(100));
    assert!(faults.retrieve_without_slots);
}

/// Books a fresh slot for DAWES Minnie at Dr Legg's and returns the client, practice and
/// appointment as read.
async fn booked(
    sim: &Simulator,
) -> (
    Client,
    gpconnect::Practice,
    gpconnect::appointments::AppointmentRecord,
) {
    let client = checking(sim, Duration::from_secs(5));
    let legg = practice(sim, "A20047");
    let slot = support::slots(sim, &client, "A20047").await.remove(3);
    let patient = client
        .find_single_patient(&legg, &NhsNumber::parse("9476719931").unwrap())
        .await
        .unwrap()
        .unwrap();
    let record = client
        .book_appointment(
            &legg,
            &BookingRequest {
                patient_id: patient.id,
                slots: vec![slot],
                description: "To change".into(),
                comment: None,
            },
        )
        .await
        .unwrap()
        .into_record()
        .unwrap();
    (client, legg, record)
}

#[tokio::test]
async fn an_amendment_committed_then_500_is_read_back_made() {
    let sim = simulator().await;
    let (client, legg, record) = booked(&sim).await;
    sim.set_faults(
        "A20047",
        Faults {
            commit_then_status: Some(500),
            ..Faults::default()
        },
    );
    let outcome = client
        .amend_appointment(&legg, &record, "Changed", Some("Bring inhaler"))
        .await
        .unwrap();
    let WriteOutcome::Confirmed { record: now, .. } = outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(now.appointment.description.as_deref(), Some("Changed"));
    assert_ne!(now.version_id, record.version_id);
}

#[tokio::test]
async fn a_cancellation_committed_then_502_is_read_back_made() {
    let sim = simulator().await;
    let (client, legg, record) = booked(&sim).await;
    sim.set_faults(
        "A20047",
        Faults {
            commit_then_status: Some(502),
            ..Faults::default()
        },
    );
    let outcome = client
        .cancel_appointment(&legg, &record, "Unwell")
        .await
        .unwrap();
    let WriteOutcome::Confirmed { record: now, .. } = outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(
        now.appointment.status,
        Some(gpconnect::fhir::AppointmentStatus::Cancelled)
    );
}

#[tokio::test]
async fn a_lost_amendment_overtaken_by_another_change_is_not_made() {
    let sim = simulator().await;
    let (client, legg, record) = booked(&sim).await;
    // The proxy answers 502 without forwarding; another client then changes the appointment:
    // ours, sent with the old If-Match, cannot have been applied.
    sim.set_faults(
        "A20047",
        Faults {
            write_status: Some(502),
            ..Faults::default()
        },
    );
    assert!(sim.state().touch_appointment(
        "A20047",
        record.id.as_str(),
        Some("Changed by the practice"),
        None
    ));
    let outcome = client
        .amend_appointment(&legg, &record, "Mine", None)
        .await
        .unwrap();
    assert!(
        matches!(outcome, WriteOutcome::NotMade { .. }),
        "{outcome:?}"
    );
}
