//! The client assertion of `private_key_jwt` client authentication (RFC 7523, OpenID Connect
//! Core §9): a JWT signed with the site's private key, header `{alg, typ: "JWT", kid}`, claims
//! `iss = sub = client_id`, `aud` = the token endpoint exactly as discovery gives it (CIS2
//! includes `:443`), a new `jti` (UUID v4) and `exp` = now + 300 s (`iat` too).
//!
//! Signed with `jsonwebtoken` (aws-lc-rs). Source: `nhs-identity-pds.md` §1.5.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;

use crate::config::AssertionAlgorithm;
use crate::secret::Secret;

/// `client_assertion_type` for a JWT assertion.
pub const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Seconds an assertion is valid for.
pub const ASSERTION_LIFETIME_SECONDS: i64 = 300;

#[derive(Debug, Serialize)]
struct AssertionClaims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    jti: String,
    iat: i64,
    exp: i64,
}

/// Why an assertion could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssertionError {
    /// The private key is not an RSA key in PEM.
    #[error("the sign-in private key is not an RSA private key in PEM ({0})")]
    Key(String),
    /// Signing failed.
    #[error("the client assertion could not be signed ({0})")]
    Sign(String),
}

impl AssertionAlgorithm {
    fn jwt(self) -> Algorithm {
        match self {
            Self::Rs512 => Algorithm::RS512,
            Self::Rs256 => Algorithm::RS256,
        }
    }
}

/// Checks that `key_pem` is an RSA private key this crate can sign with.
///
/// Errors: [`AssertionError::Key`].
pub fn check_key(key_pem: &Secret<String>) -> Result<(), AssertionError> {
    EncodingKey::from_rsa_pem(key_pem.expose().as_bytes())
        .map(|_| ())
        .map_err(|e| AssertionError::Key(e.to_string()))
}

/// A signed client assertion for `client_id` at `token_endpoint`, issued at `now`.
///
/// Errors: [`AssertionError`] for an unusable key.
pub fn client_assertion(
    client_id: &str,
    token_endpoint: &str,
    key_pem: &Secret<String>,
    key_id: &str,
    algorithm: AssertionAlgorithm,
    now: DateTime<Utc>,
) -> Result<Secret<String>, AssertionError> {
    let key = EncodingKey::from_rsa_pem(key_pem.expose().as_bytes())
        .map_err(|e| AssertionError::Key(e.to_string()))?;
    let mut header = Header::new(algorithm.jwt());
    header.typ = Some("JWT".to_owned());
    header.kid = Some(key_id.to_owned());
    let iat = now.timestamp();
    let claims = AssertionClaims {
        iss: client_id,
        sub: client_id,
        aud: token_endpoint,
        jti: uuid::Uuid::new_v4().to_string(),
        iat,
        exp: iat + ASSERTION_LIFETIME_SECONDS,
    };
    jsonwebtoken::encode(&header, &claims, &key)
        .map(Secret::new)
        .map_err(|e| AssertionError::Sign(e.to_string()))
}

/// The public half of `key_pem` as a JWKS document (`{"keys":[{kty, n, e, kid, alg, use}]}`),
/// the form a site registers with CIS2 (`jwks_uri`) or hands to the simulator.
///
/// Errors: [`AssertionError::Key`].
pub fn public_jwks(
    key_pem: &Secret<String>,
    key_id: &str,
    algorithm: AssertionAlgorithm,
) -> Result<serde_json::Value, AssertionError> {
    let key = EncodingKey::from_rsa_pem(key_pem.expose().as_bytes())
        .map_err(|e| AssertionError::Key(e.to_string()))?;
    let mut jwk = jsonwebtoken::jwk::Jwk::from_encoding_key(&key, algorithm.jwt())
        .map_err(|e| AssertionError::Key(e.to_string()))?;
    jwk.common.key_id = Some(key_id.to_owned());
    jwk.common.public_key_use = Some(jsonwebtoken::jwk::PublicKeyUse::Signature);
    Ok(serde_json::json!({ "keys": [jwk] }))
}
