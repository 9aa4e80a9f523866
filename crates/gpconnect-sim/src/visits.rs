//! Home visits (GP Connect 1.2.9): a practice's clinician visits the patient at home. Visit
//! slots are never offered to GP Connect, so a visit appointment is only ever made at the
//! practice; retrieve and read return it with an "unknown visit location" (name "Contact
//! practice for location of the visit", address "Unknown") and the kind of visit in
//! `comment`, and amending or cancelling it through GP Connect is refused.
//!
//! The admin API adds one for a patient (`POST /admin/practices/{ods}/visits`), so tests and
//! demos can show how a consumer handles it.

use chrono::{DateTime, Days, Utc};
use serde_json::json;

use crate::model::{Address, PracticeData, SimAppointment, SimLocation};
use crate::outcome::{SimError, SimResult};
use crate::render::meta;
use crate::time::{format_local, uk_date, uk_local};
use crate::vocabulary::{EXT_DELIVERY_CHANNEL, PROFILE_APPOINTMENT};

/// The id of the unknown visit location at every practice.
pub const VISIT_LOCATION_ID: &str = "visit";

/// The delivery channel code of a home visit (1.2.9).
pub const VISIT_CHANNEL: &str = "Visit";

/// Adds a home visit tomorrow at 11:00 (UK) for the active patient with `nhs_number`;
/// returns its appointment id, `None` when the practice holds no such patient.
pub fn add_visit(
    practice: &mut PracticeData,
    nhs_number: &str,
    now: DateTime<Utc>,
    version: &str,
) -> Option<String> {
    let patient_id = practice.find_active(nhs_number)?.id.clone();
    practice
        .locations
        .entry(VISIT_LOCATION_ID.to_owned())
        .or_insert_with(|| SimLocation {
            id: VISIT_LOCATION_ID.to_owned(),
            name: Some("Contact practice for location of the visit".to_owned()),
            address: Address {
                use_: "work".to_owned(),
                lines: vec!["Unknown".to_owned()],
                ..Address::default()
            },
            telephone: practice.organization.telephone.clone(),
            organization_id: practice.organization.id.clone(),
            version: version.to_owned(),
        });
    let day = uk_date(now).checked_add_days(Days::new(1))?;
    let start = uk_local(day, 11, 0)?;
    let end = uk_local(day, 11, 30)?;
    let id = practice.next_appointment.to_string();
    practice.next_appointment += 1;
    let resource = json!({
        "resourceType": "Appointment",
        "id": id,
        "meta": meta(PROFILE_APPOINTMENT, version),
        "extension": [{"url": EXT_DELIVERY_CHANNEL, "valueCode": VISIT_CHANNEL}],
        "status": "booked",
        "description": "Home visit",
        "comment": "Home visit: housebound patient, review of leg ulcer",
        "start": format_local(&start),
        "end": format_local(&end),
        "minutesDuration": 30,
        "created": format_local(&now.with_timezone(&crate::time::UK).fixed_offset()),
        "participant": [
            {"actor": {"reference": format!("Patient/{patient_id}")}, "status": "accepted"},
            {"actor": {"reference": format!("Location/{VISIT_LOCATION_ID}")}, "status": "accepted"}
        ]
    });
    practice.appointments.insert(
        id.clone(),
        SimAppointment {
            id: id.clone(),
            version: version.to_owned(),
            resource,
            patient_id,
            slot_ids: Vec::new(),
            start,
            cancelled: false,
        },
    );
    Some(id)
}

/// Refuses to amend or cancel a home visit (1.2.9).
///
/// Errors: 422 INVALID_RESOURCE when `stored` is a visit.
pub fn refuse_change(stored: &SimAppointment) -> SimResult<()> {
    let visit = stored
        .resource
        .get("extension")
        .and_then(|e| e.as_array())
        .is_some_and(|extensions| {
            extensions.iter().any(|e| {
                e.get("url").and_then(|u| u.as_str()) == Some(EXT_DELIVERY_CHANNEL)
                    && e.get("valueCode").and_then(|v| v.as_str()) == Some(VISIT_CHANNEL)
            })
        });
    if visit {
        return Err(SimError::invalid_resource(
            "a home visit cannot be amended or cancelled through GP Connect",
        ));
    }
    Ok(())
}
