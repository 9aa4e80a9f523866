//! Find, read and temporarily register a patient at one practice (§3.3, §3.4, §3.10), and the
//! demographic cross-check the consumer SHALL make (§3.3).
//!
//! A patient's logical id is local to each practice: find the patient at the practice being
//! booked, and register them there when the search is empty.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::client::{Client, FhirRequest};
use crate::config::Practice;
use crate::error::{Error, Result};
use crate::fhir::urls::{PROFILE_PATIENT, SYSTEM_NHS_NUMBER};
use crate::fhir::{
    Address, Bundle, ContactPoint, HumanName, Identifier, Meta, Parameter, Parameters, Patient,
    Resource,
};
use crate::ids::{LocationId, NhsNumber, PatientId};
use crate::interaction::Interaction;
use crate::response::decode_resource;
use crate::time::{format_date, parse_date};

/// A contact point of a patient record, flattened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PatientContact {
    /// `phone` or `email`.
    pub system: Option<String>,
    /// `home`, `work`, `mobile`, `temp`.
    pub use_: Option<String>,
    /// The number or address.
    pub value: String,
}

/// A patient record at one practice, flattened for display (§3.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PatientRecord {
    /// Logical id at this practice (used to book and retrieve).
    pub id: PatientId,
    /// `meta.versionId`.
    pub version_id: Option<String>,
    /// NHS number as held.
    pub nhs_number: Option<String>,
    /// Official name for display, e.g. "Miss Jane Jackson".
    pub name: Option<String>,
    /// Official family name.
    pub family_name: Option<String>,
    /// Official given names.
    pub given_names: Vec<String>,
    /// `male`, `female`, `other`, `unknown`.
    pub gender: Option<String>,
    /// `yyyy-mm-dd`.
    pub birth_date: Option<String>,
    /// Home (else first) address lines, postcode last.
    pub address: Vec<String>,
    /// Phones and email.
    pub contacts: Vec<PatientContact>,
    /// Registration type code (`T` for a temporary registration).
    pub registration_type: Option<String>,
    /// The patient's preferred branch surgery (compare with slot locations, §3.2).
    pub preferred_branch_surgery: Option<LocationId>,
}

impl PatientRecord {
    /// Flattens a Patient resource. Error: [`Error::Decode`] when it has no valid id.
    pub fn from_patient(patient: &Patient) -> Result<Self> {
        let id = patient
            .id
            .as_deref()
            .and_then(|id| PatientId::parse(id).ok())
            .ok_or_else(|| Error::Decode {
                status: 200,
                source: crate::error::DecodeError::new("id", "the Patient has no valid id"),
            })?;
        let official = patient.official_name();
        let address = patient
            .address
            .iter()
            .find(|a| a.use_.as_deref() == Some("home"))
            .or_else(|| patient.address.first())
            .map(Address::lines)
            .unwrap_or_default();
        Ok(Self {
            id,
            version_id: patient.meta.as_ref().and_then(|m| m.version_id.clone()),
            nhs_number: patient.nhs_number().map(str::to_owned),
            name: official.map(HumanName::display).filter(|n| !n.is_empty()),
            family_name: official.and_then(|n| n.family.clone()),
            given_names: official.map(|n| n.given.clone()).unwrap_or_default(),
            gender: patient.gender.clone(),
            birth_date: patient.birth_date.clone(),
            address,
            contacts: patient
                .telecom
                .iter()
                .filter_map(|t| {
                    Some(PatientContact {
                        system: t.system.clone(),
                        use_: t.use_.clone(),
                        value: t.value.clone()?,
                    })
                })
                .collect(),
            registration_type: patient
                .registration_detail("registrationType")
                .and_then(|e| e.value_codeable_concept.as_ref())
                .and_then(|c| c.coding.first())
                .and_then(|c| c.code.clone()),
            preferred_branch_surgery: patient
                .registration_detail("preferredBranchSurgery")
                .and_then(|e| e.value_reference.as_ref())
                .and_then(|r| r.reference.as_deref())
                .and_then(|r| LocationId::from_reference(r).ok()),
        })
    }
}

