//! One error type for every GP Connect call (§6), telling apart what went wrong and
//! carrying what a screen needs to tell the user what to do next.
//!
//! The variants separate: no connection (request never sent), TLS/certificate problems,
//! timeouts, a connection lost after sending (outcome unknown), undecodable responses
//! (with the JSON path), provider `OperationOutcome`s (HTTP status + Spine code), Spine
//! Secure Proxy errors (§6.3), HTTP errors without FHIR bodies, local validation and
//! configuration. [`Error::code`] is the stable machine code the UI switches on.
//!
//! Nothing here carries key material; provider diagnostics are kept for display.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::fhir::datatypes::open_enum;

/// One field that failed validation, with a message for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldError {
    /// Field name, e.g. `familyName`, `homeAddress.postcode`, `description`.
    pub field: String,
    /// What to correct, written for the user.
    pub message: String,
}

/// The JSON element that failed to decode, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at {path}")]
pub struct DecodeError {
    /// Path of the failing element, e.g. `entry[3].resource.start`; empty for the document.
    pub path: String,
    /// What was wrong.
    pub message: String,
}

impl DecodeError {
    /// A decode error at `path`.
    pub fn new(path: &str, message: impl Into<String>) -> Self {
        Self {
            path: if path.is_empty() {
                "(document)".to_owned()
            } else {
                path.to_owned()
            },
            message: message.into(),
        }
    }
}

open_enum! {
    /// A Spine error code from `OperationOutcome.issue.details.coding.code` (§6.2).
    ///
    /// Matched on the code only: providers use two different system URLs (§6.1).
    pub enum SpineCode {
        /// 400: unsupported identifier system.
        InvalidIdentifierSystem => "INVALID_IDENTIFIER_SYSTEM",
        /// 400: malformed identifier value.
        InvalidIdentifierValue => "INVALID_IDENTIFIER_VALUE",
        /// 400: bad NHS number, or superseded/invalid PDS record.
        InvalidNhsNumber => "INVALID_NHS_NUMBER",
        /// 400: PDS trace or verification failed, deceased, sensitive.
        InvalidPatientDemographics => "INVALID_PATIENT_DEMOGRAPHICS",
        /// 404: unknown organisation.
        OrganisationNotFound => "ORGANISATION_NOT_FOUND",
        /// 404: unknown patient.
        PatientNotFound => "PATIENT_NOT_FOUND",
        /// 404: unknown practitioner.
        PractitionerNotFound => "PRACTITIONER_NOT_FOUND",
        /// 404: unknown resource.
        NoRecordFound => "NO_RECORD_FOUND",
        /// 403: patient consent (not used for appointments).
        NoPatientConsent => "NO_PATIENT_CONSENT",
        /// 403: organisation consent (the CodeSystem spells it `NO_ORGANISATIONAL_CONSENT`).
        NoOrganisationConsent => "NO_ORGANISATION_CONSENT",
        /// 403: access refused, e.g. the capability is disabled at the practice.
        AccessDenied => "ACCESS_DENIED",
        /// 409: slot no longer free (book), or an active patient exists (register).
        DuplicateRejected => "DUPLICATE_REJECTED",
        /// 409: stale `If-Match` on cancel (suite).
        FhirConstraintViolation => "FHIR_CONSTRAINT_VIOLATION",
        /// 412: stale `If-Match` (Spine CodeSystem 1.7.0).
        PreconditionFailed => "PRECONDITION_FAILED",
        /// 422: the body fails the profile or a business rule.
        InvalidResource => "INVALID_RESOURCE",
        /// 422: bad search or operation parameter.
        InvalidParameter => "INVALID_PARAMETER",
        /// 422: a referenced resource does not exist.
        ReferenceNotFound => "REFERENCE_NOT_FOUND",
        /// 400: malformed request (JWT, headers, JSON).
        BadRequest => "BAD_REQUEST",
        /// 501: not implemented by the provider.
        NotImplemented => "NOT_IMPLEMENTED",
        /// 500: provider fault.
        InternalServerError => "INTERNAL_SERVER_ERROR",
    }
}

impl SpineCode {
    /// Maps a code, tolerating the CodeSystem's own spellings (`ACCESS DENIED`,
    /// `NO_ORGANISATIONAL_CONSENT`, §6.2).
    pub fn parse(code: &str) -> Self {
        match code.trim() {
            "ACCESS DENIED" => Self::AccessDenied,
            "NO_ORGANISATIONAL_CONSENT" => Self::NoOrganisationConsent,
            other => Self::from_code(other),
        }
    }
}

