//! The token endpoint (RFC 6749 §4.1.3, RFC 7636 §4.6, RFC 7523 §3) and userinfo (OpenID
//! Connect Core §5.3).
//!
//! The token endpoint authenticates the client first (a `private_key_jwt` assertion
//! verified with the client's registered public key: RS512 or RS256, `iss` = `sub` = the
//! client ID, `aud` exactly this endpoint's URL, `exp` not past and at most 5 minutes ahead,
//! `jti` never seen before; or the client's secret), then the code (one use, same client and
//! redirect URI, not expired) and the PKCE verifier (`BASE64URL(SHA256(verifier))` equals
//! the challenge). It answers with an access token and an RS256-signed ID token carrying
//! the CIS2 claims (§1.3): `auth_time`, `nonce`, both assurance levels, `selected_roleid`.
//! A refused client gets 401 `invalid_client` "JWT is not valid" as CIS2 answers (§1.5).

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, Header, Validation};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{Cis2, ClientKey, Grant, SignInRecord, lock};

const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// An OAuth error response.
fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({"error": error, "error_description": description})),
    )
        .into_response()
}

/// A refused client authentication: 401 `invalid_client` "JWT is not valid: …" (§1.5).
#[derive(Debug)]
struct InvalidClient(String);

impl IntoResponse for InvalidClient {
    fn into_response(self) -> Response {
        oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            &format!("JWT is not valid: {}", self.0),
        )
    }
}

fn invalid_client(description: &str) -> InvalidClient {
    InvalidClient(description.to_owned())
}

/// The client ID and secret of `Authorization: Basic …`, if sent.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let unescape = |s: &str| {
        form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Some((unescape(id), unescape(secret)))
}

/// Authenticates the client; returns its ID.
fn authenticate(
    cis2: &Cis2,
    params: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<String, InvalidClient> {
    let get = |name: &str| params.get(name).map(String::as_str);
    if let Some(assertion) = get("client_assertion") {
        if get("client_assertion_type") != Some(JWT_BEARER) {
            return Err(invalid_client("client_assertion_type must be jwt-bearer"));
        }
        return verify_assertion(cis2, assertion, get("client_id"));
    }
    let (id, secret) = match (get("client_id"), get("client_secret")) {
        (Some(id), Some(secret)) => (id.to_owned(), secret.to_owned()),
        _ => basic_credentials(headers)
            .ok_or_else(|| invalid_client("no client authentication was sent"))?,
    };
    match cis2.client(&id).map(|c| &c.key) {
        Some(ClientKey::Secret(expected)) if *expected == secret => Ok(id),
        _ => Err(invalid_client("unknown client or wrong secret")),
    }
}

fn verify_assertion(
    cis2: &Cis2,
    assertion: &str,
    form_client_id: Option<&str>,
) -> Result<String, InvalidClient> {
    let header = jsonwebtoken::decode_header(assertion)
        .map_err(|_| invalid_client("the assertion is not a JWT"))?;
    if !matches!(header.alg, Algorithm::RS512 | Algorithm::RS256) {
        return Err(invalid_client(
            "the assertion must be signed with RS512 or RS256",
        ));
    }
    if header.kid.as_deref().is_none_or(str::is_empty) {
        return Err(invalid_client("the assertion has no kid"));
    }
    // The payload, read before verification only to find the client's key.
    let payload: Value = assertion
        .split('.')
        .nth(1)
        .and_then(|p| URL_SAFE_NO_PAD.decode(p).ok())
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| invalid_client("the assertion's claims cannot be read"))?;
    let client_id = payload["iss"].as_str().unwrap_or_default().to_owned();
    if form_client_id.is_some_and(|id| id != client_id) {
        return Err(invalid_client("client_id differs from the assertion's iss"));
    }
    let Some(ClientKey::PublicKey(key)) = cis2.client(&client_id).map(|c| &c.key) else {
        return Err(invalid_client(
            "no public key is registered for this client",
        ));
    };
    let mut validation = Validation::new(header.alg);
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    validation.set_audience(&[cis2.endpoint("/access_token")]);
    validation.set_issuer(&[&client_id]);
    validation.sub = Some(client_id.clone());
    let claims = jsonwebtoken::decode::<Value>(assertion, key, &validation)
        .map_err(|e| invalid_client(&format!("signature or claims refused ({e})")))?
        .claims;
    let now = cis2.clock.now().timestamp();
    let exp = claims["exp"]
        .as_i64()
        .ok_or_else(|| invalid_client("exp must be an integer"))?;
    if exp <= now {
        return Err(invalid_client("the assertion has expired"));
    }
    if exp > now + 310 {
        return Err(invalid_client("exp is more than 5 minutes in the future"));
    }
    let jti = claims["jti"]
        .as_str()
        .filter(|j| !j.is_empty())
        .ok_or_else(|| invalid_client("jti is required"))?;
    if !lock(&cis2.assertion_ids).insert(jti.to_owned()) {
        return Err(invalid_client("the assertion's jti was used before"));
    }
    Ok(client_id)
}

