//! The audit JWT as a provider validates it (§4), read from the raw token: unsigned with the
//! trailing dot, base64url without padding, every claim present, non-empty and of the right
//! JSON type, `exp − iat` exactly 300, not expired, `aud` the provider root, the scope of the
//! interaction, `directcare`, `sub` equal to `requesting_practitioner.id`, and the three
//! minimal resources with their resource types and identifiers.
//!
//! Belongs here: reading and checking the token. The status of each refusal follows §4.3:
//! 400 BAD_REQUEST, except a wrong `resourceType` or an extra field in the Device, which the
//! assurance suite answers with 422 INVALID_RESOURCE.

use axum::http::HeaderMap;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::interactions::Interaction;
use crate::outcome::{SimError, SimResult};
use crate::vocabulary::{SYSTEM_ODS_ORGANISATION, SYSTEM_SDS_ROLE_PROFILE, SYSTEM_SDS_USER};

/// `exp − iat`, exactly (§4.2, §4.3: 299 and 301 are refused).
pub const LIFETIME_SECONDS: i64 = 300;

/// The only `reason_for_request` (§4.2).
const DIRECT_CARE: &str = "directcare";

/// The scopes §4.2 defines; anything else (e.g. `badScope`) is refused.
const SCOPES: [&str; 4] = [
    "patient/*.read",
    "patient/*.write",
    "organization/*.read",
    "organization/*.write",
];

/// The ODS system in the RC5 form that providers still accept (§4.3, §10).
const RC5_ODS_SYSTEM: &str = "http://fhir.nhs.net/Id/ods-organization-code";

/// The elements of the minimal `requesting_device` (§4.2); anything else is "an extra
/// invalid field" (§4.3: 422).
const DEVICE_ELEMENTS: [&str; 4] = ["resourceType", "identifier", "model", "version"];

/// Every claim of §4.2, all mandatory.
const CLAIMS: [&str; 10] = [
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

/// Who the token says is calling.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Requester {
    /// The requesting organisation's ODS code (`requesting_organization.identifier`).
    pub org_ods: String,
    /// The practitioner's SDS user ID (`UNK` when the consumer has none).
    pub sds_user_id: String,
    /// The practitioner's SDS role profile ID, when the token carries one.
    pub sds_role_profile_id: Option<String>,
    /// `sub`.
    pub subject: String,
}

fn bad(message: impl Into<String>) -> SimError {
    SimError::bad_request(format!("JWT: {}", message.into()))
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

/// The bearer token of `Authorization: Bearer <token>` (scheme case-insensitive, RFC 6750).
fn bearer(headers: &HeaderMap) -> SimResult<&str> {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .ok_or_else(|| SimError::bad_request("Authorization: Bearer <JWT> is required (§4.1)"))
}

/// Splits `b64url(header).b64url(payload).` and decodes both parts as JSON objects (§4.1).
fn decode(token: &str) -> SimResult<(Map<String, Value>, Map<String, Value>)> {
    let parts: Vec<&str> = token.split('.').collect();
    let [header, payload, ""] = parts.as_slice() else {
        return Err(bad(
            "an unsigned token is header.payload. with an empty signature and the trailing dot",
        ));
    };
    let object = |part: &str, what: &str| -> SimResult<Map<String, Value>> {
        let bytes = URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|_| bad(format!("the {what} is not base64url without padding")))?;
        match serde_json::from_slice(&bytes) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(bad(format!("the {what} is not a JSON object"))),
        }
    };
    Ok((object(header, "header")?, object(payload, "payload")?))
}

fn text<'a>(claims: &'a Map<String, Value>, claim: &str) -> SimResult<&'a str> {
    claims
        .get(claim)
        .and_then(Value::as_str)
        .ok_or_else(|| bad(format!("{claim} must be a string")))
}

fn resource<'a>(
    claims: &'a Map<String, Value>,
    claim: &str,
    resource_type: &str,
) -> SimResult<&'a Map<String, Value>> {
    let object = claims
        .get(claim)
        .and_then(Value::as_object)
        .ok_or_else(|| bad(format!("{claim} must be a {resource_type} resource")))?;
    if object.get("resourceType").and_then(Value::as_str) != Some(resource_type) {
        return Err(SimError::invalid_resource(format!(
            "JWT: {claim}.resourceType must be {resource_type}"
        )));
    }
    Ok(object)
}

/// The `value` of the first identifier in `resource` whose system is one of `systems`.
fn identifier<'a>(resource: &'a Map<String, Value>, systems: &[&str]) -> Option<&'a str> {
    resource
        .get("identifier")
        .and_then(Value::as_array)?
        .iter()
        .find(|i| {
            i.get("system")
                .and_then(Value::as_str)
                .is_some_and(|s| systems.contains(&s))
        })
        .and_then(|i| i.get("value").and_then(Value::as_str))
        .filter(|v| !v.trim().is_empty())
}

