//! Book (§3.5), retrieve (§3.6), read (§3.7), amend (§3.8) and cancel (§3.9), with the
//! body rules providers apply and the assurance suite tests.

use chrono::NaiveDate;
use gpconnect::fhir::urls::{
    CODESYSTEM_ORGANISATION_TYPE, EXT_BOOKING_ORGANISATION, EXT_CANCELLATION_REASON,
    EXT_DELIVERY_CHANNEL, EXT_PRACTITIONER_ROLE, PROFILE_APPOINTMENT, SYSTEM_ODS_ORGANISATION,
};
use gpconnect::fhir::{Appointment, Bundle, BundleEntry, Extension, Resource, find_extension};
use gpconnect::time::{parse_datetime, uk_date};
use serde_json::{Map, Value, json};

use super::{Call, Reply, relative_id};
use crate::model::{Filters, PracticeData, SimAppointment, provider_time, role_concept};
use crate::outcome::{SimError, SimResult};

/// Elements the profile forbids (max 0) or the spec says never to send (§3.5).
const FORBIDDEN: [&str; 7] = [
    "reason",
    "specialty",
    "appointmentType",
    "indication",
    "supportingInformation",
    "incomingReferral",
    "requestedPeriod",
];
/// Elements a booking may carry.
const ALLOWED: [&str; 14] = [
    "resourceType",
    "meta",
    "contained",
    "extension",
    "status",
    "description",
    "start",
    "end",
    "slot",
    "created",
    "comment",
    "participant",
    "serviceCategory",
    "serviceType",
];

fn check_elements(body: &Map<String, Value>, extra: &[&str]) -> SimResult<()> {
    for key in body.keys() {
        if FORBIDDEN.contains(&key.as_str()) {
            return Err(SimError::invalid_resource(format!(
                "{key} must not be sent"
            )));
        }
        if !ALLOWED.contains(&key.as_str()) && !extra.contains(&key.as_str()) {
            return Err(SimError::invalid_resource(format!("unknown element {key}")));
        }
    }
    Ok(())
}

fn check_text(appointment: &Appointment) -> SimResult<()> {
    let description = appointment
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
        .ok_or_else(|| SimError::invalid_resource("description is required"))?;
    if description.chars().count() > 100 {
        return Err(SimError::invalid_resource(
            "Appointment description cannot be greater then 100 characters",
        ));
    }
    if appointment
        .comment
        .as_deref()
        .is_some_and(|c| c.chars().count() > 500)
    {
        return Err(SimError::invalid_resource(
            "Appointment comment cannot be greater then 500 characters",
        ));
    }
    Ok(())
}

fn check_references(body: &Map<String, Value>) -> SimResult<()> {
    let text = Value::Object(body.clone()).to_string();
    if text.contains("\"reference\":\"http") {
        return Err(SimError::invalid_resource(
            "references must be local and relative",
        ));
    }
    Ok(())
}

/// The booking organisation (§3.5): extension → contained Organization with ODS identifier,
/// name and telephone; its type, if any, a valid code. Returns (ODS, type).
fn booking_organisation(appointment: &Appointment) -> SimResult<(String, Option<String>)> {
    let reference = find_extension(&appointment.extension, EXT_BOOKING_ORGANISATION)
        .and_then(|e| e.value_reference.as_ref())
        .and_then(|r| r.reference.as_deref())
        .ok_or_else(|| {
            SimError::invalid_resource("the booking organisation extension is required")
        })?;
    let organisation = appointment.booking_organisation().ok_or_else(|| {
        SimError::invalid_resource(format!("no contained Organization {reference}"))
    })?;
    let ods = organisation
        .ods_code()
        .filter(|o| !o.is_empty())
        .ok_or_else(|| SimError::invalid_resource("the booking organisation needs an ODS code"))?;
    if organisation
        .name
        .as_deref()
        .is_none_or(|n| n.trim().is_empty())
    {
        return Err(SimError::invalid_resource(
            "the booking organisation needs a name",
        ));
    }
    if organisation.telecom.is_empty() {
        return Err(SimError::invalid_resource(
            "the booking organisation needs a telecom",
        ));
    }
    let org_type = match organisation.type_.as_slice() {
        [] => None,
        [concept] => match concept.code_in(CODESYSTEM_ORGANISATION_TYPE) {
            Some(code @ ("gp-practice" | "urgent-care")) => Some(code.to_owned()),
            _ => {
                return Err(SimError::invalid_resource(
                    "the booking organisation type must be gp-practice or urgent-care",
                ));
            }
        },
        _ => {
            return Err(SimError::invalid_resource(
                "at most one booking organisation type",
            ));
        }
    };
    if organisation
        .identifier
        .iter()
        .any(|i| i.system.as_deref() != Some(SYSTEM_ODS_ORGANISATION))
    {
        return Err(SimError::invalid_resource(
            "the booking organisation identifier must be an ODS code",
        ));
    }
    Ok((ods.to_owned(), org_type))
}

