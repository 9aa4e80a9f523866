//! A wrapper for tokens and keys so that they cannot reach a log or a payload by accident:
//! `Debug` prints `<redacted>` and there is no `Serialize`. Read the value with
//! [`Secret::expose`] only where it is consumed (an HTTP header, the keyring).

use std::fmt;

/// Holds a secret: a private key PEM, a client secret, an ID or access token.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps a secret.
    pub fn new(secret: T) -> Self {
        Self(secret)
    }

    /// The secret itself.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the secret.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let token = Secret::new("eyJhbGciOi".to_owned());
        assert_eq!(format!("{token:?}"), "<redacted>");
        assert_eq!(token.expose(), "eyJhbGciOi");
    }
}
