//! The NHS environments a consumer can work in, and what is known of each: the Spine Secure
//! Proxy, SDS, the CIS2 issuer, and (for PDS tracing) the PDS FHIR and APIM token URLs. Every
//! address carries where it comes from and whether a primary source confirms it; an
//! unconfirmed one is shown as such and must be checked with NHS England at onboarding.
//!
//! Sources: `gpconnect-1.2.7.md` §5.3 (SDS base URLs), §5.5 (path to live);
//! `nhs-identity-pds.md` §1.1 (CIS2 issuers), §2.2 (APIM token URLs), §3.1 (PDS base URLs).
//! The SSP addresses are not in either reference: they are taken from public consumer code
//! and marked unverified.

use serde::{Deserialize, Serialize};

/// Where the app sends its requests.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Environment {
    /// The built-in simulator on 127.0.0.1 (the default on a new machine).
    #[default]
    Demo,
    /// Integration (INT, "Path to Live"): consumer assurance.
    Int,
    /// Deployment (DEP): some suppliers' testing and end-user training.
    Dep,
    /// Live (production).
    Live,
}

impl Environment {
    /// Every environment, in the order the settings list them.
    pub const ALL: [Self; 4] = [Self::Demo, Self::Int, Self::Dep, Self::Live];

    /// `demo`, `int`, `dep` or `live`: also the prefix of its keyring accounts.
    pub fn code(self) -> &'static str {
        match self {
            Self::Demo => "demo",
            Self::Int => "int",
            Self::Dep => "dep",
            Self::Live => "live",
        }
    }

    /// "Demo", "Integration (INT)", "Deployment (DEP)", "Live".
    pub fn label(self) -> &'static str {
        match self {
            Self::Demo => "Demo",
            Self::Int => "Integration (INT)",
            Self::Dep => "Deployment (DEP)",
            Self::Live => "Live",
        }
    }

    /// The environment's known addresses.
    pub fn preset(self) -> Preset {
        preset(self)
    }
}

/// One known address and its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PresetUrl {
    /// The address.
    pub url: String,
    /// Where it comes from.
    pub source: String,
    /// A primary NHS source (specification, NHS code or documentation) confirms it.
    pub verified: bool,
}

/// What is known of an environment. `None` where no address is known (fill it in by hand).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Preset {
    /// The environment.
    pub environment: Environment,
    /// Its name.
    pub label: String,
    /// The Spine Secure Proxy over the internet.
    pub ssp_url: Option<PresetUrl>,
    /// The SDS FHIR API (§5.3).
    pub sds_url: Option<PresetUrl>,
    /// The CIS2 issuer, byte for byte with its `:443`.
    pub cis2_issuer: Option<PresetUrl>,
    /// The PDS FHIR R4 API (for PDS tracing).
    pub pds_url: Option<PresetUrl>,
    /// The APIM OAuth token endpoint (token exchange of the CIS2 ID token, for PDS).
    pub token_url: Option<PresetUrl>,
    /// What else a site must know.
    pub note: String,
}

fn known(url: &str, source: &str) -> Option<PresetUrl> {
    Some(PresetUrl {
        url: url.to_owned(),
        source: source.to_owned(),
        verified: true,
    })
}

fn unverified(url: &str, source: &str) -> Option<PresetUrl> {
    Some(PresetUrl {
        url: url.to_owned(),
        source: source.to_owned(),
        verified: false,
    })
}

fn preset(environment: Environment) -> Preset {
    let (ssp_url, sds_url, cis2_issuer, pds_url, token_url, note) = match environment {
        Environment::Demo => (
            None,
            None,
            None,
            None,
            None,
            "The built-in simulator fills every address itself.",
        ),
        Environment::Int => (
            unverified(
                "https://proxy.intspineservices.nhs.uk",
                "public consumer code (not an NHS England page): confirm at onboarding",
            ),
            known(
                "https://int.api.service.nhs.uk/spine-directory/FHIR/R4",
                "SDS FHIR API specification (gpconnect-1.2.7.md §5.3)",
            ),
            known(
                "https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk:443/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare",
                "EPS release.yml, MAVIS staging.yml (nhs-identity-pds.md §1.1)",
            ),
            known(
                "https://int.api.service.nhs.uk/personal-demographics/FHIR/R4",
                "PDS FHIR specification (nhs-identity-pds.md §3.1)",
            ),
            known(
                "https://int.api.service.nhs.uk/oauth2/token",
                "EPS release.yml (nhs-identity-pds.md §2.2)",
            ),
            "Register the CIS2 client in the INT Connection Manager; the SSP address is unconfirmed.",
        ),
        Environment::Dep => (
            None,
            known(
                "https://dep.api.service.nhs.uk/spine-directory/FHIR/R4",
                "SDS FHIR API specification (gpconnect-1.2.7.md §5.3)",
            ),
            None,
            None,
            None,
            "No public source gives DEP's SSP, CIS2 issuer or PDS addresses, and PDS FHIR has no DEP environment: ask NHS England.",
        ),
        Environment::Live => (
            unverified(
                "https://proxy.national.ncrs.nhs.uk",
                "public consumer configuration (not an NHS England page): confirm at onboarding",
            ),
            known(
                "https://api.service.nhs.uk/spine-directory/FHIR/R4",
                "SDS FHIR API specification (gpconnect-1.2.7.md §5.3)",
            ),
            known(
                "https://am.nhsidentity.spineservices.nhs.uk:443/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare",
                "EPS release.yml, MAVIS settings.yml (nhs-identity-pds.md §1.1)",
            ),
            known(
                "https://api.service.nhs.uk/personal-demographics/FHIR/R4",
                "PDS FHIR specification (nhs-identity-pds.md §3.1)",
            ),
            known(
                "https://api.service.nhs.uk/oauth2/token",
                "EPS release.yml (nhs-identity-pds.md §2.2)",
            ),
            "Live needs NHS England's assurance; the SSP address is unconfirmed.",
        ),
    };
    Preset {
        environment,
        label: environment.label().to_owned(),
        ssp_url,
        sds_url,
        cis2_issuer,
        pds_url,
        token_url,
        note: note.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cis2_issuers_keep_the_443_and_live_urls_are_https() {
        for environment in [Environment::Int, Environment::Live] {
            let preset = environment.preset();
            let issuer = preset.cis2_issuer.unwrap();
            assert!(issuer.url.contains(".nhs.uk:443/"), "{}", issuer.url);
            assert!(issuer.verified);
            for url in [
                preset.ssp_url,
                preset.sds_url,
                preset.pds_url,
                preset.token_url,
            ]
            .into_iter()
            .flatten()
            {
                assert!(url.url.starts_with("https://"), "{}", url.url);
            }
        }
        assert!(!Environment::Int.preset().ssp_url.unwrap().verified);
        assert!(Environment::Dep.preset().cis2_issuer.is_none());
        assert_eq!(
            serde_json::to_value(Environment::Int).unwrap(),
            serde_json::json!("int")
        );
    }
}