/// An error returned by the provider as an `OperationOutcome` (§6.1, §6.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderError {
    /// HTTP status, e.g. 409.
    pub status: u16,
    /// The Spine code, e.g. `DUPLICATE_REJECTED`.
    pub spine_code: SpineCode,
    /// FHIR issue type, e.g. `duplicate`.
    pub issue_code: Option<String>,
    /// The coding's display text, e.g. "Duplicate rejected".
    pub display: Option<String>,
    /// The provider's free-text detail (shown to the user; may be long).
    pub diagnostics: Option<String>,
}

/// What kind of Spine Secure Proxy error this is (§6.3, CORE).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProxyErrorKind {
    /// 400 `ENDPOINT_…_VARIES_FROM_TARGETURL_…`: the provider root differs from SDS.
    EndpointMismatch,
    /// 400: another malformed request (bad `Ssp-To`, interaction ID not matching the URL).
    BadRequest,
    /// 403 `ASID_CHECK_FAILED_MESSAGESENDER_…`: our ASID may not send this interaction.
    SenderNotAuthorised,
    /// 403 `PARTYKEY_INTERACTION_CHECK_FAILED_MESSAGERECEIVER_…`.
    ReceiverNotAuthorised,
    /// 403 `FOT_CHECK_FAILED_…`: no data-sharing agreement between the organisations.
    NoDataSharingAgreement,
    /// 405: method not allowed.
    MethodNotAllowed,
    /// 415: unsupported media type.
    UnsupportedMediaType,
    /// 429 / 503: throttled.
    Throttled,
    /// 495 / 496: our client certificate was refused.
    ClientCertificate,
    /// 502 `ERROR_COMMUNICATING_TO_ENDPOINT_URL_…`: the provider is unreachable.
    ProviderUnreachable,
    /// 504 / 599: the provider did not answer in time.
    ProviderTimeout,
    /// Another proxy status.
    Other,
}

impl ProxyErrorKind {
    /// Classifies a proxy error by status and its descriptive token.
    pub fn classify(status: u16, token: Option<&str>) -> Self {
        let token = token.unwrap_or_default();
        match status {
            400 if token.contains("VARIES_FROM_TARGETURL") => Self::EndpointMismatch,
            400 => Self::BadRequest,
            403 if token.starts_with("ASID_CHECK_FAILED") => Self::SenderNotAuthorised,
            403 if token.starts_with("PARTYKEY_INTERACTION_CHECK_FAILED") => {
                Self::ReceiverNotAuthorised
            }
            403 if token.starts_with("FOT_CHECK_FAILED") => Self::NoDataSharingAgreement,
            403 => Self::NoDataSharingAgreement,
            405 => Self::MethodNotAllowed,
            415 => Self::UnsupportedMediaType,
            429 | 503 => Self::Throttled,
            495 | 496 => Self::ClientCertificate,
            502 => Self::ProviderUnreachable,
            504 | 599 => Self::ProviderTimeout,
            _ => Self::Other,
        }
    }

    /// The stable code for this kind, e.g. `PROXY_NO_DSA`.
    pub fn code(self) -> &'static str {
        match self {
            Self::EndpointMismatch => "PROXY_ENDPOINT_MISMATCH",
            Self::BadRequest => "PROXY_BAD_REQUEST",
            Self::SenderNotAuthorised => "PROXY_SENDER_NOT_AUTHORISED",
            Self::ReceiverNotAuthorised => "PROXY_RECEIVER_NOT_AUTHORISED",
            Self::NoDataSharingAgreement => "PROXY_NO_DATA_SHARING_AGREEMENT",
            Self::MethodNotAllowed => "PROXY_METHOD_NOT_ALLOWED",
            Self::UnsupportedMediaType => "PROXY_UNSUPPORTED_MEDIA_TYPE",
            Self::Throttled => "PROXY_THROTTLED",
            Self::ClientCertificate => "PROXY_CLIENT_CERTIFICATE",
            Self::ProviderUnreachable => "PROVIDER_UNREACHABLE",
            Self::ProviderTimeout => "PROVIDER_TIMEOUT",
            Self::Other => "PROXY_ERROR",
        }
    }
}

/// An error produced by the Spine Secure Proxy rather than the provider (§6.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyError {
    /// HTTP status.
    pub status: u16,
    /// Classification.
    pub kind: ProxyErrorKind,
    /// The descriptive token, e.g. `FOT_CHECK_FAILED_MESSAGESENDER_…`.
    pub token: Option<String>,
    /// Free-text detail.
    pub diagnostics: Option<String>,
    /// How long the proxy asked us to wait before asking again (`Retry-After` on a 429 or
    /// 503), when it said.
    pub retry_after: Option<Duration>,
}

/// What failed in the TLS layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TlsFailure {
    /// The server's certificate is not from a trusted CA (or its signature is bad).
    ServerCertificateUntrusted,
    /// The server's certificate does not name the host.
    ServerNameMismatch,
    /// A certificate has expired or is not yet valid.
    CertificateExpired,
    /// The server refused our client certificate (or we sent none).
    ClientCertificateRejected,
    /// Another handshake failure (protocol version, cipher suites, …).
    Handshake,
}

