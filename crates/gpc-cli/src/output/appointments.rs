//! Appointments as tables, with their locations' and practitioners' names.

use std::collections::HashMap;

use comfy_table::Table;
use gpconnect::Practice;
use gpconnect::appointments::AppointmentSummary;
use gpconnect::ids::{LocationId, PractitionerId};

use super::slots::role_text;
use super::*;

/// Names of an appointment's location and practitioner, read separately (§3.6: retrieve
/// does not include them). Missing entries are shown by id.
#[derive(Debug, Clone, Default)]
pub struct ParticipantNames {
    /// Location id → "name, address".
    pub locations: HashMap<LocationId, String>,
    /// Practitioner id → display name.
    pub practitioners: HashMap<PractitionerId, String>,
}

impl ParticipantNames {
    fn location(&self, id: Option<&LocationId>) -> String {
        id.map(|id| {
            self.locations
                .get(id)
                .cloned()
                .unwrap_or_else(|| id.reference())
        })
        .unwrap_or_default()
    }

    fn practitioner(&self, id: Option<&PractitionerId>) -> String {
        id.map(|id| {
            self.practitioners
                .get(id)
                .cloned()
                .unwrap_or_else(|| id.reference())
        })
        .unwrap_or_default()
    }
}

pub(super) fn status_text(summary: &AppointmentSummary) -> String {
    summary
        .status
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

fn booked_by(summary: &AppointmentSummary) -> String {
    summary
        .booking_organisation
        .as_ref()
        .map(|o| {
            let name = o.name.clone().unwrap_or_default();
            match &o.ods_code {
                Some(ods) => format!("{name} ({ods})"),
                None => name,
            }
        })
        .unwrap_or_default()
}

/// The appointments table (retrieve), one row per appointment.
pub fn appointments_table(appointments: &[AppointmentSummary], names: &ParticipantNames) -> Table {
    let mut table = table(&[
        "Appointment",
        "Status",
        "Date",
        "Start",
        "End",
        "Mins",
        "Description",
        "Channel",
        "Slot type",
        "Location",
        "Practitioner",
        "Booked by",
    ]);
    for a in appointments {
        table.add_row(vec![
            a.id.to_string(),
            status_text(a),
            a.start.as_ref().map(uk_day).unwrap_or_default(),
            a.start.as_ref().map(uk_time).unwrap_or_default(),
            a.end.as_ref().map(uk_time).unwrap_or_default(),
            a.duration_minutes
                .map(|m| m.to_string())
                .unwrap_or_default(),
            text(a.description.as_deref()),
            a.delivery_channel
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            text(a.slot_type.as_deref()),
            names.location(a.location_id.as_ref()),
            names.practitioner(a.practitioner_id.as_ref()),
            booked_by(a),
        ]);
    }
    table
}

/// One appointment, field by field.
pub fn appointment_table(a: &AppointmentSummary, names: &ParticipantNames) -> Table {
    let organisation = a.booking_organisation.as_ref();
    let rows = vec![
        ("Appointment", a.id.to_string()),
        ("Version", text(a.version_id.as_deref())),
        ("Status", status_text(a)),
        (
            "Start",
            a.start.as_ref().map(uk_datetime).unwrap_or_default(),
        ),
        ("End", a.end.as_ref().map(uk_datetime).unwrap_or_default()),
        (
            "Duration",
            a.duration_minutes
                .map(|m| format!("{m} min"))
                .unwrap_or_default(),
        ),
        ("Description", text(a.description.as_deref())),
        ("Comment", text(a.comment.as_deref())),
        (
            "Delivery channel",
            a.delivery_channel
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        ),
        ("Slot type", text(a.slot_type.as_deref())),
        ("Schedule type", text(a.schedule_type.as_deref())),
        ("Location", names.location(a.location_id.as_ref())),
        (
            "Practitioner",
            names.practitioner(a.practitioner_id.as_ref()),
        ),
        ("Role", role_text(a.practitioner_role.as_ref())),
        (
            "Patient id",
            a.patient_id
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        ),
        ("Booked by", booked_by(a)),
        (
            "Booked by phone",
            text(organisation.and_then(|o| o.telephone.as_deref())),
        ),
        (
            "Slots",
            a.slot_ids
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (
            "Booked at",
            a.created.as_ref().map(uk_datetime).unwrap_or_default(),
        ),
        (
            "Cancellation reason",
            text(a.cancellation_reason.as_deref()),
        ),
    ];
    field_table(rows.into_iter().filter(|(_, v)| !v.is_empty()).collect())
}

/// A practice found in SDS, field by field.
pub fn practice_table(practice: &Practice) -> Table {
    field_table(vec![
        ("ODS code", practice.ods_code.to_string()),
        ("Name", practice.name.clone()),
        ("Provider root", practice.provider_root.to_string()),
        ("ASID", practice.asid.to_string()),
    ])
}
