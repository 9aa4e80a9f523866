//! What a trace means: the PDS Patient flattened into the facts a booking needs (the current
//! NHS number and its verification status, the usual name, date of birth, gender, home
//! address, contact details, date of death, the registered GP practice, the restricted
//! flag), and the rules that follow from them.
//!
//! A restricted ("sensitive", S-flagged) patient keeps no address, contact details or
//! registered practice here even if PDS sent them (§3.5: none may be shown), and may not be
//! the subject of any GP Connect request (`gpconnect-1.2.7.md` §5.4; `nhs-identity-pds.md`
//! §5). A deceased patient may not be booked. A superseded NHS number is answered with the
//! current record: its `id` differs from the number asked for (§3.3).
//!
//! Belongs here: reading the resource and these rules. Sending requests is `client`.

use chrono::{DateTime, NaiveDate, Utc};
use gpconnect::ids::{NhsNumber, OdsCode};
use gpconnect::patients::Gender;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::fhir::{self, Period};

/// `Identifier.system` of the NHS number.
pub const SYSTEM_NHS_NUMBER: &str = "https://fhir.nhs.uk/Id/nhs-number";
/// `Identifier.system` of ODS codes (the registered practice).
pub const SYSTEM_ODS_CODE: &str = "https://fhir.nhs.uk/Id/ods-organization-code";
/// The extension carrying the NHS number verification status (§3.3).
pub const EXT_NHS_NUMBER_VERIFICATION: &str =
    "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus";
/// `meta.security` code of an unrestricted record; anything else is treated as restricted
/// (as NHS England's own prescription tracker does, §3.5).
pub const UNRESTRICTED: &str = "U";

/// The NHS number verification status (UK Core code system, codes 01-08).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Verification {
    /// `01` = "Number present and verified".
    pub code: String,
    /// The display text PDS sent, e.g. "Number present and verified".
    pub display: Option<String>,
}

impl Verification {
    /// Code `01`: the number is present and verified.
    pub fn is_verified(&self) -> bool {
        self.code == "01"
    }
}

/// The home address (`use: home`, current).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HomeAddress {
    /// Lines as PDS holds them (town and county included).
    pub lines: Vec<String>,
    /// Postcode.
    pub postcode: Option<String>,
}

/// A phone number or email address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Contact {
    /// `phone`, `email` or `other`.
    pub system: String,
    /// `home`, `work`, `mobile`, `temp`.
    pub use_: Option<String>,
    /// The number or address.
    pub value: String,
}

/// The date of death as PDS holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Deceased {
    /// As sent: a date-time, `yyyy-mm-dd`, `yyyy-mm` or `yyyy` (§3.3).
    pub text: String,
    /// The UK calendar day, when the text gives one.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub date: Option<NaiveDate>,
}

/// A patient as PDS holds them, flattened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PdsPatient {
    /// The current NHS number (`Patient.id`).
    pub nhs_number: NhsNumber,
    /// Its verification status.
    pub verification: Option<Verification>,
    /// Title of the usual name, e.g. `Mrs`.
    pub title: Option<String>,
    /// Given names of the usual name.
    pub given_names: Vec<String>,
    /// Family name of the usual name.
    pub family_name: Option<String>,
    /// "Title Given Family", for display.
    pub name: String,
    /// Gender.
    pub gender: Option<Gender>,
    /// Date of birth.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub birth_date: Option<NaiveDate>,
    /// Date of death, when PDS records one.
    pub deceased: Option<Deceased>,
    /// The current home address; never for a restricted patient.
    pub address: Option<HomeAddress>,
    /// Current phone numbers and email; never for a restricted patient.
    pub contacts: Vec<Contact>,
    /// The GP practice the patient is registered with (ODS code of the practice as a whole,
    /// not a branch); never for a restricted patient.
    pub registered_practice: Option<OdsCode>,
    /// Restricted (`meta.security` other than `U`): a sensitive patient.
    pub restricted: bool,
    /// `meta.versionId` (the `ETag`).
    pub version_id: Option<String>,
}

