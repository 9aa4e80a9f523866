//! `PUT /Appointment/{id}` as a provider checks it: the `If-Match` precondition (§2.2, §3.8,
//! §3.9), the body's id, the shared element rules, and what each interaction may change. An
//! amend changes only `description` and `comment` (§3.8); a cancel changes only `status` to
//! `cancelled` and adds the cancellation-reason extension (§3.9). `meta`, `serviceCategory`
//! and `serviceType` are the provider's own and are not compared.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::booking::{check_elements, check_text};
use super::{Object, extensions, text};
use crate::model::SimAppointment;
use crate::outcome::{SimError, SimResult};
use crate::vocabulary::EXT_CANCELLATION_REASON;

/// The version an `If-Match` value names: `W/"<versionId>"` (§2.2), or a strong `"<versionId>"`.
/// `None` for anything else (no quotes, empty).
pub fn if_match_version(value: &str) -> Option<&str> {
    let value = value.trim();
    let quoted = value.strip_prefix("W/").unwrap_or(value);
    quoted
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .filter(|v| !v.is_empty() && !v.contains('"'))
}

/// The precondition: with an `If-Match`, it must name the stored version.
///
/// Errors: 400 BAD_REQUEST for a malformed `If-Match`; 409 FHIR_CONSTRAINT_VIOLATION when
/// it names another version (§3.9, §6.2).
pub fn check_precondition(if_match: Option<&str>, stored: &SimAppointment) -> SimResult<()> {
    let Some(header) = if_match else {
        return Ok(());
    };
    let wanted = if_match_version(header).ok_or_else(|| {
        SimError::bad_request(format!("If-Match must be W/\"<versionId>\", was {header}"))
    })?;
    if wanted != stored.version {
        return Err(SimError::version_conflict(format!(
            "If-Match {header} does not match the current version W/\"{}\"",
            stored.version
        )));
    }
    Ok(())
}

/// What every update needs: the body's id is the URL's, the element rules hold, and the
/// stored appointment is neither cancelled nor started.
fn check_common(body: &Object, stored: &SimAppointment, now: DateTime<Utc>) -> SimResult<()> {
    if text(body, "id") != Some(stored.id.as_str()) {
        return Err(SimError::invalid_resource(
            "the body's id must equal the URL's id",
        ));
    }
    check_elements(body)?;
    if stored.cancelled {
        return Err(SimError::invalid_resource(
            "the appointment is cancelled and cannot be changed",
        ));
    }
    if stored.start.with_timezone(&Utc) <= now {
        return Err(SimError::invalid_resource(
            "only future appointments can be changed",
        ));
    }
    Ok(())
}

/// `value` without `keys`.
fn without(value: &Value, keys: &[&str]) -> Value {
    let mut value = value.clone();
    if let Some(map) = value.as_object_mut() {
        for key in keys {
            map.remove(*key);
        }
    }
    value
}

/// The amended resource: the stored one with the body's `description` and `comment` (an
/// absent comment removes it).
///
/// Errors: 422 INVALID_RESOURCE for a cancellation reason, text over its limit, or any other
/// change (§3.8).
pub fn amend(body: &Object, stored: &SimAppointment, now: DateTime<Utc>) -> SimResult<Value> {
    check_common(body, stored, now)?;
    if !extensions(body, EXT_CANCELLATION_REASON).is_empty() {
        return Err(SimError::invalid_resource(
            "a cancellation reason must not be sent on amend",
        ));
    }
    check_text(body)?;
    let ignore = [
        "meta",
        "description",
        "comment",
        "serviceCategory",
        "serviceType",
    ];
    if without(&Value::Object(body.clone()), &ignore) != without(&stored.resource, &ignore) {
        return Err(SimError::invalid_resource(
            "only description and comment may be amended",
        ));
    }
    let mut resource = stored.resource.clone();
    if let Some(map) = resource.as_object_mut() {
        map.insert(
            "description".to_owned(),
            body.get("description").cloned().unwrap_or(Value::Null),
        );
        match body.get("comment") {
            Some(comment) => map.insert("comment".to_owned(), comment.clone()),
            None => map.remove("comment"),
        };
    }
    Ok(resource)
}

/// The cancelled resource: the stored one with `status: cancelled` and the body's extensions
/// (the stored ones plus the reason).
///
/// Errors: 422 INVALID_PARAMETER for an empty reason; 422 INVALID_RESOURCE for a status other
/// than `cancelled`, a missing reason extension, or any other change (§3.9).
pub fn cancel(body: &Object, stored: &SimAppointment, now: DateTime<Utc>) -> SimResult<Value> {
    check_common(body, stored, now)?;
    if text(body, "status") != Some("cancelled") {
        return Err(SimError::invalid_resource("status must be cancelled"));
    }
    let [reason] = extensions(body, EXT_CANCELLATION_REASON)[..] else {
        return Err(SimError::invalid_resource(
            "the cancellation reason extension is required",
        ));
    };
    let reason_text = text(reason, "valueString").unwrap_or_default();
    if reason_text.trim().is_empty() {
        return Err(SimError::invalid_parameter(
            "the cancellation reason is empty",
        ));
    }
    let sent: Vec<Value> = body
        .get("extension")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let others: Vec<&Value> = sent
        .iter()
        .filter(|e| e.get("url").and_then(Value::as_str) != Some(EXT_CANCELLATION_REASON))
        .collect();
    let stored_extensions: Vec<&Value> = stored
        .resource
        .get("extension")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let ignore = [
        "meta",
        "status",
        "serviceCategory",
        "serviceType",
        "extension",
    ];
    if without(&Value::Object(body.clone()), &ignore) != without(&stored.resource, &ignore)
        || others != stored_extensions
    {
        return Err(SimError::invalid_resource(
            "only status and the cancellation reason may change on cancel",
        ));
    }
    let mut resource = stored.resource.clone();
    if let Some(map) = resource.as_object_mut() {
        map.insert("status".to_owned(), json!("cancelled"));
        map.insert("extension".to_owned(), Value::Array(sent));
    }
    Ok(resource)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_names_a_quoted_version() {
        assert_eq!(if_match_version("W/\"42\""), Some("42"));
        assert_eq!(if_match_version("\"42\""), Some("42"));
        assert_eq!(if_match_version(" W/\"42\" "), Some("42"));
        assert_eq!(
            if_match_version("42"),
            None,
            "quotes are part of an entity tag"
        );
        assert_eq!(if_match_version("W/42"), None);
        assert_eq!(if_match_version("W/\"\""), None);
        assert_eq!(if_match_version("W/\"4\"2\""), None);
    }
}
