//! The NHS API platform's token endpoint for the CIS2 "separate authentication and
//! authorisation" pattern (token exchange, RFC 8693), as the stand-in reads
//! `nhs-identity-pds.md` §2.3 (taken there from the platform's own proxy code):
//!
//! - form-encoded; `grant_type` token-exchange, `subject_token_type` id_token,
//!   `client_assertion_type` jwt-bearer;
//! - the client assertion: header `alg` RS512 only, `kid` and `typ: JWT` required; `iss` =
//!   `sub` = a registered application's API key; `kid` one of its registered keys; `aud` this
//!   endpoint's URL; `jti` never seen before; integer `exp`, not past, at most 5 minutes
//!   ahead (310 s allowed); the signature;
//! - the subject token: a CIS2 ID token signed by the CIS2 stand-in (RS256 or RS512), `kid`
//!   and `typ` present, `iss` the stand-in's issuer, `exp` not past, an `aud`; the scope
//!   needs authentication assurance 2 or 3, else 401 `unauthorized_client`;
//! - the answer: a bearer token for 599 s, its numbers as strings.
//!
//! Error texts are the platform's where the reference quotes them.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Form, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};

use super::{ACCESS_TOKEN_SECONDS, Grant, Pds, lock};

const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN: &str = "urn:ietf:params:oauth:token-type:id_token";
const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// A refusal: status, OAuth `error`, description.
struct Refusal(StatusCode, &'static str, String);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (
            self.0,
            [(header::CACHE_CONTROL, "no-store")],
            Json(json!({"error": self.1, "error_description": self.2})),
        )
            .into_response()
    }
}

fn bad(description: impl Into<String>) -> Refusal {
    Refusal(
        StatusCode::BAD_REQUEST,
        "invalid_request",
        description.into(),
    )
}

fn unauthorised(description: impl Into<String>) -> Refusal {
    Refusal(
        StatusCode::UNAUTHORIZED,
        "invalid_client",
        description.into(),
    )
}

/// The claims of a JWT, read without verifying (to find the key to verify with).
fn claims(jwt: &str) -> Option<Value> {
    let payload = jwt.split('.').nth(1)?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()
}

/// `exp` as the platform checks it: an integer, not past, at most 5 minutes ahead.
fn check_exp(claims: &Value, now: i64, what: &str, future_limit: bool) -> Result<(), Refusal> {
    let exp = claims["exp"]
        .as_i64()
        .ok_or_else(|| bad(format!("Missing or invalid 'exp' claim in {what} JWT")))?;
    if exp <= now {
        return Err(bad(format!(
            "Invalid 'exp' claim in {what} JWT - JWT has expired"
        )));
    }
    if future_limit && exp > now + 310 {
        return Err(bad(format!(
            "Invalid 'exp' claim in {what} JWT - more than 5 minutes in future"
        )));
    }
    Ok(())
}

/// Verifies the client assertion of a registered application.
fn application(pds: &Pds, assertion: &str) -> Result<(), Refusal> {
    let header = jsonwebtoken::decode_header(assertion)
        .map_err(|_| bad("Malformed JWT in client_assertion"))?;
    if header.alg != Algorithm::RS512 {
        return Err(bad(
            "Invalid 'alg' header in client_assertion JWT - unsupported JWT algorithm - must be 'RS512'",
        ));
    }
    let kid = header
        .kid
        .filter(|k| !k.is_empty())
        .ok_or_else(|| bad("Missing 'kid' header in client_assertion JWT"))?;
    if !header.typ.is_some_and(|t| t.eq_ignore_ascii_case("JWT")) {
        return Err(bad(
            "Invalid 'typ' header in client_assertion JWT - must be 'JWT'",
        ));
    }
    let payload = claims(assertion).ok_or_else(|| bad("Malformed JWT in client_assertion"))?;
    let iss = payload["iss"].as_str().unwrap_or_default();
    if iss.is_empty() || payload["sub"].as_str() != Some(iss) {
        return Err(bad(
            "Missing or non-matching 'iss'/'sub' claims in client_assertion JWT",
        ));
    }
    let registered = pds
        .applications
        .iter()
        .find(|a| a.api_key == iss)
        .ok_or_else(|| unauthorised("Invalid 'iss'/'sub' claims in client_assertion JWT"))?;
    if registered.key_id != kid {
        return Err(unauthorised(
            "Invalid 'kid' header in client_assertion JWT - no matching public key",
        ));
    }
    let mut validation = Validation::new(Algorithm::RS512);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<Value>(assertion, &registered.public_key, &validation)
        .map_err(|_| unauthorised("Invalid signature in client_assertion JWT"))?;
    if payload["aud"].as_str() != Some(pds.token_url().as_str()) {
        return Err(unauthorised(
            "Missing or invalid 'aud' claim in client_assertion JWT",
        ));
    }
    let jti = payload["jti"]
        .as_str()
        .filter(|j| !j.is_empty())
        .ok_or_else(|| bad("Missing 'jti' claim in client_assertion JWT"))?;
    check_exp(
        &payload,
        pds.clock.now().timestamp(),
        "client_assertion",
        true,
    )?;
    if !lock(&pds.assertion_ids).insert(jti.to_owned()) {
        return Err(bad("Non-unique 'jti' claim in client_assertion JWT"));
    }
    Ok(())
}

