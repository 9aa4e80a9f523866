//! Bundle (searchset, §3.2, §3.3, §3.4, §3.6), read entry by entry or in one pass.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Resource;
use super::resource::path_error;
use crate::error::DecodeError;
use crate::fhir::datatypes::{Meta, one_or_many};

/// One Bundle entry. The resource is kept as JSON so that a bad entry can be reported with
/// its exact path (`entry[3].resource.start`) and the other entries still read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleEntry {
    /// Providers SHOULD NOT fill it and consumers MUST NOT use it (§2.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_url: Option<String>,
    /// The resource, as JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<Value>,
}

/// A `searchset` Bundle (§3.2, §3.3, §3.4, §3.6). No paging in GP Connect.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    /// Profile (register-patient responses).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// `searchset`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// Entries; absent when nothing matched.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub entry: Vec<BundleEntry>,
}

impl Bundle {
    /// Parses every entry's resource. Errors name the entry and the element
    /// (`entry[2].resource.start`).
    pub fn resources(&self) -> Result<Vec<Resource>, DecodeError> {
        self.entry
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.resource.as_ref().map(|r| (i, r)))
            .map(|(i, r)| Resource::from_json(r, &format!("entry[{i}].resource")))
            .collect()
    }
}

/// A searchset Bundle read straight into typed resources, in one pass over the bytes.
#[derive(Deserialize)]
struct TypedBundle {
    #[serde(rename = "resourceType")]
    resource_type: String,
    #[serde(default)]
    meta: Option<Meta>,
    #[serde(default, deserialize_with = "one_or_many")]
    entry: Vec<TypedEntry>,
}

#[derive(Deserialize)]
struct TypedEntry {
    #[serde(default)]
    resource: Option<Resource>,
}

impl Bundle {
    /// Reads a Bundle's resources straight from JSON bytes, without an intermediate JSON
    /// tree: the fast path for large slot searches.
    ///
    /// Errors: [`DecodeError`] naming the failing element (`entry[2].resource.start`), or
    /// the document when it is not a Bundle.
    pub fn resources_from_slice(bytes: &[u8]) -> Result<Vec<Resource>, DecodeError> {
        Self::searchset_from_slice(bytes).map(|(_, resources)| resources)
    }

    /// As [`Bundle::resources_from_slice`], with the Bundle's `meta` (a 1.2.8 slot search
    /// carries its service filtering status there).
    ///
    /// Two readings: first each entry's resource is taken as raw JSON and read straight into
    /// its type, whatever the order of its keys (no JSON tree is built); only when that fails
    /// is the document read again tracking paths, to name the failing element exactly.
    ///
    /// Errors: as [`Bundle::resources_from_slice`].
    pub fn searchset_from_slice(
        bytes: &[u8],
    ) -> Result<(Option<Meta>, Vec<Resource>), DecodeError> {
        match Self::read_raw(bytes) {
            Some(read) => Ok(read),
            None => Self::read_tracked(bytes),
        }
    }

    /// The quick reading: `None` on any problem (the tracked reading then says which).
    fn read_raw(bytes: &[u8]) -> Option<(Option<Meta>, Vec<Resource>)> {
        let bundle: RawBundle<'_> = serde_json::from_slice(bytes).ok()?;
        if bundle.resource_type != "Bundle" {
            return None;
        }
        let mut resources = Vec::with_capacity(bundle.entry.len());
        for entry in bundle.entry {
            if let Some(raw) = entry.resource {
                resources.push(Resource::from_raw_json(raw.get())?);
            }
        }
        Some((bundle.meta, resources))
    }

    /// The tracked reading: exact error paths (`entry[2].resource.start`).
    fn read_tracked(bytes: &[u8]) -> Result<(Option<Meta>, Vec<Resource>), DecodeError> {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let bundle: TypedBundle =
            serde_path_to_error::deserialize(&mut deserializer).map_err(|e| path_error("", e))?;
        if bundle.resource_type != "Bundle" {
            return Err(DecodeError::new(
                "resourceType",
                format!("expected Bundle, found {}", bundle.resource_type),
            ));
        }
        let resources = bundle
            .entry
            .into_iter()
            .filter_map(|e| e.resource)
            .collect();
        Ok((bundle.meta, resources))
    }
}

/// A searchset Bundle with each entry's resource kept as raw JSON, borrowed from the bytes.
#[derive(Deserialize)]
struct RawBundle<'a> {
    #[serde(rename = "resourceType", borrow)]
    resource_type: std::borrow::Cow<'a, str>,
    #[serde(default)]
    meta: Option<Meta>,
    #[serde(default, borrow, deserialize_with = "one_or_many")]
    entry: Vec<RawEntry<'a>>,
}

#[derive(Deserialize)]
struct RawEntry<'a> {
    #[serde(default, borrow)]
    resource: Option<&'a serde_json::value::RawValue>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spec's slot search example, with every object's keys in alphabetical order (as a
    /// JSON library without order preservation writes them): `resourceType` is then never
    /// first, and the quick reading must still give what the tracked one gives.
    #[test]
    fn quick_and_tracked_readings_agree_whatever_the_key_order() {
        let text = include_str!(
            "../../../../../tests/fixtures/gpconnect-1.2.7/search_for_free_slots_response_example.json"
        );
        let sorted: serde_json::Value = serde_json::from_str(text).unwrap();
        for bytes in [
            text.as_bytes().to_vec(),
            serde_json::to_vec(&sorted).unwrap(),
        ] {
            let quick = Bundle::read_raw(&bytes).expect("the quick reading succeeds");
            let tracked = Bundle::read_tracked(&bytes).unwrap();
            assert_eq!(quick, tracked);
            assert_eq!(quick.1.len(), 6);
        }
        // A bad element: the quick reading gives up and the tracked one names it.
        let bad = br#"{"resourceType":"Bundle","entry":[{"resource":{"start":5,"resourceType":"Slot"}}]}"#;
        assert!(Bundle::read_raw(bad).is_none());
        let error = Bundle::searchset_from_slice(bad).unwrap_err();
        assert!(
            error.path.starts_with("entry[0]") && error.to_string().contains("start"),
            "{error}"
        );
    }
}
