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
  getSettings: () => call("get_settings", {}),
  saveSettings: (settings) => call("save_settings", { settings }),
  saveSdsApiKey: (key) => call("save_sds_api_key", { key }),
  useDemo: () => call("use_demo", {}),
  discoverPractice: (odsCode) => call("discover_practice", { odsCode }),
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
};
