//! Credentials in the OS keyring (Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows), through the `keyring` crate: the client certificate, its private key,
//! the trusted CA certificates, the SDS API key (§5.3), the CIS2 client's private key or
//! secret, and the application's API key and private key for PDS, one entry each, kept apart per environment (`demo:`, `int:`, `dep:`, `live:`
//! accounts; earlier versions' `demo:` and `live:` entries are read as they are).
//!
//! Key material never leaves this module except as a [`TlsIdentity`] handed to the client:
//! not to settings, logs, error messages or the UI. What the UI sees is [`CertificateInfo`].

use chrono::{DateTime, Utc};
use gpconnect::TlsIdentity;
use gpconnect::secret::Sensitive;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde::{Deserialize, Serialize};

use crate::error::{CommandError, CommandResult};
use crate::settings::Environment;

/// The keyring service name; tests set `GPC_KEYRING_SERVICE` to keep their entries apart.
pub const SERVICE: &str = "uk.nhs.gpconnect.booking";

/// Days before expiry from which the app warns.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

/// One keyring entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum CredentialKind {
    /// The client certificate (PEM).
    ClientCertificate,
    /// The client private key (PEM).
    ClientKey,
    /// The CA certificates to trust (PEM).
    TrustedCa,
    /// The CIS2 client's private key (PEM), for `private_key_jwt`.
    Cis2ClientKey,
    /// The application's private key (PEM) for the NHS API platform's token exchange (PDS).
    PdsClientKey,
}

impl CredentialKind {
    fn name(self) -> &'static str {
        match self {
            Self::ClientCertificate => "client-certificate",
            Self::ClientKey => "client-key",
            Self::TrustedCa => "trusted-ca",
            Self::Cis2ClientKey => CIS2_CLIENT_KEY,
            Self::PdsClientKey => PDS_CLIENT_KEY,
        }
    }
}

/// The keyring account of the secret `name` in environment `mode`, e.g. `int:client-key`.
fn account(mode: Environment, name: &str) -> String {
    format!("{}:{name}", mode.code())
}

/// The account name of the SDS API key.
const SDS_API_KEY: &str = "sds-api-key";

/// The account name of the CIS2 client's private key (PEM), for `private_key_jwt`.
const CIS2_CLIENT_KEY: &str = "cis2-client-key";

/// The account name of the CIS2 client secret.
const CIS2_CLIENT_SECRET: &str = "cis2-client-secret";

/// The account name of the application's private key (PEM) for the PDS token exchange.
const PDS_CLIENT_KEY: &str = "pds-client-key";

/// The account name of the application's API key on the NHS API platform (PDS).
const PDS_API_KEY: &str = "pds-api-key";

/// The three PEM texts of a TLS identity.
#[derive(Clone)]
pub struct PemSet {
    /// Client certificate chain.
    pub certificate: String,
    /// Client private key.
    pub key: Sensitive<String>,
    /// Trusted CA certificates.
    pub trusted_ca: String,
}

/// What the UI may know about the client certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CertificateInfo {
    /// Subject, e.g. `CN=gpconnect-booking.demo.local, O=…`.
    pub subject: String,
    /// Issuer.
    pub issuer: String,
    /// Last day of validity, `yyyy-mm-dd`.
    pub not_after: String,
    /// Whole days until expiry (negative when expired).
    pub days_remaining: i64,
    /// Expires within [`EXPIRY_WARNING_DAYS`].
    pub expires_soon: bool,
    /// Already expired.
    pub expired: bool,
}

/// Reads subject, issuer and expiry from the first certificate of a PEM text.
///
/// Errors: VALIDATION when it is not a PEM X.509 certificate.
pub fn certificate_info(pem: &str, now: DateTime<Utc>) -> CommandResult<CertificateInfo> {
    let invalid =
        || CommandError::invalid("The client certificate is not a PEM X.509 certificate.");
    let (_, pem) = x509_parser::pem::parse_x509_pem(pem.as_bytes()).map_err(|_| invalid())?;
    let certificate = pem.parse_x509().map_err(|_| invalid())?;
    let not_after =
        DateTime::<Utc>::from_timestamp(certificate.validity().not_after.timestamp(), 0)
            .ok_or_else(invalid)?;
    let days_remaining = (not_after - now).num_days();
    Ok(CertificateInfo {
        subject: certificate.subject().to_string(),
        issuer: certificate.issuer().to_string(),
        not_after: not_after.format("%Y-%m-%d").to_string(),
        days_remaining,
        expires_soon: days_remaining <= EXPIRY_WARNING_DAYS,
        expired: not_after <= now,
    })
}