/// Administrative gender (STU3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Gender {
    /// `male`
    Male,
    /// `female`
    Female,
    /// `other`
    Other,
    /// `unknown`
    Unknown,
}

impl Gender {
    /// The code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Male => "male",
            Self::Female => "female",
            Self::Other => "other",
            Self::Unknown => "unknown",
        }
    }
}

/// A UK postal address typed by the user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PostalAddress {
    /// Street lines (1 to 5).
    pub lines: Vec<String>,
    /// Town or city.
    pub city: Option<String>,
    /// District or county.
    pub district: Option<String>,
    /// Postcode, e.g. `LS18 1AE`.
    pub postcode: String,
}

/// The details sent to register a patient temporarily (§3.4). Everything not here MUST NOT
/// be sent; what is left out of the SHOULD list is filled in by the provider from PDS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemporaryRegistration {
    /// NHS number (SHALL).
    pub nhs_number: NhsNumber,
    /// Official family name (SHALL).
    pub family_name: String,
    /// Official given names (SHALL, at least one).
    pub given_names: Vec<String>,
    /// Title, e.g. `Miss`.
    pub prefix: Option<String>,
    /// Date of birth (SHALL).
    pub birth_date: NaiveDate,
    /// Gender (SHOULD).
    pub gender: Option<Gender>,
    /// Home address (SHOULD, at most one).
    pub home_address: Option<PostalAddress>,
    /// Temporary address (MAY, at most one).
    pub temporary_address: Option<PostalAddress>,
    /// Home phone.
    pub home_phone: Option<String>,
    /// Mobile phone.
    pub mobile_phone: Option<String>,
    /// Work phone.
    pub work_phone: Option<String>,
    /// Temporary phone (MAY).
    pub temporary_phone: Option<String>,
    /// Email address (SHOULD, at most one).
    pub email: Option<String>,
}

pub use crate::error::FieldError;

/// Longest name part accepted (PDS holds up to 35 characters).
pub const NAME_MAX_CHARS: usize = 35;
/// Longest email address accepted, in UTF-8 bytes (RFC 5321 counts octets).
pub const EMAIL_MAX_BYTES: usize = 254;

