/**
 * The backend as the UI sees it: one method per Tauri command, each typed from the generated
 * command map (`bindings/commands.ts`, made from the Rust command table in
 * `src-tauri/src/ipc.rs`), so an argument or result that changes in Rust fails `tsc` here.
 * `client.ts` implements it over Tauri IPC; `ui/test/fake` in memory (tests, the browser dev
 * page). Every method rejects with a `CommandError` on failure.
 */
import type { CommandName, Commands } from "./bindings/commands";

/** The arguments of command `K`. */
export type ArgsOf<K extends CommandName> = Commands[K]["args"];
/** The result of command `K`. */
type ResultOf<K extends CommandName> = Promise<Commands[K]["result"]>;
/** The event a command's channel carries. */
type EventOf<K extends CommandName> =
  ArgsOf<K> extends { events: { onmessage: (event: infer E) => void } } ? E : never;

export interface Backend {
  /** `app_status`: mode, organisation, user, practices, certificate, SDS key, problems. */
  appStatus(): ResultOf<"app_status">;
  /** `session_status`: who is signed in; `active` counts as use (keeps an idle session). */
  sessionStatus(active: ArgsOf<"session_status">["active"]): ResultOf<"session_status">;
  /** `sign_in`: NHS CIS2 through the system browser. */
  signIn(): ResultOf<"sign_in">;
  /** `sign_in_demo`: demo mode's one-click sign-in as a demo user in one role. */
  signInDemo(
    uid: ArgsOf<"sign_in_demo">["uid"],
    roleId: ArgsOf<"sign_in_demo">["roleId"],
  ): ResultOf<"sign_in_demo">;
  /** `cancel_sign_in`. */
  cancelSignIn(): ResultOf<"cancel_sign_in">;
  /** `choose_role`: for a user holding several roles. */
  chooseRole(roleId: ArgsOf<"choose_role">["roleId"]): ResultOf<"choose_role">;
  /** `sign_out`. */
  signOut(): ResultOf<"sign_out">;
  /** `check_practices`: SDS resolution and GP Connect version of each practice (per session). */
  checkPractices(): ResultOf<"check_practices">;
  /** `get_settings`. */
  getSettings(): ResultOf<"get_settings">;
  /** `environment_presets`: what is known of each environment, with sources. */
  environmentPresets(): ResultOf<"environment_presets">;
  /** `switch_environment`: Demo, INT, DEP or Live; returns its settings. */
  switchEnvironment(
    environment: ArgsOf<"switch_environment">["environment"],
  ): ResultOf<"switch_environment">;
  /** `import_cis2_key`: the site's CIS2 private key (PEM file) into the keyring. */
  importCis2Key(path: ArgsOf<"import_cis2_key">["path"]): ResultOf<"import_cis2_key">;
  /** `save_cis2_client_secret`: into the keyring (empty removes it); never read back. */
  saveCis2ClientSecret(
    secret: ArgsOf<"save_cis2_client_secret">["secret"],
  ): ResultOf<"save_cis2_client_secret">;
  /** `cis2_public_jwks`: the public key to register with CIS2 (JWKS JSON). */
  cis2PublicJwks(): ResultOf<"cis2_public_jwks">;
  /** `save_settings`: VALIDATION lists `details.fields` (`organisation.odsCode`, …). */
  saveSettings(settings: ArgsOf<"save_settings">["settings"]): ResultOf<"save_settings">;
  /** `save_sds_api_key`: into the keyring (empty removes it); never read back. */
  saveSdsApiKey(key: ArgsOf<"save_sds_api_key">["key"]): ResultOf<"save_sds_api_key">;
  /** `use_demo`: the built-in simulator and its practices. */
  useDemo(): ResultOf<"use_demo">;
  /** `discover_practice`: looks a practice up in SDS with the settings as typed. */
  discoverPractice(
    settings: ArgsOf<"discover_practice">["settings"],
    odsCode: ArgsOf<"discover_practice">["odsCode"],
  ): ResultOf<"discover_practice">;
  /** `choose_credential_file`: native file dialog; `null` when cancelled. */
  chooseCredentialFile(
    kind: ArgsOf<"choose_credential_file">["kind"],
  ): ResultOf<"choose_credential_file">;
  /** `import_credentials`: stores the PEM files in the keyring. */
  importCredentials(files: ArgsOf<"import_credentials">["files"]): ResultOf<"import_credentials">;
  /** `search_slots`: `onEvent` gets each practice's progress as it happens. */
  searchSlots(
    request: ArgsOf<"search_slots">["request"],
    onEvent: (event: EventOf<"search_slots">) => void,
  ): ResultOf<"search_slots">;
  /** `find_patient`. */
  findPatient(request: ArgsOf<"find_patient">["request"]): ResultOf<"find_patient">;
  /** `find_patient_everywhere`: `onEvent` gets each practice's answer as it arrives. */
  findPatientEverywhere(
    request: ArgsOf<"find_patient_everywhere">["request"],
    onEvent: (event: EventOf<"find_patient_everywhere">) => void,
  ): ResultOf<"find_patient_everywhere">;
  /** `register_patient`. */
  registerPatient(request: ArgsOf<"register_patient">["request"]): ResultOf<"register_patient">;
  /** `book_appointment`: DUPLICATE_REJECTED when the slot was just taken. */
  bookAppointment(request: ArgsOf<"book_appointment">["request"]): ResultOf<"book_appointment">;
  /** `list_appointments`: `onEvent` gets each practice's answer as it arrives. */
  listAppointments(
    request: ArgsOf<"list_appointments">["request"],
    onEvent: (event: EventOf<"list_appointments">) => void,
  ): ResultOf<"list_appointments">;
  /** `amend_appointment`. */
  amendAppointment(request: ArgsOf<"amend_appointment">["request"]): ResultOf<"amend_appointment">;
  /** `cancel_appointment`. */
  cancelAppointment(
    request: ArgsOf<"cancel_appointment">["request"],
  ): ResultOf<"cancel_appointment">;
  /** `reschedule_appointment`: books the new one first, then cancels the old. */
  rescheduleAppointment(
    request: ArgsOf<"reschedule_appointment">["request"],
  ): ResultOf<"reschedule_appointment">;
  /** `save_csv`: native save dialog; the path written, `null` when cancelled. */
  saveCsv(
    suggestedName: ArgsOf<"save_csv">["suggestedName"],
    contents: ArgsOf<"save_csv">["contents"],
  ): ResultOf<"save_csv">;
  /** `pending_writes`: writes still unknown, and those open when the app started. */
  pendingWrites(): ResultOf<"pending_writes">;
  /** `check_pending_write`: reads one write back now. */
  checkPendingWrite(id: ArgsOf<"check_pending_write">["id"]): ResultOf<"check_pending_write">;
  /** `resolve_pending_write`: closes one after the user called the practice. */
  resolvePendingWrite(
    id: ArgsOf<"resolve_pending_write">["id"],
    note: ArgsOf<"resolve_pending_write">["note"],
  ): ResultOf<"resolve_pending_write">;
  /** `watch_writes`: `onEvent` gets each write the background checks settle or re-check. */
  watchWrites(onEvent: (event: EventOf<"watch_writes">) => void): ResultOf<"watch_writes">;
  /** `list_history`: the local audit trail, newest first. */
  listHistory(filter: ArgsOf<"list_history">["filter"]): ResultOf<"list_history">;
  /** `trace_patient`: the patient on PDS by NHS number (kept for the session). */
  tracePatient(request: ArgsOf<"trace_patient">["request"]): ResultOf<"trace_patient">;
  /** `search_pds`: PDS by demographics; the matches in PDS's order (no score). */
  searchPds(query: ArgsOf<"search_pds">["query"]): ResultOf<"search_pds">;
  /** `import_pds_key`: the application's PDS private key (PEM file) into the keyring. */
  importPdsKey(path: ArgsOf<"import_pds_key">["path"]): ResultOf<"import_pds_key">;
  /** `save_pds_api_key`: into the keyring (empty removes it); never read back. */
  savePdsApiKey(key: ArgsOf<"save_pds_api_key">["key"]): ResultOf<"save_pds_api_key">;
  /** `pds_public_jwks`: the public key to register with the NHS API platform (JWKS JSON). */
  pdsPublicJwks(): ResultOf<"pds_public_jwks">;
}

