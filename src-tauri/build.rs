//! Build script: Tauri's config (tauri.conf.json at the repository root, which is also this
//! package's root) and the permissions of the app's own commands, so that capabilities can
//! allow exactly the commands the window uses.

/// Every command the UI may call; each gets an `allow-<name>` permission.
const COMMANDS: &[&str] = &[
    "app_status",
    "get_settings",
    "save_settings",
    "use_demo",
    "discover_practice",
    "choose_credential_file",
    "import_credentials",
    "search_slots",
    "find_patient",
    "find_patient_everywhere",
    "register_patient",
    "book_appointment",
    "list_appointments",
    "amend_appointment",
    "cancel_appointment",
    "reschedule_appointment",
    "save_csv",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build failed: {error:#}");
    }
}
