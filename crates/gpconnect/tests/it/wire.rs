//! For every interaction: the exact method, path, query string and headers, observed by a
//! real HTTPS server that requires a client certificate.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{NaiveDate, TimeZone, Utc};
use gpconnect::Interaction;
use gpconnect::NhsNumber;
use gpconnect::appointments::BookingRequest;
use gpconnect::ids::{AppointmentId, LocationId, OrganizationId, PatientId, PractitionerId};
use gpconnect::patients::{Gender, TemporaryRegistration};
use gpconnect::slots::{SearchFilters, SlotQuery};
use gpconnect::time::DateRange;

use crate::support::{self, Recorded, Reply, TestServer, fixture};

fn respond(r: &Recorded) -> Reply {
    let path = r
        .path()
        .strip_prefix(&format!("/{}/", support::ROOT))
        .unwrap_or("?")
        .to_owned();
    match (r.method.as_str(), path.as_str()) {
        ("GET", "metadata") => Reply::ok(fixture("get_capability_statement_response_example.json")),
        ("GET", "Slot") => Reply::ok(fixture("search_for_free_slots_response_example.json")),
        ("GET", "Patient") => Reply::ok(fixture("find_patient_response_example.json")),
        ("GET", "Patient/2") => Reply::ok(fixture("read_patient_response_example.json")),
        ("POST", "Patient/$gpc.registerpatient") => {
            Reply::ok(fixture("register_patient_response_example.json"))
        }
        ("POST", "Appointment") => Reply::json(201, fixture("book_appt_response_example.json"))
            .with_header(
                "location",
                &format!(
                    "{}/Appointment/9/_history/636068818095315079",
                    support::ROOT
                ),
            )
            .with_header("etag", "W/\"636068818095315079\""),
        ("GET", "Patient/2/Appointment") => {
            Reply::ok(fixture("retrieve_patients_appts_response_example.json"))
        }
        ("GET", "Appointment/148") => Reply::ok(fixture("read_appt_response_example.json"))
            .with_header("etag", "W/\"1503310820000\""),
        ("PUT", "Appointment/148") => Reply::ok(fixture("amend_appt_response_example.json")),
        ("GET", "Location/17") => Reply::ok(fixture("read_location_response_example.json")),
        ("GET", "Practitioner/15") => Reply::ok(fixture("read_practitioner_response_example.json")),
        ("GET", "Organization/23") => Reply::ok(fixture("read_organization_response_example.json")),
        _ => Reply::outcome(404, "NO_RECORD_FOUND", "unexpected request in test"),
    }
}

/// The headers every request carries (§2.2, §4), with the `n`th trace id.
fn assert_common(r: &Recorded, interaction: Interaction, n: u128) {
    let trace = uuid::Uuid::from_u128(0x0000_0000_0000_4000_8000_0000_0000_0000 | n);
    assert_eq!(r.method, interaction.method().as_str(), "{interaction:?}");
    assert_eq!(
        r.header("ssp-traceid"),
        Some(trace.to_string().as_str()),
        "{interaction:?}"
    );
    assert_eq!(r.header("ssp-from"), Some("200000000359"));
    assert_eq!(r.header("ssp-to"), Some("918999198738"));
    assert_eq!(r.header("ssp-interactionid"), Some(interaction.id()));
    assert_eq!(r.header("accept"), Some("application/fhir+json"));
    assert!(
        r.header("accept-encoding")
            .unwrap_or_default()
            .contains("gzip")
    );
    let token = r
        .header("authorization")
        .unwrap()
        .strip_prefix("Bearer ")
        .unwrap();
    let payload = token.split('.').nth(1).unwrap();
    let claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    assert_eq!(claims["aud"], support::ROOT);
    assert_eq!(
        claims["requested_scope"],
        interaction.scope().as_str(),
        "{interaction:?}"
    );
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        300
    );
    assert_eq!(claims["iat"].as_i64().unwrap(), now().timestamp());
    if interaction.is_write() {
        assert_eq!(
            r.header("content-type"),
            Some("application/fhir+json;charset=utf-8")
        );
    } else {
        assert_eq!(r.header("content-type"), None);
        assert!(r.body.is_empty());
    }
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2016, 8, 1, 9, 0, 0).unwrap()
}

fn target(path_and_query: &str) -> String {
    format!("/{}/{path_and_query}", support::ROOT)
}

