//! The demographic cross-check the consumer SHALL make (§3.3): the practice's record compared
//! with what the user has for the patient (the PDS trace, else what the caller said): name,
//! date of birth, gender, and the address when one is known.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Gender, PatientRecord};
use crate::time::{format_date, parse_date};

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
    /// Home address lines with the postcode last (e.g. from PDS); empty: not compared.
    #[serde(default)]
    pub address: Vec<String>,
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
    /// Home address (first line and postcode).
    Address,
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

/// Compares family name, first given name, gender and date of birth (§3.3), and the address
/// when one is entered (its first line and its postcode must be among the record's address
/// parts); case, spaces and punctuation are ignored. Fields left empty are not compared.
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
    if let (Some(first), Some(postcode)) = (entered.address.first(), entered.address.last()) {
        let held: Vec<String> = found.address.iter().map(|p| letters(p)).collect();
        let holds = |part: &str| held.contains(&letters(part));
        if !(holds(first) && holds(postcode)) {
            differences.push(DemographicDifference {
                field: DemographicField::Address,
                entered: entered.address.join(", "),
                found: found.address.join(", "),
            });
        }
    }
    differences
}

/// Upper-case letters and digits only: `"10 St. Catherine's Cres"` → `"10STCATHERINESCRES"`.
fn letters(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}
