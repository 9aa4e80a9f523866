//! CapabilityStatement: the parts the client reads (§3.1).

use serde::{Deserialize, Serialize};

use crate::fhir::datatypes::{Reference, one_or_many};

/// `CapabilityStatement.software`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CapabilitySoftware {
    /// Provider system name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Provider system version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// `CapabilityStatement.rest.resource.interaction` / `.operation` entries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CapabilityCode {
    /// Interaction code (`read`, `search-type`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// A search parameter a server supports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CapabilitySearchParam {
    /// Parameter name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Parameter type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
}

/// What a server supports for one resource type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CapabilityResource {
    /// Resource type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// Interactions.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub interaction: Vec<CapabilityCode>,
    /// Search parameters.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub search_param: Vec<CapabilitySearchParam>,
    /// Supported `_include` values.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub search_include: Vec<String>,
}

/// A named operation a server supports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CapabilityOperation {
    /// Operation name, e.g. `gpc.registerpatient`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The OperationDefinition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<Reference>,
}

/// One `rest` entry of a CapabilityStatement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CapabilityRest {
    /// `server`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Resources.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub resource: Vec<CapabilityResource>,
    /// Operations.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub operation: Vec<CapabilityOperation>,
}

/// The parts of a CapabilityStatement the client reads (§3.1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CapabilityStatement {
    /// The GP Connect version, `1.2.7`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Publisher (provider supplier).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// `3.0.1`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fhir_version: Option<String>,
    /// Provider software.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software: Option<CapabilitySoftware>,
    /// Supported formats.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub format: Vec<String>,
    /// REST capabilities.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub rest: Vec<CapabilityRest>,
}

impl CapabilityStatement {
    /// True when the server lists the operation `name` (e.g. `gpc.registerpatient`).
    pub fn supports_operation(&self, name: &str) -> bool {
        self.rest
            .iter()
            .flat_map(|r| r.operation.iter())
            .any(|op| op.name.as_deref() == Some(name))
    }

    /// The capabilities listed for `resource_type`.
    pub fn resource(&self, resource_type: &str) -> Option<&CapabilityResource> {
        self.rest
            .iter()
            .flat_map(|r| r.resource.iter())
            .find(|r| r.type_.as_deref() == Some(resource_type))
    }
}
