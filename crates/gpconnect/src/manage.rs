//! Managing a patient's appointments (§3.6-§3.9): the list at one practice (find the patient
//! there, then retrieve), changes made only as of the version the user saw (§6.4: a 409 on
//! PUT means re-read, show, re-apply), and rescheduling as book-then-cancel, which never
//! leaves the patient without an appointment (there is no reschedule operation, §3.9).

use crate::appointments::{AppointmentRecord, BookingRequest};
use crate::client::Client;
use crate::config::Practice;
use crate::error::{Error, Result};
use crate::ids::{AppointmentId, NhsNumber};
use crate::outcome::WriteOutcome;
use crate::patients::PatientRecord;
use crate::pending::EntryId;
use crate::time::DateRange;

/// A patient's appointments at one practice.
#[derive(Debug, Clone, PartialEq)]
pub struct PatientAppointments {
    /// The patient's record there; `None` means no record, so no appointments.
    pub patient: Option<PatientRecord>,
    /// Appointments in the range, cancelled ones included, in start order.
    pub appointments: Vec<AppointmentRecord>,
}

/// The result of a change made as of a version.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeOutcome {
    /// Done: the appointment as it now is.
    Changed(AppointmentRecord),
    /// The answer was lost; reading the appointment back shows the change was made.
    Confirmed(AppointmentRecord),
    /// Someone else changed it first; nothing was changed. The appointment as it now is.
    Conflict(AppointmentRecord),
    /// The answer was lost and reading back has not shown the change yet: do not repeat it;
    /// the journal entry stays open to be checked again.
    Unknown {
        /// Why the answer was lost.
        cause: Error,
        /// The open journal entry.
        entry: EntryId,
        /// The write's `Ssp-TraceID`.
        trace_id: uuid::Uuid,
    },
}

/// The result of a reschedule.
#[derive(Debug, Clone, PartialEq)]
pub enum RescheduleOutcome {
    /// The new appointment is booked and the old one cancelled.
    Rescheduled {
        /// The new appointment.
        booked: AppointmentRecord,
        /// The old appointment, cancelled.
        cancelled: AppointmentRecord,
    },
    /// Someone else changed the old appointment since the user saw it: nothing was booked
    /// or cancelled. The appointment as it now is, for the user to look at again.
    Conflict(AppointmentRecord),
    /// The new booking failed or was not made; the old appointment is untouched.
    NotRescheduled(Error),
    /// The answer to the new booking was lost and reading the patient's appointments at the
    /// new practice has not found it: the new appointment may or may not exist. The old
    /// appointment is untouched; the journal entry stays open and is checked again; do not
    /// book again meanwhile.
    BookingUnknown {
        /// Why the answer was lost.
        cause: Error,
        /// The open journal entry of the booking.
        entry: EntryId,
        /// The booking's `Ssp-TraceID`.
        trace_id: uuid::Uuid,
    },
    /// The new appointment is booked but the old one could not be cancelled: the patient
    /// holds both, and the old one must be cancelled.
    CancelFailed {
        /// The new appointment.
        booked: AppointmentRecord,
        /// The old appointment, as last read (still booked, unless the cancel's answer was
        /// lost and it could not be read again: `error` then says the outcome is unknown).
        old: AppointmentRecord,
        /// Why the cancel failed.
        error: Error,
    },
}

impl Client {
    /// The patient's appointments at `practice` over `range`: Find patient, then Retrieve
    /// (§3.6, as the reference consumer does for a federated view).
    ///
    /// Errors: [`Error::MultiplePatientRecords`]; any [`Error`].
    pub async fn patient_appointments(
        &self,
        practice: &Practice,
        nhs_number: &NhsNumber,
        range: DateRange,
    ) -> Result<PatientAppointments> {
        let Some(patient) = self.find_single_patient(practice, nhs_number).await? else {
            return Ok(PatientAppointments {
                patient: None,
                appointments: Vec::new(),
            });
        };
        let appointments = self
            .retrieve_appointments(practice, &patient.id, range)
            .await?;
        Ok(PatientAppointments {
            patient: Some(patient),
            appointments,
        })
    }

    /// Reads the appointment; `Conflict` when its version is not `expected_version`.
    async fn read_as_of(
        &self,
        practice: &Practice,
        id: &AppointmentId,
        expected_version: Option<&str>,
    ) -> Result<std::result::Result<AppointmentRecord, AppointmentRecord>> {
        let current = self.read_appointment(practice, id).await?;
        Ok(match expected_version {
            Some(v) if current.version_id.as_deref() != Some(v) => Err(current),
            _ => Ok(current),
        })
    }

    /// Runs `change` on the appointment as read; a 409/412 answer is a conflict, answered with
    /// the appointment read again.
    async fn change_as_of<F, Fut>(
        &self,
        practice: &Practice,
        id: &AppointmentId,
        expected_version: Option<&str>,
        change: F,
    ) -> Result<ChangeOutcome>
    where
        F: FnOnce(AppointmentRecord) -> Fut,
        Fut: std::future::Future<Output = Result<WriteOutcome<AppointmentRecord>>>,
    {
        let current = match self.read_as_of(practice, id, expected_version).await? {
            Ok(current) => current,
            Err(newer) => return Ok(ChangeOutcome::Conflict(newer)),
        };
        match change(current).await {
            Ok(WriteOutcome::Done(changed)) => Ok(ChangeOutcome::Changed(changed)),
            Ok(WriteOutcome::Confirmed { record, .. }) => Ok(ChangeOutcome::Confirmed(record)),
            Ok(WriteOutcome::NotMade { .. }) => Ok(ChangeOutcome::Conflict(
                self.read_appointment(practice, id).await?,
            )),
            Ok(WriteOutcome::Unknown {
                cause,
                entry,
                trace_id,
                ..
            }) => Ok(ChangeOutcome::Unknown {
                cause,
                entry,
                trace_id,
            }),
            Err(e) if e.is_conflict() => Ok(ChangeOutcome::Conflict(
                self.read_appointment(practice, id).await?,
            )),
            Err(e) => Err(e),
        }
    }

