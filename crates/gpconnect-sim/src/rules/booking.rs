//! The body of `POST /Appointment` as a provider checks it (§3.5, §7.1, §8), on the raw JSON:
//! elements (STU3 Appointment only, none of the forbidden ones), `meta.profile`, `status`,
//! identifiers, extensions, description and comment limits, the contained booking
//! organisation, participants, local references, `start`/`end`/`created` in UK local time,
//! and the slots: known, distinct, adjacent, one schedule/channel/type, in the future, inside
//! the booking window, open to this organisation, matching start and end.
//!
//! Every refusal here is 422 INVALID_RESOURCE; a slot that is no longer free (409) is
//! decided where the slots are taken, in `routes::appointments`.

use chrono::{DateTime, FixedOffset, Utc};
use serde_json::Value;

use super::{
    APPOINTMENT_ELEMENTS, CONTACT_POINT_ELEMENTS, IDENTIFIER_ELEMENTS, ORGANIZATION_ELEMENTS,
    Object, PARTICIPANT_ELEMENTS, REFERENCE_ELEMENTS, array, characters, check_references,
    extensions, known_elements, known_elements_each, relative_id, text,
};
use crate::model::{Filters, PracticeData};
use crate::outcome::{SimError, SimResult};
use crate::time::{is_uk_local, parse_with_offset};
use crate::vocabulary::{
    CODESYSTEM_ORGANISATION_TYPE, EXT_BOOKING_ORGANISATION, EXT_CANCELLATION_REASON,
    EXT_DELIVERY_CHANNEL, EXT_PRACTITIONER_ROLE, ORGANISATION_TYPES, PROFILE_APPOINTMENT,
    SYSTEM_ODS_ORGANISATION,
};

/// Elements the spec says never to send (§3.5) or the profile sets to max 0 (§7.1).
pub const FORBIDDEN: [&str; 7] = [
    "reason",
    "specialty",
    "appointmentType",
    "indication",
    "supportingInformation",
    "incomingReferral",
    "requestedPeriod",
];

/// `Appointment.description`: at most 100 characters (§3.5).
pub const MAX_DESCRIPTION: usize = 100;
/// `Appointment.comment`: at most 500 characters (§3.5).
pub const MAX_COMMENT: usize = 500;

/// The STU3 participation status codes (`Appointment.participant.status`, 1..1).
const PARTICIPATION_STATUS: [&str; 4] = ["accepted", "declined", "tentative", "needs-action"];

/// A booking that passed every body rule: what the provider takes and stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedBooking {
    /// Indexes into the practice's slots, in start order.
    pub slot_indexes: Vec<usize>,
    /// The patient's logical id.
    pub patient_id: String,
}

fn invalid(message: impl Into<String>) -> SimError {
    SimError::invalid_resource(message)
}