/// `true` when `period` covers `today` (no period, or no end, or an end not before today).
fn current(period: Option<&Period>, today: NaiveDate) -> bool {
    let day = |text: &str| text.get(..10).and_then(|d| d.parse::<NaiveDate>().ok());
    let started = period
        .and_then(|p| p.start.as_deref())
        .and_then(day)
        .is_none_or(|start| start <= today);
    let not_ended = period
        .and_then(|p| p.end.as_deref())
        .and_then(day)
        .is_none_or(|end| end >= today);
    started && not_ended
}

/// The first item of `items` that `wanted` accepts and is current, else the first it
/// accepts at all.
fn pick<T>(
    items: &[T],
    wanted: impl Fn(&T) -> bool,
    period: impl Fn(&T) -> Option<&Period>,
    today: NaiveDate,
) -> Option<&T> {
    items
        .iter()
        .find(|i| wanted(i) && current(period(i), today))
        .or_else(|| items.iter().find(|i| wanted(i)))
}

fn non_empty(text: Option<&String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

fn gender(code: Option<&str>) -> Option<Gender> {
    match code?.trim() {
        "male" => Some(Gender::Male),
        "female" => Some(Gender::Female),
        "other" => Some(Gender::Other),
        "unknown" => Some(Gender::Unknown),
        _ => None,
    }
}

/// Reads a date of death: a date-time becomes its UK calendar day.
fn deceased(text: &str) -> Deceased {
    let text = text.trim();
    let date = if text.len() == 10 {
        text.parse::<NaiveDate>().ok()
    } else {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|dt| gpconnect::time::uk_date(dt.with_timezone(&Utc)))
    };
    Deceased {
        text: text.to_owned(),
        date,
    }
}

impl PdsPatient {
    /// Flattens `patient` as of `today` (UK date: which name, address and registration are
    /// current).
    ///
    /// Errors: [`Error::Decode`] when it is not a Patient or its `id` is not a valid NHS
    /// number.
    pub fn from_resource(patient: &fhir::Patient, today: NaiveDate) -> Result<Self> {
        let decode = |message: &str| Error::Decode {
            status: 200,
            message: message.to_owned(),
        };
        if patient.resource_type.as_deref() != Some("Patient") {
            return Err(decode("the answer is not a Patient"));
        }
        let id = patient
            .id
            .as_deref()
            .ok_or_else(|| decode("the Patient has no id (NHS number)"))?;
        let nhs_number = NhsNumber::parse(id)
            .map_err(|e| decode(&format!("the Patient's id is not an NHS number ({e})")))?;
        let identifier = patient.identifier.iter().find(|i| {
            i.system.as_deref() == Some(SYSTEM_NHS_NUMBER) && i.value.as_deref() == Some(id)
        });
        let verification = identifier
            .into_iter()
            .flat_map(|i| &i.extension)
            .filter(|e| e.url.as_deref() == Some(EXT_NHS_NUMBER_VERIFICATION))
            .filter_map(|e| e.value_codeable_concept.as_ref())
            .flat_map(|c| &c.coding)
            .find_map(|c| {
                Some(Verification {
                    code: c.code.clone()?,
                    display: c.display.clone(),
                })
            });
        let restricted = patient.meta.as_ref().is_some_and(|m| {
            m.security
                .iter()
                .any(|s| s.code.as_deref() != Some(UNRESTRICTED))
        });
        let name = pick(
            &patient.name,
            |n| n.use_.as_deref().is_none_or(|u| u == "usual"),
            |n| n.period.as_ref(),
            today,
        )
        .or_else(|| patient.name.first());
        let title = name.and_then(|n| non_empty(n.prefix.first()));
        let given_names: Vec<String> = name
            .map(|n| n.given.iter().filter_map(|g| non_empty(Some(g))).collect())
            .unwrap_or_default();
        let family_name = name.and_then(|n| non_empty(n.family.as_ref()));
        let display = title
            .iter()
            .chain(&given_names)
            .chain(&family_name)
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        let address = pick(
            &patient.address,
            |a| a.use_.as_deref().is_none_or(|u| u == "home"),
            |a| a.period.as_ref(),
            today,
        )
        .map(|a| HomeAddress {
            lines: a.line.iter().filter_map(|l| non_empty(Some(l))).collect(),
            postcode: non_empty(a.postal_code.as_ref()),
        })
        .filter(|a| !a.lines.is_empty() || a.postcode.is_some());
        let contacts = patient
            .telecom
            .iter()
            .filter(|t| current(t.period.as_ref(), today))
            .filter_map(|t| {
                Some(Contact {
                    system: t.system.clone()?,
                    use_: t.use_.clone(),
                    value: non_empty(t.value.as_ref())?,
                })
            })
            .collect();
        let registered_practice = patient
            .general_practitioner
            .iter()
            .filter_map(|gp| gp.identifier.as_ref())
            .filter(|i| i.system.as_deref().is_none_or(|s| s == SYSTEM_ODS_CODE))
            .filter(|i| current(i.period.as_ref(), today))
            .find_map(|i| OdsCode::parse(i.value.as_deref()?).ok());
        let mut flat = Self {
            nhs_number,
            verification,
            title,
            given_names,
            family_name,
            name: display,
            gender: gender(patient.gender.as_deref()),
            birth_date: patient
                .birth_date
                .as_deref()
                .and_then(|d| d.trim().parse::<NaiveDate>().ok()),
            deceased: patient.deceased_date_time.as_deref().map(deceased),
            address,
            contacts,
            registered_practice,
            restricted,
            version_id: patient.meta.as_ref().and_then(|m| m.version_id.clone()),
        };
        if flat.restricted {
            flat.withhold_location();
        }
        Ok(flat)
    }

