//! GP Connect Booking, the desktop app: wiring only. Plugins (store, dialog), the managed
//! [`state::AppState`], demo mode on first run, and the command handler generated from the
//! table in [`ipc`]. Everything GP Connect is in the `gpconnect` crate; each command is a few
//! lines over it.
//!
//! Modules, bottom up: `error`, `settings` (with `cis2_settings`, `pds_settings` and
//! `environments`), `secrets`, [`session`] (the signed-in user and the patients traced on
//! PDS), [`journal`] (writes and audit trail), [`patients`] (the session's patient guard),
//! [`traces`] (tracing on PDS and the trace guard), `logging`, [`connection`] (client +
//! resolved practices), [`state`], `views` (the shapes crossing to the UI), `commands`,
//! [`ipc`].

pub mod cis2_settings;
pub mod commands;
pub mod connection;
#[cfg(feature = "demo")]
pub mod demo;
pub mod environments;
pub mod error;
pub mod ipc;
pub mod journal;
mod logging;
pub mod patients;
pub mod pds_settings;
pub mod secrets;
pub mod session;
pub mod settings;
pub mod state;
pub mod traces;
pub mod views;

#[cfg(test)]
mod bindings;
#[cfg(test)]
mod settings_vectors;

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};

use crate::secrets::Keyring;
use crate::settings::{Environment, Settings};
use crate::state::AppState;

/// Where the app keeps its data and secrets; the defaults are the platform's app data
/// directory and the keyring service [`secrets::SERVICE`]. Tests point both elsewhere.
#[derive(Debug, Clone, Default)]
pub struct AppOptions {
    /// Data directory (settings store, simulator certificates).
    pub data_dir: Option<PathBuf>,
    /// Keyring service name.
    pub keyring_service: Option<String>,
}

/// Loads the settings (demo defaults on first run), starts the simulator in demo mode and
/// manages the state. A simulator or keyring failure does not stop the app: the header then
/// shows what is wrong. Runs as the setup hook; tests that never start the event loop call
/// it themselves.
///
/// Errors: when the platform has no app data directory.
pub fn initialise<R: Runtime>(
    app: &AppHandle<R>,
    options: &AppOptions,
) -> Result<(), Box<dyn std::error::Error>> {
    let data_dir = match &options.data_dir {
        Some(dir) => dir.clone(),
        None => app.path().app_data_dir()?,
    };
    let keyring = options
        .keyring_service
        .as_deref()
        .map_or_else(Keyring::default, Keyring::named);
    logging::start(&data_dir);
    let journal = match gpconnect_journal::Journal::in_dir(&data_dir) {
        Ok(journal) => Some(std::sync::Arc::new(journal)),
        Err(error) => {
            tracing::error!(target: "app", %error, "journal of writes not opened");
            None
        }
    };
    let state = AppState::new(data_dir, keyring).with_journal(journal);
    if state.journal().is_err() {
        state.add_problem(
            "The record of writes could not be opened, so nothing can be booked or changed. \
             Restart the app; if it keeps happening, contact your IT support."
                .to_owned(),
        );
    }
    let mut settings = match commands::settings::load(&state) {
        Ok(Some(stored)) => {
            state.set_other_environments(stored.other_environments);
            stored.active
        }
        Ok(None) => Settings::default(),
        Err(problem) => {
            // Never overwrite settings we cannot read: keep the file aside and say so.
            state.add_problem(set_aside(&state.store_path(), &problem));
            Settings::default()
        }
    };
    if settings.device_id.is_empty() {
        settings.device_id = uuid::Uuid::new_v4().to_string();
    }
    if settings.environment == Environment::Demo {
        match tauri::async_runtime::block_on(state.start_demo(&settings)) {
            Ok(demo) => settings = demo,
            Err(error) => eprintln!("gp-connect-booking: demo mode: {error}"),
        }
    }
    if let Ok(journal) = state.journal() {
        let days = i64::from(settings.writes.audit_retention_days);
        if let Err(error) = journal.purge_audit(chrono::Utc::now() - chrono::Duration::days(days)) {
            tracing::error!(target: "app", %error, "audit retention not applied");
        }
    }
    tauri::async_runtime::block_on(state.replace_settings(settings.clone()));
    if let Err(error) = commands::settings::persist(app, &state, &settings) {
        eprintln!("gp-connect-booking: {error}");
    }
    app.manage(state);
    // Writes left open when the app last closed are checked at once, then in the background.
    journal::spawn_checks(app);
    Ok(())
}

/// Renames the unreadable settings file `path` to `settings.unreadable-<UTC time>.json`
/// beside it; returns the problem to show, naming where the file now is.
fn set_aside(path: &std::path::Path, problem: &str) -> String {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let aside = path.with_file_name(format!("settings.unreadable-{stamp}.json"));
    match std::fs::rename(path, &aside) {
        Ok(()) => format!(
            "{problem}. The file was kept as {} and demo settings are in use: open Settings \
             to set up again.",
            aside.display()
        ),
        Err(e) => format!("{problem}, and it could not be set aside ({e})."),
    }
}

/// The app's builder on any runtime (the mock runtime in tests), with the default places.
pub fn builder<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder_with(builder, AppOptions::default())
}

/// The app's builder with explicit data directory and keyring service.
pub fn builder_with<R: Runtime>(
    builder: tauri::Builder<R>,
    options: AppOptions,
) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| initialise(app.handle(), &options))
        .invoke_handler(ipc::handler())
}

/// Runs the app.
pub fn run() {
    let app = builder(tauri::Builder::default()).run(tauri::generate_context!());
    if let Err(error) = app {
        eprintln!("gp-connect-booking: {error}");
        std::process::exit(1);
    }
}
