//! Each injected fault reaches the client as the right typed error, and in a federated
//! search the healthy practices still return.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use gpconnect::appointments::BookingRequest;
use gpconnect::federation::Federation;
use gpconnect::time::{DateRange, SystemClock};
use gpconnect::{Client, Error, NhsNumber, ProxyErrorKind, RetryPolicy, TimeoutStage, Timeouts};
use gpconnect_sim::{Faults, Simulator};

use crate::support::{self, client, practice, simulator, today};

/// A client that gives up quickly and does not retry, so fault tests stay short.
fn impatient(sim: &Simulator) -> Client {
    let profile: gpconnect::profile::Profile =
        toml::from_str(&std::fs::read_to_string(sim.profile_path()).unwrap()).unwrap();
    Client::builder(profile.consumer.clone(), profile.tls.load().unwrap())
        .ssp_url(sim.base_url())
        .timeouts(Timeouts {
            connect: Duration::from_secs(2),
            request: Duration::from_millis(800),
        })
        .retry(RetryPolicy {
            max_attempts: 1,
            initial_backoff: Duration::ZERO,
        })
        .reconcile(gpconnect::reconcile::ReconcileSchedule::once(
            Duration::from_secs(2),
        ))
        .clock(Arc::new(SystemClock))
        .build()
        .unwrap()
}

async fn search_error(sim: &Simulator, faults: Faults) -> Error {
    assert!(sim.set_faults("GPC001", faults));
    let client = impatient(sim);
    client
        .search_free_slots(&practice(sim, "GPC001"), &support::query(&client, 7))
        .await
        .unwrap_err()
}

#[tokio::test]
async fn each_fault_is_the_right_typed_error() {
    let sim = simulator().await;
    let err = search_error(
        &sim,
        Faults {
            status: Some(500),
            ..Faults::default()
        },
    )
    .await;
    assert!(
        matches!(&err, Error::Provider(p) if p.status == 500),
        "{err:?}"
    );
    assert_eq!(err.code(), "INTERNAL_SERVER_ERROR");

    let err = search_error(
        &sim,
        Faults {
            status: Some(502),
            ..Faults::default()
        },
    )
    .await;
    assert!(
        matches!(&err, Error::Proxy(p) if p.kind == ProxyErrorKind::ProviderUnreachable),
        "{err:?}"
    );

    let err = search_error(
        &sim,
        Faults {
            status: Some(504),
            ..Faults::default()
        },
    )
    .await;
    assert!(
        matches!(&err, Error::Proxy(p) if p.kind == ProxyErrorKind::ProviderTimeout),
        "{err:?}"
    );

    let err = search_error(
        &sim,
        Faults {
            malformed_json: true,
            ..Faults::default()
        },
    )
    .await;
    assert!(matches!(&err, Error::Decode { status: 200, .. }), "{err:?}");

    let err = search_error(
        &sim,
        Faults {
            hang: true,
            ..Faults::default()
        },
    )
    .await;
    assert!(
        matches!(
            err,
            Error::Timeout {
                stage: TimeoutStage::Response,
                ..
            }
        ),
        "{err:?}"
    );

    let err = search_error(
        &sim,
        Faults {
            latency_ms: 2000,
            ..Faults::default()
        },
    )
    .await;
    assert!(
        matches!(err, Error::Timeout { .. }),
        "latency beyond the request timeout: {err:?}"
    );

    // Latency within the timeout and gzip bodies are fine.
    sim.set_faults(
        "GPC001",
        Faults {
            latency_ms: 100,
            gzip: true,
            ..Faults::default()
        },
    );
    let client = impatient(&sim);
    let found = client
        .search_free_slots(&practice(&sim, "GPC001"), &support::query(&client, 7))
        .await
        .unwrap();
    assert!(!found.slots.is_empty());
}

#[tokio::test]
async fn a_booking_committed_then_dropped_is_reconciled_by_reading() {
    let sim = simulator().await;
    let client = client(&sim);
    let legg = practice(&sim, "A20047");
    let slot = support::slots(&sim, &client, "A20047").await.remove(0);
    let patient = client
        .find_patient(&legg, &NhsNumber::parse("9476719931").unwrap())
        .await
        .unwrap()
        .remove(0);
    sim.set_faults(
        "A20047",
        Faults {
            drop_after_booking: true,
            read_status: Some(500),
            ..Faults::default()
        },
    );
    let request = BookingRequest {
        patient_id: patient.id.clone(),
        slots: vec![slot.clone()],
        description: "Dropped".into(),
        comment: None,
    };
    let outcome = impatient(&sim)
        .book_appointment(&legg, &request)
        .await
        .unwrap();
    let gpconnect::outcome::WriteOutcome::Unknown { cause: err, .. } = outcome else {
        panic!("reads fail too, so the outcome stays unknown: {outcome:?}");
    };
    assert!(matches!(err, Error::ConnectionLost { .. }), "{err:?}");
    assert!(
        err.outcome_unknown(),
        "never resend: the outcome is unknown"
    );
    sim.set_faults("A20047", Faults::default());
    // Reconcile by reading: the booking exists exactly once.
    let appointments = client
        .retrieve_appointments(&legg, &patient.id, DateRange::starting(today(), 28))
        .await
        .unwrap();
    let holding: Vec<_> = appointments
        .iter()
        .filter(|a| a.summary().slot_ids.contains(&slot.slot_id))
        .collect();
    assert_eq!(holding.len(), 1);
}

