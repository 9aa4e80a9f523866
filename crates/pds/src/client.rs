//! The PDS FHIR R4 client for a signed-in healthcare worker: retrieval by NHS number and
//! search by demographics, each a read that may be repeated (with back-off, the same
//! `X-Request-ID`, §3.2) when it failed in a way that may pass; the access token exchanged
//! once and reused until it expires, exchanged again once when PDS refuses it.
//!
//! Every request carries `Authorization: Bearer`, `X-Request-ID` (a UUID, the same on a
//! repeat, so PDS can de-duplicate), `X-Correlation-ID`, `NHSD-Session-URID` (the role the
//! user selected for this session) and, when known, `NHSD-End-User-Organisation-ODS`.
//! HTTPS only; redirects are never followed.
//!
//! Source: `nhs-identity-pds.md` §2.5 (role header), §3.2 (headers), §3.3 (retrieval),
//! §3.4 (search), §3.6 (rate limits).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use gpconnect::ids::NhsNumber;
use gpconnect::secret::Sensitive;
use gpconnect::time::{Clock, SystemClock, uk_date};
use gpconnect::{RetryPolicy, Timeouts};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue, RETRY_AFTER};
use uuid::Uuid;

use crate::error::{Error, PdsCode, PdsRefusal, Result, transport_error};
use crate::fhir::{Bundle, OperationOutcome, Patient};
use crate::patient::{PdsPatient, Trace};
use crate::search::SearchQuery;
use crate::token::{AccessToken, ApplicationKey, exchange};

/// The longest `Retry-After` waited for before a repeat; longer is reported as throttling.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(5);

/// Characters encoded in a query value: all but letters, digits and `-._~` (so `*` is sent
/// as `%2A`, as PDS asks, §3.4).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Where PDS and the token endpoint are, and what the application proves itself with.
#[derive(Debug, Clone)]
pub struct PdsSettings {
    /// The PDS FHIR base URL, e.g. `https://int.api.service.nhs.uk/personal-demographics/FHIR/R4`.
    pub base_url: String,
    /// The platform's token endpoint, e.g. `https://int.api.service.nhs.uk/oauth2/token`.
    pub token_url: String,
    /// The application's API key and signing key.
    pub key: ApplicationKey,
    /// CA certificates (PEM) trusted besides the system's, e.g. the simulator's demo CA.
    pub extra_trusted_ca_pem: Option<Vec<u8>>,
    /// Time limits per request.
    pub timeouts: Timeouts,
    /// How reads are repeated.
    pub retry: RetryPolicy,
}

/// The signed-in user PDS is asked on behalf of.
#[derive(Debug, Clone)]
pub struct PdsUser {
    /// The raw CIS2 ID token of the session.
    pub id_token: Sensitive<String>,
    /// The role ID (URPID) selected for the session: `NHSD-Session-URID`.
    pub role_id: String,
    /// The role's organisation (ODS code): `NHSD-End-User-Organisation-ODS`.
    pub organisation: Option<String>,
}

/// Where `X-Request-ID` and `X-Correlation-ID` values come from; injectable for tests.
pub trait RequestIds: Send + Sync + fmt::Debug {
    /// The next identifier.
    fn next_id(&self) -> Uuid;
}

/// A new random (v4) UUID each time.
#[derive(Debug, Default, Clone, Copy)]
pub struct RandomRequestIds;

impl RequestIds for RandomRequestIds {
    fn next_id(&self) -> Uuid {
        Uuid::new_v4()
    }
}

struct Inner {
    http: reqwest::Client,
    settings: PdsSettings,
    user: PdsUser,
    token: tokio::sync::Mutex<Option<AccessToken>>,
    clock: Arc<dyn Clock>,
    ids: Arc<dyn RequestIds>,
}

/// A PDS client for one signed-in user. Cheap to clone; clones share the access token.
#[derive(Clone)]
pub struct PdsClient(Arc<Inner>);

