//! Find (§3.3), read (§3.10) and register (§3.4) patients, with the simulated PDS behind the
//! registration checks.

use super::reads::identifier_param;
use super::{Call, Reply};
use crate::fixtures::PdsRecord;
use crate::model::{PracticeData, SimPatient};
use crate::outcome::{SimError, SimResult};
use crate::render;
use crate::rules::{nhs_number, registration};
use crate::seed::patient_from_pds;
use crate::vocabulary::SYSTEM_NHS_NUMBER;

/// `GET /Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|{nhs}`: the active,
/// non-sensitive patient with that NHS number, if any; none is an empty Bundle (§3.3).
///
/// Errors: 400 BAD_REQUEST for a missing or repeated `identifier`; 422 INVALID_PARAMETER for
/// an empty system or value; 400 INVALID_IDENTIFIER_SYSTEM; 400 INVALID_NHS_NUMBER.
pub fn find(practice: &PracticeData, call: &Call<'_>) -> SimResult<Reply> {
    let number = identifier_param(call, SYSTEM_NHS_NUMBER)?;
    nhs_number::check(&number)
        .map_err(|e| SimError::invalid_nhs_number(format!("{number}: {e}")))?;
    let found = practice
        .find_active(&number)
        .map(render::patient)
        .into_iter()
        .collect();
    Ok(Reply::ok(render::searchset(found, false)))
}

/// `GET /Patient/{id}`. Error: 404 PATIENT_NOT_FOUND (also for sensitive records).
pub fn read(practice: &PracticeData, call: &Call<'_>) -> SimResult<Reply> {
    let patient = practice
        .patients
        .get(call.id())
        .filter(|p| !p.sensitive)
        .ok_or_else(|| {
            SimError::not_found("PATIENT_NOT_FOUND", format!("no Patient {}", call.id()))
        })?;
    Ok(Reply::versioned(render::patient(patient), &patient.version))
}

/// `POST /Patient/$gpc.registerpatient`: a temporary registration (§3.4). What the consumer
/// sent overrides PDS; what it left out comes from PDS. Answers 200 with a searchset Bundle
/// (GPConnect-Searchset-Bundle-1) holding the one Patient.
///
/// Errors: those of [`registration::read`]; 400 INVALID_PATIENT_DEMOGRAPHICS when PDS does not
/// know or verify the patient, or they are deceased or sensitive; 409 DUPLICATE_REJECTED
/// when an active registration exists here.
pub fn register(
    practice: &mut PracticeData,
    pds: &[PdsRecord],
    call: &Call<'_>,
    version: &str,
) -> SimResult<Reply> {
    let body = call.json_body("Parameters")?;
    let asked = registration::read(&body)?;
    let record = pds
        .iter()
        .find(|r| r.nhs_number == asked.nhs_number)
        .ok_or_else(|| SimError::invalid_demographics("the NHS number is not on PDS"))?;
    if record.death_date.is_some() {
        return Err(SimError::invalid_demographics(
            "PDS records this patient as deceased",
        ));
    }
    if record.sensitive {
        return Err(SimError::invalid_demographics(
            "this patient cannot be registered (sensitive record)",
        ));
    }
    if !registration::verified(record, &asked) {
        return Err(SimError::invalid_demographics(
            "the details do not match PDS (name and date of birth)",
        ));
    }
    if practice.find_active(&asked.nhs_number).is_some() {
        return Err(SimError::duplicate(
            "the patient already has an active registration here",
        ));
    }

    let id = practice
        .patients
        .values()
        .find(|p| p.nhs_number == asked.nhs_number)
        .map(|p| p.id.clone())
        .unwrap_or_else(|| {
            let id = practice.next_patient.to_string();
            practice.next_patient += 1;
            id
        });
    let organization_id = practice.organization.id.clone();
    let mut patient: SimPatient =
        patient_from_pds(&id, record, &organization_id, "T", call.now, version);
    if !asked.telecom.is_empty() {
        patient.telecom = asked.telecom;
    }
    if let Some(home) = asked.addresses.iter().find(|a| a.use_ == "home") {
        patient.addresses = vec![home.clone()];
    }
    if let Some(temp) = asked.addresses.iter().find(|a| a.use_ == "temp") {
        patient.addresses.push(temp.clone());
    }
    if asked.gender.is_some() {
        patient.gender = asked.gender;
    }
    if !asked.prefix.is_empty() {
        patient.prefix = asked.prefix;
    }
    patient.communication = asked.communication;
    let resource = render::patient(&patient);
    practice.patients.insert(id, patient);
    Ok(Reply::versioned(
        render::searchset(vec![resource], true),
        version,
    ))
}
