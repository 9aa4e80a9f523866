//! A recording HTTPS server that requires a client certificate (real sockets, real mutual
//! TLS on 127.0.0.1), plus a client wired to it. Each test scripts the answers and then
//! inspects exactly what went over the wire.

use std::collections::VecDeque;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use gpconnect::Client;
use gpconnect::client::{RetryPolicy, Timeouts, TlsIdentity, TraceIdSource};
use gpconnect::config::{
    BookingOrganisation, ConsumerIdentity, ConsumerSystem, OrganisationType, Practice, UserIdentity,
};
use gpconnect::ids::{Asid, OdsCode, ProviderRoot};
use gpconnect::secret::Sensitive;
use gpconnect::time::FixedClock;
use gpconnect_pki::DemoPki;
use uuid::Uuid;

/// The fixture directory of the specification's examples.
pub fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../tests/fixtures/gpconnect-1.2.7/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Path and query exactly as sent, e.g. `/https://provider…/Slot?status=free…`.
    pub target: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    pub fn query(&self) -> &str {
        self.target
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or_default()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// A scripted answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(&'static str, String)>,
    pub delay: Duration,
    pub gzip: bool,
    /// Bytes sent as the body instead of `body` (already encoded), e.g. a gzip bomb.
    pub raw: Option<Vec<u8>>,
}

impl Reply {
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            body: body.into(),
            headers: vec![("content-type", "application/fhir+json;charset=utf-8".into())],
            delay: Duration::ZERO,
            gzip: false,
            raw: None,
        }
    }

    pub fn ok(body: impl Into<String>) -> Self {
        Self::json(200, body)
    }

    pub fn with_header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    pub fn gzipped(mut self) -> Self {
        self.gzip = true;
        self
    }

    /// A GP Connect OperationOutcome with one Spine code.
    pub fn outcome(status: u16, code: &str, diagnostics: &str) -> Self {
        Self::json(
            status,
            serde_json::json!({
                "resourceType": "OperationOutcome",
                "meta": {"profile": ["https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-OperationOutcome-1"]},
                "issue": [{"severity": "error", "code": "invalid",
                    "details": {"coding": [{"system": "https://fhir.nhs.uk/STU3/ValueSet/Spine-ErrorOrWarningCode-1",
                        "code": code, "display": code}]},
                    "diagnostics": diagnostics}]
            })
            .to_string(),
        )
    }

    /// A Spine Secure Proxy OperationOutcome (§6.3).
    pub fn proxy(status: u16, token: &str) -> Self {
        Self::json(
            status,
            serde_json::json!({
                "resourceType": "OperationOutcome",
                "issue": [{"severity": "error", "code": "forbidden",
                    "details": {"coding": [{"system": "http://fhir.nhs.net/ValueSet/gpconnect-schedule-response-code-1-0",
                        "code": status.to_string(), "display": token}]},
                    "diagnostics": token}]
            })
            .to_string(),
        )
    }
}

type Responder = Arc<dyn Fn(&Recorded) -> Reply + Send + Sync>;

#[derive(Clone)]
struct ServerState {
    requests: Arc<Mutex<Vec<Recorded>>>,
    responder: Responder,
}

async fn handle(State(state): State<ServerState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, 10 * 1024 * 1024)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    let recorded = Recorded {
        method: parts.method.to_string(),
        target: parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        headers: parts.headers,
        body,
    };
    state.requests.lock().unwrap().push(recorded.clone());
    let reply = (state.responder)(&recorded);
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut builder = Response::builder().status(StatusCode::from_u16(reply.status).unwrap());
    for (name, value) in &reply.headers {
        builder = builder.header(*name, value);
    }
    let body = if let Some(raw) = reply.raw {
        raw
    } else if reply.gzip {
        builder = builder.header("content-encoding", "gzip");
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(reply.body.as_bytes()).unwrap();
        encoder.finish().unwrap()
    } else {
        reply.body.into_bytes()
    };
    builder.body(Body::from(body)).unwrap().into_response()
}

/// A running mutual-TLS server on 127.0.0.1.
pub struct TestServer {
    pub addr: SocketAddr,
    pub pki: DemoPki,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
    handle: axum_server::Handle<SocketAddr>,
}

impl TestServer {
    pub async fn start(responder: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_with(DemoPki::generate("Test Spine").unwrap(), responder).await
    }

