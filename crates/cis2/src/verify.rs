//! ID-token validation (OpenID Connect Core §3.1.3.7, and what CIS2 adds): the signature
//! against the provider's JWKS (RS256 or RS512 only), the issuer compared byte for byte
//! (CIS2 puts `:443` in it, and a missing port is a different issuer), the audience (our
//! client ID), the nonce we sent, expiry, `auth_time` within the allowed age, and the
//! environment's assurance levels. Each failure has its own [`IdTokenError`] variant.
//!
//! The checks of signature, issuer, audience, nonce and expiry are `openidconnect`'s; the CIS2
//! ones (`auth_time` age, assurance levels) are ours. "Now" is passed in.
//!
//! Source: `nhs-identity-pds.md` §1.1 (issuer with `:443`), §1.3 (claim checks NHS services
//! perform), §1.4, §1.5 (CIS2 signs with RS256; RS256 and RS512 are accepted).

use std::str::FromStr;

use chrono::{DateTime, Utc};
use openidconnect::core::{
    CoreGenderClaim, CoreJsonWebKeySet, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
};
use openidconnect::{ClaimsVerificationError, ClientId, IdTokenVerifier, IssuerUrl, Nonce};

use crate::claims::Cis2Claims;
use crate::config::Requirements;

/// A CIS2 ID token as `openidconnect` reads it.
pub type Cis2IdToken = openidconnect::IdToken<
    Cis2Claims,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

/// The only algorithms accepted for ID tokens (§1.5).
pub const ID_TOKEN_ALGORITHMS: [CoreJwsSigningAlgorithm; 2] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
];

/// Why an ID token was refused. Each check has its own variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdTokenError {
    /// Not a JWT, or its claims are not what an ID token holds.
    #[error("the ID token could not be read: {0}")]
    Malformed(String),
    /// The signature does not verify against the provider's published keys, or uses an
    /// algorithm other than RS256/RS512.
    #[error("the ID token's signature does not match the provider's keys ({0})")]
    Signature(String),
    /// `iss` is not the environment's issuer, byte for byte.
    #[error("the ID token comes from another issuer ({0})")]
    Issuer(String),
    /// `aud` does not hold this client's ID.
    #[error("the ID token was issued to another client ({0})")]
    Audience(String),
    /// `nonce` is not the one sent with this sign-in (a replayed or mixed-up token).
    #[error("the ID token does not answer this sign-in (nonce: {0})")]
    Nonce(String),
    /// `exp` has passed.
    #[error("the ID token has expired ({0})")]
    Expired(String),
    /// `auth_time` is missing or older than allowed.
    #[error("the sign-in is too old or has no authentication time ({0})")]
    AuthTime(String),
    /// An assurance level below what the environment requires (or missing).
    #[error(
        "the {claim} of this sign-in is {}, and this environment requires at least {required}",
        found.map_or_else(|| "missing".to_owned(), |l| l.to_string())
    )]
    AssuranceTooLow {
        /// `id_assurance_level` or `authentication_assurance_level`.
        claim: &'static str,
        /// What the token says.
        found: Option<u8>,
        /// What the environment requires.
        required: u8,
    },
    /// Another check failed.
    #[error("the ID token was refused: {0}")]
    Other(String),
}

/// What a token must match.
#[derive(Debug, Clone)]
pub struct Expected<'a> {
    /// The environment's issuer, byte for byte.
    pub issuer: &'a str,
    /// Our client ID.
    pub client_id: &'a str,
    /// The nonce sent in the authorization request.
    pub nonce: &'a str,
    /// Assurance and age requirements.
    pub requirements: Requirements,
    /// Now.
    pub now: DateTime<Utc>,
}

/// The claims of a validated ID token that the app uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedIdToken {
    /// `sub`: the user's 12-digit CIS UID, also their SDS user ID (§1.3, §5 mapping).
    pub subject: String,
    /// `iss`.
    pub issuer: String,
    /// `exp`.
    pub expires_at: DateTime<Utc>,
    /// `iat`.
    pub issued_at: DateTime<Utc>,
    /// `auth_time`.
    pub auth_time: DateTime<Utc>,
    /// `id_assurance_level`.
    pub id_assurance_level: u8,
    /// `authentication_assurance_level`.
    pub authentication_assurance_level: u8,
    /// `selected_roleid`, when CIS2 asked the user to choose a role.
    pub selected_role_id: Option<String>,
    /// `acr`, e.g. `AAL3_ANY`.
    pub acr: Option<String>,
    /// `name`, `given_name`, `family_name` when present.
    pub name: Option<String>,
    /// `given_name`.
    pub given_name: Option<String>,
    /// `family_name`.
    pub family_name: Option<String>,
}

