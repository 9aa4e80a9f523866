//! Error mapping for each Spine code and proxy error of §6, non-JSON bodies, malformed JSON,
//! timeouts and lost connections; reads retried, writes never.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use gpconnect::appointments::BookingRequest;
use gpconnect::ids::{AppointmentId, PatientId};
use gpconnect::outcome::WriteOutcome;
use gpconnect::reconcile::ReconcileSchedule;
use gpconnect::slots::{SearchFilters, SlotQuery};
use gpconnect::time::DateRange;
use gpconnect::{Error, ProxyErrorKind, SpineCode, TimeoutStage};

use crate::support::{self, Reply, TestServer, scripted};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2016, 8, 1, 9, 0, 0).unwrap()
}

async fn read_error(reply: Reply) -> (Error, usize) {
    let server = TestServer::start(move |_| reply.clone()).await;
    let client = support::client_for(&server, now());
    let err = client
        .read_appointment(
            &support::default_practice(),
            &AppointmentId::parse("1").unwrap(),
        )
        .await
        .unwrap_err();
    (err, server.requests().len())
}

#[tokio::test]
async fn each_spine_code_maps_to_a_provider_error() {
    let cases = [
        (409, "DUPLICATE_REJECTED", SpineCode::DuplicateRejected),
        (422, "INVALID_RESOURCE", SpineCode::InvalidResource),
        (422, "INVALID_PARAMETER", SpineCode::InvalidParameter),
        (422, "REFERENCE_NOT_FOUND", SpineCode::ReferenceNotFound),
        (404, "NO_RECORD_FOUND", SpineCode::NoRecordFound),
        (404, "PATIENT_NOT_FOUND", SpineCode::PatientNotFound),
        (403, "ACCESS_DENIED", SpineCode::AccessDenied),
        (400, "BAD_REQUEST", SpineCode::BadRequest),
        (400, "INVALID_NHS_NUMBER", SpineCode::InvalidNhsNumber),
        (
            400,
            "INVALID_PATIENT_DEMOGRAPHICS",
            SpineCode::InvalidPatientDemographics,
        ),
        (
            409,
            "FHIR_CONSTRAINT_VIOLATION",
            SpineCode::FhirConstraintViolation,
        ),
        (500, "INTERNAL_SERVER_ERROR", SpineCode::InternalServerError),
        (501, "NOT_IMPLEMENTED", SpineCode::NotImplemented),
    ];
    for (status, code, expected) in cases {
        let (err, attempts) = read_error(Reply::outcome(status, code, "detail text")).await;
        let Error::Provider(provider) = &err else {
            panic!("{code}: expected a provider error, got {err:?}");
        };
        assert_eq!(provider.status, status, "{code}");
        assert_eq!(provider.spine_code, expected, "{code}");
        assert_eq!(provider.diagnostics.as_deref(), Some("detail text"));
        assert_eq!(err.code(), code);
        assert_eq!(attempts, 1, "{code} is not transient: no retry");
        assert!(!err.advice().is_empty());
    }
}

#[tokio::test]
async fn proxy_errors_of_section_6_3() {
    let cases = [
        (
            403,
            "FOT_CHECK_FAILED_MESSAGESENDER_200000000359_MESSAGERECEIVER_918999198738",
            ProxyErrorKind::NoDataSharingAgreement,
        ),
        (
            403,
            "ASID_CHECK_FAILED_MESSAGESENDER_200000000359",
            ProxyErrorKind::SenderNotAuthorised,
        ),
        (
            400,
            "ENDPOINT_X_CPAID_Y_VARIES_FROM_TARGETURL_Z",
            ProxyErrorKind::EndpointMismatch,
        ),
        (
            415,
            "Unsupported_Media_Type",
            ProxyErrorKind::UnsupportedMediaType,
        ),
    ];
    for (status, token, kind) in cases {
        let (err, attempts) = read_error(Reply::proxy(status, token)).await;
        let Error::Proxy(proxy) = &err else {
            panic!("{token}: {err:?}")
        };
        assert_eq!(proxy.kind, kind);
        assert_eq!(proxy.token.as_deref(), Some(token));
        assert_eq!(attempts, 1);
    }
}

#[tokio::test]
async fn gateway_errors_are_retried_for_reads() {
    for (status, kind) in [
        (502, ProxyErrorKind::ProviderUnreachable),
        (504, ProxyErrorKind::ProviderTimeout),
    ] {
        let (err, attempts) = read_error(Reply::proxy(
            status,
            "ERROR_COMMUNICATING_TO_ENDPOINT_URL_x",
        ))
        .await;
        assert!(matches!(&err, Error::Proxy(p) if p.kind == kind), "{err:?}");
        assert_eq!(attempts, 3, "read retried up to 3 attempts");
        let (err, _) = read_error(
            Reply::json(status, "<html>gateway</html>").with_header("content-type", "text/html"),
        )
        .await;
        assert!(
            matches!(&err, Error::Proxy(p) if p.kind == kind && p.token.is_none()),
            "{err:?}"
        );
    }
}

