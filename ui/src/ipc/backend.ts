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
  /** `get_settings`. */
  getSettings(): ResultOf<"get_settings">;
  /** `save_settings`: VALIDATION lists `details.fields` (`organisation.odsCode`, …). */
  saveSettings(settings: ArgsOf<"save_settings">["settings"]): ResultOf<"save_settings">;
  /** `save_sds_api_key`: into the keyring (empty removes it); never read back. */
  saveSdsApiKey(key: ArgsOf<"save_sds_api_key">["key"]): ResultOf<"save_sds_api_key">;
  /** `use_demo`: the built-in simulator and its practices. */
  useDemo(): ResultOf<"use_demo">;
  /** `discover_practice`: looks a practice up in SDS. */
  discoverPractice(odsCode: ArgsOf<"discover_practice">["odsCode"]): ResultOf<"discover_practice">;
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
}

/**
 * Which Backend method calls each command: every command of the Rust table must appear here
 * (a command added in Rust fails `tsc` until the UI maps it).
 */
export const METHOD_OF: { readonly [K in CommandName]: keyof Backend } = {
  app_status: "appStatus",
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
};