/// `POST …/access_token`.
pub async fn token(
    State(cis2): State<Arc<Cis2>>,
    headers: HeaderMap,
    Form(params): Form<HashMap<String, String>>,
) -> Response {
    let client_id = match authenticate(&cis2, &params, &headers) {
        Ok(id) => id,
        Err(refused) => return refused.into_response(),
    };
    let get = |name: &str| params.get(name).map(String::as_str).unwrap_or("");
    let grant_error = |d: &str| oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", d);
    if get("grant_type") != "authorization_code" {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "only authorization_code",
        );
    }
    let Some(grant) = lock(&cis2.codes).remove(get("code")) else {
        return grant_error("unknown or already used code");
    };
    let now = cis2.clock.now();
    if grant.client_id != client_id || grant.redirect_uri != get("redirect_uri") {
        return grant_error("the code was issued to another client or redirect URI");
    }
    if grant.expires_at <= now {
        return grant_error("the code has expired");
    }
    let verifier = get("code_verifier");
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    if !(43..=128).contains(&verifier.len()) || challenge != grant.code_challenge {
        return grant_error("the PKCE code_verifier does not match the code_challenge");
    }
    match issue(&cis2, grant, now) {
        Ok(body) => (
            StatusCode::OK,
            [(header::CACHE_CONTROL, "no-store")],
            Json(body),
        )
            .into_response(),
        Err(e) => oauth_error(StatusCode::INTERNAL_SERVER_ERROR, "server_error", &e),
    }
}

fn issue(cis2: &Cis2, grant: Grant, now: chrono::DateTime<chrono::Utc>) -> Result<Value, String> {
    let user = cis2
        .user(&grant.uid)
        .ok_or_else(|| "the user vanished".to_owned())?;
    let role = user
        .role(&grant.role_id)
        .ok_or_else(|| "the role vanished".to_owned())?;
    let lifetime = *lock(&cis2.token_lifetime);
    let iat = now.timestamp();
    let claims = json!({
        "iss": cis2.issuer,
        "sub": user.uid,
        "aud": grant.client_id,
        "azp": grant.client_id,
        "iat": iat,
        "exp": iat + lifetime,
        "auth_time": grant.auth_time.timestamp(),
        "nonce": grant.nonce,
        "acr": user.acr,
        "amr": [user.amr],
        "id_assurance_level": user.id_assurance_level.json(),
        "authentication_assurance_level": user.authentication_assurance_level.json(),
        "selected_roleid": role.person_roleid,
        "name": user.name(),
        "given_name": user.given_name,
        "family_name": user.family_name,
        "realm": "/NHSIdentity/Healthcare",
        "tokenName": "id_token",
        "tokenType": "JWTToken",
        "auditTrackingId": uuid::Uuid::new_v4().to_string(),
    });
    let mut header = Header::new(Algorithm::RS256);
    header.typ = Some("JWT".to_owned());
    header.kid = Some(cis2.signing_kid.clone());
    let id_token =
        jsonwebtoken::encode(&header, &claims, &cis2.signing_key).map_err(|e| e.to_string())?;
    let access_token = uuid::Uuid::new_v4().simple().to_string();
    lock(&cis2.sign_ins).push(SignInRecord {
        uid: user.uid.to_owned(),
        role_id: role.person_roleid.to_owned(),
        org_code: role.org_code.to_owned(),
        client_id: grant.client_id.clone(),
        issued_at: now,
    });
    lock(&cis2.access_tokens).insert(
        access_token.clone(),
        Grant {
            expires_at: now + chrono::Duration::seconds(lifetime),
            ..grant
        },
    );
    Ok(json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": lifetime,
        "id_token": id_token,
        "scope": "openid profile nhsperson nationalrbacaccess associatedorgs selectedrole",
    }))
}

/// `GET …/userinfo` with `Authorization: Bearer <access token>`.
pub async fn userinfo(State(cis2): State<Arc<Cis2>>, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim().to_owned());
    let now = cis2.clock.now();
    let grant = token.and_then(|t| lock(&cis2.access_tokens).get(&t).cloned());
    let Some(user) = grant
        .filter(|g| g.expires_at > now)
        .and_then(|g| cis2.user(&g.uid).cloned())
    else {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")],
        )
            .into_response();
    };
    let roles: Vec<Value> = user
        .roles
        .iter()
        .map(|r| {
            json!({
                "person_roleid": r.person_roleid, "person_orgid": r.person_orgid,
                "org_code": r.org_code, "role_code": r.role_code, "role_name": r.role_name,
                "activity_codes": r.activity_codes,
            })
        })
        .collect();
    let orgs: Vec<Value> = user
        .roles
        .iter()
        .map(|r| json!({"org_code": r.org_code, "org_name": r.org_name}))
        .collect();
    Json(json!({
        "sub": user.uid,
        "uid": user.uid,
        "nhsid_useruid": user.uid,
        "name": user.name(),
        "given_name": user.given_name,
        "family_name": user.family_name,
        "title": user.title,
        "nhsid_nrbac_roles": roles,
        "nhsid_user_orgs": orgs,
    }))
    .into_response()
}
