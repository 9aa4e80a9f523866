//! One error type for a sign-in, with a variant per stage so that the app can say what went
//! wrong: discovery, the browser step, the token endpoint's refusal, the ID token, userinfo,
//! or the user's roles. Messages never carry a token, key or secret.

use crate::assertion::AssertionError;
use crate::userinfo::UserInfoError;
use crate::verify::IdTokenError;

/// Why a sign-in did not complete.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The environment's configuration cannot be used (issuer not https, no client ID, …).
    #[error("{0}")]
    Configuration(String),
    /// The provider could not be reached or answered with something other than what OpenID
    /// Connect expects (discovery, keys, token endpoint, userinfo).
    #[error("NHS CIS2 could not be reached or answered unexpectedly: {0}")]
    Provider(String),
    /// The provider refused the request: an OAuth error (`invalid_client` when the client
    /// assertion is refused, `invalid_grant` for a used or expired code, `access_denied` when
    /// the user refused).
    #[error("NHS CIS2 refused the sign-in: {error}{}", description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Refused {
        /// The OAuth error code.
        error: String,
        /// `error_description`, when given.
        description: Option<String>,
    },
    /// The redirect did not answer this sign-in (another `state`), or carried no code.
    #[error("the sign-in answer could not be used: {0}")]
    Callback(String),
    /// No answer came back from the browser in time, or the sign-in was cancelled.
    #[error("the sign-in was not completed in the browser")]
    NotCompleted,
    /// The loopback port could not be opened (another program holds it).
    #[error("the sign-in could not listen on 127.0.0.1:{port} ({message})")]
    Listen {
        /// The configured port.
        port: u16,
        /// Why.
        message: String,
    },
    /// The system browser could not be opened.
    #[error("the browser could not be opened ({0}); open the address shown instead")]
    Browser(String),
    /// The client assertion could not be made (the site's key).
    #[error(transparent)]
    Assertion(#[from] AssertionError),
    /// The ID token was refused.
    #[error(transparent)]
    IdToken(#[from] IdTokenError),
    /// The userinfo response was refused.
    #[error(transparent)]
    UserInfo(#[from] UserInfoError),
}

/// `Result` with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
