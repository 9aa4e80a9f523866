//! Viewing, amending, cancelling and rescheduling a patient's appointments.

use futures::StreamExt;
use gpconnect::exchange::{CallContext, Recorder};
use gpconnect::ids::AppointmentId;
use gpconnect::manage::{ChangeOutcome, RescheduleOutcome};
use gpconnect::patients::demographic_differences;
use gpconnect::time::DateRange;
use gpconnect::{NhsNumber, Practice};
use tauri::ipc::Channel;

use super::booking::pending_view;
use super::{nhs_number, traced};
use crate::connection::Connection;
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;
use crate::traces::Purpose;
use crate::views::{
    AmendRequest, AppointmentView, AppointmentsEvent, BookingConfirmation, CancelRequest,
    ChangeResult, ListAppointmentsRequest, RescheduleRequest, RescheduleResult,
};

fn appointment_id(id: &str) -> CommandResult<AppointmentId> {
    AppointmentId::parse(id).map_err(|e| CommandError::invalid(format!("Appointment id: {e}")))
}

/// `record` at `practice` as the screen shows it, its location and practitioner read once.
async fn view(
    state: &AppState,
    connection: &Connection,
    practice: &Practice,
    record: &gpconnect::appointments::AppointmentRecord,
) -> AppointmentView {
    let client = &connection.client;
    let details = state.directory().details(client, practice, record).await;
    AppointmentView::new(practice, &details, client.clock().now())
}

async fn change_result(
    state: &AppState,
    connection: &Connection,
    practice: &Practice,
    outcome: ChangeOutcome,
) -> CommandResult<ChangeResult> {
    Ok(match outcome {
        ChangeOutcome::Changed(record) | ChangeOutcome::Confirmed(record) => {
            ChangeResult::Changed {
                appointment: view(state, connection, practice, &record).await,
            }
        }
        ChangeOutcome::Conflict(record) => ChangeResult::Conflict {
            current: view(state, connection, practice, &record).await,
        },
        ChangeOutcome::Unknown {
            cause,
            entry,
            trace_id,
        } => ChangeResult::Unknown {
            error: CommandError::from(cause).traced(Some(trace_id)),
            write: pending_view(state, entry)?,
        },
    })
}

/// The patient guard for a change: appointment `id` at `practice` must belong to a patient
/// this session found there for `nhs` (read first; nothing is sent otherwise).
///
/// Errors: WRONG_PATIENT; the read's error.
async fn guard_appointment(
    state: &AppState,
    client: &gpconnect::Client,
    recorder: &Recorder,
    practice: &Practice,
    id: &AppointmentId,
    nhs: &NhsNumber,
) -> CommandResult<()> {
    let current = traced(client.read_appointment(practice, id).await, recorder)?;
    let patient = current.summary().patient_id.ok_or_else(|| {
        CommandError::new(
            crate::error::ErrorCode::WrongPatient,
            "This appointment names no patient, so it cannot be changed from here.",
        )
    })?;
    state.patients().check(&practice.ods_code, &patient, nhs)
}

/// Lists the patient's appointments at every requested practice (§3.6), each practice's
/// answer sent through `events` as it arrives (`Started` for each first).
///
/// Errors: VALIDATION (NHS number, unknown practice, range in the past); the trace guard's
/// (TRACE_REQUIRED, NHS_NUMBER_SUPERSEDED, PATIENT_SENSITIVE: nothing sent); NOT_CONFIGURED.
pub async fn list_appointments(
    state: &AppState,
    request: ListAppointmentsRequest,
    events: Channel<AppointmentsEvent>,
) -> CommandResult<()> {
    let nhs_number = nhs_number(&request.nhs_number)?;
    state.require_trace(&nhs_number, Purpose::View)?;
    let range = DateRange::new(request.from, request.to)
        .map_err(|e| CommandError::invalid(e.to_string()))?;
    let connection = state.connection().await?;
    let (practices, unresolved) = connection.select(&request.practices)?;
    let (client, recorder) = connection.client.scoped(CallContext {
        nhs_number: Some(nhs_number.clone()),
        action: None,
        note: None,
    });
    let client = &client;
    let mut answers = client.federated_appointments(
        &practices,
        &nhs_number,
        range,
        &connection.federation,
        state.directory(),
    )?;
    let send = |event| {
        // A closed channel means the screen went away: nothing to do.
        let _ = events.send(event);
    };
    let asked = practices.iter().map(|p| &p.ods_code);
    for ods_code in asked.chain(unresolved.iter().map(|p| &p.ods_code)) {
        send(AppointmentsEvent::Started {
            ods_code: ods_code.clone(),
        });
    }
    for failed in unresolved {
        send(AppointmentsEvent::Failed {
            ods_code: failed.ods_code,
            error: failed.error.into(),
        });
    }
    let now = client.clock().now();
    while let Some(answer) = answers.next().await {
        let ods_code = answer.practice.ods_code.clone();
        if let Ok(found) = &answer.result
            && let Some(patient) = &found.patient
        {
            state.patients().found(&ods_code, patient);
        }
        send(match answer.result {
            Ok(found) => AppointmentsEvent::Finished {
                ods_code,
                differences: found
                    .patient
                    .as_ref()
                    .map(|p| demographic_differences(&request.entered, p))
                    .unwrap_or_default(),
                patient: found.patient,
                appointments: found
                    .appointments
                    .iter()
                    .map(|details| AppointmentView::new(&answer.practice, details, now))
                    .collect(),
            },
            Err(error) => AppointmentsEvent::Failed {
                ods_code: ods_code.clone(),
                error: CommandError::from(error).traced(
                    recorder
                        .exchanges()
                        .iter()
                        .rev()
                        .find(|e| e.practice == ods_code && e.failed())
                        .map(|e| e.trace_id),
                ),
            },
        });
    }
    Ok(())
}

