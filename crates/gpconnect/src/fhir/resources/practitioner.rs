//! Practitioner (CareConnect-GPC-Practitioner-1, §3.10).

use serde::{Deserialize, Serialize};

use crate::fhir::datatypes::{HumanName, Identifier, Meta, one_or_many};

/// A practitioner (CareConnect-GPC-Practitioner-1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Practitioner {
    /// Logical id at the practice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Version and profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// SDS user id and others.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub identifier: Vec<Identifier>,
    /// Names; the first is displayed.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub name: Vec<HumanName>,
    /// `male`, `female`, `other`, `unknown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
}