    pub async fn start_with(
        pki: DemoPki,
        responder: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let state = ServerState {
            requests: Arc::new(Mutex::new(Vec::new())),
            responder: Arc::new(responder),
        };
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(state.clone());
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let config = axum_server::tls_rustls::RustlsConfig::from_config(Arc::new(
            pki.server_config().unwrap(),
        ));
        let handle = axum_server::Handle::new();
        let server = axum_server::from_tcp_rustls(listener, config)
            .unwrap()
            .handle(handle.clone());
        tokio::spawn(async move {
            let _ = server.serve(app.into_make_service()).await;
        });
        Self {
            addr,
            pki,
            requests: state.requests,
            handle,
        }
    }

    pub fn base_url(&self) -> String {
        format!("https://127.0.0.1:{}", self.addr.port())
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    pub fn last(&self) -> Recorded {
        self.requests()
            .last()
            .cloned()
            .expect("no request reached the server")
    }

    pub fn clear(&self) {
        self.requests.lock().unwrap().clear();
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.handle.shutdown();
    }
}

/// Trace ids 00000000-0000-4000-8000-000000000001, …0002, … in order.
#[derive(Debug, Default)]
pub struct SequentialTraceIds(Mutex<u128>);

impl TraceIdSource for SequentialTraceIds {
    fn next_trace_id(&self) -> Uuid {
        let mut n = self.0.lock().unwrap();
        *n += 1;
        Uuid::from_u128(0x0000_0000_0000_4000_8000_0000_0000_0000 | *n)
    }
}

pub fn identity() -> ConsumerIdentity {
    ConsumerIdentity {
        asid: Asid::parse("200000000359").unwrap(),
        organisation: BookingOrganisation {
            ods_code: OdsCode::parse("A1001").unwrap(),
            name: "Leeds Extended Access Hub".into(),
            telephone: "0113 496 0000".into(),
            org_type: Some(OrganisationType::GpPractice),
        },
        user: UserIdentity {
            id: "u-123".into(),
            family_name: "Jones".into(),
            given_names: vec!["Claire".into()],
            prefixes: vec!["Ms".into()],
            sds_user_id: Some("111122223333".into()),
            sds_role_profile_id: Some("444455556666".into()),
        },
        system: ConsumerSystem {
            issuer: "https://booking.example.nhs.uk/".into(),
            identifier_system: "https://booking.example.nhs.uk/Id".into(),
            device_id: "desk-01".into(),
            product_name: "GP Connect Booking".into(),
            product_version: "0.1.0".into(),
        },
    }
}

pub const ROOT: &str = "https://provider.nhs.uk/A20047/STU3/1/gpconnect";

pub fn practice(ods: &str, root: &str, asid: &str) -> Practice {
    Practice {
        ods_code: OdsCode::parse(ods).unwrap(),
        name: format!("Practice {ods}"),
        provider_root: ProviderRoot::parse(root).unwrap(),
        asid: Asid::parse(asid).unwrap(),
    }
}

pub fn default_practice() -> Practice {
    practice("A20047", ROOT, "918999198738")
}

pub fn tls_for(pki: &DemoPki) -> TlsIdentity {
    TlsIdentity {
        client_certificate_pem: pki.client_certificate_pem.clone().into_bytes(),
        client_key_pem: Sensitive::new(pki.client_key_pem.clone().into_bytes()),
        trusted_ca_pem: pki.ca_certificate_pem.clone().into_bytes(),
    }
}

/// A client for `server`, its clock pinned at `now`, trace ids sequential, reads retried
/// quickly.
pub fn client_for(server: &TestServer, now: DateTime<Utc>) -> Client {
    Client::builder(identity(), tls_for(&server.pki))
        .ssp_url(server.base_url())
        .clock(Arc::new(FixedClock::new(now)))
        .trace_ids(Arc::new(SequentialTraceIds::default()))
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(10),
        })
        .timeouts(Timeouts {
            connect: Duration::from_secs(5),
            request: Duration::from_secs(5),
        })
        .reconcile(
            gpconnect::reconcile::ReconcileSchedule::new(
                vec![Duration::ZERO, Duration::from_millis(50)],
                Duration::from_secs(3),
            )
            .unwrap(),
        )
        .build()
        .unwrap()
}

/// Answers scripted replies in order, then 500s.
pub fn scripted(replies: Vec<Reply>) -> impl Fn(&Recorded) -> Reply + Send + Sync + 'static {
    let queue = Mutex::new(VecDeque::from(replies));
    move |_| {
        queue
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or_else(|| Reply::json(500, "no more scripted replies"))
    }
}
