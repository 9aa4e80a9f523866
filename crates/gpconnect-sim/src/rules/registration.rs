//! The body of `POST /Patient/$gpc.registerpatient` as a provider checks it (§3.4), on the
//! raw JSON: one `registerPatient` parameter holding a Patient with only the elements §3.4
//! lists (NHS number, one official name with family and given, birth date, gender, home and
//! temporary addresses, phones by use, one email, one NHS communication extension), with the
//! statuses the assurance suite expects. The PDS checks that follow are in
//! `routes::patients`.

use chrono::{Datelike, NaiveDate};
use serde_json::Value;

use super::nhs_number;
use super::{
    ADDRESS_ELEMENTS, CONTACT_POINT_ELEMENTS, HUMAN_NAME_ELEMENTS, IDENTIFIER_ELEMENTS, Object,
    array, known_elements, known_elements_each, text,
};
use crate::fixtures::PdsRecord;
use crate::model::{Address, Communication, Telecom};
use crate::outcome::{SimError, SimResult};
use crate::time::parse_date;
use crate::vocabulary::{EXT_NHS_COMMUNICATION, SYSTEM_NHS_NUMBER};

/// Patient elements a registration must not send (§3.4; the suite's 422 list).
const FORBIDDEN: [&str; 10] = [
    "active",
    "multipleBirthBoolean",
    "multipleBirthInteger",
    "generalPractitioner",
    "contact",
    "managingOrganization",
    "maritalStatus",
    "animal",
    "communication",
    "photo",
];

/// The Patient elements a registration may send (§3.4).
const ALLOWED: [&str; 9] = [
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

/// `Patient.gender` codes (STU3 AdministrativeGender).
const GENDERS: [&str; 4] = ["male", "female", "other", "unknown"];

/// What a valid registration asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// NHS number, 10 digits.
    pub nhs_number: String,
    /// Family name of the official name.
    pub family: String,
    /// Given names of the official name.
    pub given: Vec<String>,
    /// Titles of the official name.
    pub prefix: Vec<String>,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Gender, when sent.
    pub gender: Option<String>,
    /// Home and temporary addresses sent.
    pub addresses: Vec<Address>,
    /// Phones and email sent.
    pub telecom: Vec<Telecom>,
    /// The NHS communication extension sent (language, interpreter), if any.
    pub communication: Option<Communication>,
}

fn invalid(message: impl Into<String>) -> SimError {
    SimError::invalid_resource(message)
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The one `registerPatient` Patient of a `Parameters` body.
fn patient_of(body: &Object) -> SimResult<&Object> {
    known_elements(body, &["resourceType", "meta", "parameter"], "Parameters")?;
    let parameters = body
        .get("parameter")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("Parameters.parameter is required"))?;
    for parameter in parameters {
        let parameter = parameter
            .as_object()
            .ok_or_else(|| invalid("a parameter must be an object"))?;
        known_elements(parameter, &["name", "resource"], "Parameters.parameter")?;
        if text(parameter, "name") != Some("registerPatient") {
            return Err(invalid("only the registerPatient parameter is allowed"));
        }
    }
    let resource = match parameters.as_slice() {
        [] => return Err(invalid("registerPatient is required")),
        [one] => one.get("resource"),
        _ => return Err(SimError::bad_request("registerPatient must be given once")),
    };
    let patient = resource
        .and_then(Value::as_object)
        .ok_or_else(|| invalid("registerPatient needs a resource"))?;
    if text(patient, "resourceType") != Some("Patient") {
        return Err(invalid("registerPatient must be a Patient"));
    }
    Ok(patient)
}

fn check_elements(patient: &Object) -> SimResult<()> {
    if let Some(key) = patient
        .keys()
        .find(|k| FORBIDDEN.contains(&k.as_str()) || k.starts_with("deceased"))
    {
        return Err(invalid(format!("{key} must not be sent on registration")));
    }
    known_elements(patient, &ALLOWED, "Patient")?;
    let extensions = array(patient, "extension", "Patient")?;
    if extensions
        .iter()
        .any(|e| e.get("url").and_then(Value::as_str) != Some(EXT_NHS_COMMUNICATION))
    {
        return Err(invalid("only the NHS communication extension may be sent"));
    }
    if extensions.len() > 1 {
        return Err(invalid("at most one NHS communication extension"));
    }
    known_elements_each(patient, "identifier", &IDENTIFIER_ELEMENTS, "Patient")?;
    known_elements_each(patient, "name", &HUMAN_NAME_ELEMENTS, "Patient")?;
    known_elements_each(patient, "telecom", &CONTACT_POINT_ELEMENTS, "Patient")?;
    known_elements_each(patient, "address", &ADDRESS_ELEMENTS, "Patient")
}

