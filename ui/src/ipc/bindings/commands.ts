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
import type { Environment } from "./Environment";
import type { EnvironmentPresets } from "./EnvironmentPresets";
import type { FindEverywhereRequest } from "./FindEverywhereRequest";
import type { FindPatientRequest } from "./FindPatientRequest";
import type { HistoryFilter } from "./HistoryFilter";
import type { HistoryRow } from "./HistoryRow";
import type { ListAppointmentsRequest } from "./ListAppointmentsRequest";
import type { PatientEvent } from "./PatientEvent";
import type { PatientLookup } from "./PatientLookup";
import type { PdsSearchResult } from "./PdsSearchResult";
import type { PendingWriteView } from "./PendingWriteView";
import type { PracticeChecks } from "./PracticeChecks";
import type { PracticeSettings } from "./PracticeSettings";
import type { RegisterPatientRequest } from "./RegisterPatientRequest";
import type { RescheduleRequest } from "./RescheduleRequest";
import type { RescheduleResult } from "./RescheduleResult";
import type { SearchEvent } from "./SearchEvent";
import type { SearchQuery } from "./SearchQuery";
import type { SearchSummary } from "./SearchSummary";
import type { SessionView } from "./SessionView";
import type { Settings } from "./Settings";
import type { SlotSearchRequest } from "./SlotSearchRequest";
import type { TraceRequest } from "./TraceRequest";
import type { TraceView } from "./TraceView";
import type { WritesEvent } from "./WritesEvent";

/** Every command: its arguments (camelCase, as Tauri passes them) and its result. */
export type Commands = {
  /** Environment, organisation, user, practices, certificate, SDS key and problems. */
  app_status: { args: Record<string, never>; result: AppStatus };
  /** The session: user, role, expiry, roles to choose, demo users; `active` counts as use. */
  session_status: { args: { active: boolean }; result: SessionView };
  /** Signs in with NHS CIS2 through the system browser. */
  sign_in: { args: Record<string, never>; result: SessionView };
  /** Demo mode: signs in as a demo user in one of their roles, through the same flow. */
  sign_in_demo: { args: { uid: string; roleId: string }; result: SessionView };
  /** Cancels a sign-in waiting for the browser. */
  cancel_sign_in: { args: Record<string, never>; result: SessionView };
  /** Chooses the role of a user who holds several. */
  choose_role: { args: { roleId: string }; result: SessionView };
  /** Signs out. */
  sign_out: { args: Record<string, never>; result: SessionView };
  /** Each practice this session: SDS resolution and GP Connect version (read once). */
  check_practices: { args: Record<string, never>; result: PracticeChecks };
  /** The settings of the environment in use, for the settings screen. */
  get_settings: { args: Record<string, never>; result: Settings };
  /** Validates and saves the settings; VALIDATION lists `details.fields`. */
  save_settings: { args: { settings: Settings }; result: AppStatus };
  /** What is known of each environment (addresses, sources, verified or not). */
  environment_presets: { args: Record<string, never>; result: EnvironmentPresets };
  /** Switches environment (Demo, INT, DEP, Live), keeping each one's settings. */
  switch_environment: { args: { environment: Environment }; result: Settings };
  /** Stores the SDS API key of the environment in use in the keyring (empty removes it). */
  save_sds_api_key: { args: { key: string }; result: AppStatus };
  /** Switches to demo mode: the built-in simulator and its practices. */
  use_demo: { args: Record<string, never>; result: AppStatus };
  /** Looks a practice up in SDS by ODS code, with the settings as typed in the form. */
  discover_practice: { args: { settings: Settings; odsCode: string }; result: PracticeSettings };
  /** Stores the site's CIS2 private key (PEM file) in the keyring. */
  import_cis2_key: { args: { path: string }; result: AppStatus };
  /** Stores the CIS2 client secret in the keyring (empty removes it). */
  save_cis2_client_secret: { args: { secret: string }; result: AppStatus };
  /** The public key to register with CIS2, as a JWKS document. */
  cis2_public_jwks: { args: Record<string, never>; result: string };
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
  /** Writes still unknown, and those open when the app started with what became of them. */
  pending_writes: { args: Record<string, never>; result: Array<PendingWriteView> };
  /** Reads one write back now ("check now"). */
  check_pending_write: { args: { id: number }; result: PendingWriteView };
  /** Closes a write still unknown after the user called the practice; `note` is kept. */
  resolve_pending_write: { args: { id: number; note: string }; result: PendingWriteView };
  /** Every change the background checks find arrives on `events`. */
  watch_writes: { args: { events: Channel<WritesEvent> }; result: null };
  /** The local audit trail, newest first. */
  list_history: { args: { filter: HistoryFilter }; result: Array<HistoryRow> };
  /** Traces the patient on PDS by NHS number (kept for the session). */
  trace_patient: { args: { request: TraceRequest }; result: TraceView };
  /** Searches PDS by demographics; the matches in PDS's order. */
  search_pds: { args: { query: SearchQuery }; result: PdsSearchResult };
  /** Stores the application's PDS private key (PEM file chosen in the dialog) in the keyring. */
  import_pds_key: { args: { path: string }; result: AppStatus };
  /** Stores the application's PDS API key in the keyring (empty removes it). */
  save_pds_api_key: { args: { key: string }; result: AppStatus };
  /** The public key to register with the NHS API platform for PDS, as a JWKS document. */
  pds_public_jwks: { args: Record<string, never>; result: string };
};

/** A command name. */
export type CommandName = keyof Commands;
