/**
 * The backend as the UI sees it: one typed method per Tauri command (see src-tauri/src/commands).
 * `client.ts` implements it over Tauri IPC; `ui/test/fake` in memory (tests, the browser dev page).
 * Every method rejects with a `CommandError` on failure.
 */
import type { AmendRequest } from "./bindings/AmendRequest";
import type { AppStatus } from "./bindings/AppStatus";
import type { AppointmentsEvent } from "./bindings/AppointmentsEvent";
import type { BookingResult } from "./bindings/BookingResult";
import type { BookRequest } from "./bindings/BookRequest";
import type { CancelRequest } from "./bindings/CancelRequest";
import type { CertificateInfo } from "./bindings/CertificateInfo";
import type { ChangeResult } from "./bindings/ChangeResult";
import type { CredentialFiles } from "./bindings/CredentialFiles";
import type { CredentialKind } from "./bindings/CredentialKind";
import type { FindPatientRequest } from "./bindings/FindPatientRequest";
import type { ListAppointmentsRequest } from "./bindings/ListAppointmentsRequest";
import type { PatientLookup } from "./bindings/PatientLookup";
import type { PracticeSettings } from "./bindings/PracticeSettings";
import type { RegisterPatientRequest } from "./bindings/RegisterPatientRequest";
import type { RescheduleRequest } from "./bindings/RescheduleRequest";
import type { RescheduleResult } from "./bindings/RescheduleResult";
import type { SearchEvent } from "./bindings/SearchEvent";
import type { SearchSummary } from "./bindings/SearchSummary";
import type { Settings } from "./bindings/Settings";
import type { SlotSearchRequest } from "./bindings/SlotSearchRequest";

export interface Backend {
  /** `app_status`: mode, organisation, user, practices, certificate, problems. */
  appStatus(): Promise<AppStatus>;
  /** `get_settings`. */
  getSettings(): Promise<Settings>;
  /** `save_settings`: VALIDATION lists `details.fields` (`organisation.odsCode`, …). */
  saveSettings(settings: Settings): Promise<AppStatus>;
  /** `use_demo`: the built-in simulator and its practices. */
  useDemo(): Promise<AppStatus>;
  /** `discover_practice`: looks a practice up in SDS. */
  discoverPractice(odsCode: string): Promise<PracticeSettings>;
  /** `choose_credential_file`: native file dialog; `null` when cancelled. */
  chooseCredentialFile(kind: CredentialKind): Promise<string | null>;
  /** `import_credentials`: stores the PEM files in the keyring. */
  importCredentials(files: CredentialFiles): Promise<CertificateInfo>;
  /** `search_slots`: `onEvent` gets each practice's progress as it happens. */
  searchSlots(
    request: SlotSearchRequest,
    onEvent: (event: SearchEvent) => void,
  ): Promise<SearchSummary>;
  /** `find_patient`. */
  findPatient(request: FindPatientRequest): Promise<PatientLookup>;
  /** `register_patient`. */
  registerPatient(request: RegisterPatientRequest): Promise<PatientLookup>;
  /** `book_appointment`: DUPLICATE_REJECTED when the slot was just taken. */
  bookAppointment(request: BookRequest): Promise<BookingResult>;
  /** `list_appointments`: `onEvent` gets each practice's answer as it arrives. */
  listAppointments(
    request: ListAppointmentsRequest,
    onEvent: (event: AppointmentsEvent) => void,
  ): Promise<void>;
  /** `amend_appointment`. */
  amendAppointment(request: AmendRequest): Promise<ChangeResult>;
  /** `cancel_appointment`. */
  cancelAppointment(request: CancelRequest): Promise<ChangeResult>;
  /** `reschedule_appointment`: books the new one first, then cancels the old. */
  rescheduleAppointment(request: RescheduleRequest): Promise<RescheduleResult>;
  /** `save_csv`: native save dialog; the path written, `null` when cancelled. */
  saveCsv(suggestedName: string, contents: string): Promise<string | null>;
}