fn nhs_number_of(patient: &Object) -> SimResult<String> {
    let identifiers = array(patient, "identifier", "Patient")?;
    if identifiers.iter().any(|i| i.get("system").is_none()) {
        return Err(SimError::bad_request("an identifier has no system"));
    }
    if identifiers
        .iter()
        .any(|i| i.get("system").and_then(Value::as_str) != Some(SYSTEM_NHS_NUMBER))
    {
        return Err(invalid("only the NHS number identifier may be sent"));
    }
    let number = identifiers
        .iter()
        .find_map(|i| i.get("value").and_then(Value::as_str))
        .ok_or_else(|| SimError::invalid_nhs_number("an NHS number identifier is required"))?;
    nhs_number::check(number)
        .map_err(|e| SimError::invalid_nhs_number(format!("{number}: {e}")))?;
    Ok(number.to_owned())
}

fn telecom_of(patient: &Object) -> SimResult<Vec<Telecom>> {
    let mut telecom: Vec<Telecom> = Vec::new();
    for entry in array(patient, "telecom", "Patient")? {
        let system = entry
            .get("system")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let use_ = entry.get("use").and_then(Value::as_str).map(str::to_owned);
        match (system, use_.as_deref()) {
            ("phone", Some("home" | "work" | "mobile" | "temp")) | ("email", _) => {}
            ("phone", other) => return Err(invalid(format!("phone use {other:?} is not allowed"))),
            (other, _) => return Err(invalid(format!("telecom system {other:?} is not allowed"))),
        }
        if telecom
            .iter()
            .any(|t| t.system == system && (system == "email" || t.use_ == use_))
        {
            return Err(SimError::bad_request(format!(
                "two {system} telecom entries with the same use"
            )));
        }
        telecom.push(Telecom {
            system: system.to_owned(),
            value: entry
                .get("value")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            use_,
        });
    }
    Ok(telecom)
}

fn addresses_of(patient: &Object) -> SimResult<Vec<Address>> {
    let mut addresses: Vec<Address> = Vec::new();
    for entry in array(patient, "address", "Patient")? {
        let use_ = entry.get("use").and_then(Value::as_str).unwrap_or_default();
        if !["home", "temp"].contains(&use_) || addresses.iter().any(|a| a.use_ == use_) {
            return Err(invalid(
                "addresses: at most one home and one temp address, no other use",
            ));
        }
        let field = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_owned);
        addresses.push(Address {
            use_: use_.to_owned(),
            lines: strings(entry.get("line")),
            city: field("city"),
            district: field("district"),
            postcode: field("postalCode"),
            country: field("country"),
        });
    }
    Ok(addresses)
}

/// Reads and checks a registration body (§3.4).
///
/// Errors as the assurance suite expects them: 422 INVALID_RESOURCE for wrong resource
/// types, unknown, forbidden or extra elements, other identifiers, non-official names, a bad
/// gender, disallowed telecom or address uses; 400 BAD_REQUEST for a repeated parameter, an
/// identifier without system, no official name or one without family or given name, a
/// missing or malformed birth date, or two telecoms of one use; 400 INVALID_NHS_NUMBER.
pub fn read(body: &Object) -> SimResult<Registration> {
    let patient = patient_of(body)?;
    check_elements(patient)?;
    let nhs_number = nhs_number_of(patient)?;
    let names = array(patient, "name", "Patient")?;
    let official: Vec<&Value> = names
        .iter()
        .filter(|n| n.get("use").and_then(Value::as_str) == Some("official"))
        .collect();
    let [official] = official.as_slice() else {
        return Err(SimError::bad_request(
            "exactly one official name is required",
        ));
    };
    if names.len() > 1 {
        return Err(invalid("only the official name may be sent"));
    }
    let family = official
        .get("family")
        .and_then(Value::as_str)
        .filter(|f| !f.trim().is_empty())
        .ok_or_else(|| SimError::bad_request("the official name needs a family name"))?;
    let given = strings(official.get("given"));
    if given.iter().all(|g| g.trim().is_empty()) {
        return Err(SimError::bad_request(
            "the official name needs a given name",
        ));
    }
    let birth =
        text(patient, "birthDate").ok_or_else(|| SimError::bad_request("birthDate is required"))?;
    let birth_date = parse_date(birth)
        .ok_or_else(|| SimError::bad_request(format!("birthDate {birth} is not yyyy-mm-dd")))?;
    let gender = match patient.get("gender") {
        None => None,
        Some(Value::String(g)) if GENDERS.contains(&g.as_str()) => Some(g.clone()),
        Some(other) => return Err(invalid(format!("gender {other} is not valid"))),
    };
    let telecom = telecom_of(patient)?;
    let addresses = addresses_of(patient)?;
    let communication = communication_of(patient)?;
    Ok(Registration {
        nhs_number,
        family: family.to_owned(),
        given,
        prefix: strings(official.get("prefix")),
        birth_date,
        gender,
        addresses,
        telecom,
        communication,
    })
}

