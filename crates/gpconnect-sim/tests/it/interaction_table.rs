//! Three readings of the §3.0 interaction table must agree: the specification's (the
//! committed copy in `tests/fixtures/spec/interaction-table.md`), the simulator's
//! (`gpconnect_sim::interactions::INTERACTIONS`) and the client's
//! (`gpconnect::interaction::Interaction`): IDs, methods, paths and scopes. The client keeps
//! no path table, so its paths are read off the wire: every interaction it implements is
//! sent to the simulator's router through a recording layer, and each request's method,
//! path, `Ssp-InteractionID` and JWT scope are checked against the specification's row.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use gpconnect::appointments::BookingRequest;
use gpconnect::client::TlsIdentity;
use gpconnect::config::ConsumerIdentity;
use gpconnect::ids::OrganizationId;
use gpconnect::interaction::Interaction;
use gpconnect::patients::TemporaryRegistration;
use gpconnect::secret::Sensitive;
use gpconnect::slots::{SearchFilters, SlotQuery};
use gpconnect::time::DateRange;
use gpconnect::{Client, NhsNumber};
use gpconnect_sim::interactions::INTERACTIONS;
use gpconnect_sim::{Sim, SimConfig, SystemClock};
use serde_json::Value;

use crate::spec::{self, path_matches};
use crate::support::today;

#[test]
fn the_simulator_and_the_client_read_the_table_as_the_specification_writes_it() {
    let spec = spec::table();
    let ids = |ids: Vec<String>| ids.into_iter().collect::<BTreeSet<_>>();
    let spec_ids = ids(spec.iter().map(|r| r.id.clone()).collect());
    let sim_ids = ids(INTERACTIONS.iter().map(|i| i.id.to_owned()).collect());
    let client_ids = ids(Interaction::ALL.iter().map(|i| i.id().to_owned()).collect());
    assert_eq!(sim_ids, spec_ids, "the simulator's IDs");
    assert_eq!(client_ids, spec_ids, "the client's IDs");
    for row in &spec {
        let sim = INTERACTIONS.iter().find(|i| i.id == row.id).unwrap();
        assert_eq!(
            (sim.method, sim.path, sim.scope, sim.success),
            (
                row.method.as_str(),
                row.path.as_str(),
                row.scope.as_str(),
                row.success
            ),
            "the simulator's {}",
            row.use_case
        );
        let client = Interaction::ALL
            .into_iter()
            .find(|i| i.id() == row.id)
            .unwrap();
        assert_eq!(
            (client.method().as_str(), client.scope().as_str()),
            (row.method.as_str(), row.scope.as_str()),
            "the client's {}",
            row.use_case
        );
    }
}

/// One request as it reached the simulator.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    target: String,
    interaction: String,
    scope: String,
}

#[derive(Debug, Clone, Default)]
struct Log(Arc<Mutex<Vec<Seen>>>);

fn scope_of(authorization: &str) -> String {
    let payload = authorization
        .strip_prefix("Bearer ")
        .and_then(|t| t.split('.').nth(1))
        .unwrap_or_default();
    let claims: Value = URL_SAFE_NO_PAD
        .decode(payload)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    claims["requested_scope"].as_str().unwrap_or("-").to_owned()
}

fn seen(request: &Request) -> Seen {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    Seen {
        method: request.method().as_str().to_owned(),
        target: request.uri().path().to_owned(),
        interaction: header("ssp-interactionid"),
        scope: scope_of(&header("authorization")),
    }
}

async fn record(State(log): State<Log>, request: Request, next: Next) -> Response {
    let seen = seen(&request);
    log.0.lock().unwrap().push(seen);
    next.run(request).await
}

