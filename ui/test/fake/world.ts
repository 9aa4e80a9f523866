/**
 * What the fake holds between calls: its practices, patients, appointments and settings, which
 * slots are taken, the failure modes, and every call made (for assertions). The command
 * modules (`*Commands.ts`) read and change it; `backend.ts` puts them behind `Backend`.
 */
import { DateTime } from "luxon";
import type { AppointmentView } from "../../src/ipc/bindings/AppointmentView";
import type { BookableSlot } from "../../src/ipc/bindings/BookableSlot";
import type { CertificateInfo } from "../../src/ipc/bindings/CertificateInfo";
import type { Settings } from "../../src/ipc/bindings/Settings";
import type { TraceView } from "../../src/ipc/bindings/TraceView";
import { UK_ZONE, epochMs } from "../../src/lib/ukTime";
import { fakeError, noRecordError } from "./errors";
import { practiceFor, syntheticPractice, type Practice } from "./practices";
import { seedPatients, type StoredPatient } from "./patients";
import { DEMO_SEED } from "./seed";
import { defaultSettings } from "./settings";
import { addDays, generateSlots, hash, iso } from "./slots";

/** How a practice answers a search or an appointments list. */
/**
 * How a practice answers a search: `secondWindowFails` answers the first 14 days and reports
 * the rest as missing (502); `noRecordFound` refuses the DoS service (404 NO_RECORD_FOUND).
 */
export type PracticeMode =
  "ok" | "fail" | "timeout" | "empty" | "slow" | "secondWindowFails" | "noRecordFound";
/** What the next booking does. */
export type BookMode =
  "ok" | "duplicate" | "reconciled" | "notBooked" | "unknown" | "timeout" | "providerError";

export type FakeModes = {
  search: Record<string, PracticeMode>;
  appointments: Record<string, PracticeMode>;
  book: BookMode;
  /** The next amend/cancel finds that someone else changed the appointment first. */
  amend: "ok" | "conflict";
  cancel: "ok" | "conflict";
  /**
   * The next reschedule: `cancelFailed` books the new appointment but cannot cancel the old;
   * `bookingUnknown` books it but loses the answer (the UI must never offer to send it again).
   */
  reschedule: "ok" | "cancelFailed" | "bookingUnknown";
  credentials: "ok" | "expiresSoon" | "expired";
  /** app_status reports a locked keyring. */
  keyringLocked: boolean;
};

/** The fake's session: signed in or not, as whom. */
export type FakeSession = {
  signedIn: boolean;
  uid: string;
  roleId: string;
  /** Why the last session ended. */
  ended: string | null;
};

/** Commands that need a signed-in user (they answer SIGN_IN_REQUIRED and send nothing). */
const NEEDS_SESSION = new Set([
  "search_slots",
  "find_patient",
  "register_patient",
  "book_appointment",
  "list_appointments",
  "amend_appointment",
  "cancel_appointment",
  "reschedule_appointment",
  "discover_practice",
  "check_practices",
  "trace_patient",
  "search_pds",
]);

export type FakeOptions = {
  /** Start signed in (the default), or not. */
  signedIn?: boolean;
  /** Practices: the seed's demo practices, or more (SIM005, SIM006, …) for load. */
  practiceCount?: number;
  /** Delay of an ordinary practice's answer, ms (0 in tests). */
  delayMs?: number;
  /** Delay of a "slow" practice, ms. */
  slowMs?: number;
  /** Delay of commands other than searches, ms. */
  callDelayMs?: number;
  /** Clock (epoch ms), for tests. */
  now?: () => number;
  /** Slot density: minutes per slot. */
  slotMinutes?: number;
  modes?: Partial<FakeModes>;
  /** Start a real file download from save_csv (browser only). */
  download?: boolean;
  /** Registrations beyond the seed's, for test scenarios: NHS number → ODS codes. */
  registrations?: Record<string, string[]>;
};

export type StoredAppointment = AppointmentView & { nhsNumber: string };

/** Who holds the one appointment the fake starts with (the README's walkthrough patient). */
export const APPOINTMENT_HOLDER = "9476719931";

