//! The cross-organisation audit JWT (§4): unsigned (`alg: none`), built fresh for every
//! request, `exp = iat + 300` exactly, `aud` = the provider's service root.
//!
//! Built by hand rather than with a JWT crate: common crates refuse `alg: none` (§11.1).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::config::ConsumerIdentity;
use crate::fhir::urls::{SYSTEM_ODS_ORGANISATION, SYSTEM_SDS_ROLE_PROFILE, SYSTEM_SDS_USER};
use crate::ids::ProviderRoot;
use crate::interaction::RequestedScope;

/// Seconds between `iat` and `exp`: exactly 300 (§4.3: 299 or 301 is refused).
pub const JWT_LIFETIME_SECONDS: i64 = 300;

/// An identifier inside a JWT resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwtIdentifier {
    /// Identifier system.
    pub system: String,
    /// Value.
    pub value: String,
}

/// `requesting_device`: a minimal STU3 Device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestingDevice {
    /// `Device`.
    pub resource_type: String,
    /// Consumer-defined device identifier.
    pub identifier: Vec<JwtIdentifier>,
    /// Product name.
    pub model: String,
    /// Product version.
    pub version: String,
}

/// `requesting_organization`: a minimal Organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestingOrganization {
    /// `Organization`.
    pub resource_type: String,
    /// ODS code identifier.
    pub identifier: Vec<JwtIdentifier>,
    /// Name.
    pub name: String,
}

/// A name inside `requesting_practitioner`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwtName {
    /// Family name.
    pub family: String,
    /// Given names.
    pub given: Vec<String>,
    /// Titles.
    pub prefix: Vec<String>,
}

/// `requesting_practitioner`: a minimal Practitioner whose `id` equals `sub`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestingPractitioner {
    /// `Practitioner`.
    pub resource_type: String,
    /// Local user id; equals the `sub` claim.
    pub id: String,
    /// SDS user id, SDS role profile id, local user id.
    pub identifier: Vec<JwtIdentifier>,
    /// The user's name.
    pub name: Vec<JwtName>,
}

/// The claims of §4.2, all mandatory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditClaims {
    /// The consumer system's Spine endpoint URL.
    pub iss: String,
    /// The user id; equals `requesting_practitioner.id`.
    pub sub: String,
    /// The provider's FHIR service root (without the SSP prefix).
    pub aud: String,
    /// Expiry, Unix seconds (UTC): `iat + 300`.
    pub exp: i64,
    /// Issued at, Unix seconds (UTC).
    pub iat: i64,
    /// Always `directcare`.
    pub reason_for_request: String,
    /// Scope of the interaction (§3.0).
    pub requested_scope: String,
    /// The consumer system.
    pub requesting_device: RequestingDevice,
    /// The user's organisation.
    pub requesting_organization: RequestingOrganization,
    /// The user.
    pub requesting_practitioner: RequestingPractitioner,
}

impl AuditClaims {
    /// The claims for one request by `identity` to the provider at `audience`, with `scope`,
    /// issued at `now` (§4.2). SDS ids absent from the identity are sent as `UNK`.
    pub fn new(
        identity: &ConsumerIdentity,
        audience: &ProviderRoot,
        scope: RequestedScope,
        now: DateTime<Utc>,
    ) -> Self {
        let iat = now.timestamp();
        let user = &identity.user;
        let system = &identity.system;
        let unk = |v: &Option<String>| {
            v.as_deref()
                .filter(|s| !s.trim().is_empty())
                .unwrap_or("UNK")
                .to_owned()
        };
        Self {
            iss: system.issuer.clone(),
            sub: user.id.clone(),
            aud: audience.as_str().to_owned(),
            exp: iat + JWT_LIFETIME_SECONDS,
            iat,
            reason_for_request: "directcare".to_owned(),
            requested_scope: scope.as_str().to_owned(),
            requesting_device: RequestingDevice {
                resource_type: "Device".to_owned(),
                identifier: vec![JwtIdentifier {
                    system: system.identifier_system.clone(),
                    value: system.device_id.clone(),
                }],
                model: system.product_name.clone(),
                version: system.product_version.clone(),
            },
            requesting_organization: RequestingOrganization {
                resource_type: "Organization".to_owned(),
                identifier: vec![JwtIdentifier {
                    system: SYSTEM_ODS_ORGANISATION.to_owned(),
                    value: identity.organisation.ods_code.as_str().to_owned(),
                }],
                name: identity.organisation.name.clone(),
            },
            requesting_practitioner: RequestingPractitioner {
                resource_type: "Practitioner".to_owned(),
                id: user.id.clone(),
                identifier: vec![
                    JwtIdentifier {
                        system: SYSTEM_SDS_USER.to_owned(),
                        value: unk(&user.sds_user_id),
                    },
                    JwtIdentifier {
                        system: SYSTEM_SDS_ROLE_PROFILE.to_owned(),
                        value: unk(&user.sds_role_profile_id),
                    },
                    JwtIdentifier {
                        system: format!("{}/user-id", system.identifier_system),
                        value: user.id.clone(),
                    },
                ],
                name: vec![JwtName {
                    family: user.family_name.clone(),
                    given: user.given_names.clone(),
                    prefix: user.prefixes.clone(),
                }],
            },
        }
    }

