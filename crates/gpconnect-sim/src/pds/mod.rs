//! A stand-in for the NHS API platform's PDS FHIR R4 API (Personal Demographics Service) and
//! its token endpoint, so that patients can be traced with no NHS network. Served over HTTPS
//! (the demo CA's server certificate, no client certificate: the platform is
//! internet-facing) on its own loopback listener, see [`crate::Simulator`]:
//!
//! | Path | What |
//! |---|---|
//! | `POST /oauth2/token` | the token exchange of a CIS2 ID token (`token.rs`) |
//! | `GET /personal-demographics/FHIR/R4/Patient/{nhs}` | retrieval |
//! | `GET /personal-demographics/FHIR/R4/Patient?…` | search ([`search`]) |
//! | `PUT /admin/pds/faults` | the next answers' statuses (429, 408, 503, …), `Retry-After` |
//! | `POST /admin/pds/expire-tokens` | every access token issued so far stops working |
//! | `GET /admin/pds/requests` | the requests received, with their headers' values |
//!
//! Every PDS request needs a bearer token from the exchange (401 `ACCESS_DENIED`), an
//! `X-Request-ID` UUID (400 `MISSING_VALUE` / `INVALID_VALUE`) and, when sent, an
//! `NHSD-Session-URID` that is one of the user's roles (400 `INVALID_VALUE`); `X-Request-ID`
//! and `X-Correlation-ID` are mirrored back. Who is known is in [`people`].
//!
//! An independent reading of `nhs-identity-pds.md` §2-§3 and the PDS specification: it shares
//! no code with the client crates `pds` or `gpconnect`.

pub mod people;
mod render;
pub mod search;
mod token;

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Json;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use chrono::{DateTime, Utc};
use jsonwebtoken::DecodingKey;
use serde::{Deserialize, Serialize};

use crate::cis2::DemoUser;
use crate::seed::PracticeSeed;
use crate::time::Clock;
use people::Record;
use render::PdsError;

/// The PDS FHIR base path, as on the platform.
pub const PDS_PATH: &str = "/personal-demographics/FHIR/R4";
/// The token endpoint's path, as on the platform.
pub const TOKEN_PATH: &str = "/oauth2/token";
/// The demo application's API key (the client assertion's `iss` and `sub`).
pub const DEMO_API_KEY: &str = "demo-apim-api-key";
/// The `kid` of the demo application's registered key.
pub const DEMO_KEY_ID: &str = "gpconnect-booking-pds-demo-1";
/// Seconds an access token lasts (the platform's 599).
pub const ACCESS_TOKEN_SECONDS: i64 = 599;

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// An application registered with the platform: its API key and public key.
pub struct Application {
    /// API key.
    pub api_key: String,
    /// `kid` of its key.
    pub key_id: String,
    /// The public key its assertions are verified with.
    pub public_key: DecodingKey,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

/// What an access token stands for.
#[derive(Debug, Clone)]
struct Grant {
    uid: String,
    expires_at: DateTime<Utc>,
}

/// Faults for the next PDS answers (loopback admin API).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PdsFaults {
    /// The statuses of the next answers, in order, instead of serving them: 429
    /// (`TOO_MANY_REQUESTS`), 408 (`UNABLE_TO_CALL_SERVICE`), or any other (a gateway error
    /// without a FHIR body).
    #[serde(default)]
    pub fail_next: Vec<u16>,
    /// `Retry-After` seconds sent with a 429.
    #[serde(default)]
    pub retry_after_seconds: Option<u64>,
}

/// One PDS request as received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PdsRequest {
    /// Path after the PDS base, e.g. `Patient/9476719931`.
    pub path: String,
    /// The raw query.
    pub query: String,
    /// `X-Request-ID`.
    pub request_id: Option<String>,
    /// `X-Correlation-ID`.
    pub correlation_id: Option<String>,
    /// `NHSD-Session-URID`.
    pub session_urid: Option<String>,
    /// `NHSD-End-User-Organisation-ODS`.
    pub end_user_organisation: Option<String>,
    /// The signed-in user the token was issued for.
    pub user: Option<String>,
    /// The status answered.
    pub status: u16,
}