/// Checks that the three PEM texts make a usable mutual-TLS identity: a certificate, a
/// private key matching it, and at least one CA certificate. Never echoes the key.
///
/// Errors: VALIDATION naming the file at fault.
pub fn check(set: &PemSet) -> CommandResult<()> {
    let field = |field: &str, message: &str| {
        CommandError::fields(
            message,
            vec![gpconnect::FieldError {
                field: field.to_owned(),
                message: message.to_owned(),
            }],
        )
    };
    let certificates = CertificateDer::pem_slice_iter(set.certificate.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .ok()
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            field(
                "certificate",
                "The certificate file holds no PEM certificate.",
            )
        })?;
    let key = PrivateKeyDer::from_pem_slice(set.key.expose().as_bytes())
        .map_err(|_| field("key", "The key file holds no PEM private key."))?;
    let mut roots = rustls::RootCertStore::empty();
    for ca in CertificateDer::pem_slice_iter(set.trusted_ca.as_bytes()) {
        let ca = ca.map_err(|_| field("trustedCa", "The CA file is not PEM certificates."))?;
        roots
            .add(ca)
            .map_err(|_| field("trustedCa", "A CA certificate could not be read."))?;
    }
    if roots.is_empty() {
        return Err(field("trustedCa", "The CA file holds no certificate."));
    }
    let provider = std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|_| field("certificate", "TLS is not available."))?
        .with_root_certificates(roots)
        .with_client_auth_cert(certificates, key)
        .map_err(|_| field("key", "The private key does not belong to the certificate."))?;
    Ok(())
}

/// Refuses certificates that are expired or not yet valid at `now`, and a CA file holding
/// more than the chain that issued the client certificate (e.g. a system's public roots):
/// only the Spine Root and SubCA may be trusted (§5.1).
///
/// Errors: VALIDATION naming the file at fault and saying why.
pub fn check_chain(set: &PemSet, now: DateTime<Utc>) -> CommandResult<()> {
    use x509_parser::pem::Pem;
    let field = |field: &str, message: String| {
        CommandError::fields(
            &message,
            vec![gpconnect::FieldError {
                field: field.to_owned(),
                message: message.clone(),
            }],
        )
    };
    let parse = |text: &str, name: &str| -> CommandResult<Vec<Pem>> {
        Pem::iter_from_buffer(text.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| field(name, format!("The {name} file is not PEM certificates.")))
    };
    let own = parse(&set.certificate, "certificate")?;
    let cas = parse(&set.trusted_ca, "trustedCa")?;
    let mut parsed = Vec::new();
    for (name, pems) in [("certificate", &own), ("trustedCa", &cas)] {
        for pem in pems.iter() {
            let certificate = pem
                .parse_x509()
                .map_err(|_| field(name, "A certificate could not be read.".to_owned()))?;
            let validity = certificate.validity();
            let subject = certificate.subject().to_string();
            let day = |t: x509_parser::time::ASN1Time| {
                DateTime::<Utc>::from_timestamp(t.timestamp(), 0)
                    .map(|d| d.format("%-d %b %Y").to_string())
                    .unwrap_or_default()
            };
            if now.timestamp() < validity.not_before.timestamp() {
                return Err(field(
                    name,
                    format!(
                        "The certificate {subject} is not valid until {}: it cannot be used yet.",
                        day(validity.not_before)
                    ),
                ));
            }
            if now.timestamp() > validity.not_after.timestamp() {
                return Err(field(
                    name,
                    format!(
                        "The certificate {subject} expired on {}: ask for a new one.",
                        day(validity.not_after)
                    ),
                ));
            }
            parsed.push((name, subject, certificate.issuer().to_string()));
        }
    }
    // Walk from the client certificate's issuer up to a self-signed root; every CA
    // certificate must be on that path.
    let Some((_, _, mut issuer)) = parsed.first().cloned() else {
        return Err(field(
            "certificate",
            "The certificate file holds no certificate.".to_owned(),
        ));
    };
    let mut used = std::collections::HashSet::new();
    while let Some(index) = parsed
        .iter()
        .enumerate()
        .skip(1)
        .find(|(i, (_, subject, _))| *subject == issuer && !used.contains(i))
        .map(|(i, _)| i)
    {
        used.insert(index);
        let (_, subject, next) = &parsed[index];
        if next == subject {
            break;
        }
        issuer = next.clone();
    }
    let extra = parsed
        .iter()
        .enumerate()
        .filter(|(i, (name, _, _))| *name == "trustedCa" && !used.contains(i))
        .count();
    if extra == 0 && !used.is_empty() && !signed_by(set, now) {
        return Err(field(
            "trustedCa",
            "The CA file does not hold the certificate that issued the client certificate (the \
             signatures do not match)."
                .to_owned(),
        ));
    }
    if extra > 0 || used.is_empty() {
        return Err(field(
            "trustedCa",
            if used.is_empty() {
                "The CA file does not hold the certificate that issued the client certificate."
                    .to_owned()
            } else {
                format!(
                    "The CA file holds {extra} certificate(s) beyond the chain that issued the \
                     client certificate. Import only that chain (the Spine Root and SubCA), never a \
                     set of public roots."
                )
            },
        ));
    }
    Ok(())
}

