//! The shapes that cross to the UI (requests, events, results), besides the client's own view
//! types (`BookableSlot`, `PatientRecord`, …). TypeScript is generated from them (see
//! `bindings`); the UI never hand-copies a type.

use chrono::NaiveDate;
use gpconnect::appointments::AppointmentRecord;
use gpconnect::config::Practice;
use gpconnect::patients::{
    DemographicDifference, Demographics, PatientRecord, TemporaryRegistration,
};
use gpconnect::slots::BookableSlot;
use serde::{Deserialize, Serialize};

use crate::error::CommandError;
use crate::secrets::{CertificateInfo, CredentialKind};
use crate::settings::Mode;

/// A practice, as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PracticeView {
    /// ODS code.
    pub ods_code: String,
    /// Name.
    pub name: String,
}

impl From<&Practice> for PracticeView {
    fn from(practice: &Practice) -> Self {
        Self {
            ods_code: practice.ods_code.to_string(),
            name: practice.name.clone(),
        }
    }
}

/// What the header, banner and first screen need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AppStatus {
    /// Demo (simulated practices) or live.
    pub mode: Mode,
    /// The booking organisation's name and ODS code.
    pub organisation: String,
    /// The user's name.
    pub user: String,
    /// The practices that can be searched.
    pub practices: Vec<PracticeView>,
    /// The client certificate, when imported.
    pub certificate: Option<CertificateInfo>,
    /// What stops the app from working, e.g. "No client certificate is imported".
    pub problems: Vec<String>,
}

/// Which file to choose in the native dialog, and the files chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CredentialFiles {
    /// Client certificate (PEM) path.
    pub certificate: String,
    /// Private key (PEM) path.
    pub key: String,
    /// Trusted CA certificates (PEM) path.
    pub trusted_ca: String,
}

/// Re-exported for the bindings: which credential a file dialog is for.
pub type CredentialFileKind = CredentialKind;

/// A slot search over practices and UK dates (inclusive). Longer than 14 days is split by
/// the client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SlotSearchRequest {
    /// ODS codes to search.
    pub practices: Vec<String>,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

/// One practice's progress in a search, sent as it happens.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum SearchEvent {
    /// The practice is being searched.
    Started {
        /// ODS code.
        ods_code: String,
    },
    /// The practice answered.
    Finished {
        /// ODS code.
        ods_code: String,
        /// Free, future slots.
        slots: Vec<BookableSlot>,
        /// Slots returned that had already started.
        past_slots: usize,
        /// Slots the provider sent that could not be offered.
        unusable_slots: usize,
        /// Milliseconds from the start of the search.
        elapsed_ms: u64,
    },
    /// The practice failed or ran out of time.
    Failed {
        /// ODS code.
        ods_code: String,
        /// Why.
        error: CommandError,
        /// Milliseconds from the start of the search.
        elapsed_ms: u64,
    },
}

/// Totals once every practice has answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SearchSummary {
    /// Practices searched.
    pub practices: usize,
    /// Slots found in all.
    pub slots: usize,
    /// Practices that failed.
    pub failed: usize,
}

/// Find a patient at one practice, comparing with what the caller said (§3.3).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FindPatientRequest {
    /// ODS code of the practice being booked.
    pub practice: String,
    /// NHS number as typed (spaces allowed).
    pub nhs_number: String,
    /// What the user has for the patient, to cross-check.
    pub entered: Demographics,
}

/// The patient at one practice, or none (register them), and any demographic differences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PatientLookup {
    /// ODS code of the practice.
    pub practice: String,
    /// The record there, `null` when the patient has none (offer temporary registration).
    pub record: Option<PatientRecord>,
    /// Fields where the record differs from what the user entered.
    pub differences: Vec<DemographicDifference>,
}

/// Register a patient temporarily at one practice (§3.4).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RegisterPatientRequest {
    /// ODS code of the practice.
    pub practice: String,
    /// The registration details.
    pub registration: TemporaryRegistration,
    /// What the user entered, to cross-check the record created.
    pub entered: Demographics,
}

