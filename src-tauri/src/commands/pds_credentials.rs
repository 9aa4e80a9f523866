//! The application's credentials for tracing on PDS, per environment, in the keyring: its
//! private key (PEM, RSA; imported from the file chosen in the dialog) and its API key on
//! the NHS API platform; and the public key to register, as a JWKS. Never returned.
//!
//! Source: `nhs-identity-pds.md` §2.3 (the client assertion: RS512, `iss` = `sub` = the API
//! key, the key registered as a JWKS with the application).

use gpconnect::secret::Sensitive;

use super::credentials::read;
use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::secrets::CredentialKind;
use crate::state::{AppState, blocking};
use crate::views::AppStatus;

/// Reads the application's PDS private key from `path` (only the file the user chose in the
/// dialog), checks it can sign the client assertion, and stores it in the keyring for the
/// environment in use.
///
/// Errors: VALIDATION for a file that is not an RSA private key; KEYRING.
pub async fn import_pds_key(state: &AppState, path: String) -> CommandResult<AppStatus> {
    let pem = cis2::Secret::new(read(
        state,
        CredentialKind::PdsClientKey,
        &path,
        "PDS private key",
    )?);
    cis2::assertion::check_key(&pem).map_err(|e| CommandError::invalid(format!("{e}.")))?;
    let (keyring, environment) = (state.keyring().clone(), state.settings().environment);
    let pem = Sensitive::new(pem.into_inner());
    blocking(move || keyring.set_pds_client_key(environment, &pem)).await?;
    state.forget_pds_client().await;
    state.status().await
}

/// Stores the application's API key for PDS of the environment in use (empty removes it).
///
/// Errors: KEYRING.
pub async fn save_pds_api_key(state: &AppState, key: String) -> CommandResult<AppStatus> {
    let (keyring, environment) = (state.keyring().clone(), state.settings().environment);
    let key = Sensitive::new(key);
    blocking(move || keyring.set_pds_api_key(environment, &key)).await?;
    state.forget_pds_client().await;
    state.status().await
}

/// The public half of the stored PDS private key as a JWKS document (JSON text), with the
/// key ID from the settings: what the site registers with its NHS API platform application.
///
/// Errors: NOT_CONFIGURED without a stored key; VALIDATION for an unusable key; KEYRING.
pub async fn pds_public_jwks(state: &AppState) -> CommandResult<String> {
    let settings = state.settings();
    let (keyring, environment) = (state.keyring().clone(), settings.environment);
    let pem = blocking(move || keyring.pds_client_key(environment))
        .await?
        .ok_or_else(|| {
            CommandError::new(ErrorCode::NotConfigured, "No PDS private key is stored.")
        })?;
    let jwks = cis2::assertion::public_jwks(
        &cis2::Secret::new(pem.into_inner()),
        settings.pds.key_id.trim(),
        cis2::AssertionAlgorithm::Rs512,
    )
    .map_err(|e| CommandError::invalid(format!("{e}.")))?;
    serde_json::to_string_pretty(&jwks)
        .map_err(|e| CommandError::new(ErrorCode::Unexpected, e.to_string()))
}
