//! Settings, the environments, the SDS API key, the CIS2 client's key or secret, demo mode
//! and app status.

use gpconnect::secret::Sensitive;
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

use super::ods_code;
use crate::environments::{StoredSettings, switch};
use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::session::Ended;
use crate::settings::{Environment, PracticeSettings, STORE_KEY, Settings};
use crate::state::{AppState, blocking};
use crate::views::{AppStatus, EnvironmentPresets};

/// Writes `settings` (the environment in use) and the other environments' settings to the
/// store, under one key.
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
    let stored = StoredSettings {
        active: settings.clone(),
        other_environments: state.other_environments(),
    };
    store.set(
        STORE_KEY,
        serde_json::to_value(&stored).map_err(|e| failed(&e))?,
    );
    store.save().map_err(|e| failed(&e))
}

/// The stored settings, read from the store's file: `Ok(None)` on first run (no file, or no
/// settings in it). Read directly because the store plugin starts empty on a file it cannot
/// parse, and the next save would then overwrite the user's settings.
///
/// Errors: why the file or the settings in it cannot be read (for the user; the file holds
/// no secrets).
pub fn load(state: &AppState) -> Result<Option<StoredSettings>, String> {
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

/// Validates and saves the settings of the environment in use. A change to the sign-in
/// settings, the booking organisation or the allowed organisations ends the session (the
/// user signs in again under the new rules).
///
/// Errors: VALIDATION listing every field problem, or for settings of another environment
/// (switch first); SETTINGS.
pub async fn save_settings<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    settings: Settings,
) -> CommandResult<AppStatus> {
    let current = state.settings();
    if settings.environment != current.environment {
        return Err(CommandError::invalid(
            "These settings are for another environment: switch to it first.",
        ));
    }
    let problems = settings.validate();
    if !problems.is_empty() {
        return Err(CommandError::fields("Check the settings.", problems));
    }
    if settings.cis2 != current.cis2
        || settings.organisation.ods_code.trim() != current.organisation.ods_code.trim()
        || settings.allowed_organisations != current.allowed_organisations
    {
        state.session().end(Ended::SettingsChanged);
    }
    persist(app, state, &settings)?;
    state.replace_settings(settings).await;
    state.status().await
}

/// Switches to `environment`, keeping the settings of the one left; Demo starts the built-in
/// simulator. Ends the session: the user signs in to the new environment.
///
/// Errors: SIMULATOR (demo), KEYRING, SETTINGS.
pub async fn switch_environment<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    environment: Environment,
) -> CommandResult<Settings> {
    let current = state.settings();
    if current.environment == environment && environment != Environment::Demo {
        return Ok(current);
    }
    let mut others = state.other_environments();
    let mut next = switch(current, &mut others, environment);
    if environment == Environment::Demo {
        next = state.start_demo(&next).await?;
    } else {
        state.stop_demo();
    }
    state.set_other_environments(others);
    state.session().end(Ended::SettingsChanged);
    persist(app, state, &next)?;
    state.replace_settings(next.clone()).await;
    Ok(next)
}

/// Stores the SDS API key of the environment in use in the keyring (§5.3); an empty key
/// removes it. The key is never returned.
///
/// Errors: KEYRING.
pub async fn save_sds_api_key(state: &AppState, key: String) -> CommandResult<AppStatus> {
    let (keyring, mode) = (state.keyring().clone(), state.settings().environment);
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
    switch_environment(app, state, Environment::Demo).await?;
    state.status().await
}

/// Looks a practice up in SDS by ODS code (§5.3), for the settings screen, with the values
/// in the form (`settings`, saved or not) and its environment's SDS key. The result is kept
/// for this session only and never written into the settings.
///
/// Errors: SIGN_IN_REQUIRED; VALIDATION for a malformed ODS code; NOT_CONFIGURED without SDS
/// or its key; any GP Connect error (404 `NO_RECORD_FOUND` when SDS does not know it).
pub async fn discover_practice(
    state: &AppState,
    settings: Settings,
    ods_code_text: String,
) -> CommandResult<PracticeSettings> {
    let practice = state
        .discover(&settings, &ods_code(&ods_code_text)?)
        .await?;
    Ok(PracticeSettings {
        ods_code: practice.ods_code.to_string(),
        name: practice.name,
        provider_root: practice.provider_root.to_string(),
        asid: practice.asid.to_string(),
    })
}

/// What is known of each environment: addresses, sources, and whether they are verified.
///
/// Errors: none.
pub async fn environment_presets(_state: &AppState) -> CommandResult<EnvironmentPresets> {
    Ok(EnvironmentPresets {
        presets: Environment::ALL.iter().map(|e| e.preset()).collect(),
    })
}