/// Book one slot or several adjacent ones for a patient found or registered at that practice.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BookRequest {
    /// ODS code of the practice.
    pub practice: String,
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

/// Where an appointment takes place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PlaceView {
    /// Location name.
    pub name: Option<String>,
    /// Address lines, postcode last.
    pub address: Vec<String>,
    /// Phone.
    pub phone: Option<String>,
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
    pub location: PlaceView,
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
        // UK local with its offset, whatever offset the provider wrote.
        let local = |dt: chrono::DateTime<chrono::FixedOffset>| {
            gpconnect::time::format_datetime(dt.with_timezone(&chrono::Utc))
        };
        let start = summary.start.or(first.map(|s| s.start));
        let end = summary.end.or(slots.last().map(|s| s.end));
        let organisation = summary.booking_organisation.as_ref();
        Self {
            appointment_id: summary.id.to_string(),
            version_id: summary.version_id.clone(),
            practice: PracticeView::from(practice),
            location: PlaceView {
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
            start: start.map(local).unwrap_or_default(),
            end: end.map(local).unwrap_or_default(),
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
                .and_then(|n| gpconnect::NhsNumber::parse(n).ok())
                .map(|n| n.formatted()),
            patient_birth_date: patient.birth_date.clone(),
            description: summary.description.clone(),
            comment: summary.comment.clone(),
            booking_organisation: organisation
                .map(|o| {
                    format!(
                        "{} ({})",
                        o.name.clone().unwrap_or_default(),
                        o.ods_code.clone().unwrap_or_default()
                    )
                })
                .unwrap_or_default(),
            created: summary.created.map(local),
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
    /// The answer was lost; the patient's appointments show it was booked (once).
    Reconciled {
        /// The confirmation.
        confirmation: BookingConfirmation,
    },
    /// The answer was lost; the patient's appointments show it was not booked.
    NotBooked {
        /// Why the answer was lost.
        error: CommandError,
    },
}

/// A patient's appointments at every practice from `from` (today or later) to `to` (§3.6).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ListAppointmentsRequest {
    /// NHS number as typed.
    pub nhs_number: String,
    /// What the user has for the patient, to cross-check at each practice.
    pub entered: Demographics,
    /// ODS codes of the practices to look at (empty: all).
    pub practices: Vec<String>,
    /// First day (GP Connect only returns appointments from today on).
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

/// The practitioner of an appointment, read separately (§3.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PersonView {
    /// Display name.
    pub name: Option<String>,
    /// Gender.
    pub gender: Option<String>,
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
    pub location: Option<PlaceView>,
    /// Practitioner, read separately and cached for the session.
    pub practitioner: Option<PersonView>,
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
        /// ODS code.
        ods_code: String,
    },
    /// The practice answered.
    Finished {
        /// ODS code.
        ods_code: String,
        /// The patient's record there (`null`: no record, so no appointments).
        patient: Option<PatientRecord>,
        /// Differences from what the user entered.
        differences: Vec<DemographicDifference>,
        /// The appointments in the range, cancelled ones included.
        appointments: Vec<AppointmentView>,
    },
    /// The practice failed.
    Failed {
        /// ODS code.
        ods_code: String,
        /// Why.
        error: CommandError,
    },
}

/// Change description and comment (§3.8), as of the version the user saw.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AmendRequest {
    /// ODS code of the practice.
    pub practice: String,
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
    /// ODS code of the practice.
    pub practice: String,
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
}

/// Move an appointment: book the new slots first, then cancel the old one (never leaving
/// the patient without an appointment).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RescheduleRequest {
    /// ODS code of the practice holding the old appointment.
    pub practice: String,
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
    /// The new booking's answer was lost and could not be checked: the new appointment may
    /// exist. The old appointment is untouched; check the patient's appointments at the new
    /// practice before booking again.
    BookingUnknown {
        /// Why the answer was lost.
        error: CommandError,
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
