//! The transport (§2, §5.1): URL building, Spine headers, a fresh audit JWT per request,
//! mutual TLS, timeouts, and retry of reads only.
//!
//! Belongs here: how a request goes over the wire. The interactions themselves live in
//! `slots`, `patients`, `appointments` and `reads`, each a few `impl Client` methods.

use std::sync::Arc;
use std::time::Duration;
use std::{error::Error as StdError, fmt};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use uuid::Uuid;

use crate::config::{ConsumerIdentity, Practice};
use crate::error::{Error, Result};
use crate::interaction::{HttpMethod, Interaction};
use crate::jwt::AuditClaims;
use crate::response::error_from_response;
use crate::secret::Sensitive;
use crate::time::{Clock, SystemClock};
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

/// The client certificate, its private key and the CA certificates to trust (§5.1), all PEM.
#[derive(Clone)]
pub struct TlsIdentity {
    /// Client certificate chain, PEM.
    pub client_certificate_pem: Vec<u8>,
    /// Client private key (PKCS#8, PKCS#1 or SEC1), PEM.
    pub client_key_pem: Sensitive<Vec<u8>>,
    /// CA certificates to trust, PEM (one or more). Only these are trusted: for Spine the
    /// Root and SubCA, never public CAs.
    pub trusted_ca_pem: Vec<u8>,
}

impl TlsIdentity {
    /// The client certificate and key as one reqwest identity (§5.1).
    ///
    /// Errors: [`Error::Configuration`] for PEM that does not hold a certificate and key.
    pub(crate) fn reqwest_identity(&self) -> Result<reqwest::Identity> {
        let mut pem = self.client_certificate_pem.clone();
        pem.push(b'\n');
        pem.extend_from_slice(self.client_key_pem.expose());
        reqwest::Identity::from_pem(&pem).map_err(|e| Error::Configuration {
            what: "client certificate and key".to_owned(),
            message: e.to_string(),
        })
    }
}

impl fmt::Debug for TlsIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsIdentity")
            .field(
                "client_certificate_pem",
                &format!("{} bytes", self.client_certificate_pem.len()),
            )
            .field("client_key_pem", &self.client_key_pem)
            .field(
                "trusted_ca_pem",
                &format!("{} bytes", self.trusted_ca_pem.len()),
            )
            .finish()
    }
}

/// Connect and whole-request time limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Opening the TCP and TLS connection.
    pub connect: Duration,
    /// The whole request, from sending to the last byte of the body.
    pub request: Duration,
}

impl Default for Timeouts {
    /// 10 s to connect, 30 s per request (providers SHALL answer queries in 3 s, §2.6).
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(30),
        }
    }
}

/// How reads are retried on transient failures (§2.6: at most 3 automatic retries, with
/// back-off). Writes are never retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all for a read, including the first (1 = no retry).
    pub max_attempts: u32,
    /// Wait before the first retry; doubled before each further one.
    pub initial_backoff: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, waiting 250 ms then 500 ms.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(250),
        }
    }
}

/// Where `Ssp-TraceID` values come from; injectable so tests can pin them.
pub trait TraceIdSource: Send + Sync + fmt::Debug {
    /// The next trace id.
    fn next_trace_id(&self) -> Uuid;
}

/// A new random (v4) UUID per request.
#[derive(Debug, Default, Clone, Copy)]
pub struct RandomTraceIds;

impl TraceIdSource for RandomTraceIds {
    fn next_trace_id(&self) -> Uuid {
        Uuid::new_v4()
    }
}

/// Builds a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    ssp_url: Option<String>,
    identity: ConsumerIdentity,
    tls: TlsIdentity,
    timeouts: Timeouts,
    retry: RetryPolicy,
    clock: Arc<dyn Clock>,
    trace_ids: Arc<dyn TraceIdSource>,
}

impl ClientBuilder {
    /// The Spine Secure Proxy prefix, e.g. `https://proxy.example.nhs.uk` (no trailing `/`).
    /// Without it requests go straight to each provider root.
    #[must_use]
    pub fn ssp_url(mut self, url: impl Into<String>) -> Self {
        self.ssp_url = Some(url.into().trim_end_matches('/').to_owned());
        self
    }