/// At which point time ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutStage {
    /// Opening the connection: the request was not sent.
    Connect,
    /// Waiting for the response: the request may have been processed.
    Response,
    /// The caller's overall deadline (e.g. one practice in a federated search).
    Deadline,
}

/// Every way a GP Connect call can fail.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No connection could be made (refused, unreachable, DNS). The request was not sent.
    #[error("could not connect to the Spine Secure Proxy or provider: {message}")]
    Connect {
        /// What the network layer said.
        message: String,
    },
    /// The TLS handshake failed or a certificate was refused.
    #[error("secure connection failed ({failure:?}): {message}")]
    Tls {
        /// What failed.
        failure: TlsFailure,
        /// What the TLS layer said.
        message: String,
    },
    /// No answer in time.
    #[error("no answer within {} ms ({stage:?})", after.as_millis())]
    Timeout {
        /// Where time ran out.
        stage: TimeoutStage,
        /// The limit that was reached.
        after: Duration,
    },
    /// The connection broke after the request was sent: the outcome is unknown.
    #[error("the connection was lost before the answer arrived: {message}")]
    ConnectionLost {
        /// What the network layer said.
        message: String,
    },
    /// A response could not be read as the expected FHIR resource.
    #[error("HTTP {status}: unreadable response: {source}")]
    Decode {
        /// HTTP status of the response.
        status: u16,
        /// The failing element and why.
        source: DecodeError,
    },
    /// The provider refused the request with an `OperationOutcome` (§6.1, §6.2).
    #[error("HTTP {} {}{}", .0.status, .0.spine_code, diagnostics_suffix(.0.diagnostics.as_deref()))]
    Provider(ProviderError),
    /// The Spine Secure Proxy refused or could not forward the request (§6.3).
    #[error("Spine Secure Proxy HTTP {} {}{}", .0.status, .0.kind.code(), diagnostics_suffix(.0.token.as_deref()))]
    Proxy(ProxyError),
    /// An HTTP error status without a FHIR `OperationOutcome` body.
    #[error("HTTP {status} without a FHIR OperationOutcome")]
    Http {
        /// HTTP status.
        status: u16,
        /// Response `Content-Type`, if any.
        content_type: Option<String>,
    },
    /// Values were refused before sending: every problem found, field by field (never
    /// empty).
    #[error("{}", describe_fields(.fields))]
    Validation {
        /// Each field at fault and why, in the order checked.
        fields: Vec<FieldError>,
    },
    /// The practice holds more than one record for one NHS number (§3.3): nothing is sent
    /// for this patient there until the practice resolves it.
    #[error("the practice holds {count} records for one NHS number")]
    MultiplePatientRecords {
        /// How many records came back.
        count: usize,
    },
    /// A response body was larger than the client accepts (compressed or decompressed):
    /// reading stopped there, so memory stays bounded.
    #[error("the answer was larger than {limit} bytes")]
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The practice answered about another patient than the one asked for (a found record's
    /// NHS number differs from the one searched), or a write was asked for a patient this
    /// session has not found: nothing is shown or sent for it.
    #[error("wrong patient: {message}")]
    WrongPatient {
        /// What did not match (never the NHS numbers themselves).
        message: String,
    },
    /// The client could not be set up (certificate, key, URL).
    #[error("configuration: {what}: {message}")]
    Configuration {
        /// What was being configured, e.g. `client certificate`.
        what: String,
        /// Why it failed (never the secret itself).
        message: String,
    },
}

fn describe_fields(fields: &[FieldError]) -> String {
    fields
        .iter()
        .map(|f| format!("{}: {}", f.field, f.message))
        .collect::<Vec<_>>()
        .join("; ")
}

