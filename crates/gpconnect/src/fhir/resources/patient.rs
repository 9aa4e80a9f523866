//! Patient (CareConnect-GPC-Patient-1, §3.3, §3.4).

use serde::{Deserialize, Serialize};

use crate::fhir::datatypes::{
    Address, ContactPoint, Extension, HumanName, Identifier, Meta, Reference, find_extension,
    one_or_many,
};
use crate::fhir::urls;

/// A patient (CareConnect-GPC-Patient-1, §3.3, §3.4).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Patient {
    /// Logical id at the practice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Version and profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Registration details, NHS communication.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub extension: Vec<Extension>,
    /// NHS number (with verification status extension).
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub identifier: Vec<Identifier>,
    /// Whether the record is active (never sent on register).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Names; one has `use: official`.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub name: Vec<HumanName>,
    /// Phone numbers and email.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub telecom: Vec<ContactPoint>,
    /// `male`, `female`, `other`, `unknown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// `yyyy-mm-dd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// Home and temporary addresses.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub address: Vec<Address>,
    /// The organisation addressed by the URL (not necessarily the registered practice).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managing_organization: Option<Reference>,
}

impl Patient {
    /// The NHS number identifier's value.
    pub fn nhs_number(&self) -> Option<&str> {
        crate::fhir::datatypes::identifier_value(&self.identifier, urls::SYSTEM_NHS_NUMBER)
    }

    /// The `official` name, else the first name.
    pub fn official_name(&self) -> Option<&HumanName> {
        self.name
            .iter()
            .find(|n| n.use_.as_deref() == Some("official"))
            .or_else(|| self.name.first())
    }

    /// A sub-extension of the registration details extension (`registrationType`,
    /// `registrationPeriod`, `preferredBranchSurgery`).
    pub fn registration_detail(&self, sub: &str) -> Option<&Extension> {
        find_extension(&self.extension, urls::EXT_REGISTRATION_DETAILS)
            .and_then(|details| find_extension(&details.extension, sub))
    }
}