export const BOOKING_ORGANISATION = "Leeds Urgent Care Service (demo) (Y90001)";

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** The seed's practices, then generated ones up to `count`. */
export function demoPractices(count = DEMO_SEED.practices.length): Practice[] {
  const practices = DEMO_SEED.practices.slice(0, count).map(practiceFor);
  for (let i = practices.length + 1; i <= count; i += 1) practices.push(syntheticPractice(i));
  return practices;
}

export class FakeWorld {
  readonly options: Required<Omit<FakeOptions, "modes" | "registrations" | "signedIn">>;
  session: FakeSession;
  readonly modes: FakeModes;
  /** Every command called, for assertions. */
  readonly calls: Array<{ command: string; args: unknown }> = [];
  practices: Practice[];
  settings: Settings;
  certificate: CertificateInfo | null;
  /** The SDS API key "in the keyring" (never returned by any command). */
  sdsApiKey: string | null = "demo-sds-api-key";
  /** The PDS key and API key are "in the keyring". */
  pdsKeyStored = true;
  pdsApiKeyStored = true;
  /** The patients traced this session, by the NHS number asked for (and the current one). */
  readonly traces = new Map<string, TraceView>();
  readonly patients: Map<string, StoredPatient>;
  readonly appointments: StoredAppointment[] = [];
  /** Slots booked (not free), by `<ODS>/<slotId>`. */
  readonly taken = new Set<string>();
  /** Slots freed by a cancellation (even if they were "booked by others" at the start). */
  readonly released = new Set<string>();
  private nextId = 1000;
  private readonly holds = new Map<string, { promise: Promise<void>; release: () => void }>();

  constructor(options: FakeOptions = {}) {
    this.options = {
      practiceCount: options.practiceCount ?? DEMO_SEED.practices.length,
      delayMs: options.delayMs ?? 0,
      slowMs: options.slowMs ?? 1500,
      callDelayMs: options.callDelayMs ?? 0,
      now: options.now ?? (() => Date.now()),
      slotMinutes: options.slotMinutes ?? 10,
      download: options.download ?? false,
    };
    this.modes = {
      search: {},
      appointments: {},
      book: "ok",
      amend: "ok",
      cancel: "ok",
      reschedule: "ok",
      credentials: "ok",
      keyringLocked: false,
      ...options.modes,
    };
    this.session = {
      signedIn: options.signedIn ?? true,
      uid: "555000000001",
      roleId: "555000000101",
      ended: null,
    };
    this.practices = demoPractices(this.options.practiceCount);
    this.settings = defaultSettings(this.practices);
    this.certificate = this.makeCertificate();
    this.patients = seedPatients(
      DEMO_SEED.patients,
      this.practices,
      DEMO_SEED.practices.map((p) => p.odsCode),
      options.registrations,
    );
    this.seedAppointment();
  }

  /** A new id for an appointment or a registration. */
  newId(): string {
    this.nextId += 1;
    return String(this.nextId);
  }

  record(command: string, args: unknown) {
    if (!this.session.signedIn && NEEDS_SESSION.has(command))
      throw fakeError(
        "SIGN_IN_REQUIRED",
        this.session.ended ?? "Sign in with your NHS Care Identity to continue.",
      );
    this.calls.push({ command, args: structuredClone(args) });
  }

  /** The call delay, after any hold on `command` (see `hold`) is released. */
  async pause(command: string) {
    await this.held(command);
    await sleep(this.options.callDelayMs);
  }

  /** Waits while `command` is held. */
  async held(command: string) {
    const held = this.holds.get(command);
    if (held) await held.promise;
  }

  sleep(ms: number): Promise<void> {
    return sleep(ms);
  }

  /** Holds every call of `command` until the returned function is called. */
  hold(command: string): () => void {
    let release = () => {};
    const promise = new Promise<void>((resolve) => {
      release = () => {
        if (this.holds.get(command)?.promise === promise) this.holds.delete(command);
        resolve();
      };
    });
    this.holds.set(command, { promise, release });
    return release;
  }

  now(): DateTime {
    return DateTime.fromMillis(this.options.now(), { zone: UK_ZONE });
  }

  today(): string {
    return this.now().toISODate() ?? "";
  }

  /** The practice `ods`; VALIDATION when it is not in Settings. */
  practice(ods: string): Practice {
    const practice = this.practices.find((p) => p.odsCode === ods);
    if (!practice)
      throw fakeError("VALIDATION", `The practice ${ods} is not in Settings.`, {
        field: "practice",
      });
    return practice;
  }

