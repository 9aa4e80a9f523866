//! Booking one slot or several adjacent ones (§3.5), and the confirmation.

use chrono::{DateTime, FixedOffset};
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
    /// The disposition timeframe the booking is made against (111 profile), if any.
    #[serde(default)]
    pub timeframe: Option<DispositionTimeframe>,
}

/// The disposition timeframe of a 111 triage outcome ("to be seen within 6 hours") that a
/// booking is made against, and why a slot outside it was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DispositionTimeframe {
    /// How it was named, e.g. "Within 6 hours".
    pub label: String,
    /// The end of the timeframe, UK local (`yyyy-mm-ddThh:mm:ss+hh:mm`).
    #[serde(with = "gpconnect::time::local_datetime")]
    #[cfg_attr(test, ts(type = "string"))]
    pub until: DateTime<FixedOffset>,
    /// Why a slot starting after `until` was booked: required then, at most 500
    /// characters; recorded with the booking.
    pub reason_outside: Option<String>,
}

/// Longest reason for booking outside the disposition timeframe.
pub const TIMEFRAME_REASON_MAX_CHARS: usize = 500;

impl DispositionTimeframe {
    /// True when `start` is after the end of the timeframe.
    pub fn excludes(&self, start: DateTime<FixedOffset>) -> bool {
        start > self.until
    }
}

impl BookRequest {
    /// The audit trail's note for a booking outside the timeframe: the timeframe and the
    /// reason given (from [`Self::check_timeframe`]); `None` inside it.
    pub fn timeframe_note(&self, outside_reason: Option<&str>) -> Option<String> {
        let reason = outside_reason?;
        let label = self.timeframe.as_ref().map_or("", |t| t.label.as_str());
        Some(format!(
            "Outside the disposition timeframe ({label}): {reason}"
        ))
    }

    /// Checks the disposition timeframe: a booking whose first slot starts after the
    /// timeframe needs a reason (at most [`TIMEFRAME_REASON_MAX_CHARS`] characters). Returns
    /// the reason kept with the booking, `None` when inside the timeframe or without one.
    ///
    /// Errors: VALIDATION on `timeframeReason`.
    pub fn check_timeframe(&self) -> Result<Option<String>, CommandError> {
        let (Some(timeframe), Some(first)) =
            (&self.timeframe, self.slots.iter().min_by_key(|s| s.start))
        else {
            return Ok(None);
        };
        if !timeframe.excludes(first.start) {
            return Ok(None);
        }
        let reason = timeframe
            .reason_outside
            .as_deref()
            .map(str::trim)
            .unwrap_or_default();
        let problem = if reason.is_empty() {
            Some("Give the reason for booking outside the disposition timeframe")
        } else if reason.chars().count() > TIMEFRAME_REASON_MAX_CHARS {
            Some("The reason must be 500 characters or fewer")
        } else {
            None
        };
        match problem {
            Some(message) => Err(gpconnect::Error::validation("timeframeReason", message).into()),
            None => Ok(Some(reason.to_owned())),
        }
    }

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
    /// The disposition timeframe it was booked against (111 profile).
    pub timeframe: Option<String>,
    /// Why it was booked outside that timeframe, when it was.
    pub outside_timeframe_reason: Option<String>,
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
            timeframe: None,
            outside_timeframe_reason: None,
        }
    }

    /// This confirmation with the disposition timeframe of `request` and the reason given
    /// for booking outside it.
    #[must_use]
    pub fn with_timeframe(mut self, request: &BookRequest, reason: Option<String>) -> Self {
        self.timeframe = request.timeframe.as_ref().map(|t| t.label.clone());
        self.outside_timeframe_reason = reason;
        self
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