/// True when the client certificate's signature chain leads to the CA file's certificates
/// (checked by webpki as a server checks a client certificate).
fn signed_by(set: &PemSet, now: DateTime<Utc>) -> bool {
    let Ok(own) =
        CertificateDer::pem_slice_iter(set.certificate.as_bytes()).collect::<Result<Vec<_>, _>>()
    else {
        return false;
    };
    let Some((end_entity, intermediates)) = own.split_first() else {
        return false;
    };
    let mut roots = rustls::RootCertStore::empty();
    for ca in CertificateDer::pem_slice_iter(set.trusted_ca.as_bytes()).flatten() {
        if roots.add(ca).is_err() {
            return false;
        }
    }
    let provider = std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let Ok(verifier) =
        rustls::server::WebPkiClientVerifier::builder_with_provider(roots.into(), provider).build()
    else {
        return false;
    };
    let seconds = u64::try_from(now.timestamp()).unwrap_or_default();
    verifier
        .verify_client_cert(
            end_entity,
            intermediates,
            rustls::pki_types::UnixTime::since_unix_epoch(std::time::Duration::from_secs(seconds)),
        )
        .is_ok()
}

/// One Secret Service call at a time in this process. Parallel calls (the app's status and a
/// connection opening at once; the commands tests, several apps in one process) were seen to
/// fail now and then as "locked or unavailable" on gnome-keyring under load.
static KEYRING_CALLS: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs one keyring call while no other is in flight in this process.
fn serial<T>(call: impl FnOnce() -> keyring::Result<T>) -> keyring::Result<T> {
    let _one = KEYRING_CALLS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    call()
}

/// The OS keyring, for one service name.
#[derive(Debug, Clone)]
pub struct Keyring {
    service: String,
}

impl Default for Keyring {
    fn default() -> Self {
        Self {
            service: std::env::var("GPC_KEYRING_SERVICE").unwrap_or_else(|_| SERVICE.to_owned()),
        }
    }
}

impl Keyring {
    /// The keyring under service name `service`.
    pub fn named(service: &str) -> Self {
        Self {
            service: service.to_owned(),
        }
    }

    fn entry(&self, mode: Environment, kind: CredentialKind) -> CommandResult<keyring::Entry> {
        self.named_entry(mode, kind.name())
    }

    fn named_entry(&self, mode: Environment, name: &str) -> CommandResult<keyring::Entry> {
        Ok(keyring::Entry::new(&self.service, &account(mode, name))?)
    }

