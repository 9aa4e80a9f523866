//! The one error every command returns to the UI: `{code, message, details}`.
//!
//! The UI switches on `code`, never on `message`. [`ErrorCode`] is a closed set, exported to
//! TypeScript as a union of string literals, so a code the UI does not handle, or handles
//! but no longer exists, fails `tsc`. It holds the client's codes (`gpconnect::Error::code`:
//! transport, validation, the Spine codes of §6.2, the proxy kinds of §6.3) and the shell's
//! own (`KEYRING`, `SETTINGS`, `NOT_CONFIGURED`, …). A Spine code the client does not know is
//! `PROVIDER_ERROR`, with the provider's own code kept in `details.spineCode`. Nothing here
//! carries key material.

use gpconnect::{FieldError, ProxyErrorKind, SpineCode};
use serde::Serialize;

/// Every code a command error can carry (and `UNEXPECTED`, which the UI makes for an IPC
/// failure that is not a command error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ErrorCode {
    /// No connection could be made; nothing was sent.
    Connect,
    /// The TLS handshake failed or a certificate was refused.
    Tls,
    /// No answer in time.
    Timeout,
    /// The connection broke after sending: a write's outcome is unknown.
    ConnectionLost,
    /// An answer could not be read.
    Decode,
    /// An HTTP error without a FHIR OperationOutcome.
    HttpError,
    /// Values refused before sending (`details.fields` lists them).
    Validation,
    /// The practice holds more than one record for the NHS number (§3.3).
    MultiplePatientRecords,
    /// The client could not be set up from the settings and credentials.
    Configuration,
    /// §6.2 400 INVALID_IDENTIFIER_SYSTEM.
    InvalidIdentifierSystem,
    /// §6.2 400 INVALID_IDENTIFIER_VALUE.
    InvalidIdentifierValue,
    /// §6.2 400 INVALID_NHS_NUMBER.
    InvalidNhsNumber,
    /// §6.2 400 INVALID_PATIENT_DEMOGRAPHICS.
    InvalidPatientDemographics,
    /// §6.2 404 ORGANISATION_NOT_FOUND.
    OrganisationNotFound,
    /// §6.2 404 PATIENT_NOT_FOUND.
    PatientNotFound,
    /// §6.2 404 PRACTITIONER_NOT_FOUND.
    PractitionerNotFound,
    /// §6.2 404 NO_RECORD_FOUND.
    NoRecordFound,
    /// §6.2 403 NO_PATIENT_CONSENT.
    NoPatientConsent,
    /// §6.2 403 NO_ORGANISATION_CONSENT (or `NO_ORGANISATIONAL_CONSENT`).
    NoOrganisationConsent,
    /// §6.2 403 ACCESS_DENIED (or `ACCESS DENIED`).
    AccessDenied,
    /// §6.2 409 DUPLICATE_REJECTED.
    DuplicateRejected,
    /// 409 FHIR_CONSTRAINT_VIOLATION (stale `If-Match` on cancel).
    FhirConstraintViolation,
    /// 412 PRECONDITION_FAILED.
    PreconditionFailed,
    /// §6.2 422 INVALID_RESOURCE.
    InvalidResource,
    /// §6.2 422 INVALID_PARAMETER.
    InvalidParameter,
    /// §6.2 422 REFERENCE_NOT_FOUND.
    ReferenceNotFound,
    /// §6.2 400 BAD_REQUEST.
    BadRequest,
    /// §6.2 501 NOT_IMPLEMENTED.
    NotImplemented,
    /// §6.2 500 INTERNAL_SERVER_ERROR.
    InternalServerError,
    /// A Spine code this app does not know (`details.spineCode` has it).
    ProviderError,
    /// §6.3 400 ENDPOINT_…_VARIES_FROM_TARGETURL.
    ProxyEndpointMismatch,
    /// §6.3 400 (another malformed request).
    ProxyBadRequest,
    /// §6.3 403 ASID_CHECK_FAILED.
    ProxySenderNotAuthorised,
    /// §6.3 403 PARTYKEY_INTERACTION_CHECK_FAILED.
    ProxyReceiverNotAuthorised,
    /// §6.3 403 FOT_CHECK_FAILED.
    ProxyNoDataSharingAgreement,
    /// §6.3 405.
    ProxyMethodNotAllowed,
    /// §6.3 415.
    ProxyUnsupportedMediaType,
    /// §6.3 429 / 503.
    ProxyThrottled,
    /// §6.3 495 / 496.
    ProxyClientCertificate,
    /// §6.3 502.
    ProviderUnreachable,
    /// §6.3 504 / 599.
    ProviderTimeout,
    /// Another proxy status.
    ProxyError,
    /// The OS keyring is locked, unavailable or refused.
    Keyring,
    /// The settings could not be saved.
    Settings,
    /// Settings or credentials are incomplete.
    NotConfigured,
    /// The built-in simulator could not start (demo mode).
    Simulator,
    /// A native dialog failed.
    Dialog,
    /// A file could not be written.
    File,
    /// An answer larger than the client accepts (32 MiB): reading stopped.
    ResponseTooLarge,
    /// The practice answered about another patient, or a write was asked for a patient this
    /// session has not found: nothing was shown or sent.
    WrongPatient,
    /// The journal of writes and audit trail could not be read or written.
    Journal,
    /// No one is signed in (or the session expired or was idle too long): nothing was sent.
    /// The UI asks the user to sign in and keeps what was typed.
    SignInRequired,
    /// The sign-in did not complete: CIS2 unreachable or refusing the client, or its answer
    /// (ID token, userinfo) failed a check.
    SignInFailed,
    /// The user signed in but may not work here: assurance too low, no role, or a role at an
    /// organisation this site does not allow.
    SignInNotAllowed,
    /// The sign-in was cancelled, in the app or in the browser, or not finished in time.
    SignInCancelled,
    /// The patient has not been traced on PDS in this session: nothing was sent (§5.4).
    TraceRequired,
    /// The patient's PDS record is restricted (sensitive): no GP Connect request may be sent
    /// for them.
    PatientSensitive,
    /// PDS records the patient as deceased: no booking or registration.
    PatientDeceased,
    /// The NHS number was superseded on PDS: the current one must be used.
    NhsNumberSuperseded,
    /// PDS does not hold the NHS number as verified (status other than `01`): no Find,
    /// registration or booking until it is.
    NhsNumberUnverified,
    /// PDS 404 RESOURCE_NOT_FOUND: no patient has this NHS number.
    PdsNotFound,
    /// PDS 404 INVALIDATED_RESOURCE: the record was invalidated.
    PdsInvalidated,
    /// PDS: more patients match than the result limit.
    PdsTooManyMatches,
    /// PDS 429: throttled.
    PdsThrottled,
    /// The NHS API platform or PDS refused access (token exchange, 401).
    PdsAccessDenied,
    /// Another PDS refusal (`details.spineCode` has its code).
    PdsRefused,
    /// Made by the UI for an IPC failure that is not a command error.
    Unexpected,
}

