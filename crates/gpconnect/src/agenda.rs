//! A patient across a federation (§3.3, §3.6, §8): whether each practice holds a record for
//! them ([`Client::find_patient_federation`], the first thing a 111 call handler or hub
//! needs to know), and their appointments: at each practice, find the patient and retrieve
//! their appointments, then read each appointment's location and practitioner once (§3.10,
//! through the session's [`Directory`]). Practices are asked through the session's
//! [`Federation`] (its cap and per-practice deadline); each answer is delivered as it
//! arrives, so a slow or failing practice never hides the others.

use std::sync::Arc;

use futures::stream::{Stream, StreamExt};

use crate::client::Client;
use crate::config::Practice;
use crate::directory::{AppointmentDetails, Directory};
use crate::error::{Error, Result};
use crate::federation::{Federation, FederationEvent};
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
    /// [`crate::TimeoutStage::Deadline`] past the deadline).
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
    /// Finds the patient at every practice (§3.3) through `federation`: each practice's
    /// answer is the patient's one record there, `None` when they have none (register them
    /// temporarily to book there), or why it failed (e.g.
    /// [`Error::MultiplePatientRecords`]). Needs a Tokio runtime.
    pub fn find_patient_federation(
        &self,
        practices: &[Practice],
        nhs_number: &NhsNumber,
        federation: &Federation,
    ) -> impl Stream<Item = FederationEvent<Option<PatientRecord>>> + Send + Unpin + 'static {
        let client = self.clone();
        let nhs_number = nhs_number.clone();
        federation.run(practices, move |practice, _until| {
            let client = client.clone();
            let nhs_number = nhs_number.clone();
            async move { client.find_single_patient(&practice, &nhs_number).await }
        })
    }

    /// Asks every practice for the patient's appointments over `range` (dates in the UK,
    /// from today on), through `federation`. Each practice has the federation's deadline
    /// for find, retrieve and reading locations and practitioners; appointments found in
    /// time come back even when the names are not all read by then (they come without them). Answers arrive in the order
    /// practices answer; the stream ends after the last one. Needs a Tokio runtime.
    ///
    /// Errors: [`Error::Validation`] when `range` starts before today, before anything is
    /// sent. Each practice's own failure is in its [`PracticeAppointments::result`].
    pub fn federated_appointments(
        &self,
        practices: &[Practice],
        nhs_number: &NhsNumber,
        range: DateRange,
        federation: &Federation,
        directory: Arc<Directory>,
    ) -> Result<impl Stream<Item = PracticeAppointments> + Send + Unpin + 'static> {
        check_appointment_range(range, uk_date(self.clock().now()))?;
        let client = self.clone();
        let nhs_number = nhs_number.clone();
        Ok(federation
            .run(practices, move |practice, until| {
                let client = client.clone();
                let nhs_number = nhs_number.clone();
                let directory = directory.clone();
                async move {
                    client
                        .appointments_at(&practice, &nhs_number, range, until, &directory)
                        .await
                }
            })
            .filter_map(|event| {
                std::future::ready(event.answered().map(|answer| PracticeAppointments {
                    practice: answer.practice,
                    result: answer.result,
                }))
            }))
    }

    async fn appointments_at(
        &self,
        practice: &Practice,
        nhs_number: &NhsNumber,
        range: DateRange,
        until: tokio::time::Instant,
        directory: &Directory,
    ) -> Result<FoundAppointments> {
        let found = self
            .patient_appointments(practice, nhs_number, range)
            .await?;
        // Names not read by the deadline are left out; the appointments still count.
        let _ = tokio::time::timeout_at(
            until,
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