#[tokio::test]
async fn every_interaction_on_the_wire() {
    let server = TestServer::start(respond).await;
    let client = support::client_for(&server, now());
    let practice = support::default_practice();
    let mut n = 0;
    let mut next = || {
        n += 1;
        n
    };

    // §3.1
    let cs = client.capability_statement(&practice).await.unwrap();
    assert_eq!(cs.version.as_deref(), Some("1.2.7"));
    let r = server.last();
    assert_common(&r, Interaction::Metadata, next());
    assert_eq!(r.target, target("metadata"));

    // §3.2
    let query = SlotQuery {
        range: DateRange::new(
            NaiveDate::from_ymd_opt(2016, 8, 15).unwrap(),
            NaiveDate::from_ymd_opt(2016, 8, 28).unwrap(),
        )
        .unwrap(),
        filters: SearchFilters::from_identity(client.identity()),
        service: None,
    };
    let slots = client.search_free_slots(&practice, &query).await.unwrap();
    assert_eq!(slots.slots.len(), 2);
    let r = server.last();
    assert_common(&r, Interaction::SearchSlots, next());
    assert_eq!(
        r.target,
        target(
            "Slot?status=free&start=ge2016-08-15&end=le2016-08-28&_include=Slot:schedule\
             &_include:recurse=Schedule:actor:Practitioner&_include:recurse=Schedule:actor:Location\
             &_include:recurse=Location:managingOrganization\
             &searchFilter=https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1%7Cgp-practice\
             &searchFilter=https://fhir.nhs.uk/Id/ods-organization-code%7CA1001"
        )
    );

    // §3.3
    let nhs = NhsNumber::parse("9476719931").unwrap();
    let found = client.find_patient(&practice, &nhs).await.unwrap();
    assert_eq!(found[0].id.as_str(), "2");
    let r = server.last();
    assert_common(&r, Interaction::FindPatient, next());
    assert_eq!(
        r.target,
        target("Patient?identifier=https://fhir.nhs.uk/Id/nhs-number%7C9476719931")
    );

    // §3.10 read patient
    let patient = client
        .read_patient(&practice, &PatientId::parse("2").unwrap())
        .await
        .unwrap();
    assert_eq!(patient.family_name.as_deref(), Some("Jackson"));
    let r = server.last();
    assert_common(&r, Interaction::ReadPatient, next());
    assert_eq!(r.target, target("Patient/2"));

    // §3.4
    let registration = TemporaryRegistration {
        nhs_number: nhs.clone(),
        family_name: "Jackson".into(),
        given_names: vec!["Jane".into()],
        prefix: None,
        birth_date: NaiveDate::from_ymd_opt(1952, 5, 31).unwrap(),
        gender: Some(Gender::Female),
        home_address: None,
        temporary_address: None,
        home_phone: None,
        mobile_phone: None,
        work_phone: None,
        temporary_phone: None,
        email: None,
        communication: None,
    };
    let registered = client
        .register_patient(&practice, &registration)
        .await
        .unwrap()
        .record()
        .cloned()
        .unwrap();
    assert_eq!(registered.registration_type.as_deref(), Some("T"));
    let r = server.last();
    assert_common(&r, Interaction::RegisterPatient, next());
    assert_eq!(r.target, target("Patient/$gpc.registerpatient"));
    assert_eq!(
        r.json()["parameter"][0]["resource"]["identifier"][0]["value"],
        "9476719931"
    );

    // §3.5
    let booking = BookingRequest {
        patient_id: registered.id.clone(),
        slots: slots.slots[..1].to_vec(),
        description: "Review of blood results".into(),
        comment: Some("Prefers mornings".into()),
    };
    let booked = client
        .book_appointment(&practice, &booking)
        .await
        .unwrap()
        .record()
        .cloned()
        .unwrap();
    assert_eq!(booked.id.as_str(), "9");
    let r = server.last();
    assert_common(&r, Interaction::BookAppointment, next());
    assert_eq!(r.target, target("Appointment"));
    assert_eq!(r.header("prefer"), Some("return=representation"));
    let body = r.json();
    assert_eq!(body["resourceType"], "Appointment");
    assert_eq!(body["slot"][0]["reference"], "Slot/1584");
    assert_eq!(body["start"], "2016-08-15T11:30:00+01:00");
    assert_eq!(body["created"], "2016-08-01T10:00:00+01:00");
    assert_eq!(body["participant"][1]["actor"]["reference"], "Location/17");
    assert_eq!(
        body["participant"][2]["actor"]["reference"],
        "Practitioner/2"
    );

    // §3.6
    let range = DateRange::new(
        NaiveDate::from_ymd_opt(2016, 8, 1).unwrap(),
        NaiveDate::from_ymd_opt(2016, 8, 14).unwrap(),
    )
    .unwrap();
    let appointments = client
        .retrieve_appointments(&practice, &PatientId::parse("2").unwrap(), range)
        .await
        .unwrap();
    assert_eq!(appointments.len(), 2);
    let r = server.last();
    assert_common(&r, Interaction::RetrievePatientAppointments, next());
    assert_eq!(
        r.target,
        target("Patient/2/Appointment?start=ge2016-08-01&start=le2016-08-14")
    );

    // §3.7
    let read = client
        .read_appointment(&practice, &AppointmentId::parse("148").unwrap())
        .await
        .unwrap();
    assert_eq!(read.version_id.as_deref(), Some("1503310820000"));
    let r = server.last();
    assert_common(&r, Interaction::ReadAppointment, next());
    assert_eq!(r.target, target("Appointment/148"));

    // §3.8
    client
        .amend_appointment(&practice, &read, "Bring inhaler", Some("Moved to mornings"))
        .await
        .unwrap();
    let r = server.last();
    assert_common(&r, Interaction::AmendAppointment, next());
    assert_eq!(r.target, target("Appointment/148"));
    assert_eq!(r.header("if-match"), Some("W/\"1503310820000\""));
    let mut expected = read.raw.clone();
    expected["description"] = "Bring inhaler".into();
    expected["comment"] = "Moved to mornings".into();
    assert_eq!(r.json(), expected);

    // §3.9
    client
        .cancel_appointment(&practice, &read, "Patient unable to attend")
        .await
        .unwrap();
    let r = server.last();
    assert_common(&r, Interaction::CancelAppointment, next());
    assert_eq!(r.target, target("Appointment/148"));
    assert_eq!(r.header("if-match"), Some("W/\"1503310820000\""));
    assert_eq!(r.json()["status"], "cancelled");

    // §3.10 supporting reads
    let location = client
        .read_location(&practice, &LocationId::parse("17").unwrap())
        .await
        .unwrap();
    assert_eq!(location.name.as_deref(), Some("Trevelyan Surgery"));
    assert_common(&server.last(), Interaction::ReadLocation, next());
    assert_eq!(server.last().target, target("Location/17"));
    client
        .read_practitioner(&practice, &PractitionerId::parse("15").unwrap())
        .await
        .unwrap();
    assert_common(&server.last(), Interaction::ReadPractitioner, next());
    assert_eq!(server.last().target, target("Practitioner/15"));
    client
        .read_organization(&practice, &OrganizationId::parse("23").unwrap())
        .await
        .unwrap();
    assert_common(&server.last(), Interaction::ReadOrganization, next());
    assert_eq!(server.last().target, target("Organization/23"));

    assert_eq!(
        server.requests().len(),
        13,
        "one request per call, no retries"
    );
}

