//! Every validation rule: a valid request is built, one thing is broken, and the simulator
//! must refuse it with the status and code the reference lists (§3, §4.3, §6).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Days, Utc};
use gpconnect::Interaction;
use gpconnect::appointments::{BookingRequest, build_booking};
use gpconnect::client::{encode_query, request_url};
use gpconnect::config::Practice;
use gpconnect::fhir::Resource;
use gpconnect::jwt::AuditClaims;
use gpconnect::{NhsNumber, PatientId};
use gpconnect_sim::Simulator;
use serde_json::{Value, json};

use crate::support::{self, client, practice, simulator, today};

/// A request about to be sent, every part of it valid until a test changes it.
#[derive(Debug, Clone)]
struct Raw {
    method: &'static str,
    practice: Practice,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    claims: Value,
    body: Option<Value>,
    root_override: Option<String>,
}

impl Raw {
    fn new(
        sim: &Simulator,
        ods: &str,
        interaction: Interaction,
        path: &str,
        query: &[(&str, String)],
    ) -> Self {
        let practice = practice(sim, ods);
        let identity = gpconnect_sim::demo_consumer();
        let claims = AuditClaims::new(
            &identity,
            &practice.provider_root,
            interaction.scope(),
            Utc::now(),
        );
        let mut headers = vec![
            ("Ssp-TraceID".to_owned(), uuid::Uuid::new_v4().to_string()),
            ("Ssp-From".to_owned(), identity.asid.to_string()),
            ("Ssp-To".to_owned(), practice.asid.to_string()),
            ("Ssp-InteractionID".to_owned(), interaction.id().to_owned()),
            ("Accept".to_owned(), "application/fhir+json".to_owned()),
        ];
        if interaction.is_write() {
            headers.push((
                "Content-Type".to_owned(),
                "application/fhir+json;charset=utf-8".to_owned(),
            ));
        }
        Self {
            method: interaction.method().as_str(),
            practice,
            path: path.to_owned(),
            query: encode_query(query),
            headers,
            claims: serde_json::to_value(claims).unwrap(),
            body: None,
            root_override: None,
        }
    }

    fn header(mut self, name: &str, value: Option<&str>) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        if let Some(value) = value {
            self.headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    fn claims(mut self, change: impl FnOnce(&mut Value)) -> Self {
        change(&mut self.claims);
        self
    }

    fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    fn token(&self) -> String {
        format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(self.claims.to_string())
        )
    }

    async fn send(&self, sim: &Simulator) -> (u16, Value) {
        let pki = sim.pki();
        let identity = reqwest::Identity::from_pem(
            format!("{}\n{}", pki.client_certificate_pem, pki.client_key_pem).as_bytes(),
        )
        .unwrap();
        let http = reqwest::Client::builder()
            .tls_backend_rustls()
            .tls_certs_only(
                reqwest::Certificate::from_pem_bundle(pki.ca_certificate_pem.as_bytes()).unwrap(),
            )
            .identity(identity)
            .build()
            .unwrap();
        let mut url = request_url(
            Some(&sim.base_url()),
            &self.practice,
            &self.path,
            &self.query,
        );
        if let Some(root) = &self.root_override {
            url = url.replace(self.practice.provider_root.as_str(), root);
        }
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).unwrap();
        let mut request = http.request(method, url);
        let has_auth = self
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("authorization"));
        if !has_auth {
            request = request.header("Authorization", format!("Bearer {}", self.token()));
        }
        for (name, value) in &self.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        if let Some(body) = &self.body {
            request = request.body(body.to_string());
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let body = response.bytes().await.unwrap();
        (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
    }
}

/// The Spine code (provider) or HTTP-status code (proxy) of an OperationOutcome.
fn code(body: &Value) -> String {
    body["issue"][0]["details"]["coding"][0]["code"]
        .as_str()
        .unwrap_or("-")
        .to_owned()
}

async fn expect(sim: &Simulator, case: &str, raw: Raw, status: u16, spine: &str) {
    let (got, body) = raw.send(sim).await;
    assert_eq!(
        (got, code(&body).as_str()),
        (status, spine),
        "{case}: {body}"
    );
}

fn metadata(sim: &Simulator) -> Raw {
    Raw::new(sim, "A20047", Interaction::Metadata, "metadata", &[])
}