/// The stand-in's state.
pub struct Pds {
    base_url: String,
    people: HashMap<String, Record>,
    applications: Vec<Application>,
    cis2_issuer: String,
    cis2_key: DecodingKey,
    users: Vec<DemoUser>,
    tokens: Mutex<HashMap<String, Grant>>,
    assertion_ids: Mutex<HashSet<String>>,
    faults: Mutex<(VecDeque<u16>, Option<u64>)>,
    requests: Mutex<Vec<PdsRequest>>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Pds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pds")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// Why the stand-in could not be set up.
#[derive(Debug, thiserror::Error)]
#[error("PDS stand-in: {0}")]
pub struct PdsSetupError(String);

impl Pds {
    /// A stand-in at `base_url` (`https://127.0.0.1:{port}`) for a federation of
    /// `practices`, trusting ID tokens of the CIS2 stand-in (`cis2_issuer`, its JWKS
    /// `cis2_jwks`), with these registered applications.
    ///
    /// Errors: [`PdsSetupError`] when the CIS2 key cannot be read.
    pub fn new(
        base_url: &str,
        practices: &[PracticeSeed],
        cis2_issuer: &str,
        cis2_jwks: &serde_json::Value,
        applications: Vec<Application>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, PdsSetupError> {
        let jwk: jsonwebtoken::jwk::Jwk = cis2_jwks
            .pointer("/keys/0")
            .cloned()
            .and_then(|k| serde_json::from_value(k).ok())
            .ok_or_else(|| PdsSetupError("the CIS2 stand-in has no key".to_owned()))?;
        let cis2_key = DecodingKey::from_jwk(&jwk).map_err(|e| PdsSetupError(e.to_string()))?;
        Ok(Self {
            base_url: base_url.trim_end_matches('/').to_owned(),
            people: people::records(practices),
            applications,
            cis2_issuer: cis2_issuer.to_owned(),
            cis2_key,
            users: crate::cis2::demo_users(),
            tokens: Mutex::new(HashMap::new()),
            assertion_ids: Mutex::new(HashSet::new()),
            faults: Mutex::new((VecDeque::new(), None)),
            requests: Mutex::new(Vec::new()),
            clock,
        })
    }

    /// The PDS FHIR base URL.
    pub fn pds_url(&self) -> String {
        format!("{}{PDS_PATH}", self.base_url)
    }

    /// The token endpoint's URL.
    pub fn token_url(&self) -> String {
        format!("{}{TOKEN_PATH}", self.base_url)
    }

    /// The PDS requests received, oldest first.
    pub fn requests(&self) -> Vec<PdsRequest> {
        lock(&self.requests).clone()
    }

    /// Sets the faults of the next answers.
    pub fn set_faults(&self, faults: &PdsFaults) {
        *lock(&self.faults) = (
            faults.fail_next.iter().copied().collect(),
            faults.retry_after_seconds,
        );
    }

    /// Every access token issued so far stops working (tests of renewal).
    pub fn expire_tokens(&self) {
        lock(&self.tokens).clear();
    }

    /// Checks the token and headers of a PDS request; returns the grant.
    fn admit(&self, headers: &HeaderMap) -> Result<Grant, PdsError> {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let authorization = text("authorization")
            .ok_or_else(|| PdsError::access_denied("Missing Authorization header"))?;
        let (scheme, token) = authorization
            .split_once(' ')
            .ok_or_else(|| PdsError::access_denied("Missing access token"))?;
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(PdsError::access_denied(format!(
                "Invalid token type '{scheme}', must be 'Bearer'"
            )));
        }
        let now = self.clock.now();
        let grant = lock(&self.tokens)
            .get(token.trim())
            .filter(|g| g.expires_at > now)
            .cloned()
            .ok_or_else(|| PdsError::access_denied("Invalid Access Token"))?;
        let request_id = text("x-request-id").ok_or_else(|| {
            PdsError::missing(
                "Invalid request with error - X-Request-ID header must be supplied to access this resource",
            )
        })?;
        if uuid::Uuid::parse_str(request_id).is_err() || request_id.len() != 36 {
            return Err(PdsError::invalid_value(format!(
                "Invalid value - '{request_id}' in header 'X-Request-ID'"
            )));
        }
        if let Some(urid) = text("nhsd-session-urid") {
            let roles = self
                .users
                .iter()
                .find(|u| u.uid == grant.uid)
                .map(|u| u.roles.iter().map(|r| r.person_roleid).collect::<Vec<_>>())
                .unwrap_or_default();
            if !urid.bytes().all(|b| b.is_ascii_digit()) || !roles.contains(&urid) {
                return Err(PdsError::invalid_value(format!(
                    "Invalid value - '{urid}' in header 'NHSD-Session-URID'"
                )));
            }
        }
        Ok(grant)
    }

