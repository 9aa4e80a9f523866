//! Find (§3.3), read (§3.10) and register (§3.4) patients, with the simulated PDS behind the
//! registration checks.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use gpconnect::NhsNumber;
use gpconnect::fhir::urls::{EXT_NHS_COMMUNICATION, PROFILE_SEARCHSET_BUNDLE, SYSTEM_NHS_NUMBER};
use gpconnect::fhir::{Address, Bundle, Meta, Patient, Resource};
use serde_json::{Map, Value};

use super::{Call, Reply, to_json};
use crate::fixtures::PdsRecord;
use crate::model::{PracticeData, SimPatient, versioned};
use crate::outcome::{SimError, SimResult};
use crate::seed::patient_resource;

fn bundle_of(patients: Vec<Patient>, profile: bool) -> SimResult<Value> {
    let mut bundle = Bundle::searchset(patients.into_iter().map(Resource::Patient))
        .map_err(|e| SimError::internal(e.to_string()))?;
    if profile {
        bundle.meta = Some(Meta::profile(PROFILE_SEARCHSET_BUNDLE));
    }
    to_json(&Resource::Bundle(bundle))
}

/// `GET /Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|{nhs}`: active, non-sensitive
/// patients only; none is an empty Bundle.
///
/// Errors: 400 BAD_REQUEST for a missing or repeated `identifier`; 422 INVALID_PARAMETER for
/// an empty system or value; 400 INVALID_IDENTIFIER_SYSTEM; 400 INVALID_NHS_NUMBER.
pub fn find(practice: &PracticeData, call: &Call<'_>) -> SimResult<Reply> {
    let values = call.values("identifier");
    let value = match values.as_slice() {
        [] => return Err(SimError::bad_request("identifier is required")),
        [value] => *value,
        _ => {
            return Err(SimError::bad_request(
                "identifier must be given exactly once",
            ));
        }
    };
    let Some((system, number)) = value.split_once('|') else {
        return Err(SimError::invalid_parameter(
            "identifier must be system|value",
        ));
    };
    if system.is_empty() {
        return Err(SimError::invalid_parameter("identifier system is empty"));
    }
    if number.is_empty() {
        return Err(SimError::invalid_parameter("identifier value is empty"));
    }
    if system != SYSTEM_NHS_NUMBER {
        return Err(SimError::invalid_identifier_system(format!(
            "only {SYSTEM_NHS_NUMBER} is supported"
        )));
    }
    let nhs = NhsNumber::parse(number)
        .map_err(|e| SimError::invalid_nhs_number(format!("{number}: {e}")))?;
    let found: Vec<Patient> = practice
        .find_active(nhs.as_str())
        .map(|p| p.resource.clone())
        .into_iter()
        .collect();
    Ok(Reply::ok(bundle_of(found, false)?))
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
    let version = patient
        .resource
        .meta
        .as_ref()
        .and_then(|m| m.version_id.clone())
        .unwrap_or_default();
    Ok(Reply::versioned(
        to_json(&Resource::Patient(patient.resource.clone()))?,
        &version,
    ))
}

const FORBIDDEN_PATIENT: [&str; 10] = [
    "active",
    "multipleBirth",
    "multipleBirthBoolean",
    "generalPractitioner",
    "contact",
    "managingOrganization",
    "maritalStatus",
    "animal",
    "communication",
    "photo",
];
const ALLOWED_PATIENT: [&str; 9] = [
    "resourceType",
    "meta",
    "identifier",
    "name",
    "gender",
    "birthDate",
    "address",
    "telecom",
    "extension",
];

fn check_elements(patient: &Map<String, Value>) -> SimResult<()> {
    for key in patient.keys() {
        if FORBIDDEN_PATIENT.contains(&key.as_str()) || key.starts_with("deceased") {
            return Err(SimError::invalid_resource(format!(
                "{key} must not be sent on registration"
            )));
        }
        if !ALLOWED_PATIENT.contains(&key.as_str()) {
            return Err(SimError::invalid_resource(format!(
                "unknown or disallowed element {key}"
            )));
        }
    }
    let extensions = patient.get("extension").and_then(Value::as_array);
    if let Some(extensions) = extensions {
        if extensions
            .iter()
            .any(|e| e.get("url").and_then(Value::as_str) != Some(EXT_NHS_COMMUNICATION))
        {
            return Err(SimError::invalid_resource(
                "only the NHS communication extension may be sent",
            ));
        }
        if extensions.len() > 1 {
            return Err(SimError::invalid_resource(
                "at most one NHS communication extension",
            ));
        }
    }
    Ok(())
}

