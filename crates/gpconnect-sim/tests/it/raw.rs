//! A request to the simulator built from the specification alone: headers of §2.2, the
//! interaction of the §3.0 table, the §4.2 example JWT re-aimed at the practice, and a body
//! the test supplies. Every part is valid until a test changes one thing.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use gpconnect_sim::Simulator;
use serde_json::{Value, json};

use crate::spec;

/// A request about to be sent.
#[derive(Debug, Clone)]
pub struct Raw {
    pub method: String,
    pub root: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub claims: Value,
    pub body: Option<Value>,
}

/// `key=value&…`, percent-encoded (`|` as `%7C`, `+` as `%2B`, §2.4, §2.5).
pub fn encode(query: &[(&str, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())))
        .finish()
}

impl Raw {
    /// `use_case` (a row of §3.0) at practice `ods`, on `path` with `query`.
    pub fn new(
        sim: &Simulator,
        ods: &str,
        use_case: &str,
        path: &str,
        query: &[(&str, String)],
    ) -> Self {
        let row = spec::row(use_case);
        let practice = sim
            .practices()
            .into_iter()
            .find(|p| p.ods_code == ods)
            .unwrap();
        let now = Utc::now().timestamp();
        let mut claims = spec::jwt_claims();
        claims["aud"] = json!(practice.provider_root);
        claims["iat"] = json!(now);
        claims["exp"] = json!(now + 300);
        claims["requested_scope"] = json!(row.scope);
        let mut headers = vec![
            ("Ssp-TraceID".to_owned(), uuid::Uuid::new_v4().to_string()),
            (
                "Ssp-From".to_owned(),
                gpconnect_sim::seed::DEMO_CONSUMER_ASID.to_owned(),
            ),
            ("Ssp-To".to_owned(), practice.asid.clone()),
            ("Ssp-InteractionID".to_owned(), row.id.clone()),
            ("Accept".to_owned(), "application/fhir+json".to_owned()),
        ];
        if row.method != "GET" {
            headers.push((
                "Content-Type".to_owned(),
                "application/fhir+json;charset=utf-8".to_owned(),
            ));
        }
        Self {
            method: row.method,
            root: practice.provider_root,
            path: path.to_owned(),
            query: encode(query),
            headers,
            claims,
            body: None,
        }
    }

    /// Sets (or with `None` removes) a header.
    pub fn header(mut self, name: &str, value: Option<&str>) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        if let Some(value) = value {
            self.headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    /// Changes the JWT claims.
    pub fn claims(mut self, change: impl FnOnce(&mut Value)) -> Self {
        change(&mut self.claims);
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// `b64url(header).b64url(claims).`
    pub fn token(&self) -> String {
        format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(self.claims.to_string())
        )
    }

    /// Sends it over mutual TLS with the simulator's demo client certificate; the status and
    /// the JSON body (`null` when there is none).
    pub async fn send(&self, sim: &Simulator) -> (u16, Value) {
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
        let mut url = format!("{}/{}/{}", sim.base_url(), self.root, self.path);
        if !self.query.is_empty() {
            url = format!("{url}?{}", self.query);
        }
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).unwrap();
        let mut request = http.request(method, url);
        if !self
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        {
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

/// The Spine code (provider) or the HTTP-status code (proxy) of an OperationOutcome.
pub fn code(body: &Value) -> String {
    body["issue"][0]["details"]["coding"][0]["code"]
        .as_str()
        .unwrap_or("-")
        .to_owned()
}

/// Sends `raw` and asserts the status and code.
pub async fn expect(sim: &Simulator, case: &str, raw: Raw, status: u16, spine: &str) {
    let (got, body) = raw.send(sim).await;
    assert_eq!(
        (got, code(&body).as_str()),
        (status, spine),
        "{case}: {body}"
    );
}

/// The resources of a searchset Bundle.
pub fn resources(bundle: &Value) -> Vec<Value> {
    bundle["entry"]
        .as_array()
        .map(|entries| entries.iter().map(|e| e["resource"].clone()).collect())
        .unwrap_or_default()
}
