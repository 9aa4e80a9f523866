//! The CIS2 claims beyond OpenID Connect Core, as they arrive in the ID token:
//! `id_assurance_level` and `authentication_assurance_level` (an integer in some sources,
//! a string such as `"3"` in others: both are read), and `selected_roleid` (the role the user
//! chose, with the `selectedrole` scope).
//!
//! Source: `nhs-identity-pds.md` §1.3 (ID token claims, role selection), §1.4.

use openidconnect::AdditionalClaims;
use serde::{Deserialize, Deserializer, Serialize};

/// The CIS2-specific claims of an ID token.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cis2Claims {
    /// `id_assurance_level`, 1 to 3; `None` when absent or unreadable.
    #[serde(default, deserialize_with = "assurance_level")]
    pub id_assurance_level: Option<u8>,
    /// `authentication_assurance_level`, 1 to 3; `None` when absent or unreadable.
    #[serde(default, deserialize_with = "assurance_level")]
    pub authentication_assurance_level: Option<u8>,
    /// `selected_roleid`: the user's role profile ID for this session (the `person_roleid` of
    /// one of their `nhsid_nrbac_roles`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected_roleid: Option<String>,
}

impl AdditionalClaims for Cis2Claims {}

/// An assurance level written as a JSON integer or a string of digits; anything else reads as
/// absent (and is then refused as too low).
fn assurance_level<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u8>, D::Error> {
    Ok(parse_level(&serde_json::Value::deserialize(deserializer)?))
}

/// Reads an assurance level from `3` or `"3"`.
pub fn parse_level(value: &serde_json::Value) -> Option<u8> {
    match value {
        serde_json::Value::Number(n) => n.as_u64().and_then(|n| u8::try_from(n).ok()),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn levels_are_read_as_integers_or_strings() {
        let claims: Cis2Claims = serde_json::from_value(json!({
            "id_assurance_level": 3, "authentication_assurance_level": "2",
            "selected_roleid": "555254242102"
        }))
        .unwrap();
        assert_eq!(claims.id_assurance_level, Some(3));
        assert_eq!(claims.authentication_assurance_level, Some(2));
        assert_eq!(claims.selected_roleid.as_deref(), Some("555254242102"));
        let odd: Cis2Claims =
            serde_json::from_value(json!({"id_assurance_level": "high"})).unwrap();
        assert_eq!(odd.id_assurance_level, None);
        assert_eq!(odd.authentication_assurance_level, None);
    }
}
