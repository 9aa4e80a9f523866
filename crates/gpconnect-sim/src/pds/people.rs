//! Who the PDS stand-in knows: every person of the assurance suite's `PDS.csv` and
//! `RegisterPatients.csv` (the same people the simulated practices hold, so the same NHS
//! numbers trace and book), each registered with the practice that holds them (the
//! extract's primary-care code mapped to the federation's ODS code, see
//! `PracticeSeed::registers_pds_practice`), and the cases the extract lacks:
//!
//! | NHS number | Case |
//! |---|---|
//! | 999 000 0018 | superseded by 947 671 9923 (Sybill Prout): retrieval answers with her record |
//! | 999 000 0026 | invalidated, not superseded: 404 `INVALIDATED_RESOURCE` |
//! | 947 671 9958 | Dolly Banton has moved since her practice last synchronised: PDS holds the new home address (and a mobile number); the practice still has the old one |
//! | 999 000 0042 | Nora Tate: a current record whose NHS number is present but not traced (verification status `02`), registered at Dr Legg's |
//!
//! Deceased people (a date of death in the extract) and sensitive ones (`SENSITIVE_FLAG` S)
//! are as the extract has them.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::fixtures::{PdsRecord, pds_records};
use crate::seed::{PracticeSeed, title_case};

/// The superseded NHS number of the stand-in's own cases.
pub const SUPERSEDED: &str = "9990000018";
/// The number that supersedes it (Sybill Prout).
pub const SUPERSEDED_BY: &str = "9476719923";
/// The invalidated NHS number.
pub const INVALIDATED: &str = "9990000026";
/// The person whose address changed on PDS after her practice last synchronised.
pub const MOVED: &str = "9476719958";
/// A person whose NHS number is present but not traced (verification status `02`).
pub const UNVERIFIED: &str = "9990000042";

/// A person as PDS holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// NHS number, 10 digits.
    pub nhs_number: String,
    /// Title, e.g. `Mrs`.
    pub title: Option<String>,
    /// Given names, first first.
    pub given: Vec<String>,
    /// Family name as held.
    pub family: String,
    /// `male`, `female`, `other`, `unknown`.
    pub gender: Option<String>,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Date of death.
    pub death_date: Option<NaiveDate>,
    /// Home address lines.
    pub address: Vec<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Phone numbers: (use, number).
    pub phones: Vec<(String, String)>,
    /// Restricted (S-flag).
    pub sensitive: bool,
    /// The registered GP practice's ODS code.
    pub gp: Option<String>,
    /// `meta.versionId`.
    pub version: u32,
    /// The NHS number verification status code (`01` verified; `02` present but not
    /// traced; codes 01-08, `nhs-identity-pds.md` §3.3).
    pub verification: &'static str,
}

/// What an NHS number is on the stand-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// A current record.
    Current(Box<Person>),
    /// Merged into the record with this number.
    Superseded(String),
    /// Invalidated and not superseded.
    Invalidated,
}

fn person(record: &PdsRecord, gp: Option<String>) -> Person {
    Person {
        nhs_number: record.nhs_number.clone(),
        title: record.title.as_deref().map(title_case),
        given: std::iter::once(record.given.clone())
            .chain(record.other_given.clone())
            .collect(),
        family: record.family.clone(),
        gender: record.gender.clone(),
        birth_date: record.birth_date,
        death_date: record.death_date,
        address: record.address.clone(),
        postcode: record.postcode.clone(),
        phones: Vec::new(),
        sensitive: record.sensitive,
        gp,
        version: 1,
        verification: "01",
    }
}

/// Every record of the stand-in, by NHS number, for a federation of `practices`.
pub fn records(practices: &[PracticeSeed]) -> HashMap<String, Record> {
    let registered_at = |code: &str| {
        practices
            .iter()
            .find(|p| p.registers_pds_practice.as_deref() == Some(code))
            .map_or_else(|| code.to_owned(), |p| p.ods_code.clone())
    };
    let mut records: HashMap<String, Record> = pds_records()
        .iter()
        .map(|r| {
            let gp = r.primary_care_code.as_deref().map(registered_at);
            (
                r.nhs_number.clone(),
                Record::Current(Box::new(person(r, gp))),
            )
        })
        .collect();
    records.insert(
        SUPERSEDED.to_owned(),
        Record::Superseded(SUPERSEDED_BY.to_owned()),
    );
    records.insert(INVALIDATED.to_owned(), Record::Invalidated);
    records.insert(
        UNVERIFIED.to_owned(),
        Record::Current(Box::new(Person {
            nhs_number: UNVERIFIED.to_owned(),
            title: Some("Mrs".to_owned()),
            given: vec!["Nora".to_owned()],
            family: "TATE".to_owned(),
            gender: Some("female".to_owned()),
            birth_date: NaiveDate::from_ymd_opt(1961, 3, 14).unwrap_or_default(),
            death_date: None,
            address: vec!["12 MILL STREET".to_owned(), "LEEDS".to_owned()],
            postcode: Some("LS1 4AB".to_owned()),
            phones: Vec::new(),
            sensitive: false,
            gp: Some("A20047".to_owned()),
            version: 1,
            verification: "02",
        })),
    );
    if let Some(Record::Current(moved)) = records.get_mut(MOVED) {
        moved.address = vec![
            "3 CHURCH LANE".to_owned(),
            "SCUNTHORPE".to_owned(),
            "S HUMBERSIDE".to_owned(),
        ];
        moved.postcode = Some("DN16 1HQ".to_owned());
        moved.phones = vec![("mobile".to_owned(), "07700 900123".to_owned())];
        moved.version = 2;
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::SimConfig;

    #[test]
    fn practices_register_their_patients_and_the_extra_cases_are_there() {
        let records = records(&SimConfig::demo().practices);
        let current = |nhs: &str| match records.get(nhs) {
            Some(Record::Current(p)) => (**p).clone(),
            other => panic!("{nhs}: {other:?}"),
        };
        assert_eq!(current("9476719931").gp.as_deref(), Some("A20047"));
        assert_eq!(current("9476113162").gp.as_deref(), Some("GPC001"));
        assert!(current("9476113162").sensitive);
        assert_eq!(current("9476730129").gp.as_deref(), Some("A21474"));
        assert!(current("9476719974").death_date.is_some());
        assert_eq!(current("9476719923").given, ["Sybill", "Bertha"]);
        assert_eq!(current("9476719923").title.as_deref(), Some("Ms"));
        assert_eq!(current(MOVED).postcode.as_deref(), Some("DN16 1HQ"));
        assert_eq!(
            records.get(SUPERSEDED),
            Some(&Record::Superseded(SUPERSEDED_BY.into()))
        );
        assert_eq!(records.get(INVALIDATED), Some(&Record::Invalidated));
        assert_eq!(current(UNVERIFIED).verification, "02");
        for number in [SUPERSEDED, INVALIDATED, UNVERIFIED] {
            assert!(crate::rules::nhs_number::check(number).is_ok());
        }
    }
}
