//! The NHS API platform's stand-in on the wire, with hand-made requests: the token
//! exchange's checks of the client assertion and the CIS2 ID token (`nhs-identity-pds.md`
//! §2.3), and PDS's checks of the token and headers, its answers and their shapes (§3.2-§3.5).
//! The client crate's own tests (`crates/pds/tests/standin.rs`) cover the cases through the
//! client.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use super::support::simulator;
use gpconnect_sim::Simulator;
use gpconnect_sim::pds::{DEMO_API_KEY, DEMO_KEY_ID};

fn http(sim: &Simulator) -> reqwest::Client {
    reqwest::Client::builder()
        .tls_backend_rustls()
        .tls_certs_only(
            reqwest::Certificate::from_pem_bundle(sim.pki().ca_certificate_pem.as_bytes()).unwrap(),
        )
        .build()
        .unwrap()
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn sign(key_pem: &str, alg: Algorithm, kid: &str, claims: &Value) -> String {
    let mut header = Header::new(alg);
    header.typ = Some("JWT".to_owned());
    header.kid = Some(kid.to_owned());
    let key = EncodingKey::from_rsa_pem(key_pem.as_bytes()).unwrap();
    jsonwebtoken::encode(&header, claims, &key).unwrap()
}

/// An ID token as the CIS2 stand-in signs them, for Sam (AAL `aal`), expiring at `exp`.
fn id_token(sim: &Simulator, aal: Value, exp: i64) -> String {
    let key =
        std::fs::read_to_string(sim.data_dir().join(gpconnect_sim::CIS2_SIGNING_KEY_FILE)).unwrap();
    sign(
        &key,
        Algorithm::RS256,
        "cis2-stand-in-1",
        &json!({"iss": sim.cis2_issuer(), "sub": "555000000002", "aud": "client",
            "exp": exp, "iat": now(), "authentication_assurance_level": aal,
            "selected_roleid": "555000000201"}),
    )
}

/// A client assertion of the demo application, with `changes` applied to its claims.
fn assertion(sim: &Simulator, alg: Algorithm, changes: &Value) -> String {
    let key = std::fs::read_to_string(sim.pds_client_key_path()).unwrap();
    let mut claims = json!({"iss": DEMO_API_KEY, "sub": DEMO_API_KEY, "aud": sim.token_url(),
        "jti": uuid::Uuid::new_v4().to_string(), "exp": now() + 300});
    for (k, v) in changes.as_object().unwrap() {
        claims[k] = v.clone();
    }
    sign(&key, alg, DEMO_KEY_ID, &claims)
}

async fn exchange(sim: &Simulator, assertion: &str, id_token: &str) -> (u16, Value) {
    let response = http(sim)
        .post(sim.token_url())
        .form(&[
            (
                "grant_type",
                "urn:ietf:params:oauth:grant-type:token-exchange",
            ),
            (
                "subject_token_type",
                "urn:ietf:params:oauth:token-type:id_token",
            ),
            ("subject_token", id_token),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
            ("client_assertion", assertion),
        ])
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn token(sim: &Simulator) -> String {
    let (status, body) = exchange(
        sim,
        &assertion(sim, Algorithm::RS512, &json!({})),
        &id_token(sim, json!(3), now() + 600),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_token_exchange_checks_the_assertion_and_the_id_token() {
    let sim = simulator().await;
    let good_id = id_token(&sim, json!(3), now() + 600);
    let (status, body) = exchange(
        &sim,
        &assertion(&sim, Algorithm::RS512, &json!({})),
        &good_id,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["expires_in"], "599", "numbers are strings");
    assert_eq!(body["token_type"], "Bearer");

    let refused = |status: u16, fragment: &'static str| {
        move |(got, body): (u16, Value)| {
            assert_eq!(got, status, "{body}");
            let text = body["error_description"].as_str().unwrap().to_owned();
            assert!(text.contains(fragment), "{text}");
        }
    };
    refused(400, "must be 'RS512'")(
        exchange(
            &sim,
            &assertion(&sim, Algorithm::RS256, &json!({})),
            &good_id,
        )
        .await,
    );
    refused(401, "'aud'")(
        exchange(
            &sim,
            &assertion(
                &sim,
                Algorithm::RS512,
                &json!({"aud": "https://elsewhere/oauth2/token"}),
            ),
            &good_id,
        )
        .await,
    );
    refused(400, "more than 5 minutes")(
        exchange(
            &sim,
            &assertion(&sim, Algorithm::RS512, &json!({"exp": now() + 900})),
            &good_id,
        )
        .await,
    );
    refused(400, "non-matching 'iss'/'sub'")(
        exchange(
            &sim,
            &assertion(&sim, Algorithm::RS512, &json!({"sub": "someone-else"})),
            &good_id,
        )
        .await,
    );
    let replayed = assertion(&sim, Algorithm::RS512, &json!({}));
    assert_eq!(exchange(&sim, &replayed, &good_id).await.0, 200);
    refused(400, "Non-unique 'jti'")(exchange(&sim, &replayed, &good_id).await);
    refused(400, "JWT has expired")(
        exchange(
            &sim,
            &assertion(&sim, Algorithm::RS512, &json!({})),
            &id_token(&sim, json!(3), now() - 10),
        )
        .await,
    );
    let (status, body) = exchange(
        &sim,
        &assertion(&sim, Algorithm::RS512, &json!({})),
        &id_token(&sim, json!("1"), now() + 600),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("unauthorized_client"))
    );
    // An ID token not signed by the CIS2 stand-in.
    let forged = sign(
        &gpconnect_pki::rsa_private_key_pem().unwrap(),
        Algorithm::RS256,
        "cis2-stand-in-1",
        &json!({"iss": sim.cis2_issuer(), "sub": "555000000002", "aud": "c", "exp": now() + 600,
            "authentication_assurance_level": 3}),
    );
    refused(401, "signature")(
        exchange(
            &sim,
            &assertion(&sim, Algorithm::RS512, &json!({})),
            &forged,
        )
        .await,
    );
}

#[tokio::test]
async fn pds_checks_the_token_and_headers_and_mirrors_the_ids() {
    let sim = simulator().await;
    let token = token(&sim).await;
    let url = format!("{}/Patient/9476719931", sim.pds_url());
    let request_id = uuid::Uuid::new_v4().to_string();
    let code = |body: &Value| body["issue"][0]["details"]["coding"][0]["code"].clone();

    let response = http(&sim)
        .get(&url)
        .header("X-Request-ID", &request_id)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(code(&response.json().await.unwrap()), "ACCESS_DENIED");

    let response = http(&sim)
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(code(&response.json().await.unwrap()), "MISSING_VALUE");

    let response = http(&sim)
        .get(&url)
        .bearer_auth(&token)
        .header("X-Request-ID", "not-a-uuid")
        .send()
        .await
        .unwrap();
    assert_eq!(code(&response.json().await.unwrap()), "INVALID_VALUE");

    let response = http(&sim)
        .get(&url)
        .bearer_auth(&token)
        .header("X-Request-ID", &request_id)
        .header("X-Correlation-ID", "corr-1")
        .header("NHSD-Session-URID", "555000000201")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-request-id"], request_id.as_str());
    assert_eq!(response.headers()["x-correlation-id"], "corr-1");
    assert_eq!(response.headers()["etag"], "W/\"1\"");
    assert_eq!(response.headers()["content-type"], "application/fhir+json");
    let patient: Value = response.json().await.unwrap();
    assert_eq!(patient["meta"]["security"][0]["code"], "U");
    assert_eq!(
        patient["generalPractitioner"][0]["identifier"]["value"],
        "A20047"
    );
    assert_eq!(
        patient["identifier"][0]["extension"][0]["valueCodeableConcept"]["coding"][0]["code"],
        "01"
    );
}

#[tokio::test]
async fn pds_answers_shapes_and_codes_as_specified() {
    let sim = simulator().await;
    let token = token(&sim).await;
    let get = |path: String| {
        let client = http(&sim);
        let token = token.clone();
        async move {
            let response = client
                .get(path)
                .bearer_auth(token)
                .header("X-Request-ID", uuid::Uuid::new_v4().to_string())
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap())
        }
    };
    let base = sim.pds_url();
    let code = |body: &Value| body["issue"][0]["details"]["coding"][0]["code"].clone();

    let (status, sensitive) = get(format!("{base}/Patient/9476113162")).await;
    assert_eq!(status, 200);
    assert_eq!(sensitive["meta"]["security"][0]["code"], "R");
    for removed in ["address", "telecom", "generalPractitioner"] {
        assert!(sensitive.get(removed).is_none(), "{removed}");
    }
    let (_, deceased) = get(format!("{base}/Patient/9476719974")).await;
    assert_eq!(deceased["deceasedDateTime"], "2007-07-10T00:00:00+00:00");
    let (_, merged) = get(format!("{base}/Patient/9990000018")).await;
    assert_eq!(merged["id"], "9476719923");
    let (status, invalidated) = get(format!("{base}/Patient/9990000026")).await;
    assert_eq!(
        (status, code(&invalidated)),
        (404, json!("INVALIDATED_RESOURCE"))
    );
    let (status, unknown) = get(format!("{base}/Patient/9990000034")).await;
    assert_eq!((status, code(&unknown)), (404, json!("RESOURCE_NOT_FOUND")));
    let (status, bad) = get(format!("{base}/Patient/9000000008")).await;
    assert_eq!((status, code(&bad)), (400, json!("INVALID_RESOURCE_ID")));

    let (status, bundle) = get(format!(
        "{base}/Patient?family=CROOK&birthdate=ge1950-01-01"
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["total"], 5);
    assert!(bundle["entry"][0]["search"]["score"].as_f64().is_some());
    let (status, too_many) = get(format!(
        "{base}/Patient?family=CROOK&birthdate=ge1950-01-01&_max-results=2"
    ))
    .await;
    assert_eq!((status, code(&too_many)), (200, json!("TOO_MANY_MATCHES")));
    let (status, extra) = get(format!(
        "{base}/Patient?family=CROOK&birthdate=ge1950-01-01&surname=X"
    ))
    .await;
    assert_eq!(
        (status, code(&extra)),
        (400, json!("ADDITIONAL_PROPERTIES"))
    );
    let (status, none) = get(format!("{base}/Patient")).await;
    assert_eq!((status, code(&none)), (400, json!("UNSUPPORTED_SERVICE")));
    let (status, wildcard) =
        get(format!("{base}/Patient?family=C%2A&birthdate=ge1950-01-01")).await;
    assert_eq!(
        (status, code(&wildcard)),
        (400, json!("INVALID_SEARCH_DATA"))
    );
    let (_, prefix) = get(format!(
        "{base}/Patient?family=CR%2A&birthdate=ge1950-01-01"
    ))
    .await;
    let families: Vec<&str> = prefix["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["resource"]["name"][0]["family"].as_str().unwrap())
        .collect();
    assert!(
        families.len() > 5 && families.iter().all(|f| f.starts_with("CR")),
        "{families:?}"
    );
}
