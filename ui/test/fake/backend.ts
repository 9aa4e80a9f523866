/**
 * An in-memory backend with the same interface as the Tauri one: the demo practices and
 * patients of the simulator's seed (`seed.ts`), generated free slots, appointments, and
 * switchable failure modes. Used by the component tests and by the browser-only dev page
 * (`ui/dev/`); never part of the app's build.
 *
 * Each command lives in a `*Commands.ts` module over the shared `FakeWorld`; this class only
 * puts them behind `Backend` and adds the controls tests use.
 */
import type { Backend } from "../../src/ipc/backend";
import type { AmendRequest } from "../../src/ipc/bindings/AmendRequest";
import type { AppointmentsEvent } from "../../src/ipc/bindings/AppointmentsEvent";
import type { AppointmentView } from "../../src/ipc/bindings/AppointmentView";
import type { BookRequest } from "../../src/ipc/bindings/BookRequest";
import type { CancelRequest } from "../../src/ipc/bindings/CancelRequest";
import type { CredentialFiles } from "../../src/ipc/bindings/CredentialFiles";
import type { CredentialKind } from "../../src/ipc/bindings/CredentialKind";
import type { FindEverywhereRequest } from "../../src/ipc/bindings/FindEverywhereRequest";
import type { Environment } from "../../src/ipc/bindings/Environment";
import type { FindPatientRequest } from "../../src/ipc/bindings/FindPatientRequest";
import type { PatientEvent } from "../../src/ipc/bindings/PatientEvent";
import type { HistoryFilter } from "../../src/ipc/bindings/HistoryFilter";
import type { WritesEvent } from "../../src/ipc/bindings/WritesEvent";
import type { ListAppointmentsRequest } from "../../src/ipc/bindings/ListAppointmentsRequest";
import type { RegisterPatientRequest } from "../../src/ipc/bindings/RegisterPatientRequest";
import type { RescheduleRequest } from "../../src/ipc/bindings/RescheduleRequest";
import type { SearchEvent } from "../../src/ipc/bindings/SearchEvent";
import type { Settings } from "../../src/ipc/bindings/Settings";
import type { SlotSearchRequest } from "../../src/ipc/bindings/SlotSearchRequest";
import type { SearchQuery } from "../../src/ipc/bindings/SearchQuery";
import type { TraceRequest } from "../../src/ipc/bindings/TraceRequest";
import { compactNhsNumber } from "../../src/lib/nhsNumber";
import * as appointments from "./appointmentCommands";
import * as booking from "./bookingCommands";
import * as patients from "./patientCommands";
import * as pds from "./pdsCommands";
import * as search from "./searchCommands";
import * as session from "./sessionCommands";
import * as settings from "./settingsCommands";
import * as writes from "./writesCommands";
import { addDays } from "./slots";
import { FakeWorld, type FakeModes, type FakeOptions, type StoredAppointment } from "./world";

/** Text only the fake holds: `scripts/test.sh` fails when the app's build contains it. */
export const FAKE_MARKER = "gpc-fake-backend: in-memory test double, never in the app";

export class FakeBackend implements Backend {
  /** See `FAKE_MARKER`. */
  readonly marker = FAKE_MARKER;
  private readonly world: FakeWorld;

  constructor(options: FakeOptions = {}) {
    this.world = new FakeWorld(options);
  }

  /** The failure modes; a test changes them before the call they should affect. */
  get modes(): FakeModes {
    return this.world.modes;
  }

  /** Signs the fake's user out (as an idle timeout would): the next call asks to sign in. */
  endSession(reason: string) {
    this.world.session = { ...this.world.session, signedIn: false, ended: reason };
  }

  /** Every command called, for assertions. */
  get calls(): ReadonlyArray<{ command: string; args: unknown }> {
    return this.world.calls;
  }

  /** Calls to `command`, newest last. */
  callsTo(command: string): unknown[] {
    return this.world.calls.filter((c) => c.command === command).map((c) => c.args);
  }

  /**
   * Holds every call of `command` (e.g. `book_appointment`) before it does anything, until the
   * returned function is called: tests use it to act while a request is in flight.
   */
  hold(command: string): () => void {
    return this.world.hold(command);
  }

  /** Books the first free slot at `ods` from `day` (UK date) for a patient (for tests). */
  seedAppointment(nhsNumber: string, ods: string, day: string, description: string) {
    const world = this.world;
    const patient = world.patients.get(compactNhsNumber(nhsNumber));
    if (!patient) throw new Error(`no patient ${nhsNumber}`);
    const slot = world
      .slots(world.practice(ods), day, addDays(day, 14))
      .find((s) => world.isFree(s));
    if (!slot) throw new Error(`no free slot at ${ods}`);
    return world.view(world.createAppointment([slot], patient, description, null));
  }

