//! Finding and temporarily registering the patient at the practice being booked, only for a
//! patient traced on PDS this session (the trace guard), the record found compared with the
//! PDS record (§3.3).

use futures::StreamExt;
use gpconnect::exchange::CallContext;
use gpconnect::outcome::WriteOutcome;
use tauri::ipc::Channel;

use super::{nhs_number, traced};
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;
use crate::traces::{Purpose, demographics_of};
use crate::views::{
    FindEverywhereRequest, FindPatientRequest, PatientEvent, PatientLookup, RegisterPatientRequest,
};

/// Finds the patient's one record at one practice (§3.3); `record` is `null` when they have
/// none there. The record found is remembered for this session (the patient guard) and
/// compared with the patient's PDS record (name, date of birth, gender, address).
///
/// Errors: VALIDATION for an invalid NHS number (Modulus 11); the trace guard's
/// (TRACE_REQUIRED, NHS_NUMBER_SUPERSEDED, PATIENT_SENSITIVE: nothing sent);
/// MULTIPLE_PATIENT_RECORDS; WRONG_PATIENT when the practice answers with another NHS number;
/// any GP Connect error, with its trace ID.
pub async fn find_patient(
    state: &AppState,
    request: FindPatientRequest,
) -> CommandResult<PatientLookup> {
    let nhs_number = nhs_number(&request.nhs_number)?;
    let trace = state.require_trace(&nhs_number, Purpose::Find)?;
    let connection = state.connection().await?;
    let practice = connection.practice(&request.ods_code)?;
    let (client, recorder) = connection.client.scoped(CallContext {
        nhs_number: Some(nhs_number.clone()),
        action: None,
        note: None,
    });
    let record = traced(
        client.find_single_patient(&practice, &nhs_number).await,
        &recorder,
    )?;
    if let Some(record) = &record {
        state.patients().found(&request.ods_code, record);
    }
    Ok(PatientLookup::new(
        request.ods_code,
        record,
        &demographics_of(&trace),
    ))
}

/// Finds the patient at every practice of `request` at once (§3.3), through the
/// connection's queue and practice deadline, as soon as they are identified: `events` gets
/// `Started` for each, then `Found` (the record, or none: register them temporarily there)
/// or `Failed` as each answers. Nothing is written anywhere. Only for a patient traced on
/// PDS this session; each record is compared with the PDS record.
///
/// Errors: VALIDATION for an invalid NHS number or an unknown practice; the trace guard's
/// (TRACE_REQUIRED, NHS_NUMBER_SUPERSEDED, PATIENT_SENSITIVE: nothing sent); NOT_CONFIGURED.
pub async fn find_patient_everywhere(
    state: &AppState,
    request: FindEverywhereRequest,
    events: Channel<PatientEvent>,
) -> CommandResult<()> {
    let nhs_number = nhs_number(&request.nhs_number)?;
    let pds = demographics_of(&state.require_trace(&nhs_number, Purpose::Find)?);
    let connection = state.connection().await?;
    let (practices, unresolved) = connection.select(&request.practices)?;
    // Each Find is audited, and a record found lets this session book for it (the guard).
    let (client, _recorder) = connection.client.scoped(CallContext {
        nhs_number: Some(nhs_number.clone()),
        action: None,
        note: None,
    });
    let send = |event| {
        // A closed channel means the screen went away: nothing to do.
        let _ = events.send(event);
    };
    let asked = practices.iter().map(|p| &p.ods_code);
    for ods_code in asked.chain(unresolved.iter().map(|p| &p.ods_code)) {
        send(PatientEvent::Started {
            ods_code: ods_code.clone(),
        });
    }
    for failed in unresolved {
        send(PatientEvent::Failed {
            ods_code: failed.ods_code,
            error: failed.error.into(),
        });
    }
    let mut answers =
        client.find_patient_federation(&practices, &nhs_number, &connection.federation);
    while let Some(event) = answers.next().await {
        let Some(answer) = event.answered() else {
            continue;
        };
        let ods_code = answer.practice.ods_code;
        send(match answer.result {
            Ok(record) => {
                if let Some(record) = &record {
                    state.patients().found(&ods_code, record);
                }
                PatientEvent::Found {
                    lookup: PatientLookup::new(ods_code, record, &pds),
                }
            }
            Err(error) => PatientEvent::Failed {
                ods_code,
                error: error.into(),
            },
        });
    }
    Ok(())
}

/// Registers the patient temporarily at one practice (§3.4), recorded in the journal first.
/// Never resent: a lost answer is read back by finding the patient again.
///
/// Only for a patient traced this session who is neither sensitive nor deceased.
///
/// Errors: VALIDATION listing every field problem; the trace guard's (TRACE_REQUIRED,
/// NHS_NUMBER_SUPERSEDED, PATIENT_SENSITIVE, PATIENT_DECEASED: nothing sent); JOURNAL; any
/// GP Connect error (e.g. `INVALID_PATIENT_DEMOGRAPHICS`); an unknown outcome as an error
/// with `outcomeUnknown` (search for the patient again before trying again), each with its
/// trace ID.
pub async fn register_patient(
    state: &AppState,
    request: RegisterPatientRequest,
) -> CommandResult<PatientLookup> {
    let trace = state.require_trace(&request.registration.nhs_number, Purpose::Register)?;
    state.journal()?;
    let connection = state.connection().await?;
    let practice = connection.practice(&request.ods_code)?;
    let (client, recorder) = connection.client.scoped(CallContext {
        nhs_number: Some(request.registration.nhs_number.clone()),
        action: None,
        note: None,
    });
    let outcome = traced(
        client
            .register_patient(&practice, &request.registration)
            .await,
        &recorder,
    )?;
    let record = match outcome {
        WriteOutcome::Done(record) | WriteOutcome::Confirmed { record, .. } => record,
        WriteOutcome::NotMade { cause } => {
            return Err(CommandError::from(cause).traced(recorder.error_trace_id()));
        }
        WriteOutcome::Unknown {
            cause, trace_id, ..
        } => {
            let mut error = CommandError::from(cause).traced(Some(trace_id));
            error.details.outcome_unknown = true;
            return Err(error);
        }
    };
    state.patients().found(&request.ods_code, &record);
    Ok(PatientLookup::new(
        request.ods_code,
        Some(record),
        &demographics_of(&trace),
    ))
}
