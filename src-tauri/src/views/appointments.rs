//! A patient's appointments across practices (§3.6), and amending (§3.8), cancelling
//! (§3.9) and rescheduling them.

use chrono::{DateTime, NaiveDate, Utc};
use gpconnect::Practice;
use gpconnect::directory::{AppointmentDetails, LocationSummary, PractitionerSummary};
use gpconnect::ids::OdsCode;
use gpconnect::patients::{DemographicDifference, Demographics, PatientRecord};
use serde::{Deserialize, Serialize};

use super::{
    BookRequest, BookingConfirmation, PendingWriteView, PracticeView, organisation_label, uk_local,
};
use crate::error::CommandError;

/// A patient's appointments at every practice from `from` (today or later) to `to` (§3.6).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ListAppointmentsRequest {
    /// NHS number as typed.
    pub nhs_number: String,
    /// What the user has for the patient, to cross-check at each practice.
    pub entered: Demographics,
    /// The practices to look at (empty: all).
    pub practices: Vec<OdsCode>,
    /// First day (GP Connect only returns appointments from today on).
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

/// An appointment as the appointments view shows it (§3.6 display requirements).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AppointmentView {
    /// The practice holding it.
    pub practice: PracticeView,
    /// Appointment id at that practice.
    pub appointment_id: String,
    /// Version (sent back as `If-Match`).
    pub version_id: Option<String>,
    /// The patient's id at that practice.
    pub patient_id: Option<String>,
    /// Provider status: booked, cancelled, arrived, …
    pub status: String,
    /// Start, UK local.
    pub start: Option<String>,
    /// End, UK local.
    pub end: Option<String>,
    /// Minutes.
    pub duration_minutes: Option<i64>,
    /// Description.
    pub description: Option<String>,
    /// Comment.
    pub comment: Option<String>,
    /// Delivery channel.
    pub delivery_channel: Option<String>,
    /// Slot type.
    pub slot_type: Option<String>,
    /// Schedule type.
    pub schedule_type: Option<String>,
    /// Practitioner role.
    pub role: Option<String>,
    /// Location, read separately and cached for the session.
    pub location: Option<LocationSummary>,
    /// Practitioner, read separately and cached for the session.
    pub practitioner: Option<PractitionerSummary>,
    /// Booking organisation name and ODS code.
    pub booking_organisation: Option<String>,
    /// Cancellation reason.
    pub cancellation_reason: Option<String>,
    /// When booked.
    pub created: Option<String>,
    /// Slot ids held.
    pub slot_ids: Vec<String>,
    /// Booked and in the future: can be amended, cancelled or rescheduled.
    pub changeable: bool,
    /// Why it cannot be changed, when it cannot (cancelled, in the past, a home visit, …).
    pub not_changeable_reason: Option<String>,
}

impl AppointmentView {
    /// The appointment at `practice` as the screen shows it, judged changeable at `now`.
    pub fn new(practice: &Practice, details: &AppointmentDetails, now: DateTime<Utc>) -> Self {
        let record = &details.record;
        let summary = record.summary();
        let changeable = record.check_changeable(now);
        Self {
            practice: PracticeView::from(practice),
            appointment_id: summary.id.to_string(),
            version_id: summary.version_id.clone(),
            patient_id: summary.patient_id.as_ref().map(ToString::to_string),
            status: summary
                .status
                .as_ref()
                .map_or_else(|| "unknown".to_owned(), ToString::to_string),
            start: summary.start.map(uk_local),
            end: summary.end.map(uk_local),
            duration_minutes: summary.duration_minutes,
            description: summary.description.clone(),
            comment: summary.comment.clone(),
            delivery_channel: summary.delivery_channel.as_ref().map(ToString::to_string),
            slot_type: summary.slot_type.clone(),
            schedule_type: summary.schedule_type.clone(),
            role: summary
                .practitioner_role
                .as_ref()
                .and_then(|r| r.display.clone().or(r.code.clone())),
            location: details.location.clone(),
            practitioner: details.practitioner.clone(),
            booking_organisation: summary
                .booking_organisation
                .as_ref()
                .map(organisation_label),
            cancellation_reason: summary.cancellation_reason.clone(),
            created: summary.created.map(uk_local),
            slot_ids: summary.slot_ids.iter().map(ToString::to_string).collect(),
            changeable: changeable.is_ok(),
            not_changeable_reason: changeable.err().map(|e| {
                e.fields()
                    .first()
                    .map_or_else(|| e.to_string(), |f| f.message.clone())
            }),
        }
    }
}