fn check_contacts(patient: &Patient) -> SimResult<()> {
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for t in &patient.telecom {
        let system = t.system.clone().unwrap_or_default();
        let use_ = t.use_.clone().unwrap_or_default();
        if system == "phone" && !["home", "work", "mobile", "temp"].contains(&use_.as_str()) {
            return Err(SimError::invalid_resource(format!(
                "phone use {use_:?} is not allowed"
            )));
        }
        *seen.entry((system, use_)).or_default() += 1;
    }
    if seen.values().any(|count| *count > 1) {
        return Err(SimError::bad_request(
            "two telecom entries with the same system and use",
        ));
    }
    let uses: Vec<&str> = patient
        .address
        .iter()
        .map(|a| a.use_.as_deref().unwrap_or(""))
        .collect();
    let allowed = uses.iter().all(|u| *u == "home" || *u == "temp");
    let unique = uses.iter().filter(|u| **u == "home").count() <= 1
        && uses.iter().filter(|u| **u == "temp").count() <= 1;
    if !allowed || !unique {
        return Err(SimError::invalid_resource(
            "addresses: at most one home and one temp address, no other use",
        ));
    }
    Ok(())
}

/// PDS verification (§3.4): the date of birth matches exactly, or two of its three parts
/// match with the first three letters of the family name and the given-name initial.
fn verified(record: &PdsRecord, family: &str, given: &str, birth: NaiveDate) -> bool {
    if record.birth_date == birth {
        return true;
    }
    let parts = [
        record.birth_date.year() == birth.year(),
        record.birth_date.month() == birth.month(),
        record.birth_date.day() == birth.day(),
    ];
    let prefix = |s: &str| s.to_uppercase().chars().take(3).collect::<String>();
    let initial = |s: &str| s.to_uppercase().chars().next();
    parts.iter().filter(|m| **m).count() >= 2
        && prefix(&record.family) == prefix(family)
        && initial(&record.given) == initial(given)
}