    /// Connect and request time limits.
    #[must_use]
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// Retry policy for reads.
    #[must_use]
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The clock for JWT `iat`, `created` and "today".
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The source of `Ssp-TraceID` values.
    #[must_use]
    pub fn trace_ids(mut self, trace_ids: Arc<dyn TraceIdSource>) -> Self {
        self.trace_ids = trace_ids;
        self
    }

    /// Builds the client: TLS 1.2 or later, only the configured CAs trusted, the client
    /// identity presented, gzip accepted.
    ///
    /// Errors: [`Error::Configuration`] for unreadable PEM or an invalid SSP URL.
    pub fn build(self) -> Result<Client> {
        let configuration = |what: &str, e: &dyn StdError| Error::Configuration {
            what: what.to_owned(),
            message: e.to_string(),
        };
        let cas = reqwest::Certificate::from_pem_bundle(&self.tls.trusted_ca_pem)
            .map_err(|e| configuration("trusted CA certificates", &e))?;
        if cas.is_empty() {
            return Err(Error::Configuration {
                what: "trusted CA certificates".to_owned(),
                message: "no certificate found in the PEM".to_owned(),
            });
        }
        let identity = self.tls.reqwest_identity()?;
        if let Some(ssp) = &self.ssp_url {
            reqwest::Url::parse(ssp).map_err(|e| configuration("Spine Secure Proxy URL", &e))?;
        }
        let http = reqwest::Client::builder()
            .tls_backend_rustls()
            .tls_certs_only(cas)
            .identity(identity)
            .tls_version_min(reqwest::tls::Version::TLS_1_2)
            .https_only(false)
            .connect_timeout(self.timeouts.connect)
            .timeout(self.timeouts.request)
            .gzip(true)
            .no_proxy()
            .user_agent(concat!("gp-connect-booking/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| configuration("HTTP client", &e))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                ssp_url: self.ssp_url,
                identity: self.identity,
                timeouts: self.timeouts,
                retry: self.retry,
                clock: self.clock,
                trace_ids: self.trace_ids,
            }),
        })
    }
}

struct Inner {
    http: reqwest::Client,
    ssp_url: Option<String>,
    identity: ConsumerIdentity,
    timeouts: Timeouts,
    retry: RetryPolicy,
    clock: Arc<dyn Clock>,
    trace_ids: Arc<dyn TraceIdSource>,
}

/// A GP Connect 1.2.7 consumer client. Cheap to clone (an `Arc` inside); one per set of
/// settings. Every interaction is an `async` method on it.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
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
}

impl FhirRequest {
    pub fn new(interaction: Interaction, path: impl Into<String>) -> Self {
        Self {
            interaction,
            path: path.into(),
            query: Vec::new(),
            body: None,
            if_match: None,
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
    /// Starts building a client for `identity`, presenting `tls` (§5.1).
    pub fn builder(identity: ConsumerIdentity, tls: TlsIdentity) -> ClientBuilder {
        ClientBuilder {
            ssp_url: None,
            identity,
            tls,
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            clock: Arc::new(SystemClock),
            trace_ids: Arc::new(RandomTraceIds),
        }
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
        let inner = &self.inner;
        let query = encode_query(&request.query);
        let url = request_url(inner.ssp_url.as_deref(), practice, &request.path, &query);
        let method = match request.interaction.method() {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Put => reqwest::Method::PUT,
        };
        let headers = self.headers(practice, request)?;
        let mut builder = inner.http.request(method, &url).headers(headers);
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let response = builder.send().await.map_err(|e| self.transport_error(&e))?;
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
        let body = response
            .bytes()
            .await
            .map_err(|e| {
                if e.is_decode() {
                    Error::Decode {
                        status,
                        source: crate::error::DecodeError::new("", format!("unreadable body: {e}")),
                    }
                } else {
                    self.transport_error(&e)
                }
            })?
            .to_vec();
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

    fn headers(&self, practice: &Practice, request: &FhirRequest) -> Result<HeaderMap> {
        let inner = &self.inner;
        let interaction = request.interaction;
        let jwt = AuditClaims::new(
            &inner.identity,
            &practice.provider_root,
            interaction.scope(),
            inner.clock.now(),
        )
        .encode_unsigned();
        let trace_id = inner.trace_ids.next_trace_id().to_string();
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
