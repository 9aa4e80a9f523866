//! Location (CareConnect-GPC-Location-1, §3.10).

use serde::{Deserialize, Serialize};

use crate::fhir::datatypes::{Address, ContactPoint, Meta, Reference, one_or_many};

/// A location: the surgery where the appointment takes place (CareConnect-GPC-Location-1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// Logical id at the practice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Version and profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Name of the surgery (may be a branch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Address (STU3 has one; the examples vary, so a list is accepted).
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub address: Vec<Address>,
    /// Phone numbers.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub telecom: Vec<ContactPoint>,
    /// The organisation running the location (mandatory in the profile).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managing_organization: Option<Reference>,
}