/// The elements and their forms, shared by book, amend and cancel: known STU3 elements only,
/// none forbidden, local references, the Appointment profile, identifiers with system and
/// value only, and each GP Connect extension at most once.
pub fn check_elements(body: &Object) -> SimResult<()> {
    if let Some(key) = body.keys().find(|k| FORBIDDEN.contains(&k.as_str())) {
        return Err(invalid(format!("{key} must not be sent (§3.5)")));
    }
    if body.contains_key("modifierExtension") {
        return Err(invalid("modifierExtension is not supported"));
    }
    known_elements(body, &APPOINTMENT_ELEMENTS, "Appointment")?;
    check_references(&Value::Object(body.clone()))?;
    let profiled = body
        .get("meta")
        .and_then(|m| m.get("profile"))
        .and_then(Value::as_array)
        .is_some_and(|p| p.iter().any(|p| p.as_str() == Some(PROFILE_APPOINTMENT)));
    if !profiled {
        return Err(invalid(format!(
            "meta.profile must name {PROFILE_APPOINTMENT}"
        )));
    }
    known_elements_each(body, "identifier", &IDENTIFIER_ELEMENTS, "Appointment")?;
    for identifier in array(body, "identifier", "Appointment")? {
        let filled = |key: &str| {
            identifier
                .get(key)
                .and_then(Value::as_str)
                .is_some_and(|v| !v.trim().is_empty())
        };
        if !filled("system") || !filled("value") {
            return Err(invalid(
                "an Appointment identifier needs a system and a value",
            ));
        }
        if let Some(key) = ["use", "type", "period", "assigner"]
            .into_iter()
            .find(|k| identifier.get(*k).is_some())
        {
            return Err(invalid(format!(
                "Appointment.identifier.{key} must not be sent"
            )));
        }
    }
    for extension in array(body, "extension", "Appointment")? {
        if extension.get("url").and_then(Value::as_str).is_none() {
            return Err(invalid("every extension needs a url"));
        }
    }
    for url in [
        EXT_BOOKING_ORGANISATION,
        EXT_DELIVERY_CHANNEL,
        EXT_PRACTITIONER_ROLE,
        EXT_CANCELLATION_REASON,
    ] {
        if extensions(body, url).len() > 1 {
            return Err(invalid(format!("at most one extension {url}")));
        }
    }
    Ok(())
}

/// `description` present, non-blank, at most 100 characters; `comment` at most 500 (§3.5).
pub fn check_text(body: &Object) -> SimResult<()> {
    let description = text(body, "description")
        .filter(|d| !d.trim().is_empty())
        .ok_or_else(|| invalid("description is required"))?;
    if characters(description) > MAX_DESCRIPTION {
        return Err(invalid(
            "Appointment description cannot be greater then 100 characters",
        ));
    }
    match body.get("comment") {
        None => Ok(()),
        Some(Value::String(c)) if characters(c) <= MAX_COMMENT => Ok(()),
        Some(Value::String(_)) => Err(invalid(
            "Appointment comment cannot be greater then 500 characters",
        )),
        Some(_) => Err(invalid("comment must be a string")),
    }
}

/// The contained booking organisation (§3.5): the extension's `#id` names the one contained
/// Organization, which has an ODS identifier, a name, a telecom and at most one type from
/// GPConnect-OrganisationType-1. Returns (ODS code, type code).
pub fn booking_organisation(body: &Object) -> SimResult<(String, Option<String>)> {
    let [extension] = extensions(body, EXT_BOOKING_ORGANISATION)[..] else {
        return Err(invalid("the booking organisation extension is required"));
    };
    let fragment = extension
        .get("valueReference")
        .and_then(|r| r.get("reference"))
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .ok_or_else(|| invalid("the booking organisation extension needs valueReference #id"))?;
    let contained = array(body, "contained", "Appointment")?;
    let [Value::Object(organisation)] = contained else {
        return Err(invalid(
            "contained must hold exactly the booking Organization",
        ));
    };
    if text(organisation, "resourceType") != Some("Organization")
        || text(organisation, "id") != Some(fragment)
    {
        return Err(invalid(format!("no contained Organization #{fragment}")));
    }
    known_elements(
        organisation,
        &ORGANIZATION_ELEMENTS,
        "contained Organization",
    )?;
    known_elements_each(
        organisation,
        "identifier",
        &IDENTIFIER_ELEMENTS,
        "Organization",
    )?;
    known_elements_each(
        organisation,
        "telecom",
        &CONTACT_POINT_ELEMENTS,
        "Organization",
    )?;
    let identifiers = array(organisation, "identifier", "Organization")?;
    if identifiers
        .iter()
        .any(|i| i.get("system").and_then(Value::as_str) != Some(SYSTEM_ODS_ORGANISATION))
    {
        return Err(invalid(
            "the booking organisation identifier must be an ODS code",
        ));
    }
    let ods = identifiers
        .iter()
        .find_map(|i| i.get("value").and_then(Value::as_str))
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| invalid("the booking organisation needs an ODS code"))?;
    if text(organisation, "name").is_none_or(|n| n.trim().is_empty()) {
        return Err(invalid("the booking organisation needs a name"));
    }
    let telecom = array(organisation, "telecom", "Organization")?;
    if !telecom.iter().any(|t| {
        t.get("value")
            .and_then(Value::as_str)
            .is_some_and(|v| !v.trim().is_empty())
    }) {
        return Err(invalid("the booking organisation needs a telecom"));
    }
    let org_type = match array(organisation, "type", "Organization")? {
        [] => None,
        [concept] => {
            let code = concept
                .get("coding")
                .and_then(Value::as_array)
                .and_then(|codings| {
                    codings.iter().find(|c| {
                        c.get("system").and_then(Value::as_str)
                            == Some(CODESYSTEM_ORGANISATION_TYPE)
                    })
                })
                .and_then(|c| c.get("code").and_then(Value::as_str))
                .filter(|code| ORGANISATION_TYPES.contains(code))
                .ok_or_else(|| {
                    invalid("the booking organisation type must be gp-practice or urgent-care")
                })?;
            Some(code.to_owned())
        }
        _ => return Err(invalid("at most one booking organisation type")),
    };
    Ok((ods.to_owned(), org_type))
}