fn diagnostics_suffix(text: Option<&str>) -> String {
    text.map(|d| format!(": {d}")).unwrap_or_default()
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A validation error for one `field`.
    pub fn validation(field: &str, reason: impl Into<String>) -> Self {
        Self::Validation {
            fields: vec![FieldError {
                field: field.to_owned(),
                message: reason.into(),
            }],
        }
    }

    /// `Ok(())` when `fields` is empty, else a validation error listing them all.
    ///
    /// Errors: [`Error::Validation`] with `fields`.
    pub fn check_fields(fields: Vec<FieldError>) -> Result<()> {
        if fields.is_empty() {
            Ok(())
        } else {
            Err(Self::Validation { fields })
        }
    }

    /// The fields at fault, for a validation error; empty otherwise.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            Self::Validation { fields } => fields,
            _ => &[],
        }
    }

    /// The stable machine code a screen switches on: the Spine code for provider errors
    /// (`DUPLICATE_REJECTED`, …), `PROXY_*`/`PROVIDER_*` for proxy errors, and
    /// `CONNECT`, `TLS`, `TIMEOUT`, `CONNECTION_LOST`, `DECODE`, `HTTP_ERROR`,
    /// `VALIDATION`, `MULTIPLE_PATIENT_RECORDS`, `RESPONSE_TOO_LARGE`, `WRONG_PATIENT`,
    /// `CONFIGURATION` otherwise.
    pub fn code(&self) -> &str {
        match self {
            Self::Connect { .. } => "CONNECT",
            Self::Tls { .. } => "TLS",
            Self::Timeout { .. } => "TIMEOUT",
            Self::ConnectionLost { .. } => "CONNECTION_LOST",
            Self::Decode { .. } => "DECODE",
            Self::Provider(p) => p.spine_code.as_str(),
            Self::Proxy(p) => p.kind.code(),
            Self::Http { .. } => "HTTP_ERROR",
            Self::Validation { .. } => "VALIDATION",
            Self::MultiplePatientRecords { .. } => "MULTIPLE_PATIENT_RECORDS",
            Self::Configuration { .. } => "CONFIGURATION",
            Self::ResponseTooLarge { .. } => "RESPONSE_TOO_LARGE",
            Self::WrongPatient { .. } => "WRONG_PATIENT",
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Self::Decode { status, .. } | Self::Http { status, .. } => Some(*status),
            Self::Provider(p) => Some(p.status),
            Self::Proxy(p) => Some(p.status),
            _ => None,
        }
    }

    /// The provider's Spine code, if this is a provider error.
    pub fn spine_code(&self) -> Option<&SpineCode> {
        match self {
            Self::Provider(p) => Some(&p.spine_code),
            _ => None,
        }
    }

    /// True when a write may or may not have been carried out: it was sent and no
    /// definitive answer came back ([`crate::outcome::classify`] says
    /// [`crate::outcome::Answer::Unknown`]). Never resend: read back to reconcile (§2.6).
    pub fn outcome_unknown(&self) -> bool {
        crate::outcome::classify(self) == crate::outcome::Answer::Unknown
    }

    /// How long the Spine Secure Proxy asked us to wait before trying again (`Retry-After`
    /// on 429 and 503), when it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Proxy(p) => p.retry_after,
            _ => None,
        }
    }

    /// True for failures worth retrying for a read (connection problems, 502/503/504/429).
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Connect { .. } | Self::ConnectionLost { .. } => true,
            Self::Timeout { stage, .. } => *stage != TimeoutStage::Deadline,
            Self::Proxy(p) => matches!(
                p.kind,
                ProxyErrorKind::Throttled
                    | ProxyErrorKind::ProviderUnreachable
                    | ProxyErrorKind::ProviderTimeout
            ),
            Self::Http { status, .. } => matches!(status, 429 | 502 | 503 | 504),
            _ => false,
        }
    }

    /// True when another client changed or took the resource first: 409 on book (slot
    /// taken) or on amend/cancel (stale `If-Match`), or 412.
    pub fn is_conflict(&self) -> bool {
        matches!(self.http_status(), Some(409 | 412))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spine_code_tolerates_codesystem_spellings() {
        assert_eq!(SpineCode::parse("ACCESS DENIED"), SpineCode::AccessDenied);
        assert_eq!(
            SpineCode::parse("NO_ORGANISATIONAL_CONSENT"),
            SpineCode::NoOrganisationConsent
        );
        assert_eq!(
            SpineCode::parse("SOMETHING_NEW"),
            SpineCode::Other("SOMETHING_NEW".into())
        );
    }

    #[test]
    fn outcome_unknown_only_after_sending() {
        let lost = Error::ConnectionLost {
            message: "reset".into(),
        };
        let not_sent = Error::Timeout {
            stage: TimeoutStage::Connect,
            after: Duration::from_secs(1),
        };
        assert!(lost.outcome_unknown());
        assert!(!not_sent.outcome_unknown());
        assert!(
            !Error::Connect {
                message: "refused".into()
            }
            .outcome_unknown()
        );
    }

    #[test]
    fn proxy_classification() {
        assert_eq!(
            ProxyErrorKind::classify(
                403,
                Some("FOT_CHECK_FAILED_MESSAGESENDER_1_MESSAGERECEIVER_2")
            ),
            ProxyErrorKind::NoDataSharingAgreement
        );
        assert_eq!(
            ProxyErrorKind::classify(400, Some("ENDPOINT_X_CPAID_Y_VARIES_FROM_TARGETURL_Z")),
            ProxyErrorKind::EndpointMismatch
        );
        assert_eq!(
            ProxyErrorKind::classify(504, None),
            ProxyErrorKind::ProviderTimeout
        );
    }
}
