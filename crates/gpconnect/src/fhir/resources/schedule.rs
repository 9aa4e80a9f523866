//! Schedule (GPConnect-Schedule-1, §3.2).

use serde::{Deserialize, Serialize};

use crate::fhir::datatypes::{
    CodeableConcept, Extension, Meta, Period, Reference, find_extension, one_or_many,
};
use crate::fhir::urls;

/// A GP Connect Schedule (GPConnect-Schedule-1, §3.2).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schedule {
    /// Logical id at the practice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Version and profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Extensions; the practitioner role lives here.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub extension: Vec<Extension>,
    /// `serviceCategory.text` is the schedule type (session name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_category: Option<CodeableConcept>,
    /// Always a `Location/…`, optionally a `Practitioner/…`.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub actor: Vec<Reference>,
    /// The period the schedule covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planning_horizon: Option<Period>,
}

impl Schedule {
    /// The practitioner role extension's value, if present.
    pub fn practitioner_role(&self) -> Option<&CodeableConcept> {
        find_extension(&self.extension, urls::EXT_PRACTITIONER_ROLE)
            .and_then(|e| e.value_codeable_concept.as_ref())
    }

    /// The id of the first actor of `resource_type` (`Location` or `Practitioner`).
    pub fn actor_id(&self, resource_type: &str) -> Option<&str> {
        self.actor
            .iter()
            .filter_map(Reference::type_and_id)
            .find(|(kind, _)| *kind == resource_type)
            .map(|(_, id)| id)
    }
}