impl ErrorCode {
    /// The code of a Spine code (§6.2).
    pub fn of_spine(code: &SpineCode) -> Self {
        match code {
            SpineCode::InvalidIdentifierSystem => Self::InvalidIdentifierSystem,
            SpineCode::InvalidIdentifierValue => Self::InvalidIdentifierValue,
            SpineCode::InvalidNhsNumber => Self::InvalidNhsNumber,
            SpineCode::InvalidPatientDemographics => Self::InvalidPatientDemographics,
            SpineCode::OrganisationNotFound => Self::OrganisationNotFound,
            SpineCode::PatientNotFound => Self::PatientNotFound,
            SpineCode::PractitionerNotFound => Self::PractitionerNotFound,
            SpineCode::NoRecordFound => Self::NoRecordFound,
            SpineCode::NoPatientConsent => Self::NoPatientConsent,
            SpineCode::NoOrganisationConsent => Self::NoOrganisationConsent,
            SpineCode::AccessDenied => Self::AccessDenied,
            SpineCode::DuplicateRejected => Self::DuplicateRejected,
            SpineCode::FhirConstraintViolation => Self::FhirConstraintViolation,
            SpineCode::PreconditionFailed => Self::PreconditionFailed,
            SpineCode::InvalidResource => Self::InvalidResource,
            SpineCode::InvalidParameter => Self::InvalidParameter,
            SpineCode::ReferenceNotFound => Self::ReferenceNotFound,
            SpineCode::BadRequest => Self::BadRequest,
            SpineCode::NotImplemented => Self::NotImplemented,
            SpineCode::InternalServerError => Self::InternalServerError,
            SpineCode::Other(_) => Self::ProviderError,
        }
    }

