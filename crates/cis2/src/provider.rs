//! One CIS2 environment, discovered: its metadata and signing keys (OpenID Connect
//! Discovery, fetched with `openidconnect`, which also refuses a document whose `issuer` is
//! not ours byte for byte), the authorization request (code flow, PKCE S256, `state`,
//! `nonce`, `prompt=login`, `max_age`, `acr_values`), the token request with the client
//! authenticated by a signed assertion or a secret, then the ID token and userinfo checks.
//!
//! Belongs here: the protocol. Opening the browser and listening for the redirect are in
//! `browser` and `loopback`; [`crate::sign_in`] puts them together.
//!
//! Source: `nhs-identity-pds.md` §1.1, §1.2, §1.3, §1.5.

use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreProviderMetadata,
    CoreRevocableToken, CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AsyncHttpClient, AuthenticationContextClass, AuthenticationFlow, AuthorizationCode, ClientId,
    ClientSecret, CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    HttpRequest, HttpResponse, IdTokenFields, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope,
    StandardErrorResponse, StandardTokenResponse, TokenResponse,
};

use crate::assertion::{CLIENT_ASSERTION_TYPE, client_assertion};
use crate::claims::Cis2Claims;
use crate::config::{ClientAuth, ProviderConfig};
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::session::SignIn;
use crate::userinfo::parse_userinfo;
use crate::verify::{Expected, verify_id_token};

type Cis2TokenResponse = StandardTokenResponse<
    IdTokenFields<
        Cis2Claims,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;

type Cis2Client = openidconnect::Client<
    Cis2Claims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Cis2TokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// `openidconnect`'s HTTP calls made with this crate's `reqwest` client (no redirects
/// followed, the configured time limit, TLS verified against the platform's roots).
struct Http(reqwest::Client);

/// Why an HTTP call failed.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct HttpError(String);

impl<'c> AsyncHttpClient<'c> for Http {
    type Error = HttpError;
    type Future =
        Pin<Box<dyn Future<Output = std::result::Result<HttpResponse, HttpError>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let response = self
                .0
                .request(parts.method, parts.uri.to_string())
                .headers(parts.headers)
                .body(body)
                .send()
                .await
                .map_err(|e| HttpError(describe(&e)))?;
            let mut builder = http_response(response.status().as_u16());
            for (name, value) in response.headers() {
                builder = builder.header(name, value);
            }
            let body = response
                .bytes()
                .await
                .map_err(|e| HttpError(describe(&e)))?;
            builder
                .body(body.to_vec())
                .map_err(|e| HttpError(e.to_string()))
        })
    }
}

fn http_response(status: u16) -> openidconnect::http::response::Builder {
    openidconnect::http::Response::builder().status(status)
}

/// A reqwest error in words, with its cause (e.g. "connection refused").
fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The HTTP client for a CIS2 environment: `https://` only (plain `http://` to a loopback
/// address only when the configuration allows it, for the simulator), redirects never
/// followed, the platform's trusted roots.
///
/// Errors: [`Error::Configuration`].
fn http_client(config: &ProviderConfig) -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .https_only(!config.allow_loopback_http)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(config.request_timeout)
        .connect_timeout(config.request_timeout)
        .no_proxy()
        .user_agent(concat!(
            "gp-connect-booking-cis2/",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
        .map_err(|e| Error::Configuration(format!("the HTTP client could not be set up: {e}")))
}

/// Checks the issuer is `https://`, or `http://` on a loopback address when allowed.
fn check_issuer(config: &ProviderConfig) -> Result<IssuerUrl> {
    let issuer = IssuerUrl::new(config.issuer.clone()).map_err(|e| {
        Error::Configuration(format!(
            "the CIS2 issuer {} is not a URL ({e})",
            config.issuer
        ))
    })?;
    let url = issuer.url();
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match url.scheme() {
        "https" => Ok(issuer),
        "http" if loopback && config.allow_loopback_http => Ok(issuer),
        _ => Err(Error::Configuration(format!(
            "the CIS2 issuer must be an https:// address, not {}",
            config.issuer
        ))),
    }
}

/// An authorization request on its way: the address to open in the browser, and what the
/// answer must match. Dropped after one use.
#[derive(Debug)]
pub struct PendingSignIn {
    /// The authorization URL to open in the browser.
    pub url: String,
    /// The redirect URI it names.
    pub redirect_uri: String,
    state: Secret<String>,
    verifier: Secret<String>,
    nonce: Secret<String>,
}

impl PendingSignIn {
    /// The `state` value the redirect must carry back.
    pub fn state(&self) -> &str {
        self.state.expose()
    }
}

/// What came back to the redirect URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    /// `code`.
    pub code: Secret<String>,
    /// `state`.
    pub state: String,
}

/// A discovered CIS2 environment.
#[derive(Debug)]
pub struct Provider {
    config: ProviderConfig,
    metadata: CoreProviderMetadata,
    http: Http,
}

impl std::fmt::Debug for Http {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Http")
    }
}