#[tokio::test]
async fn proxy_rules() {
    let sim = simulator().await;
    let ok = metadata(&sim);
    assert_eq!(ok.send(&sim).await.0, 200, "the unbroken request succeeds");

    let mut unknown_root = metadata(&sim);
    unknown_root.root_override =
        Some("https://provider.gpconnect-sim.nhs.uk/A20047/STU3/1/GPCONNECT".into());
    let (status, body) = unknown_root.send(&sim).await;
    assert_eq!(status, 400);
    assert!(
        body["issue"][0]["diagnostics"]
            .as_str()
            .unwrap()
            .contains("VARIES_FROM_TARGETURL"),
        "{body}"
    );

    expect(
        &sim,
        "Ssp-To of another practice",
        metadata(&sim).header("Ssp-To", Some("918999198002")),
        400,
        "400",
    )
    .await;
    expect(
        &sim,
        "no Ssp-TraceID",
        metadata(&sim).header("Ssp-TraceID", None),
        400,
        "400",
    )
    .await;
    expect(
        &sim,
        "Ssp-TraceID not a UUID",
        metadata(&sim).header("Ssp-TraceID", Some("abc")),
        400,
        "400",
    )
    .await;
    expect(
        &sim,
        "unknown Ssp-From",
        metadata(&sim).header("Ssp-From", Some("999999999999")),
        403,
        "403",
    )
    .await;
    expect(
        &sim,
        "interaction ID not matching the path",
        metadata(&sim).header("Ssp-InteractionID", Some(Interaction::SearchSlots.id())),
        400,
        "400",
    )
    .await;
    expect(
        &sim,
        "unknown interaction ID",
        metadata(&sim).header("Ssp-InteractionID", Some("urn:x")),
        400,
        "400",
    )
    .await;
    let mut book = Raw::new(
        &sim,
        "A20047",
        Interaction::BookAppointment,
        "Appointment",
        &[],
    );
    book = book
        .header("Content-Type", Some("text/plain"))
        .body(json!({}));
    expect(&sim, "write without fhir+json", book, 415, "415").await;
}

#[tokio::test]
async fn jwt_rules() {
    let sim = simulator().await;
    expect(
        &sim,
        "no Authorization",
        metadata(&sim).header("Authorization", Some("Basic abc")),
        400,
        "BAD_REQUEST",
    )
    .await;
    expect(
        &sim,
        "not base64",
        metadata(&sim).header("Authorization", Some("Bearer !!.??.")),
        400,
        "BAD_REQUEST",
    )
    .await;
    for claim in [
        "iss",
        "sub",
        "aud",
        "exp",
        "iat",
        "reason_for_request",
        "requested_scope",
        "requesting_device",
        "requesting_organization",
        "requesting_practitioner",
    ] {
        let raw = metadata(&sim).claims(|c| {
            c.as_object_mut().unwrap().remove(claim);
        });
        expect(&sim, &format!("missing {claim}"), raw, 400, "BAD_REQUEST").await;
    }
    expect(
        &sim,
        "empty aud",
        metadata(&sim).claims(|c| c["aud"] = json!("")),
        400,
        "BAD_REQUEST",
    )
    .await;
    for lifetime in [299, 301, -300] {
        let raw =
            metadata(&sim).claims(|c| c["exp"] = json!(c["iat"].as_i64().unwrap() + lifetime));
        expect(
            &sim,
            &format!("exp - iat = {lifetime}"),
            raw,
            400,
            "BAD_REQUEST",
        )
        .await;
    }
    let expired = metadata(&sim).claims(|c| {
        let iat = Utc::now().timestamp() - 900;
        c["iat"] = json!(iat);
        c["exp"] = json!(iat + 300);
    });
    expect(
        &sim,
        "expired (clock 600 s slow)",
        expired,
        400,
        "BAD_REQUEST",
    )
    .await;
    let future = metadata(&sim).claims(|c| {
        let iat = Utc::now().timestamp() + 200;
        c["iat"] = json!(iat);
        c["exp"] = json!(iat + 300);
    });
    assert_eq!(
        future.send(&sim).await.0,
        200,
        "iat 200 s in the future is accepted (1.2.3)"
    );
    expect(
        &sim,
        "wrong scope",
        metadata(&sim).claims(|c| c["requested_scope"] = json!("patient/*.read")),
        400,
        "BAD_REQUEST",
    )
    .await;
    expect(
        &sim,
        "bad scope",
        metadata(&sim).claims(|c| c["requested_scope"] = json!("badScope")),
        400,
        "BAD_REQUEST",
    )
    .await;
    expect(
        &sim,
        "aud another root",
        metadata(&sim).claims(|c| c["aud"] = json!("https://other/STU3/1/gpconnect")),
        400,
        "BAD_REQUEST",
    )
    .await;
    expect(
        &sim,
        "reason",
        metadata(&sim).claims(|c| c["reason_for_request"] = json!("secondaryuses")),
        400,
        "BAD_REQUEST",
    )
    .await;
    expect(
        &sim,
        "sub differs",
        metadata(&sim).claims(|c| c["sub"] = json!("someone-else")),
        400,
        "BAD_REQUEST",
    )
    .await;
    expect(
        &sim,
        "device resourceType",
        metadata(&sim).claims(|c| c["requesting_device"]["resourceType"] = json!("Patient")),
        422,
        "INVALID_RESOURCE",
    )
    .await;
    expect(
        &sim,
        "practitioner resourceType",
        metadata(&sim).claims(|c| c["requesting_practitioner"]["resourceType"] = json!("Device")),
        422,
        "INVALID_RESOURCE",
    )
    .await;
}