  /**
   * The practice books a home visit (GP Connect 1.2.9) for the patient at `start`: listed, never
   * changeable, at the "unknown visit location" (for tests).
   */
  seedVisit(nhsNumber: string, ods: string, start: string, end: string) {
    const world = this.world;
    const patient = world.patients.get(compactNhsNumber(nhsNumber));
    if (!patient) throw new Error(`no patient ${nhsNumber}`);
    const practice = world.practice(ods);
    const visit: StoredAppointment = {
      nhsNumber: patient.nhsNumber,
      practice: { odsCode: ods, name: practice.name },
      appointmentId: world.newId(),
      versionId: "1",
      patientId: patient.records[ods]?.id ?? null,
      status: "booked",
      start,
      end,
      durationMinutes: 30,
      description: "Home visit",
      comment: "Home visit: housebound patient",
      deliveryChannel: "Visit",
      slotType: null,
      scheduleType: null,
      role: null,
      location: { name: "Contact practice for location of the visit", address: [], phone: null },
      practitioner: null,
      bookingOrganisation: null,
      cancellationReason: null,
      notChangeableReason: null,
      created: start,
      slotIds: [],
      changeable: false,
    };
    world.appointments.push(visit);
    return world.view(visit);
  }

  /** Appointments held (for tests). */
  storedAppointments(): AppointmentView[] {
    return this.world.appointments.map((a) => this.world.view(a));
  }

  appStatus = () => settings.appStatus(this.world);
  sessionStatus = (active: boolean) => session.sessionStatus(this.world, active);
  signIn = () => session.signIn(this.world);
  signInDemo = (uid: string, roleId: string) => session.signInDemo(this.world, uid, roleId);
  cancelSignIn = () => session.cancelSignIn(this.world);
  chooseRole = (roleId: string) => session.chooseRole(this.world, roleId);
  signOut = () => session.signOut(this.world);
  checkPractices = () => session.checkPractices(this.world);
  environmentPresets = () => session.environmentPresets(this.world);
  switchEnvironment = (environment: Environment) =>
    session.switchEnvironment(this.world, environment);
  importCis2Key = (path: string) => session.importCis2Key(this.world, path);
  saveCis2ClientSecret = (secret: string) => session.saveCis2ClientSecret(this.world, secret);
  cis2PublicJwks = () => session.cis2PublicJwks(this.world);
  getSettings = () => settings.getSettings(this.world);
  saveSettings = (s: Settings) => settings.saveSettings(this.world, s);
  saveSdsApiKey = (key: string) => settings.saveSdsApiKey(this.world, key);
  useDemo = () => settings.useDemo(this.world);
  discoverPractice = (form: Settings, odsCode: string) =>
    settings.discoverPractice(this.world, form, odsCode);
  chooseCredentialFile = (kind: CredentialKind) => settings.chooseCredentialFile(this.world, kind);
  importCredentials = (files: CredentialFiles) => settings.importCredentials(this.world, files);
  searchSlots = (request: SlotSearchRequest, onEvent: (event: SearchEvent) => void) =>
    search.searchSlots(this.world, request, onEvent);
  findPatient = (request: FindPatientRequest) => patients.findPatient(this.world, request);
  findPatientEverywhere = (
    request: FindEverywhereRequest,
    onEvent: (event: PatientEvent) => void,
  ) => patients.findPatientEverywhere(this.world, request, onEvent);
  registerPatient = (request: RegisterPatientRequest) =>
    patients.registerPatient(this.world, request);
  bookAppointment = (request: BookRequest) => booking.bookAppointment(this.world, request);
  listAppointments = (
    request: ListAppointmentsRequest,
    onEvent: (event: AppointmentsEvent) => void,
  ) => appointments.listAppointments(this.world, request, onEvent);
  amendAppointment = (request: AmendRequest) => appointments.amendAppointment(this.world, request);
  cancelAppointment = (request: CancelRequest) =>
    appointments.cancelAppointment(this.world, request);
  rescheduleAppointment = (request: RescheduleRequest) =>
    booking.rescheduleAppointment(this.world, request);
  saveCsv = (suggestedName: string, contents: string) =>
    appointments.saveCsv(this.world, suggestedName, contents);
  pendingWrites = () => writes.pendingWrites(this.world);
  checkPendingWrite = (id: number) => writes.checkPendingWrite(this.world, id);
  resolvePendingWrite = (id: number, note: string) =>
    writes.resolvePendingWrite(this.world, id, note);
  watchWrites = (onEvent: (event: WritesEvent) => void) => writes.watchWrites(this.world, onEvent);
  listHistory = (filter: HistoryFilter) => writes.listHistory(this.world, filter);
  tracePatient = (request: TraceRequest) => pds.tracePatient(this.world, request);
  searchPds = (query: SearchQuery) => pds.searchPds(this.world, query);
  importPdsKey = (path: string) => pds.importPdsKey(this.world, path);
  savePdsApiKey = (key: string) => pds.savePdsApiKey(this.world, key);
  pdsPublicJwks = () => pds.pdsPublicJwks(this.world);
}