/// The participants (§3.5): each an `actor.reference` to `Patient/`, `Location/` or
/// `Practitioner/` with a participation status; exactly one Patient and one Location, at
/// most one Practitioner. Returns (patient, location, practitioner) ids.
pub fn participants(body: &Object) -> SimResult<(String, String, Option<String>)> {
    let mut patient = None;
    let mut location = None;
    let mut practitioner = None;
    known_elements_each(body, "participant", &PARTICIPANT_ELEMENTS, "Appointment")?;
    for participant in array(body, "participant", "Appointment")? {
        let actor = participant
            .get("actor")
            .and_then(Value::as_object)
            .ok_or_else(|| invalid("each participant needs actor.reference"))?;
        known_elements(actor, &REFERENCE_ELEMENTS, "Appointment.participant.actor")?;
        let reference = text(actor, "reference")
            .ok_or_else(|| invalid("each participant needs actor.reference"))?;
        let status = participant.get("status").and_then(Value::as_str);
        if !status.is_some_and(|s| PARTICIPATION_STATUS.contains(&s)) {
            return Err(invalid(
                "each participant needs a status (accepted, declined, tentative, needs-action)",
            ));
        }
        let (slot, id) = if let Some(id) = relative_id(reference, "Patient") {
            (&mut patient, id)
        } else if let Some(id) = relative_id(reference, "Location") {
            (&mut location, id)
        } else if let Some(id) = relative_id(reference, "Practitioner") {
            (&mut practitioner, id)
        } else {
            return Err(invalid(format!(
                "invalid participant reference {reference}"
            )));
        };
        if slot.replace(id.to_owned()).is_some() {
            return Err(invalid(format!(
                "two participants of the kind of {reference}"
            )));
        }
    }
    let patient = patient.ok_or_else(|| invalid("a Patient participant is required"))?;
    let location = location.ok_or_else(|| invalid("a Location participant is required"))?;
    Ok((patient, location, practitioner))
}

/// `start`, `end` or `created`: required, `yyyy-mm-ddThh:mm:ss±hh:mm` in UK local time
/// (§2.4: never `Z`).
pub fn uk_datetime(body: &Object, key: &str) -> SimResult<DateTime<FixedOffset>> {
    text(body, key)
        .and_then(parse_with_offset)
        .filter(is_uk_local)
        .ok_or_else(|| {
            invalid(format!(
                "{key} is required as UK local time with its offset (yyyy-mm-ddThh:mm:ss+hh:mm)"
            ))
        })
}