/// Longest address line accepted.
pub const ADDRESS_LINE_MAX_CHARS: usize = 35;

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// True for a UK postcode shape: `A9 9AA`, `A99 9AA`, `A9A 9AA`, `AA9 9AA`, `AA99 9AA`,
/// `AA9A 9AA` (space optional, any case).
pub fn is_uk_postcode(text: &str) -> bool {
    let compact: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if !(5..=7).contains(&compact.len()) {
        return false;
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let inward_ok = inward[0].is_ascii_digit()
        && inward[1].is_ascii_alphabetic()
        && inward[2].is_ascii_alphabetic();
    let outward_ok = match outward {
        [a, d] => a.is_ascii_alphabetic() && d.is_ascii_digit(),
        [a, b, c] => {
            a.is_ascii_alphabetic()
                && ((b.is_ascii_digit() && c.is_ascii_alphanumeric())
                    || (b.is_ascii_alphabetic() && c.is_ascii_digit()))
        }
        [a, b, c, d] => {
            a.is_ascii_alphabetic()
                && b.is_ascii_alphabetic()
                && c.is_ascii_digit()
                && d.is_ascii_alphanumeric()
        }
        _ => false,
    };
    inward_ok && outward_ok
}

/// True for a phone number: digits with optional spaces and a leading `+`, 7 to 15 digits.
pub fn is_phone_number(text: &str) -> bool {
    let text = text.trim();
    let body = text.strip_prefix('+').unwrap_or(text);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    body.chars().all(|c| c.is_ascii_digit() || c == ' ') && (7..=15).contains(&digits)
}

/// True for a plausible email address: one `@`, a dotted domain, no spaces, at most 254.
pub fn is_email(text: &str) -> bool {
    let text = text.trim();
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    text.len() <= EMAIL_MAX_BYTES
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.contains(char::is_whitespace)
}

impl TemporaryRegistration {
    /// Checks every field against §3.4 and the limits above. `today` is the UK date.
    /// Returns all problems at once, empty when valid.
    pub fn validate(&self, today: NaiveDate) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: &str| {
            errors.push(FieldError {
                field: field.to_owned(),
                message: message.to_owned(),
            });
        };
        let name_checks = [("familyName", self.family_name.as_str())];
        for (field, value) in name_checks {
            if value.trim().is_empty() {
                fail(field, "Enter the family name");
            } else if char_len(value.trim()) > NAME_MAX_CHARS {
                fail(field, "Family name must be 35 characters or fewer");
            }
        }
        let given: Vec<&str> = self
            .given_names
            .iter()
            .map(|g| g.trim())
            .filter(|g| !g.is_empty())
            .collect();
        if given.is_empty() {
            fail("givenNames", "Enter the given name");
        } else if given.iter().any(|g| char_len(g) > NAME_MAX_CHARS) {
            fail(
                "givenNames",
                "Each given name must be 35 characters or fewer",
            );
        }
        if self
            .prefix
            .as_deref()
            .is_some_and(|p| char_len(p.trim()) > NAME_MAX_CHARS)
        {
            fail("prefix", "Title must be 35 characters or fewer");
        }
        if self.birth_date > today {
            fail("birthDate", "Date of birth must be today or in the past");
        } else if today.years_since(self.birth_date).is_some_and(|y| y > 130) {
            fail(
                "birthDate",
                "Date of birth must be within the last 130 years",
            );
        }
        for (field, address) in [
            ("homeAddress", &self.home_address),
            ("temporaryAddress", &self.temporary_address),
        ] {
            let Some(address) = address else { continue };
            let lines: Vec<&str> = address
                .lines
                .iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty())
                .collect();
            if lines.is_empty() {
                fail(
                    &format!("{field}.lines"),
                    "Enter the first line of the address",
                );
            } else if lines.len() > 5 {
                fail(&format!("{field}.lines"), "An address has at most 5 lines");
            } else if lines.iter().any(|l| char_len(l) > ADDRESS_LINE_MAX_CHARS) {
                fail(
                    &format!("{field}.lines"),
                    "Each address line must be 35 characters or fewer",
                );
            }
            for (part, value) in [("city", &address.city), ("district", &address.district)] {
                if value
                    .as_deref()
                    .is_some_and(|v| char_len(v.trim()) > ADDRESS_LINE_MAX_CHARS)
                {
                    fail(&format!("{field}.{part}"), "Must be 35 characters or fewer");
                }
            }
            if !is_uk_postcode(&address.postcode) {
                fail(
                    &format!("{field}.postcode"),
                    "Enter a full UK postcode, like LS18 1AE",
                );
            }
        }
        for (field, phone) in [
            ("homePhone", &self.home_phone),
            ("mobilePhone", &self.mobile_phone),
            ("workPhone", &self.work_phone),
            ("temporaryPhone", &self.temporary_phone),
        ] {
            if phone
                .as_deref()
                .is_some_and(|p| !p.trim().is_empty() && !is_phone_number(p))
            {
                fail(
                    field,
                    "Enter a phone number of 7 to 15 digits, like 0113 496 0000",
                );
            }
        }
        if self
            .email
            .as_deref()
            .is_some_and(|e| !e.trim().is_empty() && !is_email(e))
        {
            fail("email", "Enter an email address like name@example.com");
        }
        errors
    }

    /// The `$gpc.registerpatient` body: a `Parameters` with one `registerPatient` Patient
    /// carrying only the allowed elements (§3.4).
    pub fn to_parameters(&self) -> Parameters {
        let non_empty = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let mut telecom = Vec::new();
        for (use_, phone) in [
            ("home", &self.home_phone),
            ("mobile", &self.mobile_phone),
            ("work", &self.work_phone),
            ("temp", &self.temporary_phone),
        ] {
            if let Some(value) = non_empty(phone) {
                telecom.push(ContactPoint {
                    system: Some("phone".to_owned()),
                    value: Some(value),
                    use_: Some(use_.to_owned()),
                });
            }
        }
        if let Some(email) = non_empty(&self.email) {
            telecom.push(ContactPoint {
                system: Some("email".to_owned()),
                value: Some(email),
                use_: None,
            });
        }
        let to_address = |use_: &str, a: &PostalAddress| Address {
            use_: Some(use_.to_owned()),
            line: a
                .lines
                .iter()
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect(),
            city: non_empty(&a.city),
            district: non_empty(&a.district),
            postal_code: Some(a.postcode.trim().to_uppercase()),
            ..Address::default()
        };
        let address = [
            self.home_address.as_ref().map(|a| to_address("home", a)),
            self.temporary_address
                .as_ref()
                .map(|a| to_address("temp", a)),
        ]
        .into_iter()
        .flatten()
        .collect();
        let patient = Patient {
            meta: Some(Meta::profile(PROFILE_PATIENT)),
            identifier: vec![Identifier::new(SYSTEM_NHS_NUMBER, self.nhs_number.as_str())],
            name: vec![HumanName {
                use_: Some("official".to_owned()),
                family: Some(self.family_name.trim().to_owned()),
                given: self
                    .given_names
                    .iter()
                    .map(|g| g.trim().to_owned())
                    .filter(|g| !g.is_empty())
                    .collect(),
                prefix: non_empty(&self.prefix).into_iter().collect(),
                text: None,
            }],
            telecom,
            gender: self.gender.map(|g| g.code().to_owned()),
            birth_date: Some(format_date(self.birth_date)),
            address,
            ..Patient::default()
        };
        Parameters {
            meta: None,
            parameter: vec![Parameter {
                name: "registerPatient".to_owned(),
                resource: Some(Resource::Patient(patient)),
            }],
        }
    }
}