    /// Encodes as an unsigned JWT: `b64url(header).b64url(claims).` with the trailing dot.
    pub fn encode_unsigned(&self) -> String {
        let header = r#"{"alg":"none","typ":"JWT"}"#;
        // Serialising these plain structs cannot fail; an empty object is a safe fallback.
        let payload = serde_json::to_vec(self).unwrap_or_else(|_| b"{}".to_vec());
        format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(payload)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{BookingOrganisation, ConsumerSystem, OrganisationType, UserIdentity};
    use crate::ids::{Asid, OdsCode};
    use crate::interaction::Interaction;
    use chrono::TimeZone;

    /// The header and payload JSON of an unsigned token (`h.p.`).
    fn decode(token: &str) -> (serde_json::Value, serde_json::Value) {
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3, "{token}");
        let json =
            |part: &str| serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap();
        (json(parts[0]), json(parts[1]))
    }

    fn identity() -> ConsumerIdentity {
        ConsumerIdentity {
            asid: Asid::parse("200000000359").unwrap(),
            organisation: BookingOrganisation {
                ods_code: OdsCode::parse("A1001").unwrap(),
                name: "Our Hub".into(),
                telephone: "0300 303 5678".into(),
                org_type: Some(OrganisationType::UrgentCare),
            },
            user: UserIdentity {
                id: "u-123".into(),
                family_name: "Jones".into(),
                given_names: vec!["Claire".into()],
                prefixes: vec!["Dr".into()],
                sds_user_id: Some("111122223333".into()),
                sds_role_profile_id: None,
            },
            system: ConsumerSystem {
                issuer: "https://consumer.example.nhs.uk/".into(),
                identifier_system: "https://consumer.example/Id".into(),
                device_id: "desk-01".into(),
                product_name: "GP Connect Booking".into(),
                product_version: "0.1.0".into(),
            },
        }
    }

    #[test]
    fn every_claim_and_exactly_300_seconds() {
        let root = ProviderRoot::parse("https://provider.nhs.uk/A12345/STU3/1/gpconnect").unwrap();
        let now = Utc.with_ymd_and_hms(2020, 5, 6, 13, 0, 0).unwrap();
        let token = AuditClaims::new(&identity(), &root, RequestedScope::PatientWrite, now)
            .encode_unsigned();
        assert!(token.ends_with('.'), "trailing dot");
        assert_eq!(token.matches('.').count(), 2);
        assert!(!token.contains('='), "no base64 padding");
        let (header, claims) = decode(&token);
        assert_eq!(header["alg"], "none");
        assert_eq!(header["typ"], "JWT");
        assert_eq!(claims["iss"], "https://consumer.example.nhs.uk/");
        assert_eq!(claims["aud"], root.as_str());
        assert_eq!(claims["iat"], now.timestamp());
        assert_eq!(
            claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
            300
        );
        assert_eq!(claims["reason_for_request"], "directcare");
        assert_eq!(claims["requested_scope"], "patient/*.write");
        assert_eq!(claims["sub"], claims["requesting_practitioner"]["id"]);
        assert_eq!(claims["requesting_device"]["resourceType"], "Device");
        assert_eq!(claims["requesting_device"]["model"], "GP Connect Booking");
        assert_eq!(
            claims["requesting_organization"]["identifier"][0]["system"],
            SYSTEM_ODS_ORGANISATION
        );
        assert_eq!(
            claims["requesting_organization"]["identifier"][0]["value"],
            "A1001"
        );
        let practitioner = &claims["requesting_practitioner"];
        assert_eq!(practitioner["resourceType"], "Practitioner");
        assert_eq!(practitioner["identifier"][0]["value"], "111122223333");
        assert_eq!(
            practitioner["identifier"][1]["system"],
            SYSTEM_SDS_ROLE_PROFILE
        );
        assert_eq!(practitioner["identifier"][1]["value"], "UNK");
        assert_eq!(practitioner["name"][0]["family"], "Jones");
        assert!(claims.get("requested_record").is_none(), "DSTU2 only");
    }

    #[test]
    fn scope_follows_the_interaction() {
        let root = ProviderRoot::parse("https://p.nhs.uk/A1/STU3/1/gpconnect").unwrap();
        let now = Utc::now();
        for interaction in Interaction::ALL {
            let token =
                AuditClaims::new(&identity(), &root, interaction.scope(), now).encode_unsigned();
            let (_, claims) = decode(&token);
            assert_eq!(claims["requested_scope"], interaction.scope().as_str());
        }
    }
}