fn participants(appointment: &Appointment) -> SimResult<(String, String, Option<String>)> {
    let mut patient = None;
    let mut location = None;
    let mut practitioner = None;
    for participant in &appointment.participant {
        let reference = participant
            .actor
            .as_ref()
            .and_then(|a| a.reference.as_deref())
            .ok_or_else(|| SimError::invalid_resource("each participant needs actor.reference"))?;
        if participant.status.as_deref().is_none_or(str::is_empty) {
            return Err(SimError::invalid_resource(
                "each participant needs a status",
            ));
        }
        if let Some(id) = relative_id(reference, "Patient") {
            patient = Some(id.to_owned());
        } else if let Some(id) = relative_id(reference, "Location") {
            location = Some(id.to_owned());
        } else if let Some(id) = relative_id(reference, "Practitioner") {
            practitioner = Some(id.to_owned());
        } else {
            return Err(SimError::invalid_resource(format!(
                "invalid participant reference {reference}"
            )));
        }
    }
    let patient =
        patient.ok_or_else(|| SimError::invalid_resource("a Patient participant is required"))?;
    let location =
        location.ok_or_else(|| SimError::invalid_resource("a Location participant is required"))?;
    Ok((patient, location, practitioner))
}

fn stored_reply(
    stored: &SimAppointment,
    status: u16,
    call: &Call<'_>,
    location: Option<String>,
) -> Reply {
    Reply {
        status,
        body: (!call.wants_minimal()).then(|| stored.resource.to_string().into_bytes()),
        version: Some(stored.version.clone()),
        location,
    }
}

