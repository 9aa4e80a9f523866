//! Any resource, tagged by `resourceType`: parsing with exact error paths, and
//! [`TypedResource`] to take one type out.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    Appointment, Bundle, CapabilityStatement, HealthcareService, Location, OperationOutcome,
    Organization, Parameters, Patient, Practitioner, Schedule, Slot,
};
use crate::error::DecodeError;

/// Any resource this client reads or writes, tagged by `resourceType` on the wire.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "resourceType")]
#[non_exhaustive]
pub enum Resource {
    /// Slot.
    Slot(Slot),
    /// Schedule.
    Schedule(Schedule),
    /// Practitioner.
    Practitioner(Practitioner),
    /// Location.
    Location(Location),
    /// Organization.
    Organization(Organization),
    /// Patient.
    Patient(Patient),
    /// Appointment.
    Appointment(Appointment),
    /// Parameters.
    Parameters(Parameters),
    /// OperationOutcome.
    OperationOutcome(OperationOutcome),
    /// CapabilityStatement.
    CapabilityStatement(CapabilityStatement),
    /// Bundle.
    Bundle(Bundle),
    /// HealthcareService (1.2.8 service filtering).
    HealthcareService(HealthcareService),
    /// A resource type this client does not use; ignored (§11.5).
    #[serde(skip)]
    Other(String),
}

impl Resource {
    /// The `resourceType`.
    pub fn resource_type(&self) -> &str {
        match self {
            Self::Slot(_) => "Slot",
            Self::Schedule(_) => "Schedule",
            Self::Practitioner(_) => "Practitioner",
            Self::Location(_) => "Location",
            Self::Organization(_) => "Organization",
            Self::Patient(_) => "Patient",
            Self::Appointment(_) => "Appointment",
            Self::Parameters(_) => "Parameters",
            Self::OperationOutcome(_) => "OperationOutcome",
            Self::CapabilityStatement(_) => "CapabilityStatement",
            Self::Bundle(_) => "Bundle",
            Self::HealthcareService(_) => "HealthcareService",
            Self::Other(kind) => kind,
        }
    }

    /// Parses one resource from JSON by its `resourceType`, moving the JSON into it (a large
    /// Bundle's entries are not copied). `path` prefixes the error path.
    ///
    /// Errors: [`DecodeError`] naming the failing element, e.g. `entry[0].resource.start`.
    pub fn from_value(value: Value, path: &str) -> Result<Self, DecodeError> {
        let kind = resource_type(&value, path)?.to_owned();
        Self::typed_as(&kind, value, path)
    }

    /// Parses one resource from borrowed JSON by its `resourceType`, without copying it.
    /// `path` prefixes the error path.
    ///
    /// Errors: [`DecodeError`] naming the failing element, e.g. `entry[0].resource.start`.
    pub fn from_json(value: &Value, path: &str) -> Result<Self, DecodeError> {
        Self::typed_as(resource_type(value, path)?, value, path)
    }

    /// Deserialises `value` (owned or borrowed JSON) as the resource type `kind`.
    fn typed_as<'de, D>(kind: &str, value: D, path: &str) -> Result<Self, DecodeError>
    where
        D: serde::Deserializer<'de, Error = serde_json::Error>,
    {
        Ok(match kind {
            "Slot" => Self::Slot(typed(value, path)?),
            "Schedule" => Self::Schedule(typed(value, path)?),
            "Practitioner" => Self::Practitioner(typed(value, path)?),
            "Location" => Self::Location(typed(value, path)?),
            "Organization" => Self::Organization(typed(value, path)?),
            "Patient" => Self::Patient(typed(value, path)?),
            "Appointment" => Self::Appointment(typed(value, path)?),
            "Parameters" => Self::Parameters(typed(value, path)?),
            "OperationOutcome" => Self::OperationOutcome(typed(value, path)?),
            "CapabilityStatement" => Self::CapabilityStatement(typed(value, path)?),
            "Bundle" => Self::Bundle(typed(value, path)?),
            "HealthcareService" => Self::HealthcareService(typed(value, path)?),
            other => Self::Other(other.to_owned()),
        })
    }

