//! ID-token validation: a good token passes, and each bad one is refused with its own error
//! (bad signature, wrong issuer including a missing `:443`, wrong audience, wrong nonce,
//! expired, an old `auth_time`, low assurance, an unaccepted algorithm).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use chrono::{DateTime, TimeZone, Utc};
use cis2::Requirements;
use cis2::verify::{Expected, IdTokenError, verify_id_token};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use openidconnect::core::CoreJsonWebKeySet;
use serde_json::{Value, json};

const ISSUER: &str = "https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk:443/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare";
const CLIENT: &str = "999999999999.apps.national";
const NONCE: &str = "n-0S6_WzA2Mj";

struct Keys {
    key: EncodingKey,
    jwks: CoreJsonWebKeySet,
}

fn keys() -> Keys {
    let pem = gpconnect_pki::rsa_private_key_pem().unwrap();
    let key = EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap();
    let mut jwk = jsonwebtoken::jwk::Jwk::from_encoding_key(&key, Algorithm::RS256).unwrap();
    jwk.common.key_id = Some("k1".into());
    // No `alg` on the key: CIS2 signs RS256, and RS512 must be accepted as well (§1.5).
    jwk.common.key_algorithm = None;
    let jwks = serde_json::from_value(json!({"keys": [jwk]})).unwrap();
    Keys { key, jwks }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap()
}

fn claims() -> Value {
    let now = now().timestamp();
    json!({
        "iss": ISSUER, "sub": "555000000001", "aud": CLIENT, "azp": CLIENT,
        "iat": now - 5, "exp": now + 3600, "auth_time": now - 30, "nonce": NONCE,
        "acr": "AAL3_ANY", "amr": ["N3_SMARTCARD"],
        "id_assurance_level": 3, "authentication_assurance_level": "3",
        "selected_roleid": "555000000101", "given_name": "Claire", "family_name": "Jones"
    })
}

fn sign(keys: &Keys, claims: &Value, alg: Algorithm) -> String {
    let mut header = Header::new(alg);
    header.kid = Some("k1".into());
    header.typ = Some("JWT".into());
    jsonwebtoken::encode(&header, claims, &keys.key).unwrap()
}

fn expected() -> Expected<'static> {
    Expected {
        issuer: ISSUER,
        client_id: CLIENT,
        nonce: NONCE,
        requirements: Requirements::default(),
        now: now(),
    }
}

fn check(keys: &Keys, claims: &Value) -> Result<cis2::VerifiedIdToken, IdTokenError> {
    verify_id_token(
        &sign(keys, claims, Algorithm::RS256),
        &keys.jwks,
        &expected(),
    )
}

fn with(change: impl FnOnce(&mut Value)) -> Value {
    let mut c = claims();
    change(&mut c);
    c
}

#[test]
fn a_good_token_passes_with_levels_as_integer_or_string() {
    let keys = keys();
    let token = check(&keys, &claims()).unwrap();
    assert_eq!(token.subject, "555000000001");
    assert_eq!(token.issuer, ISSUER, "the :443 is kept");
    assert_eq!(token.id_assurance_level, 3);
    assert_eq!(token.authentication_assurance_level, 3);
    assert_eq!(token.selected_role_id.as_deref(), Some("555000000101"));
    assert_eq!(token.family_name.as_deref(), Some("Jones"));
    // RS512 is accepted too.
    let rs512 = sign(&keys, &claims(), Algorithm::RS512);
    assert!(verify_id_token(&rs512, &keys.jwks, &expected()).is_ok());
}

#[test]
fn a_bad_signature_is_refused() {
    let keys = keys();
    let other = self::keys();
    let token = sign(&other, &claims(), Algorithm::RS256);
    assert!(matches!(
        verify_id_token(&token, &keys.jwks, &expected()),
        Err(IdTokenError::Signature(_))
    ));
    // A token whose payload was changed after signing.
    let good = sign(&keys, &claims(), Algorithm::RS256);
    let parts: Vec<&str> = good.split('.').collect();
    let forged_payload = {
        use base64::Engine;
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        engine.encode(serde_json::to_vec(&with(|c| c["sub"] = json!("999"))).unwrap())
    };
    let forged = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    assert!(matches!(
        verify_id_token(&forged, &keys.jwks, &expected()),
        Err(IdTokenError::Signature(_))
    ));
}