/// `POST /Appointment`. The slots are checked and taken under the practice lock, so of two
/// bookings of one slot exactly one succeeds.
///
/// Errors: 422 INVALID_RESOURCE for any body or business-rule failure (forbidden or unknown
/// elements, missing participants, description/comment limits, booking organisation, slots
/// not adjacent or not matching start/end, past, outside the booking window, restricted to
/// other organisations); 409 DUPLICATE_REJECTED when a slot is no longer free.
pub fn book(practice: &mut PracticeData, call: &Call<'_>, version: &str) -> SimResult<Reply> {
    let body = call.json_body("Appointment")?;
    check_elements(&body, &[])?;
    check_references(&body)?;
    let appointment: Appointment = serde_json::from_value(Value::Object(body.clone()))
        .map_err(|e| SimError::invalid_resource(format!("Appointment: {e}")))?;
    if appointment.status.as_ref().map(|s| s.as_str()) != Some("booked") {
        return Err(SimError::invalid_resource("status must be booked"));
    }
    if find_extension(&appointment.extension, EXT_CANCELLATION_REASON).is_some() {
        return Err(SimError::invalid_resource(
            "a cancellation reason must not be sent on booking",
        ));
    }
    check_text(&appointment)?;
    let (org_ods, org_type) = booking_organisation(&appointment)?;
    let (patient_id, location_id, practitioner_id) = participants(&appointment)?;
    let (Some(start), Some(end)) = (
        appointment
            .start
            .as_deref()
            .and_then(|s| parse_datetime(s).ok()),
        appointment
            .end
            .as_deref()
            .and_then(|s| parse_datetime(s).ok()),
    ) else {
        return Err(SimError::invalid_resource(
            "start and end are required date-times with offsets",
        ));
    };
    if appointment.slot.is_empty() {
        return Err(SimError::invalid_resource("at least one slot is required"));
    }
    let mut indexes = Vec::new();
    for reference in &appointment.slot {
        let text = reference.reference.as_deref().unwrap_or_default();
        let index = relative_id(text, "Slot")
            .and_then(|id| practice.slot_index(id))
            .ok_or_else(|| {
                SimError::invalid_resource(format!("slot reference {text} is not a known slot"))
            })?;
        if indexes.contains(&index) {
            return Err(SimError::invalid_resource(format!(
                "slot {text} is given twice"
            )));
        }
        indexes.push(index);
    }
    indexes.sort_by_key(|i| practice.slots[*i].start);
    let slots: Vec<_> = indexes.iter().map(|i| practice.slots[*i].clone()).collect();
    let (Some(first), Some(last)) = (slots.first(), slots.last()) else {
        return Err(SimError::invalid_resource("at least one slot is required"));
    };
    for pair in slots.windows(2) {
        if let [a, b] = pair {
            if a.schedule_id != b.schedule_id
                || a.channel != b.channel
                || a.slot_type != b.slot_type
            {
                return Err(SimError::invalid_resource(format!(
                    "Subsequent slot {} delivery channel/service type/schedule is not equal to slot {}",
                    b.id, a.id
                )));
            }
            if a.end != b.start {
                return Err(SimError::invalid_resource(format!(
                    "slots {} and {} are not adjacent",
                    a.id, b.id
                )));
            }
        }
    }
    if start != first.start || end != last.end {
        return Err(SimError::invalid_resource(
            "start and end must equal the slots' start and end",
        ));
    }
    if first.start.with_timezone(&chrono::Utc) <= call.now {
        return Err(SimError::invalid_resource(
            "appointments can only be booked in the future",
        ));
    }
    if !practice.window.allows(first.start, call.now) {
        return Err(SimError::invalid_resource(
            "the slot is outside the practice's booking window",
        ));
    }
    let filters = Filters {
        org_type: org_type.clone(),
        ods_code: Some(org_ods.clone()),
    };
    if !slots.iter().all(|s| s.visible_to(&filters)) {
        return Err(SimError::invalid_resource(
            "the slot may not be booked by this organisation (type or ODS restriction)",
        ));
    }
    let schedule = practice
        .schedules
        .get(&first.schedule_id)
        .cloned()
        .ok_or_else(|| SimError::internal("slot without schedule"))?;
    if location_id != schedule.location_id {
        return Err(SimError::invalid_resource(format!(
            "the Location participant must be the schedule's Location/{}",
            schedule.location_id
        )));
    }
    if practitioner_id.is_some() && practitioner_id != schedule.practitioner_id {
        return Err(SimError::invalid_resource(
            "the Practitioner participant is not the schedule's",
        ));
    }
    let patient_ok = practice
        .patients
        .get(&patient_id)
        .is_some_and(|p| p.active && !p.sensitive);
    if !patient_ok {
        return Err(SimError::invalid_resource(format!(
            "Patient/{patient_id} is not an active patient here"
        )));
    }
    if slots.iter().any(|s| s.busy) {
        return Err(SimError::duplicate("the slot is no longer free"));
    }

    // Commit: take the slots and store the appointment as the provider will serve it.
    for index in &indexes {
        practice.slots[*index].busy = true;
        practice.slots[*index].version = version.to_owned();
    }
    let id = practice.next_appointment.to_string();
    practice.next_appointment += 1;
    let mut resource = body;
    resource.insert("id".to_owned(), json!(id));
    resource.insert(
        "meta".to_owned(),
        json!({"versionId": version, "profile": [PROFILE_APPOINTMENT]}),
    );
    resource.insert(
        "serviceCategory".to_owned(),
        json!({"text": schedule.category}),
    );
    resource.insert("serviceType".to_owned(), json!([{"text": first.slot_type}]));
    let mut extensions: Vec<Extension> = appointment.extension.clone();
    if find_extension(&extensions, EXT_PRACTITIONER_ROLE).is_none()
        && let Some(role) = &schedule.role
    {
        extensions.push(Extension::codeable_concept(
            EXT_PRACTITIONER_ROLE,
            role_concept(role),
        ));
    }
    if find_extension(&extensions, EXT_DELIVERY_CHANNEL).is_none() {
        extensions.push(Extension::code(
            EXT_DELIVERY_CHANNEL,
            first.channel.as_str(),
        ));
    }
    resource.insert(
        "extension".to_owned(),
        serde_json::to_value(&extensions).map_err(|e| SimError::internal(e.to_string()))?,
    );
    resource.insert("start".to_owned(), json!(provider_time(&first.start)));
    resource.insert("end".to_owned(), json!(provider_time(&last.end)));
    let stored = SimAppointment {
        id: id.clone(),
        version: version.to_owned(),
        resource: Value::Object(resource),
        patient_id,
        slot_ids: slots.iter().map(|s| s.id.clone()).collect(),
        start: first.start,
        cancelled: false,
    };
    let location = format!("{}/Appointment/{id}/_history/{version}", call.root);
    let reply = stored_reply(&stored, 201, call, Some(location));
    practice.appointments.insert(id, stored);
    Ok(reply)
}

