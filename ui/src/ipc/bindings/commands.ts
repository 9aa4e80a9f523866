// Generated from the command table in src-tauri/src/ipc.rs by `cargo test bindings`.
// Do not edit: `UPDATE_BINDINGS=1 cargo test bindings` rewrites it.
import type { Channel } from "@tauri-apps/api/core";
import type { AmendRequest } from "./AmendRequest";
import type { AppStatus } from "./AppStatus";
import type { AppointmentsEvent } from "./AppointmentsEvent";
import type { BookRequest } from "./BookRequest";
import type { BookingResult } from "./BookingResult";
import type { CancelRequest } from "./CancelRequest";
import type { CertificateInfo } from "./CertificateInfo";
import type { ChangeResult } from "./ChangeResult";
import type { CredentialFiles } from "./CredentialFiles";
import type { CredentialKind } from "./CredentialKind";
import type { FindEverywhereRequest } from "./FindEverywhereRequest";
import type { FindPatientRequest } from "./FindPatientRequest";
import type { ListAppointmentsRequest } from "./ListAppointmentsRequest";
import type { PatientEvent } from "./PatientEvent";
import type { PatientLookup } from "./PatientLookup";
import type { PracticeSettings } from "./PracticeSettings";
import type { RegisterPatientRequest } from "./RegisterPatientRequest";
import type { RescheduleRequest } from "./RescheduleRequest";
import type { RescheduleResult } from "./RescheduleResult";
import type { SearchEvent } from "./SearchEvent";
import type { SearchSummary } from "./SearchSummary";
import type { Settings } from "./Settings";
import type { SlotSearchRequest } from "./SlotSearchRequest";

/** Every command: its arguments (camelCase, as Tauri passes them) and its result. */
export type Commands = {
  /** Mode, organisation, user, practices, certificate, SDS key and problems. */
  app_status: { args: Record<string, never>; result: AppStatus };
  /** The settings, for the settings screen. */
  get_settings: { args: Record<string, never>; result: Settings };
  /** Validates and saves the settings; VALIDATION lists `details.fields`. */
  save_settings: { args: { settings: Settings }; result: AppStatus };
  /** Stores the SDS API key of the current mode in the keyring (empty removes it). */
  save_sds_api_key: { args: { key: string }; result: AppStatus };
  /** Switches to demo mode: the built-in simulator and its practices. */
  use_demo: { args: Record<string, never>; result: AppStatus };
  /** Looks a practice up in SDS by ODS code. */
  discover_practice: { args: { odsCode: string }; result: PracticeSettings };
  /** Opens the native file dialog for one credential file; `null` when cancelled. */
  choose_credential_file: { args: { kind: CredentialKind }; result: string | null };
  /** Stores the certificate, key and CA files in the keyring. */
  import_credentials: { args: { files: CredentialFiles }; result: CertificateInfo };
  /** Searches free slots; each practice's progress arrives on `events`. */
  search_slots: { args: { request: SlotSearchRequest; events: Channel<SearchEvent> }; result: SearchSummary };
  /** Finds the patient's one record at a practice. */
  find_patient: { args: { request: FindPatientRequest }; result: PatientLookup };
  /** Finds the patient at every chosen practice at once; each answer arrives on `events`. */
  find_patient_everywhere: { args: { request: FindEverywhereRequest; events: Channel<PatientEvent> }; result: null };
  /** Registers the patient temporarily at a practice. */
  register_patient: { args: { request: RegisterPatientRequest }; result: PatientLookup };
  /** Books once; a lost answer is reconciled by reading, never resent. */
  book_appointment: { args: { request: BookRequest }; result: BookingResult };
  /** Lists the patient's appointments; each practice's answer arrives on `events`. */
  list_appointments: { args: { request: ListAppointmentsRequest; events: Channel<AppointmentsEvent> }; result: null };
  /** Amends description and comment as of the version the user saw. */
  amend_appointment: { args: { request: AmendRequest }; result: ChangeResult };
  /** Cancels with a reason as of the version the user saw. */
  cancel_appointment: { args: { request: CancelRequest }; result: ChangeResult };
  /** Books the new slots, then cancels the old appointment. */
  reschedule_appointment: { args: { request: RescheduleRequest }; result: RescheduleResult };
  /** Saves text where the user chooses in the native save dialog; `null` when cancelled. */
  save_csv: { args: { suggestedName: string; contents: string }; result: string | null };
};

/** A command name. */
export type CommandName = keyof Commands;