/// One practice's part of a patient's appointment list, sent as it answers.
#[allow(
    clippy::large_enum_variant,
    reason = "sent once per practice, never stored"
)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum AppointmentsEvent {
    /// The practice is being asked.
    Started {
        /// The practice.
        ods_code: OdsCode,
    },
    /// The practice answered.
    Finished {
        /// The practice.
        ods_code: OdsCode,
        /// The patient's record there (`null`: no record, so no appointments).
        patient: Option<PatientRecord>,
        /// Differences from what the user entered.
        differences: Vec<DemographicDifference>,
        /// The appointments in the range, cancelled ones included.
        appointments: Vec<AppointmentView>,
    },
    /// The practice failed.
    Failed {
        /// The practice.
        ods_code: OdsCode,
        /// Why.
        error: CommandError,
    },
}

/// Change description and comment (§3.8), as of the version the user saw.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AmendRequest {
    /// The practice holding the appointment.
    pub ods_code: OdsCode,
    /// The patient's NHS number as on screen: the appointment must be this patient's, found
    /// this session (the patient guard).
    pub nhs_number: String,
    /// Appointment id.
    pub appointment_id: String,
    /// The version the user edited; a newer one means someone else changed it first.
    pub expected_version: Option<String>,
    /// New description (required, at most 100 characters).
    pub description: String,
    /// New comment (at most 500; empty removes it).
    pub comment: Option<String>,
}

/// Cancel with a reason (§3.9), as of the version the user saw.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CancelRequest {
    /// The practice holding the appointment.
    pub ods_code: OdsCode,
    /// The patient's NHS number as on screen (the patient guard).
    pub nhs_number: String,
    /// Appointment id.
    pub appointment_id: String,
    /// The version the user saw.
    pub expected_version: Option<String>,
    /// Reason, required.
    pub reason: String,
}

/// The result of an amend or cancel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ChangeResult {
    /// Done; the appointment as it now is.
    Changed {
        /// The appointment after the change.
        appointment: AppointmentView,
    },
    /// Someone else changed it first (409): nothing was changed; here it is as it now is,
    /// so the user can see what changed and apply their edit again.
    Conflict {
        /// The appointment as it now is.
        current: AppointmentView,
    },
    /// The answer was lost and reading back has not shown the change yet: do not repeat
    /// it; it is checked again in the background.
    Unknown {
        /// Why the answer was lost (with the write's trace ID).
        error: CommandError,
        /// The open journal entry.
        write: PendingWriteView,
    },
}

/// Move an appointment: book the new slots first, then cancel the old one (never leaving
/// the patient without an appointment).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RescheduleRequest {
    /// The practice holding the old appointment.
    pub ods_code: OdsCode,
    /// The old appointment.
    pub appointment_id: String,
    /// The version the user saw.
    pub expected_version: Option<String>,
    /// The new booking (its practice may differ; the patient must be found or registered
    /// there first).
    pub booking: BookRequest,
    /// Reason recorded on the old appointment's cancellation.
    pub reason: String,
}

/// What became of a reschedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum RescheduleResult {
    /// The new appointment is booked and the old one cancelled.
    Rescheduled {
        /// The new appointment.
        confirmation: BookingConfirmation,
        /// The old appointment, now cancelled.
        cancelled: AppointmentView,
    },
    /// Someone else changed the old appointment since the user saw it: nothing was booked
    /// or cancelled.
    Conflict {
        /// The old appointment as it now is.
        current: AppointmentView,
    },
    /// The new booking failed: the old appointment is untouched.
    NotRescheduled {
        /// Why the booking failed.
        error: CommandError,
    },
    /// The new booking's answer was lost and reading back has not found it: the new
    /// appointment may exist. The old appointment is untouched; the booking is checked again
    /// in the background; do not book again meanwhile.
    BookingUnknown {
        /// Why the answer was lost.
        error: CommandError,
        /// The booking's open journal entry.
        write: Option<PendingWriteView>,
    },
    /// The new appointment is booked but the old one could not be cancelled: the patient
    /// now holds two appointments; cancel `old`.
    CancelFailed {
        /// The new appointment.
        confirmation: BookingConfirmation,
        /// The old appointment as last read (still booked, unless `error` says the cancel's
        /// outcome is unknown).
        old: AppointmentView,
        /// Why the cancel failed.
        error: CommandError,
    },
}
