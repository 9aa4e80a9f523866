//! Booking one slot or several adjacent ones.

use gpconnect::exchange::CallContext;
use gpconnect::outcome::WriteOutcome;

use super::{nhs_number, traced};
use crate::error::{CommandError, CommandResult};
use crate::journal::view;
use crate::state::AppState;
use crate::traces::Purpose;
use crate::views::{BookRequest, BookingConfirmation, BookingResult, PendingWriteView};

/// The journal entry `id` as the screens show it.
pub(crate) fn pending_view(
    state: &AppState,
    id: gpconnect::pending::EntryId,
) -> CommandResult<PendingWriteView> {
    let entry = state
        .journal()?
        .entry(id)?
        .ok_or_else(|| CommandError::invalid("The write is missing from the journal."))?;
    Ok(view(state, &entry))
}

/// Books once (§3.5), recorded in the journal first. Only for a patient this session found
/// at the practice for the NHS number on the record (the patient guard). A lost answer is
/// never resent: it is read back (`reconciled` when found, `unknown` while not found yet:
/// then it is checked in the background).
///
/// A slot after the end of the request's disposition timeframe (111 profile) needs a reason,
/// which is kept with the confirmation and in the audit trail.
///
/// Errors: the trace guard's (TRACE_REQUIRED, NHS_NUMBER_SUPERSEDED, PATIENT_SENSITIVE,
/// PATIENT_DECEASED: nothing sent); WRONG_PATIENT; `DUPLICATE_REJECTED` when a slot was taken
/// by someone else (a 409
/// that is this patient's own earlier attempt is `reconciled`); VALIDATION (adjacency,
/// text limits, past slot, no reason for a slot outside the timeframe); JOURNAL; any other
/// refusal, with its trace ID.
pub async fn book_appointment(
    state: &AppState,
    request: BookRequest,
) -> CommandResult<BookingResult> {
    let outside_reason = request.check_timeframe()?;
    let nhs = nhs_number(request.patient.nhs_number.as_deref().unwrap_or_default())?;
    state.require_trace(&nhs, Purpose::Book)?;
    state
        .patients()
        .check(&request.ods_code, &request.patient.id, &nhs)?;
    state.journal()?;
    let connection = state.connection().await?;
    let practice = connection.practice(&request.ods_code)?;
    let (client, recorder) = connection.client.scoped(CallContext {
        nhs_number: Some(nhs),
        action: Some("book"),
        note: request.timeframe_note(outside_reason.as_deref()),
    });
    let confirm = |record| {
        BookingConfirmation::new(&practice, &request.patient, &request.slots, record)
            .with_timeframe(&request, outside_reason.clone())
    };
    let outcome = traced(
        client
            .book_appointment(&practice, &request.to_booking())
            .await,
        &recorder,
    )?;
    Ok(match outcome {
        WriteOutcome::Done(record) => BookingResult::Booked {
            confirmation: confirm(&record),
        },
        WriteOutcome::Confirmed { record, .. } => BookingResult::Reconciled {
            confirmation: confirm(&record),
        },
        WriteOutcome::NotMade { cause } => BookingResult::NotBooked {
            error: CommandError::from(cause).traced(recorder.error_trace_id()),
        },
        WriteOutcome::Unknown {
            cause,
            entry,
            trace_id,
            ..
        } => BookingResult::Unknown {
            error: CommandError::from(cause).traced(Some(trace_id)),
            write: pending_view(state, entry)?,
        },
    })
}
