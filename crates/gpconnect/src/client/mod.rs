//! The transport (§2, §5.1): URL building, Spine headers, a fresh audit JWT per request,
//! mutual TLS, timeouts, and retry of reads only.
//!
//! Belongs here: how a request goes over the wire. The interactions themselves live in
//! `slots`, `patients`, `appointments` and `reads`, each a few `impl Client` methods.

use std::fmt;
use std::sync::Arc;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use uuid::Uuid;

mod builder;
mod settings;

pub use builder::ClientBuilder;
pub use settings::{
    MAX_RESPONSE_BYTES, RandomTraceIds, RetryPolicy, Timeouts, TlsIdentity, TraceIdSource,
};

use crate::config::{ConsumerIdentity, Practice};
use crate::error::{Error, Result};
use crate::exchange::{CallContext, Exchange, ExchangeObserver, Recorder};
use crate::interaction::{HttpMethod, Interaction};
use crate::jwt::AuditClaims;
use crate::pending::WriteJournal;
use crate::reconcile::ReconcileSchedule;
use crate::response::error_from_response;
use crate::time::Clock;
pub(crate) use crate::transport::transport_error;

/// The FHIR JSON media type (§2.2).
pub const FHIR_JSON: &str = "application/fhir+json";
/// `Content-Type` of every write, with no space before `charset` (§2.2).
pub const FHIR_JSON_UTF8: &str = "application/fhir+json;charset=utf-8";

/// Header names of §2.2.
pub mod headers {
    /// New UUID per request.
    pub const SSP_TRACE_ID: &str = "Ssp-TraceID";
    /// The consumer's ASID.
    pub const SSP_FROM: &str = "Ssp-From";
    /// The provider's ASID.
    pub const SSP_TO: &str = "Ssp-To";
    /// The interaction ID (§3.0).
    pub const SSP_INTERACTION_ID: &str = "Ssp-InteractionID";
}

/// Characters percent-encoded in query values: all but RFC 3986 unreserved and `:` `/`, so
/// `|` becomes `%7C` and `+` becomes `%2B` (§2.4, §2.5), matching the spec's example URLs.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b'/');

struct Inner {
    http: reqwest::Client,
    ssp_url: Option<String>,
    identity: ConsumerIdentity,
    timeouts: Timeouts,
    retry: RetryPolicy,
    clock: Arc<dyn Clock>,
    trace_ids: Arc<dyn TraceIdSource>,
    observer: Arc<dyn ExchangeObserver>,
    journal: Arc<dyn WriteJournal>,
    reconcile: ReconcileSchedule,
    max_response_bytes: u64,
}

/// The caller's context and recorder of one call (see [`Client::scoped`]).
#[derive(Clone, Default)]
struct Scope {
    context: Arc<CallContext>,
    recorder: Option<Arc<Recorder>>,
}

/// A GP Connect 1.2.7 consumer client. Cheap to clone (an `Arc` inside); one per set of
/// settings. Every interaction is an `async` method on it.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    scope: Scope,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("ssp_url", &self.inner.ssp_url)
            .field("asid", &self.inner.identity.asid)
            .finish_non_exhaustive()
    }
}

