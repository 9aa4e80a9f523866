//! The IPC contract, written once: every command the UI can call, with its argument names
//! and types, its event channel (if any) and its result. From this one table come the
//! Tauri command wrappers (which deserialize exactly these arguments), the invoke handler,
//! and, in the tests, `ui/src/ipc/bindings/commands.ts`, the TypeScript map the UI's IPC
//! client is typed against. A command cannot be renamed, gain an argument or change a type
//! without the TypeScript changing with it (the bindings test fails until it is committed).
//!
//! Each line reads `kind name(args) [channel(name: Event)] -> Result = module::function;`.
//! `state` commands run `commands::module::function(&AppState, args…)`; `app` commands also
//! get the `AppHandle` first (dialogs, the settings store).

/// Declares the commands; see the module documentation.
macro_rules! ipc_commands {
    (
        $(
            $(#[doc = $doc:literal])*
            $kind:ident $name:ident ( $($arg:ident : $ty:ty),* $(,)? )
                $(channel($ch:ident : $cht:ty))? -> $ret:ty = $module:ident :: $func:ident;
        )*
    ) => {
        /// The Tauri command wrappers generated from the table: each takes the app handle and
        /// the arguments, finds the state and calls its function in `crate::commands`.
        pub mod wrappers {
            #[allow(unused_imports, reason = "each wrapper names its argument types")]
            use super::*;
            $(
                $(#[doc = $doc])*
                #[tauri::command]
                pub async fn $name<R: tauri::Runtime>(
                    app: tauri::AppHandle<R>,
                    $($arg: $ty,)*
                    $($ch: tauri::ipc::Channel<$cht>,)?
                ) -> $crate::error::CommandResult<$ret> {
                    let state = $crate::state::managed(&app)?;
                    ipc_commands!(@call $kind app state $module $func ($($arg),*) ($($ch)?))
                }
            )*
        }

        /// The invoke handler for every command of the table.
        pub fn handler<R: tauri::Runtime>()
        -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$(wrappers::$name),*]
        }

        /// The table, for generating the TypeScript command map.
        #[cfg(test)]
        pub(crate) fn specs() -> Vec<crate::bindings::CommandSpec> {
            vec![$(
                crate::bindings::CommandSpec {
                    name: stringify!($name),
                    doc: vec![$($doc),*],
                    args: vec![$(crate::bindings::TypeRef::named::<$ty>(stringify!($arg))),*],
                    channel: ipc_commands!(@channel $($ch : $cht)?),
                    result: crate::bindings::TypeRef::named::<$ret>("result"),
                }
            ),*]
        }
    };
    (@call state $app:ident $state:ident $module:ident $func:ident ($($arg:ident),*) ($($ch:ident)?)) => {
        $crate::commands::$module::$func(&$state, $($arg,)* $($ch)?).await
    };
    (@call app $app:ident $state:ident $module:ident $func:ident ($($arg:ident),*) ($($ch:ident)?)) => {
        $crate::commands::$module::$func(&$app, &$state, $($arg,)* $($ch)?).await
    };
    (@channel) => { None };
    (@channel $ch:ident : $cht:ty) => {
        Some(crate::bindings::TypeRef::named::<$cht>(stringify!($ch)))
    };
}

use pds::SearchQuery;

use crate::secrets::{CertificateInfo, CredentialKind};
use crate::settings::{Environment, PracticeSettings, Settings};
use crate::views::{
    AmendRequest, AppStatus, AppointmentsEvent, BookRequest, BookingResult, CancelRequest,
    ChangeResult, CredentialFiles, EnvironmentPresets, FindEverywhereRequest, FindPatientRequest,
    HistoryFilter, HistoryRow, ListAppointmentsRequest, PatientEvent, PatientLookup,
    PdsSearchResult, PendingWriteView, PracticeChecks, RegisterPatientRequest, RescheduleRequest,
    RescheduleResult, SearchEvent, SearchSummary, SessionView, SlotSearchRequest, TraceRequest,
    TraceView, WritesEvent,
};