/// The NHS communication extension: a `language` coding with a code (422 without one) and
/// an optional `interpreterRequired` boolean.
fn communication_of(patient: &Object) -> SimResult<Option<Communication>> {
    let extensions = array(patient, "extension", "Patient")?;
    let Some(extension) = extensions.first() else {
        return Ok(None);
    };
    let parts = extension
        .get("extension")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let part = |url: &str| {
        parts
            .iter()
            .find(|p| p.get("url").and_then(Value::as_str) == Some(url))
    };
    let coding = part("language")
        .and_then(|l| l.pointer("/valueCodeableConcept/coding/0"))
        .ok_or_else(|| invalid("nhsCommunication needs a language coding"))?;
    let code = coding
        .get("code")
        .and_then(Value::as_str)
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| invalid("nhsCommunication's language needs a code"))?;
    let interpreter_required = match part("interpreterRequired").map(|p| p.get("valueBoolean")) {
        None => false,
        Some(Some(Value::Bool(b))) => *b,
        Some(_) => return Err(invalid("interpreterRequired must be a boolean")),
    };
    Ok(Some(Communication {
        code: code.to_owned(),
        display: coding
            .get("display")
            .and_then(Value::as_str)
            .map(str::to_owned),
        interpreter_required,
    }))
}

/// PDS verification (§3.4): the date of birth matches exactly, or two of its three parts
/// match with the first three letters of the family name and the given-name initial.
pub fn verified(record: &PdsRecord, registration: &Registration) -> bool {
    let birth = registration.birth_date;
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
    let given = registration
        .given
        .first()
        .map(String::as_str)
        .unwrap_or_default();
    parts.iter().filter(|m| **m).count() >= 2
        && prefix(&record.family) == prefix(&registration.family)
        && initial(&record.given) == initial(given)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> PdsRecord {
        PdsRecord {
            nhs_number: "9476719931".into(),
            family: "DAWES".into(),
            given: "Minnie".into(),
            other_given: None,
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

    fn asking(family: &str, given: &str, birth: NaiveDate) -> Registration {
        Registration {
            nhs_number: "9476719931".into(),
            family: family.into(),
            given: vec![given.into()],
            prefix: vec![],
            birth_date: birth,
            gender: None,
            addresses: vec![],
            telecom: vec![],
            communication: None,
        }
    }

    #[test]
    fn pds_verification_rules() {
        let dob = NaiveDate::from_ymd_opt(1952, 5, 31).unwrap();
        assert!(
            verified(&record(), &asking("Anything", "X", dob)),
            "exact date of birth"
        );
        let two_parts = NaiveDate::from_ymd_opt(1952, 5, 30).unwrap();
        assert!(verified(&record(), &asking("Dawson", "Mary", two_parts)));
        assert!(
            !verified(&record(), &asking("Smith", "Mary", two_parts)),
            "family prefix"
        );
        assert!(
            !verified(&record(), &asking("Dawes", "Jane", two_parts)),
            "initial"
        );
        let one_part = NaiveDate::from_ymd_opt(1953, 6, 30).unwrap();
        assert!(!verified(&record(), &asking("Dawes", "Minnie", one_part)));
    }
}