/// What the user has for the patient locally (from PDS or the caller), compared with the
/// practice's record (§3.3 "Demographic cross-checking").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Demographics {
    /// Family name.
    pub family_name: Option<String>,
    /// First given name.
    pub given_name: Option<String>,
    /// Gender code.
    pub gender: Option<Gender>,
    /// Date of birth.
    pub birth_date: Option<NaiveDate>,
}

/// The compared fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DemographicField {
    /// Family name.
    FamilyName,
    /// Given name.
    GivenName,
    /// Gender.
    Gender,
    /// Date of birth.
    BirthDate,
}

/// One field where the practice's record differs from what the user entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DemographicDifference {
    /// Which field.
    pub field: DemographicField,
    /// What the user entered.
    pub entered: String,
    /// What the practice holds (empty when it holds nothing).
    pub found: String,
}

/// Compares family name, first given name, gender and date of birth (§3.3); case and
/// surrounding spaces are ignored. Fields the user left empty are not compared.
pub fn demographic_differences(
    entered: &Demographics,
    found: &PatientRecord,
) -> Vec<DemographicDifference> {
    let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
    let mut differences = Vec::new();
    let mut compare = |field, entered: Option<String>, found: Option<String>| {
        if let Some(entered) = entered.filter(|e| !e.trim().is_empty()) {
            let found = found.unwrap_or_default();
            if !same(&entered, &found) {
                differences.push(DemographicDifference {
                    field,
                    entered,
                    found,
                });
            }
        }
    };
    compare(
        DemographicField::FamilyName,
        entered.family_name.clone(),
        found.family_name.clone(),
    );
    compare(
        DemographicField::GivenName,
        entered.given_name.clone(),
        found.given_names.first().cloned(),
    );
    compare(
        DemographicField::Gender,
        entered.gender.map(|g| g.code().to_owned()),
        found.gender.clone(),
    );
    compare(
        DemographicField::BirthDate,
        entered.birth_date.map(format_date),
        found.birth_date.as_deref().map(|d| {
            parse_date(d)
                .map(format_date)
                .unwrap_or_else(|_| d.to_owned())
        }),
    );
    differences
}

