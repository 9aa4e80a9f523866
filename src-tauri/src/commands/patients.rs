//! Finding and temporarily registering the patient at the practice being booked, only for a
//! patient traced on PDS this session (the trace guard), the record found compared with the
//! PDS record (§3.3).

use gpconnect::exchange::CallContext;
use gpconnect::outcome::WriteOutcome;

use super::{nhs_number, traced};
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;
use crate::traces::{Purpose, demographics_of};
use crate::views::{FindPatientRequest, PatientLookup, RegisterPatientRequest};

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