impl fmt::Debug for PdsClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PdsClient")
            .field("base_url", &self.0.settings.base_url)
            .finish_non_exhaustive()
    }
}

fn https(what: &str, url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    if !url.starts_with("https://") {
        return Err(Error::Configuration {
            what: what.to_owned(),
            message: format!("{url} is not an https:// address"),
        });
    }
    Ok(url.to_owned())
}

impl PdsClient {
    /// A client for `user` with `settings`, the system clock and random request IDs.
    ///
    /// Errors: [`Error::Configuration`] for an address that is not `https://` or CA
    /// certificates that cannot be read.
    pub fn new(settings: PdsSettings, user: PdsUser) -> Result<Self> {
        Self::with(
            settings,
            user,
            Arc::new(SystemClock),
            Arc::new(RandomRequestIds),
        )
    }

    /// As [`PdsClient::new`], with the clock and request IDs given (tests).
    ///
    /// Errors: as [`PdsClient::new`].
    pub fn with(
        mut settings: PdsSettings,
        user: PdsUser,
        clock: Arc<dyn Clock>,
        ids: Arc<dyn RequestIds>,
    ) -> Result<Self> {
        settings.base_url = https("PDS address", &settings.base_url)?;
        settings.token_url = https("token endpoint", &settings.token_url)?;
        let configuration = |what: &str, e: reqwest::Error| Error::Configuration {
            what: what.to_owned(),
            message: e.to_string(),
        };
        let mut builder = reqwest::Client::builder()
            .tls_backend_rustls()
            .tls_version_min(reqwest::tls::Version::TLS_1_2)
            .https_only(true)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(settings.timeouts.connect)
            .timeout(settings.timeouts.request)
            .no_proxy()
            .user_agent(concat!(
                "gp-connect-booking-pds/",
                env!("CARGO_PKG_VERSION")
            ));
        if let Some(pem) = &settings.extra_trusted_ca_pem {
            let cas = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| configuration("trusted CA certificates", e))?;
            builder = builder.tls_certs_merge(cas);
        }
        let http = builder
            .build()
            .map_err(|e| configuration("PDS client", e))?;
        Ok(Self(Arc::new(Inner {
            http,
            settings,
            user,
            token: tokio::sync::Mutex::new(None),
            clock,
            ids,
        })))
    }

    /// Traces `nhs_number`: retrieves the patient (`GET /Patient/{nhs_number}`, §3.3). A
    /// superseded number is answered with the current record (`Trace::superseded`).
    ///
    /// Errors: [`Error::Refused`] with 404 `RESOURCE_NOT_FOUND` (no such patient) or
    /// `INVALIDATED_RESOURCE`, 400 `INVALID_RESOURCE_ID`; [`Error::Throttled`];
    /// [`Error::TokenExchange`]; [`Error::Decode`]; transport errors.
    pub async fn retrieve(&self, nhs_number: &NhsNumber) -> Result<Trace> {
        self.retrieve_as(nhs_number, self.0.ids.next_id()).await
    }

    /// As [`PdsClient::retrieve`], sending `request_id` as `X-Request-ID` (on every repeat):
    /// the caller records it (audit, support).
    ///
    /// Errors: as [`PdsClient::retrieve`].
    pub async fn retrieve_as(&self, nhs_number: &NhsNumber, request_id: Uuid) -> Result<Trace> {
        let path = format!("Patient/{nhs_number}");
        let body = self.get(&path, &[], request_id).await?;
        let now = self.0.clock.now();
        let flat = read_patient(&body, uk_date(now))?;
        Ok(Trace::new(nhs_number.clone(), flat, now))
    }

    /// Searches by demographics (`GET /Patient?…`, §3.4): the matches in the order PDS
    /// returns them (best first; the score is never exposed).
    ///
    /// Errors: [`Error::Validation`] before sending; [`Error::TooManyMatches`];
    /// [`Error::Refused`] (e.g. `INVALID_SEARCH_DATA`); as [`PdsClient::retrieve`].
    pub async fn search(&self, query: &SearchQuery) -> Result<Vec<PdsPatient>> {
        self.search_as(query, self.0.ids.next_id()).await
    }

    /// As [`PdsClient::search`], sending `request_id` as `X-Request-ID`.
    ///
    /// Errors: as [`PdsClient::search`].
    pub async fn search_as(
        &self,
        query: &SearchQuery,
        request_id: Uuid,
    ) -> Result<Vec<PdsPatient>> {
        query.validate()?;
        let body = self.get("Patient", &query.parameters(), request_id).await?;
        read_search(&body, uk_date(self.0.clock.now()))
    }

    /// The access token, exchanged when there is none or it has expired.
    async fn token(&self) -> Result<Sensitive<String>> {
        let mut cached = self.0.token.lock().await;
        let now = self.0.clock.now();
        if let Some(token) = cached.as_ref().filter(|t| t.is_fresh(now)) {
            return Ok(token.value.clone());
        }
        let settings = &self.0.settings;
        let token = exchange(
            &self.0.http,
            &settings.token_url,
            &settings.key,
            &self.0.user.id_token,
            now,
            settings.timeouts.request,
        )
        .await?;
        let value = token.value.clone();
        *cached = Some(token);
        Ok(value)
    }

    /// A read, repeated per [`RetryPolicy`] while it fails in a way that may pass, with the
    /// same request ID; the token exchanged again once if PDS refuses it.
    async fn get(&self, path: &str, query: &[(&str, String)], request_id: Uuid) -> Result<Vec<u8>> {
        let query = query
            .iter()
            .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, QUERY_VALUE)))
            .collect::<Vec<_>>()
            .join("&");
        let mut url = format!("{}/{path}", self.0.settings.base_url);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        let correlation_id = self.0.ids.next_id();
        let retry = self.0.settings.retry;
        let mut backoff = retry.initial_backoff;
        let mut attempt = 1;
        let mut renewed = false;
        loop {
            let token = self.token().await?;
            match self.send(&url, &token, request_id, correlation_id).await {
                Err(e) if e.http_status() == Some(401) && !renewed => {
                    renewed = true;
                    *self.0.token.lock().await = None;
                }
                Err(e) if attempt < retry.max_attempts.max(1) && e.is_transient() => {
                    let wait = match &e {
                        Error::Throttled {
                            retry_after: Some(after),
                        } if *after > MAX_RETRY_AFTER => return Err(e),
                        Error::Throttled {
                            retry_after: Some(after),
                        } => (*after).max(backoff),
                        _ => backoff,
                    };
                    tokio::time::sleep(wait).await;
                    backoff = backoff.saturating_mul(2);
                    attempt += 1;
                }
                outcome => return outcome,
            }
        }
    }

    fn headers(
        &self,
        token: &Sensitive<String>,
        request_id: Uuid,
        correlation_id: Uuid,
    ) -> Result<HeaderMap> {
        let value = |name: &str, text: &str| {
            HeaderValue::from_str(text).map_err(|_| Error::Configuration {
                what: name.to_owned(),
                message: "contains characters not allowed in an HTTP header".to_owned(),
            })
        };
        let mut headers = HeaderMap::new();
        let mut bearer = value("access token", &format!("Bearer {}", token.expose()))?;
        bearer.set_sensitive(true);
        headers.insert(AUTHORIZATION, bearer);
        headers.insert(ACCEPT, HeaderValue::from_static("application/fhir+json"));
        headers.insert(
            "X-Request-ID",
            value("X-Request-ID", &request_id.to_string())?,
        );
        headers.insert(
            "X-Correlation-ID",
            value("X-Correlation-ID", &correlation_id.to_string())?,
        );
        let user = &self.0.user;
        headers.insert("NHSD-Session-URID", value("role ID", &user.role_id)?);
        if let Some(ods) = user.organisation.as_deref().filter(|o| !o.is_empty()) {
            headers.insert(
                "NHSD-End-User-Organisation-ODS",
                value("organisation", ods)?,
            );
        }
        Ok(headers)
    }

    async fn send(
        &self,
        url: &str,
        token: &Sensitive<String>,
        request_id: Uuid,
        correlation_id: Uuid,
    ) -> Result<Vec<u8>> {
        let timeout = self.0.settings.timeouts.request;
        let response = self
            .0
            .http
            .get(url)
            .headers(self.headers(token, request_id, correlation_id)?)
            .send()
            .await
            .map_err(|e| transport_error(&e, timeout))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = response
            .bytes()
            .await
            .map_err(|e| transport_error(&e, timeout))?;
        if (200..300).contains(&status) {
            return Ok(body.to_vec());
        }
        if status == 429 {
            return Err(Error::Throttled { retry_after });
        }
        Err(read_refusal(status, &body))
    }
}

