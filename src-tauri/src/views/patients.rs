//! Finding and temporarily registering the patient at one practice (§3.3, §3.4).

use gpconnect::ids::OdsCode;
use gpconnect::patients::{
    DemographicDifference, Demographics, PatientRecord, TemporaryRegistration,
    demographic_differences,
};
use serde::{Deserialize, Serialize};

use crate::error::CommandError;

/// Find a patient at one practice, comparing with what the caller said (§3.3).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FindPatientRequest {
    /// The practice being booked.
    pub ods_code: OdsCode,
    /// NHS number as typed (spaces and hyphens allowed).
    pub nhs_number: String,
    /// What the user has for the patient, to cross-check.
    pub entered: Demographics,
}

/// The patient at one practice, or none (register them), and any demographic differences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PatientLookup {
    /// The practice.
    pub ods_code: OdsCode,
    /// The record there, `null` when the patient has none (offer temporary registration).
    pub record: Option<PatientRecord>,
    /// Fields where the record differs from what the user entered (§3.3 cross-check).
    pub differences: Vec<DemographicDifference>,
}

impl PatientLookup {
    /// The lookup at `ods_code` of `record`, compared with `entered`.
    pub fn new(ods_code: OdsCode, record: Option<PatientRecord>, entered: &Demographics) -> Self {
        let differences = record
            .as_ref()
            .map(|r| demographic_differences(entered, r))
            .unwrap_or_default();
        Self {
            ods_code,
            record,
            differences,
        }
    }
}

/// Register a patient temporarily at one practice (§3.4).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RegisterPatientRequest {
    /// The practice.
    pub ods_code: OdsCode,
    /// The registration details.
    pub registration: TemporaryRegistration,
    /// What the user entered, to cross-check the record created.
    pub entered: Demographics,
}

/// Find the patient at several practices at once, as soon as they are identified (§3.3).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FindEverywhereRequest {
    /// The practices (empty: every configured practice).
    pub practices: Vec<OdsCode>,
    /// NHS number as typed (spaces and hyphens allowed).
    pub nhs_number: String,
    /// What the user has for the patient, to cross-check at each practice.
    pub entered: Demographics,
}

/// One practice's part of finding the patient everywhere, sent as it happens.
#[allow(
    clippy::large_enum_variant,
    reason = "sent once per practice, never stored"
)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum PatientEvent {
    /// The practice is to be asked (it may wait its turn).
    Started {
        /// The practice.
        ods_code: OdsCode,
    },
    /// The practice answered: the record, or none (register them temporarily to book there).
    Found {
        /// The lookup, as `find_patient` returns it.
        lookup: PatientLookup,
    },
    /// The practice failed or ran out of time.
    Failed {
        /// The practice.
        ods_code: OdsCode,
        /// Why.
        error: CommandError,
    },
}
