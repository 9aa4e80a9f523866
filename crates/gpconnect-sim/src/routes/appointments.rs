//! Book (§3.5), retrieve (§3.6), read (§3.7), amend (§3.8) and cancel (§3.9): the body rules
//! of [`crate::rules`] applied under the practice lock, then the stored Appointment served
//! as the provider keeps it.

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::{Call, Reply};
use crate::model::{PracticeData, SimAppointment};
use crate::outcome::{SimError, SimResult};
use crate::render::{self, meta, role_concept};
use crate::rules::{booking, changes, extensions};
use crate::time::{format_local, uk_date};
use crate::vocabulary::{EXT_DELIVERY_CHANNEL, EXT_PRACTITIONER_ROLE, PROFILE_APPOINTMENT};

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
/// bookings of one slot exactly one succeeds. Answers 201 with `Location:
/// {root}/Appointment/{id}/_history/{version}` and the stored Appointment (none with
/// `Prefer: return=minimal`).
///
/// Errors: 422 INVALID_RESOURCE for any rule of [`booking::check`]; 409 DUPLICATE_REJECTED
/// when a slot is no longer free.
pub fn book(practice: &mut PracticeData, call: &Call<'_>, version: &str) -> SimResult<Reply> {
    let body = call.json_body("Appointment")?;
    let checked = booking::check(&body, practice, &call.requester.org_ods, call.now)?;
    let slots: Vec<_> = checked
        .slot_indexes
        .iter()
        .filter_map(|i| practice.slots.get(*i).cloned())
        .collect();
    let (Some(first), Some(last)) = (slots.first(), slots.last()) else {
        return Err(SimError::invalid_resource("at least one slot is required"));
    };
    if slots.iter().any(|s| s.busy) {
        return Err(SimError::duplicate("the slot is no longer free"));
    }
    let schedule = practice
        .schedules
        .get(&first.schedule_id)
        .cloned()
        .ok_or_else(|| SimError::internal("slot without schedule"))?;

    // Commit: take the slots and store the appointment as the provider will serve it.
    for index in &checked.slot_indexes {
        if let Some(slot) = practice.slots.get_mut(*index) {
            slot.busy = true;
            slot.version = version.to_owned();
        }
    }
    let id = practice.next_appointment.to_string();
    practice.next_appointment += 1;
    let mut extension: Vec<Value> = body
        .get("extension")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if extensions(&body, EXT_PRACTITIONER_ROLE).is_empty()
        && let Some(role) = &schedule.role
    {
        extension.push(
            json!({"url": EXT_PRACTITIONER_ROLE, "valueCodeableConcept": role_concept(role)}),
        );
    }
    if extensions(&body, EXT_DELIVERY_CHANNEL).is_empty() {
        extension.push(json!({"url": EXT_DELIVERY_CHANNEL, "valueCode": first.channel.code()}));
    }
    let mut resource = body;
    resource.insert("id".to_owned(), json!(id));
    resource.insert("meta".to_owned(), meta(PROFILE_APPOINTMENT, version));
    resource.insert("extension".to_owned(), Value::Array(extension));
    resource.insert(
        "serviceCategory".to_owned(),
        json!({"text": schedule.category}),
    );
    resource.insert("serviceType".to_owned(), json!([{"text": first.slot_type}]));
    resource.insert("start".to_owned(), json!(format_local(&first.start)));
    resource.insert("end".to_owned(), json!(format_local(&last.end)));
    let stored = SimAppointment {
        id: id.clone(),
        version: version.to_owned(),
        resource: Value::Object(resource),
        patient_id: checked.patient_id,
        slot_ids: slots.iter().map(|s| s.id.clone()).collect(),
        start: first.start,
        cancelled: false,
    };
    let location = format!("{}/Appointment/{id}/_history/{version}", call.root);
    let reply = stored_reply(&stored, 201, call, Some(location));
    practice.appointments.insert(id, stored);
    Ok(reply)
}

/// A retrieve `start` value: a two-letter prefix and a full date, nothing else (§3.6).
fn date_param(value: &str) -> Option<(&str, NaiveDate)> {
    let (prefix, date) = value.split_at_checked(2)?;
    Some((prefix, crate::time::parse_date(date)?))
}

/// `GET /Patient/{id}/Appointment?start=ge{d}&start=le{d}`: every appointment of the patient
/// whose UK start day is in the range, cancelled ones included.
///
/// Errors: 404 PATIENT_NOT_FOUND; 422 INVALID_PARAMETER for anything but exactly one
/// date-only `ge` and one `le`, a range starting before today, or end before start.
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
    let found = practice
        .appointments
        .values()
        .filter(|a| a.patient_id == patient_id)
        .filter(|a| {
            let day = a.start.date_naive();
            from <= day && day <= to
        })
        .map(|a| a.resource.clone())
        .collect();
    Ok(Reply::ok(render::searchset(found, false)))
}

fn existing<'a>(practice: &'a PracticeData, call: &Call<'_>) -> SimResult<&'a SimAppointment> {
    practice.appointments.get(call.id()).ok_or_else(|| {
        SimError::not_found("NO_RECORD_FOUND", format!("no Appointment {}", call.id()))
    })
}

/// `GET /Appointment/{id}`, with its `ETag`.
///
/// Errors: 404 NO_RECORD_FOUND; 422 INVALID_RESOURCE for an appointment before today (§3.7,
/// §12: DEMO's code for past appointments).
pub fn read(practice: &PracticeData, call: &Call<'_>) -> SimResult<Reply> {
    let stored = existing(practice, call)?;
    if stored.start.date_naive() < uk_date(call.now) {
        return Err(SimError::invalid_resource(
            "only future appointments can be read",
        ));
    }
    Ok(stored_reply(stored, 200, call, None))
}

/// Stores `resource` as the next version of the appointment, freeing its slots on cancel.
fn commit(
    practice: &mut PracticeData,
    call: &Call<'_>,
    mut resource: Value,
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
    resource["meta"] = meta(PROFILE_APPOINTMENT, version);
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

/// `PUT /Appointment/{id}` with the update interaction: only description and comment change.
///
/// Errors: 404 NO_RECORD_FOUND; 400 BAD_REQUEST for a malformed `If-Match`; 409
/// FHIR_CONSTRAINT_VIOLATION for a stale one; 422 INVALID_RESOURCE for any rule of
/// [`changes::amend`].
pub fn amend(practice: &mut PracticeData, call: &Call<'_>, version: &str) -> SimResult<Reply> {
    let stored = existing(practice, call)?;
    crate::visits::refuse_change(stored)?;
    changes::check_precondition(call.if_match(), stored)?;
    let body = call.json_body("Appointment")?;
    let resource = changes::amend(&body, stored, call.now)?;
    commit(practice, call, resource, false, version)
}

/// `PUT /Appointment/{id}` with the cancel interaction: `status` → `cancelled` and the reason
/// extension; frees the slots.
///
/// Errors: 404 NO_RECORD_FOUND; 400 BAD_REQUEST for a malformed `If-Match`; 409
/// FHIR_CONSTRAINT_VIOLATION for a stale one; 422 INVALID_PARAMETER for an empty reason; 422
/// INVALID_RESOURCE for any other rule of [`changes::cancel`].
pub fn cancel(practice: &mut PracticeData, call: &Call<'_>, version: &str) -> SimResult<Reply> {
    let stored = existing(practice, call)?;
    crate::visits::refuse_change(stored)?;
    changes::check_precondition(call.if_match(), stored)?;
    let body = call.json_body("Appointment")?;
    let resource = changes::cancel(&body, stored, call.now)?;
    commit(practice, call, resource, true, version)
}
