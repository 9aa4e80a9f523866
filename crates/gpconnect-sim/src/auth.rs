//! The audit JWT as a provider validates it (§4.3): present, unsigned, every claim there and
//! non-empty, `exp - iat` exactly 300, not expired, `aud` the provider root, the scope of the
//! interaction, `directcare`, `sub` equal to the practitioner id, resource types right.

use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use gpconnect::fhir::urls::SYSTEM_ODS_ORGANISATION;
use gpconnect::interaction::{Interaction, RequestedScope};
use gpconnect::jwt::{JWT_LIFETIME_SECONDS, decode_unsigned};
use serde_json::Value;

use crate::outcome::{SimError, SimResult};

/// Who the JWT says is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requester {
    /// The requesting organisation's ODS code.
    pub org_ods: Option<String>,
}

const REQUIRED: [&str; 10] = [
    "iss",
    "sub",
    "aud",
    "exp",
    "iat",
    "reason_for_request",
    "requested_scope",
    "requesting_device",
    "requesting_organization",
    "requesting_practitioner",
];

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// Validates the `Authorization: Bearer` JWT for `interaction` at the practice whose root is
/// `audience`, at `now`.
///
/// Errors: 400 BAD_REQUEST for a missing, malformed, incomplete, expired or mis-scoped token;
/// 422 INVALID_RESOURCE for a wrong `resourceType` in device, organisation or practitioner
/// (as the assurance suite expects).
pub fn validate(
    headers: &HeaderMap,
    interaction: Interaction,
    audience: &str,
    now: DateTime<Utc>,
) -> SimResult<Requester> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| SimError::bad_request("Authorization: Bearer <JWT> is required"))?;
    let (header, claims) =
        decode_unsigned(token.trim()).map_err(|e| SimError::bad_request(format!("JWT: {e}")))?;
    if header.alg != "none" {
        return Err(SimError::bad_request("JWT: alg must be none (unsigned)"));
    }
    for claim in REQUIRED {
        match claims.get(claim) {
            None => return Err(SimError::bad_request(format!("JWT: missing {claim} claim"))),
            Some(value) if is_empty(value) => {
                return Err(SimError::bad_request(format!("JWT: empty {claim} claim")));
            }
            Some(_) => {}
        }
    }
    let (Some(iat), Some(exp)) = (claims["iat"].as_i64(), claims["exp"].as_i64()) else {
        return Err(SimError::bad_request("JWT: iat and exp must be integers"));
    };
    if exp - iat != JWT_LIFETIME_SECONDS {
        return Err(SimError::bad_request(format!(
            "JWT: exp - iat must be exactly 300 seconds, was {}",
            exp - iat
        )));
    }
    if exp < now.timestamp() {
        return Err(SimError::bad_request("JWT: the token has expired"));
    }
    if claims["aud"].as_str() != Some(audience) {
        return Err(SimError::bad_request(format!(
            "JWT: aud must be the provider's service root {audience}"
        )));
    }
    if claims["reason_for_request"].as_str() != Some("directcare") {
        return Err(SimError::bad_request(
            "JWT: reason_for_request must be directcare",
        ));
    }
    let scope = claims["requested_scope"]
        .as_str()
        .and_then(RequestedScope::parse)
        .ok_or_else(|| SimError::bad_request("JWT: requested_scope is not a valid scope"))?;
    if scope != interaction.scope() {
        return Err(SimError::bad_request(format!(
            "JWT: requested_scope {scope} does not match this interaction ({})",
            interaction.scope()
        )));
    }
    for (claim, kind) in [
        ("requesting_device", "Device"),
        ("requesting_organization", "Organization"),
        ("requesting_practitioner", "Practitioner"),
    ] {
        if claims[claim]["resourceType"].as_str() != Some(kind) {
            return Err(SimError::invalid_resource(format!(
                "JWT: {claim}.resourceType must be {kind}"
            )));
        }
    }
    if claims["sub"] != claims["requesting_practitioner"]["id"] {
        return Err(SimError::bad_request("JWT Practitioner ids do not match!"));
    }
    let org_ods = claims["requesting_organization"]["identifier"]
        .as_array()
        .and_then(|ids| {
            ids.iter().find(|i| {
                i["system"].as_str().is_some_and(|s| {
                    s == SYSTEM_ODS_ORGANISATION || s.ends_with("/ods-organization-code")
                })
            })
        })
        .and_then(|i| i["value"].as_str())
        .map(str::to_owned);
    if org_ods.is_none() {
        return Err(SimError::bad_request(
            "JWT: requesting_organization needs an ODS code identifier",
        ));
    }
    Ok(Requester { org_ods })
}
