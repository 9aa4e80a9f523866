//! HealthcareService (CareConnect-GPC-HealthcareService-1, GP Connect 1.2.8): the service a
//! Schedule belongs to when a practice filters slots by Directory of Services (DoS) service.
//! A 1.2.7 consumer reads it tolerantly to show the service's name (1.2.8 makes displaying
//! it mandatory where present).

use serde::{Deserialize, Serialize};

use crate::fhir::datatypes::{Identifier, Meta, one_or_many};

/// A healthcare service: its DoS ids and its name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthcareService {
    /// Logical id at the practice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Version and profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// DoS service ids (system `https://fhir.nhs.uk/Id/uec-dos-service-id`).
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub identifier: Vec<Identifier>,
    /// The service's name, shown beside its slots.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}