    /// Reads one resource from its raw JSON text into its type, whatever the order of its keys
    /// (`resourceType` is read first, then the text again as that type; no JSON tree is built).
    /// `None` when the text is not a resource this client can read; the tracked readings say
    /// why.
    pub(crate) fn from_raw_json(text: &str) -> Option<Self> {
        let kind = leading_resource_type(text).map_or_else(
            || {
                serde_json::from_str::<KindOnly<'_>>(text)
                    .ok()
                    .map(|k| k.resource_type)
            },
            |kind| Some(std::borrow::Cow::Borrowed(kind)),
        )?;
        Self::typed_from_str(&kind, text).ok()
    }

    /// Deserialises JSON `text` as the resource type `kind` (`Other` for a type not read).
    fn typed_from_str(kind: &str, text: &str) -> serde_json::Result<Self> {
        Ok(match kind {
            "Slot" => Self::Slot(serde_json::from_str(text)?),
            "Schedule" => Self::Schedule(serde_json::from_str(text)?),
            "Practitioner" => Self::Practitioner(serde_json::from_str(text)?),
            "Location" => Self::Location(serde_json::from_str(text)?),
            "Organization" => Self::Organization(serde_json::from_str(text)?),
            "Patient" => Self::Patient(serde_json::from_str(text)?),
            "Appointment" => Self::Appointment(serde_json::from_str(text)?),
            "Parameters" => Self::Parameters(serde_json::from_str(text)?),
            "OperationOutcome" => Self::OperationOutcome(serde_json::from_str(text)?),
            "CapabilityStatement" => Self::CapabilityStatement(serde_json::from_str(text)?),
            "Bundle" => Self::Bundle(serde_json::from_str(text)?),
            "HealthcareService" => Self::HealthcareService(serde_json::from_str(text)?),
            other => Self::Other(other.to_owned()),
        })
    }

    /// Parses one resource from JSON bytes. Errors name the failing element.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        let value: Value = serde_json::from_slice(bytes)
            .map_err(|e| DecodeError::new("", format!("not valid JSON: {e}")))?;
        Self::from_value(value, "")
    }
}

impl<'de> Deserialize<'de> for Resource {
    /// Reads `resourceType` and then the resource's own fields in one pass when
    /// `resourceType` comes first (as FHIR JSON writes it); otherwise buffers the object.
    /// Nested errors keep their path (`entry[2].resource.start`).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ResourceVisitor)
    }
}

struct ResourceVisitor;

impl<'de> serde::de::Visitor<'de> for ResourceVisitor {
    type Value = Resource;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a FHIR resource (a JSON object with resourceType)")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Resource, A::Error> {
        use serde::de::value::MapAccessDeserializer;
        let first: Option<String> = map.next_key()?;
        if first.as_deref() != Some("resourceType") {
            let mut object = serde_json::Map::new();
            if let Some(key) = first {
                let value: Value = map.next_value()?;
                object.insert(key, value);
            }
            while let Some((key, value)) = map.next_entry::<String, Value>()? {
                object.insert(key, value);
            }
            return Resource::from_value(Value::Object(object), "")
                .map_err(serde::de::Error::custom);
        }
        let kind: String = map.next_value()?;
        let rest = MapAccessDeserializer::new(map);
        Ok(match kind.as_str() {
            "Slot" => Resource::Slot(Slot::deserialize(rest)?),
            "Schedule" => Resource::Schedule(Schedule::deserialize(rest)?),
            "Practitioner" => Resource::Practitioner(Practitioner::deserialize(rest)?),
            "Location" => Resource::Location(Location::deserialize(rest)?),
            "Organization" => Resource::Organization(Organization::deserialize(rest)?),
            "Patient" => Resource::Patient(Patient::deserialize(rest)?),
            "Appointment" => Resource::Appointment(Appointment::deserialize(rest)?),
            "Parameters" => Resource::Parameters(Parameters::deserialize(rest)?),
            "OperationOutcome" => Resource::OperationOutcome(OperationOutcome::deserialize(rest)?),
            "CapabilityStatement" => {
                Resource::CapabilityStatement(CapabilityStatement::deserialize(rest)?)
            }
            "Bundle" => Resource::Bundle(Bundle::deserialize(rest)?),
            "HealthcareService" => {
                Resource::HealthcareService(HealthcareService::deserialize(rest)?)
            }
            _ => {
                serde::de::IgnoredAny::deserialize(rest)?;
                Resource::Other(kind)
            }
        })
    }
}