impl Provider {
    /// Reads the environment's discovery document and keys
    /// (`{issuer}/.well-known/openid-configuration`, then `jwks_uri`).
    ///
    /// Errors: [`Error::Configuration`] for an unusable issuer or client ID;
    /// [`Error::Provider`] when the documents cannot be fetched or read, or the document's
    /// `issuer` is not the configured one byte for byte.
    pub async fn discover(config: ProviderConfig) -> Result<Self> {
        if config.client_id.trim().is_empty() {
            return Err(Error::Configuration(
                "no CIS2 client ID is configured for this environment".to_owned(),
            ));
        }
        let issuer = check_issuer(&config)?;
        let http = Http(http_client(&config)?);
        let metadata = CoreProviderMetadata::discover_async(issuer, &http)
            .await
            .map_err(|e| Error::Provider(discovery_error(&e)))?;
        if metadata.token_endpoint().is_none() {
            return Err(Error::Provider(
                "the discovery document names no token endpoint".to_owned(),
            ));
        }
        Ok(Self {
            config,
            metadata,
            http,
        })
    }

    /// The configuration this provider was discovered with.
    pub fn config(&self) -> &ProviderConfig {
        &self.config
    }

    /// The token endpoint, exactly as discovery gives it.
    pub fn token_endpoint(&self) -> Option<&str> {
        self.metadata.token_endpoint().map(|t| t.as_str())
    }

    fn client(&self, redirect_uri: &str) -> Result<Cis2Client> {
        let secret = match &self.config.client_auth {
            ClientAuth::ClientSecret(secret) => Some(ClientSecret::new(secret.expose().clone())),
            ClientAuth::PrivateKeyJwt { .. } => None,
        };
        let redirect = RedirectUrl::new(redirect_uri.to_owned())
            .map_err(|e| Error::Configuration(format!("the redirect URI is not a URL ({e})")))?;
        Ok(Cis2Client::from_provider_metadata(
            self.metadata.clone(),
            ClientId::new(self.config.client_id.clone()),
            secret,
        )
        .set_redirect_uri(redirect))
    }

    /// A new authorization request redirecting to `redirect_uri`: code flow, PKCE (S256),
    /// fresh `state` and `nonce`, the configured scopes, `prompt=login` (CIS2 asks for it
    /// with `selectedrole`), `max_age` and `acr_values`.
    ///
    /// Errors: [`Error::Configuration`].
    pub fn begin(&self, redirect_uri: &str) -> Result<PendingSignIn> {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let client = self.client(redirect_uri)?;
        let mut request = client
            .authorize_url(
                AuthenticationFlow::<openidconnect::core::CoreResponseType>::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge)
            .add_prompt(CoreAuthPrompt::Login)
            .set_max_age(self.config.requirements.max_auth_age);
        for scope in self.config.scopes() {
            if scope != "openid" {
                request = request.add_scope(Scope::new(scope));
            }
        }
        if let Some(acr) = &self.config.acr_values {
            request = request.add_auth_context_value(AuthenticationContextClass::new(acr.clone()));
        }
        let (url, state, nonce) = request.url();
        Ok(PendingSignIn {
            url: url.to_string(),
            redirect_uri: redirect_uri.to_owned(),
            state: Secret::new(state.secret().clone()),
            verifier: Secret::new(verifier.secret().clone()),
            nonce: Secret::new(nonce.secret().clone()),
        })
    }

