//! The simulator's errors, rendered exactly as providers (§6.1, §6.2) and the Spine Secure
//! Proxy (§6.3) render theirs: an `OperationOutcome` with the documented HTTP status, issue
//! type and Spine code.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::vocabulary::{CODESYSTEM_SPINE_ERROR, PROFILE_OPERATION_OUTCOME, SYSTEM_SSP_RESPONSE};

/// A refusal by a simulated provider or by the simulated proxy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimError {
    /// A provider `OperationOutcome` (§6.2).
    #[error("{status} {code}: {diagnostics}")]
    Provider {
        /// HTTP status.
        status: StatusCode,
        /// Spine code, e.g. `INVALID_RESOURCE`.
        code: &'static str,
        /// FHIR issue type, e.g. `invalid`.
        issue: &'static str,
        /// Free-text detail.
        diagnostics: String,
    },
    /// A proxy `OperationOutcome` (§6.3): the HTTP status as the code and a token.
    #[error("proxy {status} {token}")]
    Proxy {
        /// HTTP status.
        status: StatusCode,
        /// The descriptive token, e.g. `FOT_CHECK_FAILED_…`.
        token: String,
    },
}

/// `Result` with [`SimError`].
pub type SimResult<T> = Result<T, SimError>;

impl SimError {
    fn provider(
        status: StatusCode,
        code: &'static str,
        issue: &'static str,
        diagnostics: impl Into<String>,
    ) -> Self {
        Self::Provider {
            status,
            code,
            issue,
            diagnostics: diagnostics.into(),
        }
    }

    /// 400 BAD_REQUEST: malformed request, JWT, headers, missing mandatory parameters.
    pub fn bad_request(diagnostics: impl Into<String>) -> Self {
        Self::provider(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "invalid",
            diagnostics,
        )
    }

    /// 422 INVALID_PARAMETER: bad search or operation parameter.
    pub fn invalid_parameter(diagnostics: impl Into<String>) -> Self {
        Self::provider(
            StatusCode::UNPROCESSABLE_ENTITY,
            "INVALID_PARAMETER",
            "invalid",
            diagnostics,
        )
    }

    /// 422 INVALID_RESOURCE: the body fails the profile or a business rule.
    pub fn invalid_resource(diagnostics: impl Into<String>) -> Self {
        Self::provider(
            StatusCode::UNPROCESSABLE_ENTITY,
            "INVALID_RESOURCE",
            "invalid",
            diagnostics,
        )
    }

    /// 409 DUPLICATE_REJECTED: slot taken, or patient already registered.
    pub fn duplicate(diagnostics: impl Into<String>) -> Self {
        Self::provider(
            StatusCode::CONFLICT,
            "DUPLICATE_REJECTED",
            "duplicate",
            diagnostics,
        )
    }

    /// 409 FHIR_CONSTRAINT_VIOLATION: stale `If-Match`.
    pub fn version_conflict(diagnostics: impl Into<String>) -> Self {
        Self::provider(
            StatusCode::CONFLICT,
            "FHIR_CONSTRAINT_VIOLATION",
            "conflict",
            diagnostics,
        )
    }

    /// 404 with a not-found code (`NO_RECORD_FOUND`, `PATIENT_NOT_FOUND`, …).
    pub fn not_found(code: &'static str, diagnostics: impl Into<String>) -> Self {
        Self::provider(StatusCode::NOT_FOUND, code, "not-found", diagnostics)
    }

    /// 400 INVALID_NHS_NUMBER.
    pub fn invalid_nhs_number(diagnostics: impl Into<String>) -> Self {
        Self::provider(
            StatusCode::BAD_REQUEST,
            "INVALID_NHS_NUMBER",
            "value",
            diagnostics,
        )
    }

    /// 400 INVALID_IDENTIFIER_SYSTEM.
    pub fn invalid_identifier_system(diagnostics: impl Into<String>) -> Self {
        Self::provider(
            StatusCode::BAD_REQUEST,
            "INVALID_IDENTIFIER_SYSTEM",
            "value",
            diagnostics,
        )
    }

    /// 400 INVALID_PATIENT_DEMOGRAPHICS.
    pub fn invalid_demographics(diagnostics: impl Into<String>) -> Self {
        Self::provider(
            StatusCode::BAD_REQUEST,
            "INVALID_PATIENT_DEMOGRAPHICS",
            "business-rule",
            diagnostics,
        )
    }

    /// 500 INTERNAL_SERVER_ERROR.
    pub fn internal(diagnostics: impl Into<String>) -> Self {
        Self::provider(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_SERVER_ERROR",
            "exception",
            diagnostics,
        )
    }

    /// A proxy error with `status` and `token`.
    pub fn proxy(status: StatusCode, token: impl Into<String>) -> Self {
        Self::Proxy {
            status,
            token: token.into(),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Provider { status, .. } | Self::Proxy { status, .. } => *status,
        }
    }

    /// The JSON body.
    pub fn body(&self) -> serde_json::Value {
        match self {
            Self::Provider {
                code,
                issue,
                diagnostics,
                ..
            } => json!({
                "resourceType": "OperationOutcome",
                "meta": {"profile": [PROFILE_OPERATION_OUTCOME]},
                "issue": [{
                    "severity": "error",
                    "code": issue,
                    "details": {"coding": [{
                        "system": CODESYSTEM_SPINE_ERROR,
                        "code": code,
                        "display": display(code),
                    }]},
                    "diagnostics": diagnostics,
                }]
            }),
            Self::Proxy { status, token } => json!({
                "resourceType": "OperationOutcome",
                "issue": [{
                    "severity": "error",
                    "code": proxy_issue(*status),
                    "details": {"coding": [{
                        "system": SYSTEM_SSP_RESPONSE,
                        "code": status.as_u16().to_string(),
                        "display": token,
                    }]},
                    "diagnostics": token,
                }]
            }),
        }
    }
}

fn display(code: &str) -> String {
    let lower = code.replace('_', " ").to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

fn proxy_issue(status: StatusCode) -> &'static str {
    match status.as_u16() {
        403 => "forbidden",
        405 | 415 => "not-supported",
        502 | 504 => "transient",
        _ => "invalid",
    }
}

impl IntoResponse for SimError {
    fn into_response(self) -> Response {
        let mut response = (self.status(), self.body().to_string()).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/fhir+json;charset=utf-8"),
        );
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_and_proxy_shapes() {
        let provider = SimError::duplicate("slot taken").body().to_string();
        let proxy = SimError::proxy(StatusCode::FORBIDDEN, "FOT_CHECK_FAILED_X")
            .body()
            .to_string();
        assert!(
            provider.contains("\"DUPLICATE_REJECTED\"") && provider.contains("Duplicate rejected")
        );
        assert!(proxy.contains("\"403\"") && proxy.contains(SYSTEM_SSP_RESPONSE));
    }
}
