//! Reading back a write whose answer was lost (§2.6: never resend blindly), on a bounded
//! schedule, so that "not made" is never said too early: a provider may commit seconds
//! after its proxy answered 504.
//!
//! - A booking is found among the patient's appointments by its slot ids or, when the
//!   provider's read omits `slot[]`, by start, end, practitioner, location and our booking
//!   organisation's ODS code ([`find_booking`]).
//! - A registration: the patient is found again by NHS number.
//! - An amendment or cancellation: the appointment is read and its version and fields
//!   compared with what was sent. Another version without our change means ours, sent with
//!   the old `If-Match`, cannot have been applied: not made.
//!
//! Belongs here: the schedule, the loop, the checks. Absence is never "not made": the
//! outcome stays unknown and the entry open, to be checked again.

use std::future::Future;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::appointments::{AppointmentRecord, BookingRequest};
use crate::client::Client;
use crate::config::Practice;
use crate::error::{Error, Result};
use crate::fhir::AppointmentStatus;
use crate::ids::{NhsNumber, OdsCode};
use crate::patients::PatientRecord;
use crate::pending::{PendingWrite, WriteDetail};
use crate::time::{DateRange, uk_date};

/// When a lost answer is read back: one check at each offset from the first (the first is
/// normally at once), all within `total`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcileSchedule {
    /// Offsets of the checks from the moment the answer was lost, ascending.
    pub checks_at: Vec<Duration>,
    /// The longest the checks may take in all.
    pub total: Duration,
}

impl Default for ReconcileSchedule {
    /// At once, after 2 s, 5 s and 10 s; 30 s in all (beyond-1.2.7 §5: a 30 s ceiling, then
    /// reconcile).
    fn default() -> Self {
        Self {
            checks_at: [0, 2, 5, 10].map(Duration::from_secs).to_vec(),
            total: Duration::from_secs(30),
        }
    }
}

impl ReconcileSchedule {
    /// A schedule from whole seconds, e.g. `[0, 2, 5, 10]` and `30`.
    ///
    /// Errors: a message when there is no check, the offsets are not ascending, or the last
    /// is beyond the total.
    pub fn from_seconds(checks_at: &[u32], total: u32) -> Result<Self, String> {
        Self::new(
            checks_at
                .iter()
                .map(|s| Duration::from_secs(u64::from(*s)))
                .collect(),
            Duration::from_secs(u64::from(total)),
        )
    }

    /// A schedule; see [`ReconcileSchedule::from_seconds`].
    ///
    /// Errors: as [`ReconcileSchedule::from_seconds`].
    pub fn new(checks_at: Vec<Duration>, total: Duration) -> Result<Self, String> {
        if checks_at.is_empty() {
            return Err("give at least one check".to_owned());
        }
        if checks_at.windows(2).any(|w| w[0] > w[1]) {
            return Err("the checks must be in ascending order".to_owned());
        }
        if checks_at.last().is_some_and(|last| *last > total) {
            return Err("the last check must be within the total".to_owned());
        }
        Ok(Self { checks_at, total })
    }

    /// One check, at once (a start-up or background pass).
    pub fn once(total: Duration) -> Self {
        Self {
            checks_at: vec![Duration::ZERO],
            total,
        }
    }
}

/// What one check found.
#[derive(Debug, Clone, PartialEq)]
pub enum Check<T> {
    /// Done: what was made or changed.
    Made(T),
    /// It cannot have been done (why, for the user).
    NotMade(String),
    /// Not found yet.
    NotYet,
}

/// What reading back concluded.
#[derive(Debug, Clone, PartialEq)]
pub enum Reconciled<T> {
    /// Done.
    Made(T),
    /// Cannot have been done.
    NotMade(String),
    /// Still unknown after the schedule; the last check's error, when it failed.
    Unknown(Option<Error>),
}