    /// Completes a sign-in: checks `state`, exchanges the code (with the PKCE verifier and
    /// the client's authentication), validates the ID token at `now`, reads userinfo and
    /// checks it belongs to the same user.
    ///
    /// Errors: [`Error::Callback`] for another `state`; [`Error::Refused`] when the token
    /// endpoint refuses; [`Error::IdToken`] and [`Error::UserInfo`] for the checks;
    /// [`Error::Provider`] when an endpoint cannot be reached or read.
    pub async fn complete(
        &self,
        pending: &PendingSignIn,
        callback: &Callback,
        now: DateTime<Utc>,
    ) -> Result<SignIn> {
        if callback.state != *pending.state.expose() {
            return Err(Error::Callback(
                "it answers another sign-in (state differs)".to_owned(),
            ));
        }
        let client = self.client(&pending.redirect_uri)?;
        let mut request = client
            .exchange_code(AuthorizationCode::new(callback.code.expose().clone()))
            .map_err(|e| Error::Configuration(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.expose().clone()));
        if let ClientAuth::PrivateKeyJwt {
            key_pem,
            key_id,
            algorithm,
        } = &self.config.client_auth
        {
            let audience = self.token_endpoint().unwrap_or_default();
            let assertion = client_assertion(
                &self.config.client_id,
                audience,
                key_pem,
                key_id,
                *algorithm,
                now,
            )?;
            request = request
                .add_extra_param("client_assertion_type", CLIENT_ASSERTION_TYPE)
                .add_extra_param("client_assertion", assertion.into_inner());
        }
        let response = request
            .request_async(&self.http)
            .await
            .map_err(token_error)?;
        let id_token = response
            .id_token()
            .ok_or_else(|| Error::Provider("the token response holds no ID token".to_owned()))?
            .to_string();
        let claims = verify_id_token(
            &id_token,
            self.metadata.jwks(),
            &Expected {
                issuer: &self.config.issuer,
                client_id: &self.config.client_id,
                nonce: pending.nonce.expose(),
                requirements: self.config.requirements,
                now,
            },
        )?;
        let access_token = response.access_token().secret().clone();
        let user_info = self.user_info(&access_token, &claims.subject).await?;
        let access_expiry = response
            .expires_in()
            .and_then(|d| chrono::Duration::from_std(d).ok())
            .map(|d| now + d);
        let expires_at = access_expiry.unwrap_or(claims.expires_at);
        Ok(SignIn {
            issuer: self.config.issuer.clone(),
            client_id: self.config.client_id.clone(),
            id_token: Secret::new(id_token),
            access_token: Secret::new(access_token),
            expires_at,
            claims,
            user_info,
        })
    }

    async fn user_info(
        &self,
        access_token: &str,
        subject: &str,
    ) -> Result<crate::userinfo::UserInfo> {
        let url = self.metadata.userinfo_endpoint().ok_or_else(|| {
            Error::Provider("the discovery document names no userinfo endpoint".to_owned())
        })?;
        let response = self
            .http
            .0
            .get(url.as_str())
            .bearer_auth(access_token)
            .header("accept", "application/json")
            .send()
            .await
            .map_err(|e| Error::Provider(format!("userinfo: {}", describe(&e))))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| Error::Provider(format!("userinfo: {}", describe(&e))))?;
        if !status.is_success() {
            return Err(Error::Provider(format!("userinfo answered HTTP {status}")));
        }
        Ok(parse_userinfo(&body, subject)?)
    }
}

fn discovery_error<E: std::error::Error + 'static>(
    error: &openidconnect::DiscoveryError<E>,
) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn token_error(
    error: RequestTokenError<HttpError, StandardErrorResponse<CoreErrorResponseType>>,
) -> Error {
    match error {
        RequestTokenError::ServerResponse(response) => Error::Refused {
            error: response.error().to_string(),
            description: response.error_description().cloned(),
        },
        RequestTokenError::Request(e) => Error::Provider(format!("token endpoint: {e}")),
        RequestTokenError::Parse(e, _) => {
            Error::Provider(format!("the token response could not be read: {e}"))
        }
        RequestTokenError::Other(e) => Error::Provider(format!("token endpoint: {e}")),
    }
}
