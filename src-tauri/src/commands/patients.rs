//! Finding and temporarily registering the patient at the practice being booked.

use futures::StreamExt;
use gpconnect::NhsNumber;
use tauri::ipc::Channel;

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;
use crate::views::{
    FindEverywhereRequest, FindPatientRequest, PatientEvent, PatientLookup, RegisterPatientRequest,
};

/// Finds the patient's one record at one practice (§3.3); `record` is `null` when they have
/// none there.
///
/// Errors: VALIDATION for an invalid NHS number (Modulus 11); MULTIPLE_PATIENT_RECORDS; any
/// GP Connect error.
pub async fn find_patient(
    state: &AppState,
    request: FindPatientRequest,
) -> CommandResult<PatientLookup> {
    let nhs_number = NhsNumber::parse(&request.nhs_number)
        .map_err(|e| CommandError::invalid(format!("NHS number: {e}")))?;
    let connection = state.connection().await?;
    let practice = connection.practice(&request.ods_code)?;
    let record = connection
        .client
        .find_single_patient(&practice, &nhs_number)
        .await?;
    Ok(PatientLookup::new(
        request.ods_code,
        record,
        &request.entered,
    ))
}

/// Finds the patient at every practice of `request` at once (§3.3), through the
/// connection's queue and practice deadline, as soon as they are identified: `events` gets
/// `Started` for each, then `Found` (the record, or none: register them temporarily there)
/// or `Failed` as each answers. Nothing is written anywhere.
///
/// Errors: VALIDATION for an invalid NHS number or an unknown practice; NOT_CONFIGURED.
pub async fn find_patient_everywhere(
    state: &AppState,
    request: FindEverywhereRequest,
    events: Channel<PatientEvent>,
) -> CommandResult<()> {
    let nhs_number = NhsNumber::parse(&request.nhs_number)
        .map_err(|e| CommandError::invalid(format!("NHS number: {e}")))?;
    let connection = state.connection().await?;
    let (practices, unresolved) = connection.select(&request.practices)?;
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
        connection
            .client
            .find_patient_federation(&practices, &nhs_number, &connection.federation);
    while let Some(event) = answers.next().await {
        let Some(answer) = event.answered() else {
            continue;
        };
        let ods_code = answer.practice.ods_code;
        send(match answer.result {
            Ok(record) => PatientEvent::Found {
                lookup: PatientLookup::new(ods_code, record, &request.entered),
            },
            Err(error) => PatientEvent::Failed {
                ods_code,
                error: error.into(),
            },
        });
    }
    Ok(())
}

/// Registers the patient temporarily at one practice (§3.4). Never retried.
///
/// Errors: VALIDATION listing every field problem; any GP Connect error (e.g.
/// `INVALID_PATIENT_DEMOGRAPHICS`, `DUPLICATE_REJECTED`).
pub async fn register_patient(
    state: &AppState,
    request: RegisterPatientRequest,
) -> CommandResult<PatientLookup> {
    let connection = state.connection().await?;
    let practice = connection.practice(&request.ods_code)?;
    let record = connection
        .client
        .register_patient(&practice, &request.registration)
        .await?;
    Ok(PatientLookup::new(
        request.ods_code,
        Some(record),
        &request.entered,
    ))
}