    /// Amends description and comment (§3.8), as of `expected_version` (the version the user
    /// edited). Another client's change first gives [`ChangeOutcome::Conflict`] with the
    /// current appointment, so the user can see what changed and apply the edit again.
    ///
    /// Errors: [`Error::Validation`] (limits, cancelled, past); any [`Error`].
    pub async fn amend_as_of(
        &self,
        practice: &Practice,
        id: &AppointmentId,
        expected_version: Option<&str>,
        description: &str,
        comment: Option<&str>,
    ) -> Result<ChangeOutcome> {
        self.change_as_of(practice, id, expected_version, |current| async move {
            self.amend_appointment(practice, &current, description, comment)
                .await
        })
        .await
    }

    /// Cancels with `reason` (§3.9), as of `expected_version`; a conflict as for amend.
    ///
    /// Errors: [`Error::Validation`] (empty reason, cancelled, past); any [`Error`].
    pub async fn cancel_as_of(
        &self,
        practice: &Practice,
        id: &AppointmentId,
        expected_version: Option<&str>,
        reason: &str,
    ) -> Result<ChangeOutcome> {
        self.change_as_of(practice, id, expected_version, |current| async move {
            self.cancel_appointment(practice, &current, reason).await
        })
        .await
    }

    /// Moves an appointment: books `booking` at `to` first, then cancels appointment `id` at
    /// `from` with `reason`, so the patient is never left without one (§3.9 has no
    /// reschedule operation).
    ///
    /// - The old appointment must still be at `expected_version` (the version the user saw),
    ///   booked and in the future; otherwise nothing is done ([`RescheduleOutcome::Conflict`],
    ///   or a validation error).
    /// - If the new booking fails the old one is kept ([`RescheduleOutcome::NotRescheduled`]).
    ///   A lost booking answer is reconciled by reading, never resent; while it stays
    ///   unknown, [`RescheduleOutcome::BookingUnknown`] (nothing is cancelled).
    /// - The old appointment is then cancelled as it is at that moment (the patient already
    ///   holds the new one). A lost cancel answer is read back on the schedule. If it is not
    ///   shown cancelled, [`RescheduleOutcome::CancelFailed`] says which to cancel.
    ///
    /// Errors: [`Error::Validation`] when the old appointment is cancelled, no longer booked
    /// or past, is another patient's at the same practice, or the reason is empty (nothing
    /// is booked); errors reading it before anything is done.
    pub async fn reschedule(
        &self,
        from: &Practice,
        id: &AppointmentId,
        expected_version: Option<&str>,
        to: &Practice,
        booking: &BookingRequest,
        reason: &str,
    ) -> Result<RescheduleOutcome> {
        let old = match self.read_as_of(from, id, expected_version).await? {
            Ok(old) => old,
            Err(newer) => return Ok(RescheduleOutcome::Conflict(newer)),
        };
        old.check_changeable(self.clock().now())?;
        // At the same practice the patient's logical id must match (across practices the
        // caller finds the patient by NHS number at the new one).
        if from.ods_code == to.ods_code
            && old
                .summary()
                .patient_id
                .is_some_and(|id| id != booking.patient_id)
        {
            return Err(Error::validation(
                "patient",
                "The new booking is for a different patient from the appointment being moved",
            ));
        }
        if reason.trim().is_empty() {
            return Err(Error::validation(
                "reason",
                "Enter the reason for moving the appointment",
            ));
        }
        let booked = match self.book_appointment(to, booking).await {
            Ok(WriteOutcome::Done(record) | WriteOutcome::Confirmed { record, .. }) => record,
            Ok(WriteOutcome::NotMade { cause }) | Err(cause) => {
                return Ok(RescheduleOutcome::NotRescheduled(cause));
            }
            Ok(WriteOutcome::Unknown {
                cause,
                entry,
                trace_id,
                ..
            }) => {
                return Ok(RescheduleOutcome::BookingUnknown {
                    cause,
                    entry,
                    trace_id,
                });
            }
        };
        // Cancel the appointment as it is now (someone may have amended it meanwhile).
        let current = match self.read_appointment(from, id).await {
            Ok(current) => current,
            Err(error) => return Ok(RescheduleOutcome::CancelFailed { booked, old, error }),
        };
        Ok(
            match self.cancel_appointment(from, &current, reason).await {
                Ok(
                    WriteOutcome::Done(cancelled)
                    | WriteOutcome::Confirmed {
                        record: cancelled, ..
                    },
                ) => RescheduleOutcome::Rescheduled { booked, cancelled },
                Ok(WriteOutcome::NotMade { cause: error }) => {
                    let old = self.read_appointment(from, id).await.unwrap_or(current);
                    RescheduleOutcome::CancelFailed { booked, old, error }
                }
                // Still unknown after reading back: the entry stays open; the user is told the
                // patient may hold both.
                Ok(WriteOutcome::Unknown { cause: error, .. }) | Err(error) => {
                    RescheduleOutcome::CancelFailed {
                        booked,
                        old: current,
                        error,
                    }
                }
            },
        )
    }
}
