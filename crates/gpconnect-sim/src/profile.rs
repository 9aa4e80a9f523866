//! The `gpc` profile the simulator writes in its data directory, and the demo consumer in it:
//! a TOML file naming the proxy, SDS, the consumer's identity, every practice and the
//! credential files, in the format `gpc` reads (snake_case keys; see
//! `crates/gpc-cli/tests/it/profiles.rs`, which reads one written here).
//!
//! Belongs here: the simulator's own serde structs for that file. Nothing here is sent to a
//! provider; the consumer's identity is what a client puts in its JWT and headers.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The consumer's organisation: the JWT `requesting_organization` and the booking
/// organisation of its bookings (§3.5, §4.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsumerOrganisation {
    /// ODS code.
    pub ods_code: String,
    /// Name.
    pub name: String,
    /// Telephone.
    pub telephone: String,
    /// Organisation type code, `gp-practice` or `urgent-care` (§7.2), when it has one.
    pub org_type: Option<String>,
}

/// The consumer's user: the JWT `requesting_practitioner` (§4.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsumerUser {
    /// Local user id (`sub`).
    pub id: String,
    /// Family name.
    pub family_name: String,
    /// Given names.
    pub given_names: Vec<String>,
    /// Titles.
    pub prefixes: Vec<String>,
    /// SDS user id (absent: the client sends `UNK`).
    pub sds_user_id: Option<String>,
    /// SDS role profile id (absent: the client sends `UNK`).
    pub sds_role_profile_id: Option<String>,
}

/// The consumer system: the JWT `iss` and `requesting_device` (§4.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsumerSystem {
    /// `iss`.
    pub issuer: String,
    /// Consumer-defined identifier system for its device and users.
    pub identifier_system: String,
    /// Device identifier.
    pub device_id: String,
    /// `requesting_device.model`.
    pub product_name: String,
    /// `requesting_device.version`.
    pub product_version: String,
}

/// A consumer that the simulator lets through: its ASID (`Ssp-From`), organisation, user and
/// system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consumer {
    /// ASID, 12 digits.
    pub asid: String,
    /// Organisation.
    pub organisation: ConsumerOrganisation,
    /// User.
    pub user: ConsumerUser,
    /// System.
    pub system: ConsumerSystem,
}

/// Where the simulated SDS is and the `apikey` to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SdsEntry {
    /// Base URL (`…/spine-directory/FHIR/R4`).
    pub url: String,
    /// `apikey` header value.
    pub api_key: String,
}

/// One practice in the profile, with its root and ASID already resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeEntry {
    /// ODS code.
    pub ods_code: String,
    /// Name.
    pub name: String,
    /// FHIR service root.
    pub provider_root: String,
    /// ASID.
    pub asid: String,
}

/// The PEM files for mutual TLS, in the data directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsEntry {
    /// The consumer's client certificate.
    pub client_certificate: PathBuf,
    /// Its private key.
    pub client_key: PathBuf,
    /// The demo CA to trust.
    pub trusted_ca: PathBuf,
}

/// Sign-in with the simulator's CIS2 stand-in (`gpc login`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cis2Entry {
    /// The stand-in's issuer.
    pub issuer: String,
    /// The demo client's ID.
    pub client_id: String,
    /// The demo client's private key (`private_key_jwt`).
    pub private_key: PathBuf,
    /// Its key ID.
    pub key_id: String,
    /// The redirect port: 0, any free port (the stand-in accepts any loopback port).
    pub redirect_port: u16,
    /// Organisations allowed besides the consumer's own.
    pub allowed_organisations: Vec<String>,
}

/// Tracing on the NHS API platform's PDS stand-in (`gpc patient trace`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdsEntry {
    /// The PDS FHIR R4 base URL.
    pub url: String,
    /// The token endpoint.
    pub token_url: String,
    /// The demo application's API key.
    pub api_key: String,
    /// The demo application's private key (RS512 client assertion).
    pub private_key: PathBuf,
    /// Its key ID.
    pub key_id: String,
}

/// The whole profile file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GpcProfile {
    /// The Spine Secure Proxy prefix, `https://127.0.0.1:{port}`.
    pub ssp_url: String,
    /// SDS.
    pub sds: SdsEntry,
    /// Who is calling.
    pub consumer: Consumer,
    /// Every simulated practice.
    pub practices: Vec<PracticeEntry>,
    /// Credential files.
    pub tls: TlsEntry,
    /// Sign-in with the CIS2 stand-in.
    pub cis2: Cis2Entry,
    /// PDS tracing.
    pub pds: PdsEntry,
    /// Seconds to connect.
    pub connect_timeout_seconds: u64,
    /// Seconds for a whole request.
    pub request_timeout_seconds: u64,
}