/// `POST /Patient/$gpc.registerpatient`: a temporary registration (§3.4).
///
/// Errors as the assurance suite expects: 422 INVALID_RESOURCE for wrong resource types and
/// forbidden or extra elements; 400 BAD_REQUEST for a duplicate parameter, no official name,
/// no family name, no birth date; 400 INVALID_NHS_NUMBER; 400 INVALID_PATIENT_DEMOGRAPHICS
/// when PDS does not know or verify the patient, or they are deceased or sensitive; 409
/// DUPLICATE_REJECTED when already registered and active here.
pub fn register(
    practice: &mut PracticeData,
    pds: &[PdsRecord],
    call: &Call<'_>,
    version: &str,
) -> SimResult<Reply> {
    let body = call.json_body("Parameters")?;
    if let Some(key) = body
        .keys()
        .find(|k| !["resourceType", "meta", "parameter"].contains(&k.as_str()))
    {
        return Err(SimError::invalid_resource(format!(
            "unknown element {key} in Parameters"
        )));
    }
    let parameters = body
        .get("parameter")
        .and_then(Value::as_array)
        .ok_or_else(|| SimError::invalid_resource("Parameters.parameter is required"))?;
    if parameters
        .iter()
        .any(|p| p.get("name").and_then(Value::as_str) != Some("registerPatient"))
    {
        return Err(SimError::invalid_resource(
            "only the registerPatient parameter is allowed",
        ));
    }
    let resource = match parameters.as_slice() {
        [] => return Err(SimError::invalid_resource("registerPatient is required")),
        [one] => one.get("resource"),
        _ => return Err(SimError::bad_request("registerPatient must be given once")),
    };
    let Some(Value::Object(raw)) = resource else {
        return Err(SimError::invalid_resource(
            "registerPatient needs a resource",
        ));
    };
    if raw.get("resourceType").and_then(Value::as_str) != Some("Patient") {
        return Err(SimError::invalid_resource(
            "registerPatient must be a Patient",
        ));
    }
    check_elements(raw)?;
    let patient: Patient = serde_json::from_value(Value::Object(raw.clone()))
        .map_err(|e| SimError::invalid_resource(format!("Patient: {e}")))?;
    if patient.identifier.iter().any(|i| i.system.is_none()) {
        return Err(SimError::bad_request("an identifier has no system"));
    }
    let number = patient
        .nhs_number()
        .ok_or_else(|| SimError::invalid_nhs_number("an NHS number identifier is required"))?;
    let nhs = NhsNumber::parse(number)
        .map_err(|e| SimError::invalid_nhs_number(format!("{number}: {e}")))?;
    let official: Vec<_> = patient
        .name
        .iter()
        .filter(|n| n.use_.as_deref() == Some("official"))
        .collect();
    let [official] = official.as_slice() else {
        return Err(SimError::bad_request(
            "exactly one official name is required",
        ));
    };
    let family = official
        .family
        .as_deref()
        .filter(|f| !f.trim().is_empty())
        .ok_or_else(|| SimError::bad_request("the official name needs a family name"))?;
    let given = official
        .given
        .first()
        .map(String::as_str)
        .unwrap_or_default();
    let birth = patient
        .birth_date
        .as_deref()
        .ok_or_else(|| SimError::bad_request("birthDate is required"))?;
    let birth = NaiveDate::parse_from_str(birth, "%Y-%m-%d")
        .map_err(|_| SimError::bad_request(format!("birthDate {birth} is not yyyy-mm-dd")))?;
    if let Some(gender) = &patient.gender
        && !["male", "female", "other", "unknown"].contains(&gender.as_str())
    {
        return Err(SimError::invalid_resource(format!(
            "gender {gender} is not valid"
        )));
    }
    check_contacts(&patient)?;

    let record = pds
        .iter()
        .find(|r| r.nhs_number == nhs.as_str())
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
    if !verified(record, family, given, birth) {
        return Err(SimError::invalid_demographics(
            "the details do not match PDS (name and date of birth)",
        ));
    }
    if practice.find_active(nhs.as_str()).is_some() {
        return Err(SimError::duplicate(
            "the patient already has an active registration here",
        ));
    }

    let id = practice
        .patients
        .values()
        .find(|p| p.nhs_number == nhs.as_str())
        .map(|p| p.id.clone())
        .unwrap_or_else(|| {
            let id = practice.next_patient.to_string();
            practice.next_patient += 1;
            id
        });
    let org_id = practice.organization.id.clone().unwrap_or_default();
    let mut resource = patient_resource(&id, record, &org_id, "T", call.now, None, version);
    resource.meta = Some(versioned(gpconnect::fhir::urls::PROFILE_PATIENT, version));
    // What the consumer sent overrides PDS; what it left out comes from PDS (§3.4).
    if !patient.telecom.is_empty() {
        resource.telecom = patient.telecom.clone();
    }
    let home: Option<&Address> = patient
        .address
        .iter()
        .find(|a| a.use_.as_deref() == Some("home"));
    let temp: Option<&Address> = patient
        .address
        .iter()
        .find(|a| a.use_.as_deref() == Some("temp"));
    if let Some(home) = home {
        resource.address = vec![home.clone()];
    }
    if let Some(temp) = temp {
        resource.address.push(temp.clone());
    }
    if patient.gender.is_some() {
        resource.gender = patient.gender.clone();
    }
    if !official.prefix.is_empty()
        && let Some(name) = resource.name.first_mut()
    {
        name.prefix = official.prefix.clone();
    }
    practice.patients.insert(
        id.clone(),
        SimPatient {
            id,
            nhs_number: nhs.as_str().to_owned(),
            resource: resource.clone(),
            active: true,
            sensitive: false,
        },
    );
    Ok(Reply::versioned(bundle_of(vec![resource], true)?, version))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> PdsRecord {
        PdsRecord {
            nhs_number: "9476719931".into(),
            family: "DAWES".into(),
            given: "Minnie".into(),
            title: None,
            gender: None,
            birth_date: NaiveDate::from_ymd_opt(1952, 5, 31).unwrap(),
            death_date: None,
            address: vec![],
            postcode: None,
            sensitive: false,
            primary_care_code: None,
        }
    }

    #[test]
    fn pds_verification_rules() {
        let dob = NaiveDate::from_ymd_opt(1952, 5, 31).unwrap();
        assert!(
            verified(&record(), "Anything", "X", dob),
            "exact date of birth"
        );
        let two_parts = NaiveDate::from_ymd_opt(1952, 5, 30).unwrap();
        assert!(verified(&record(), "Dawson", "Mary", two_parts));
        assert!(
            !verified(&record(), "Smith", "Mary", two_parts),
            "family prefix differs"
        );
        assert!(
            !verified(&record(), "Dawes", "Jane", two_parts),
            "initial differs"
        );
        let one_part = NaiveDate::from_ymd_opt(1953, 6, 30).unwrap();
        assert!(!verified(&record(), "Dawes", "Minnie", one_part));
    }
}
