//! Booking one slot or several adjacent ones (§3.5), and the confirmation.

use gpconnect::appointments::AppointmentRecord;
use gpconnect::directory::LocationSummary;
use gpconnect::ids::OdsCode;
use gpconnect::patients::PatientRecord;
use gpconnect::slots::BookableSlot;
use gpconnect::{NhsNumber, Practice};
use serde::{Deserialize, Serialize};

use super::{PendingWriteView, PracticeView, organisation_label, uk_local};
use crate::error::CommandError;

/// Book one slot or several adjacent ones for a patient found or registered at that practice.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BookRequest {
    /// The practice.
    pub ods_code: OdsCode,
    /// The patient's record at that practice.
    pub patient: PatientRecord,
    /// The slots, as found by the search.
    pub slots: Vec<BookableSlot>,
    /// Required, at most 100 characters.
    pub description: String,
    /// At most 500 characters.
    pub comment: Option<String>,
}

impl BookRequest {
    /// The client's booking request (§3.5): the patient's logical id at the practice, the
    /// slots, description and comment (checked by the client before sending).
    pub fn to_booking(&self) -> gpconnect::appointments::BookingRequest {
        gpconnect::appointments::BookingRequest {
            patient_id: self.patient.id.clone(),
            slots: self.slots.clone(),
            description: self.description.clone(),
            comment: self.comment.clone(),
        }
    }
}

/// Everything a booking confirmation shows (printable and copyable).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BookingConfirmation {
    /// The provider's appointment id.
    pub appointment_id: String,
    /// Version, for amend/cancel.
    pub version_id: Option<String>,
    /// The practice.
    pub practice: PracticeView,
    /// Where.
    pub location: LocationSummary,
    /// With whom ("Dr …"), when the schedule names a practitioner.
    pub practitioner: Option<String>,
    /// Practitioner gender.
    pub practitioner_gender: Option<String>,
    /// Practitioner role, e.g. "General Medical Practitioner".
    pub role: Option<String>,
    /// Start, UK local (`yyyy-mm-ddThh:mm:ss+hh:mm`).
    pub start: String,
    /// End, UK local.
    pub end: String,
    /// Minutes.
    pub duration_minutes: i64,
    /// In-person, Telephone, Video.
    pub delivery_channel: Option<String>,
    /// Slot type.
    pub slot_type: Option<String>,
    /// Schedule type.
    pub schedule_type: Option<String>,
    /// Patient name.
    pub patient_name: Option<String>,
    /// Patient NHS number, grouped 3 3 4.
    pub patient_nhs_number: Option<String>,
    /// Patient date of birth.
    pub patient_birth_date: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Comment.
    pub comment: Option<String>,
    /// Booking organisation name and ODS code.
    pub booking_organisation: String,
    /// When booked, UK local.
    pub created: Option<String>,
    /// Slot ids held.
    pub slot_ids: Vec<String>,
}

impl BookingConfirmation {
    /// The confirmation of `record`, booked for `patient` into `slots` at `practice`.
    pub fn new(
        practice: &Practice,
        patient: &PatientRecord,
        slots: &[BookableSlot],
        record: &AppointmentRecord,
    ) -> Self {
        let summary = record.summary();
        let first = slots.first();
        let start = summary.start.or(first.map(|s| s.start));
        let end = summary.end.or(slots.last().map(|s| s.end));
        Self {
            appointment_id: summary.id.to_string(),
            version_id: summary.version_id.clone(),
            practice: PracticeView::from(practice),
            location: LocationSummary {
                name: first.and_then(|s| s.location.name.clone()),
                address: first
                    .map(|s| s.location.address.clone())
                    .unwrap_or_default(),
                phone: first.and_then(|s| s.location.phone.clone()),
            },
            practitioner: first
                .and_then(|s| s.practitioner.as_ref())
                .and_then(|p| p.name.clone()),
            practitioner_gender: first
                .and_then(|s| s.practitioner.as_ref())
                .and_then(|p| p.gender.clone()),
            role: summary
                .practitioner_role
                .as_ref()
                .and_then(|r| r.display.clone().or(r.code.clone()))
                .or_else(|| {
                    first
                        .and_then(|s| s.practitioner_role.as_ref())
                        .and_then(|r| r.display.clone())
                }),
            start: start.map(uk_local).unwrap_or_default(),
            end: end.map(uk_local).unwrap_or_default(),
            duration_minutes: summary
                .duration_minutes
                .unwrap_or_else(|| slots.iter().map(|s| s.duration_minutes).sum()),
            delivery_channel: summary
                .delivery_channel
                .as_ref()
                .or(first.and_then(|s| s.delivery_channel.as_ref()))
                .map(ToString::to_string),
            slot_type: summary
                .slot_type
                .clone()
                .or(first.and_then(|s| s.slot_type.clone())),
            schedule_type: summary
                .schedule_type
                .clone()
                .or(first.and_then(|s| s.schedule_type.clone())),
            patient_name: patient.name.clone(),
            patient_nhs_number: patient
                .nhs_number
                .as_deref()
                .and_then(|n| NhsNumber::parse(n).ok())
                .map(|n| n.formatted()),
            patient_birth_date: patient.birth_date.clone(),
            description: summary.description.clone(),
            comment: summary.comment.clone(),
            booking_organisation: summary
                .booking_organisation
                .as_ref()
                .map(organisation_label)
                .unwrap_or_default(),
            created: summary.created.map(uk_local),
            slot_ids: summary.slot_ids.iter().map(ToString::to_string).collect(),
        }
    }
}

/// What became of a booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum BookingResult {
    /// Booked.
    Booked {
        /// The confirmation.
        confirmation: BookingConfirmation,
    },
    /// The answer was not a confirmation (lost, or a 409 that was our own earlier attempt);
    /// reading the patient's appointments back found it booked, once.
    Reconciled {
        /// The confirmation.
        confirmation: BookingConfirmation,
    },
    /// The answer was lost; reading back shows it was not booked.
    NotBooked {
        /// Why the answer was lost.
        error: CommandError,
    },
    /// The answer was lost and reading back has not found it yet: it may still appear. Do
    /// not book again yet; it is checked again in the background ("check now" too).
    Unknown {
        /// Why the answer was lost (with the booking's trace ID).
        error: CommandError,
        /// The open journal entry.
        write: PendingWriteView,
    },
}