ipc_commands! {
    /// Environment, organisation, user, practices, certificate, SDS key and problems.
    state app_status() -> AppStatus = settings::app_status;
    /// The session: user, role, expiry, roles to choose, demo users; `active` counts as use.
    state session_status(active: bool) -> SessionView = session::session_status;
    /// Signs in with NHS CIS2 through the system browser.
    state sign_in() -> SessionView = session::sign_in;
    /// Demo mode: signs in as a demo user in one of their roles, through the same flow.
    state sign_in_demo(uid: String, role_id: String) -> SessionView = session::sign_in_demo;
    /// Cancels a sign-in waiting for the browser.
    state cancel_sign_in() -> SessionView = session::cancel_sign_in;
    /// Chooses the role of a user who holds several.
    state choose_role(role_id: String) -> SessionView = session::choose_role;
    /// Signs out.
    state sign_out() -> SessionView = session::sign_out;
    /// Each practice this session: SDS resolution and GP Connect version (read once).
    state check_practices() -> PracticeChecks = session::check_practices;
    /// The settings of the environment in use, for the settings screen.
    state get_settings() -> Settings = settings::get_settings;
    /// Validates and saves the settings; VALIDATION lists `details.fields`.
    app save_settings(settings: Settings) -> AppStatus = settings::save_settings;
    /// What is known of each environment (addresses, sources, verified or not).
    state environment_presets() -> EnvironmentPresets = settings::environment_presets;
    /// Switches environment (Demo, INT, DEP, Live), keeping each one's settings.
    app switch_environment(environment: Environment) -> Settings = settings::switch_environment;
    /// Stores the SDS API key of the environment in use in the keyring (empty removes it).
    state save_sds_api_key(key: String) -> AppStatus = settings::save_sds_api_key;
    /// Switches to demo mode: the built-in simulator and its practices.
    app use_demo() -> AppStatus = settings::use_demo;
    /// Looks a practice up in SDS by ODS code, with the settings as typed in the form.
    state discover_practice(settings: Settings, ods_code: String) -> PracticeSettings = settings::discover_practice;
    /// Stores the site's CIS2 private key (PEM file) in the keyring.
    state import_cis2_key(path: String) -> AppStatus = credentials::import_cis2_key;
    /// Stores the CIS2 client secret in the keyring (empty removes it).
    state save_cis2_client_secret(secret: String) -> AppStatus = credentials::save_cis2_client_secret;
    /// The public key to register with CIS2, as a JWKS document.
    state cis2_public_jwks() -> String = credentials::cis2_public_jwks;
    /// Opens the native file dialog for one credential file; `null` when cancelled.
    app choose_credential_file(kind: CredentialKind) -> Option<String> = credentials::choose_credential_file;
    /// Stores the certificate, key and CA files in the keyring.
    state import_credentials(files: CredentialFiles) -> CertificateInfo = credentials::import_credentials;
    /// Searches free slots; each practice's progress arrives on `events`.
    state search_slots(request: SlotSearchRequest) channel(events: SearchEvent)
        -> SearchSummary = slots::search_slots;
    /// Finds the patient's one record at a practice.
    state find_patient(request: FindPatientRequest) -> PatientLookup = patients::find_patient;
    /// Finds the patient at every chosen practice at once; each answer arrives on `events`.
    state find_patient_everywhere(request: FindEverywhereRequest) channel(events: PatientEvent)
        -> () = patients::find_patient_everywhere;
    /// Registers the patient temporarily at a practice.
    state register_patient(request: RegisterPatientRequest) -> PatientLookup = patients::register_patient;
    /// Books once; a lost answer is reconciled by reading, never resent.
    state book_appointment(request: BookRequest) -> BookingResult = booking::book_appointment;
    /// Lists the patient's appointments; each practice's answer arrives on `events`.
    state list_appointments(request: ListAppointmentsRequest) channel(events: AppointmentsEvent)
        -> () = appointments::list_appointments;
    /// Amends description and comment as of the version the user saw.
    state amend_appointment(request: AmendRequest) -> ChangeResult = appointments::amend_appointment;
    /// Cancels with a reason as of the version the user saw.
    state cancel_appointment(request: CancelRequest) -> ChangeResult = appointments::cancel_appointment;
    /// Books the new slots, then cancels the old appointment.
    state reschedule_appointment(request: RescheduleRequest) -> RescheduleResult = appointments::reschedule_appointment;
    /// Saves text where the user chooses in the native save dialog; `null` when cancelled.
    app save_csv(suggested_name: String, contents: String) -> Option<String> = credentials::save_csv;
    /// Writes still unknown, and those open when the app started with what became of them.
    state pending_writes() -> Vec<PendingWriteView> = writes::pending_writes;
    /// Reads one write back now ("check now").
    state check_pending_write(id: i64) -> PendingWriteView = writes::check_pending_write;
    /// Closes a write still unknown after the user called the practice; `note` is kept.
    state resolve_pending_write(id: i64, note: String) -> PendingWriteView = writes::resolve_pending_write;
    /// Every change the background checks find arrives on `events`.
    state watch_writes() channel(events: WritesEvent) -> () = writes::watch_writes;
    /// The local audit trail, newest first.
    state list_history(filter: HistoryFilter) -> Vec<HistoryRow> = writes::list_history;
    /// Traces the patient on PDS by NHS number (kept for the session).
    state trace_patient(request: TraceRequest) -> TraceView = trace::trace_patient;
    /// Searches PDS by demographics; the matches in PDS's order.
    state search_pds(query: SearchQuery) -> PdsSearchResult = trace::search_pds;
    /// Stores the application's PDS private key (PEM file chosen in the dialog) in the keyring.
    state import_pds_key(path: String) -> AppStatus = pds_credentials::import_pds_key;
    /// Stores the application's PDS API key in the keyring (empty removes it).
    state save_pds_api_key(key: String) -> AppStatus = pds_credentials::save_pds_api_key;
    /// The public key to register with the NHS API platform for PDS, as a JWKS document.
    state pds_public_jwks() -> String = pds_credentials::pds_public_jwks;
}