/// The simulator's router behind a recording layer, served over mutual TLS; its base URL,
/// the client's TLS identity and the practices.
async fn recording_simulator(log: Log) -> (String, TlsIdentity, Vec<gpconnect_sim::Practice>) {
    let dir = std::env::temp_dir().join(format!("gpconnect-sim-table-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let pki = gpconnect_pki::DemoPki::load_or_create(&dir, "Interaction table test").unwrap();
    let sim = Arc::new(Sim::new(SimConfig::demo(), Arc::new(SystemClock)).unwrap());
    let practices = sim.practices();
    let app = gpconnect_sim::router(sim).layer(axum::middleware::from_fn_with_state(log, record));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let tls =
        axum_server::tls_rustls::RustlsConfig::from_config(Arc::new(pki.server_config().unwrap()));
    let server = axum_server::from_tcp_rustls(listener, tls).unwrap();
    tokio::spawn(async move { server.serve(app.into_make_service()).await });
    let identity = TlsIdentity {
        client_certificate_pem: pki.client_certificate_pem.clone().into_bytes(),
        client_key_pem: Sensitive::new(pki.client_key_pem.clone().into_bytes()),
        trusted_ca_pem: pki.ca_certificate_pem.clone().into_bytes(),
    };
    (format!("https://127.0.0.1:{port}"), identity, practices)
}

#[tokio::test]
async fn the_client_sends_each_interaction_as_the_specification_writes_it() {
    let log = Log::default();
    let (base, tls, sim_practices) = recording_simulator(log.clone()).await;
    let consumer: ConsumerIdentity =
        toml::from_str(&toml::to_string(&gpconnect_sim::demo_consumer()).unwrap()).unwrap();
    let client = Client::builder(consumer, tls)
        .ssp_url(base)
        .build()
        .unwrap();
    let practices: Vec<gpconnect::config::Practice> = sim_practices
        .iter()
        .map(|p| gpconnect::config::Practice {
            ods_code: gpconnect::ids::OdsCode::parse(&p.ods_code).unwrap(),
            name: p.name.clone(),
            provider_root: gpconnect::ids::ProviderRoot::parse(&p.provider_root).unwrap(),
            asid: gpconnect::ids::Asid::parse(&p.asid).unwrap(),
        })
        .collect();
    let (legg, gpc) = (&practices[0], &practices[1]);

    // Every call the client has, each once.
    client.capability_statement(legg).await.unwrap();
    let query = SlotQuery {
        range: DateRange::starting(today(), 14),
        filters: SearchFilters::from_identity(client.identity()),
        service: None,
    };
    let slot = client
        .search_free_slots(legg, &query)
        .await
        .unwrap()
        .slots
        .remove(0);
    let nhs = NhsNumber::parse("9476719931").unwrap();
    let patient = client.find_patient(legg, &nhs).await.unwrap().remove(0);
    client.read_patient(legg, &patient.id).await.unwrap();
    let conway = TemporaryRegistration {
        nhs_number: NhsNumber::parse("9651258535").unwrap(),
        family_name: "Conway".into(),
        given_names: vec!["Julius".into()],
        prefix: None,
        birth_date: chrono::NaiveDate::from_ymd_opt(1924, 8, 16).unwrap(),
        gender: None,
        home_address: None,
        temporary_address: None,
        home_phone: None,
        mobile_phone: None,
        work_phone: None,
        temporary_phone: None,
        email: None,
        communication: None,
    };
    client
        .register_patient(gpc, &conway)
        .await
        .unwrap()
        .into_record()
        .unwrap();
    let request = BookingRequest {
        patient_id: patient.id.clone(),
        slots: vec![slot.clone()],
        description: "Table".into(),
        comment: None,
    };
    let booked = client
        .book_appointment(legg, &request)
        .await
        .unwrap()
        .into_record()
        .unwrap();
    client
        .retrieve_appointments(legg, &patient.id, DateRange::starting(today(), 14))
        .await
        .unwrap();
    let read = client.read_appointment(legg, &booked.id).await.unwrap();
    let amended = client
        .amend_appointment(legg, &read, "Table (amended)", None)
        .await
        .unwrap()
        .into_record()
        .unwrap();
    client
        .cancel_appointment(legg, &amended, "Unwell")
        .await
        .unwrap()
        .into_record()
        .unwrap();
    client.read_location(legg, &slot.location.id).await.unwrap();
    let practitioner = slot.practitioner.as_ref().unwrap();
    client
        .read_practitioner(legg, &practitioner.id)
        .await
        .unwrap();
    client
        .read_organization(legg, &OrganizationId::parse("1").unwrap())
        .await
        .unwrap();

    let spec = spec::table();
    let seen = log.0.lock().unwrap().clone();
    let mut exercised = BTreeSet::new();
    for request in &seen {
        let row = spec
            .iter()
            .find(|r| r.id == request.interaction)
            .unwrap_or_else(|| panic!("{request:?}: not an ID of §3.0"));
        let path = sim_practices
            .iter()
            .find_map(|p| {
                request
                    .target
                    .strip_prefix(&format!("/{}/", p.provider_root))
            })
            .unwrap_or_else(|| panic!("{request:?}: not under a provider root"));
        assert_eq!(request.method, row.method, "{request:?}");
        assert!(
            path_matches(&row.path, path),
            "{request:?} is not {}",
            row.path
        );
        assert_eq!(request.scope, row.scope, "{request:?}");
        let sim = INTERACTIONS.iter().find(|i| i.id == row.id).unwrap();
        assert!(
            sim.matches(&request.method, path),
            "the simulator's {}",
            sim.path
        );
        exercised.insert(row.use_case.clone());
    }
    // The client has no call for the two find-by-identifier reads; their IDs, methods and
    // scopes are compared above.
    let missing: Vec<_> = spec
        .iter()
        .map(|r| r.use_case.clone())
        .filter(|u| !exercised.contains(u))
        .collect();
    assert_eq!(missing, ["Find practitioner", "Find organisation"]);
}