#[tokio::test]
async fn a_transient_failure_then_success_recovers_for_reads() {
    let server = TestServer::start(scripted(vec![
        Reply::json(503, ""),
        Reply::ok(support::fixture("read_appt_response_example.json")),
    ]))
    .await;
    let client = support::client_for(&server, now());
    let record = client
        .read_appointment(
            &support::default_practice(),
            &AppointmentId::parse("148").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(record.id.as_str(), "148");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn non_json_and_malformed_bodies() {
    let (err, _) = read_error(
        Reply::json(500, "<html>Internal error</html>").with_header("content-type", "text/html"),
    )
    .await;
    assert!(matches!(err, Error::Http { status: 500, .. }), "{err:?}");
    let (err, _) = read_error(Reply::ok("{\"resourceType\":\"Appointment\",\"id\":")).await;
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
    let (err, _) = read_error(Reply::ok(
        "{\"resourceType\":\"Appointment\",\"id\":\"1\",\"start\":7}",
    ))
    .await;
    match err {
        Error::Decode { source, .. } => assert_eq!(source.path, "start"),
        other => panic!("{other:?}"),
    }
}

fn booking(slots: Vec<gpconnect::slots::BookableSlot>) -> BookingRequest {
    BookingRequest {
        patient_id: PatientId::parse("2").unwrap(),
        slots,
        description: "Review".into(),
        comment: None,
    }
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

#[tokio::test]
async fn writes_are_never_retried_and_a_lost_answer_is_outcome_unknown() {
    let server = TestServer::start(|r| {
        if r.method == "GET" {
            Reply::ok(support::fixture(
                "search_for_free_slots_response_example.json",
            ))
        } else {
            Reply::proxy(504, "timeout").delayed(Duration::from_millis(10))
        }
    })
    .await;
    let slot = one_slot(&server).await;
    server.clear();
    let client = support::client_for(&server, now());
    let outcome = client
        .book_appointment(&support::default_practice(), &booking(vec![slot]))
        .await
        .unwrap();
    let WriteOutcome::Unknown {
        cause, trace_id, ..
    } = outcome
    else {
        panic!("a 504 on a booking may have been committed: {outcome:?}");
    };
    assert_eq!(cause.code(), "PROVIDER_TIMEOUT");
    assert!(cause.outcome_unknown());
    let posts: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(posts.len(), 1, "POST sent exactly once");
    assert_eq!(
        posts[0].header("ssp-traceid"),
        Some(trace_id.to_string().as_str())
    );
    assert!(
        server.requests().iter().any(|r| r.method == "GET"),
        "read back instead"
    );
}

#[tokio::test]
async fn a_hung_provider_times_out_and_a_booking_is_not_resent() {
    let server = TestServer::start(|r| {
        if r.method == "GET" {
            Reply::ok(support::fixture(
                "search_for_free_slots_response_example.json",
            ))
        } else {
            Reply::json(201, "{}").delayed(Duration::from_secs(30))
        }
    })
    .await;
    let slot = one_slot(&server).await;
    server.clear();
    let client = gpconnect::Client::builder(support::identity(), support::tls_for(&server.pki))
        .ssp_url(server.base_url())
        .clock(std::sync::Arc::new(gpconnect::time::FixedClock::new(now())))
        .timeouts(gpconnect::Timeouts {
            connect: Duration::from_secs(2),
            request: Duration::from_millis(300),
        })
        .reconcile(ReconcileSchedule::once(Duration::from_secs(2)))
        .build()
        .unwrap();
    let outcome = client
        .book_appointment(&support::default_practice(), &booking(vec![slot]))
        .await
        .unwrap();
    let WriteOutcome::Unknown { cause, .. } = outcome else {
        panic!("{outcome:?}");
    };
    assert!(
        matches!(
            cause,
            Error::Timeout {
                stage: TimeoutStage::Response,
                ..
            }
        ),
        "{cause:?}"
    );
    assert!(cause.outcome_unknown());
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
async fn nothing_listening_is_a_connect_error_not_an_unknown_outcome() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let pki = gpconnect_pki::DemoPki::generate("Test").unwrap();
    let client = gpconnect::Client::builder(support::identity(), support::tls_for(&pki))
        .ssp_url(format!("https://127.0.0.1:{port}"))
        .retry(gpconnect::RetryPolicy {
            max_attempts: 1,
            initial_backoff: Duration::ZERO,
        })
        .build()
        .unwrap();
    let err = client
        .capability_statement(&support::default_practice())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert!(!err.outcome_unknown());
}
