//! What a relying party needs to sign users in with CIS2: the issuer (compared byte for
//! byte, `:443` included), the client ID and how the client authenticates, the loopback
//! port registered as the redirect URI, the scopes, and the assurance the environment
//! requires. Plain data; no I/O.
//!
//! Source: `nhs-identity-pds.md` §1.1 (issuers), §1.3 (scopes), §1.4 (assurance levels),
//! §1.5 (client authentication, redirect URIs for native apps).

use std::time::Duration;

use crate::secret::Secret;

/// The scopes asked for: `openid` (mandatory), `profile` (name, `uid`), `nhsperson` (title,
/// assurance), `nationalrbacaccess` (`nhsid_nrbac_roles`), `associatedorgs`
/// (`nhsid_user_orgs`, for organisation names) and `selectedrole` (CIS2 asks the user for a
/// role and returns `selected_roleid` in the ID token), §1.3.
pub const DEFAULT_SCOPES: [&str; 6] = [
    "openid",
    "profile",
    "nhsperson",
    "nationalrbacaccess",
    "associatedorgs",
    "selectedrole",
];

/// The path of the loopback redirect URI: `http://127.0.0.1:{port}/callback` (RFC 8252 §7.3).
pub const CALLBACK_PATH: &str = "/callback";

/// How the client proves who it is at the token endpoint (§1.5).
#[derive(Debug, Clone)]
pub enum ClientAuth {
    /// `private_key_jwt`: a JWT signed with the site's private key (RS512 unless the client
    /// was registered with RS256), `iss = sub = client_id`, `aud` = the token endpoint
    /// exactly as discovery gives it, a fresh `jti`, `exp` = now + 300 s.
    PrivateKeyJwt {
        /// The private key, PEM (PKCS#1 or PKCS#8 RSA).
        key_pem: Secret<String>,
        /// The `kid` under which the public key is registered (the site's JWKS).
        key_id: String,
        /// The signing algorithm registered for the client.
        algorithm: AssertionAlgorithm,
    },
    /// `client_secret_post`: a client secret, where the environment issues one.
    ClientSecret(Secret<String>),
}

/// The algorithm of the client assertion, as registered (`jwks_uri_signing_algorithm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AssertionAlgorithm {
    /// RS512, what NHS clients register (§1.5).
    #[default]
    Rs512,
    /// RS256.
    Rs256,
}

/// What the environment requires of a sign-in (§1.3 "claim checks NHS services perform",
/// §1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requirements {
    /// The least `id_assurance_level` accepted (NHS services require 3).
    pub id_assurance_level: u8,
    /// The least `authentication_assurance_level` accepted (2 allows AAL2 and AAL3).
    pub authentication_assurance_level: u8,
    /// How long ago the user may have authenticated (`auth_time`); also sent as `max_age`.
    pub max_auth_age: Duration,
    /// Clock difference tolerated when checking `auth_time`.
    pub clock_skew: Duration,
}

impl Default for Requirements {
    /// ID assurance 3, authentication assurance 2 (AAL2 or AAL3), authenticated within the
    /// last 5 minutes (as MAVIS and the APIM proxy), 60 s of clock difference.
    fn default() -> Self {
        Self {
            id_assurance_level: 3,
            authentication_assurance_level: 2,
            max_auth_age: Duration::from_secs(300),
            clock_skew: Duration::from_secs(60),
        }
    }
}

/// One CIS2 environment as a client sees it.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    /// The issuer, exactly as in ID tokens and discovery, e.g.
    /// `https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk:443/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare`.
    pub issuer: String,
    /// The client ID, e.g. `999999999999.apps.national`.
    pub client_id: String,
    /// Client authentication at the token endpoint.
    pub client_auth: ClientAuth,
    /// The fixed loopback port registered in the redirect URI (0: any free port, only for
    /// a provider that accepts any loopback port, as the simulator's stand-in does).
    pub redirect_port: u16,
    /// Scopes to ask for; [`DEFAULT_SCOPES`] when empty.
    pub scopes: Vec<String>,
    /// `acr_values`, e.g. `AAL2_OR_AAL3_ANY` (§1.4); none sent when `None`.
    pub acr_values: Option<String>,
    /// What a sign-in must satisfy.
    pub requirements: Requirements,
    /// Allows an `http://` issuer on a loopback address (the simulator's stand-in only).
    /// Real environments are always `https://` with the platform's trusted roots.
    pub allow_loopback_http: bool,
    /// Time limit for each request to the provider.
    pub request_timeout: Duration,
}

impl ProviderConfig {
    /// The scopes to send.
    pub fn scopes(&self) -> Vec<String> {
        if self.scopes.is_empty() {
            DEFAULT_SCOPES.iter().map(|s| (*s).to_owned()).collect()
        } else {
            self.scopes.clone()
        }
    }
}

/// `http://127.0.0.1:{port}/callback`.
pub fn redirect_uri(port: u16) -> String {
    format!("http://127.0.0.1:{port}{CALLBACK_PATH}")
}
