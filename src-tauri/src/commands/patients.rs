//! Finding and temporarily registering the patient at the practice being booked.

use gpconnect::NhsNumber;

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;
use crate::views::{FindPatientRequest, PatientLookup, RegisterPatientRequest};

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
