//! Writes over the wire: a lost answer read back (by slot ids, or by times, practitioner,
//! location and booking organisation when the read omits `slot[]`), a duplicate that is our
//! own earlier attempt, the journal opened before sending; and transport hardening:
//! redirects are not followed, bodies are capped.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{TimeZone, Utc};
use gpconnect::appointments::BookingRequest;
use gpconnect::exchange::{CallContext, Exchange, ExchangeObserver};
use gpconnect::ids::PatientId;
use gpconnect::outcome::WriteOutcome;
use gpconnect::pending::{Closure, EntryId, PendingWrite, WriteJournal};
use gpconnect::slots::{SearchFilters, SlotQuery};
use gpconnect::time::DateRange;
use gpconnect::{Error, NhsNumber};
use serde_json::{Value, json};

use crate::support::{self, Recorded, Reply, TestServer};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2016, 8, 1, 9, 0, 0).unwrap()
}

fn slots_bundle() -> String {
    support::fixture("search_for_free_slots_response_example.json")
}

async fn one_slot(server: &TestServer) -> gpconnect::slots::BookableSlot {
    let client = support::client_for(server, now());
    let query = SlotQuery {
        range: DateRange::starting(chrono::NaiveDate::from_ymd_opt(2016, 8, 15).unwrap(), 1),
        filters: SearchFilters::default(),
        service: None,
    };
    client
        .search_free_slots(&support::default_practice(), &query)
        .await
        .unwrap()
        .slots
        .remove(0)
}

fn booking(slot: &gpconnect::slots::BookableSlot) -> BookingRequest {
    BookingRequest {
        patient_id: PatientId::parse("2").unwrap(),
        slots: vec![slot.clone()],
        description: "Review".into(),
        comment: None,
    }
}

