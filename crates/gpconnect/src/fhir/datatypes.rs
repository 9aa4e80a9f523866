//! STU3 data types used by GP Connect: Meta, Coding, CodeableConcept, Identifier, Reference,
//! Period, HumanName, ContactPoint, Address and Extension.
//!
//! Parsing is tolerant (§11.5): unknown elements are ignored and a single object is accepted
//! where STU3 has an array. Serialising writes only the elements that are present, so an
//! outgoing payload carries nothing the builder did not set.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// Deserialises either a JSON array or a single value into a `Vec`.
///
/// The 1.2.7 examples carry `Location.telecom` and `Location.address` as single objects
/// where STU3 has arrays (fixtures README); both forms are accepted. `null` gives an empty
/// `Vec`. Elements are read through the original deserializer, so a decode error still
/// names its exact path (`slot[1].reference`).
pub fn one_or_many<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_any(OneOrMany(PhantomData))
}

struct OneOrMany<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrMany<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or an array of values")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(items)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(|item| vec![item])
    }

    fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<T>, E> {
        T::deserialize(v.into_deserializer()).map(|item| vec![item])
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Vec<T>, E> {
        T::deserialize(v.into_deserializer()).map(|item| vec![item])
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Vec<T>, E> {
        T::deserialize(v.into_deserializer()).map(|item| vec![item])
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Vec<T>, E> {
        T::deserialize(v.into_deserializer()).map(|item| vec![item])
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Vec<T>, E> {
        T::deserialize(v.into_deserializer()).map(|item| vec![item])
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Vec<T>, E> {
        T::deserialize(v.into_deserializer()).map(|item| vec![item])
    }
}

/// Declares an open code enum: known codes as variants, anything else kept as `Other`.
///
/// Provider data never fails to parse because of a code this client does not know (§11.5).
macro_rules! open_enum {
    (
        $(#[$doc:meta])*
        pub enum $name:ident { $( $(#[$vdoc:meta])* $variant:ident => $code:literal ),+ $(,)? }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
        pub enum $name {
            $( $(#[$vdoc])* $variant, )+
            /// A code this client does not know, kept as received.
            Other(String),
        }

        impl $name {
            /// The code as on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $code, )+
                    Self::Other(code) => code,
                }
            }

            /// Maps a code to a known variant, or `Other`.
            pub fn from_code(code: &str) -> Self {
                match code {
                    $( $code => Self::$variant, )+
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = String::deserialize(d)?;
                Ok(Self::from_code(&code))
            }
        }
    };
}
pub(crate) use open_enum;

/// Resource metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    /// Version of the resource, sent back in `If-Match` as `W/"{versionId}"` (§2.2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    /// When the provider last changed the resource.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
    /// Profile URLs the resource claims (§7.1).
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub profile: Vec<String>,
    /// Extensions, e.g. a slot search Bundle's service filtering status (1.2.8).
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub extension: Vec<Extension>,
}

impl Meta {
    /// Meta carrying one profile URL and nothing else, as outgoing payloads do.
    pub fn profile(url: &str) -> Self {
        Self {
            profile: vec![url.to_owned()],
            ..Self::default()
        }
    }
}

/// A code from a code system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Coding {
    /// Code system URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// The code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Human-readable text for the code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

/// Codes and/or text for one concept.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CodeableConcept {
    /// Codes for the concept.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub coding: Vec<Coding>,
    /// Plain text, e.g. the practice-defined slot type (`Slot.serviceType.text`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl CodeableConcept {
    /// The first coding's display, else its code, else the text.
    pub fn label(&self) -> Option<&str> {
        self.coding
            .iter()
            .find_map(|c| c.display.as_deref().or(c.code.as_deref()))
            .or(self.text.as_deref())
    }

    /// The code of the first coding with `system`, if any.
    pub fn code_in(&self, system: &str) -> Option<&str> {
        self.coding
            .iter()
            .find(|c| c.system.as_deref() == Some(system))
            .and_then(|c| c.code.as_deref())
    }
}

/// A business identifier such as an NHS number or ODS code.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Identifier {
    /// Extensions, e.g. the NHS number verification status.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub extension: Vec<Extension>,
    /// Identifier system URL (§7.3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// The identifier value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl Identifier {
    /// An identifier with a system and value only.
    pub fn new(system: &str, value: &str) -> Self {
        Self {
            extension: Vec::new(),
            system: Some(system.to_owned()),
            value: Some(value.to_owned()),
        }
    }
}

/// Finds the value of the first identifier with `system`.
pub fn identifier_value<'a>(identifiers: &'a [Identifier], system: &str) -> Option<&'a str> {
    identifiers
        .iter()
        .find(|i| i.system.as_deref() == Some(system))
        .and_then(|i| i.value.as_deref())
}

/// A reference to another resource: local relative (`Slot/1`) or contained (`#1`) (§2.1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// The reference text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Display text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

impl Reference {
    /// A reference with only the `reference` element.
    pub fn to(reference: impl Into<String>) -> Self {
        Self {
            reference: Some(reference.into()),
            display: None,
        }
    }

    /// The referenced type and id when this is `{Type}/{id}`.
    pub fn type_and_id(&self) -> Option<(&str, &str)> {
        let reference = self.reference.as_deref()?;
        let (kind, id) = reference.split_once('/')?;
        (!kind.is_empty() && !id.is_empty() && !id.contains('/')).then_some((kind, id))
    }
}

/// A time range; the strings are FHIR dateTimes as received.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Period {
    /// Start, inclusive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// End, inclusive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// A person's name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HumanName {
    /// `official`, `usual`, …; registration requires exactly one `official` (§3.4).
    #[serde(rename = "use", skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    /// Full name as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Family name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Given names.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub given: Vec<String>,
    /// Titles, e.g. `Dr`.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub prefix: Vec<String>,
}

impl HumanName {
    /// "Dr Sarah Black": prefix, given names and family name, or the text.
    pub fn display(&self) -> String {
        let parts: Vec<&str> = self
            .prefix
            .iter()
            .chain(self.given.iter())
            .map(String::as_str)
            .chain(self.family.as_deref())
            .filter(|p| !p.trim().is_empty())
            .collect();
        if parts.is_empty() {
            self.text.clone().unwrap_or_default()
        } else {
            parts.join(" ")
        }
    }
}

/// A phone number or email address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactPoint {
    /// `phone`, `email`, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// The number or address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// `home`, `work`, `mobile`, `temp`, …
    #[serde(rename = "use", skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
}

/// A postal address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// `home`, `temp`, `work`, `old`.
    #[serde(rename = "use", skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    /// `postal`, `physical`, `both`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// Full address as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Street lines.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub line: Vec<String>,
    /// Town or city.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// District or county.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// State (rarely used in the UK).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Postcode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl Address {
    /// The non-empty parts in order: lines, city, district, postcode.
    pub fn lines(&self) -> Vec<String> {
        let parts: Vec<String> = self
            .line
            .iter()
            .chain(self.city.iter())
            .chain(self.district.iter())
            .chain(self.postal_code.iter())
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        if parts.is_empty() {
            self.text.iter().cloned().collect()
        } else {
            parts
        }
    }
}

/// A FHIR extension, found by `url` (§11.5). Only the value types GP Connect uses are typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Extension {
    /// Identifies the extension (§7.2); for sub-extensions a short name.
    pub url: String,
    /// Nested extensions (e.g. registration details).
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub extension: Vec<Extension>,
    /// `valueCode` (delivery channel).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_code: Option<String>,
    /// `valueString` (cancellation reason).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_string: Option<String>,
    /// `valueBoolean` (interpreter required).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_boolean: Option<bool>,
    /// `valueDateTime`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_date_time: Option<String>,
    /// `valueReference` (booking organisation, preferred branch surgery).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_reference: Option<Reference>,
    /// `valueCodeableConcept` (practitioner role, registration type, verification status).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_codeable_concept: Option<CodeableConcept>,
    /// `valuePeriod` (registration period).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_period: Option<Period>,
}