fn date_param(value: &str) -> Option<(&str, NaiveDate)> {
    let (prefix, date) = value.split_at_checked(2)?;
    if date.len() != 10 {
        return None;
    }
    Some((prefix, NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?))
}

/// `GET /Patient/{id}/Appointment?start=ge{d}&start=le{d}`: every appointment of the patient
/// in the range, cancelled ones included.
///
/// Errors: 404 PATIENT_NOT_FOUND; 422 INVALID_PARAMETER for anything but exactly one
/// date-only `ge` and one `le`, a range in the past, or end before start.
pub fn retrieve(practice: &PracticeData, call: &Call<'_>) -> SimResult<Reply> {
    let patient_id = call.id();
    if practice
        .patients
        .get(patient_id)
        .is_none_or(|p| p.sensitive)
    {
        return Err(SimError::not_found(
            "PATIENT_NOT_FOUND",
            format!("no Patient {patient_id}"),
        ));
    }
    let starts = call.values("start");
    let parsed: Vec<_> = starts.iter().map(|s| date_param(s)).collect();
    let (from, to) = match parsed.as_slice() {
        [Some(("ge", from)), Some(("le", to))] | [Some(("le", to)), Some(("ge", from))] => {
            (*from, *to)
        }
        _ => {
            return Err(SimError::invalid_parameter(
                "exactly two start parameters are required: start=geYYYY-MM-DD&start=leYYYY-MM-DD",
            ));
        }
    };
    let today = uk_date(call.now);
    if from < today {
        return Err(SimError::invalid_parameter(format!(
            "the search range starts in the past ({from}); only appointments from today ({today}) are available"
        )));
    }
    if to < from {
        return Err(SimError::invalid_parameter(
            "the range ends before it starts",
        ));
    }
    let entries = practice
        .appointments
        .values()
        .filter(|a| a.patient_id == patient_id)
        .filter(|a| {
            let day = a.start.date_naive();
            from <= day && day <= to
        })
        .map(|a| BundleEntry {
            full_url: None,
            resource: Some(a.resource.clone()),
        })
        .collect();
    let bundle = Bundle {
        meta: None,
        type_: Some("searchset".to_owned()),
        entry: entries,
    };
    Ok(Reply::ok(super::to_json(&Resource::Bundle(bundle))?))
}

fn existing<'a>(practice: &'a PracticeData, call: &Call<'_>) -> SimResult<&'a SimAppointment> {
    practice.appointments.get(call.id()).ok_or_else(|| {
        SimError::not_found("NO_RECORD_FOUND", format!("no Appointment {}", call.id()))
    })
}

/// `GET /Appointment/{id}`. Errors: 404 NO_RECORD_FOUND; 422 for an appointment before today.
pub fn read(practice: &PracticeData, call: &Call<'_>) -> SimResult<Reply> {
    let stored = existing(practice, call)?;
    if stored.start.date_naive() < uk_date(call.now) {
        return Err(SimError::invalid_resource(
            "only future appointments can be read",
        ));
    }
    Ok(stored_reply(stored, 200, call, None))
}

fn strip(value: &Value, keys: &[&str]) -> Value {
    let mut value = value.clone();
    if let Some(map) = value.as_object_mut() {
        for key in keys {
            map.remove(*key);
        }
    }
    value
}

/// Checks `If-Match` against the stored version, the body's id, and that the appointment can
/// still change. Returns the body.
fn check_update(practice: &PracticeData, call: &Call<'_>) -> SimResult<Map<String, Value>> {
    let stored = existing(practice, call)?;
    if let Some(if_match) = call.headers.get("if-match").and_then(|v| v.to_str().ok()) {
        let wanted = gpconnect::appointments::version_from_etag(if_match).unwrap_or_default();
        if wanted != stored.version {
            return Err(SimError::version_conflict(format!(
                "If-Match {if_match} does not match the current version W/\"{}\"",
                stored.version
            )));
        }
    }
    let body = call.json_body("Appointment")?;
    if body.get("id").and_then(Value::as_str) != Some(stored.id.as_str()) {
        return Err(SimError::invalid_resource(
            "the body's id must equal the URL's id",
        ));
    }
    check_elements(&body, &["id"])?;
    check_references(&body)?;
    if stored.cancelled {
        return Err(SimError::invalid_resource(
            "the appointment is cancelled and cannot be changed",
        ));
    }
    if stored.start.with_timezone(&chrono::Utc) <= call.now {
        return Err(SimError::invalid_resource(
            "only future appointments can be changed",
        ));
    }
    Ok(body)
}

