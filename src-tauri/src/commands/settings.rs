//! Settings, the SDS API key, demo mode and app status.

use gpconnect::secret::Sensitive;
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

use super::ods_code;
use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::settings::{Mode, PracticeSettings, STORE_KEY, Settings};
use crate::state::{AppState, blocking};
use crate::views::AppStatus;

/// Writes `settings` to the store, under one key.
///
/// Errors: SETTINGS when the store cannot be written.
pub fn persist<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    settings: &Settings,
) -> CommandResult<()> {
    let failed = |e: &dyn std::fmt::Display| {
        CommandError::new(
            ErrorCode::Settings,
            format!("Settings could not be saved: {e}"),
        )
    };
    let store = app.store(state.store_path()).map_err(|e| failed(&e))?;
    store.set(
        STORE_KEY,
        serde_json::to_value(settings).map_err(|e| failed(&e))?,
    );
    store.save().map_err(|e| failed(&e))
}

/// The stored settings, read from the store's file: `Ok(None)` on first run (no file, or no
/// settings in it). Read directly because the store plugin starts empty on a file it cannot
/// parse, and the next save would then overwrite the user's settings.
///
/// Errors: why the file or the settings in it cannot be read (for the user; the file holds
/// no secrets).
pub fn load(state: &AppState) -> Result<Option<Settings>, String> {
    let bytes = match std::fs::read(state.store_path()) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("The settings file could not be read ({e})")),
    };
    let mut file: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(&bytes)
        .map_err(|e| format!("The settings file could not be read ({e})"))?;
    match file.remove(STORE_KEY) {
        None => Ok(None),
        Some(value) => serde_json::from_value(value)
            .map(Some)
            .map_err(|e| format!("The saved settings could not be read ({e})")),
    }
}

/// Mode, organisation, user, practices, certificate and anything that stops the app.
///
/// Errors: KEYRING.
pub async fn app_status(state: &AppState) -> CommandResult<AppStatus> {
    state.status().await
}

/// The settings, for the settings screen.
///
/// Errors: none.
pub async fn get_settings(state: &AppState) -> CommandResult<Settings> {
    Ok(state.settings())
}

/// Validates and saves the settings (leaving demo mode when `mode` is `live`).
///
/// Errors: VALIDATION listing every field problem; SETTINGS.
pub async fn save_settings<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    settings: Settings,
) -> CommandResult<AppStatus> {
    let problems = settings.validate();
    if !problems.is_empty() {
        return Err(CommandError::fields("Check the settings.", problems));
    }
    if settings.mode == Mode::Live {
        state.stop_demo();
    }
    persist(app, state, &settings)?;
    state.replace_settings(settings).await;
    state.status().await
}

/// Stores the SDS API key of the current mode in the keyring (§5.3); an empty key removes
/// it. The key is never returned.
///
/// Errors: KEYRING.
pub async fn save_sds_api_key(state: &AppState, key: String) -> CommandResult<AppStatus> {
    let (keyring, mode) = (state.keyring().clone(), state.settings().mode);
    let key = Sensitive::new(key);
    blocking(move || keyring.set_sds_api_key(mode, &key)).await?;
    state.replace_settings(state.settings()).await;
    state.status().await
}

/// Switches to demo mode: the built-in simulator and its practices.
///
/// Errors: SIMULATOR (or a build without demo mode), KEYRING, SETTINGS.
pub async fn use_demo<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
) -> CommandResult<AppStatus> {
    let settings = state.start_demo(&state.settings()).await?;
    persist(app, state, &settings)?;
    state.replace_settings(settings).await;
    state.status().await
}

/// Looks a practice up in SDS by ODS code (§5.3), for the settings screen.
///
/// Errors: VALIDATION for a malformed ODS code; NOT_CONFIGURED without SDS or its key;
/// any GP Connect error (404 `NO_RECORD_FOUND` when SDS does not know it).
pub async fn discover_practice(
    state: &AppState,
    ods_code_text: String,
) -> CommandResult<PracticeSettings> {
    let practice = state.discover(&ods_code(&ods_code_text)?).await?;
    Ok(PracticeSettings {
        ods_code: practice.ods_code.to_string(),
        name: practice.name,
        provider_root: practice.provider_root.to_string(),
        asid: practice.asid.to_string(),
    })
}