impl Extension {
    /// An extension with a `valueCode`.
    pub fn code(url: &str, code: &str) -> Self {
        Self {
            url: url.to_owned(),
            value_code: Some(code.to_owned()),
            ..Self::default()
        }
    }

    /// An extension with a `valueString`.
    pub fn string(url: &str, value: &str) -> Self {
        Self {
            url: url.to_owned(),
            value_string: Some(value.to_owned()),
            ..Self::default()
        }
    }

    /// An extension with a `valueReference`.
    pub fn reference(url: &str, reference: &str) -> Self {
        Self {
            url: url.to_owned(),
            value_reference: Some(Reference::to(reference)),
            ..Self::default()
        }
    }

    /// An extension with a `valueCodeableConcept`.
    pub fn codeable_concept(url: &str, concept: CodeableConcept) -> Self {
        Self {
            url: url.to_owned(),
            value_codeable_concept: Some(concept),
            ..Self::default()
        }
    }
}

/// Finds the first extension with `url` in any order (§11.5).
pub fn find_extension<'a>(extensions: &'a [Extension], url: &str) -> Option<&'a Extension> {
    extensions.iter().find(|e| e.url == url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "one_or_many")]
        telecom: Vec<ContactPoint>,
    }

    #[test]
    fn one_or_many_accepts_object_array_and_null() {
        let single: Holder = serde_json::from_str(r#"{"telecom":{"value":"1"}}"#).unwrap();
        let many: Holder =
            serde_json::from_str(r#"{"telecom":[{"value":"1"},{"value":"2"}]}"#).unwrap();
        let null: Holder = serde_json::from_str(r#"{"telecom":null}"#).unwrap();
        let absent: Holder = serde_json::from_str("{}").unwrap();
        assert_eq!(single.telecom.len(), 1);
        assert_eq!(many.telecom.len(), 2);
        assert!(null.telecom.is_empty() && absent.telecom.is_empty());
    }

    #[test]
    fn human_name_display() {
        let name = HumanName {
            family: Some("Black".into()),
            given: vec!["Sarah".into()],
            prefix: vec!["Mrs".into()],
            ..HumanName::default()
        };
        assert_eq!(name.display(), "Mrs Sarah Black");
    }

    #[test]
    fn reference_type_and_id() {
        assert_eq!(
            Reference::to("Location/17").type_and_id(),
            Some(("Location", "17"))
        );
        assert_eq!(Reference::to("#1").type_and_id(), None);
        assert_eq!(Reference::to("https://a/Location/1").type_and_id(), None);
    }
}