#[test]
fn an_unaccepted_algorithm_is_refused() {
    let keys = keys();
    let hs = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims(),
        &EncodingKey::from_secret(b"secret").unwrap(),
    )
    .unwrap();
    assert!(matches!(
        verify_id_token(&hs, &keys.jwks, &expected()),
        Err(IdTokenError::Signature(_))
    ));
}

#[test]
fn another_issuer_is_refused_even_without_only_the_port() {
    let keys = keys();
    let without_port = ISSUER.replace(":443", "");
    for issuer in [
        without_port.as_str(),
        "https://am.nhsidentity.spineservices.nhs.uk:443/x",
    ] {
        let error = check(&keys, &with(|c| c["iss"] = json!(issuer))).unwrap_err();
        assert!(
            matches!(error, IdTokenError::Issuer(_)),
            "{issuer}: {error}"
        );
    }
}

#[test]
fn another_audience_is_refused() {
    let keys = keys();
    let error = check(
        &keys,
        &with(|c| c["aud"] = json!("111111111111.apps.national")),
    );
    assert!(matches!(error, Err(IdTokenError::Audience(_))), "{error:?}");
}

#[test]
fn another_nonce_or_none_is_refused() {
    let keys = keys();
    let error = check(&keys, &with(|c| c["nonce"] = json!("replayed")));
    assert!(matches!(error, Err(IdTokenError::Nonce(_))), "{error:?}");
    let error = check(
        &keys,
        &with(|c| {
            c.as_object_mut().unwrap().remove("nonce");
        }),
    );
    assert!(matches!(error, Err(IdTokenError::Nonce(_))), "{error:?}");
}

#[test]
fn an_expired_token_is_refused() {
    let keys = keys();
    let error = check(&keys, &with(|c| c["exp"] = json!(now().timestamp() - 1)));
    assert!(matches!(error, Err(IdTokenError::Expired(_))), "{error:?}");
}

#[test]
fn an_old_or_missing_auth_time_is_refused() {
    let keys = keys();
    let error = check(
        &keys,
        &with(|c| c["auth_time"] = json!(now().timestamp() - 3600)),
    );
    assert!(matches!(error, Err(IdTokenError::AuthTime(_))), "{error:?}");
    let error = check(
        &keys,
        &with(|c| {
            c.as_object_mut().unwrap().remove("auth_time");
        }),
    );
    assert!(matches!(error, Err(IdTokenError::AuthTime(_))), "{error:?}");
}

#[test]
fn low_assurance_is_refused_naming_the_level() {
    let keys = keys();
    let error = check(&keys, &with(|c| c["id_assurance_level"] = json!("1"))).unwrap_err();
    assert_eq!(
        error,
        IdTokenError::AssuranceTooLow {
            claim: "id_assurance_level",
            found: Some(1),
            required: 3
        }
    );
    assert!(error.to_string().contains("requires at least 3"), "{error}");
    let error = check(
        &keys,
        &with(|c| c["authentication_assurance_level"] = json!(1)),
    )
    .unwrap_err();
    assert!(matches!(
        error,
        IdTokenError::AssuranceTooLow {
            claim: "authentication_assurance_level",
            found: Some(1),
            required: 2
        }
    ));
    let error = check(
        &keys,
        &with(|c| {
            c.as_object_mut().unwrap().remove("id_assurance_level");
        }),
    )
    .unwrap_err();
    assert!(matches!(
        error,
        IdTokenError::AssuranceTooLow { found: None, .. }
    ));
}

#[test]
fn garbage_is_malformed() {
    let keys = keys();
    assert!(matches!(
        verify_id_token("not.a.jwt", &keys.jwks, &expected()),
        Err(IdTokenError::Malformed(_))
    ));
}
