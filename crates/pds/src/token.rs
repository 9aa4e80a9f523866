//! User-restricted access to PDS (CIS2 "separate authentication and authorisation", §2.3):
//! the signed-in user's CIS2 ID token is exchanged at the NHS API platform's token endpoint
//! for an access token, the application proving itself with a JWT signed with its private
//! key (RS512; `iss` = `sub` = the application's API key; `aud` = the token endpoint; a new
//! `jti`; `exp` within 5 minutes; `kid` as registered). The access token lasts about ten
//! minutes; the platform's numbers arrive as strings.
//!
//! Never retried automatically: a refused exchange is reported as [`Error::TokenExchange`].
//! Source: `nhs-identity-pds.md` §2.3.

use std::time::Duration;

use chrono::{DateTime, Utc};
use gpconnect::secret::Sensitive;
use serde::Deserialize;

use crate::error::{Error, Result, transport_error};

/// `grant_type` of a token exchange (RFC 8693).
pub const GRANT_TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
/// `subject_token_type` of a CIS2 ID token.
pub const SUBJECT_ID_TOKEN: &str = "urn:ietf:params:oauth:token-type:id_token";

/// Seconds taken off an access token's life, so it is not used as it expires.
const EXPIRY_MARGIN_SECONDS: i64 = 30;

/// An access token and when it stops being used.
#[derive(Debug, Clone)]
pub struct AccessToken {
    /// The bearer token.
    pub value: Sensitive<String>,
    /// When to exchange again (the platform's expiry less a margin).
    pub expires_at: DateTime<Utc>,
}

impl AccessToken {
    /// Still usable at `now`.
    pub fn is_fresh(&self, now: DateTime<Utc>) -> bool {
        now < self.expires_at
    }
}

/// What the application proves itself with at the token endpoint.
#[derive(Debug, Clone)]
pub struct ApplicationKey {
    /// The application's API key (the assertion's `iss` and `sub`).
    pub api_key: Sensitive<String>,
    /// Its private key, PEM (RSA), registered as a JWKS with the application.
    pub private_key_pem: Sensitive<String>,
    /// The `kid` of that key in the registered JWKS.
    pub key_id: String,
}

/// A number the platform may send as a string (`"599"`) or a number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Number {
    Text(String),
    Int(i64),
}

impl Number {
    fn seconds(&self) -> Option<i64> {
        match self {
            Self::Text(text) => text.trim().parse().ok(),
            Self::Int(n) => Some(*n),
        }
    }
}

#[derive(Debug, Deserialize)]
struct TokenResponse {
    access_token: Option<String>,
    expires_in: Option<Number>,
}

#[derive(Debug, Deserialize)]
struct OAuthError {
    error: Option<String>,
    error_description: Option<String>,
    message: Option<String>,
}

/// Exchanges `id_token` at `token_url` for an access token, at `now`.
///
/// Errors: [`Error::Configuration`] for a key that cannot sign; [`Error::TokenExchange`]
/// when the platform refuses (an expired ID token, an unregistered key or API key);
/// [`Error::Decode`] for an unreadable answer; transport errors.
pub async fn exchange(
    http: &reqwest::Client,
    token_url: &str,
    key: &ApplicationKey,
    id_token: &Sensitive<String>,
    now: DateTime<Utc>,
    timeout: Duration,
) -> Result<AccessToken> {
    let assertion = cis2::assertion::client_assertion(
        key.api_key.expose(),
        token_url,
        &cis2::Secret::new(key.private_key_pem.expose().clone()),
        &key.key_id,
        cis2::AssertionAlgorithm::Rs512,
        now,
    )
    .map_err(|e| Error::Configuration {
        what: "PDS private key".to_owned(),
        message: e.to_string(),
    })?;
    let form = [
        ("grant_type", GRANT_TOKEN_EXCHANGE),
        ("subject_token_type", SUBJECT_ID_TOKEN),
        ("subject_token", id_token.expose().as_str()),
        (
            "client_assertion_type",
            cis2::assertion::CLIENT_ASSERTION_TYPE,
        ),
        ("client_assertion", assertion.expose().as_str()),
    ];
    let response = http
        .post(token_url)
        .form(&form)
        .send()
        .await
        .map_err(|e| transport_error(&e, timeout))?;
    let status = response.status().as_u16();
    let body = response
        .bytes()
        .await
        .map_err(|e| transport_error(&e, timeout))?;
    if !(200..300).contains(&status) {
        let refusal: Option<OAuthError> = serde_json::from_slice(&body).ok();
        return Err(Error::TokenExchange {
            status,
            error: refusal.as_ref().and_then(|r| r.error.clone()),
            description: refusal.and_then(|r| r.error_description.or(r.message)),
        });
    }
    let answer: TokenResponse = serde_json::from_slice(&body).map_err(|e| Error::Decode {
        status,
        message: format!("token response: {e}"),
    })?;
    let value = answer
        .access_token
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| Error::Decode {
            status,
            message: "the token response has no access_token".to_owned(),
        })?;
    let lifetime = answer
        .expires_in
        .as_ref()
        .and_then(Number::seconds)
        .unwrap_or(599);
    Ok(AccessToken {
        value: Sensitive::new(value),
        expires_at: now + chrono::Duration::seconds((lifetime - EXPIRY_MARGIN_SECONDS).max(0)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_platform_numbers_may_be_strings() {
        let text: TokenResponse =
            serde_json::from_str(r#"{"access_token":"a","expires_in":"599"}"#).unwrap();
        assert_eq!(text.expires_in.unwrap().seconds(), Some(599));
        let number: TokenResponse =
            serde_json::from_str(r#"{"access_token":"a","expires_in":600}"#).unwrap();
        assert_eq!(number.expires_in.unwrap().seconds(), Some(600));
    }
}