/// Validates the bearer token for `interaction` at the practice whose service root is
/// `audience`, at `now` (§4.3).
///
/// Errors: 400 BAD_REQUEST for a missing or malformed token, a missing, empty or mistyped
/// claim, a lifetime other than 300 s, an expired token, another `aud`, a scope that is
/// unknown or not the interaction's, a reason other than `directcare`, `sub` differing from
/// the practitioner id, no ODS code or name on the organisation, no SDS user id or name on
/// the practitioner, no identifier, model or version on the device; 422 INVALID_RESOURCE for
/// a wrong `resourceType` or an extra field in the Device.
pub fn validate(
    headers: &HeaderMap,
    interaction: &Interaction,
    audience: &str,
    now: DateTime<Utc>,
) -> SimResult<Requester> {
    let (header, claims) = decode(bearer(headers)?)?;
    if header.get("alg").and_then(Value::as_str) != Some("none")
        || header.get("typ").and_then(Value::as_str) != Some("JWT")
    {
        return Err(bad(r#"the header must be {"alg":"none","typ":"JWT"}"#));
    }
    for claim in CLAIMS {
        match claims.get(claim) {
            None => return Err(bad(format!("missing {claim} claim"))),
            Some(value) if is_empty(value) => return Err(bad(format!("empty {claim} claim"))),
            Some(_) => {}
        }
    }
    text(&claims, "iss")?;
    let (Some(iat), Some(exp)) = (
        claims.get("iat").and_then(Value::as_i64),
        claims.get("exp").and_then(Value::as_i64),
    ) else {
        return Err(bad("iat and exp must be integer Unix seconds"));
    };
    if exp - iat != LIFETIME_SECONDS {
        return Err(bad(format!(
            "exp - iat must be exactly {LIFETIME_SECONDS} seconds, was {}",
            exp - iat
        )));
    }
    // An iat in the future is accepted since 1.2.3; only expiry is checked.
    if exp < now.timestamp() {
        return Err(bad("the token has expired"));
    }
    if text(&claims, "aud")? != audience {
        return Err(bad(format!(
            "aud must be the provider's service root {audience}"
        )));
    }
    if text(&claims, "reason_for_request")? != DIRECT_CARE {
        return Err(bad("reason_for_request must be directcare"));
    }
    let scope = text(&claims, "requested_scope")?;
    if !SCOPES.contains(&scope) {
        return Err(bad(format!("requested_scope {scope} is not a scope")));
    }
    if scope != interaction.scope {
        return Err(bad(format!(
            "requested_scope {scope} does not match this interaction ({})",
            interaction.scope
        )));
    }

    let device = resource(&claims, "requesting_device", "Device")?;
    if let Some(extra) = device
        .keys()
        .find(|k| !DEVICE_ELEMENTS.contains(&k.as_str()))
    {
        return Err(SimError::invalid_resource(format!(
            "JWT: requesting_device has an invalid element {extra}"
        )));
    }
    let device_id = device
        .get("identifier")
        .and_then(Value::as_array)
        .and_then(|ids| ids.first())
        .is_some_and(|i| {
            i.get("system").is_some_and(|s| !is_empty(s))
                && i.get("value").is_some_and(|v| !is_empty(v))
        });
    if !device_id {
        return Err(bad(
            "requesting_device needs an identifier with system and value",
        ));
    }
    for field in ["model", "version"] {
        if device
            .get(field)
            .and_then(Value::as_str)
            .is_none_or(|s| s.trim().is_empty())
        {
            return Err(bad(format!("requesting_device needs a {field}")));
        }
    }

    let organisation = resource(&claims, "requesting_organization", "Organization")?;
    let org_ods = identifier(organisation, &[SYSTEM_ODS_ORGANISATION, RC5_ODS_SYSTEM])
        .ok_or_else(|| bad("requesting_organization needs an ODS code identifier"))?
        .to_owned();
    if organisation
        .get("name")
        .and_then(Value::as_str)
        .is_none_or(|n| n.trim().is_empty())
    {
        return Err(bad("requesting_organization needs a name"));
    }

    let practitioner = resource(&claims, "requesting_practitioner", "Practitioner")?;
    if practitioner.get("id").and_then(Value::as_str) != Some(text(&claims, "sub")?) {
        return Err(bad("JWT Practitioner ids do not match!"));
    }
    let Some(sds_user_id) = identifier(practitioner, &[SYSTEM_SDS_USER]) else {
        return Err(bad(
            "requesting_practitioner needs an sds-user-id identifier (its value may be UNK)",
        ));
    };
    let sds_user_id = sds_user_id.to_owned();
    let sds_role_profile_id =
        identifier(practitioner, &[SYSTEM_SDS_ROLE_PROFILE]).map(str::to_owned);
    let named = practitioner
        .get("name")
        .and_then(Value::as_array)
        .and_then(|names| names.first())
        .and_then(|n| n.get("family"))
        .and_then(Value::as_str)
        .is_some_and(|f| !f.trim().is_empty());
    if !named {
        return Err(bad(
            "requesting_practitioner needs a name with a family name",
        ));
    }
    Ok(Requester {
        org_ods,
        sds_user_id,
        sds_role_profile_id,
        subject: text(&claims, "sub")?.to_owned(),
    })
}