    fn read(entry: &keyring::Entry) -> CommandResult<Option<Sensitive<String>>> {
        match serial(|| entry.get_password()) {
            Ok(secret) => Ok(Some(Sensitive::new(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// One credential, `None` when absent. Blocks (~150 ms on Secret Service).
    ///
    /// Errors: KEYRING when the keyring is locked or unavailable.
    pub fn get(
        &self,
        mode: Environment,
        kind: CredentialKind,
    ) -> CommandResult<Option<Sensitive<String>>> {
        Self::read(&self.entry(mode, kind)?)
    }

    /// The SDS API key of `mode` (§5.3), `None` when none is stored. Blocks.
    ///
    /// Errors: KEYRING.
    pub fn sds_api_key(&self, mode: Environment) -> CommandResult<Option<Sensitive<String>>> {
        Self::read(&self.named_entry(mode, SDS_API_KEY)?)
    }

    /// Stores the SDS API key of `mode`; an empty key removes it. Blocks.
    ///
    /// Errors: KEYRING.
    pub fn set_sds_api_key(&self, mode: Environment, key: &Sensitive<String>) -> CommandResult<()> {
        self.set_or_remove(mode, SDS_API_KEY, key)
    }

    fn set_or_remove(
        &self,
        mode: Environment,
        name: &str,
        value: &Sensitive<String>,
    ) -> CommandResult<()> {
        let entry = self.named_entry(mode, name)?;
        let value = value.expose().trim();
        if value.is_empty() {
            return match serial(|| entry.delete_credential()) {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(e) => Err(e.into()),
            };
        }
        Ok(serial(|| entry.set_password(value))?)
    }

    /// The CIS2 client's private key of `mode` (PEM), `None` when none is stored. Blocks.
    ///
    /// Errors: KEYRING.
    pub fn cis2_client_key(&self, mode: Environment) -> CommandResult<Option<Sensitive<String>>> {
        Self::read(&self.named_entry(mode, CIS2_CLIENT_KEY)?)
    }

    /// Stores the CIS2 client's private key of `mode`; empty removes it. Blocks.
    ///
    /// Errors: KEYRING.
    pub fn set_cis2_client_key(
        &self,
        mode: Environment,
        pem: &Sensitive<String>,
    ) -> CommandResult<()> {
        self.set_or_remove(mode, CIS2_CLIENT_KEY, pem)
    }

    /// The CIS2 client secret of `mode`, `None` when none is stored. Blocks.
    ///
    /// Errors: KEYRING.
    pub fn cis2_client_secret(
        &self,
        mode: Environment,
    ) -> CommandResult<Option<Sensitive<String>>> {
        Self::read(&self.named_entry(mode, CIS2_CLIENT_SECRET)?)
    }

    /// Stores the CIS2 client secret of `mode`; empty removes it. Blocks.
    ///
    /// Errors: KEYRING.
    pub fn set_cis2_client_secret(
        &self,
        mode: Environment,
        secret: &Sensitive<String>,
    ) -> CommandResult<()> {
        self.set_or_remove(mode, CIS2_CLIENT_SECRET, secret)
    }

    /// The application's private key for the PDS token exchange of `mode` (PEM), `None` when
    /// none is stored. Blocks.
    ///
    /// Errors: KEYRING.
    pub fn pds_client_key(&self, mode: Environment) -> CommandResult<Option<Sensitive<String>>> {
        Self::read(&self.named_entry(mode, PDS_CLIENT_KEY)?)
    }

    /// Stores the application's PDS private key of `mode`; empty removes it. Blocks.
    ///
    /// Errors: KEYRING.
    pub fn set_pds_client_key(
        &self,
        mode: Environment,
        pem: &Sensitive<String>,
    ) -> CommandResult<()> {
        self.set_or_remove(mode, PDS_CLIENT_KEY, pem)
    }

    /// The application's API key on the NHS API platform for PDS, `None` when none is
    /// stored. Blocks.
    ///
    /// Errors: KEYRING.
    pub fn pds_api_key(&self, mode: Environment) -> CommandResult<Option<Sensitive<String>>> {
        Self::read(&self.named_entry(mode, PDS_API_KEY)?)
    }

    /// Stores the application's API key for PDS of `mode`; empty removes it. Blocks.
    ///
    /// Errors: KEYRING.
    pub fn set_pds_api_key(&self, mode: Environment, key: &Sensitive<String>) -> CommandResult<()> {
        self.set_or_remove(mode, PDS_API_KEY, key)
    }

    /// Stores the three credentials of `mode`, all or none: when a write fails part-way the
    /// previous three are put back (best effort), so a certificate is never left beside a
    /// key that does not match it. Blocks.
    ///
    /// Errors: KEYRING.
    pub fn store(&self, mode: Environment, set: &PemSet) -> CommandResult<()> {
        const KINDS: [CredentialKind; 3] = [
            CredentialKind::ClientCertificate,
            CredentialKind::ClientKey,
            CredentialKind::TrustedCa,
        ];
        let previous = KINDS
            .iter()
            .map(|&kind| self.get(mode, kind))
            .collect::<CommandResult<Vec<_>>>()?;
        let new = [
            set.certificate.as_str(),
            set.key.expose().as_str(),
            set.trusted_ca.as_str(),
        ];
        let written = KINDS.iter().zip(new).try_for_each(|(&kind, secret)| {
            let entry = self.entry(mode, kind)?;
            Ok(serial(|| entry.set_password(secret))?)
        });
        if written.is_err() {
            for (&kind, old) in KINDS.iter().zip(&previous) {
                if let Ok(entry) = self.entry(mode, kind) {
                    // Best effort: the write error is the one to report.
                    let _ = serial(|| match old {
                        Some(old) => entry.set_password(old.expose()),
                        None => entry.delete_credential(),
                    });
                }
            }
        }
        written
    }

    /// The client certificate of `mode`, for display.
    ///
    /// Errors: KEYRING.
    pub fn certificate(&self, mode: Environment) -> CommandResult<Option<String>> {
        Ok(self
            .get(mode, CredentialKind::ClientCertificate)?
            .map(Sensitive::into_inner))
    }

    /// The TLS identity of `mode`, `None` when any part is missing.
    ///
    /// Errors: KEYRING.
    pub fn identity(&self, mode: Environment) -> CommandResult<Option<TlsIdentity>> {
        let certificate = self.get(mode, CredentialKind::ClientCertificate)?;
        let key = self.get(mode, CredentialKind::ClientKey)?;
        let ca = self.get(mode, CredentialKind::TrustedCa)?;
        Ok(match (certificate, key, ca) {
            (Some(certificate), Some(key), Some(ca)) => Some(TlsIdentity {
                client_certificate_pem: certificate.into_inner().into_bytes(),
                client_key_pem: Sensitive::new(key.into_inner().into_bytes()),
                trusted_ca_pem: ca.into_inner().into_bytes(),
            }),
            _ => None,
        })
    }

    /// Removes every credential of `mode`, the SDS API key and CIS2 credentials included
    /// (absent ones are fine).
    ///
    /// Errors: KEYRING.
    pub fn clear(&self, mode: Environment) -> CommandResult<()> {
        for name in [
            CredentialKind::ClientCertificate.name(),
            CredentialKind::ClientKey.name(),
            CredentialKind::TrustedCa.name(),
            SDS_API_KEY,
            CIS2_CLIENT_KEY,
            CIS2_CLIENT_SECRET,
            PDS_CLIENT_KEY,
            PDS_API_KEY,
        ] {
            let entry = self.named_entry(mode, name)?;
            match serial(|| entry.delete_credential()) {
                Ok(()) | Err(keyring::Error::NoEntry) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo_set() -> PemSet {
        let pki = gpconnect_pki::DemoPki::generate("Test").unwrap();
        PemSet {
            certificate: pki.client_certificate_pem,
            key: Sensitive::new(pki.client_key_pem),
            trusted_ca: pki.ca_certificate_pem,
        }
    }

    #[test]
    fn certificate_info_reads_subject_and_expiry() {
        let set = demo_set();
        let info = certificate_info(&set.certificate, Utc::now()).unwrap();
        assert!(
            info.subject.contains("gpconnect-booking.demo.local"),
            "{}",
            info.subject
        );
        assert!(
            (700..=731).contains(&info.days_remaining),
            "{}",
            info.days_remaining
        );
        assert!(!info.expires_soon && !info.expired);
        let later = Utc::now() + chrono::Duration::days(720);
        assert!(
            certificate_info(&set.certificate, later)
                .unwrap()
                .expires_soon
        );
        assert!(certificate_info("not a certificate", Utc::now()).is_err());
    }

    #[test]
    fn expired_certificates_and_extra_roots_are_refused_at_import() {
        let set = demo_set();
        assert!(
            check_chain(&set, Utc::now()).is_ok(),
            "the demo chain is accepted"
        );
        let later = Utc::now() + chrono::Duration::days(4000);
        let error = check_chain(&set, later).unwrap_err();
        assert_eq!(error.details.field.as_deref(), Some("certificate"));
        assert!(error.message.contains("expired on"), "{}", error.message);
        let earlier = Utc::now() - chrono::Duration::days(30);
        let error = check_chain(&set, earlier).unwrap_err();
        assert!(
            error.message.contains("not valid until"),
            "{}",
            error.message
        );
        let other = demo_set();
        let bundle = PemSet {
            trusted_ca: format!("{}\n{}", set.trusted_ca, other.trusted_ca),
            ..set.clone()
        };
        let error = check_chain(&bundle, Utc::now()).unwrap_err();
        assert_eq!(error.details.field.as_deref(), Some("trustedCa"));
        assert!(
            error.message.contains("beyond the chain"),
            "{}",
            error.message
        );
        let wrong = PemSet {
            trusted_ca: other.trusted_ca,
            ..set
        };
        assert!(check_chain(&wrong, Utc::now()).is_err());
    }

    #[test]
    fn a_key_that_does_not_match_is_refused_without_echoing_it() {
        let good = demo_set();
        assert!(check(&good).is_ok());
        let other = demo_set();
        let mismatched = PemSet {
            key: other.key.clone(),
            ..good.clone()
        };
        let error = check(&mismatched).unwrap_err();
        assert_eq!(error.details.field.as_deref(), Some("key"));
        let text = serde_json::to_string(&error).unwrap();
        assert!(!text.contains("PRIVATE KEY"));
        let no_ca = PemSet {
            trusted_ca: String::new(),
            ..good
        };
        assert_eq!(
            check(&no_ca).unwrap_err().details.field.as_deref(),
            Some("trustedCa")
        );
    }
}
