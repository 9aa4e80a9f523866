//! The CIS2 part of the settings, per environment: the issuer (byte for byte, `:443`
//! included), the client ID registered for this site, the fixed loopback port registered as
//! its redirect URI, how the client authenticates (the site's private key in the keyring, or
//! a client secret there), and the `acr_values` asked for. No secret is here: the key and the
//! secret are in the OS keyring (see `secrets`).
//!
//! Source: `nhs-identity-pds.md` §1.1, §1.4, §1.5.

use std::time::Duration;

use gpconnect::FieldError;
use gpconnect::environment::Environment;
use serde::{Deserialize, Serialize};

/// The loopback port suggested for the redirect URI (any free port the site registers).
pub const DEFAULT_REDIRECT_PORT: u16 = 47_810;

/// How this site's client authenticates at the CIS2 token endpoint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Cis2ClientAuth {
    /// `private_key_jwt` signed RS512 with the site's key (the most secure option, §1.5).
    #[default]
    PrivateKeyJwt,
    /// A client secret, where the environment issues one.
    ClientSecret,
}

/// Sign-in with NHS CIS2 for one environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Cis2Settings {
    /// The issuer, exactly as CIS2 writes it, e.g.
    /// `https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk:443/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare`.
    pub issuer: String,
    /// The client ID registered for this site, e.g. `999999999999.apps.national`.
    pub client_id: String,
    /// The loopback port registered in the redirect URI `http://127.0.0.1:{port}/callback`.
    pub redirect_port: u16,
    /// How the client authenticates.
    pub client_auth: Cis2ClientAuth,
    /// The `kid` of the site's public key as registered (its JWKS).
    pub key_id: String,
    /// `acr_values` to ask for, e.g. `AAL2_OR_AAL3_ANY` (empty: none sent).
    pub acr_values: String,
}

impl Default for Cis2Settings {
    fn default() -> Self {
        Self {
            issuer: String::new(),
            client_id: String::new(),
            redirect_port: DEFAULT_REDIRECT_PORT,
            client_auth: Cis2ClientAuth::PrivateKeyJwt,
            key_id: String::new(),
            acr_values: "AAL2_OR_AAL3_ANY".to_owned(),
        }
    }
}

impl Cis2Settings {
    /// Every problem, with fields named `cis2.*`.
    pub fn validate(&self, environment: Environment) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: &str| {
            errors.push(FieldError {
                field: format!("cis2.{field}"),
                message: message.to_owned(),
            });
        };
        let demo = environment == Environment::Demo;
        let issuer = self.issuer.trim();
        let loopback_http = demo && issuer.starts_with("http://127.0.0.1:");
        if !(issuer.starts_with("https://") || loopback_http)
            || issuer.contains(char::is_whitespace)
        {
            fail(
                "issuer",
                "Enter the CIS2 issuer exactly as NHS England gives it, starting https:// (with its :443)",
            );
        }
        if self.client_id.trim().is_empty() {
            fail("clientId", "Enter the client ID registered for this site");
        }
        if self.redirect_port == 0 && !demo {
            fail(
                "redirectPort",
                "Enter the loopback port registered in the redirect URI (1 to 65535)",
            );
        }
        if self.client_auth == Cis2ClientAuth::PrivateKeyJwt && self.key_id.trim().is_empty() {
            fail(
                "keyId",
                "Enter the key ID (kid) the public key is registered under",
            );
        }
        errors
    }

    /// The `cis2` crate's configuration, with the client's authentication.
    pub fn provider_config(
        &self,
        environment: Environment,
        client_auth: cis2::ClientAuth,
        request_timeout: Duration,
    ) -> cis2::ProviderConfig {
        let acr = self.acr_values.trim();
        cis2::ProviderConfig {
            issuer: self.issuer.trim().to_owned(),
            client_id: self.client_id.trim().to_owned(),
            client_auth,
            redirect_port: self.redirect_port,
            scopes: Vec::new(),
            acr_values: (!acr.is_empty()).then(|| acr.to_owned()),
            requirements: cis2::Requirements::default(),
            allow_loopback_http: environment == Environment::Demo,
            request_timeout,
        }
    }
}
