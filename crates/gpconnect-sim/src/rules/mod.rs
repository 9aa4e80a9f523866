//! The providers' rules for request bodies, checked on the raw JSON (`serde_json::Value`) as
//! the simulator reads §3.4, §3.5, §3.8 and §3.9: which elements may be sent, which must
//! not, references, the booking organisation, participants, slots, text limits, and what an
//! amend or cancel may change. Unknown JSON properties are 422 INVALID_RESOURCE (§3.5).
//!
//! Belongs here: pure checks of one body against what the practice holds. Taking slots,
//! storing and answering are in `routes/`.

pub mod booking;
pub mod changes;
pub mod nhs_number;
pub mod registration;

use serde_json::{Map, Value};

use crate::interactions::is_logical_id;
use crate::outcome::{SimError, SimResult};

/// A JSON object.
pub type Object = Map<String, Value>;

/// The elements of an STU3 `Appointment`.
pub const APPOINTMENT_ELEMENTS: [&str; 29] = [
    "resourceType",
    "id",
    "meta",
    "implicitRules",
    "language",
    "text",
    "contained",
    "extension",
    "modifierExtension",
    "identifier",
    "status",
    "serviceCategory",
    "serviceType",
    "specialty",
    "appointmentType",
    "reason",
    "indication",
    "priority",
    "description",
    "supportingInformation",
    "start",
    "end",
    "minutesDuration",
    "slot",
    "created",
    "comment",
    "incomingReferral",
    "participant",
    "requestedPeriod",
];

/// The elements of an STU3 `Organization`.
pub const ORGANIZATION_ELEMENTS: [&str; 18] = [
    "resourceType",
    "id",
    "meta",
    "implicitRules",
    "language",
    "text",
    "contained",
    "extension",
    "modifierExtension",
    "identifier",
    "active",
    "type",
    "name",
    "alias",
    "telecom",
    "address",
    "partOf",
    "contact",
];

/// The elements of an STU3 `Identifier`.
pub const IDENTIFIER_ELEMENTS: [&str; 8] = [
    "id",
    "extension",
    "use",
    "type",
    "system",
    "value",
    "period",
    "assigner",
];

/// The elements of an STU3 `HumanName`.
pub const HUMAN_NAME_ELEMENTS: [&str; 9] = [
    "id",
    "extension",
    "use",
    "text",
    "family",
    "given",
    "prefix",
    "suffix",
    "period",
];

/// The elements of an STU3 `ContactPoint`.
pub const CONTACT_POINT_ELEMENTS: [&str; 7] = [
    "id",
    "extension",
    "system",
    "value",
    "use",
    "rank",
    "period",
];

/// The elements of an STU3 `Address`.
pub const ADDRESS_ELEMENTS: [&str; 12] = [
    "id",
    "extension",
    "use",
    "type",
    "text",
    "line",
    "city",
    "district",
    "state",
    "postalCode",
    "country",
    "period",
];

/// The elements of an STU3 `Appointment.participant`.
pub const PARTICIPANT_ELEMENTS: [&str; 7] = [
    "id",
    "extension",
    "modifierExtension",
    "type",
    "actor",
    "required",
    "status",
];

/// The elements of an STU3 `Reference`.
pub const REFERENCE_ELEMENTS: [&str; 4] = ["id", "extension", "reference", "display"];

/// 422 INVALID_RESOURCE naming the first key of `object` that is not one of `allowed`.
pub fn known_elements(object: &Object, allowed: &[&str], what: &str) -> SimResult<()> {
    match object.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(key) => Err(SimError::invalid_resource(format!(
            "unknown element {what}.{key}"
        ))),
        None => Ok(()),
    }
}

/// [`known_elements`] for every object in the array `object[key]` (absent: nothing to check);
/// 422 when `object[key]` is present but not an array of objects.
pub fn known_elements_each(
    object: &Object,
    key: &str,
    allowed: &[&str],
    what: &str,
) -> SimResult<()> {
    for item in array(object, key, what)? {
        let item = item
            .as_object()
            .ok_or_else(|| SimError::invalid_resource(format!("{what}.{key} must hold objects")))?;
        known_elements(item, allowed, &format!("{what}.{key}"))?;
    }
    Ok(())
}

/// The string at `object[key]`, if it is one.
pub fn text<'a>(object: &'a Object, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Value::as_str)
}

/// The array at `object[key]`: empty when absent; 422 when present but not an array.
pub fn array<'a>(object: &'a Object, key: &str, what: &str) -> SimResult<&'a [Value]> {
    match object.get(key) {
        None => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(SimError::invalid_resource(format!(
            "{what}.{key} must be an array"
        ))),
    }
}

/// The extensions of `object` whose `url` is `url`.
pub fn extensions<'a>(object: &'a Object, url: &str) -> Vec<&'a Object> {
    object
        .get("extension")
        .and_then(Value::as_array)
        .map(|all| {
            all.iter()
                .filter_map(Value::as_object)
                .filter(|e| text(e, "url") == Some(url))
                .collect()
        })
        .unwrap_or_default()
}

/// The id of a local relative reference `{resource_type}/{id}` (§2.1); `None` for an absolute
/// URL, another type or a malformed id.
pub fn relative_id<'a>(reference: &'a str, resource_type: &str) -> Option<&'a str> {
    let id = reference.strip_prefix(resource_type)?.strip_prefix('/')?;
    is_logical_id(id).then_some(id)
}

/// Every `reference` string anywhere in `value` is local: `Type/id` or a contained `#id`
/// (§2.1: absolute references are 422 INVALID_RESOURCE).
pub fn check_references(value: &Value) -> SimResult<()> {
    match value {
        Value::Object(map) => {
            if let Some(reference) = map.get("reference") {
                let local = reference.as_str().is_some_and(|r| {
                    r.strip_prefix('#').is_some_and(is_logical_id)
                        || r.split_once('/').is_some_and(|(kind, id)| {
                            !kind.is_empty()
                                && kind.bytes().all(|b| b.is_ascii_alphabetic())
                                && is_logical_id(id)
                        })
                });
                if !local {
                    return Err(SimError::invalid_resource(format!(
                        "references must be local and relative (Type/id): {reference}"
                    )));
                }
            }
            map.values().try_for_each(check_references)
        }
        Value::Array(items) => items.iter().try_for_each(check_references),
        _ => Ok(()),
    }
}

/// The number of Unicode characters of `text` (the limits of §3.5 count characters).
pub fn characters(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_are_local() {
        assert!(check_references(&json!({"a": [{"reference": "Patient/2"}]})).is_ok());
        assert!(check_references(&json!({"valueReference": {"reference": "#1"}})).is_ok());
        for bad in [
            "https://x/Patient/1",
            "Patient/",
            "/Patient/1",
            "Slot/hello world",
            "",
        ] {
            assert!(
                check_references(&json!({"slot": [{"reference": bad}]})).is_err(),
                "{bad}"
            );
        }
        assert_eq!(relative_id("Slot/12", "Slot"), Some("12"));
        assert_eq!(relative_id("Slots/12", "Slot"), None);
        assert_eq!(relative_id("https://x/Slot/12", "Slot"), None);
    }
}