/// One request, relative to a practice's service root.
#[derive(Debug, Clone)]
pub(crate) struct FhirRequest {
    pub interaction: Interaction,
    /// Relative FHIR path without a leading `/`, e.g. `Patient/2/Appointment`.
    pub path: String,
    /// Query parameters in order, values not yet encoded; repeated keys allowed.
    pub query: Vec<(&'static str, String)>,
    /// JSON body for writes.
    pub body: Option<Vec<u8>>,
    /// `If-Match` value for updates, e.g. `W/"3"`.
    pub if_match: Option<String>,
    /// The `Ssp-TraceID` to send (a write's, recorded before sending); a new one when `None`.
    pub trace_id: Option<Uuid>,
}

impl FhirRequest {
    pub fn new(interaction: Interaction, path: impl Into<String>) -> Self {
        Self {
            interaction,
            path: path.into(),
            query: Vec::new(),
            body: None,
            if_match: None,
            trace_id: None,
        }
    }
}

/// A successful response.
#[derive(Debug, Clone)]
pub(crate) struct FhirResponse {
    pub status: u16,
    pub etag: Option<String>,
    pub location: Option<String>,
    pub body: Vec<u8>,
}

/// The appointment a path addresses: `Appointment/{id}` (read, amend, cancel).
fn resource_in_path(path: &str) -> Option<String> {
    let mut parts = path.split('/');
    match (parts.next(), parts.next()) {
        (Some("Appointment"), Some(id)) => Some(id.to_owned()),
        _ => None,
    }
}

/// Encodes query parameters as GP Connect expects: repeated keys kept, values
/// percent-encoded with `|` → `%7C` and `+` → `%2B` (§2.4, §2.5).
pub fn encode_query(params: &[(&str, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, QUERY_VALUE)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The full request URL: SSP prefix + `/` + provider root + `/` + FHIR request (§2.1).
/// The provider root is inserted byte-for-byte.
pub fn request_url(ssp_url: Option<&str>, practice: &Practice, path: &str, query: &str) -> String {
    let root = practice.provider_root.as_str();
    let mut url = match ssp_url {
        Some(ssp) => format!("{ssp}/{root}/{path}"),
        None => format!("{root}/{path}"),
    };
    if !query.is_empty() {
        url.push('?');
        url.push_str(query);
    }
    url
}

impl Client {
    /// This client for one call: every exchange carries `context` (for the audit trail) and
    /// is kept by the returned [`Recorder`] (to quote the trace ID of a failure).
    pub fn scoped(&self, context: CallContext) -> (Client, Arc<Recorder>) {
        let recorder = Arc::new(Recorder::default());
        let client = Self {
            inner: self.inner.clone(),
            scope: Scope {
                context: Arc::new(context),
                recorder: Some(recorder.clone()),
            },
        };
        (client, recorder)
    }

    /// This client with a different call context, keeping the call's recorder (a read made
    /// to check a lost answer is marked `check`).
    pub(crate) fn with_action(&self, action: &'static str) -> Client {
        let mut context = (*self.scope.context).clone();
        context.action = Some(action);
        Self {
            inner: self.inner.clone(),
            scope: Scope {
                context: Arc::new(context),
                recorder: self.scope.recorder.clone(),
            },
        }
    }

    /// This client for calls about the patient with `nhs_number` (carried by every exchange,
    /// for the audit trail) unless the call already names one, keeping the call's recorder.
    pub fn for_patient(&self, nhs_number: &crate::ids::NhsNumber) -> Client {
        let mut context = (*self.scope.context).clone();
        context.nhs_number.get_or_insert_with(|| nhs_number.clone());
        Self {
            inner: self.inner.clone(),
            scope: Scope {
                context: Arc::new(context),
                recorder: self.scope.recorder.clone(),
            },
        }
    }

    /// The call's context.
    pub fn context(&self) -> &CallContext {
        &self.scope.context
    }

    /// A new `Ssp-TraceID`.
    pub fn next_trace_id(&self) -> Uuid {
        self.inner.trace_ids.next_trace_id()
    }

    /// The journal writes are recorded in before sending.
    pub fn journal(&self) -> &dyn WriteJournal {
        self.inner.journal.as_ref()
    }

    /// When a write whose answer was lost is read back.
    pub fn reconcile_schedule(&self) -> &ReconcileSchedule {
        &self.inner.reconcile
    }

    /// The caller's identity (organisation, ASID, user).
    pub fn identity(&self) -> &ConsumerIdentity {
        &self.inner.identity
    }

    /// The injected clock.
    pub fn clock(&self) -> &dyn Clock {
        self.inner.clock.as_ref()
    }

    /// Sends a request; reads are retried on transient failure with back-off, writes never
    /// (§2.6).
    pub(crate) async fn execute(
        &self,
        practice: &Practice,
        request: &FhirRequest,
    ) -> Result<FhirResponse> {
        let retry = self.inner.retry;
        let attempts = if request.interaction.is_write() {
            1
        } else {
            retry.max_attempts.max(1)
        };
        let mut backoff = retry.initial_backoff;
        let mut attempt = 1;
        loop {
            match self.execute_once(practice, request).await {
                Err(e) if attempt < attempts && e.is_transient() => {
                    // A throttled read waits as long as the proxy asked (`Retry-After`).
                    let Some(wait) = crate::throttle::wait_before_retry(&e, backoff) else {
                        return Err(e);
                    };
                    tokio::time::sleep(wait).await;
                    backoff = backoff.saturating_mul(2);
                    attempt += 1;
                }
                outcome => return outcome,
            }
        }
    }

    async fn execute_once(
        &self,
        practice: &Practice,
        request: &FhirRequest,
    ) -> Result<FhirResponse> {
        let trace_id = request
            .trace_id
            .unwrap_or_else(|| self.inner.trace_ids.next_trace_id());
        let started_at = self.inner.clock.now();
        let started = std::time::Instant::now();
        let result = self.exchange(practice, request, trace_id).await;
        let resource_id = match &result {
            Ok(response) => response
                .location
                .as_deref()
                .and_then(|l| l.rsplit_once("Appointment/"))
                .and_then(|(_, rest)| rest.split('/').next())
                .map(str::to_owned),
            Err(_) => None,
        }
        .or_else(|| resource_in_path(&request.path));
        // A write's 2xx whose body is not JSON is an answer that cannot be read: the write's
        // outcome is unknown (the interaction reports the decode error itself).
        let unreadable = matches!(&result, Ok(response) if request.interaction.is_write()
            && !response.body.iter().all(u8::is_ascii_whitespace)
            && serde_json::from_slice::<serde::de::IgnoredAny>(&response.body).is_err());
        let exchange = Exchange {
            trace_id,
            interaction: request.interaction,
            practice: practice.ods_code.clone(),
            started_at,
            duration: started.elapsed(),
            status: match &result {
                Ok(response) => Some(response.status),
                Err(error) => error.http_status(),
            },
            error_code: match &result {
                Err(e) => Some(e.code().to_owned()),
                Ok(_) if unreadable => Some("DECODE".to_owned()),
                Ok(_) => None,
            },
            spine_code: match &result {
                Err(Error::Provider(p)) => Some(p.spine_code.to_string()),
                Err(Error::Proxy(p)) => p.token.clone(),
                _ => None,
            },
            resource_id,
            answer: match &result {
                Err(e) => Some(crate::outcome::classify(e)),
                Ok(_) if unreadable => Some(crate::outcome::Answer::Unknown),
                Ok(_) => None,
            },
            user_id: self.inner.identity.user.id.clone(),
            user_name: self.inner.identity.user.display_name(),
            organisation: self.inner.identity.organisation.ods_code.clone(),
            context: self.scope.context.clone(),
        };
        tracing::info!(
            target: "gpconnect::exchange",
            interaction = exchange.interaction.id(),
            practice = %exchange.practice,
            trace_id = %exchange.trace_id,
            status = exchange.status,
            code = exchange.error_code.as_deref().unwrap_or("OK"),
            duration_ms = u64::try_from(exchange.duration.as_millis()).unwrap_or(u64::MAX),
            action = exchange.context.action.unwrap_or_default(),
            "GP Connect request"
        );
        self.inner.observer.exchanged(&exchange);
        if let Some(recorder) = &self.scope.recorder {
            recorder.push(exchange);
        }
        result
    }

    async fn exchange(
        &self,
        practice: &Practice,
        request: &FhirRequest,
        trace_id: Uuid,
    ) -> Result<FhirResponse> {
        let inner = &self.inner;
        let query = encode_query(&request.query);
        let url = request_url(inner.ssp_url.as_deref(), practice, &request.path, &query);
        let method = match request.interaction.method() {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Put => reqwest::Method::PUT,
        };
        let headers = self.headers(practice, request, trace_id)?;
        let mut builder = inner.http.request(method, &url).headers(headers);
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let mut response = builder.send().await.map_err(|e| self.transport_error(&e))?;
        let status = response.status().as_u16();
        let header_text = |name: header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let etag = header_text(header::ETAG);
        let location = header_text(header::LOCATION);
        let content_type = header_text(header::CONTENT_TYPE);
        let retry_after = header_text(header::RETRY_AFTER)
            .and_then(|v| crate::throttle::parse_retry_after(&v, self.inner.clock.now()));
        let limit = inner.max_response_bytes;
        let declared = header_text(header::CONTENT_LENGTH).and_then(|l| l.parse::<u64>().ok());
        if declared.is_some_and(|length| length > limit) {
            return Err(Error::ResponseTooLarge { limit });
        }
        // Read chunk by chunk (decompressed when gzip), stopping at the limit: a gzip bomb
        // ends here with bounded memory.
        let mut body = Vec::new();
        loop {
            let chunk = response.chunk().await.map_err(|e| {
                if e.is_decode() {
                    Error::Decode {
                        status,
                        source: crate::error::DecodeError::new("", format!("unreadable body: {e}")),
                    }
                } else {
                    self.transport_error(&e)
                }
            })?;
            let Some(chunk) = chunk else { break };
            if body.len() as u64 + chunk.len() as u64 > limit {
                return Err(Error::ResponseTooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        if (200..300).contains(&status) {
            Ok(FhirResponse {
                status,
                etag,
                location,
                body,
            })
        } else {
            Err(crate::throttle::with_retry_after(
                error_from_response(status, content_type.as_deref(), &body),
                retry_after,
            ))
        }
    }

    fn headers(
        &self,
        practice: &Practice,
        request: &FhirRequest,
        trace_id: Uuid,
    ) -> Result<HeaderMap> {
        let inner = &self.inner;
        let interaction = request.interaction;
        let jwt = AuditClaims::new(
            &inner.identity,
            &practice.provider_root,
            interaction.scope(),
            inner.clock.now(),
        )
        .encode_unsigned();
        let trace_id = trace_id.to_string();
        let mut pairs: Vec<(HeaderName, String)> = vec![
            (HeaderName::from_static("ssp-traceid"), trace_id),
            (
                HeaderName::from_static("ssp-from"),
                inner.identity.asid.as_str().to_owned(),
            ),
            (
                HeaderName::from_static("ssp-to"),
                practice.asid.as_str().to_owned(),
            ),
            (
                HeaderName::from_static("ssp-interactionid"),
                interaction.id().to_owned(),
            ),
            (header::AUTHORIZATION, format!("Bearer {jwt}")),
            (header::ACCEPT, FHIR_JSON.to_owned()),
        ];
        if interaction.is_write() {
            pairs.push((header::CONTENT_TYPE, FHIR_JSON_UTF8.to_owned()));
            pairs.push((
                HeaderName::from_static("prefer"),
                "return=representation".to_owned(),
            ));
        }
        if let Some(if_match) = &request.if_match {
            pairs.push((header::IF_MATCH, if_match.clone()));
        }
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            let value = HeaderValue::from_str(&value).map_err(|_| Error::Configuration {
                what: format!("header {name}"),
                message: "contains characters not allowed in an HTTP header".to_owned(),
            })?;
            map.insert(name, value);
        }
        Ok(map)
    }

    fn transport_error(&self, e: &reqwest::Error) -> Error {
        transport_error(e, self.inner.timeouts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{Asid, OdsCode, ProviderRoot};

    fn practice() -> Practice {
        Practice {
            ods_code: OdsCode::parse("A12345").unwrap(),
            name: "Test".into(),
            provider_root: ProviderRoot::parse("https://provider.nhs.uk/A12345/STU3/1/gpconnect")
                .unwrap(),
            asid: Asid::parse("918999198738").unwrap(),
        }
    }

    #[test]
    fn query_values_encode_pipe_and_plus() {
        let q = encode_query(&[
            (
                "identifier",
                "https://fhir.nhs.uk/Id/nhs-number|9476719931".into(),
            ),
            ("start", "ge2020-05-06T09:00:00+01:00".into()),
        ]);
        assert_eq!(
            q,
            "identifier=https://fhir.nhs.uk/Id/nhs-number%7C9476719931&start=ge2020-05-06T09:00:00%2B01:00"
        );
    }

    #[test]
    fn url_keeps_the_provider_root_byte_for_byte() {
        let url = request_url(
            Some("https://ssp.example"),
            &practice(),
            "Slot",
            "status=free",
        );
        assert_eq!(
            url,
            "https://ssp.example/https://provider.nhs.uk/A12345/STU3/1/gpconnect/Slot?status=free"
        );
        let parsed = reqwest::Url::parse(&url).unwrap();
        assert_eq!(
            parsed.as_str(),
            url,
            "the URL library must not rewrite the root"
        );
    }
}