    /// Drops everything that could locate a restricted patient (§3.5).
    fn withhold_location(&mut self) {
        self.address = None;
        self.contacts.clear();
        self.registered_practice = None;
    }
}

/// Why GP Connect may not be used, or a booking may not be made, for a traced patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Block {
    /// Restricted (sensitive): no GP Connect request at all (§5.4; foundations_ig).
    Sensitive,
    /// Deceased: no booking or registration.
    Deceased,
}

/// A retrieval by NHS number, and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Trace {
    /// The number asked for.
    pub requested: NhsNumber,
    /// The record PDS returned.
    pub patient: PdsPatient,
    /// The number asked for was superseded: `patient.nhsNumber` is the one to use.
    pub superseded: bool,
    /// When PDS answered.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub traced_at: DateTime<Utc>,
}

impl Trace {
    /// The trace of `requested` from `patient`, at `now`.
    pub fn new(requested: NhsNumber, patient: PdsPatient, now: DateTime<Utc>) -> Self {
        Self {
            superseded: requested != patient.nhs_number,
            requested,
            patient,
            traced_at: now,
        }
    }

    /// Why nothing may be sent to GP Connect for this patient: `Some(Block::Sensitive)` for
    /// a restricted patient.
    pub fn gp_connect_block(&self) -> Option<Block> {
        self.patient.restricted.then_some(Block::Sensitive)
    }

