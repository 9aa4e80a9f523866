//! The one error type of the PDS client: PDS's own codes (one [`PdsCode`] per code of the
//! retrieval and search tables), "too many matches" (an HTTP 200 carrying an
//! OperationOutcome), throttling, the token exchange refused, the transport (classified so
//! that only what is safe to repeat is retried), and input refused before sending.
//!
//! Source: `nhs-identity-pds.md` §3.3 (retrieval errors), §3.4 (search errors, too many
//! matches), §3.6 (rate limits), §2.3 (token exchange errors).

use std::time::Duration;

use gpconnect::FieldError;

/// A code from PDS's `Spine-ErrorOrWarningCode` system (`issue[0].details.coding[0].code`).
/// Matched on the code, never on the system URI (§4: PDS and SDS use different ones).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PdsCode {
    /// 400: the NHS number is not valid.
    InvalidResourceId,
    /// 400: no NHS number, or no search parameter at all.
    UnsupportedService,
    /// 400: a header or query value is missing (`diagnostics` names it).
    MissingValue,
    /// 400 (or 403): a header or query value is invalid (`diagnostics` names it).
    InvalidValue,
    /// 400: the search parameters are not a valid combination.
    InvalidSearchData,
    /// 400: an unknown query parameter.
    AdditionalProperties,
    /// 401 or 403: the access token is missing, invalid or expired, or the app may not do this.
    AccessDenied,
    /// 404: no patient has this NHS number.
    ResourceNotFound,
    /// 404: the record was invalidated and not superseded.
    InvalidatedResource,
    /// 408: PDS did not finish in time.
    UnableToCallService,
    /// 429: the rate limit was exceeded.
    TooManyRequests,
    /// 200: the search matched more patients than `_max-results`.
    TooManyMatches,
    /// Any other code, as sent.
    Other(String),
}

impl PdsCode {
    /// The code of `text`.
    pub fn parse(text: &str) -> Self {
        match text.trim() {
            "INVALID_RESOURCE_ID" => Self::InvalidResourceId,
            "UNSUPPORTED_SERVICE" => Self::UnsupportedService,
            "MISSING_VALUE" => Self::MissingValue,
            "INVALID_VALUE" => Self::InvalidValue,
            "INVALID_SEARCH_DATA" => Self::InvalidSearchData,
            "ADDITIONAL_PROPERTIES" => Self::AdditionalProperties,
            "ACCESS_DENIED" => Self::AccessDenied,
            "RESOURCE_NOT_FOUND" => Self::ResourceNotFound,
            "INVALIDATED_RESOURCE" => Self::InvalidatedResource,
            "UNABLE_TO_CALL_SERVICE" => Self::UnableToCallService,
            "TOO_MANY_REQUESTS" => Self::TooManyRequests,
            "TOO_MANY_MATCHES" => Self::TooManyMatches,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The code as PDS writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::InvalidResourceId => "INVALID_RESOURCE_ID",
            Self::UnsupportedService => "UNSUPPORTED_SERVICE",
            Self::MissingValue => "MISSING_VALUE",
            Self::InvalidValue => "INVALID_VALUE",
            Self::InvalidSearchData => "INVALID_SEARCH_DATA",
            Self::AdditionalProperties => "ADDITIONAL_PROPERTIES",
            Self::AccessDenied => "ACCESS_DENIED",
            Self::ResourceNotFound => "RESOURCE_NOT_FOUND",
            Self::InvalidatedResource => "INVALIDATED_RESOURCE",
            Self::UnableToCallService => "UNABLE_TO_CALL_SERVICE",
            Self::TooManyRequests => "TOO_MANY_REQUESTS",
            Self::TooManyMatches => "TOO_MANY_MATCHES",
            Self::Other(code) => code,
        }
    }
}

impl std::fmt::Display for PdsCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An OperationOutcome PDS answered with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdsRefusal {
    /// HTTP status.
    pub status: u16,
    /// The PDS code.
    pub code: PdsCode,
    /// The FHIR issue type (`not-found`, `processing`, `value`, …).
    pub issue: Option<String>,
    /// The code's display text.
    pub display: Option<String>,
    /// PDS's detail (which header or value is at fault).
    pub diagnostics: Option<String>,
}

