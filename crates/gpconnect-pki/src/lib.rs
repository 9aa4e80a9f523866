//! A demo public-key infrastructure for running GP Connect over mutual TLS without the NHS
//! network: one CA, a server certificate for `localhost`/`127.0.0.1`, and a consumer client
//! certificate, all PEM; plus the rustls server configuration that requires a client
//! certificate from a given CA (§5.1).
//!
//! Used by the provider simulator (which writes the files to its data directory) and by
//! tests. Never used against real NHS services, whose certificates come from DIR.

use std::fs;
use std::io;
use std::path::Path;
use std::sync::Arc;

use chrono::{Datelike, Days, NaiveDate, Utc};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;

/// What went wrong creating or loading certificates.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PkiError {
    /// Certificate generation failed.
    #[error("could not generate a certificate: {0}")]
    Generate(#[from] rcgen::Error),
    /// A PEM file could not be read as a certificate or key.
    #[error("could not read {what}: {message}")]
    Pem {
        /// Which file.
        what: &'static str,
        /// Why.
        message: String,
    },
    /// The TLS configuration was refused.
    #[error("TLS configuration: {0}")]
    Tls(#[from] rustls::Error),
    /// Reading or writing the data directory failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: io::Error,
    },
}

/// Common name of the demo consumer certificate (the SSP compares a client's CN with the
/// FQDN registered for its ASID, §5.1).
pub const DEMO_CLIENT_COMMON_NAME: &str = "gpconnect-booking.demo.local";

/// A demo CA with one server and one client certificate, all PEM text.
#[derive(Clone)]
pub struct DemoPki {
    /// The CA certificate: trusted by the client and used to verify client certificates.
    pub ca_certificate_pem: String,
    /// The server certificate (SANs `localhost`, `127.0.0.1`).
    pub server_certificate_pem: String,
    /// The server private key (PKCS#8).
    pub server_key_pem: String,
    /// The consumer's client certificate (CN [`DEMO_CLIENT_COMMON_NAME`]).
    pub client_certificate_pem: String,
    /// The consumer's private key (PKCS#8).
    pub client_key_pem: String,
}

impl std::fmt::Debug for DemoPki {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoPki").finish_non_exhaustive()
    }
}

const FILES: [&str; 5] = [
    "ca.pem",
    "server.pem",
    "server-key.pem",
    "client.pem",
    "client-key.pem",
];

impl DemoPki {
    /// Generates a fresh CA named `organisation`, valid from yesterday for two years, and
    /// server and client certificates signed by it.
    ///
    /// Errors: [`PkiError::Generate`].
    pub fn generate(organisation: &str) -> Result<Self, PkiError> {
        let today = Utc::now().date_naive();
        let not_before = today.checked_sub_days(Days::new(1)).unwrap_or(today);
        let not_after = today.checked_add_days(Days::new(730)).unwrap_or(today);
        // Month (1-12) and day (1-31) always fit in a u8.
        let rcgen_date = |d: NaiveDate| {
            rcgen::date_time_ymd(
                d.year(),
                u8::try_from(d.month()).unwrap_or(1),
                u8::try_from(d.day()).unwrap_or(1),
            )
        };
        let name = |common: &str| {
            let mut dn = DistinguishedName::new();
            dn.push(DnType::OrganizationName, organisation);
            dn.push(DnType::CommonName, common);
            dn
        };

        let ca_key = KeyPair::generate()?;
        let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
        ca_params.distinguished_name = name(&format!("{organisation} Root CA"));
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        ca_params.not_before = rcgen_date(not_before);
        ca_params.not_after = rcgen_date(not_after);
        let ca_certificate = ca_params.self_signed(&ca_key)?;
        let issuer = Issuer::new(ca_params, ca_key);

        let leaf = |sans: Vec<String>, common: &str, usage: ExtendedKeyUsagePurpose| {
            let key = KeyPair::generate()?;
            let mut params = CertificateParams::new(sans)?;
            params.distinguished_name = name(common);
            params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
            params.extended_key_usages = vec![usage];
            params.not_before = rcgen_date(not_before);
            params.not_after = rcgen_date(not_after);
            let certificate = params.signed_by(&key, &issuer)?;
            Ok::<_, rcgen::Error>((certificate.pem(), key.serialize_pem()))
        };
        let (server_certificate_pem, server_key_pem) = leaf(
            vec!["localhost".to_owned(), "127.0.0.1".to_owned()],
            "localhost",
            ExtendedKeyUsagePurpose::ServerAuth,
        )?;
        let (client_certificate_pem, client_key_pem) = leaf(
            vec![DEMO_CLIENT_COMMON_NAME.to_owned()],
            DEMO_CLIENT_COMMON_NAME,
            ExtendedKeyUsagePurpose::ClientAuth,
        )?;
        Ok(Self {
            ca_certificate_pem: ca_certificate.pem(),
            server_certificate_pem,
            server_key_pem,
            client_certificate_pem,
            client_key_pem,
        })
    }