/**
 * Which Backend method calls each command: every command of the Rust table must appear here
 * (a command added in Rust fails `tsc` until the UI maps it).
 */
export const METHOD_OF: { readonly [K in CommandName]: keyof Backend } = {
  app_status: "appStatus",
  session_status: "sessionStatus",
  sign_in: "signIn",
  sign_in_demo: "signInDemo",
  cancel_sign_in: "cancelSignIn",
  choose_role: "chooseRole",
  sign_out: "signOut",
  check_practices: "checkPractices",
  environment_presets: "environmentPresets",
  switch_environment: "switchEnvironment",
  import_cis2_key: "importCis2Key",
  save_cis2_client_secret: "saveCis2ClientSecret",
  cis2_public_jwks: "cis2PublicJwks",
  get_settings: "getSettings",
  save_settings: "saveSettings",
  save_sds_api_key: "saveSdsApiKey",
  use_demo: "useDemo",
  discover_practice: "discoverPractice",
  choose_credential_file: "chooseCredentialFile",
  import_credentials: "importCredentials",
  search_slots: "searchSlots",
  find_patient: "findPatient",
  find_patient_everywhere: "findPatientEverywhere",
  register_patient: "registerPatient",
  book_appointment: "bookAppointment",
  list_appointments: "listAppointments",
  amend_appointment: "amendAppointment",
  cancel_appointment: "cancelAppointment",
  reschedule_appointment: "rescheduleAppointment",
  save_csv: "saveCsv",
  pending_writes: "pendingWrites",
  check_pending_write: "checkPendingWrite",
  resolve_pending_write: "resolvePendingWrite",
  watch_writes: "watchWrites",
  list_history: "listHistory",
  trace_patient: "tracePatient",
  search_pds: "searchPds",
  import_pds_key: "importPdsKey",
  save_pds_api_key: "savePdsApiKey",
  pds_public_jwks: "pdsPublicJwks",
};