    /// The code of a proxy error kind (§6.3).
    pub fn of_proxy(kind: ProxyErrorKind) -> Self {
        match kind {
            ProxyErrorKind::EndpointMismatch => Self::ProxyEndpointMismatch,
            ProxyErrorKind::BadRequest => Self::ProxyBadRequest,
            ProxyErrorKind::SenderNotAuthorised => Self::ProxySenderNotAuthorised,
            ProxyErrorKind::ReceiverNotAuthorised => Self::ProxyReceiverNotAuthorised,
            ProxyErrorKind::NoDataSharingAgreement => Self::ProxyNoDataSharingAgreement,
            ProxyErrorKind::MethodNotAllowed => Self::ProxyMethodNotAllowed,
            ProxyErrorKind::UnsupportedMediaType => Self::ProxyUnsupportedMediaType,
            ProxyErrorKind::Throttled => Self::ProxyThrottled,
            ProxyErrorKind::ClientCertificate => Self::ProxyClientCertificate,
            ProxyErrorKind::ProviderUnreachable => Self::ProviderUnreachable,
            ProxyErrorKind::ProviderTimeout => Self::ProviderTimeout,
            _ => Self::ProxyError,
        }
    }

    /// The code of a client error.
    pub fn of(error: &gpconnect::Error) -> Self {
        use gpconnect::Error as E;
        match error {
            E::Connect { .. } => Self::Connect,
            E::Tls { .. } => Self::Tls,
            E::Timeout { .. } => Self::Timeout,
            E::ConnectionLost { .. } => Self::ConnectionLost,
            E::Decode { .. } => Self::Decode,
            E::Provider(p) => Self::of_spine(&p.spine_code),
            E::Proxy(p) => Self::of_proxy(p.kind),
            E::Http { .. } => Self::HttpError,
            E::Validation { .. } => Self::Validation,
            E::MultiplePatientRecords { .. } => Self::MultiplePatientRecords,
            E::ResponseTooLarge { .. } => Self::ResponseTooLarge,
            E::WrongPatient { .. } => Self::WrongPatient,
            _ => Self::Configuration,
        }
    }
}

/// What went wrong, for the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
#[error("{code:?}: {message}")]
pub struct CommandError {
    /// Stable machine code the UI switches on.
    pub code: ErrorCode,
    /// A sentence for the user.
    pub message: String,
    /// Everything else a screen may show or act on (boxed: errors stay small to move).
    pub details: Box<ErrorDetails>,
}

/// The specifics of a [`CommandError`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ErrorDetails {
    /// HTTP status, when a response arrived.
    pub http_status: Option<u16>,
    /// The provider's Spine code or the proxy's token, as sent.
    pub spine_code: Option<String>,
    /// The provider's free-text detail.
    pub diagnostics: Option<String>,
    /// What the user should do next.
    pub advice: String,
    /// The first field a validation error is about.
    pub field: Option<String>,
    /// Every field problem, for forms.
    pub fields: Vec<FieldError>,
    /// A write may or may not have been carried out (its answer was lost).
    pub outcome_unknown: bool,
    /// Trying again may help (network, throttling, gateway).
    pub retryable: bool,
    /// The `Ssp-TraceID` of the request the error came from, to quote to support.
    pub trace_id: Option<String>,
}