  makeCertificate(): CertificateInfo {
    const days =
      this.modes.credentials === "expired"
        ? -3
        : this.modes.credentials === "expiresSoon"
          ? 12
          : 400;
    return {
      subject: "CN=gpconnect-booking.demo.local, O=GP Connect Booking (demo)",
      issuer: "CN=GP Connect Booking demo CA",
      notAfter: this.now().plus({ days }).toISODate() ?? "",
      daysRemaining: days,
      expiresSoon: days >= 0 && days <= 30,
      expired: days < 0,
    };
  }

  /** Every slot (free or not) of `practice` on the UK dates `from`..`to`. */
  slots(practice: Practice, from: string, to: string): BookableSlot[] {
    return generateSlots(
      practice,
      from,
      to,
      this.options.slotMinutes,
      this.settings.organisation.orgType,
    );
  }

  /** Free and in the future. About one slot in five is already booked by others. */
  isFree(slot: BookableSlot): boolean {
    const key = `${slot.practiceOdsCode}/${slot.slotId}`;
    if (this.taken.has(key)) return false;
    if (hash(key) % 5 === 0 && !this.released.has(key)) return false;
    return epochMs(slot.start) > this.options.now();
  }

  /** Books `slots` as one appointment for `patient`. */
  createAppointment(
    slots: BookableSlot[],
    patient: StoredPatient,
    description: string,
    comment: string | null,
  ): StoredAppointment {
    const first = slots[0]!;
    const last = slots[slots.length - 1]!;
    for (const s of slots) this.taken.add(`${s.practiceOdsCode}/${s.slotId}`);
    const appointment: StoredAppointment = {
      nhsNumber: patient.nhsNumber,
      practice: { odsCode: first.practiceOdsCode, name: first.practiceName },
      appointmentId: this.newId(),
      versionId: "1",
      patientId: patient.records[first.practiceOdsCode]?.id ?? null,
      status: "booked",
      start: first.start,
      end: last.end,
      durationMinutes: slots.reduce((sum, s) => sum + s.durationMinutes, 0),
      description,
      comment,
      deliveryChannel: first.deliveryChannel,
      slotType: first.slotType,
      scheduleType: first.scheduleType,
      role: first.practitionerRole?.display ?? null,
      location: {
        name: first.location.name,
        address: first.location.address,
        phone: first.location.phone,
      },
      practitioner: first.practitioner
        ? { name: first.practitioner.name, gender: first.practitioner.gender }
        : null,
      bookingOrganisation: BOOKING_ORGANISATION,
      cancellationReason: null,
      notChangeableReason: null,
      created: iso(this.now()),
      slotIds: slots.map((s) => s.slotId),
      changeable: true,
    };
    this.appointments.push(appointment);
    return appointment;
  }

  /** The appointment as `list_appointments` shows it (a copy). */
  view(a: StoredAppointment): AppointmentView {
    const { nhsNumber: _omit, ...view } = a;
    const visit = a.deliveryChannel === "Visit";
    const changeable =
      !visit && a.status === "booked" && epochMs(a.start ?? "") > this.options.now();
    return structuredClone({
      ...view,
      changeable,
      notChangeableReason: visit
        ? "This is a home visit: GP Connect cannot amend or cancel visits. Contact the practice to change it"
        : a.notChangeableReason,
    });
  }

  /** The appointment held at `practice` with `id`; NO_RECORD_FOUND when there is none. */
  find(practice: string, id: string): StoredAppointment {
    const appointment = this.appointments.find(
      (a) => a.practice.odsCode === practice && a.appointmentId === id,
    );
    if (!appointment) throw noRecordError();
    return appointment;
  }

  /** A new version of `a` (after any change). */
  bump(a: StoredAppointment) {
    a.versionId = String(Number(a.versionId ?? "1") + 1);
  }

  /** The holder's appointment at the first practice, in a few days' time. */
  private seedAppointment() {
    const patient = this.patients.get(APPOINTMENT_HOLDER);
    const practice = this.practices[0];
    if (!patient || !practice) return;
    const slots = this.slots(practice, this.today(), addDays(this.today(), 14));
    const first = slots.find((s) => epochMs(s.start) > this.options.now() + 3 * 86400000);
    if (first) this.createAppointment([first], patient, "Asthma review", "Prefers a morning call");
  }
}