/// Runs `check` at each offset of `schedule` until it answers made or not made, within the
/// schedule's total. Uses Tokio's clock (tests pause it).
pub async fn reconcile<T, F, Fut>(schedule: &ReconcileSchedule, mut check: F) -> Reconciled<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Check<T>>>,
{
    let started = tokio::time::Instant::now();
    let deadline = started + schedule.total;
    let mut last_error = None;
    for offset in &schedule.checks_at {
        let at = started + *offset;
        if at > deadline {
            break;
        }
        tokio::time::sleep_until(at).await;
        match tokio::time::timeout_at(deadline, check()).await {
            Err(_) => break,
            Ok(Ok(Check::Made(record))) => return Reconciled::Made(record),
            Ok(Ok(Check::NotMade(why))) => return Reconciled::NotMade(why),
            Ok(Ok(Check::NotYet)) => last_error = None,
            Ok(Err(error)) => last_error = Some(error),
        }
    }
    Reconciled::Unknown(last_error)
}

/// The booked appointment in `appointments` that is the booking of `slots`: one holding
/// every slot; or, when the provider's read omits `slot[]`, one with the same start and end,
/// the slots' location and practitioner, booked by `organisation`. Cancelled ones do not
/// count.
pub fn find_booking<'a>(
    appointments: &'a [AppointmentRecord],
    request: &BookingRequest,
    organisation: &OdsCode,
) -> Option<&'a AppointmentRecord> {
    let mut slots = request.slots.clone();
    slots.sort_by_key(|s| s.start);
    let (first, last) = (slots.first()?, slots.last()?);
    let live = appointments.iter().filter(|record| {
        record.appointment.status != Some(AppointmentStatus::Cancelled)
            && record
                .summary()
                .patient_id
                .is_none_or(|id| id == request.patient_id)
    });
    let by_slots = live.clone().find(|record| {
        let held = record.summary().slot_ids;
        !held.is_empty() && slots.iter().all(|s| held.contains(&s.slot_id))
    });
    by_slots.or_else(|| {
        live.filter(|record| record.summary().slot_ids.is_empty())
            .find(|record| {
                let summary = record.summary();
                summary.start == Some(first.start)
                    && summary.end == Some(last.end)
                    && summary.location_id.as_ref() == Some(&first.location.id)
                    && summary.practitioner_id.as_ref()
                        == first.practitioner.as_ref().map(|p| &p.id)
                    && summary
                        .booking_organisation
                        .as_ref()
                        .and_then(|o| o.ods_code.as_deref())
                        == Some(organisation.as_str())
            })
    })
}

impl Client {
    /// One check of a booking: the patient's appointments at `practice` from today to the
    /// last slot's day, and the one that is this booking ([`find_booking`]).
    ///
    /// Errors: the read's.
    pub async fn check_booking(
        &self,
        practice: &Practice,
        request: &BookingRequest,
    ) -> Result<Check<AppointmentRecord>> {
        let client = self.with_action("check");
        let today = uk_date(self.clock().now());
        let last_day = request
            .slots
            .iter()
            .map(|s| crate::time::uk_local(s.end.to_utc()).date_naive())
            .max()
            .unwrap_or(today)
            .max(today);
        let range = DateRange::new(today, last_day)
            .map_err(|e| Error::validation("range", e.to_string()))?;
        let appointments = client
            .retrieve_appointments(practice, &request.patient_id, range)
            .await?;
        let organisation = &self.identity().organisation.ods_code;
        Ok(find_booking(&appointments, request, organisation)
            .map_or(Check::NotYet, |record| Check::Made(record.clone())))
    }

    /// One check of a registration: the patient found again by NHS number.
    ///
    /// Errors: the read's.
    pub async fn check_registration(
        &self,
        practice: &Practice,
        nhs_number: &NhsNumber,
    ) -> Result<Check<PatientRecord>> {
        let found = self
            .with_action("check")
            .find_single_patient(practice, nhs_number)
            .await?;
        Ok(found.map_or(Check::NotYet, Check::Made))
    }

