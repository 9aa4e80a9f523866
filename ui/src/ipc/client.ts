/**
 * The backend over Tauri IPC: the only module that imports `@tauri-apps/api`. Argument names
 * are camelCase (Tauri maps them to the Rust commands' snake_case parameters). A failed command
 * rejects with a `CommandError`; anything else that rejects (an IPC failure, an unknown
 * command) is turned into one, so callers always get `{code, message, details}`.
 */
import { Channel, invoke } from "@tauri-apps/api/core";
import { toCommandError } from "../lib/errors";
import type { Backend } from "./backend";
import type { AppointmentsEvent } from "./bindings/AppointmentsEvent";
import type { SearchEvent } from "./bindings/SearchEvent";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toCommandError(error);
  }
}

export function isTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

export const tauriBackend: Backend = {
  appStatus: () => call("app_status"),
  getSettings: () => call("get_settings"),
  saveSettings: (settings) => call("save_settings", { settings }),
  useDemo: () => call("use_demo"),
  discoverPractice: (odsCode) => call("discover_practice", { odsCode }),
  chooseCredentialFile: (kind) => call("choose_credential_file", { kind }),
  importCredentials: (files) => call("import_credentials", { files }),
  searchSlots: (request, onEvent) => {
    const events = new Channel<SearchEvent>(onEvent);
    return call("search_slots", { request, events });
  },
  findPatient: (request) => call("find_patient", { request }),
  registerPatient: (request) => call("register_patient", { request }),
  bookAppointment: (request) => call("book_appointment", { request }),
  listAppointments: async (request, onEvent) => {
    const events = new Channel<AppointmentsEvent>(onEvent);
    await call<unknown>("list_appointments", { request, events });
  },
  amendAppointment: (request) => call("amend_appointment", { request }),
  cancelAppointment: (request) => call("cancel_appointment", { request }),
  rescheduleAppointment: (request) => call("reschedule_appointment", { request }),
  saveCsv: (suggestedName, contents) => call("save_csv", { suggestedName, contents }),
};