    /// Why the patient may not be booked (or registered): sensitive first, then deceased.
    pub fn booking_block(&self) -> Option<Block> {
        self.gp_connect_block()
            .or_else(|| self.patient.deceased.as_ref().map(|_| Block::Deceased))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    fn patient(json: serde_json::Value) -> Result<PdsPatient> {
        let resource: fhir::Patient = serde_json::from_value(json).unwrap();
        PdsPatient::from_resource(&resource, today())
    }

    #[test]
    fn an_ended_registration_is_not_the_registered_practice() {
        let gp = |end: &str| {
            serde_json::json!({"resourceType": "Patient", "id": "9476719931",
                "meta": {"security": [{"code": "U"}]},
                "generalPractitioner": [{"type": "Organization", "identifier": {
                    "system": SYSTEM_ODS_CODE, "value": "A20047",
                    "period": {"start": "2020-01-01", "end": end}}}]})
        };
        assert_eq!(
            patient(gp("2030-01-01"))
                .unwrap()
                .registered_practice
                .unwrap()
                .as_str(),
            "A20047"
        );
        assert!(
            patient(gp("2025-12-31"))
                .unwrap()
                .registered_practice
                .is_none()
        );
    }

    #[test]
    fn a_restricted_patient_keeps_no_location_even_if_sent() {
        let flat = patient(
            serde_json::json!({"resourceType": "Patient", "id": "9476113162",
            "meta": {"security": {"code": "R"}},
            "address": [{"use": "home", "line": ["10 FERRIBY ROAD"], "postalCode": "DN17 2EQ"}],
            "telecom": [{"system": "phone", "value": "01632 960587"}],
            "generalPractitioner": [{"identifier": {"value": "GPC001"}}]}),
        )
        .unwrap();
        assert!(flat.restricted);
        assert_eq!(flat.address, None);
        assert!(flat.contacts.is_empty());
        assert_eq!(flat.registered_practice, None);
    }

    #[test]
    fn the_current_usual_name_wins_and_dates_of_death_are_uk_days() {
        let flat = patient(serde_json::json!({"resourceType": "Patient", "id": "9476719974",
            "name": [
                {"use": "usual", "period": {"end": "2019-01-01"}, "given": ["Old"], "family": "NAME"},
                {"use": "nickname", "given": ["Jules"], "family": "PHELAN"},
                {"use": "usual", "given": ["Julian", "Earl"], "family": "PHELAN", "prefix": ["MR"]}],
            "gender": "male", "birthDate": "1992-07-02",
            "deceasedDateTime": "2007-07-09T23:30:00+00:00"}))
        .unwrap();
        assert_eq!(flat.name, "MR Julian Earl PHELAN");
        assert_eq!(flat.gender, Some(Gender::Male));
        let deceased = flat.deceased.unwrap();
        assert_eq!(deceased.date, NaiveDate::from_ymd_opt(2007, 7, 10));
        let partial = patient(
            serde_json::json!({"resourceType": "Patient", "id": "9476719974",
            "deceasedDateTime": "2007-07"}),
        )
        .unwrap();
        assert_eq!(partial.deceased.unwrap().date, None);
    }

    #[test]
    fn not_a_patient_or_a_bad_id_is_a_decode_error() {
        assert!(matches!(
            patient(serde_json::json!({"resourceType": "Bundle"})),
            Err(Error::Decode { .. })
        ));
        assert!(matches!(
            patient(serde_json::json!({"resourceType": "Patient", "id": "9000000008"})),
            Err(Error::Decode { .. })
        ));
    }

    #[test]
    fn sensitive_blocks_everything_and_deceased_blocks_booking() {
        let traced = |json| {
            Trace::new(
                NhsNumber::parse("9476719974").unwrap(),
                patient(json).unwrap(),
                Utc::now(),
            )
        };
        let dead = traced(
            serde_json::json!({"resourceType": "Patient", "id": "9476719974",
            "deceasedDateTime": "2007-07-10"}),
        );
        assert_eq!(dead.gp_connect_block(), None);
        assert_eq!(dead.booking_block(), Some(Block::Deceased));
        assert!(!dead.superseded);
        let sensitive = traced(
            serde_json::json!({"resourceType": "Patient", "id": "9476719974",
            "meta": {"security": [{"code": "R"}]}}),
        );
        assert_eq!(sensitive.gp_connect_block(), Some(Block::Sensitive));
    }
}