    /// One check of an amendment or cancellation (`detail`): the appointment read and
    /// compared. Done when it holds what was sent (cancelled, for a cancellation); not made
    /// when another version does not; not yet while it is still at the version sent.
    ///
    /// Errors: the read's; [`Error::Validation`] for a detail that is not amend or cancel.
    pub async fn check_change(
        &self,
        practice: &Practice,
        detail: &WriteDetail,
    ) -> Result<Check<AppointmentRecord>> {
        let Some(id) = detail.appointment_id() else {
            return Err(Error::validation(
                "write",
                "not an amendment or cancellation",
            ));
        };
        let current = self
            .with_action("check")
            .read_appointment(practice, id)
            .await?;
        let (version, done) = match detail {
            WriteDetail::Amend {
                version,
                description,
                comment,
                ..
            } => (
                version,
                current.appointment.description.as_deref() == Some(description.as_str())
                    && current.appointment.comment.as_deref() == comment.as_deref(),
            ),
            WriteDetail::Cancel { version, .. } => (
                version,
                current.appointment.status == Some(AppointmentStatus::Cancelled),
            ),
            _ => {
                return Err(Error::validation(
                    "write",
                    "not an amendment or cancellation",
                ));
            }
        };
        Ok(if done && current.version_id != *version {
            Check::Made(current)
        } else if current.version_id == *version {
            Check::NotYet
        } else {
            Check::NotMade(
                "Someone else changed the appointment first, so this change was not applied."
                    .to_owned(),
            )
        })
    }

    /// One check of any recorded write, for a start-up or background pass: `Made` carries
    /// the appointment or patient id made or changed.
    ///
    /// Errors: the read's.
    pub async fn check_pending(
        &self,
        practice: &Practice,
        write: &PendingWrite,
    ) -> Result<Check<String>> {
        Ok(match &write.detail {
            WriteDetail::Book { request } => match self.check_booking(practice, request).await? {
                Check::Made(record) => Check::Made(record.id.to_string()),
                Check::NotMade(why) => Check::NotMade(why),
                Check::NotYet => Check::NotYet,
            },
            WriteDetail::Register => {
                let Some(nhs_number) = &write.nhs_number else {
                    return Err(Error::validation(
                        "nhsNumber",
                        "the registration has no NHS number",
                    ));
                };
                match self.check_registration(practice, nhs_number).await? {
                    Check::Made(record) => Check::Made(record.id.to_string()),
                    Check::NotMade(why) => Check::NotMade(why),
                    Check::NotYet => Check::NotYet,
                }
            }
            detail => match self.check_change(practice, detail).await? {
                Check::Made(record) => Check::Made(record.id.to_string()),
                Check::NotMade(why) => Check::NotMade(why),
                Check::NotYet => Check::NotYet,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn checks_at_each_offset_until_found() {
        let schedule = ReconcileSchedule::default();
        let calls = Arc::new(AtomicU32::new(0));
        let started = tokio::time::Instant::now();
        let seen = calls.clone();
        let found = reconcile(&schedule, move || {
            let n = seen.fetch_add(1, Ordering::SeqCst);
            async move {
                Ok(if n == 2 {
                    Check::Made(n)
                } else {
                    Check::NotYet
                })
            }
        })
        .await;
        assert_eq!(found, Reconciled::Made(2));
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        assert_eq!(
            started.elapsed(),
            Duration::from_secs(5),
            "third check at +5 s"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn absence_is_never_not_made_and_the_total_bounds_it() {
        let schedule = ReconcileSchedule::from_seconds(&[0, 2, 5, 10], 7).unwrap_err();
        assert!(schedule.contains("within the total"));
        let schedule = ReconcileSchedule::from_seconds(&[0, 2, 5], 7).unwrap();
        let started = tokio::time::Instant::now();
        let result: Reconciled<()> = reconcile(&schedule, || async { Ok(Check::NotYet) }).await;
        assert_eq!(result, Reconciled::Unknown(None));
        assert!(started.elapsed() <= Duration::from_secs(7));
        // A check that hangs is cut at the total.
        let result: Reconciled<()> = reconcile(&schedule, || async {
            tokio::time::sleep(Duration::from_secs(60)).await;
            Ok(Check::NotYet)
        })
        .await;
        assert_eq!(result, Reconciled::Unknown(None));
        // A failing read keeps its error; a definitive answer stops at once.
        let result: Reconciled<()> = reconcile(&schedule, || async {
            Err(Error::ConnectionLost {
                message: "reset".into(),
            })
        })
        .await;
        assert!(matches!(
            result,
            Reconciled::Unknown(Some(Error::ConnectionLost { .. }))
        ));
        let result: Reconciled<()> =
            reconcile(&schedule, || async { Ok(Check::NotMade("changed".into())) }).await;
        assert_eq!(result, Reconciled::NotMade("changed".into()));
        assert!(ReconcileSchedule::from_seconds(&[], 5).is_err());
        assert!(ReconcileSchedule::from_seconds(&[5, 2], 5).is_err());
    }
}
