//! Sign-in with NHS Care Identity Service 2 (CIS2), the NHS's OpenID Connect provider for
//! health and care staff, for a native desktop app and a command line.
//!
//! The flow (RFC 8252, OpenID Connect Core): [`Provider::discover`] reads the environment's
//! discovery document and keys; [`sign_in`] opens a [`LoopbackListener`] on the registered
//! port, opens the authorization URL (code flow, PKCE, `state`, `nonce`) in the system
//! [`Browser`], waits for the redirect, exchanges the code with the client authenticated by
//! a signed assertion ([`assertion`]) or a secret, validates the ID token ([`verify`]) and
//! reads userinfo ([`userinfo`]). The result is a [`SignIn`]; [`SignIn::role_choice`] decides
//! the role the session works in.
//!
//! | Module | What |
//! |---|---|
//! | [`config`] | issuer, client, redirect port, scopes, required assurance |
//! | [`provider`] | discovery, authorization request, token request |
//! | [`verify`] | ID-token checks, one error per check |
//! | [`claims`] | CIS2's own ID-token claims (assurance levels, `selected_roleid`) |
//! | [`userinfo`] | roles (`nhsid_nrbac_roles`), organisations, `sub` checks |
//! | [`session`] | the signed-in user, role choice, the stored session of `gpc` |
//! | [`assertion`] | the `private_key_jwt` client assertion (RS512) and the site's JWKS |
//! | [`loopback`], [`browser`] | the redirect listener and opening the browser |
//!
//! What is ours and what is a library's: discovery, PKCE, nonce and `state` generation and
//! the standard ID-token checks are `openidconnect`'s; JWT signing is `jsonwebtoken`'s; the
//! CIS2 rules (assurance levels as integer or string, `auth_time` age, `selected_roleid`,
//! roles, userinfo `sub`) are here. No Tauri. Source: `nhs-identity-pds.md` §1.

pub mod assertion;
pub mod browser;
pub mod claims;
pub mod config;
pub mod error;
pub mod loopback;
pub mod provider;
pub mod secret;
pub mod session;
pub mod userinfo;
pub mod verify;

use std::time::Duration;

pub use browser::Browser;
pub use config::{AssertionAlgorithm, ClientAuth, ProviderConfig, Requirements};
pub use error::{Error, Result};
pub use loopback::LoopbackListener;
pub use provider::{Callback, PendingSignIn, Provider};
pub use secret::Secret;
pub use session::{Cis2User, RoleChoice, RoleError, SignIn, StoredSession};
pub use userinfo::{NationalRole, UserInfo, UserOrganisation};
pub use verify::{IdTokenError, VerifiedIdToken};

/// How long the browser step may take before the sign-in gives up.
pub const BROWSER_TIMEOUT: Duration = Duration::from_secs(300);

/// Signs a user in through the browser: listens on the configured loopback port (0: any
/// free port, for the simulator's stand-in, which accepts any loopback port), hands the
/// authorization URL to `open` (the system browser, a test's driver, or the app acting as
/// the browser in demo mode), waits up to `timeout` for the redirect, and completes the
/// sign-in at the time `now` gives when the answer arrives.
///
/// Errors: [`Error::Listen`] when the port is taken; whatever `open` returns;
/// [`Error::NotCompleted`] after `timeout`; then as [`Provider::complete`].
pub async fn sign_in<F>(
    provider: &Provider,
    open: F,
    timeout: Duration,
    now: impl Fn() -> chrono::DateTime<chrono::Utc>,
) -> Result<SignIn>
where
    F: FnOnce(&PendingSignIn) -> Result<()>,
{
    let listener = LoopbackListener::bind(provider.config().redirect_port).await?;
    let pending = provider.begin(&listener.redirect_uri())?;
    open(&pending)?;
    let callback = listener.wait(timeout).await?;
    provider.complete(&pending, &callback, now()).await
}