/// Every rule of a new booking at `practice`, asked for by `requester_ods` at `now`.
///
/// Errors: 422 INVALID_RESOURCE naming the first rule broken.
pub fn check(
    body: &Object,
    practice: &PracticeData,
    requester_ods: &str,
    now: DateTime<Utc>,
) -> SimResult<CheckedBooking> {
    check_elements(body)?;
    if text(body, "status") != Some("booked") {
        return Err(invalid("status must be booked"));
    }
    if !extensions(body, EXT_CANCELLATION_REASON).is_empty() {
        return Err(invalid("a cancellation reason must not be sent on booking"));
    }
    check_text(body)?;
    let (org_ods, org_type) = booking_organisation(body)?;
    let (patient_id, location_id, practitioner_id) = participants(body)?;
    let start = uk_datetime(body, "start")?;
    let end = uk_datetime(body, "end")?;
    uk_datetime(body, "created")?;

    let references = array(body, "slot", "Appointment")?;
    if references.is_empty() {
        return Err(invalid("at least one slot is required"));
    }
    let mut indexes = Vec::new();
    for reference in references {
        let text = reference
            .get("reference")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let index = relative_id(text, "Slot")
            .and_then(|id| practice.slot_index(id))
            .ok_or_else(|| invalid(format!("slot reference {text} is not a known slot")))?;
        if indexes.contains(&index) {
            return Err(invalid(format!("slot {text} is given twice")));
        }
        indexes.push(index);
    }
    let slot = |i: usize| practice.slots.get(i);
    indexes.sort_by_key(|i| slot(*i).map(|s| s.start));
    let slots: Vec<_> = indexes.iter().filter_map(|i| slot(*i)).collect();
    let (Some(first), Some(last)) = (slots.first(), slots.last()) else {
        return Err(invalid("at least one slot is required"));
    };
    for pair in slots.windows(2) {
        if let [a, b] = pair {
            if a.schedule_id != b.schedule_id
                || a.channel != b.channel
                || a.slot_type != b.slot_type
            {
                return Err(invalid(format!(
                    "Subsequent slot {} delivery channel/service type/schedule is not equal to slot {}",
                    b.id, a.id
                )));
            }
            if a.end != b.start {
                return Err(invalid(format!(
                    "slots {} and {} are not adjacent",
                    a.id, b.id
                )));
            }
        }
    }
    if start != first.start || end != last.end {
        return Err(invalid(
            "start and end must equal the first slot's start and the last slot's end",
        ));
    }
    if first.start.with_timezone(&Utc) <= now {
        return Err(invalid("appointments can only be booked in the future"));
    }
    if !practice.window.allows(first.start, now) {
        return Err(invalid("the slot is outside the practice's booking window"));
    }
    let filters = Filters {
        org_type: org_type.clone(),
        ods_code: Some(org_ods),
    };
    if !slots.iter().all(|s| s.visible_to(&filters)) {
        return Err(invalid(
            "the slot may not be booked by this organisation (type or ODS restriction)",
        ));
    }
    if let Some(sent) = practice
        .searched_types
        .get(&requester_ods.to_ascii_uppercase())
        && !sent.contains(&org_type)
    {
        return Err(invalid(
            "the booking organisation's type must repeat the organisation type sent as searchFilter in the slot search, or be left out when none was sent (§3.5, §8)",
        ));
    }
    let schedule = practice
        .schedules
        .get(&first.schedule_id)
        .ok_or_else(|| SimError::internal("slot without schedule"))?;
    if location_id != schedule.location_id {
        return Err(invalid(format!(
            "the Location participant must be the schedule's Location/{}",
            schedule.location_id
        )));
    }
    if practitioner_id.is_some() && practitioner_id != schedule.practitioner_id {
        return Err(invalid(
            "the Practitioner participant is not the schedule's",
        ));
    }
    let patient_ok = practice
        .patients
        .get(&patient_id)
        .is_some_and(|p| p.active && !p.sensitive);
    if !patient_ok {
        return Err(invalid(format!(
            "Patient/{patient_id} is not an active patient here"
        )));
    }
    Ok(CheckedBooking {
        slot_indexes: indexes,
        patient_id,
    })
}
