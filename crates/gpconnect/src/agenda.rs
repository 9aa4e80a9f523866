//! A patient's appointments across a federation (§3.6, §8): at each practice, find the
//! patient (§3.3) and retrieve their appointments, then read each appointment's location
//! and practitioner once (§3.10, through the session's [`Directory`]). Practices are asked
//! at once; each answer is delivered as it arrives, each within its own deadline, so a slow
//! or failing practice never hides the others.

use std::sync::Arc;
use std::time::Duration;

use futures::stream::{FuturesUnordered, Stream};

use crate::client::Client;
use crate::config::Practice;
use crate::directory::{AppointmentDetails, Directory};
use crate::error::{Error, Result, TimeoutStage};
use crate::ids::NhsNumber;
use crate::patients::PatientRecord;
use crate::time::{DateRange, uk_date};

/// The patient's appointments at one practice, with locations and practitioners.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundAppointments {
    /// The patient's record there; `None` means no record, so no appointments.
    pub patient: Option<PatientRecord>,
    /// Appointments in the range, cancelled ones included, in start order.
    pub appointments: Vec<AppointmentDetails>,
}

/// One practice's answer.
#[derive(Debug, Clone)]
pub struct PracticeAppointments {
    /// The practice asked.
    pub practice: Practice,
    /// Its answer, or why there is none ([`Error::Timeout`] with
    /// [`TimeoutStage::Deadline`] past the deadline).
    pub result: Result<FoundAppointments>,
}

/// Checks a retrieval range (§3.6): no part of it may be in the past; today is allowed.
///
/// Errors: [`Error::Validation`] on `from` when `range` starts before `today` (UK date).
pub fn check_appointment_range(range: DateRange, today: chrono::NaiveDate) -> Result<()> {
    if range.start() < today {
        return Err(Error::validation(
            "from",
            "Only appointments from today onwards are available through GP Connect.",
        ));
    }
    Ok(())
}

impl Client {
    /// Asks every practice at once for the patient's appointments over `range` (dates in the
    /// UK, from today on). Each practice has `deadline` for find + retrieve, and the same
    /// again for reading locations and practitioners (past it, appointments come without the
    /// names not yet read). Answers arrive in the order practices answer; the stream ends
    /// after the last one. Needs a Tokio runtime.
    ///
    /// Errors: [`Error::Validation`] when `range` starts before today, before anything is
    /// sent. Each practice's own failure is in its [`PracticeAppointments::result`].
    pub fn federated_appointments(
        &self,
        practices: &[Practice],
        nhs_number: &NhsNumber,
        range: DateRange,
        deadline: Duration,
        directory: Arc<Directory>,
    ) -> Result<impl Stream<Item = PracticeAppointments> + Send + 'static> {
        check_appointment_range(range, uk_date(self.clock().now()))?;
        Ok(practices
            .iter()
            .cloned()
            .map(|practice| {
                let client = self.clone();
                let nhs_number = nhs_number.clone();
                let directory = directory.clone();
                async move {
                    let result = client
                        .appointments_at(&practice, &nhs_number, range, deadline, &directory)
                        .await;
                    PracticeAppointments { practice, result }
                }
            })
            .collect::<FuturesUnordered<_>>())
    }

    async fn appointments_at(
        &self,
        practice: &Practice,
        nhs_number: &NhsNumber,
        range: DateRange,
        deadline: Duration,
        directory: &Directory,
    ) -> Result<FoundAppointments> {
        let found = tokio::time::timeout(
            deadline,
            self.patient_appointments(practice, nhs_number, range),
        )
        .await
        .unwrap_or(Err(Error::Timeout {
            stage: TimeoutStage::Deadline,
            after: deadline,
        }))?;
        let _ = tokio::time::timeout(
            deadline,
            directory.prefetch(self, practice, &found.appointments),
        )
        .await;
        Ok(FoundAppointments {
            patient: found.patient,
            appointments: found
                .appointments
                .iter()
                .map(|record| directory.cached_details(practice, record))
                .collect(),
        })
    }
}