/// Why a PDS call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Input refused before anything was sent: every problem, field by field.
    #[error("{}", fields.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(". "))]
    Validation {
        /// Each field at fault and why.
        fields: Vec<FieldError>,
    },
    /// The client could not be set up (address, key, certificate).
    #[error("PDS configuration: {what}: {message}")]
    Configuration {
        /// What was being configured.
        what: String,
        /// Why it failed (never the secret itself).
        message: String,
    },
    /// The NHS API platform refused to exchange the CIS2 ID token for an access token
    /// (§2.3): an expired ID token, an unregistered key, a wrong API key or token address.
    #[error("the NHS API platform refused the token exchange (HTTP {status}{}{})",
        error.as_deref().map(|e| format!(", {e}")).unwrap_or_default(),
        description.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    TokenExchange {
        /// HTTP status.
        status: u16,
        /// OAuth `error`, e.g. `invalid_request`, `unauthorized_client`.
        error: Option<String>,
        /// OAuth `error_description`.
        description: Option<String>,
    },
    /// PDS refused with an OperationOutcome (§3.3, §3.4).
    #[error("PDS HTTP {} {}{}", .0.status, .0.code,
        .0.diagnostics.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    Refused(PdsRefusal),
    /// The search matched more patients than the result limit (HTTP 200 with an
    /// OperationOutcome `TOO_MANY_MATCHES`, §3.4): narrow the search.
    #[error("too many patients match: narrow the search")]
    TooManyMatches,
    /// PDS or the platform is throttling this application (HTTP 429, §3.6).
    #[error("PDS is throttling requests (HTTP 429)")]
    Throttled {
        /// How long PDS asked us to wait, when it said.
        retry_after: Option<Duration>,
    },
    /// An HTTP error status without a readable OperationOutcome.
    #[error("PDS HTTP {status} without an OperationOutcome")]
    Http {
        /// HTTP status.
        status: u16,
    },
    /// A response could not be read as the resource expected.
    #[error("PDS HTTP {status}: unreadable response: {message}")]
    Decode {
        /// HTTP status.
        status: u16,
        /// What was wrong.
        message: String,
    },
    /// No connection could be made; nothing was sent.
    #[error("could not connect to PDS or the NHS API platform: {message}")]
    Connect {
        /// What the network layer said.
        message: String,
    },
    /// The TLS handshake failed or a certificate was refused.
    #[error("secure connection to PDS failed: {message}")]
    Tls {
        /// What the TLS layer said.
        message: String,
    },
    /// No answer in time.
    #[error("PDS did not answer within {} s", after.as_secs())]
    Timeout {
        /// The limit reached.
        after: Duration,
    },
    /// The connection broke before the answer arrived.
    #[error("the connection to PDS was lost: {message}")]
    ConnectionLost {
        /// What the network layer said.
        message: String,
    },
}

