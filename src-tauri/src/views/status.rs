//! The header and settings screen: the app's status, the practices, credential files.

use gpconnect::Practice;
use gpconnect::ids::OdsCode;
use gpconnect::profile::PracticeEntry;
use serde::{Deserialize, Serialize};

use crate::secrets::CertificateInfo;
use crate::settings::Environment;

/// A practice, as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PracticeView {
    /// ODS code.
    pub ods_code: OdsCode,
    /// Name.
    pub name: String,
}

impl From<&Practice> for PracticeView {
    fn from(practice: &Practice) -> Self {
        Self {
            ods_code: practice.ods_code.clone(),
            name: practice.name.clone(),
        }
    }
}

impl From<&PracticeEntry> for PracticeView {
    fn from(entry: &PracticeEntry) -> Self {
        Self {
            ods_code: entry.ods_code.clone(),
            name: entry
                .name
                .clone()
                .unwrap_or_else(|| entry.ods_code.to_string()),
        }
    }
}

/// What the header, banner and first screen need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AppStatus {
    /// The environment: demo (simulated practices), INT, DEP or live.
    pub environment: Environment,
    /// Its name, e.g. "Integration (INT)".
    pub environment_label: String,
    /// The booking organisation's name and ODS code.
    pub organisation: String,
    /// The signed-in user's name and role ("" when no one is signed in).
    pub user: String,
    /// The practices that can be searched.
    pub practices: Vec<PracticeView>,
    /// The client certificate, when imported.
    pub certificate: Option<CertificateInfo>,
    /// An SDS API key is stored in the keyring for this environment (§5.3).
    pub sds_api_key_stored: bool,
    /// A CIS2 client private key is stored in the keyring for this environment.
    pub cis2_key_stored: bool,
    /// A CIS2 client secret is stored in the keyring for this environment.
    pub cis2_secret_stored: bool,
    /// The application's PDS private key is stored in the keyring for this environment.
    pub pds_key_stored: bool,
    /// The application's PDS API key is stored in the keyring for this environment.
    pub pds_api_key_stored: bool,
    /// What stops the app from working, e.g. "No client certificate is imported".
    pub problems: Vec<String>,
    /// The NHS 111 / urgent care profile is on (disposition timeframes when booking).
    pub nhs111: bool,
}

/// The three PEM files chosen for the client identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CredentialFiles {
    /// Client certificate (PEM) path.
    pub certificate: String,
    /// Private key (PEM) path.
    pub key: String,
    /// Trusted CA certificates (PEM) path.
    pub trusted_ca: String,
}

/// What is known of each environment (addresses, their sources, whether they are verified),
/// for the settings screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct EnvironmentPresets {
    /// Demo, INT, DEP and Live, in that order.
    pub presets: Vec<gpconnect::environment::Preset>,
}