    /// Reads the five PEM files from `dir`, or generates and writes them when any is
    /// missing. Key files are written readable by the owner only (on Unix).
    ///
    /// Errors: [`PkiError::Io`], [`PkiError::Generate`].
    pub fn load_or_create(dir: &Path, organisation: &str) -> Result<Self, PkiError> {
        let read = |name: &str| {
            let path = dir.join(name);
            fs::read_to_string(&path).map_err(|source| PkiError::Io {
                path: path.display().to_string(),
                source,
            })
        };
        if FILES.iter().all(|f| dir.join(f).is_file()) {
            return Ok(Self {
                ca_certificate_pem: read(FILES[0])?,
                server_certificate_pem: read(FILES[1])?,
                server_key_pem: read(FILES[2])?,
                client_certificate_pem: read(FILES[3])?,
                client_key_pem: read(FILES[4])?,
            });
        }
        let pki = Self::generate(organisation)?;
        fs::create_dir_all(dir).map_err(|source| PkiError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let contents = [
            &pki.ca_certificate_pem,
            &pki.server_certificate_pem,
            &pki.server_key_pem,
            &pki.client_certificate_pem,
            &pki.client_key_pem,
        ];
        for (name, text) in FILES.iter().zip(contents) {
            let path = dir.join(name);
            write_private(&path, text).map_err(|source| PkiError::Io {
                path: path.display().to_string(),
                source,
            })?;
        }
        Ok(pki)
    }

    /// A rustls server configuration presenting this PKI's server certificate and requiring
    /// a client certificate signed by this PKI's CA.
    ///
    /// Errors: [`PkiError::Pem`], [`PkiError::Tls`].
    pub fn server_config(&self) -> Result<rustls::ServerConfig, PkiError> {
        mtls_server_config(
            self.server_certificate_pem.as_bytes(),
            self.server_key_pem.as_bytes(),
            self.ca_certificate_pem.as_bytes(),
        )
    }
}

impl DemoPki {
    /// A rustls server configuration presenting this PKI's server certificate without
    /// asking for a client certificate: the NHS API platform's stand-in (PDS and the token
    /// endpoint), which is internet-facing HTTPS, not mutual TLS.
    ///
    /// Errors: [`PkiError::Pem`], [`PkiError::Tls`].
    pub fn tls_server_config(&self) -> Result<rustls::ServerConfig, PkiError> {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let certificates = CertificateDer::pem_slice_iter(self.server_certificate_pem.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| PkiError::Pem {
                what: "server certificate",
                message: e.to_string(),
            })?;
        let key = PrivateKeyDer::from_pem_slice(self.server_key_pem.as_bytes()).map_err(|e| {
            PkiError::Pem {
                what: "server key",
                message: e.to_string(),
            }
        })?;
        Ok(rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(certificates, key)?)
    }
}

/// A new RSA-2048 private key, PKCS#8 PEM: the signing keys of the demo CIS2 stand-in and
/// of the demo client's `private_key_jwt` (JWT signing needs RSA; the TLS keys are ECDSA).
///
/// Errors: [`PkiError::Generate`].
pub fn rsa_private_key_pem() -> Result<String, PkiError> {
    Ok(
        KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, rcgen::RsaKeySize::_2048)?
            .serialize_pem(),
    )
}

