//! Find, read and temporarily register a patient at one practice (§3.3, §3.4, §3.10), and the
//! demographic cross-check the consumer SHALL make (§3.3).
//!
//! A patient's logical id is local to each practice: find the patient at the practice being
//! booked, and register them there when the search is empty.
//!
//! Here: the record as found and the client's find, read and register calls.
//! `registration`: what registration sends and its rules. `demographics`: the cross-check.

mod communication;
mod demographics;
mod registration;

pub use communication::*;
pub use demographics::*;
pub use registration::*;

use serde::{Deserialize, Serialize};

use crate::client::{Client, FhirRequest};
use crate::config::Practice;
use crate::error::{Error, Result};
use crate::fhir::urls::SYSTEM_NHS_NUMBER;
use crate::fhir::{Address, Bundle, HumanName, Patient, Resource};
use crate::ids::{LocationId, NhsNumber, PatientId};
use crate::interaction::Interaction;
use crate::outcome::WriteOutcome;
use crate::pending::WriteDetail;
use crate::response::decode_resource;

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
    /// The patient's language and whether they need an interpreter (§3.3), when held.
    #[serde(default)]
    pub communication: Option<NhsCommunication>,
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
            communication: NhsCommunication::of(patient),
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
    /// Every record must carry the NHS number searched (the patient guard).
    ///
    /// Errors: [`Error::WrongPatient`] when a record carries another NHS number (nothing is
    /// returned); any [`Error`]; `INVALID_NHS_NUMBER` and `INVALID_IDENTIFIER_SYSTEM` as 400.
    pub async fn find_patient(
        &self,
        practice: &Practice,
        nhs_number: &NhsNumber,
    ) -> Result<Vec<PatientRecord>> {
        let mut request = FhirRequest::new(Interaction::FindPatient, "Patient");
        request.query = vec![("identifier", format!("{SYSTEM_NHS_NUMBER}|{nhs_number}"))];
        let response = self.execute(practice, &request).await?;
        let records = records_from_bundle(response.status, &response.body)?;
        // The patient guard: every record found must carry the NHS number searched.
        if records
            .iter()
            .any(|r| r.nhs_number.as_deref() != Some(nhs_number.as_str()))
        {
            return Err(Error::WrongPatient {
                message: "the practice returned a record with a different NHS number from the one searched"
                    .to_owned(),
            });
        }
        Ok(records)
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

    /// Registers a patient temporarily at `practice` (`$gpc.registerpatient`, §3.4),
    /// recorded in the journal first, and returns the record created or re-activated. Never
    /// resent: a lost answer is read back by finding the patient again
    /// ([`Client::check_registration`]); so is a 409 `DUPLICATE_REJECTED`, which may be an
    /// earlier attempt of ours.
    ///
    /// Errors: [`Error::Validation`] before sending; 400 `INVALID_NHS_NUMBER` /
    /// `INVALID_PATIENT_DEMOGRAPHICS` / `BAD_REQUEST`, 409 `DUPLICATE_REJECTED` (already
    /// registered), 422 `INVALID_RESOURCE`, any other refusal.
    pub async fn register_patient(
        &self,
        practice: &Practice,
        registration: &TemporaryRegistration,
    ) -> Result<WriteOutcome<PatientRecord>> {
        let today = crate::time::uk_date(self.clock().now());
        Error::check_fields(registration.validate(today))?;
        let body = serde_json::to_vec(&Resource::Parameters(registration.to_parameters()))
            .map_err(|e| Error::validation("registration", e.to_string()))?;
        let mut request =
            FhirRequest::new(Interaction::RegisterPatient, "Patient/$gpc.registerpatient");
        request.body = Some(body);
        let nhs_number = &registration.nhs_number;
        let sent = self
            .for_patient(nhs_number)
            .send_recorded(practice, request, WriteDetail::Register, None)
            .await?;
        self.settle(
            sent,
            |response| async move {
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
            },
            || self.check_registration(practice, nhs_number),
            crate::writes::is_duplicate,
            |record| record.id.to_string(),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

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
            communication: None,
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
            "../../../../tests/fixtures/gpconnect-1.2.7/read_patient_response_example.json"
        );
        let patient: Patient = serde_json::from_str(text).unwrap();
        let record = PatientRecord::from_patient(&patient).unwrap();
        let entered = Demographics {
            family_name: Some("JACKSON".into()),
            given_name: Some("Janet".into()),
            gender: Some(Gender::Female),
            birth_date: NaiveDate::from_ymd_opt(1952, 5, 30),
            address: Vec::new(),
        };
        let fields: Vec<DemographicField> = demographic_differences(&entered, &record)
            .into_iter()
            .map(|d| d.field)
            .collect();
        assert_eq!(
            fields,
            vec![DemographicField::GivenName, DemographicField::BirthDate]
        );
        // The address: its first line and postcode among the record's parts, whatever the
        // case, spacing and punctuation; otherwise a difference showing both.
        let same_address = Demographics {
            address: vec!["trevelyan square".into(), "LEEDS".into(), "ls16ae".into()],
            ..Demographics::default()
        };
        assert_eq!(demographic_differences(&same_address, &record), vec![]);
        let moved = Demographics {
            address: vec!["3 Church Lane".into(), "LS1 6AE".into()],
            ..Demographics::default()
        };
        let differences = demographic_differences(&moved, &record);
        assert_eq!(differences.len(), 1);
        assert_eq!(differences[0].field, DemographicField::Address);
        assert_eq!(differences[0].entered, "3 Church Lane, LS1 6AE");
        assert!(
            differences[0].found.contains("Trevelyan Square"),
            "{}",
            differences[0].found
        );
    }
}
