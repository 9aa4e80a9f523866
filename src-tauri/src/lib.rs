//! GP Connect Booking, the desktop app: wiring only. Plugins (store, dialog), the managed
//! [`state::AppState`], demo mode on first run, and the command handler. Everything GP
//! Connect is in the `gpconnect` crate; each command is a few lines over it.

pub mod commands;
pub mod error;
pub mod search;
pub mod secrets;
pub mod settings;
pub mod state;
pub mod views;

#[cfg(test)]
mod bindings;

use tauri::{AppHandle, Manager, Runtime};

use crate::settings::{Mode, Settings};
use crate::state::AppState;

/// Loads the settings (demo defaults on first run), starts the simulator in demo mode and
/// manages the state. A simulator or keyring failure does not stop the app: the header then
/// shows what is wrong.
fn setup<R: Runtime>(app: &AppHandle<R>) -> Result<(), Box<dyn std::error::Error>> {
    let data_dir = app.path().app_data_dir()?;
    let mut settings = commands::settings::load(app).unwrap_or_default();
    if settings.device_id.is_empty() {
        settings.device_id = uuid::Uuid::new_v4().to_string();
    }
    let state = AppState::new(settings.clone(), data_dir);
    if settings.mode == Mode::Demo {
        match tauri::async_runtime::block_on(state.start_demo(&settings)) {
            Ok(demo) => settings = demo,
            Err(error) => eprintln!("gp-connect-booking: demo mode: {error}"),
        }
        tauri::async_runtime::block_on(state.replace_settings(settings.clone()));
    }
    if let Err(error) = commands::settings::persist(app, &settings) {
        eprintln!("gp-connect-booking: {error}");
    }
    app.manage(state);
    Ok(())
}

/// The app's builder on any runtime (the mock runtime in tests).
pub fn builder<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| setup(app.handle()))
        .invoke_handler(tauri::generate_handler![
            commands::settings::app_status,
            commands::settings::get_settings,
            commands::settings::save_settings,
            commands::settings::use_demo,
            commands::settings::discover_practice,
            commands::credentials::choose_credential_file,
            commands::credentials::import_credentials,
            commands::slots::search_slots,
            commands::patients::find_patient,
            commands::patients::register_patient,
            commands::booking::book_appointment,
        ])
}

/// Runs the app.
pub fn run() {
    let app = builder(tauri::Builder::default()).run(tauri::generate_context!());
    if let Err(error) = app {
        eprintln!("gp-connect-booking: {error}");
        std::process::exit(1);
    }
}

/// Settings as they are right now (for tests).
pub fn current_settings<R: Runtime>(app: &AppHandle<R>) -> Option<Settings> {
    app.try_state::<AppState>().map(|s| s.settings())
}