fn commit(
    practice: &mut PracticeData,
    call: &Call<'_>,
    resource: Value,
    cancel: bool,
    version: &str,
) -> SimResult<Reply> {
    let id = call.id().to_owned();
    let Some(stored) = practice.appointments.get_mut(&id) else {
        return Err(SimError::not_found(
            "NO_RECORD_FOUND",
            format!("no Appointment {id}"),
        ));
    };
    let mut resource = resource;
    resource["meta"] = json!({"versionId": version, "profile": [PROFILE_APPOINTMENT]});
    stored.resource = resource;
    stored.version = version.to_owned();
    stored.cancelled = cancel;
    let slot_ids = stored.slot_ids.clone();
    let reply = stored_reply(stored, 200, call, None);
    if cancel {
        for slot in practice
            .slots
            .iter_mut()
            .filter(|s| slot_ids.contains(&s.id))
        {
            slot.busy = false;
            slot.version = version.to_owned();
        }
    }
    Ok(reply)
}

/// `PUT /Appointment/{id}` with the update interaction: only description and comment may
/// change.
///
/// Errors: 409 FHIR_CONSTRAINT_VIOLATION for a stale `If-Match`; 422 INVALID_RESOURCE for any
/// other change, a cancellation reason, a cancelled or past appointment, text limits.
pub fn amend(practice: &mut PracticeData, call: &Call<'_>, version: &str) -> SimResult<Reply> {
    let body = check_update(practice, call)?;
    let appointment: Appointment = serde_json::from_value(Value::Object(body.clone()))
        .map_err(|e| SimError::invalid_resource(format!("Appointment: {e}")))?;
    if find_extension(&appointment.extension, EXT_CANCELLATION_REASON).is_some() {
        return Err(SimError::invalid_resource(
            "a cancellation reason must not be sent on amend",
        ));
    }
    check_text(&appointment)?;
    let stored = existing(practice, call)?;
    let ignore = [
        "meta",
        "description",
        "comment",
        "serviceCategory",
        "serviceType",
    ];
    if strip(&Value::Object(body.clone()), &ignore) != strip(&stored.resource, &ignore) {
        return Err(SimError::invalid_resource(
            "only description and comment may be amended",
        ));
    }
    let mut resource = stored.resource.clone();
    resource["description"] = body.get("description").cloned().unwrap_or(Value::Null);
    match body.get("comment") {
        Some(comment) => resource["comment"] = comment.clone(),
        None => {
            if let Some(map) = resource.as_object_mut() {
                map.remove("comment");
            }
        }
    }
    commit(practice, call, resource, false, version)
}

/// `PUT /Appointment/{id}` with the cancel interaction: only `status` → `cancelled` and the
/// cancellation-reason extension may change. Frees the slots.
///
/// Errors: 409 FHIR_CONSTRAINT_VIOLATION for a stale `If-Match`; 422 INVALID_PARAMETER for an
/// empty reason; 422 INVALID_RESOURCE for a wrong or missing extension or any other change.
pub fn cancel(practice: &mut PracticeData, call: &Call<'_>, version: &str) -> SimResult<Reply> {
    let body = check_update(practice, call)?;
    if body.get("status").and_then(Value::as_str) != Some("cancelled") {
        return Err(SimError::invalid_resource("status must be cancelled"));
    }
    let extensions = body
        .get("extension")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let reason = extensions
        .iter()
        .find(|e| e.get("url").and_then(Value::as_str) == Some(EXT_CANCELLATION_REASON))
        .ok_or_else(|| {
            SimError::invalid_resource("the cancellation reason extension is required")
        })?;
    let text = reason
        .get("valueString")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if text.trim().is_empty() {
        return Err(SimError::invalid_parameter(
            "the cancellation reason is empty",
        ));
    }
    let stored = existing(practice, call)?;
    let ignore = [
        "meta",
        "status",
        "serviceCategory",
        "serviceType",
        "extension",
    ];
    let others: Vec<&Value> = extensions
        .iter()
        .filter(|e| e.get("url").and_then(Value::as_str) != Some(EXT_CANCELLATION_REASON))
        .collect();
    let stored_extensions: Vec<&Value> = stored
        .resource
        .get("extension")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    if strip(&Value::Object(body.clone()), &ignore) != strip(&stored.resource, &ignore)
        || others != stored_extensions
    {
        return Err(SimError::invalid_resource(
            "only status and the cancellation reason may change on cancel",
        ));
    }
    let mut resource = stored.resource.clone();
    resource["status"] = json!("cancelled");
    resource["extension"] = Value::Array(extensions);
    commit(practice, call, resource, true, version)
}
