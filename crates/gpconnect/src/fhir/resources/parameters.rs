//! Parameters: the `$gpc.registerpatient` body (§3.4).

use serde::{Deserialize, Serialize};

use super::Resource;
use crate::fhir::datatypes::{Meta, one_or_many};

/// One parameter of a `Parameters` resource.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Parameter {
    /// Parameter name, e.g. `registerPatient`.
    pub name: String,
    /// The resource value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<Resource>,
}

/// Operation parameters (the `$gpc.registerpatient` body, §3.4).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Parameters {
    /// Operation profile (not sent by this client; the spec example omits it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The parameters.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub parameter: Vec<Parameter>,
}
