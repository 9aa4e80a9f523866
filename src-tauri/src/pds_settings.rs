//! The PDS part of the settings, per environment: where PDS FHIR R4 and the NHS API
//! platform's token endpoint are, and the `kid` under which the application's public key is
//! registered. The application's API key and private key are in the OS keyring (see
//! `secrets`), never here.
//!
//! Every patient is traced on PDS before any GP Connect request about them (§5.4), so
//! without these settings no patient can be found, booked or viewed. PDS FHIR has no DEP
//! environment (`nhs-identity-pds.md` §2.2, §3.1); whether NHS England accepts PDS FHIR as
//! the trace route for this product is confirmed at onboarding (§5, unverified).

use gpconnect::FieldError;
use gpconnect::environment::Environment;
use serde::{Deserialize, Serialize};

/// Tracing on PDS for one environment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PdsSettings {
    /// The PDS FHIR R4 base URL, e.g.
    /// `https://int.api.service.nhs.uk/personal-demographics/FHIR/R4`.
    pub url: String,
    /// The NHS API platform's token endpoint, e.g. `https://int.api.service.nhs.uk/oauth2/token`.
    pub token_url: String,
    /// The `kid` of the application's public key as registered with the platform.
    pub key_id: String,
}

impl PdsSettings {
    /// The preset addresses of `environment` (none for Demo, which the simulator fills, or
    /// DEP, which has no PDS FHIR).
    pub fn from_preset(environment: Environment) -> Self {
        let preset = environment.preset();
        Self {
            url: preset.pds_url.map(|u| u.url).unwrap_or_default(),
            token_url: preset.token_url.map(|u| u.url).unwrap_or_default(),
            key_id: String::new(),
        }
    }

    /// Set up at all (an address given).
    pub fn is_set(&self) -> bool {
        !self.url.trim().is_empty()
    }

    /// Every problem, with fields named `pds.*`. Empty settings are valid (tracing is then
    /// unavailable, and said so in the status); once an address is given, all three are
    /// needed.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: &str| {
            errors.push(FieldError {
                field: format!("pds.{field}"),
                message: message.to_owned(),
            });
        };
        let (url, token_url, key_id) = (self.url.trim(), self.token_url.trim(), self.key_id.trim());
        if url.is_empty() && token_url.is_empty() && key_id.is_empty() {
            return errors;
        }
        let https =
            |text: &str| text.starts_with("https://") && !text.contains(char::is_whitespace);
        if !https(url) {
            fail("url", "Enter the PDS FHIR address, starting https://");
        }
        if !https(token_url) {
            fail(
                "tokenUrl",
                "Enter the NHS API platform's token endpoint, starting https://",
            );
        }
        if key_id.is_empty() {
            fail(
                "keyId",
                "Enter the key ID (kid) the application's public key is registered under",
            );
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_and_rules() {
        let int = PdsSettings::from_preset(Environment::Int);
        assert!(int.url.ends_with("/personal-demographics/FHIR/R4"));
        assert!(int.token_url.ends_with("/oauth2/token"));
        assert!(!PdsSettings::from_preset(Environment::Dep).is_set());
        assert_eq!(PdsSettings::default().validate(), vec![]);
        let fields: Vec<String> = int.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["pds.keyId"]);
        let plain = PdsSettings {
            url: "http://int.api.service.nhs.uk/x".into(),
            key_id: "k".into(),
            ..int
        };
        let fields: Vec<String> = plain.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["pds.url"]);
    }
}
