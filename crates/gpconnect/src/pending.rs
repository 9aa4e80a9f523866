//! A write in flight, as recorded before it is sent: what reconciling it later needs
//! (practice, patient, slots and times or the appointment and its version, interaction,
//! `Ssp-TraceID`, sent-at, user), and the [`WriteJournal`] the client records it in.
//!
//! Belongs here: the record and the journal's contract. The client opens an entry before
//! sending every write (book, register, amend, cancel) and closes it when the outcome is
//! definitive (§2.6); an entry left open is a write whose outcome is still unknown, to be
//! checked again (after a crash too). The durable journal is the `gpconnect-journal` crate
//! (SQLite); [`NoJournal`] keeps nothing.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::appointments::BookingRequest;
use crate::ids::{AppointmentId, NhsNumber, OdsCode, PatientId};
use crate::interaction::Interaction;

/// The journal's id of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "number"))]
pub struct EntryId(pub i64);

impl std::fmt::Display for EntryId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Which write, with what reconciling it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum WriteDetail {
    /// `POST /Appointment` (§3.5): found again by its slots, or by start, end, practitioner,
    /// location and booking organisation.
    Book {
        /// What was sent: the patient's logical id, the slots, description and comment.
        request: BookingRequest,
    },
    /// `$gpc.registerpatient` (§3.4): found again by NHS number.
    Register,
    /// Amend (§3.8): read again and compared with what was sent.
    Amend {
        /// The appointment.
        appointment_id: AppointmentId,
        /// The version sent in `If-Match`.
        version: Option<String>,
        /// The description sent.
        description: String,
        /// The comment sent (`None` removes it).
        comment: Option<String>,
    },
    /// Cancel (§3.9): read again; cancelled means done.
    Cancel {
        /// The appointment.
        appointment_id: AppointmentId,
        /// The version sent in `If-Match`.
        version: Option<String>,
        /// The reason sent.
        reason: String,
    },
}

impl WriteDetail {
    /// `book`, `register`, `amend` or `cancel`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Book { .. } => "book",
            Self::Register => "register",
            Self::Amend { .. } => "amend",
            Self::Cancel { .. } => "cancel",
        }
    }

    /// The interaction that sends it.
    pub fn interaction(&self) -> Interaction {
        match self {
            Self::Book { .. } => Interaction::BookAppointment,
            Self::Register => Interaction::RegisterPatient,
            Self::Amend { .. } => Interaction::AmendAppointment,
            Self::Cancel { .. } => Interaction::CancelAppointment,
        }
    }

    /// The appointment changed, for amend and cancel.
    pub fn appointment_id(&self) -> Option<&AppointmentId> {
        match self {
            Self::Amend { appointment_id, .. } | Self::Cancel { appointment_id, .. } => {
                Some(appointment_id)
            }
            _ => None,
        }
    }
}

/// A write as recorded before sending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingWrite {
    /// The practice written to.
    pub practice: OdsCode,
    /// Its name, for messages ("at Dr Legg's Surgery").
    pub practice_name: String,
    /// The patient's NHS number, when the caller knows it (always for a registration).
    pub nhs_number: Option<NhsNumber>,
    /// The patient's logical id at the practice, when known.
    pub patient_id: Option<PatientId>,
    /// The `Ssp-TraceID` the request carries.
    pub trace_id: Uuid,
    /// When it was sent (just after being recorded), UTC.
    pub sent_at: DateTime<Utc>,
    /// The user's local id (the JWT's `requesting_practitioner`).
    pub user_id: String,
    /// The user's name.
    pub user_name: String,
    /// The booking organisation's ODS code.
    pub organisation: OdsCode,
    /// What was written.
    pub detail: WriteDetail,
}

/// How a journal entry was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Closure {
    /// Done: the answer arrived, or reading back found it.
    Made,
    /// Not done: a definitive refusal, or reading back shows it cannot have been done.
    NotMade,
    /// The user closed it after checking with the practice.
    ResolvedByUser,
}

/// Where writes are recorded before they are sent.
///
/// The client calls [`WriteJournal::open`] before sending a write and sends nothing when it
/// fails; [`WriteJournal::close`] when the outcome is definitive. A journal must make an
/// opened entry durable before returning (a crash after sending must not lose it).
pub trait WriteJournal: Send + Sync + std::fmt::Debug {
    /// Records `write` durably and returns its id.
    ///
    /// Errors: why it could not be recorded (the write is then not sent).
    fn open(&self, write: &PendingWrite) -> Result<EntryId, String>;

    /// Closes entry `id` with `closure`; `appointment_id` is what the write made or
    /// changed, when known. A failure is reported but never undoes the write.
    ///
    /// Errors: why it could not be closed.
    fn close(
        &self,
        id: EntryId,
        closure: Closure,
        appointment_id: Option<&str>,
    ) -> Result<(), String>;
}

/// Keeps nothing: for tests and tools that reconcile in the same call.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoJournal;

impl WriteJournal for NoJournal {
    fn open(&self, _write: &PendingWrite) -> Result<EntryId, String> {
        Ok(EntryId(0))
    }

    fn close(
        &self,
        _id: EntryId,
        _closure: Closure,
        _appointment_id: Option<&str>,
    ) -> Result<(), String> {
        Ok(())
    }
}