/// The appointment the provider would have stored for `slot`, as a retrieve returns it.
fn stored(slot: &gpconnect::slots::BookableSlot, with_slots: bool) -> Value {
    let mut appointment = json!({
        "resourceType": "Appointment", "id": "77", "meta": {"versionId": "1"},
        "status": "booked",
        "start": slot.start.to_rfc3339(), "end": slot.end.to_rfc3339(),
        "contained": [{"resourceType": "Organization", "id": "1",
            "identifier": [{"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "A1001"}],
            "name": "Leeds Extended Access Hub"}],
        "extension": [{"url": "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-BookingOrganisation-1",
            "valueReference": {"reference": "#1"}}],
        "participant": [
            {"actor": {"reference": "Patient/2"}, "status": "accepted"},
            {"actor": {"reference": slot.location.id.reference()}, "status": "accepted"},
        ],
    });
    if let Some(p) = &slot.practitioner {
        appointment["participant"]
            .as_array_mut()
            .unwrap()
            .push(json!({"actor": {"reference": p.id.reference()}, "status": "accepted"}));
    }
    if with_slots {
        appointment["slot"] = json!([{"reference": slot.slot_id.reference()}]);
    }
    appointment
}

fn searchset(resources: Vec<Value>) -> String {
    json!({"resourceType": "Bundle", "type": "searchset",
        "entry": resources.into_iter().map(|r| json!({"resource": r})).collect::<Vec<_>>()})
    .to_string()
}

/// Slot search and retrieve answered from `retrieve`; the booking answered by `write`.
async fn provider(
    retrieve: impl Fn() -> String + Send + Sync + 'static,
    write: impl Fn() -> Reply + Send + Sync + 'static,
) -> TestServer {
    TestServer::start(move |r: &Recorded| {
        if r.method == "POST" {
            write()
        } else if r.path().ends_with("/Slot") {
            Reply::ok(slots_bundle())
        } else {
            Reply::ok(retrieve())
        }
    })
    .await
}

#[derive(Debug, Default)]
struct Journal {
    events: Mutex<Vec<String>>,
}

impl WriteJournal for Journal {
    fn open(&self, write: &PendingWrite) -> Result<EntryId, String> {
        self.events.lock().unwrap().push(format!(
            "open {} {}",
            write.detail.kind(),
            write.trace_id
        ));
        Ok(EntryId(1))
    }

    fn close(&self, id: EntryId, closure: Closure, made: Option<&str>) -> Result<(), String> {
        self.events
            .lock()
            .unwrap()
            .push(format!("close {id} {closure:?} {}", made.unwrap_or("-")));
        Ok(())
    }
}

#[derive(Debug, Default)]
struct Exchanges(Mutex<Vec<Exchange>>);

impl ExchangeObserver for Exchanges {
    fn exchanged(&self, exchange: &Exchange) {
        self.0.lock().unwrap().push(exchange.clone());
    }
}

#[tokio::test]
async fn a_502_after_commit_is_read_back_made_without_slot_ids() {
    let slot_cell: Arc<Mutex<Option<gpconnect::slots::BookableSlot>>> = Arc::default();
    let cell = slot_cell.clone();
    let server = provider(
        move || {
            let slot = cell.lock().unwrap().clone();
            searchset(slot.iter().map(|s| stored(s, false)).collect())
        },
        || Reply::proxy(502, "ERROR_COMMUNICATING_TO_ENDPOINT_URL_x"),
    )
    .await;
    let slot = one_slot(&server).await;
    *slot_cell.lock().unwrap() = Some(slot.clone());
    let journal = Arc::new(Journal::default());
    let observer = Arc::new(Exchanges::default());
    let client = gpconnect::Client::builder(support::identity(), support::tls_for(&server.pki))
        .ssp_url(server.base_url())
        .clock(Arc::new(gpconnect::time::FixedClock::new(now())))
        .journal(journal.clone())
        .observer(observer.clone())
        .reconcile(gpconnect::reconcile::ReconcileSchedule::once(
            Duration::from_secs(3),
        ))
        .build()
        .unwrap();
    let nhs = NhsNumber::parse("9476719931").unwrap();
    let (client, recorder) = client.scoped(CallContext {
        nhs_number: Some(nhs.clone()),
        action: Some("book"),
        note: None,
    });
    let outcome = client
        .book_appointment(&support::default_practice(), &booking(&slot))
        .await
        .unwrap();
    let WriteOutcome::Confirmed { record, cause } = outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(record.id.as_str(), "77");
    assert_eq!(cause.code(), "PROVIDER_UNREACHABLE");
    // The journal entry was opened before sending, with the write's trace ID, and closed made.
    let events = journal.events.lock().unwrap().clone();
    let post = server
        .requests()
        .into_iter()
        .find(|r| r.method == "POST")
        .unwrap();
    let trace = post.header("ssp-traceid").unwrap().to_owned();
    assert_eq!(
        events,
        [format!("open book {trace}"), "close 1 Made 77".to_owned()]
    );
    // Every exchange was observed with its context; the check is marked.
    let seen = observer.0.lock().unwrap().clone();
    let write = seen
        .iter()
        .find(|e| e.trace_id.to_string() == trace)
        .unwrap();
    assert_eq!(write.status, Some(502));
    assert_eq!(write.context.nhs_number.as_ref(), Some(&nhs));
    assert!(seen.iter().any(|e| e.context.action == Some("check")));
    assert_eq!(recorder.error_trace_id().unwrap().to_string(), trace);
}

#[tokio::test]
async fn a_500_then_nothing_found_stays_unknown_and_the_entry_open() {
    let server = provider(
        || searchset(vec![]),
        || Reply::outcome(500, "INTERNAL_SERVER_ERROR", "boom"),
    )
    .await;
    let slot = one_slot(&server).await;
    let journal = Arc::new(Journal::default());
    let client = gpconnect::Client::builder(support::identity(), support::tls_for(&server.pki))
        .ssp_url(server.base_url())
        .clock(Arc::new(gpconnect::time::FixedClock::new(now())))
        .journal(journal.clone())
        .reconcile(
            gpconnect::reconcile::ReconcileSchedule::new(
                vec![
                    Duration::ZERO,
                    Duration::from_millis(20),
                    Duration::from_millis(40),
                ],
                Duration::from_secs(3),
            )
            .unwrap(),
        )
        .build()
        .unwrap();
    let outcome = client
        .book_appointment(&support::default_practice(), &booking(&slot))
        .await
        .unwrap();
    assert!(
        matches!(outcome, WriteOutcome::Unknown { .. }),
        "{outcome:?}"
    );
    assert_eq!(
        journal.events.lock().unwrap().len(),
        1,
        "opened, never closed"
    );
    let requests = server.requests();
    assert_eq!(requests.iter().filter(|r| r.method == "POST").count(), 1);
    assert_eq!(
        requests
            .iter()
            .filter(|r| r.path().ends_with("/Appointment") && r.method == "GET")
            .count(),
        3,
        "read back at each of the three offsets"
    );
}

#[tokio::test]
async fn a_duplicate_after_our_own_lost_attempt_is_checked_first() {
    let slot_cell: Arc<Mutex<Option<gpconnect::slots::BookableSlot>>> = Arc::default();
    let cell = slot_cell.clone();
    let server = provider(
        move || {
            let slot = cell.lock().unwrap().clone();
            searchset(slot.iter().map(|s| stored(s, true)).collect())
        },
        || Reply::outcome(409, "DUPLICATE_REJECTED", "slot busy"),
    )
    .await;
    let slot = one_slot(&server).await;
    let client = support::client_for(&server, now());
    // Nothing of ours holds it: the 409 is someone else's.
    let err = client
        .book_appointment(&support::default_practice(), &booking(&slot))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "DUPLICATE_REJECTED");
    // The patient's own appointment holds it: reported made, not "taken by someone else".
    *slot_cell.lock().unwrap() = Some(slot.clone());
    let outcome = client
        .book_appointment(&support::default_practice(), &booking(&slot))
        .await
        .unwrap();
    assert!(
        matches!(outcome, WriteOutcome::Confirmed { .. }),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn a_redirect_is_never_followed() {
    let server = TestServer::start(|_| {
        Reply::json(307, "").with_header("location", "http://127.0.0.1:9/elsewhere")
    })
    .await;
    let client = support::client_for(&server, now());
    let err = client
        .capability_statement(&support::default_practice())
        .await
        .unwrap_err();
    assert_eq!(err.http_status(), Some(307), "{err:?}");
    assert_eq!(server.requests().len(), 1, "exactly one request");
    // A redirected write is an unknown outcome, never followed or resent.
    let server = provider(
        || searchset(vec![]),
        || Reply::json(307, "").with_header("location", "http://127.0.0.1:9/Appointment"),
    )
    .await;
    let slot = one_slot(&server).await;
    server.clear();
    let outcome = support::client_for(&server, now())
        .book_appointment(&support::default_practice(), &booking(&slot))
        .await
        .unwrap();
    assert!(
        matches!(outcome, WriteOutcome::Unknown { .. }),
        "{outcome:?}"
    );
    assert_eq!(
        server
            .requests()
            .iter()
            .filter(|r| r.method == "POST")
            .count(),
        1
    );
}

#[tokio::test]
async fn a_declared_oversized_body_is_refused_unread() {
    let server = TestServer::start(|_| Reply::ok("{}".repeat(600))).await;
    let client = gpconnect::Client::builder(support::identity(), support::tls_for(&server.pki))
        .ssp_url(server.base_url())
        .max_response_bytes(1000)
        .build()
        .unwrap();
    let err = client
        .capability_statement(&support::default_practice())
        .await
        .unwrap_err();
    assert_eq!(err, Error::ResponseTooLarge { limit: 1000 });
    assert_eq!(err.code(), "RESPONSE_TOO_LARGE");
}

#[tokio::test]
async fn a_record_with_another_nhs_number_is_never_returned() {
    let server = TestServer::start(|_| {
        Reply::ok(
            json!({"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": {
                "resourceType": "Patient", "id": "2",
                "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9476719915"}]
            }}]})
            .to_string(),
        )
    })
    .await;
    let err = support::client_for(&server, now())
        .find_patient(
            &support::default_practice(),
            &NhsNumber::parse("9476719931").unwrap(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "WRONG_PATIENT");
    assert!(!err.to_string().contains("9476719915"), "{err}");
}

#[tokio::test]
async fn another_patients_appointment_is_left_out_of_a_retrieval() {
    let server = TestServer::start(|_| {
        let appointment = |id: &str, patient: &str| {
            json!({"resourceType": "Appointment", "id": id, "status": "booked",
                "start": "2016-08-15T10:00:00+01:00", "end": "2016-08-15T10:10:00+01:00",
                "participant": [{"actor": {"reference": format!("Patient/{patient}")}, "status": "accepted"}]})
        };
        Reply::ok(searchset(vec![appointment("1", "2"), appointment("2", "7")]))
    })
    .await;
    let found = support::client_for(&server, now())
        .retrieve_appointments(
            &support::default_practice(),
            &PatientId::parse("2").unwrap(),
            DateRange::starting(now().date_naive(), 28),
        )
        .await
        .unwrap();
    let ids: Vec<&str> = found.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["1"], "only the patient's own");
}