/// Amends description and comment (§3.8) as of the version the user saw; `conflict` when
/// someone else changed it first.
///
/// Errors: VALIDATION (limits, cancelled, past); any GP Connect error.
pub async fn amend_appointment(
    state: &AppState,
    request: AmendRequest,
) -> CommandResult<ChangeResult> {
    let nhs = nhs_number(&request.nhs_number)?;
    state.require_trace(&nhs, Purpose::Change)?;
    state.journal()?;
    let connection = state.connection().await?;
    let practice = connection.practice(&request.ods_code)?;
    let id = appointment_id(&request.appointment_id)?;
    let (client, recorder) = connection.client.scoped(CallContext {
        nhs_number: Some(nhs.clone()),
        action: None,
        note: None,
    });
    guard_appointment(state, &client, &recorder, &practice, &id, &nhs).await?;
    let outcome = traced(
        client
            .amend_as_of(
                &practice,
                &id,
                request.expected_version.as_deref(),
                &request.description,
                request.comment.as_deref(),
            )
            .await,
        &recorder,
    )?;
    change_result(state, &connection, &practice, outcome).await
}

/// Cancels with a reason (§3.9) as of the version the user saw; the provider frees the
/// slots. `conflict` as for amend.
///
/// Errors: VALIDATION (empty reason, cancelled, past); any GP Connect error.
pub async fn cancel_appointment(
    state: &AppState,
    request: CancelRequest,
) -> CommandResult<ChangeResult> {
    let nhs = nhs_number(&request.nhs_number)?;
    state.require_trace(&nhs, Purpose::Change)?;
    state.journal()?;
    let connection = state.connection().await?;
    let practice = connection.practice(&request.ods_code)?;
    let id = appointment_id(&request.appointment_id)?;
    let (client, recorder) = connection.client.scoped(CallContext {
        nhs_number: Some(nhs.clone()),
        action: None,
        note: None,
    });
    guard_appointment(state, &client, &recorder, &practice, &id, &nhs).await?;
    let outcome = traced(
        client
            .cancel_as_of(
                &practice,
                &id,
                request.expected_version.as_deref(),
                &request.reason,
            )
            .await,
        &recorder,
    )?;
    change_result(state, &connection, &practice, outcome).await
}

/// Moves an appointment as of the version the user saw: books the new slots, then cancels
/// the old appointment (`Client::reschedule`, §3.5 then §3.9).
///
/// Errors: VALIDATION when the old appointment is cancelled, no longer booked or past, or
/// the reason is empty (nothing is booked); errors reading it.
pub async fn reschedule_appointment(
    state: &AppState,
    request: RescheduleRequest,
) -> CommandResult<RescheduleResult> {
    let booking = &request.booking;
    let nhs = nhs_number(booking.patient.nhs_number.as_deref().unwrap_or_default())?;
    state.require_trace(&nhs, Purpose::Book)?;
    state
        .patients()
        .check(&booking.ods_code, &booking.patient.id, &nhs)?;
    state.journal()?;
    let connection = state.connection().await?;
    let from = connection.practice(&request.ods_code)?;
    let outside_reason = booking.check_timeframe()?;
    let to = connection.practice(&booking.ods_code)?;
    let id = appointment_id(&request.appointment_id)?;
    let (client, recorder) = connection.client.scoped(CallContext {
        nhs_number: Some(nhs.clone()),
        action: Some("reschedule"),
        note: booking.timeframe_note(outside_reason.as_deref()),
    });
    guard_appointment(state, &client, &recorder, &from, &id, &nhs).await?;
    let outcome = traced(
        client
            .reschedule(
                &from,
                &id,
                request.expected_version.as_deref(),
                &to,
                &booking.to_booking(),
                &request.reason,
            )
            .await,
        &recorder,
    )?;
    let traced_error =
        |error: gpconnect::Error| CommandError::from(error).traced(recorder.error_trace_id());
    let confirm = |record| {
        BookingConfirmation::new(&to, &booking.patient, &booking.slots, record)
            .with_timeframe(booking, outside_reason.clone())
    };
    Ok(match outcome {
        RescheduleOutcome::Rescheduled { booked, cancelled } => RescheduleResult::Rescheduled {
            confirmation: confirm(&booked),
            cancelled: view(state, &connection, &from, &cancelled).await,
        },
        RescheduleOutcome::Conflict(current) => RescheduleResult::Conflict {
            current: view(state, &connection, &from, &current).await,
        },
        RescheduleOutcome::NotRescheduled(error) => RescheduleResult::NotRescheduled {
            error: traced_error(error),
        },
        RescheduleOutcome::BookingUnknown {
            cause,
            entry,
            trace_id,
        } => RescheduleResult::BookingUnknown {
            error: CommandError::from(cause).traced(Some(trace_id)),
            write: pending_view(state, entry).ok(),
        },
        RescheduleOutcome::CancelFailed { booked, old, error } => RescheduleResult::CancelFailed {
            confirmation: confirm(&booked),
            old: view(state, &connection, &from, &old).await,
            error: traced_error(error),
        },
    })
}
