//! Files the user chooses in native dialogs: importing the client certificate, key and
//! trusted CA, and the CIS2 client's private key, into the keyring; the CIS2 client secret;
//! and saving exports.

use std::path::Path;

use gpconnect::secret::Sensitive;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::secrets::{
    CertificateInfo, CredentialKind, PemSet, certificate_info, check, check_chain,
};
use crate::state::{AppState, blocking};
use crate::views::{AppStatus, CredentialFiles};

/// Opens the native file dialog for one credential file; `null` when cancelled.
///
/// Errors: DIALOG.
pub async fn choose_credential_file<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    kind: CredentialKind,
) -> CommandResult<Option<String>> {
    let title = match kind {
        CredentialKind::ClientCertificate => "Choose the client certificate (PEM)",
        CredentialKind::ClientKey => "Choose the client private key (PEM)",
        CredentialKind::TrustedCa => "Choose the trusted CA certificates (PEM)",
        CredentialKind::Cis2ClientKey => "Choose the site's CIS2 private key (PEM)",
        CredentialKind::PdsClientKey => "Choose the application's PDS private key (PEM)",
    };
    let (sender, receiver) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(title)
        .add_filter("PEM", &["pem", "crt", "cer", "key"])
        .pick_file(move |path| {
            let _ = sender.send(path.and_then(|p| p.into_path().ok()));
        });
    let path = receiver
        .await
        .map_err(|e| CommandError::new(ErrorCode::Dialog, e.to_string()))?;
    if let Some(path) = &path {
        state.choose_file(kind, path.clone());
    }
    Ok(path.map(|p| p.display().to_string()))
}

/// Reads the file at `path`, only when it is the one the user chose in the dialog for
/// `kind` (the web view cannot make the app read any other file).
pub(crate) fn read(
    state: &AppState,
    kind: CredentialKind,
    path: &str,
    what: &str,
) -> CommandResult<String> {
    if !state.was_chosen(kind, Path::new(path)) {
        return Err(CommandError::fields(
            &format!("Choose the {what} file with its Choose button."),
            vec![gpconnect::FieldError {
                field: match kind {
                    CredentialKind::ClientCertificate => "certificate",
                    CredentialKind::ClientKey => "key",
                    CredentialKind::TrustedCa => "trustedCa",
                    CredentialKind::Cis2ClientKey => "cis2ClientKey",
                    CredentialKind::PdsClientKey => "pdsClientKey",
                }
                .to_owned(),
                message: format!("Choose the {what} file with its Choose button."),
            }],
        ));
    }
    std::fs::read_to_string(Path::new(path))
        .map_err(|e| CommandError::invalid(format!("The {what} file could not be read: {e}")))
}

/// Reads the three PEM files (only the ones the user chose in the dialog), checks they make a
/// usable identity (the key matches the certificate; every certificate valid now; the CA
/// file holds only the chain that issued the client certificate, never a set of public
/// roots), stores them in the keyring for the current mode and returns the certificate's
/// subject and expiry. The key is never returned or logged.
///
/// Errors: VALIDATION naming the file at fault; KEYRING.
pub async fn import_credentials(
    state: &AppState,
    files: CredentialFiles,
) -> CommandResult<CertificateInfo> {
    let set = PemSet {
        certificate: read(
            state,
            CredentialKind::ClientCertificate,
            &files.certificate,
            "certificate",
        )?,
        key: Sensitive::new(read(
            state,
            CredentialKind::ClientKey,
            &files.key,
            "private key",
        )?),
        trusted_ca: read(state, CredentialKind::TrustedCa, &files.trusted_ca, "CA")?,
    };
    let now = chrono::Utc::now();
    check(&set)?;
    check_chain(&set, now)?;
    let info = certificate_info(&set.certificate, now)?;
    let (keyring, mode) = (state.keyring().clone(), state.settings().environment);
    blocking(move || keyring.store(mode, &set)).await?;
    state.replace_settings(state.settings()).await;
    Ok(info)
}

/// Reads the site's CIS2 private key (PEM, RSA) from `path` (only the file the user chose in
/// the dialog), checks it can sign the client
/// assertion, and stores it in the keyring for the environment in use. Never returned.
///
/// Errors: VALIDATION for a file that is not an RSA private key; KEYRING.
pub async fn import_cis2_key(state: &AppState, path: String) -> CommandResult<AppStatus> {
    let pem = cis2::Secret::new(read(
        state,
        CredentialKind::Cis2ClientKey,
        &path,
        "CIS2 private key",
    )?);
    cis2::assertion::check_key(&pem).map_err(|e| CommandError::invalid(format!("{e}.")))?;
    let (keyring, environment) = (state.keyring().clone(), state.settings().environment);
    let pem = Sensitive::new(pem.into_inner());
    blocking(move || keyring.set_cis2_client_key(environment, &pem)).await?;
    state.status().await
}

/// Stores the CIS2 client secret of the environment in use (empty removes it). Never
/// returned.
///
/// Errors: KEYRING.
pub async fn save_cis2_client_secret(state: &AppState, secret: String) -> CommandResult<AppStatus> {
    let (keyring, environment) = (state.keyring().clone(), state.settings().environment);
    let secret = Sensitive::new(secret);
    blocking(move || keyring.set_cis2_client_secret(environment, &secret)).await?;
    state.status().await
}

/// The public half of the stored CIS2 private key as a JWKS document (JSON text), with the
/// key ID from the settings: what the site registers with NHS CIS2. No private part.
///
/// Errors: NOT_CONFIGURED without a stored key; VALIDATION for an unusable key; KEYRING.
pub async fn cis2_public_jwks(state: &AppState) -> CommandResult<String> {
    let settings = state.settings();
    let (keyring, environment) = (state.keyring().clone(), settings.environment);
    let pem = blocking(move || keyring.cis2_client_key(environment))
        .await?
        .ok_or_else(|| {
            CommandError::new(ErrorCode::NotConfigured, "No CIS2 private key is stored.")
        })?;
    let jwks = cis2::assertion::public_jwks(
        &cis2::Secret::new(pem.into_inner()),
        settings.cis2.key_id.trim(),
        cis2::AssertionAlgorithm::Rs512,
    )
    .map_err(|e| CommandError::invalid(format!("{e}.")))?;
    serde_json::to_string_pretty(&jwks)
        .map_err(|e| CommandError::new(ErrorCode::Unexpected, e.to_string()))
}

/// Saves text (the appointment list as CSV) where the user chooses in the native save
/// dialog; returns the path written, `null` when cancelled.
///
/// Errors: DIALOG; FILE when the file cannot be written.
pub async fn save_csv<R: Runtime>(
    app: &AppHandle<R>,
    _state: &AppState,
    suggested_name: String,
    contents: String,
) -> CommandResult<Option<String>> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_file_name(&suggested_name)
        .add_filter("CSV", &["csv"])
        .save_file(move |path| {
            let _ = sender.send(path.and_then(|p| p.into_path().ok()));
        });
    let Some(path) = receiver
        .await
        .map_err(|e| CommandError::new(ErrorCode::Dialog, e.to_string()))?
    else {
        return Ok(None);
    };
    std::fs::write(&path, contents).map_err(|e| {
        CommandError::new(ErrorCode::File, format!("The file could not be saved: {e}"))
    })?;
    Ok(Some(path.display().to_string()))
}