impl CommandError {
    /// An error of the shell's own with `code` and `message` (also the advice).
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            code,
            details: Box::new(ErrorDetails {
                advice: message.clone(),
                ..ErrorDetails::default()
            }),
            message,
        }
    }

    /// A validation error with one sentence for the user.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Validation, message)
    }

    /// This error with the `Ssp-TraceID` of the request it came from (when one was sent).
    #[must_use]
    pub fn traced(mut self, trace_id: Option<uuid::Uuid>) -> Self {
        if let Some(trace_id) = trace_id {
            self.details.trace_id = Some(trace_id.to_string());
        }
        self
    }

    /// A validation error listing every field problem.
    pub fn fields(message: &str, fields: Vec<FieldError>) -> Self {
        let mut error = Self::new(ErrorCode::Validation, message);
        error.details.field = fields.first().map(|f| f.field.clone());
        error.details.fields = fields;
        error
    }
}

impl From<gpconnect::Error> for CommandError {
    fn from(error: gpconnect::Error) -> Self {
        use gpconnect::Error as E;
        let mut details = ErrorDetails {
            http_status: error.http_status(),
            advice: error.advice().to_owned(),
            outcome_unknown: error.outcome_unknown(),
            retryable: error.is_transient(),
            ..ErrorDetails::default()
        };
        let message = match &error {
            E::Provider(p) => {
                details.spine_code = Some(p.spine_code.to_string());
                details.diagnostics = p.diagnostics.clone();
                let what = p
                    .display
                    .clone()
                    .unwrap_or_else(|| p.spine_code.to_string());
                format!(
                    "The practice refused the request: {what} ({} {}).",
                    p.status, p.spine_code
                )
            }
            E::Proxy(p) => {
                details.spine_code = p.token.clone();
                details.diagnostics = p.diagnostics.clone();
                format!(
                    "The NHS network (Spine Secure Proxy) refused or could not forward the request (HTTP {}).",
                    p.status
                )
            }
            E::Validation { fields } => {
                details.field = fields.first().map(|f| f.field.clone());
                details.fields.clone_from(fields);
                fields
                    .iter()
                    .map(|f| f.message.as_str())
                    .collect::<Vec<_>>()
                    .join(". ")
            }
            E::Decode { source, .. } => {
                details.diagnostics = Some(source.to_string());
                "The practice system's answer could not be read.".to_owned()
            }
            E::Tls { .. } => "A secure connection to the NHS network could not be made.".to_owned(),
            E::Connect { .. } => "The NHS network or the practice could not be reached.".to_owned(),
            E::Timeout { .. } => "The practice did not answer in time.".to_owned(),
            E::ConnectionLost { .. } => {
                "The connection was lost before the practice answered.".to_owned()
            }
            E::Http { status, .. } => format!("The practice system failed (HTTP {status})."),
            E::MultiplePatientRecords { .. } => {
                "The practice holds more than one record for this NHS number.".to_owned()
            }
            E::Configuration { what, .. } => format!("The {what} in Settings cannot be used."),
            E::ResponseTooLarge { limit } => format!(
                "The practice system's answer was larger than {} MiB, so it was not read.",
                limit / (1024 * 1024)
            ),
            E::WrongPatient { .. } => {
                "The practice's answer was about another patient, so nothing was shown or sent."
                    .to_owned()
            }
            _ => error.to_string(),
        };
        Self {
            code: ErrorCode::of(&error),
            message,
            details: Box::new(details),
        }
    }
}

impl From<gpconnect_journal::JournalError> for CommandError {
    fn from(error: gpconnect_journal::JournalError) -> Self {
        Self::new(
            ErrorCode::Journal,
            format!("The record of writes and audit trail failed: {error}"),
        )
    }
}

