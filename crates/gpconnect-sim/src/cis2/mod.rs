//! A stand-in for NHS Care Identity Service 2 (CIS2), the OpenID Connect provider, so that
//! sign-in works with no NHS network: discovery, the signing keys (JWKS), an authorize page
//! listing the demo users and their roles (usable in a browser and by a test), the token
//! endpoint (authorization code with the PKCE verifier checked and the client authenticated
//! by a signed assertion, `private_key_jwt`, or a client secret) and userinfo.
//!
//! Served on its own plain-HTTP listener on 127.0.0.1 (see [`crate::Simulator`]): a browser
//! must reach the authorize page, and the simulator's main server asks every caller for a
//! client certificate a browser does not have. Paths mimic CIS2's realm:
//!
//! | Path under [`REALM_PATH`] | What |
//! |---|---|
//! | `/.well-known/openid-configuration` | discovery |
//! | `/connect/jwk_uri` | the stand-in's public signing key |
//! | `/authorize` (GET, POST) | the sign-in page; the chosen user and role |
//! | `/access_token` (POST) | the token endpoint |
//! | `/userinfo` | the user's name, roles and organisations |
//!
//! and `PUT /admin/token-lifetime` (`{"seconds": n}`) for tests of session expiry.
//!
//! An independent reading of `nhs-identity-pds.md` §1 and RFC 6749/7636/7523: it shares no
//! code with the client crate `cis2` (generic JOSE from `jsonwebtoken` only).

mod authorize;
pub mod browser;
mod token;
pub mod users;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};
use jsonwebtoken::{DecodingKey, EncodingKey};
use serde::Serialize;

use crate::time::Clock;
pub use users::{DemoRole, DemoUser, Level, demo_users};

/// The realm path, as CIS2's (§1.1): the issuer is `http://127.0.0.1:{port}` + this.
pub const REALM_PATH: &str = "/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare";

/// The demo client's ID (the form of `999999999999.apps.national`, §1.1).
pub const DEMO_CLIENT_ID: &str = "200000000001.apps.national";

/// The `kid` of the demo client's key.
pub const DEMO_CLIENT_KEY_ID: &str = "gpconnect-booking-demo-1";

/// A second demo client that authenticates with a client secret.
pub const DEMO_SECRET_CLIENT_ID: &str = "200000000002.apps.national";

/// That client's secret.
pub const DEMO_CLIENT_SECRET: &str = "demo-cis2-client-secret";

/// Seconds an issued access token (and the ID token) lasts by default.
pub const DEFAULT_TOKEN_LIFETIME_SECONDS: i64 = 3600;

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How a registered client authenticates at the token endpoint.
pub enum ClientKey {
    /// `private_key_jwt` with this public key (any `kid`).
    PublicKey(DecodingKey),
    /// `client_secret_post` or `client_secret_basic`.
    Secret(String),
}

impl std::fmt::Debug for ClientKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::PublicKey(_) => "PublicKey",
            Self::Secret(_) => "Secret(<redacted>)",
        })
    }
}

/// A client registered with the stand-in.
#[derive(Debug)]
pub struct RegisteredClient {
    /// Client ID.
    pub client_id: String,
    /// How it authenticates.
    pub key: ClientKey,
}

/// A completed sign-in, as the stand-in recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInRecord {
    /// The user's UID (`sub`).
    pub uid: String,
    /// The role chosen (`selected_roleid`).
    pub role_id: String,
    /// The role's organisation.
    pub org_code: String,
    /// The client.
    pub client_id: String,
    /// When the tokens were issued.
    pub issued_at: DateTime<Utc>,
}

/// What an authorization code or access token stands for.
#[derive(Debug, Clone)]
struct Grant {
    client_id: String,
    redirect_uri: String,
    code_challenge: String,
    nonce: String,
    uid: String,
    role_id: String,
    auth_time: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

/// The stand-in's state.
pub struct Cis2 {
    issuer: String,
    signing_key: EncodingKey,
    signing_kid: String,
    jwks: serde_json::Value,
    clients: Vec<RegisteredClient>,
    users: Vec<DemoUser>,
    codes: Mutex<HashMap<String, Grant>>,
    access_tokens: Mutex<HashMap<String, Grant>>,
    assertion_ids: Mutex<HashSet<String>>,
    sign_ins: Mutex<Vec<SignInRecord>>,
    token_lifetime: Mutex<i64>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Cis2 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cis2")
            .field("issuer", &self.issuer)
            .field("clients", &self.clients)
            .finish_non_exhaustive()
    }
}

/// Why the stand-in could not be set up.
#[derive(Debug, thiserror::Error)]
#[error("CIS2 stand-in: {0}")]
pub struct Cis2Error(String);

