//! The one error every command returns to the UI: `{code, message, details}`.
//!
//! The UI switches on `code`, never on `message`. Codes are the client's stable codes
//! (`DUPLICATE_REJECTED`, `TLS`, `TIMEOUT`, `VALIDATION`, …, see `gpconnect::Error::code`)
//! plus the shell's own (`KEYRING`, `SETTINGS`, `NOT_CONFIGURED`, `SIMULATOR`). Nothing here
//! carries key material.

use gpconnect::patients::FieldError;
use serde::Serialize;

/// What went wrong, for the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
#[error("{code}: {message}")]
pub struct CommandError {
    /// Stable machine code the UI switches on.
    pub code: String,
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
    /// The provider's Spine code or the proxy's token.
    pub spine_code: Option<String>,
    /// The provider's free-text detail.
    pub diagnostics: Option<String>,
    /// What the user should do next.
    pub advice: String,
    /// The field a validation error is about.
    pub field: Option<String>,
    /// Every field problem, for forms.
    pub fields: Vec<FieldError>,
    /// A write may or may not have been carried out (its answer was lost).
    pub outcome_unknown: bool,
    /// Trying again may help (network, throttling, gateway).
    pub retryable: bool,
}

impl CommandError {
    /// An error of the shell's own with `code` and `message`.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            code: code.to_owned(),
            details: Box::new(ErrorDetails {
                advice: message.clone(),
                ..ErrorDetails::default()
            }),
            message,
        }
    }

    /// A validation error listing every field problem.
    pub fn fields(message: &str, fields: Vec<FieldError>) -> Self {
        let mut error = Self::new("VALIDATION", message);
        error.details.field = fields.first().map(|f| f.field.clone());
        error.details.fields = fields;
        error
    }
}

impl From<gpconnect::Error> for CommandError {
    fn from(error: gpconnect::Error) -> Self {
        use gpconnect::Error as E;
        let advice = error.advice().to_owned();
        let mut details = ErrorDetails {
            http_status: error.http_status(),
            advice: advice.clone(),
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
            E::Validation { field, reason } => {
                details.field = Some(field.clone());
                details.fields = vec![FieldError {
                    field: field.clone(),
                    message: reason.clone(),
                }];
                reason.clone()
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
            E::Configuration { what, .. } => format!("The {what} in Settings cannot be used."),
            _ => error.to_string(),
        };
        Self {
            code: error.code().to_owned(),
            message,
            details: Box::new(details),
        }
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
        Self::new("KEYRING", reason)
    }
}

/// `Result` with [`CommandError`].
pub type CommandResult<T> = Result<T, CommandError>;

#[cfg(test)]
mod tests {
    use super::*;
    use gpconnect::{Error, ProviderError, SpineCode};

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
        assert_eq!(error.code, "DUPLICATE_REJECTED");
        assert_eq!(error.details.http_status, Some(409));
        assert_eq!(error.details.diagnostics.as_deref(), Some("Slot 5 is busy"));
        let json = serde_json::to_value(&error).unwrap();
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
        assert_eq!(error.code, "CONNECTION_LOST");
    }
}