impl From<keyring::Error> for CommandError {
    fn from(error: keyring::Error) -> Self {
        let reason = match error {
            keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => {
                "The computer's keyring (credential store) is locked or unavailable. Unlock it and try again."
            }
            _ => "The computer's keyring (credential store) refused the operation.",
        };
        Self::new(ErrorCode::Keyring, reason)
    }
}

/// `Result` with [`CommandError`].
pub type CommandResult<T> = Result<T, CommandError>;

#[cfg(test)]
mod tests {
    use super::*;
    use gpconnect::{Error, ProviderError, ProxyError, TimeoutStage};

    #[test]
    fn provider_errors_keep_code_status_and_diagnostics() {
        let error: CommandError = Error::Provider(ProviderError {
            status: 409,
            spine_code: SpineCode::DuplicateRejected,
            issue_code: Some("duplicate".into()),
            display: Some("Duplicate rejected".into()),
            diagnostics: Some("Slot 5 is busy".into()),
        })
        .into();
        assert_eq!(error.code, ErrorCode::DuplicateRejected);
        assert_eq!(error.details.http_status, Some(409));
        assert_eq!(error.details.diagnostics.as_deref(), Some("Slot 5 is busy"));
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["code"], "DUPLICATE_REJECTED");
        assert_eq!(json["details"]["outcomeUnknown"], false);
        assert_eq!(json["details"]["spineCode"], "DUPLICATE_REJECTED");
    }

    #[test]
    fn a_lost_answer_is_flagged() {
        let error: CommandError = Error::ConnectionLost {
            message: "reset".into(),
        }
        .into();
        assert!(error.details.outcome_unknown);
        assert_eq!(error.code, ErrorCode::ConnectionLost);
    }

    #[test]
    fn every_validation_field_crosses() {
        let error: CommandError = Error::Validation {
            fields: vec![
                FieldError {
                    field: "description".into(),
                    message: "Enter a description".into(),
                },
                FieldError {
                    field: "comment".into(),
                    message: "Comment too long".into(),
                },
            ],
        }
        .into();
        assert_eq!(error.details.fields.len(), 2);
        assert_eq!(error.details.field.as_deref(), Some("description"));
    }

    /// The IPC codes are the client's codes wherever the client has one: an unknown Spine
    /// code is the only one renamed (to PROVIDER_ERROR).
    #[test]
    fn codes_match_the_client_codes() {
        let spine = |code: &str| {
            Error::Provider(ProviderError {
                status: 400,
                spine_code: SpineCode::parse(code),
                issue_code: None,
                display: None,
                diagnostics: None,
            })
        };
        let proxy = |status: u16| {
            Error::Proxy(ProxyError {
                status,
                kind: ProxyErrorKind::classify(status, None),
                token: None,
                diagnostics: None,
                retry_after: None,
            })
        };
        let mut samples = vec![
            Error::Connect {
                message: String::new(),
            },
            Error::Timeout {
                stage: TimeoutStage::Response,
                after: std::time::Duration::from_secs(1),
            },
            Error::validation("x", "y"),
            Error::MultiplePatientRecords { count: 2 },
            Error::Http {
                status: 500,
                content_type: None,
            },
        ];
        samples.extend(
            [
                "INVALID_NHS_NUMBER",
                "DUPLICATE_REJECTED",
                "ACCESS_DENIED",
                "FHIR_CONSTRAINT_VIOLATION",
                "INTERNAL_SERVER_ERROR",
                "NO_RECORD_FOUND",
            ]
            .map(spine),
        );
        samples.extend([400, 403, 405, 415, 429, 495, 502, 504, 418].map(proxy));
        for error in samples {
            let ipc = serde_json::to_value(ErrorCode::of(&error)).unwrap();
            assert_eq!(ipc, error.code(), "{error}");
        }
        let unknown = ErrorCode::of(&spine("SOMETHING_NEW"));
        assert_eq!(unknown, ErrorCode::ProviderError);
    }
}
