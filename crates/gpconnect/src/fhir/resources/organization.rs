//! Organization (CareConnect-GPC-Organization-1), also the contained booking organisation (§3.5).

use serde::{Deserialize, Serialize};

use crate::fhir::datatypes::{
    Address, CodeableConcept, ContactPoint, Identifier, Meta, one_or_many,
};
use crate::fhir::urls;

/// An organisation (CareConnect-GPC-Organization-1), also the contained booking organisation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// Logical id; `1` for the contained booking organisation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Version and profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// ODS code.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub identifier: Vec<Identifier>,
    /// Organisation type (`gp-practice` | `urgent-care`) on a booking organisation.
    #[serde(
        rename = "type",
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub type_: Vec<CodeableConcept>,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Phone numbers.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub telecom: Vec<ContactPoint>,
    /// Addresses.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub address: Vec<Address>,
}

impl Organization {
    /// The ODS code identifier's value.
    pub fn ods_code(&self) -> Option<&str> {
        crate::fhir::datatypes::identifier_value(&self.identifier, urls::SYSTEM_ODS_ORGANISATION)
    }

    /// The organisation type code, if any.
    pub fn organisation_type(&self) -> Option<&str> {
        self.type_
            .iter()
            .find_map(|t| t.code_in(urls::CODESYSTEM_ORGANISATION_TYPE))
    }

    /// The first phone number.
    pub fn phone(&self) -> Option<&str> {
        self.telecom
            .iter()
            .find(|t| t.system.as_deref() == Some("phone"))
            .and_then(|t| t.value.as_deref())
    }
}