/// The RSA private key in `dir/name` (PKCS#8 PEM), made and written (owner-only) when the
/// file is missing.
///
/// Errors: [`PkiError::Io`], [`PkiError::Generate`].
pub fn load_or_create_rsa_key(dir: &Path, name: &str) -> Result<String, PkiError> {
    let path = dir.join(name);
    let io = |source| PkiError::Io {
        path: path.display().to_string(),
        source,
    };
    if path.is_file() {
        return fs::read_to_string(&path).map_err(io);
    }
    let key = rsa_private_key_pem()?;
    fs::create_dir_all(dir).map_err(io)?;
    write_private(&path, &key).map_err(io)?;
    Ok(key)
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> io::Result<()> {
    fs::write(path, text)
}

/// A rustls server configuration (TLS 1.2 and 1.3, aws-lc-rs) that presents
/// `certificate_pem`/`key_pem` and requires a client certificate issued by one of the CAs
/// in `client_ca_pem` (mutual TLS, §5.1).
///
/// Errors: [`PkiError::Pem`] for unreadable PEM, [`PkiError::Tls`].
pub fn mtls_server_config(
    certificate_pem: &[u8],
    key_pem: &[u8],
    client_ca_pem: &[u8],
) -> Result<rustls::ServerConfig, PkiError> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let pem_error = |what: &'static str| {
        move |e: rustls::pki_types::pem::Error| PkiError::Pem {
            what,
            message: e.to_string(),
        }
    };
    let certificates = CertificateDer::pem_slice_iter(certificate_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(pem_error("server certificate"))?;
    let key = PrivateKeyDer::from_pem_slice(key_pem).map_err(pem_error("server key"))?;
    let mut roots = rustls::RootCertStore::empty();
    for ca in CertificateDer::pem_slice_iter(client_ca_pem) {
        roots.add(ca.map_err(pem_error("client CA certificate"))?)?;
    }
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| PkiError::Pem {
            what: "client CA certificate",
            message: e.to_string(),
        })?;
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_client_cert_verifier(verifier)
        .with_single_cert(certificates, key)?;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_pem_and_a_server_config() {
        let pki = DemoPki::generate("Test").unwrap();
        assert!(
            pki.ca_certificate_pem
                .starts_with("-----BEGIN CERTIFICATE-----")
        );
        assert!(pki.client_key_pem.contains("PRIVATE KEY"));
        assert!(pki.server_config().is_ok());
        assert!(pki.tls_server_config().is_ok());
        assert_eq!(format!("{pki:?}"), "DemoPki { .. }");
    }

    #[test]
    fn rsa_keys_are_pkcs8_and_kept() {
        let dir = std::env::temp_dir().join(format!("gpc-pki-rsa-{}", std::process::id()));
        let first = load_or_create_rsa_key(&dir, "key.pem").unwrap();
        assert!(first.starts_with("-----BEGIN PRIVATE KEY-----"));
        assert_eq!(load_or_create_rsa_key(&dir, "key.pem").unwrap(), first);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn load_or_create_is_stable() {
        let dir = std::env::temp_dir().join(format!("gpc-pki-{}", std::process::id()));
        let first = DemoPki::load_or_create(&dir, "Test").unwrap();
        let second = DemoPki::load_or_create(&dir, "Test").unwrap();
        assert_eq!(first.client_certificate_pem, second.client_certificate_pem);
        fs::remove_dir_all(&dir).unwrap();
    }
}
