//! Viewing, amending, cancelling and rescheduling a patient's appointments.

use gpconnect::ids::AppointmentId;
use gpconnect::manage::{ChangeOutcome, RescheduleOutcome};
use tauri::State;
use tauri::ipc::Channel;

use crate::error::{CommandError, CommandResult};
use crate::state::{AppState, Connection};
use crate::views::{
    AmendRequest, AppointmentsEvent, BookingConfirmation, CancelRequest, ChangeResult,
    ListAppointmentsRequest, RescheduleRequest, RescheduleResult,
};

fn appointment_id(id: &str) -> CommandResult<AppointmentId> {
    AppointmentId::parse(id)
        .map_err(|e| CommandError::new("VALIDATION", format!("Appointment id: {e}")))
}

async fn change_result(
    state: &AppState,
    connection: &Connection,
    practice: &gpconnect::Practice,
    outcome: ChangeOutcome,
) -> ChangeResult {
    let directory = state.directory();
    match outcome {
        ChangeOutcome::Changed(record) => ChangeResult::Changed {
            appointment: directory.view(&connection.client, practice, &record).await,
        },
        ChangeOutcome::Conflict(record) => ChangeResult::Conflict {
            current: directory.view(&connection.client, practice, &record).await,
        },
    }
}

/// Lists the patient's appointments at every practice (§3.6), each practice's answer sent
/// through `events` as it arrives.
///
/// Errors: VALIDATION (NHS number, range in the past); NOT_CONFIGURED.
#[tauri::command]
pub async fn list_appointments(
    state: State<'_, AppState>,
    request: ListAppointmentsRequest,
    events: Channel<AppointmentsEvent>,
) -> CommandResult<()> {
    let connection = state.connection().await?;
    crate::agenda::run(&connection, state.directory(), &request, |event| {
        let _ = events.send(event);
    })
    .await
}

/// Amends description and comment (§3.8) as of the version the user saw; `conflict` when
/// someone else changed it first.
///
/// Errors: VALIDATION (limits, cancelled, past); any GP Connect error.
#[tauri::command]
pub async fn amend_appointment(
    state: State<'_, AppState>,
    request: AmendRequest,
) -> CommandResult<ChangeResult> {
    let connection = state.connection().await?;
    let practice = connection.practice(&request.practice)?;
    let id = appointment_id(&request.appointment_id)?;
    let outcome = connection
        .client
        .amend_as_of(
            &practice,
            &id,
            request.expected_version.as_deref(),
            &request.description,
            request.comment.as_deref(),
        )
        .await?;
    Ok(change_result(&state, &connection, &practice, outcome).await)
}

/// Cancels with a reason (§3.9) as of the version the user saw; the provider frees the
/// slots. `conflict` as for amend.
///
/// Errors: VALIDATION (empty reason, cancelled, past); any GP Connect error.
#[tauri::command]
pub async fn cancel_appointment(
    state: State<'_, AppState>,
    request: CancelRequest,
) -> CommandResult<ChangeResult> {
    let connection = state.connection().await?;
    let practice = connection.practice(&request.practice)?;
    let id = appointment_id(&request.appointment_id)?;
    let outcome = connection
        .client
        .cancel_as_of(
            &practice,
            &id,
            request.expected_version.as_deref(),
            &request.reason,
        )
        .await?;
    Ok(change_result(&state, &connection, &practice, outcome).await)
}

/// Moves an appointment as of the version the user saw: books the new slots, then cancels
/// the old appointment (`Client::reschedule`, §3.5 then §3.9).
///
/// Errors: VALIDATION when the old appointment is cancelled, no longer booked or past, or
/// the reason is empty (nothing is booked); errors reading it.
#[tauri::command]
pub async fn reschedule_appointment(
    state: State<'_, AppState>,
    request: RescheduleRequest,
) -> CommandResult<RescheduleResult> {
    let connection = state.connection().await?;
    let from = connection.practice(&request.practice)?;
    let to = connection.practice(&request.booking.practice)?;
    let id = appointment_id(&request.appointment_id)?;
    let booking = &request.booking;
    let new = booking.to_booking();
    let outcome = connection
        .client
        .reschedule(
            &from,
            &id,
            request.expected_version.as_deref(),
            &to,
            &new,
            &request.reason,
        )
        .await?;
    let directory = state.directory();
    let confirm = |record| BookingConfirmation::new(&to, &booking.patient, &booking.slots, record);
    Ok(match outcome {
        RescheduleOutcome::Rescheduled { booked, cancelled } => RescheduleResult::Rescheduled {
            confirmation: confirm(&booked),
            cancelled: directory.view(&connection.client, &from, &cancelled).await,
        },
        RescheduleOutcome::Conflict(current) => RescheduleResult::Conflict {
            current: directory.view(&connection.client, &from, &current).await,
        },
        RescheduleOutcome::NotRescheduled(error) => RescheduleResult::NotRescheduled {
            error: error.into(),
        },
        RescheduleOutcome::BookingUnknown(error) => RescheduleResult::BookingUnknown {
            error: error.into(),
        },
        RescheduleOutcome::CancelFailed { booked, old, error } => RescheduleResult::CancelFailed {
            confirmation: confirm(&booked),
            old: directory.view(&connection.client, &from, &old).await,
            error: error.into(),
        },
    })
}
