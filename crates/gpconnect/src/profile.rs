//! A connection profile: everything a consumer needs to talk to a Spine environment (SSP URL,
//! SDS, its identity, the practices it books at, where its certificate files are), as one
//! serde struct. The `gpc` command line reads it from TOML; the simulator writes one that
//! works against it with no manual step.
//!
//! Key material is never in the profile itself: only paths to PEM files.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::client::{Timeouts, TlsIdentity};
use crate::config::{ConsumerIdentity, Practice};
use crate::error::{Error, Result};
use crate::ids::{Asid, OdsCode, ProviderRoot};
use crate::secret::Sensitive;

/// A practice as configured: the ODS code always; the provider root and ASID either given or
/// looked up in SDS by ODS code (§5.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct PracticeEntry {
    /// ODS code.
    pub ods_code: OdsCode,
    /// Display name; defaults to the ODS code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// FHIR service root (from SDS `nhsMhsEndPoint`), byte-for-byte.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_root: Option<ProviderRoot>,
    /// Provider ASID (from SDS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asid: Option<Asid>,
}

impl PracticeEntry {
    /// The practice, when root and ASID are both configured; `None` means "look it up".
    pub fn resolved(&self) -> Option<Practice> {
        Some(Practice {
            ods_code: self.ods_code.clone(),
            name: self
                .name
                .clone()
                .unwrap_or_else(|| self.ods_code.to_string()),
            provider_root: self.provider_root.clone()?,
            asid: self.asid.clone()?,
        })
    }
}

/// Paths of the PEM files for mutual TLS (§5.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct TlsFiles {
    /// Client certificate (PEM).
    pub client_certificate: PathBuf,
    /// Client private key (PEM).
    pub client_key: PathBuf,
    /// CA certificates to trust (PEM, one or more).
    pub trusted_ca: PathBuf,
}

impl TlsFiles {
    /// Reads the three files. Error: [`Error::Configuration`] naming the file that could not
    /// be read (never its content).
    pub fn load(&self) -> Result<TlsIdentity> {
        let read = |what: &str, path: &Path| {
            std::fs::read(path).map_err(|e| Error::Configuration {
                what: format!("{what} ({})", path.display()),
                message: e.to_string(),
            })
        };
        Ok(TlsIdentity {
            client_certificate_pem: read("client certificate", &self.client_certificate)?,
            client_key_pem: Sensitive::new(read("client key", &self.client_key)?),
            trusted_ca_pem: read("trusted CA certificates", &self.trusted_ca)?,
        })
    }
}

/// Where SDS (the Spine Directory Service FHIR API, §5.3) is, and its API key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct SdsSettings {
    /// Base URL, e.g. `https://int.api.service.nhs.uk/spine-directory/FHIR/R4`.
    pub url: String,
    /// The `apikey` header value.
    pub api_key: String,
}

/// Sign-in with NHS CIS2 for the command line (`gpc login`): when a profile has it, every
/// request carries the signed-in user and their role, not the profile's user. Key material
/// is in files named here, never in the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct Cis2Profile {
    /// The issuer, byte for byte (CIS2 includes `:443`).
    pub issuer: String,
    /// The client ID registered for this site.
    pub client_id: String,
    /// The site's private key (PEM) for `private_key_jwt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key: Option<PathBuf>,
    /// The `kid` the key is registered under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// A file holding the client secret, where the environment issues one instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret_file: Option<PathBuf>,
    /// The registered loopback redirect port (0: any free port, simulator only).
    #[serde(default)]
    pub redirect_port: u16,
    /// `acr_values` to ask for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acr_values: Option<String>,
    /// Organisations whose staff may sign in besides the consumer's own (ODS codes).
    #[serde(default)]
    pub allowed_organisations: Vec<String>,
}

/// PDS tracing for the command line (`gpc patient trace`): where PDS FHIR R4 and the NHS API
/// platform's token endpoint are, and the application's API key and signing key (a file,
/// never in the profile). The signed-in user comes from `gpc login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct PdsProfile {
    /// PDS FHIR R4 base URL, e.g. `https://int.api.service.nhs.uk/personal-demographics/FHIR/R4`.
    pub url: String,
    /// The platform's token endpoint, e.g. `https://int.api.service.nhs.uk/oauth2/token`.
    pub token_url: String,
    /// The application's API key (the client assertion's `iss` and `sub`).
    pub api_key: String,
    /// The application's private key (PEM, RSA) registered with the platform.
    pub private_key: PathBuf,
    /// The `kid` of that key.
    pub key_id: String,
}

/// A complete consumer configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct Profile {
    /// Spine Secure Proxy prefix; absent to call providers directly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssp_url: Option<String>,
    /// SDS, for practices configured by ODS code only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sds: Option<SdsSettings>,
    /// Who is calling.
    pub consumer: ConsumerIdentity,
    /// The practices (a federation, or one).
    #[serde(default)]
    pub practices: Vec<PracticeEntry>,
    /// Certificate files.
    pub tls: TlsFiles,
    /// Sign-in with NHS CIS2 (`gpc login`); without it the profile's user is sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cis2: Option<Cis2Profile>,
    /// PDS tracing (`gpc patient trace`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pds: Option<PdsProfile>,
    /// Seconds to open a connection (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connect_timeout_seconds: Option<u64>,
    /// Seconds for a whole request (default 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_timeout_seconds: Option<u64>,
}

impl Profile {
    /// The time limits, defaults filled in.
    pub fn timeouts(&self) -> Timeouts {
        let default = Timeouts::default();
        Timeouts {
            connect: self
                .connect_timeout_seconds
                .map_or(default.connect, Duration::from_secs),
            request: self
                .request_timeout_seconds
                .map_or(default.request, Duration::from_secs),
        }
    }

    /// True when every address the profile sends to (the Spine Secure Proxy, or each
    /// practice's root when there is none; SDS) is on this computer (`localhost`,
    /// `127.0.0.1`, `::1`): a simulator, the only place a fixed user (a profile without
    /// `[cis2]`) may be sent (§4.2 wants the signed-in user).
    pub fn only_loopback(&self) -> bool {
        let local = |text: &str| {
            reqwest::Url::parse(text).is_ok_and(|url| {
                let host = url.host_str().unwrap_or_default();
                let host = host.trim_start_matches('[').trim_end_matches(']');
                host.eq_ignore_ascii_case("localhost")
                    || host
                        .parse::<std::net::IpAddr>()
                        .is_ok_and(|ip| ip.is_loopback())
            })
        };
        // Through a proxy every request goes to the proxy; without one, to each root.
        let requests_local = match &self.ssp_url {
            Some(ssp) => local(ssp),
            None => self
                .practices
                .iter()
                .filter_map(|p| p.provider_root.as_ref())
                .all(|root| local(root.as_str())),
        };
        requests_local && self.sds.as_ref().is_none_or(|sds| local(&sds.url))
    }
}