fn records_from_bundle(status: u16, body: &[u8]) -> Result<Vec<PatientRecord>> {
    let bundle: Bundle = decode_resource(status, body)?;
    bundle
        .resources()
        .map_err(|source| Error::Decode { status, source })?
        .iter()
        .filter_map(|r| match r {
            Resource::Patient(p) => Some(PatientRecord::from_patient(p)),
            _ => None,
        })
        .collect()
}

impl Client {
    /// Finds active patients with `nhs_number` at `practice` (§3.3). An empty result is not
    /// an error: it means "register the patient here". Sensitive, deceased and inactive
    /// patients also come back empty.
    ///
    /// Errors: any [`Error`]; `INVALID_NHS_NUMBER` and `INVALID_IDENTIFIER_SYSTEM` as 400.
    pub async fn find_patient(
        &self,
        practice: &Practice,
        nhs_number: &NhsNumber,
    ) -> Result<Vec<PatientRecord>> {
        let mut request = FhirRequest::new(Interaction::FindPatient, "Patient");
        request.query = vec![("identifier", format!("{SYSTEM_NHS_NUMBER}|{nhs_number}"))];
        let response = self.execute(practice, &request).await?;
        records_from_bundle(response.status, &response.body)
    }

    /// The patient's one record at `practice` (§3.3), `None` when they have none there
    /// (register them). Every screen and command finds patients through this rule.
    ///
    /// Errors: [`Error::MultiplePatientRecords`] when the practice holds several (nothing
    /// should be sent for the patient there); any [`Error`] of [`Client::find_patient`].
    pub async fn find_single_patient(
        &self,
        practice: &Practice,
        nhs_number: &NhsNumber,
    ) -> Result<Option<PatientRecord>> {
        let mut found = self.find_patient(practice, nhs_number).await?;
        if found.len() > 1 {
            return Err(Error::MultiplePatientRecords { count: found.len() });
        }
        Ok(found.pop())
    }

    /// Reads a patient by logical id (§3.10). Errors: 404 `PATIENT_NOT_FOUND`, any [`Error`].
    pub async fn read_patient(&self, practice: &Practice, id: &PatientId) -> Result<PatientRecord> {
        let request = FhirRequest::new(Interaction::ReadPatient, id.reference());
        let response = self.execute(practice, &request).await?;
        let patient: Patient = decode_resource(response.status, &response.body)?;
        PatientRecord::from_patient(&patient)
    }