/// Only the `resourceType` of a resource (every other key skipped without being stored).
#[derive(Deserialize)]
struct KindOnly<'a> {
    #[serde(rename = "resourceType", borrow)]
    resource_type: std::borrow::Cow<'a, str>,
}

/// The `resourceType` when the text starts `{"resourceType":"X"` (as FHIR JSON is written),
/// without reading further; `None` otherwise.
fn leading_resource_type(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix('{')?.trim_start();
    let rest = rest.strip_prefix("\"resourceType\"")?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let end = rest.find('"')?;
    let kind = &rest[..end];
    (!kind.contains('\\')).then_some(kind)
}

/// The `resourceType` of a JSON resource.
fn resource_type<'v>(value: &'v Value, path: &str) -> Result<&'v str, DecodeError> {
    match value.get("resourceType") {
        Some(Value::String(kind)) => Ok(kind),
        Some(_) => Err(DecodeError::new(
            &join_path(path, "resourceType"),
            "resourceType is not a string",
        )),
        None => Err(DecodeError::new(
            &join_path(path, "resourceType"),
            "missing resourceType",
        )),
    }
}

/// Deserialises `T` from owned or borrowed JSON; errors carry `path` plus the inner element
/// path.
fn typed<'de, T, D>(value: D, path: &str) -> Result<T, DecodeError>
where
    T: serde::de::DeserializeOwned,
    D: serde::Deserializer<'de, Error = serde_json::Error>,
{
    serde_path_to_error::deserialize(value).map_err(|e| path_error(path, e))
}

/// A `serde_path_to_error` failure as a [`DecodeError`] at `prefix` plus the inner path.
pub(super) fn path_error(
    prefix: &str,
    e: serde_path_to_error::Error<serde_json::Error>,
) -> DecodeError {
    let inner = e.path().to_string();
    let full = if inner == "." {
        prefix.to_owned()
    } else {
        join_path(prefix, &inner)
    };
    DecodeError::new(&full, e.into_inner().to_string())
}

pub(super) fn join_path(prefix: &str, inner: &str) -> String {
    match (prefix.is_empty(), inner.starts_with('[')) {
        (true, _) => inner.to_owned(),
        (false, true) => format!("{prefix}{inner}"),
        (false, false) => format!("{prefix}.{inner}"),
    }
}

/// Implemented by each resource struct: its `resourceType` and how to take it out of
/// a [`Resource`].
pub trait TypedResource: Sized {
    /// The `resourceType` on the wire.
    const RESOURCE_TYPE: &'static str;
    /// The struct inside `resource` when it is of this type.
    fn from_resource(resource: Resource) -> Option<Self>;
    /// Wraps the struct in a [`Resource`] (for serialising with `resourceType`).
    fn into_resource(self) -> Resource;
}

macro_rules! typed_resource {
    ($($name:ident),+) => {$(
        impl TypedResource for $name {
            const RESOURCE_TYPE: &'static str = stringify!($name);
            fn from_resource(resource: Resource) -> Option<Self> {
                match resource {
                    Resource::$name(inner) => Some(inner),
                    _ => None,
                }
            }
            fn into_resource(self) -> Resource {
                Resource::$name(self)
            }
        }
    )+};
}

typed_resource!(
    Slot,
    Schedule,
    Practitioner,
    Location,
    Organization,
    Patient,
    Appointment,
    Parameters,
    OperationOutcome,
    CapabilityStatement,
    Bundle,
    HealthcareService
);
