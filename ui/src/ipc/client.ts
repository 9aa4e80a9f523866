/**
 * The backend over Tauri IPC: the only module that imports `@tauri-apps/api`. Every call is
 * typed by the generated command map (`bindings/commands.ts`): command names, argument names
 * (camelCase, as Tauri passes them to the Rust commands) and results come from Rust. A failed
 * command rejects with a `CommandError`; anything else that rejects (an IPC failure) is turned
 * into one, so callers always get `{code, message, details}`.
 */
import { Channel, invoke } from "@tauri-apps/api/core";
import { toCommandError } from "../lib/errors";
import type { Backend } from "./backend";
import type { CommandName, Commands } from "./bindings/commands";

async function call<K extends CommandName>(
  command: K,
  args: Commands[K]["args"],
): Promise<Commands[K]["result"]> {
  try {
    return await invoke<Commands[K]["result"]>(command, args);
  } catch (error) {
    throw toCommandError(error);
  }
}

export function isTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

export const tauriBackend: Backend = {
  appStatus: () => call("app_status", {}),
  sessionStatus: (active) => call("session_status", { active }),
  signIn: () => call("sign_in", {}),
  signInDemo: (uid, roleId) => call("sign_in_demo", { uid, roleId }),
  cancelSignIn: () => call("cancel_sign_in", {}),
  chooseRole: (roleId) => call("choose_role", { roleId }),
  signOut: () => call("sign_out", {}),
  checkPractices: () => call("check_practices", {}),
  environmentPresets: () => call("environment_presets", {}),
  switchEnvironment: (environment) => call("switch_environment", { environment }),
  importCis2Key: (path) => call("import_cis2_key", { path }),
  saveCis2ClientSecret: (secret) => call("save_cis2_client_secret", { secret }),
  cis2PublicJwks: () => call("cis2_public_jwks", {}),
  tracePatient: (request) => call("trace_patient", { request }),
  searchPds: (query) => call("search_pds", { query }),
  importPdsKey: (path) => call("import_pds_key", { path }),
  savePdsApiKey: (key) => call("save_pds_api_key", { key }),
  pdsPublicJwks: () => call("pds_public_jwks", {}),
  getSettings: () => call("get_settings", {}),
  saveSettings: (settings) => call("save_settings", { settings }),
  saveSdsApiKey: (key) => call("save_sds_api_key", { key }),
  useDemo: () => call("use_demo", {}),
  discoverPractice: (settings, odsCode) => call("discover_practice", { settings, odsCode }),
  chooseCredentialFile: (kind) => call("choose_credential_file", { kind }),
  importCredentials: (files) => call("import_credentials", { files }),
  searchSlots: (request, onEvent) =>
    call("search_slots", { request, events: new Channel(onEvent) }),
  findPatient: (request) => call("find_patient", { request }),
  findPatientEverywhere: (request, onEvent) =>
    call("find_patient_everywhere", { request, events: new Channel(onEvent) }),
  registerPatient: (request) => call("register_patient", { request }),
  bookAppointment: (request) => call("book_appointment", { request }),
  listAppointments: (request, onEvent) =>
    call("list_appointments", { request, events: new Channel(onEvent) }),
  amendAppointment: (request) => call("amend_appointment", { request }),
  cancelAppointment: (request) => call("cancel_appointment", { request }),
  rescheduleAppointment: (request) => call("reschedule_appointment", { request }),
  saveCsv: (suggestedName, contents) => call("save_csv", { suggestedName, contents }),
  pendingWrites: () => call("pending_writes", {}),
  checkPendingWrite: (id) => call("check_pending_write", { id }),
  resolvePendingWrite: (id, note) => call("resolve_pending_write", { id, note }),
  watchWrites: (onEvent) => call("watch_writes", { events: new Channel(onEvent) }),
  listHistory: (filter) => call("list_history", { filter }),
};
