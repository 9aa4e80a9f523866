//! OperationOutcome: the body of provider (§6.1) and proxy (§6.3) errors.

use serde::{Deserialize, Serialize};

use crate::fhir::datatypes::{CodeableConcept, Meta, one_or_many};

/// One issue of an OperationOutcome (§6.1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OperationOutcomeIssue {
    /// `error`, `fatal`, `warning`, `information`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// FHIR issue type, e.g. `invalid`, `duplicate`; for SSP errors sometimes the HTTP status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Exactly one Spine code in `coding` (system varies: match on code only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<CodeableConcept>,
    /// Free-text detail; providers MUST give it for 422 and 500.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<String>,
}

/// An OperationOutcome: the body of every provider error (§6.1) and SSP error (§6.3).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OperationOutcome {
    /// Profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The issues; the first carries the error.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub issue: Vec<OperationOutcomeIssue>,
}