    /// The next injected fault, if any.
    fn fault(&self) -> Option<Response> {
        let mut faults = lock(&self.faults);
        let status = faults.0.pop_front()?;
        let retry_after = faults.1;
        Some(match status {
            429 => {
                let mut response = fhir(&PdsError::throttled());
                if let Some(seconds) = retry_after
                    && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
                {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
                response
            }
            408 => fhir(&PdsError::downstream_timeout()),
            other => StatusCode::from_u16(other)
                .unwrap_or(StatusCode::BAD_GATEWAY)
                .into_response(),
        })
    }

    /// Serves one PDS request: fault, admission, then `serve`; logs it; mirrors the IDs.
    fn answer(
        &self,
        path: String,
        query: String,
        headers: &HeaderMap,
        serve: impl FnOnce(&Self) -> Response,
    ) -> Response {
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let mut user = None;
        let mut response = match self.fault() {
            Some(fault) => fault,
            None => match self.admit(headers) {
                Ok(grant) => {
                    user = Some(grant.uid);
                    serve(self)
                }
                Err(error) => fhir(&error),
            },
        };
        for name in ["x-request-id", "x-correlation-id"] {
            if let Some(value) = headers.get(name) {
                response
                    .headers_mut()
                    .insert(HeaderName::from_static(name), value.clone());
            }
        }
        lock(&self.requests).push(PdsRequest {
            path,
            query,
            request_id: text("x-request-id"),
            correlation_id: text("x-correlation-id"),
            session_urid: text("nhsd-session-urid"),
            end_user_organisation: text("nhsd-end-user-organisation-ods"),
            user,
            status: response.status().as_u16(),
        });
        response
    }

    fn retrieve(&self, id: &str) -> Response {
        if crate::rules::nhs_number::check(id).is_err() {
            return fhir(&PdsError::invalid_id());
        }
        let person = match self.people.get(id) {
            None => return fhir(&PdsError::not_found()),
            Some(Record::Invalidated) => return fhir(&PdsError::invalidated()),
            Some(Record::Superseded(by)) => match self.people.get(by) {
                Some(Record::Current(person)) => person,
                _ => return fhir(&PdsError::not_found()),
            },
            Some(Record::Current(person)) => person,
        };
        let mut response = fhir_body(StatusCode::OK, render::patient(person));
        if let Ok(etag) = HeaderValue::from_str(&format!("W/\"{}\"", person.version)) {
            response.headers_mut().insert(header::ETAG, etag);
        }
        response
    }

    fn search(&self, query: &str) -> Response {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let search = match search::Search::parse(&pairs) {
            Ok(search) => search,
            Err(error) => return fhir(&error),
        };
        let current = self.people.values().filter_map(|r| match r {
            Record::Current(person) => Some(person.as_ref()),
            _ => None,
        });
        let found = search.run(current);
        if found.len() > search.max_results {
            return fhir_body(StatusCode::OK, render::too_many_matches());
        }
        let now = crate::time::format_local(
            &self
                .clock
                .now()
                .with_timezone(&crate::time::UK)
                .fixed_offset(),
        );
        fhir_body(
            StatusCode::OK,
            render::bundle(&self.pds_url(), &found, &now),
        )
    }
}

fn fhir_body(status: StatusCode, body: serde_json::Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/fhir+json")],
        Json(body),
    )
        .into_response()
}

fn fhir(error: &PdsError) -> Response {
    fhir_body(error.status, error.body())
}

/// The stand-in's routes.
pub fn router(pds: Arc<Pds>) -> Router {
    Router::new()
        .route(TOKEN_PATH, post(token::token))
        .route(&format!("{PDS_PATH}/Patient/{{id}}"), get(retrieve))
        .route(&format!("{PDS_PATH}/Patient"), get(search_patients))
        .route("/admin/pds/faults", put(put_faults))
        .route("/admin/pds/expire-tokens", post(expire_tokens))
        .route("/admin/pds/requests", get(requests))
        .with_state(pds)
}

async fn retrieve(
    State(pds): State<Arc<Pds>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    pds.answer(format!("Patient/{id}"), String::new(), &headers, |p| {
        p.retrieve(&id)
    })
}

async fn search_patients(
    State(pds): State<Arc<Pds>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let query = query.unwrap_or_default();
    pds.answer("Patient".to_owned(), query.clone(), &headers, |p| {
        p.search(&query)
    })
}

async fn put_faults(State(pds): State<Arc<Pds>>, Json(faults): Json<PdsFaults>) -> Response {
    pds.set_faults(&faults);
    Json(faults).into_response()
}

async fn expire_tokens(State(pds): State<Arc<Pds>>) -> Response {
    pds.expire_tokens();
    StatusCode::NO_CONTENT.into_response()
}

async fn requests(State(pds): State<Arc<Pds>>) -> Response {
    Json(pds.requests()).into_response()
}