#[tokio::test]
async fn healthy_practices_return_in_a_federated_search_with_faults() {
    let sim = simulator().await;
    sim.set_faults(
        "A20047",
        Faults {
            hang: true,
            ..Faults::default()
        },
    );
    sim.set_faults(
        "GPC001",
        Faults {
            status: Some(502),
            ..Faults::default()
        },
    );
    sim.set_faults(
        "R1A15",
        Faults {
            malformed_json: true,
            ..Faults::default()
        },
    );
    let client = impatient(&sim);
    let outcomes: Vec<_> = client
        .search_federation(
            &support::client_practices(&sim),
            &support::query(&client, 7),
            &Federation::with_deadline(Duration::from_millis(1500)),
        )
        .filter_map(|event| std::future::ready(event.answered()))
        .collect()
        .await;
    let by_ods = |ods: &str| {
        outcomes
            .iter()
            .find(|o| o.practice.ods_code.as_str() == ods)
            .unwrap()
    };
    assert!(
        !by_ods("R3B46").result.as_ref().unwrap().slots.is_empty(),
        "the hub is healthy"
    );
    assert!(matches!(
        by_ods("A20047").result,
        Err(Error::Timeout { .. })
    ));
    assert_eq!(
        by_ods("GPC001").result.as_ref().unwrap_err().code(),
        "PROVIDER_UNREACHABLE"
    );
    assert_eq!(
        by_ods("R1A15").result.as_ref().unwrap_err().code(),
        "DECODE"
    );
    assert_eq!(
        outcomes.last().unwrap().practice.ods_code.as_str(),
        "A20047",
        "the hung practice is last"
    );
}

#[tokio::test]
async fn faults_can_be_set_through_the_admin_endpoint() {
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
    let url = format!("{}/practices/R1A15/faults", sim.admin_url());
    let put = http
        .put(&url)
        .header("content-type", "application/json")
        .body(r#"{"status": 500}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    let err = impatient(&sim)
        .search_free_slots(&practice(&sim, "R1A15"), &support::query(&client(&sim), 7))
        .await
        .unwrap_err();
    assert_eq!(err.http_status(), Some(500));
    assert_eq!(http.delete(&url).send().await.unwrap().status(), 204);
    let cleared = http.get(&url).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(
        serde_json::from_slice::<Faults>(&cleared).unwrap(),
        Faults::default()
    );
    let unknown = http
        .put(format!("{}/practices/ZZZ99/faults", sim.admin_url()))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn book_and_reconcile_reports_a_dropped_booking_as_made() {
    let sim = simulator().await;
    let client = client(&sim);
    let legg = practice(&sim, "A20047");
    let slots = support::slots(&sim, &client, "A20047").await;
    let patient = client
        .find_patient(&legg, &NhsNumber::parse("9476719931").unwrap())
        .await
        .unwrap()
        .remove(0);
    let request = |slot: &gpconnect::slots::BookableSlot| BookingRequest {
        patient_id: patient.id.clone(),
        slots: vec![slot.clone()],
        description: "Reconcile".into(),
        comment: None,
    };
    sim.set_faults(
        "A20047",
        Faults {
            drop_after_booking: true,
            ..Faults::default()
        },
    );
    match client
        .book_appointment(&legg, &request(&slots[0]))
        .await
        .unwrap()
    {
        gpconnect::outcome::WriteOutcome::Confirmed { record, .. } => {
            assert_eq!(record.summary().slot_ids, vec![slots[0].slot_id.clone()]);
        }
        other => panic!("expected Confirmed, got {other:?}"),
    }
    // A provider behind a proxy answering 504: nothing is found, so it stays unknown (never
    // "not booked").
    sim.set_faults(
        "A20047",
        Faults {
            status: Some(504),
            ..Faults::default()
        },
    );
    let outcome = impatient(&sim)
        .book_appointment(&legg, &request(&slots[1]))
        .await
        .unwrap();
    assert!(
        matches!(outcome, gpconnect::outcome::WriteOutcome::Unknown { .. }),
        "the check failed too: still unknown: {outcome:?}"
    );
    sim.set_faults("A20047", Faults::default());
    match client
        .book_appointment(&legg, &request(&slots[1]))
        .await
        .unwrap()
    {
        gpconnect::outcome::WriteOutcome::Done(_) => {}
        other => panic!("{other:?}"),
    }
}
