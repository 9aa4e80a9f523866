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
    "save_sds_api_key",
    "pending_writes",
    "check_pending_write",
    "resolve_pending_write",
    "watch_writes",
    "list_history",
    "session_status",
    "sign_in",
    "sign_in_demo",
    "cancel_sign_in",
    "choose_role",
    "sign_out",
    "check_practices",
    "switch_environment",
    "import_cis2_key",
    "save_cis2_client_secret",
    "cis2_public_jwks",
    "environment_presets",
    "trace_patient",
    "search_pds",
    "import_pds_key",
    "save_pds_api_key",
    "pds_public_jwks",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build failed: {error:#}");
    }
}