/// An assurance level sent as an integer or a string (§1.3).
fn level(value: &Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
}

/// Verifies the CIS2 ID token; returns the user's UID.
fn subject(pds: &Pds, id_token: &str) -> Result<String, Refusal> {
    let header =
        jsonwebtoken::decode_header(id_token).map_err(|_| bad("Malformed JWT in subject_token"))?;
    if header.kid.as_deref().is_none_or(str::is_empty) {
        return Err(bad("Missing 'kid' header in subject_token JWT"));
    }
    if !header.typ.is_some_and(|t| t.eq_ignore_ascii_case("JWT")) {
        return Err(bad(
            "Invalid 'typ' header in subject_token JWT - must be 'JWT'",
        ));
    }
    if !matches!(header.alg, Algorithm::RS256 | Algorithm::RS512) {
        return Err(bad("Invalid 'alg' header in subject_token JWT"));
    }
    let payload = claims(id_token).ok_or_else(|| bad("Malformed JWT in subject_token"))?;
    if payload["iss"].as_str() != Some(pds.cis2_issuer.as_str()) {
        return Err(bad(
            "Missing or non-matching 'iss' claim in subject_token JWT",
        ));
    }
    check_exp(
        &payload,
        pds.clock.now().timestamp(),
        "subject_token",
        false,
    )?;
    if payload.get("aud").is_none_or(Value::is_null) {
        return Err(bad("Missing 'aud' claim in subject_token JWT"));
    }
    let key: &DecodingKey = &pds.cis2_key;
    let mut validation = Validation::new(header.alg);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<Value>(id_token, key, &validation)
        .map_err(|_| unauthorised("Invalid signature in subject_token JWT"))?;
    if !matches!(
        level(&payload["authentication_assurance_level"]),
        Some(2 | 3)
    ) {
        return Err(Refusal(
            StatusCode::UNAUTHORIZED,
            "unauthorized_client",
            "you have tried to request authorization but your application is not configured to use this authorization grant type".to_owned(),
        ));
    }
    let uid = payload["sub"]
        .as_str()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| bad("Missing 'sub' claim in subject_token JWT"))?;
    Ok(uid.to_owned())
}

/// `POST /oauth2/token`.
pub async fn token(
    State(pds): State<Arc<Pds>>,
    Form(params): Form<HashMap<String, String>>,
) -> Response {
    match exchange(&pds, &params) {
        Ok(body) => (
            StatusCode::OK,
            [(header::CACHE_CONTROL, "no-store")],
            Json(body),
        )
            .into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

fn exchange(pds: &Pds, params: &HashMap<String, String>) -> Result<Value, Refusal> {
    let get = |name: &str| params.get(name).map(String::as_str).unwrap_or("");
    if get("grant_type") != TOKEN_EXCHANGE {
        return Err(Refusal(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "grant_type is missing or not supported".to_owned(),
        ));
    }
    if get("subject_token_type") != ID_TOKEN {
        return Err(bad("missing or invalid subject_token_type"));
    }
    if get("client_assertion_type") != JWT_BEARER {
        return Err(bad(
            "Missing or invalid client_assertion_type - must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'",
        ));
    }
    if get("client_assertion").is_empty() {
        return Err(bad("Missing client_assertion"));
    }
    if get("subject_token").is_empty() {
        return Err(bad("missing subject_token"));
    }
    application(pds, get("client_assertion"))?;
    let uid = subject(pds, get("subject_token"))?;
    let now = pds.clock.now();
    let access_token = uuid::Uuid::new_v4().simple().to_string();
    lock(&pds.tokens).insert(
        access_token.clone(),
        Grant {
            uid,
            expires_at: now + chrono::Duration::seconds(ACCESS_TOKEN_SECONDS),
        },
    );
    Ok(json!({
        "access_token": access_token,
        "expires_in": ACCESS_TOKEN_SECONDS.to_string(),
        "token_type": "Bearer",
        "issued_token_type": "urn:ietf:params:oauth:token-type:access_token",
        "refresh_token": uuid::Uuid::new_v4().simple().to_string(),
        "refresh_token_expires_in": "43199",
        "refresh_count": "0",
    }))
}
