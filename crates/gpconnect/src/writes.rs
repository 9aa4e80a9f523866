//! Sending a write once, safely: recorded in the journal before it is sent (with the
//! `Ssp-TraceID` it carries), its answer classified ([`crate::outcome::classify`]), a lost
//! answer read back on the schedule ([`crate::reconcile`]), and the entry closed only when
//! the outcome is definitive. Used by book, register, amend and cancel.

use std::future::Future;

use uuid::Uuid;

use crate::client::{Client, FhirRequest, FhirResponse};
use crate::config::Practice;
use crate::error::{Error, Result};
use crate::ids::PatientId;
use crate::outcome::{Answer, WriteOutcome, classify};
use crate::pending::{Closure, EntryId, PendingWrite, WriteDetail};
use crate::reconcile::{Check, Reconciled, reconcile};

/// A write that was recorded and sent, and its raw answer.
pub(crate) struct Sent {
    pub entry: EntryId,
    pub trace_id: Uuid,
    pub result: Result<FhirResponse>,
}

impl Client {
    /// Records `detail` in the journal, then sends `request` once carrying the recorded
    /// `Ssp-TraceID`. Nothing is sent when the journal cannot record it.
    ///
    /// Errors: [`Error::Configuration`] when the journal refuses (nothing sent). The send's
    /// own failure is in [`Sent::result`].
    pub(crate) async fn send_recorded(
        &self,
        practice: &Practice,
        mut request: FhirRequest,
        detail: WriteDetail,
        patient_id: Option<PatientId>,
    ) -> Result<Sent> {
        let identity = self.identity();
        let trace_id = self.next_trace_id();
        let user = &identity.user;
        let pending = PendingWrite {
            practice: practice.ods_code.clone(),
            practice_name: practice.name.clone(),
            nhs_number: self.context().nhs_number.clone(),
            patient_id,
            trace_id,
            sent_at: self.clock().now(),
            user_id: user.id.clone(),
            user_name: user.display_name(),
            organisation: identity.organisation.ods_code.clone(),
            detail,
        };
        let entry = self
            .journal()
            .open(&pending)
            .map_err(|message| Error::Configuration {
                what: "journal of writes (nothing was sent)".to_owned(),
                message,
            })?;
        request.trace_id = Some(trace_id);
        let result = self.execute(practice, &request).await;
        Ok(Sent {
            entry,
            trace_id,
            result,
        })
    }

    /// Closes a journal entry; a failure is logged, never undoes what was done.
    pub(crate) fn close_entry(&self, entry: EntryId, closure: Closure, made: Option<&str>) {
        if let Err(error) = self.journal().close(entry, closure, made) {
            tracing::warn!(target: "gpconnect::journal", entry = entry.0, %error, "journal entry not closed");
        }
    }

    /// Settles a sent write: `decode` reads a 2xx answer into `T`; a refusal closes the
    /// entry as not made and is returned as the error, unless `after_refusal` (a duplicate
    /// that may be an earlier attempt of ours) finds it made; a lost answer is read back with
    /// `check` on the client's schedule.
    ///
    /// Errors: a definitive refusal (or a failure before sending).
    pub(crate) async fn settle<T, D, DF, C, CF>(
        &self,
        sent: Sent,
        decode: D,
        mut check: C,
        check_refusal: impl Fn(&Error) -> bool,
        id_of: impl Fn(&T) -> String,
    ) -> Result<WriteOutcome<T>>
    where
        D: FnOnce(FhirResponse) -> DF,
        DF: Future<Output = Result<T>>,
        C: FnMut() -> CF,
        CF: Future<Output = Result<Check<T>>>,
    {
        let answer = match sent.result {
            Ok(response) => decode(response).await,
            Err(error) => Err(error),
        };
        let cause = match answer {
            Ok(record) => {
                self.close_entry(sent.entry, Closure::Made, Some(&id_of(&record)));
                return Ok(WriteOutcome::Done(record));
            }
            Err(error) => error,
        };
        if classify(&cause) != Answer::Unknown {
            self.close_entry(sent.entry, Closure::NotMade, None);
            // A duplicate may be our own earlier attempt whose answer was lost: look first.
            if check_refusal(&cause)
                && let Ok(Check::Made(record)) = check().await
            {
                return Ok(WriteOutcome::Confirmed { record, cause });
            }
            return Err(cause);
        }
        match reconcile(self.reconcile_schedule(), &mut check).await {
            Reconciled::Made(record) => {
                self.close_entry(sent.entry, Closure::Made, Some(&id_of(&record)));
                Ok(WriteOutcome::Confirmed { record, cause })
            }
            Reconciled::NotMade(_) => {
                self.close_entry(sent.entry, Closure::NotMade, None);
                Ok(WriteOutcome::NotMade { cause })
            }
            Reconciled::Unknown(check_error) => Ok(WriteOutcome::Unknown {
                cause,
                check_error,
                entry: sent.entry,
                trace_id: sent.trace_id,
            }),
        }
    }
}

/// True for a 409 `DUPLICATE_REJECTED`.
pub(crate) fn is_duplicate(error: &Error) -> bool {
    matches!(error, Error::Provider(p) if p.status == 409
        && p.spine_code == crate::error::SpineCode::DuplicateRejected)
}