    /// Registers a patient temporarily at `practice` (`$gpc.registerpatient`, §3.4) and
    /// returns the record created or re-activated. Never retried: on a lost response, find
    /// the patient again before trying once more.
    ///
    /// Errors: [`Error::Validation`] before sending; 400 `INVALID_NHS_NUMBER` /
    /// `INVALID_PATIENT_DEMOGRAPHICS` / `BAD_REQUEST`, 409 `DUPLICATE_REJECTED` (already
    /// registered), 422 `INVALID_RESOURCE`, any other [`Error`].
    pub async fn register_patient(
        &self,
        practice: &Practice,
        registration: &TemporaryRegistration,
    ) -> Result<PatientRecord> {
        let today = crate::time::uk_date(self.clock().now());
        Error::check_fields(registration.validate(today))?;
        let body = serde_json::to_vec(&Resource::Parameters(registration.to_parameters()))
            .map_err(|e| Error::validation("registration", e.to_string()))?;
        let mut request =
            FhirRequest::new(Interaction::RegisterPatient, "Patient/$gpc.registerpatient");
        request.body = Some(body);
        let response = self.execute(practice, &request).await?;
        records_from_bundle(response.status, &response.body)?
            .into_iter()
            .next()
            .ok_or_else(|| Error::Decode {
                status: response.status,
                source: crate::error::DecodeError::new(
                    "entry",
                    "the response Bundle holds no Patient",
                ),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registration() -> TemporaryRegistration {
        TemporaryRegistration {
            nhs_number: NhsNumber::parse("9476719931").unwrap(),
            family_name: "Jackson".into(),
            given_names: vec!["Jane".into()],
            prefix: Some("Miss".into()),
            birth_date: NaiveDate::from_ymd_opt(1952, 5, 31).unwrap(),
            gender: Some(Gender::Female),
            home_address: Some(PostalAddress {
                lines: vec!["1 Withings Lane".into(), "Shadwell".into()],
                city: Some("Leeds".into()),
                district: Some("West Yorkshire".into()),
                postcode: "ls18 1ae".into(),
            }),
            temporary_address: None,
            home_phone: Some("01454587554".into()),
            mobile_phone: Some("07777111222".into()),
            work_phone: None,
            temporary_phone: None,
            email: None,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
    }

    #[test]
    fn valid_registration_has_no_errors() {
        assert_eq!(registration().validate(today()), vec![]);
    }

    #[test]
    fn each_rule_is_checked() {
        let mut r = registration();
        r.family_name = " ".into();
        r.given_names = vec![];
        r.birth_date = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        r.home_address.as_mut().unwrap().postcode = "LS18".into();
        r.mobile_phone = Some("12ab".into());
        r.email = Some("not-an-email".into());
        r.prefix = Some("x".repeat(36));
        let fields: Vec<String> = r.validate(today()).into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![
                "familyName",
                "givenNames",
                "prefix",
                "birthDate",
                "homeAddress.postcode",
                "mobilePhone",
                "email"
            ]
        );
    }

    #[test]
    fn postcode_phone_email_shapes() {
        for ok in [
            "LS18 1AE", "ls181ae", "M1 1AA", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX",
            "EC1A 1BB",
        ] {
            assert!(is_uk_postcode(ok), "{ok}");
        }
        for bad in ["LS18", "1S18 1AE", "LS18 AAE", "LS18 1A1", ""] {
            assert!(!is_uk_postcode(bad), "{bad}");
        }
        assert!(is_phone_number("+44 113 496 0000"));
        assert!(!is_phone_number("0113-496"));
        assert!(is_email("a.b@nhs.net"));
        assert!(!is_email("a@b"));
    }

    #[test]
    fn payload_carries_only_allowed_elements() {
        let value =
            serde_json::to_value(Resource::Parameters(registration().to_parameters())).unwrap();
        let patient = &value["parameter"][0]["resource"];
        assert_eq!(value["parameter"][0]["name"], "registerPatient");
        assert_eq!(patient["resourceType"], "Patient");
        assert_eq!(patient["name"][0]["use"], "official");
        assert_eq!(patient["address"][0]["postalCode"], "LS18 1AE");
        assert_eq!(patient["telecom"][1]["use"], "mobile");
        for forbidden in [
            "active",
            "managingOrganization",
            "contact",
            "id",
            "extension",
        ] {
            assert!(
                patient.get(forbidden).is_none(),
                "{forbidden} must not be sent"
            );
        }
    }

    #[test]
    fn demographic_cross_check() {
        let text = include_str!(
            "../../../tests/fixtures/gpconnect-1.2.7/read_patient_response_example.json"
        );
        let patient: Patient = serde_json::from_str(text).unwrap();
        let record = PatientRecord::from_patient(&patient).unwrap();
        let entered = Demographics {
            family_name: Some("JACKSON".into()),
            given_name: Some("Janet".into()),
            gender: Some(Gender::Female),
            birth_date: NaiveDate::from_ymd_opt(1952, 5, 30),
        };
        let fields: Vec<DemographicField> = demographic_differences(&entered, &record)
            .into_iter()
            .map(|d| d.field)
            .collect();
        assert_eq!(
            fields,
            vec![DemographicField::GivenName, DemographicField::BirthDate]
        );
    }
}