impl Cis2 {
    /// A stand-in at `base_url` (`http://127.0.0.1:{port}`) signing with the RSA key
    /// `signing_key_pem` (PKCS#8), with these clients and the demo users.
    ///
    /// Errors: [`Cis2Error`] for a key that cannot sign.
    pub fn new(
        base_url: &str,
        signing_key_pem: &str,
        clients: Vec<RegisteredClient>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, Cis2Error> {
        let signing_key = EncodingKey::from_rsa_pem(signing_key_pem.as_bytes())
            .map_err(|e| Cis2Error(e.to_string()))?;
        let signing_kid = "cis2-stand-in-1".to_owned();
        let mut jwk =
            jsonwebtoken::jwk::Jwk::from_encoding_key(&signing_key, jsonwebtoken::Algorithm::RS256)
                .map_err(|e| Cis2Error(e.to_string()))?;
        jwk.common.key_id = Some(signing_kid.clone());
        jwk.common.public_key_use = Some(jsonwebtoken::jwk::PublicKeyUse::Signature);
        Ok(Self {
            issuer: format!("{base_url}{REALM_PATH}"),
            signing_key,
            signing_kid,
            jwks: serde_json::json!({ "keys": [jwk] }),
            clients,
            users: demo_users(),
            codes: Mutex::new(HashMap::new()),
            access_tokens: Mutex::new(HashMap::new()),
            assertion_ids: Mutex::new(HashSet::new()),
            sign_ins: Mutex::new(Vec::new()),
            token_lifetime: Mutex::new(DEFAULT_TOKEN_LIFETIME_SECONDS),
            clock,
        })
    }

    /// The issuer, exactly as in discovery and ID tokens.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The public signing keys (JWKS), as served at `/connect/jwk_uri`.
    pub fn jwks(&self) -> &serde_json::Value {
        &self.jwks
    }

    /// The demo users.
    pub fn users(&self) -> &[DemoUser] {
        &self.users
    }

    /// Completed sign-ins, oldest first.
    pub fn sign_ins(&self) -> Vec<SignInRecord> {
        lock(&self.sign_ins).clone()
    }

    /// Sets how long tokens issued from now on last (tests of session expiry).
    pub fn set_token_lifetime(&self, seconds: i64) {
        *lock(&self.token_lifetime) = seconds;
    }

    fn endpoint(&self, path: &str) -> String {
        format!("{}{path}", self.issuer)
    }

    fn user(&self, uid: &str) -> Option<&DemoUser> {
        self.users.iter().find(|u| u.uid == uid)
    }

    fn client(&self, id: &str) -> Option<&RegisteredClient> {
        self.clients.iter().find(|c| c.client_id == id)
    }
}

/// The stand-in's routes.
pub fn router(cis2: Arc<Cis2>) -> Router {
    Router::new()
        .route(
            &format!("{REALM_PATH}/.well-known/openid-configuration"),
            get(discovery),
        )
        .route(&format!("{REALM_PATH}/connect/jwk_uri"), get(jwks))
        .route(
            &format!("{REALM_PATH}/authorize"),
            get(authorize::page).post(authorize::choose),
        )
        .route(
            &format!("{REALM_PATH}/access_token"),
            axum::routing::post(token::token),
        )
        .route(&format!("{REALM_PATH}/userinfo"), get(token::userinfo))
        .route("/admin/token-lifetime", axum::routing::put(token_lifetime))
        .with_state(cis2)
}

/// `GET …/.well-known/openid-configuration`.
async fn discovery(State(cis2): State<Arc<Cis2>>) -> Response {
    Json(serde_json::json!({
        "issuer": cis2.issuer,
        "authorization_endpoint": cis2.endpoint("/authorize"),
        "token_endpoint": cis2.endpoint("/access_token"),
        "userinfo_endpoint": cis2.endpoint("/userinfo"),
        "jwks_uri": cis2.endpoint("/connect/jwk_uri"),
        "end_session_endpoint": cis2.endpoint("/connect/endSession"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["private_key_jwt", "client_secret_post", "client_secret_basic"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS512", "RS256"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["openid", "profile", "email", "nhsperson", "associatedorgs", "nationalrbacaccess", "selectedrole"],
        "claims_supported": ["sub", "uid", "name", "given_name", "family_name", "title", "nhsid_useruid",
            "nhsid_nrbac_roles", "nhsid_user_orgs", "selected_roleid", "id_assurance_level",
            "authentication_assurance_level", "auth_time", "acr", "amr"],
        "acr_values_supported": ["AAL1_USERPASS", "AAL2_OR_AAL3_ANY", "AAL3_ANY"]
    }))
    .into_response()
}

/// `PUT /admin/token-lifetime` with `{"seconds": n}`: tokens issued from now on last `n`
/// seconds (tests of session expiry). Loopback only, like everything here.
async fn token_lifetime(
    State(cis2): State<Arc<Cis2>>,
    Json(body): Json<serde_json::Value>,
) -> Response {
    match body.get("seconds").and_then(serde_json::Value::as_i64) {
        Some(seconds) if seconds > 0 => {
            cis2.set_token_lifetime(seconds);
            axum::http::StatusCode::NO_CONTENT.into_response()
        }
        _ => (
            axum::http::StatusCode::BAD_REQUEST,
            "seconds must be a positive integer",
        )
            .into_response(),
    }
}

/// `GET …/connect/jwk_uri`.
async fn jwks(State(cis2): State<Arc<Cis2>>) -> Response {
    Json(cis2.jwks.clone()).into_response()
}