/// `Result` with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// A validation error about one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::Validation {
            fields: vec![FieldError {
                field: field.to_owned(),
                message: message.into(),
            }],
        }
    }

    /// The PDS code, when PDS answered with one.
    pub fn pds_code(&self) -> Option<PdsCode> {
        match self {
            Self::Refused(refusal) => Some(refusal.code.clone()),
            Self::TooManyMatches => Some(PdsCode::TooManyMatches),
            Self::Throttled { .. } => Some(PdsCode::TooManyRequests),
            _ => None,
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Self::Refused(refusal) => Some(refusal.status),
            Self::TooManyMatches => Some(200),
            Self::Throttled { .. } => Some(429),
            Self::TokenExchange { status, .. }
            | Self::Http { status }
            | Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// No patient has this NHS number (404 `RESOURCE_NOT_FOUND`).
    pub fn is_not_found(&self) -> bool {
        self.pds_code() == Some(PdsCode::ResourceNotFound)
    }

    /// The record was invalidated and not superseded (404 `INVALIDATED_RESOURCE`).
    pub fn is_invalidated(&self) -> bool {
        self.pds_code() == Some(PdsCode::InvalidatedResource)
    }

    /// The access token was refused (401 or 403 `ACCESS_DENIED`).
    pub fn is_access_denied(&self) -> bool {
        matches!(self, Self::Refused(r) if r.code == PdsCode::AccessDenied)
            || matches!(self, Self::Http { status: 401 })
    }

    /// Repeating the same read may succeed: no connection, a lost connection, a timeout,
    /// throttling, PDS's own timeout (408 `UNABLE_TO_CALL_SERVICE`) or a gateway error.
    /// Only reads are ever repeated (PDS reads change nothing).
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Connect { .. }
            | Self::ConnectionLost { .. }
            | Self::Timeout { .. }
            | Self::Throttled { .. } => true,
            Self::Refused(r) => r.code == PdsCode::UnableToCallService || r.status >= 500,
            Self::Http { status } => matches!(status, 408 | 500 | 502 | 503 | 504),
            _ => false,
        }
    }
}

/// Classifies a transport failure of `reqwest`: TLS (a rustls error anywhere in the chain),
/// timeout, no connection, or a connection lost after sending.
pub(crate) fn transport_error(e: &reqwest::Error, timeout: Duration) -> Error {
    let message = error_chain(e);
    if has_tls_error(e) {
        Error::Tls { message }
    } else if e.is_timeout() {
        Error::Timeout { after: timeout }
    } else if e.is_connect() {
        Error::Connect { message }
    } else {
        Error::ConnectionLost { message }
    }
}

/// A rustls error anywhere in the chain, including inside `io::Error`s (whose `source()`
/// skips the error they wrap).
fn has_tls_error(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut pending: Vec<&(dyn std::error::Error + 'static)> = vec![e];
    while let Some(err) = pending.pop() {
        if err.downcast_ref::<rustls::Error>().is_some() {
            return true;
        }
        if let Some(inner) = err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            pending.push(inner);
        }
        if let Some(source) = err.source() {
            pending.push(source);
        }
    }
    false
}

/// The whole `source()` chain as one line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut current = e.source();
    while let Some(cause) = current {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = cause.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_ones_are_kept() {
        for code in [
            "INVALID_RESOURCE_ID",
            "UNSUPPORTED_SERVICE",
            "MISSING_VALUE",
            "INVALID_VALUE",
            "INVALID_SEARCH_DATA",
            "ADDITIONAL_PROPERTIES",
            "ACCESS_DENIED",
            "RESOURCE_NOT_FOUND",
            "INVALIDATED_RESOURCE",
            "UNABLE_TO_CALL_SERVICE",
            "TOO_MANY_REQUESTS",
            "TOO_MANY_MATCHES",
        ] {
            let parsed = PdsCode::parse(code);
            assert!(!matches!(parsed, PdsCode::Other(_)), "{code}");
            assert_eq!(parsed.as_str(), code);
        }
        assert_eq!(
            PdsCode::parse("SOMETHING_NEW"),
            PdsCode::Other("SOMETHING_NEW".into())
        );
    }

    #[test]
    fn only_what_may_succeed_again_is_transient() {
        let refused = |status, code: &str| {
            Error::Refused(PdsRefusal {
                status,
                code: PdsCode::parse(code),
                issue: None,
                display: None,
                diagnostics: None,
            })
        };
        assert!(refused(408, "UNABLE_TO_CALL_SERVICE").is_transient());
        assert!(Error::Throttled { retry_after: None }.is_transient());
        assert!(Error::Http { status: 503 }.is_transient());
        assert!(!refused(404, "RESOURCE_NOT_FOUND").is_transient());
        assert!(!refused(400, "INVALID_VALUE").is_transient());
        assert!(!Error::TooManyMatches.is_transient());
        assert!(refused(404, "INVALIDATED_RESOURCE").is_invalidated());
        assert!(refused(401, "ACCESS_DENIED").is_access_denied());
    }
}