fn slot_search(sim: &Simulator, start: &str, end: &str, extra: &[(&str, &str)]) -> Raw {
    let mut query: Vec<(&str, String)> = vec![
        ("status", "free".into()),
        ("start", start.to_owned()),
        ("end", end.to_owned()),
        ("_include", "Slot:schedule".into()),
    ];
    query.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    Raw::new(sim, "A20047", Interaction::SearchSlots, "Slot", &query)
}

#[tokio::test]
async fn slot_search_parameters() {
    let sim = simulator().await;
    let d = |n: u64| {
        today()
            .checked_add_days(Days::new(n))
            .unwrap()
            .format("%Y-%m-%d")
            .to_string()
    };
    let ge = |n| format!("ge{}", d(n));
    let le = |n| format!("le{}", d(n));
    for days in [0, 8, 14] {
        let (status, body) = slot_search(&sim, &ge(1), &le(1 + days), &[])
            .send(&sim)
            .await;
        assert_eq!(status, 200, "{days} days: {body}");
        assert_eq!(body["resourceType"], "Bundle");
    }
    let cases: Vec<(&str, Raw, u16, &str)> = vec![
        (
            "15 days",
            slot_search(&sim, &ge(1), &le(16), &[]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "31 days",
            slot_search(&sim, &ge(1), &le(32), &[]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "end before start",
            slot_search(&sim, &ge(3), &le(2), &[]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "gt prefix",
            slot_search(&sim, &format!("gt{}", d(1)), &le(2), &[]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "lt prefix",
            slot_search(&sim, &ge(1), &format!("lt{}", d(2)), &[]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "eq prefix",
            slot_search(&sim, &format!("eq{}", d(1)), &le(2), &[]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "Z offset",
            slot_search(&sim, &format!("ge{}T09:00:00Z", d(1)), &le(2), &[]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "no offset",
            slot_search(&sim, &format!("ge{}T09:00:00", d(1)), &le(2), &[]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "partial date",
            slot_search(&sim, &format!("ge{}", &d(1)[..7]), &le(2), &[]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "year only",
            slot_search(&sim, &format!("ge{}", &d(1)[..4]), &le(2), &[]),
            422,
            "INVALID_PARAMETER",
        ),
    ];
    for (case, raw, status, spine) in cases {
        expect(&sim, case, raw, status, spine).await;
    }
    let with_offset = slot_search(&sim, &format!("ge{}T09:00:00+00:00", d(1)), &le(2), &[]);
    assert_eq!(
        with_offset.send(&sim).await.0,
        200,
        "a date-time with an explicit offset"
    );
    // An offset whose + was not encoded arrives as a space: refused.
    let mut raw_plus = slot_search(&sim, &ge(1), &le(2), &[]);
    raw_plus.query = raw_plus.query.replace(
        &format!("start=ge{}", d(1)),
        &format!("start=ge{}T09:00:00+00:00", d(1)),
    );
    expect(&sim, "unencoded +", raw_plus, 422, "INVALID_PARAMETER").await;

    let missing = |name: &str| {
        let mut raw = slot_search(&sim, &ge(1), &le(2), &[]);
        raw.query = raw
            .query
            .split('&')
            .filter(|p| !p.starts_with(&format!("{name}=")))
            .collect::<Vec<_>>()
            .join("&");
        raw
    };
    expect(&sim, "no start", missing("start"), 400, "BAD_REQUEST").await;
    expect(&sim, "no end", missing("end"), 400, "BAD_REQUEST").await;
    expect(&sim, "no status", missing("status"), 400, "BAD_REQUEST").await;
    expect(
        &sim,
        "no _include",
        missing("_include"),
        422,
        "INVALID_PARAMETER",
    )
    .await;
    let mut busy = slot_search(&sim, &ge(1), &le(2), &[]);
    busy.query = busy.query.replace("status=free", "status=busy");
    expect(&sim, "status=busy", busy, 422, "INVALID_PARAMETER").await;
    let unknown_filter = slot_search(
        &sim,
        &ge(1),
        &le(2),
        &[("searchFilter", "https://example.org/disposition|Dx10")],
    );
    assert_eq!(
        unknown_filter.send(&sim).await.0,
        200,
        "unknown searchFilter systems are ignored"
    );
}

#[tokio::test]
async fn search_filter_matching_table() {
    let sim = simulator().await;
    // The demonstrator's template puts six restricted slots at 17:00-17:50 on template day 1
    // at Dr Legg's branch: count what each filter combination sees over two weeks.
    let d = |n: u64| {
        today()
            .checked_add_days(Days::new(n))
            .unwrap()
            .format("%Y-%m-%d")
            .to_string()
    };
    let sim_ref = &sim;
    let count = |filters: &[(&'static str, &'static str)]| {
        let raw = slot_search(
            sim_ref,
            &format!("ge{}", d(0)),
            &format!("le{}", d(13)),
            filters,
        );
        async move {
            let (_, body) = raw.send(sim_ref).await;
            body["entry"]
                .as_array()
                .map(|e| {
                    e.iter()
                        .filter(|e| e["resource"]["resourceType"] == "Slot")
                        .count()
                })
                .unwrap_or(0)
        }
    };
    let type_urgent = (
        "searchFilter",
        "https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1|urgent-care",
    );
    let type_gp = (
        "searchFilter",
        "https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1|gp-practice",
    );
    let ods_a20047 = (
        "searchFilter",
        "https://fhir.nhs.uk/Id/ods-organization-code|A20047",
    );
    let none = count(&[]).await;
    let urgent = count(&[type_urgent]).await;
    let gp = count(&[type_gp]).await;
    let ods = count(&[ods_a20047]).await;
    let both = count(&[type_urgent, ods_a20047]).await;
    assert!(none > 0);
    assert!(urgent > none, "type only adds type-restricted slots");
    assert!(
        gp > none && gp == urgent,
        "one gp-practice slot for each urgent-care one"
    );
    assert!(ods > none, "ODS only adds ODS-restricted slots");
    assert!(both > urgent && both > ods, "both filters see the most");
    // The hub offers nothing without the urgent-care type.
    let hub = |filters: Vec<(&str, String)>| {
        Raw::new(&sim, "R3B46", Interaction::SearchSlots, "Slot", &filters)
    };
    let base = vec![
        ("status", "free".to_owned()),
        ("start", format!("ge{}", d(0))),
        ("end", format!("le{}", d(13))),
        ("_include", "Slot:schedule".to_owned()),
    ];
    let (_, body) = hub(base.clone()).send(&sim).await;
    assert!(
        body.get("entry").is_none(),
        "no slots: an empty Bundle with no entry"
    );
    let mut urgent_filter = base;
    urgent_filter.push(("searchFilter", type_urgent.1.to_owned()));
    let (_, body) = hub(urgent_filter).send(&sim).await;
    assert!(body["entry"].as_array().is_some_and(|e| !e.is_empty()));
}

fn find(sim: &Simulator, identifier: Option<&str>) -> Raw {
    let query: Vec<(&str, String)> = identifier
        .map(|v| ("identifier", v.to_owned()))
        .into_iter()
        .collect();
    Raw::new(sim, "A20047", Interaction::FindPatient, "Patient", &query)
}

#[tokio::test]
async fn find_patient_rules() {
    let sim = simulator().await;
    let nhs = |n: &str| format!("https://fhir.nhs.uk/Id/nhs-number|{n}");
    let entries = |body: &Value| body["entry"].as_array().map_or(0, Vec::len);
    let (status, body) = find(&sim, Some(&nhs("9476719931"))).send(&sim).await;
    assert_eq!((status, entries(&body)), (200, 1));
    // Sensitive (S-flag) and deceased patients come back as not found (§3.3).
    for hidden in ["9476113162", "9476719974"] {
        let raw = Raw::new(
            &sim,
            if hidden == "9476113162" {
                "GPC001"
            } else {
                "A20047"
            },
            Interaction::FindPatient,
            "Patient",
            &[("identifier", nhs(hidden))],
        );
        let (status, body) = raw.send(&sim).await;
        assert_eq!((status, entries(&body)), (200, 0), "{hidden}");
    }
    expect(&sim, "no identifier", find(&sim, None), 400, "BAD_REQUEST").await;
    let mut twice = find(&sim, Some(&nhs("9476719931")));
    twice.query = format!("{0}&{0}", twice.query);
    expect(&sim, "two identifiers", twice, 400, "BAD_REQUEST").await;
    let mut wrong_case = find(&sim, Some(&nhs("9476719931")));
    wrong_case.query = wrong_case.query.replace("identifier=", "Identifier=");
    expect(&sim, "Identifier", wrong_case, 400, "BAD_REQUEST").await;
    expect(
        &sim,
        "empty system",
        find(&sim, Some("|9476719931")),
        422,
        "INVALID_PARAMETER",
    )
    .await;
    expect(
        &sim,
        "no system",
        find(&sim, Some("9476719931")),
        422,
        "INVALID_PARAMETER",
    )
    .await;
    expect(
        &sim,
        "empty value",
        find(&sim, Some(&nhs(""))),
        422,
        "INVALID_PARAMETER",
    )
    .await;
    expect(
        &sim,
        "other system",
        find(&sim, Some("https://example.org/mrn|123")),
        400,
        "INVALID_IDENTIFIER_SYSTEM",
    )
    .await;
    expect(
        &sim,
        "bad check digit",
        find(&sim, Some(&nhs("9000000008"))),
        400,
        "INVALID_NHS_NUMBER",
    )
    .await;
    expect(
        &sim,
        "9 digits",
        find(&sim, Some(&nhs("999999999"))),
        400,
        "INVALID_NHS_NUMBER",
    )
    .await;
}

fn retrieve(sim: &Simulator, patient: &str, starts: &[String]) -> Raw {
    let query: Vec<(&str, String)> = starts.iter().map(|s| ("start", s.clone())).collect();
    Raw::new(
        sim,
        "A20047",
        Interaction::RetrievePatientAppointments,
        &format!("Patient/{patient}/Appointment"),
        &query,
    )
}

#[tokio::test]
async fn retrieve_rules() {
    let sim = simulator().await;
    let d = |n: i64| {
        let day = if n >= 0 {
            today().checked_add_days(Days::new(n.unsigned_abs()))
        } else {
            today().checked_sub_days(Days::new(n.unsigned_abs()))
        };
        day.unwrap().format("%Y-%m-%d").to_string()
    };
    let ok = retrieve(&sim, "1", &[format!("ge{}", d(0)), format!("le{}", d(14))]);
    assert_eq!(ok.send(&sim).await.0, 200, "today onwards");
    let cases = vec![
        (
            "one start",
            retrieve(&sim, "1", &[format!("ge{}", d(0))]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "time part",
            retrieve(
                &sim,
                "1",
                &[format!("ge{}T09:00:00+00:00", d(0)), format!("le{}", d(3))],
            ),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "Z",
            retrieve(
                &sim,
                "1",
                &[format!("ge{}T09:00:00Z", d(0)), format!("le{}", d(3))],
            ),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "partial",
            retrieve(
                &sim,
                "1",
                &[format!("ge{}", &d(0)[..7]), format!("le{}", d(3))],
            ),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "ge + lt",
            retrieve(&sim, "1", &[format!("ge{}", d(0)), format!("lt{}", d(3))]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "ge + ge",
            retrieve(&sim, "1", &[format!("ge{}", d(0)), format!("ge{}", d(3))]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "partly past",
            retrieve(&sim, "1", &[format!("ge{}", d(-1)), format!("le{}", d(3))]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "end before start",
            retrieve(&sim, "1", &[format!("ge{}", d(3)), format!("le{}", d(1))]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "unknown patient",
            retrieve(&sim, "dd", &[format!("ge{}", d(0)), format!("le{}", d(3))]),
            404,
            "PATIENT_NOT_FOUND",
        ),
    ];
    for (case, raw, status, spine) in cases {
        expect(&sim, case, raw, status, spine).await;
    }
}

fn registration_body(nhs: &str, family: &str, given: &str, birth: &str) -> Value {
    json!({"resourceType": "Parameters", "parameter": [{"name": "registerPatient", "resource": {
        "resourceType": "Patient",
        "meta": {"profile": ["https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Patient-1"]},
        "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": nhs}],
        "name": [{"use": "official", "family": family, "given": [given]}],
        "gender": "male", "birthDate": birth,
        "address": [{"use": "home", "line": ["1 Park Row"], "postalCode": "LS1 5HD"}]}}]})
}

fn register(sim: &Simulator, body: Value) -> Raw {
    Raw::new(
        sim,
        "GPC001",
        Interaction::RegisterPatient,
        "Patient/$gpc.registerpatient",
        &[],
    )
    .body(body)
}

#[tokio::test]
async fn register_rules() {
    let sim = simulator().await;
    let valid = || registration_body("9651258500", "REA", "Clive", "1951-03-10");
    let patient = |change: &dyn Fn(&mut Value)| {
        let mut body = valid();
        change(&mut body["parameter"][0]["resource"]);
        body
    };
    let cases: Vec<(&str, Value, u16, &str)> = vec![
        (
            "active sent",
            patient(&|p| p["active"] = json!(true)),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "contact sent",
            patient(&|p| p["contact"] = json!([])),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "deceased sent",
            patient(&|p| p["deceasedBoolean"] = json!(false)),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "unknown element",
            patient(&|p| p["favouriteColour"] = json!("blue")),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "work address",
            patient(&|p| p["address"][0]["use"] = json!("work")),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "two home addresses",
            patient(&|p| p["address"] = json!([{"use": "home"}, {"use": "home"}])),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "duplicate telecom use",
            patient(
                &|p| p["telecom"] = json!([{"system": "phone", "use": "home", "value": "1"}, {"system": "phone", "use": "home", "value": "2"}]),
            ),
            400,
            "BAD_REQUEST",
        ),
        (
            "no birth date",
            patient(&|p| {
                p.as_object_mut().unwrap().remove("birthDate");
            }),
            400,
            "BAD_REQUEST",
        ),
        (
            "no official name",
            patient(&|p| p["name"][0]["use"] = json!("usual")),
            400,
            "BAD_REQUEST",
        ),
        (
            "no family name",
            patient(&|p| {
                p["name"][0].as_object_mut().unwrap().remove("family");
            }),
            400,
            "BAD_REQUEST",
        ),
        (
            "identifier without system",
            patient(&|p| {
                p["identifier"][0].as_object_mut().unwrap().remove("system");
            }),
            400,
            "BAD_REQUEST",
        ),
        (
            "bad check digit",
            patient(&|p| p["identifier"][0]["value"] = json!("9000000008")),
            400,
            "INVALID_NHS_NUMBER",
        ),
        (
            "not an NHS number",
            patient(&|p| p["identifier"][0]["value"] = json!("hello")),
            400,
            "INVALID_NHS_NUMBER",
        ),
        (
            "not on PDS",
            patient(&|p| p["identifier"][0]["value"] = json!("9000000009")),
            400,
            "INVALID_PATIENT_DEMOGRAPHICS",
        ),
        (
            "not verified",
            patient(&|p| {
                p["name"][0]["family"] = json!("Smith");
                p["birthDate"] = json!("1960-01-01");
            }),
            400,
            "INVALID_PATIENT_DEMOGRAPHICS",
        ),
        (
            "deceased on PDS",
            registration_body("9476719974", "PHELAN", "Julian", "1992-07-02"),
            400,
            "INVALID_PATIENT_DEMOGRAPHICS",
        ),
        (
            "sensitive on PDS",
            registration_body("9476113162", "HARDY", "Tania", "1953-11-02"),
            400,
            "INVALID_PATIENT_DEMOGRAPHICS",
        ),
        (
            "already registered here",
            registration_body("9476113170", "BULLEN", "Dwayne", "1958-05-11"),
            409,
            "DUPLICATE_REJECTED",
        ),
        (
            "not a Patient",
            patient(&|p| p["resourceType"] = json!("Organization")),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "not Parameters",
            json!({"resourceType": "Patient"}),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "registerPatient twice",
            {
                let mut body = valid();
                let param = body["parameter"][0].clone();
                body["parameter"].as_array_mut().unwrap().push(param);
                body
            },
            400,
            "BAD_REQUEST",
        ),
    ];
    for (case, body, status, spine) in cases {
        expect(&sim, case, register(&sim, body), status, spine).await;
    }
    let (status, body) = register(&sim, valid()).send(&sim).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["entry"][0]["resource"]["resourceType"], "Patient");
    // The JWT scope must be a write scope.
    let read_scope = register(
        &sim,
        registration_body("9651258519", "SOFFE", "Oscar", "1937-03-11"),
    )
    .claims(|c| c["requested_scope"] = json!("patient/*.read"));
    expect(&sim, "read scope", read_scope, 400, "BAD_REQUEST").await;
}

/// A valid booking body for the first two adjacent free slots at `ods`, for patient 1.
async fn booking(sim: &Simulator, ods: &str) -> (Value, Vec<gpconnect::slots::BookableSlot>) {
    let client = client(sim);
    let slots = support::slots(sim, &client, ods).await;
    let pair = support::adjacent_pair(&slots);
    let patient = client
        .find_patient(
            &practice(sim, ods),
            &NhsNumber::parse("9476719931").unwrap(),
        )
        .await
        .unwrap()
        .remove(0);
    let request = BookingRequest {
        patient_id: patient.id,
        slots: pair.clone(),
        description: "Review".into(),
        comment: Some("Prefers mornings".into()),
    };
    let appointment = build_booking(
        &gpconnect_sim::demo_consumer().organisation,
        &request,
        Utc::now(),
    )
    .unwrap();
    (
        serde_json::to_value(Resource::Appointment(appointment)).unwrap(),
        pair,
    )
}

fn book(sim: &Simulator, body: Value) -> Raw {
    Raw::new(
        sim,
        "A20047",
        Interaction::BookAppointment,
        "Appointment",
        &[],
    )
    .body(body)
}

#[tokio::test]
async fn book_rules() {
    let sim = simulator().await;
    let (valid, pair) = booking(&sim, "A20047").await;
    let with = |change: &dyn Fn(&mut Value)| {
        let mut body = valid.clone();
        change(&mut body);
        body
    };
    let drop_participant = |kind: &'static str| {
        with(&move |b| {
            b["participant"]
                .as_array_mut()
                .unwrap()
                .retain(|p| !p["actor"]["reference"].as_str().unwrap().starts_with(kind));
        })
    };
    let cases: Vec<(&str, Value, u16, &str)> = vec![
        (
            "reason",
            with(&|b| b["reason"] = json!({"text": "Rash"})),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "specialty",
            with(&|b| b["specialty"] = json!({"text": "GP"})),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "appointmentType",
            with(&|b| b["appointmentType"] = json!({"text": "x"})),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "unknown element",
            with(&|b| b["priority"] = json!(1)),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "no Patient participant",
            drop_participant("Patient"),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "no Location participant",
            drop_participant("Location"),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "participant without status",
            with(&|b| {
                b["participant"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("status");
            }),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "absolute reference",
            with(&|b| b["participant"][0]["actor"]["reference"] = json!("https://x/Patient/1")),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "no description",
            with(&|b| {
                b.as_object_mut().unwrap().remove("description");
            }),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "description 101",
            with(&|b| b["description"] = json!("d".repeat(101))),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "comment 501",
            with(&|b| b["comment"] = json!("c".repeat(501))),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "no booking organisation",
            with(&|b| {
                b["extension"].as_array_mut().unwrap().clear();
            }),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "organisation without name",
            with(&|b| {
                b["contained"][0].as_object_mut().unwrap().remove("name");
            }),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "organisation without telecom",
            with(&|b| {
                b["contained"][0].as_object_mut().unwrap().remove("telecom");
            }),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "organisation type not a code",
            with(&|b| b["contained"][0]["type"][0]["coding"][0]["code"] = json!("hospital")),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "status proposed",
            with(&|b| b["status"] = json!("proposed")),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "cancellation reason",
            with(&|b| {
                b["extension"].as_array_mut().unwrap().push(json!({"url": gpconnect::fhir::urls::EXT_CANCELLATION_REASON, "valueString": "x"}))
            }),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "unknown slot",
            with(&|b| b["slot"][0]["reference"] = json!("Slot/hello")),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "absolute slot reference",
            with(&|b| {
                b["slot"][0]["reference"] = json!(format!("https://x/Slot/{}", pair[0].slot_id))
            }),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "end not the last slot's",
            with(&|b| b["end"] = b["start"].clone()),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "only the second slot but the pair's start",
            with(&|b| {
                b["slot"].as_array_mut().unwrap().remove(0);
            }),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "location not the schedule's",
            with(&|b| b["participant"][1]["actor"]["reference"] = json!("Location/17777")),
            422,
            "INVALID_RESOURCE",
        ),
    ];
    for (case, body, status, spine) in cases {
        expect(&sim, case, book(&sim, body), status, spine).await;
    }
    // Not adjacent: the first slot and one an hour later.
    let client = client(&sim);
    let slots = support::slots(&sim, &client, "A20047").await;
    let far = slots
        .iter()
        .find(|s| s.schedule_id == pair[0].schedule_id && s.start > pair[1].end)
        .unwrap();
    let gap = with(&|b| {
        b["slot"][1]["reference"] = json!(format!("Slot/{}", far.slot_id));
        b["end"] = json!(far.end.format("%Y-%m-%dT%H:%M:%S%:z").to_string());
    });
    expect(
        &sim,
        "not adjacent",
        book(&sim, gap),
        422,
        "INVALID_RESOURCE",
    )
    .await;
    let other_schedule = slots
        .iter()
        .find(|s| s.schedule_id != pair[0].schedule_id && s.start == pair[0].end)
        .unwrap();
    let mixed =
        with(&|b| b["slot"][1]["reference"] = json!(format!("Slot/{}", other_schedule.slot_id)));
    expect(
        &sim,
        "different schedule",
        book(&sim, mixed),
        422,
        "INVALID_RESOURCE",
    )
    .await;

    // Book it, then again: the slot is taken.
    let (status, body) = book(&sim, valid.clone()).send(&sim).await;
    assert_eq!(status, 201, "{body}");
    assert!(body["id"].is_string());
    assert_eq!(body["serviceType"][0]["text"], json!(pair[0].slot_type));
    expect(
        &sim,
        "slot taken",
        book(&sim, valid),
        409,
        "DUPLICATE_REJECTED",
    )
    .await;

    // A hub slot booked by a gp-practice organisation is refused (§8).
    let (mut hub_body, _) = {
        let client = client;
        let hub = practice(&sim, "R3B46");
        let slot = client
            .search_free_slots(&hub, &support::query(&client, 14))
            .await
            .unwrap()
            .slots
            .remove(0);
        let registration = gpconnect::patients::TemporaryRegistration {
            nhs_number: NhsNumber::parse("9651258527").unwrap(),
            family_name: "Flynn".into(),
            given_names: vec!["Tommy".into()],
            prefix: None,
            birth_date: chrono::NaiveDate::from_ymd_opt(1950, 4, 10).unwrap(),
            gender: None,
            home_address: None,
            temporary_address: None,
            home_phone: None,
            mobile_phone: None,
            work_phone: None,
            temporary_phone: None,
            email: None,
        };
        let patient = client.register_patient(&hub, &registration).await.unwrap();
        let request = BookingRequest {
            patient_id: patient.id,
            slots: vec![slot.clone()],
            description: "x".into(),
            comment: None,
        };
        let appointment = build_booking(
            &gpconnect_sim::demo_consumer().organisation,
            &request,
            Utc::now(),
        )
        .unwrap();
        (
            serde_json::to_value(Resource::Appointment(appointment)).unwrap(),
            slot,
        )
    };
    hub_body["contained"][0]["type"][0]["coding"][0]["code"] = json!("gp-practice");
    let raw = Raw::new(
        &sim,
        "R3B46",
        Interaction::BookAppointment,
        "Appointment",
        &[],
    )
    .body(hub_body);
    expect(
        &sim,
        "urgent-care slot booked by a gp-practice",
        raw,
        422,
        "INVALID_RESOURCE",
    )
    .await;
}

#[tokio::test]
async fn amend_and_cancel_rules() {
    let sim = simulator().await;
    let client = client(&sim);
    let legg = practice(&sim, "A20047");
    let (body, _) = booking(&sim, "A20047").await;
    let (status, stored) = book(&sim, body).send(&sim).await;
    assert_eq!(status, 201);
    let id = stored["id"].as_str().unwrap().to_owned();
    let version = stored["meta"]["versionId"].as_str().unwrap().to_owned();
    let put = |interaction: Interaction, body: Value, if_match: &str| {
        Raw::new(
            &sim,
            "A20047",
            interaction,
            &format!("Appointment/{id}"),
            &[],
        )
        .body(body)
        .header("If-Match", Some(if_match))
    };
    let current = format!("W/\"{version}\"");
    let with = |change: &dyn Fn(&mut Value)| {
        let mut b = stored.clone();
        change(&mut b);
        b
    };
    let cancel_body = |reason: &str| {
        with(&|b| {
            b["status"] = json!("cancelled");
            b["extension"].as_array_mut().unwrap().push(json!({"url": gpconnect::fhir::urls::EXT_CANCELLATION_REASON, "valueString": reason}));
        })
    };
    let amend_cases: Vec<(&str, Value, &str, u16, &str)> = vec![
        (
            "stale If-Match",
            with(&|b| b["description"] = json!("x")),
            "W/\"1\"",
            409,
            "FHIR_CONSTRAINT_VIOLATION",
        ),
        (
            "another field changed",
            with(&|b| b["start"] = b["end"].clone()),
            &current,
            422,
            "INVALID_RESOURCE",
        ),
        (
            "participant made absolute",
            with(&|b| b["participant"][0]["actor"]["reference"] = json!("https://x/Patient/1")),
            &current,
            422,
            "INVALID_RESOURCE",
        ),
        (
            "priority added",
            with(&|b| b["priority"] = json!(1)),
            &current,
            422,
            "INVALID_RESOURCE",
        ),
        (
            "cancellation reason on amend",
            cancel_body("x")
                .as_object()
                .map(|o| {
                    let mut o = o.clone();
                    o.insert("status".into(), json!("booked"));
                    Value::Object(o)
                })
                .unwrap(),
            &current,
            422,
            "INVALID_RESOURCE",
        ),
        (
            "description 101",
            with(&|b| b["description"] = json!("d".repeat(101))),
            &current,
            422,
            "INVALID_RESOURCE",
        ),
        (
            "id differs",
            with(&|b| b["id"] = json!("999")),
            &current,
            422,
            "INVALID_RESOURCE",
        ),
    ];
    for (case, body, if_match, status, spine) in amend_cases {
        expect(
            &sim,
            case,
            put(Interaction::AmendAppointment, body, if_match),
            status,
            spine,
        )
        .await;
    }
    let cancel_cases: Vec<(&str, Value, &str, u16, &str)> = vec![
        (
            "stale If-Match",
            cancel_body("Unwell"),
            "W/\"1\"",
            409,
            "FHIR_CONSTRAINT_VIOLATION",
        ),
        (
            "empty reason",
            cancel_body(""),
            &current,
            422,
            "INVALID_PARAMETER",
        ),
        (
            "wrong extension URL",
            with(&|b| {
                b["status"] = json!("cancelled");
                b["extension"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"url": "https://x/reason", "valueString": "x"}));
            }),
            &current,
            422,
            "INVALID_RESOURCE",
        ),
        (
            "comment changed too",
            {
                let mut b = cancel_body("Unwell");
                b["comment"] = json!("other");
                b
            },
            &current,
            422,
            "INVALID_RESOURCE",
        ),
        (
            "description changed too",
            {
                let mut b = cancel_body("Unwell");
                b["description"] = json!("other");
                b
            },
            &current,
            422,
            "INVALID_RESOURCE",
        ),
    ];
    for (case, body, if_match, status, spine) in cancel_cases {
        expect(
            &sim,
            case,
            put(Interaction::CancelAppointment, body, if_match),
            status,
            spine,
        )
        .await;
    }
    // Amend through the client works; cancel works; amend after cancel is refused.
    let record = client
        .read_appointment(&legg, &gpconnect::ids::AppointmentId::parse(&id).unwrap())
        .await
        .unwrap();
    let amended = client
        .amend_appointment(&legg, &record, "Review (amended)", None)
        .await
        .unwrap();
    let cancelled = client
        .cancel_appointment(&legg, &amended, "Unwell")
        .await
        .unwrap();
    let amend_cancelled = put(
        Interaction::AmendAppointment,
        cancelled.raw.clone(),
        &cancelled.if_match().unwrap(),
    );
    expect(
        &sim,
        "amend a cancelled appointment",
        amend_cancelled,
        422,
        "INVALID_RESOURCE",
    )
    .await;
    // The version changed on every write and travels as ETag.
    let versions = [
        version,
        amended.version_id.unwrap(),
        cancelled.version_id.unwrap(),
    ];
    assert!(versions[0] != versions[1] && versions[1] != versions[2]);
    let _ = PatientId::parse("1").unwrap();
}