#[tokio::test]
async fn a_search_longer_than_14_days_is_split_and_merged() {
    let server = TestServer::start(respond).await;
    let client = support::client_for(&server, now());
    let query = SlotQuery {
        range: DateRange::new(
            NaiveDate::from_ymd_opt(2016, 8, 1).unwrap(),
            NaiveDate::from_ymd_opt(2016, 8, 31).unwrap(),
        )
        .unwrap(),
        filters: SearchFilters::default(),
        service: None,
    };
    let result = client
        .search_free_slots(&support::default_practice(), &query)
        .await
        .unwrap();
    assert_eq!(
        result.slots.len(),
        2,
        "the same slots in every window are merged once"
    );
    let targets: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.query().to_owned())
        .collect();
    assert_eq!(targets.len(), 3);
    assert!(targets[0].starts_with("status=free&start=ge2016-08-01&end=le2016-08-14&"));
    assert!(targets[1].starts_with("status=free&start=ge2016-08-15&end=le2016-08-28&"));
    assert!(targets[2].starts_with("status=free&start=ge2016-08-29&end=le2016-08-31&"));
    assert!(
        !targets[0].contains("searchFilter"),
        "no filters configured, none sent"
    );
}

#[tokio::test]
async fn gzip_responses_are_accepted() {
    let server = TestServer::start(|r| respond(r).gzipped()).await;
    let client = support::client_for(&server, now());
    let cs = client
        .capability_statement(&support::default_practice())
        .await
        .unwrap();
    assert_eq!(cs.fhir_version.as_deref(), Some("3.0.1"));
}

#[tokio::test]
async fn retrieve_refuses_a_range_in_the_past_without_sending() {
    let server = TestServer::start(respond).await;
    let client = support::client_for(&server, now());
    let range = DateRange::new(
        NaiveDate::from_ymd_opt(2016, 7, 31).unwrap(),
        NaiveDate::from_ymd_opt(2016, 8, 14).unwrap(),
    )
    .unwrap();
    let err = client
        .retrieve_appointments(
            &support::default_practice(),
            &PatientId::parse("2").unwrap(),
            range,
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "VALIDATION");
    assert!(server.requests().is_empty());
}