/// The refusal an OperationOutcome carries, if it has a code.
fn refusal(status: u16, outcome: &OperationOutcome) -> Option<PdsRefusal> {
    if outcome.resource_type.as_deref() != Some("OperationOutcome") {
        return None;
    }
    let (issue, coding) = outcome.first()?;
    Some(PdsRefusal {
        status,
        code: PdsCode::parse(coding.code.as_deref()?),
        issue: issue.code.clone(),
        display: coding.display.clone(),
        diagnostics: issue.diagnostics.clone(),
    })
}

/// Reads a retrieval's body (a `Patient`) as of `today`.
///
/// Errors: [`Error::Decode`].
pub fn read_patient(body: &[u8], today: NaiveDate) -> Result<PdsPatient> {
    let patient: Patient = serde_json::from_slice(body).map_err(|e| Error::Decode {
        status: 200,
        message: format!("Patient: {e}"),
    })?;
    PdsPatient::from_resource(&patient, today)
}

/// Reads a search's HTTP 200 body as of `today`: a `Bundle` of matches (in its order), or an
/// `OperationOutcome` (too many matches).
///
/// Errors: [`Error::TooManyMatches`]; [`Error::Refused`] for another code;
/// [`Error::Decode`], naming the entry at fault.
pub fn read_search(body: &[u8], today: NaiveDate) -> Result<Vec<PdsPatient>> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| Error::Decode {
        status: 200,
        message: format!("search answer: {e}"),
    })?;
    if value.get("resourceType").and_then(|t| t.as_str()) == Some("OperationOutcome") {
        let outcome: OperationOutcome = serde_json::from_value(value).unwrap_or_default();
        return Err(match refusal(200, &outcome) {
            Some(r) if r.code == PdsCode::TooManyMatches => Error::TooManyMatches,
            Some(r) => Error::Refused(r),
            None => Error::Decode {
                status: 200,
                message: "an OperationOutcome without a code".to_owned(),
            },
        });
    }
    let bundle: Bundle = serde_json::from_value(value).map_err(|e| Error::Decode {
        status: 200,
        message: format!("search Bundle: {e}"),
    })?;
    if bundle.resource_type.as_deref() != Some("Bundle") {
        return Err(Error::Decode {
            status: 200,
            message: "the search answer is not a Bundle".to_owned(),
        });
    }
    bundle
        .entry
        .iter()
        .enumerate()
        .filter_map(|(i, entry)| Some((i, entry.resource.as_ref()?)))
        .map(|(i, patient)| {
            PdsPatient::from_resource(patient, today).map_err(|e| Error::Decode {
                status: 200,
                message: format!("entry[{i}]: {e}"),
            })
        })
        .collect()
}

/// Reads an error body: the refusal its OperationOutcome carries, else a bare HTTP error.
pub fn read_refusal(status: u16, body: &[u8]) -> Error {
    let outcome: Option<OperationOutcome> = serde_json::from_slice(body).ok();
    outcome
        .as_ref()
        .and_then(|o| refusal(status, o))
        .map_or(Error::Http { status }, Error::Refused)
}
