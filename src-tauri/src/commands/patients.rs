//! Finding and temporarily registering the patient at the practice being booked.

use gpconnect::NhsNumber;
use gpconnect::patients::{PatientRecord, demographic_differences};
use tauri::State;

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;
use crate::views::{FindPatientRequest, PatientLookup, RegisterPatientRequest};

fn lookup(
    practice: String,
    record: Option<PatientRecord>,
    entered: &gpconnect::patients::Demographics,
) -> PatientLookup {
    let differences = record
        .as_ref()
        .map(|r| demographic_differences(entered, r))
        .unwrap_or_default();
    PatientLookup {
        practice,
        record,
        differences,
    }
}

/// Finds the patient by NHS number at one practice (§3.3); `record` is `null` when the
/// patient has no record there.
///
/// Errors: VALIDATION for an invalid NHS number (Modulus 11) or more than one record; any
/// GP Connect error.
#[tauri::command]
pub async fn find_patient(
    state: State<'_, AppState>,
    request: FindPatientRequest,
) -> CommandResult<PatientLookup> {
    let nhs_number = NhsNumber::parse(&request.nhs_number)
        .map_err(|e| CommandError::new("VALIDATION", format!("NHS number: {e}")))?;
    let connection = state.connection().await?;
    let practice = connection.practice(&request.practice)?;
    let mut found = connection
        .client
        .find_patient(&practice, &nhs_number)
        .await?;
    if found.len() > 1 {
        return Err(CommandError::new(
            "VALIDATION",
            "The practice holds more than one record for this NHS number. Contact the practice.",
        ));
    }
    Ok(lookup(request.practice, found.pop(), &request.entered))
}

/// Registers the patient temporarily at one practice (§3.4). Never retried.
///
/// Errors: VALIDATION listing every field problem; any GP Connect error (e.g.
/// `INVALID_PATIENT_DEMOGRAPHICS`, `DUPLICATE_REJECTED`).
#[tauri::command]
pub async fn register_patient(
    state: State<'_, AppState>,
    request: RegisterPatientRequest,
) -> CommandResult<PatientLookup> {
    let connection = state.connection().await?;
    let today = gpconnect::time::uk_date(connection.client.clock().now());
    let problems = request.registration.validate(today);
    if !problems.is_empty() {
        return Err(CommandError::fields(
            "Check the registration details.",
            problems,
        ));
    }
    let practice = connection.practice(&request.practice)?;
    let record = connection
        .client
        .register_patient(&practice, &request.registration)
        .await?;
    Ok(lookup(request.practice, Some(record), &request.entered))
}