fn map_error(error: ClaimsVerificationError) -> IdTokenError {
    match error {
        ClaimsVerificationError::Expired(m) => IdTokenError::Expired(m),
        ClaimsVerificationError::InvalidAudience(m) => IdTokenError::Audience(m),
        ClaimsVerificationError::InvalidIssuer(m) => IdTokenError::Issuer(m),
        ClaimsVerificationError::InvalidNonce(m) => IdTokenError::Nonce(m),
        ClaimsVerificationError::InvalidAuthTime(m) => IdTokenError::AuthTime(m),
        ClaimsVerificationError::SignatureVerification(e) => IdTokenError::Signature(e.to_string()),
        ClaimsVerificationError::Unsupported(m) => IdTokenError::Signature(m),
        other => IdTokenError::Other(other.to_string()),
    }
}

fn seconds(duration: std::time::Duration) -> chrono::Duration {
    chrono::Duration::seconds(i64::try_from(duration.as_secs()).unwrap_or(i64::MAX / 1000))
}

/// Validates the raw ID token `raw` against the provider's keys `jwks` and `expected`.
///
/// Errors: one [`IdTokenError`] variant per failed check, in the order of OpenID Connect
/// Core §3.1.3.7 (signature and header, issuer, audience, expiry, nonce, `auth_time`), then
/// the assurance levels (`id_assurance_level`, then `authentication_assurance_level`).
pub fn verify_id_token(
    raw: &str,
    jwks: &CoreJsonWebKeySet,
    expected: &Expected<'_>,
) -> Result<VerifiedIdToken, IdTokenError> {
    let token = Cis2IdToken::from_str(raw).map_err(|e| IdTokenError::Malformed(e.to_string()))?;
    let issuer = IssuerUrl::new(expected.issuer.to_owned())
        .map_err(|e| IdTokenError::Other(format!("the configured issuer is not a URL: {e}")))?;
    let now = expected.now;
    let requirements = expected.requirements;
    let oldest = now - seconds(requirements.max_auth_age) - seconds(requirements.clock_skew);
    let latest = now + seconds(requirements.clock_skew);
    let verifier = IdTokenVerifier::new_public_client(
        ClientId::new(expected.client_id.to_owned()),
        issuer,
        jwks.clone(),
    )
    .set_allowed_algs(ID_TOKEN_ALGORITHMS)
    .set_time_fn(move || now)
    .set_auth_time_verifier_fn(move |auth_time| match auth_time {
        None => Err("the token has no auth_time".to_owned()),
        Some(t) if t < oldest => Err(format!("the user authenticated at {t}, before {oldest}")),
        Some(t) if t > latest => Err(format!("auth_time {t} is in the future")),
        Some(_) => Ok(()),
    });
    let nonce = Nonce::new(expected.nonce.to_owned());
    let claims = token.claims(&verifier, &nonce).map_err(map_error)?;
    let extra = claims.additional_claims();
    let level = |claim: &'static str, found: Option<u8>, required: u8| match found {
        Some(level) if level >= required => Ok(level),
        _ => Err(IdTokenError::AssuranceTooLow {
            claim,
            found,
            required,
        }),
    };
    let id_assurance_level = level(
        "id_assurance_level",
        extra.id_assurance_level,
        requirements.id_assurance_level,
    )?;
    let authentication_assurance_level = level(
        "authentication_assurance_level",
        extra.authentication_assurance_level,
        requirements.authentication_assurance_level,
    )?;
    let auth_time = claims
        .auth_time()
        .ok_or_else(|| IdTokenError::AuthTime("the token has no auth_time".to_owned()))?;
    Ok(VerifiedIdToken {
        subject: claims.subject().to_string(),
        issuer: claims.issuer().to_string(),
        expires_at: claims.expiration(),
        issued_at: claims.issue_time(),
        auth_time,
        id_assurance_level,
        authentication_assurance_level,
        selected_role_id: extra.selected_roleid.clone(),
        acr: claims.auth_context_ref().map(|a| a.to_string()),
        name: claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.to_string()),
        given_name: claims
            .given_name()
            .and_then(|n| n.get(None))
            .map(|n| n.to_string()),
        family_name: claims
            .family_name()
            .and_then(|n| n.get(None))
            .map(|n| n.to_string()),
    })
}
