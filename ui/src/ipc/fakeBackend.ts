/**
 * An in-memory backend with the same interface as the Tauri one: a few practices with
 * generated free slots, patients, appointments, and switchable failure modes. Used by the
 * component tests and by the browser when the app is not inside Tauri (`npm run dev:ui`).
 *
 * In the browser it is configured from the URL, e.g.
 * `?practices=20&weeks=2&delay=400&fail=GPC001&timeout=R3B46&slow=R1A15`, and exposed as
 * `window.__gpcFake` so modes can be switched from the console.
 */
import { DateTime } from "luxon";
import type { Backend } from "./backend";
import type { AmendRequest } from "./bindings/AmendRequest";
import type { AppStatus } from "./bindings/AppStatus";
import type { AppointmentsEvent } from "./bindings/AppointmentsEvent";
import type { AppointmentView } from "./bindings/AppointmentView";
import type { BookableSlot } from "./bindings/BookableSlot";
import type { BookingConfirmation } from "./bindings/BookingConfirmation";
import type { BookingResult } from "./bindings/BookingResult";
import type { BookRequest } from "./bindings/BookRequest";
import type { CancelRequest } from "./bindings/CancelRequest";
import type { CertificateInfo } from "./bindings/CertificateInfo";
import type { ChangeResult } from "./bindings/ChangeResult";
import type { CommandError } from "./bindings/CommandError";
import type { CredentialFiles } from "./bindings/CredentialFiles";
import type { CredentialKind } from "./bindings/CredentialKind";
import type { DemographicDifference } from "./bindings/DemographicDifference";
import type { Demographics } from "./bindings/Demographics";
import type { FieldError } from "./bindings/FieldError";
import type { FindPatientRequest } from "./bindings/FindPatientRequest";
import type { ListAppointmentsRequest } from "./bindings/ListAppointmentsRequest";
import type { PatientLookup } from "./bindings/PatientLookup";
import type { PatientRecord } from "./bindings/PatientRecord";
import type { PracticeSettings } from "./bindings/PracticeSettings";
import type { RegisterPatientRequest } from "./bindings/RegisterPatientRequest";
import type { RescheduleRequest } from "./bindings/RescheduleRequest";
import type { RescheduleResult } from "./bindings/RescheduleResult";
import type { SearchEvent } from "./bindings/SearchEvent";
import type { SearchSummary } from "./bindings/SearchSummary";
import type { Settings } from "./bindings/Settings";
import type { SlotSearchRequest } from "./bindings/SlotSearchRequest";
import { checkAdjacent } from "../lib/adjacency";
import { compactNhsNumber, formatNhsNumber, isValidNhsNumber } from "../lib/nhsNumber";
import { isEmail, isPhoneNumber } from "../lib/registration";
import { UK_ZONE, epochMs } from "../lib/ukTime";

/** How a practice answers a search or an appointments list. */
export type PracticeMode = "ok" | "fail" | "timeout" | "empty" | "slow";
/** What the next booking does. */
export type BookMode =
  "ok" | "duplicate" | "reconciled" | "notBooked" | "timeout" | "providerError";

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

export type FakeOptions = {
  /** Practices: 4 demo practices, or more (SIM005, SIM006, …) for load. */
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
};

type Schedule = {
  id: string;
  locationId: string;
  practitioner: { id: string; name: string; gender: string } | null;
  role: { code: string; display: string } | null;
  scheduleType: string;
  deliveryChannel: string;
  slotType: string;
  sessions: Array<[number, number]>; // minutes from midnight
  weekdays: number[]; // luxon weekday numbers
};

type Practice = {
  odsCode: string;
  name: string;
  telephone: string;
  locations: Record<string, { name: string; address: string[]; phone: string }>;
  schedules: Schedule[];
};

type StoredPatient = {
  nhsNumber: string;
  prefix: string;
  given: string[];
  family: string;
  gender: string;
  birthDate: string;
  address: string[];
  /** Practices with a record, and the patient's id there. */
  records: Record<string, { id: string; registrationType: string }>;
};

type StoredAppointment = AppointmentView & { nhsNumber: string };

const DEMO_PRACTICES: Practice[] = [
  {
    odsCode: "A20047",
    name: "Dr Legg's Surgery",
    telephone: "0113 496 0101",
    locations: {
      "16": {
        name: "Dr Legg's Surgery",
        address: ["1 Town Street", "Horsforth", "Leeds", "LS18 4RJ"],
        phone: "0113 496 0101",
      },
      "17": {
        name: "Dr Legg's Branch Surgery",
        address: ["22 Low Lane", "Horsforth", "Leeds", "LS18 5PX"],
        phone: "0113 496 0111",
      },
    },
    schedules: [
      {
        id: "1",
        locationId: "16",
        practitioner: { id: "1", name: "Dr Gilbert Legg", gender: "male" },
        role: { code: "R0260", display: "General Medical Practitioner" },
        scheduleType: "General GP Appointments",
        deliveryChannel: "In-person",
        slotType: "Standard",
        sessions: [
          [8 * 60 + 30, 12 * 60],
          [14 * 60, 17 * 60 + 30],
        ],
        weekdays: [1, 2, 3, 4, 5],
      },
      {
        id: "2",
        locationId: "17",
        practitioner: { id: "2", name: "Dr Sarah Black", gender: "female" },
        role: { code: "R0260", display: "General Medical Practitioner" },
        scheduleType: "Branch Surgery Session",
        deliveryChannel: "In-person",
        slotType: "Standard",
        sessions: [[9 * 60, 12 * 60]],
        weekdays: [1, 3, 5],
      },
      {
        id: "12",
        locationId: "16",
        practitioner: { id: "3", name: "Nurse Amy Hughes", gender: "female" },
        role: { code: "R0690", display: "Practice Nurse" },
        scheduleType: "Nurse Telephone Clinic",
        deliveryChannel: "Telephone",
        slotType: "Nurse telephone",
        sessions: [[13 * 60, 16 * 60]],
        weekdays: [1, 2, 3, 4, 5],
      },
    ],
  },
  {
    odsCode: "GPC001",
    name: "GP Connect Demonstrator Practice",
    telephone: "0113 496 0202",
    locations: {
      "1": {
        name: "Demonstrator Health Centre",
        address: ["5 Park Row", "Leeds", "LS1 5HD"],
        phone: "0113 496 0202",
      },
      "2": {
        name: "Demonstrator Health Centre",
        address: ["5 Park Row", "Leeds", "LS1 5HD"],
        phone: "0113 496 0202",
      },
    },
    schedules: [
      {
        id: "3",
        locationId: "2",
        practitioner: { id: "3", name: "Dr Ravi Mistry", gender: "male" },
        role: { code: "R0260", display: "General Medical Practitioner" },
        scheduleType: "Morning Surgery",
        deliveryChannel: "In-person",
        slotType: "Standard",
        sessions: [[8 * 60, 11 * 60 + 30]],
        weekdays: [1, 2, 3, 4, 5],
      },
      {
        id: "6",
        locationId: "1",
        practitioner: { id: "3", name: "Dr Ravi Mistry", gender: "male" },
        role: { code: "R0260", display: "General Medical Practitioner" },
        scheduleType: "Telephone Triage",
        deliveryChannel: "Telephone",
        slotType: "Telephone triage",
        sessions: [[12 * 60, 14 * 60]],
        weekdays: [1, 2, 3, 4, 5],
      },
    ],
  },
  {
    odsCode: "R1A15",
    name: "The Hepworth Surgery",
    telephone: "0113 496 0303",
    locations: {
      "4": {
        name: "The Hepworth Surgery",
        address: ["Hepworth Road", "Wakefield", "WF1 2DP"],
        phone: "0113 496 0303",
      },
    },
    schedules: [
      {
        id: "9",
        locationId: "4",
        practitioner: { id: "2", name: "Dr Helen Okafor", gender: "female" },
        role: { code: "R0260", display: "General Medical Practitioner" },
        scheduleType: "General GP Appointments",
        deliveryChannel: "In-person",
        slotType: "Standard",
        sessions: [
          [9 * 60, 12 * 60],
          [15 * 60, 18 * 60],
        ],
        weekdays: [1, 2, 3, 4, 5],
      },
      {
        id: "90",
        locationId: "4",
        practitioner: null,
        role: { code: "R1590", display: "Phlebotomist" },
        scheduleType: "Phlebotomy Clinic",
        deliveryChannel: "In-person",
        slotType: "Blood test",
        sessions: [[8 * 60, 10 * 60]],
        weekdays: [2, 4],
      },
    ],
  },
  {
    odsCode: "R3B46",
    name: "Leeds Extended Access Hub",
    telephone: "0113 496 0404",
    locations: {
      "5": {
        name: "Leeds Extended Access Hub",
        address: ["St George's Centre", "Middleton", "Leeds", "LS10 4UZ"],
        phone: "0113 496 0404",
      },
    },
    schedules: [
      {
        id: "11",
        locationId: "5",
        practitioner: { id: "2", name: "Dr Tom Adeyemi", gender: "male" },
        role: { code: "R0260", display: "General Medical Practitioner" },
        scheduleType: "Extended Access Evening",
        deliveryChannel: "Video",
        slotType: "Extended access",
        sessions: [[18 * 60 + 30, 20 * 60]],
        weekdays: [1, 2, 3, 4, 5],
      },
      {
        id: "14",
        locationId: "5",
        practitioner: { id: "4", name: "Dr Mina Shah", gender: "female" },
        role: { code: "R0260", display: "General Medical Practitioner" },
        scheduleType: "Weekend Clinic",
        deliveryChannel: "In-person",
        slotType: "Extended access",
        sessions: [[9 * 60, 12 * 60]],
        weekdays: [6, 7],
      },
    ],
  },
];

function syntheticPractice(i: number): Practice {
  const ods = `SIM${String(i).padStart(3, "0")}`;
  const channels = ["In-person", "Telephone", "Video"];
  return {
    odsCode: ods,
    name: `Simulated Practice ${i}`,
    telephone: "0113 496 0000",
    locations: {
      "16": {
        name: `Simulated Practice ${i}`,
        address: [`${i} Example Road`, "Leeds", "LS1 1AA"],
        phone: "0113 496 0000",
      },
    },
    schedules: [
      {
        id: "1",
        locationId: "16",
        practitioner: { id: "1", name: `Dr Sim ${i}A`, gender: i % 2 ? "female" : "male" },
        role: { code: "R0260", display: "General Medical Practitioner" },
        scheduleType: "General GP Appointments",
        deliveryChannel: "In-person",
        slotType: "Standard",
        sessions: [[8 * 60, 12 * 60]],
        weekdays: [1, 2, 3, 4, 5],
      },
      {
        id: "2",
        locationId: "16",
        practitioner: { id: "2", name: `Dr Sim ${i}B`, gender: i % 2 ? "male" : "female" },
        role: { code: "R0260", display: "General Medical Practitioner" },
        scheduleType: "Afternoon Surgery",
        deliveryChannel: channels[i % 3] ?? "In-person",
        slotType: "Standard",
        sessions: [[13 * 60, 17 * 60]],
        weekdays: [1, 2, 3, 4, 5],
      },
    ],
  };
}

const BOOKING_ORGANISATION = "Leeds Urgent Care Service (demo) (Y90001)";

function fakeError(
  code: string,
  message: string,
  details: Partial<CommandError["details"]> = {},
): CommandError {
  return {
    code,
    message,
    details: {
      httpStatus: null,
      spineCode: null,
      diagnostics: null,
      advice: message,
      field: null,
      fields: [],
      outcomeUnknown: false,
      retryable: false,
      ...details,
    },
  };
}

const TIMEOUT_ERROR = () =>
  fakeError("TIMEOUT", "The practice did not answer in time.", {
    advice:
      "The practice did not answer in time. For a booking, check the patient's appointments before trying again.",
    outcomeUnknown: true,
  });

/** A small deterministic hash, so the same slots are "taken" every run. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function iso(dt: DateTime): string {
  return dt.toISO({ suppressMilliseconds: true }) ?? "";
}

function defaultSettings(practices: Practice[]): Settings {
  return {
    mode: "demo",
    organisation: {
      odsCode: "Y90001",
      name: "Leeds Urgent Care Service (demo)",
      telephone: "0113 496 0999",
      orgType: "urgent-care",
    },
    consumerAsid: "200000000359",
    sspUrl: "https://127.0.0.1:19443",
    sdsUrl: "https://127.0.0.1:19443/sds",
    user: {
      userId: "demo-user",
      familyName: "Morgan",
      givenNames: "Alex",
      title: "",
      sdsUserId: "",
      sdsRoleProfileId: "",
    },
    practices: practices.map((p) => ({
      odsCode: p.odsCode,
      name: p.name,
      providerRoot: `https://127.0.0.1:19443/${p.odsCode}/STU3/1/gpconnect`,
      asid: String(918999198000 + (hash(p.odsCode) % 1000)),
    })),
    timeouts: { connectSeconds: 10, requestSeconds: 30, practiceDeadlineSeconds: 20 },
    deviceId: "00000000-0000-4000-8000-000000000000",
  };
}

export class FakeBackend implements Backend {
  readonly modes: FakeModes;
  /** Every command called, for assertions. */
  readonly calls: Array<{ command: string; args: unknown }> = [];
  private readonly options: Required<Omit<FakeOptions, "modes">>;
  private practices: Practice[];
  private settings: Settings;
  private certificate: CertificateInfo | null;
  /** Slots booked (not free), by `<ODS>/<slotId>`. */
  private readonly taken = new Set<string>();
  private readonly patients = new Map<string, StoredPatient>();
  private readonly appointments: StoredAppointment[] = [];
  private nextId = 1000;

  constructor(options: FakeOptions = {}) {
    this.options = {
      practiceCount: options.practiceCount ?? 4,
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
    const count = this.options.practiceCount;
    this.practices = DEMO_PRACTICES.slice(0, Math.min(count, 4));
    for (let i = 5; i <= count; i += 1) this.practices.push(syntheticPractice(i));
    this.settings = defaultSettings(this.practices);
    this.certificate = this.makeCertificate();
    this.seedPatients();
    this.seedAppointments();
  }

  // ----- helpers ---------------------------------------------------------------------------

  private record(command: string, args: unknown) {
    this.calls.push({ command, args: structuredClone(args) });
  }

  /** Calls to `command`, newest last. */
  callsTo(command: string): unknown[] {
    return this.calls.filter((c) => c.command === command).map((c) => c.args);
  }

  private now(): DateTime {
    return DateTime.fromMillis(this.options.now(), { zone: UK_ZONE });
  }

  private today(): string {
    return this.now().toISODate() ?? "";
  }

  private practice(ods: string): Practice {
    const practice = this.practices.find((p) => p.odsCode === ods);
    if (!practice)
      throw fakeError("VALIDATION", `The practice ${ods} is not in Settings.`, {
        field: "practice",
      });
    return practice;
  }

  private makeCertificate(): CertificateInfo {
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

  private seedPatients() {
    const add = (p: Omit<StoredPatient, "records">, at: string[]) => {
      const records: StoredPatient["records"] = {};
      at.filter((ods) => this.practices.some((x) => x.odsCode === ods)).forEach((ods, i) => {
        records[ods] = { id: String(2 + i), registrationType: "R" };
      });
      this.patients.set(p.nhsNumber, { ...p, records });
    };
    add(
      {
        nhsNumber: "9476719931",
        prefix: "Miss",
        given: ["Jane"],
        family: "Jackson",
        gender: "female",
        birthDate: "1980-02-01",
        address: ["24 Trevelyan Place", "Horsforth", "Leeds", "LS18 4DF"],
      },
      ["A20047", "GPC001", "R1A15", ...this.practices.slice(4).map((p) => p.odsCode)],
    );
    add(
      {
        nhsNumber: "9434765919",
        prefix: "Mr",
        given: ["John"],
        family: "Smith",
        gender: "male",
        birthDate: "1965-07-14",
        address: ["3 Mill Lane", "Leeds", "LS1 4AB"],
      },
      ["A20047"],
    );
    add(
      {
        nhsNumber: "9731978658",
        prefix: "Ms",
        given: ["Priya"],
        family: "Patel",
        gender: "female",
        birthDate: "1992-11-05",
        address: ["9 Station Road", "Wakefield", "WF1 1AA"],
      },
      [],
    );
  }

  private seedAppointments() {
    // Jane Jackson holds one appointment at Dr Legg's in a few days' time.
    const slots = this.generateSlots(
      this.practice("A20047"),
      this.today(),
      this.addDays(this.today(), 14),
    );
    const first = slots.find((s) => epochMs(s.start) > this.options.now() + 3 * 86400000);
    const patient = this.patients.get("9476719931");
    if (first && patient)
      this.createAppointment([first], patient, "Asthma review", "Prefers a morning call");
  }

  private addDays(date: string, days: number): string {
    return DateTime.fromISO(date, { zone: UK_ZONE }).plus({ days }).toISODate() ?? date;
  }

  /** Every slot (free or not) of a practice on the UK dates `from`..`to`. */
  private generateSlots(practice: Practice, from: string, to: string): BookableSlot[] {
    const slots: BookableSlot[] = [];
    const step = this.options.slotMinutes;
    let day = DateTime.fromISO(from, { zone: UK_ZONE }).startOf("day");
    const last = DateTime.fromISO(to, { zone: UK_ZONE }).startOf("day");
    while (day <= last) {
      for (const schedule of practice.schedules) {
        if (!schedule.weekdays.includes(day.weekday)) continue;
        const location = practice.locations[schedule.locationId];
        for (const [startMinute, endMinute] of schedule.sessions) {
          for (let m = startMinute; m + step <= endMinute; m += step) {
            const start = day.set({ hour: Math.floor(m / 60), minute: m % 60 });
            const end = start.plus({ minutes: step });
            const slotId = `${schedule.id}${day.toFormat("yyMMdd")}${String(m).padStart(4, "0")}`;
            slots.push({
              practiceOdsCode: practice.odsCode,
              practiceName: practice.name,
              slotId,
              scheduleId: schedule.id,
              start: iso(start),
              end: iso(end),
              durationMinutes: step,
              deliveryChannel: schedule.deliveryChannel,
              slotType: schedule.slotType,
              scheduleType: schedule.scheduleType,
              location: {
                id: schedule.locationId,
                name: location?.name ?? null,
                address: location?.address ?? [],
                phone: location?.phone ?? null,
              },
              practitioner: schedule.practitioner,
              practitionerRole: schedule.role
                ? {
                    system: "https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1",
                    ...schedule.role,
                  }
                : null,
              organisation: { odsCode: practice.odsCode, name: practice.name },
              searchedOrgType: this.settings.organisation.orgType,
            });
          }
        }
      }
      day = day.plus({ days: 1 });
    }
    return slots;
  }

  /** Free, future slots of a practice. About one in five is already booked by others. */
  private freeSlots(practice: Practice, from: string, to: string) {
    const now = this.options.now();
    let past = 0;
    const free = this.generateSlots(practice, from, to).filter((slot) => {
      const key = `${slot.practiceOdsCode}/${slot.slotId}`;
      if (this.taken.has(key)) return false;
      if (hash(key) % 5 === 0 && !this.released.has(key)) return false;
      if (epochMs(slot.start) <= now) {
        past += 1;
        return false;
      }
      return true;
    });
    return { free, past };
  }

  /** Slots freed by a cancellation (even if they were "booked by others" at the start). */
  private readonly released = new Set<string>();

  private isFree(slot: BookableSlot): boolean {
    const key = `${slot.practiceOdsCode}/${slot.slotId}`;
    if (this.taken.has(key)) return false;
    if (hash(key) % 5 === 0 && !this.released.has(key)) return false;
    return epochMs(slot.start) > this.options.now();
  }

  private patientRecord(patient: StoredPatient, ods: string): PatientRecord | null {
    const at = patient.records[ods];
    if (!at) return null;
    return {
      id: at.id,
      versionId: "1",
      nhsNumber: patient.nhsNumber,
      name: [patient.prefix, ...patient.given, patient.family].filter(Boolean).join(" "),
      familyName: patient.family,
      givenNames: patient.given,
      gender: patient.gender,
      birthDate: patient.birthDate,
      address: patient.address,
      contacts: [{ system: "phone", use: "mobile", value: "07700 900123" }],
      registrationType: at.registrationType,
      preferredBranchSurgery: null,
    };
  }

  private differences(
    entered: Demographics,
    record: PatientRecord | null,
  ): DemographicDifference[] {
    if (!record) return [];
    const out: DemographicDifference[] = [];
    const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
    const compare = (field: DemographicDifference["field"], e: string | null, f: string | null) => {
      if (e && e.trim() !== "" && !same(e, f ?? ""))
        out.push({ field, entered: e, found: f ?? "" });
    };
    compare("familyName", entered.familyName, record.familyName);
    compare("givenName", entered.givenName, record.givenNames[0] ?? null);
    compare("gender", entered.gender, record.gender);
    compare("birthDate", entered.birthDate, record.birthDate);
    return out;
  }

  private createAppointment(
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
      appointmentId: String((this.nextId += 1)),
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
      created: iso(this.now()),
      slotIds: slots.map((s) => s.slotId),
      changeable: true,
    };
    this.appointments.push(appointment);
    return appointment;
  }

  private view(a: StoredAppointment): AppointmentView {
    const { nhsNumber: _omit, ...view } = a;
    return structuredClone({
      ...view,
      changeable: a.status === "booked" && epochMs(a.start ?? "") > this.options.now(),
    });
  }

  private confirmation(
    a: StoredAppointment,
    patient: PatientRecord,
    slots: BookableSlot[],
  ): BookingConfirmation {
    const first = slots[0]!;
    return {
      appointmentId: a.appointmentId,
      versionId: a.versionId,
      practice: a.practice,
      location: {
        name: first.location.name,
        address: first.location.address,
        phone: first.location.phone,
      },
      practitioner: first.practitioner?.name ?? null,
      practitionerGender: first.practitioner?.gender ?? null,
      role: first.practitionerRole?.display ?? null,
      start: a.start ?? first.start,
      end: a.end ?? first.end,
      durationMinutes: a.durationMinutes ?? first.durationMinutes,
      deliveryChannel: a.deliveryChannel,
      slotType: a.slotType,
      scheduleType: a.scheduleType,
      patientName: patient.name,
      patientNhsNumber: patient.nhsNumber ? formatNhsNumber(patient.nhsNumber) : null,
      patientBirthDate: patient.birthDate,
      description: a.description,
      comment: a.comment,
      bookingOrganisation: BOOKING_ORGANISATION,
      created: a.created,
      slotIds: a.slotIds,
    };
  }

  /** The call delay, after any hold on `command` (see `hold`) is released. */
  private async pause(command: string) {
    const held = this.holds.get(command);
    if (held) await held.promise;
    await sleep(this.options.callDelayMs);
  }

  private readonly holds = new Map<string, { promise: Promise<void>; release: () => void }>();

  /**
   * Holds every call of `command` (e.g. `book_appointment`) before it does anything, until the
   * returned function is called: tests use it to act while a request is in flight.
   */
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

  // ----- app and settings ------------------------------------------------------------------

  async appStatus(): Promise<AppStatus> {
    this.record("app_status", null);
    await this.pause("app_status");
    const problems: string[] = [];
    if (this.modes.keyringLocked)
      problems.push(
        "The computer's keyring (credential store) is locked or unavailable. Unlock it and try again.",
      );
    if (!this.certificate) problems.push("No client certificate is imported.");
    return {
      mode: this.settings.mode,
      organisation: `${this.settings.organisation.name} (${this.settings.organisation.odsCode})`,
      user: [this.settings.user.title, this.settings.user.givenNames, this.settings.user.familyName]
        .filter(Boolean)
        .join(" "),
      practices: this.settings.practices.map((p) => ({ odsCode: p.odsCode, name: p.name })),
      certificate: this.certificate,
      problems,
    };
  }

  async getSettings(): Promise<Settings> {
    this.record("get_settings", null);
    await this.pause("get_settings");
    return structuredClone(this.settings);
  }

  async saveSettings(settings: Settings): Promise<AppStatus> {
    this.record("save_settings", settings);
    await this.pause("save_settings");
    const problems = validateSettings(settings);
    if (problems.length > 0)
      throw fakeError("VALIDATION", "Check the settings.", {
        field: problems[0]?.field ?? null,
        fields: problems,
        advice: "Check the settings.",
      });
    this.settings = structuredClone(settings);
    // Practices added in Settings get generated slots like the synthetic ones.
    this.practices = settings.practices.map(
      (p, i) =>
        this.practices.find((x) => x.odsCode === p.odsCode.toUpperCase()) ?? {
          ...syntheticPractice(100 + i),
          odsCode: p.odsCode.toUpperCase(),
          name: p.name,
        },
    );
    this.practices.forEach((p, i) => {
      p.name = settings.practices[i]?.name ?? p.name;
    });
    return this.appStatus();
  }

  async useDemo(): Promise<AppStatus> {
    this.record("use_demo", null);
    await this.pause("use_demo");
    this.practices = DEMO_PRACTICES.slice(0, 4);
    this.settings = defaultSettings(this.practices);
    return this.appStatus();
  }

  async discoverPractice(odsCode: string): Promise<PracticeSettings> {
    this.record("discover_practice", { odsCode });
    await this.pause("discover_practice");
    const ods = odsCode.trim().toUpperCase();
    if (!/^[A-Z0-9]{3,10}$/.test(ods))
      throw fakeError("VALIDATION", "ODS code: must be 3 to 10 letters and digits", {
        field: "odsCode",
      });
    if (ods.startsWith("X"))
      throw fakeError(
        "NO_RECORD_FOUND",
        "The practice refused the request: No record found (404 NO_RECORD_FOUND).",
        {
          httpStatus: 404,
          spineCode: "NO_RECORD_FOUND",
          advice:
            "The practice has no such record. Search again; it may have been changed or removed.",
        },
      );
    const known = DEMO_PRACTICES.find((p) => p.odsCode === ods);
    return {
      odsCode: ods,
      name: known?.name ?? `Practice ${ods}`,
      providerRoot: `https://127.0.0.1:19443/${ods}/STU3/1/gpconnect`,
      asid: String(918999198000 + (hash(ods) % 1000)),
    };
  }

  async chooseCredentialFile(kind: CredentialKind): Promise<string | null> {
    this.record("choose_credential_file", { kind });
    await this.pause("choose_credential_file");
    const names: Record<CredentialKind, string> = {
      clientCertificate: "client-certificate.pem",
      clientKey: "client-key.pem",
      trustedCa: "trusted-ca.pem",
    };
    return `/home/user/certificates/${names[kind]}`;
  }

  async importCredentials(files: CredentialFiles): Promise<CertificateInfo> {
    this.record("import_credentials", files);
    await this.pause("import_credentials");
    if (this.modes.keyringLocked)
      throw fakeError(
        "KEYRING",
        "The computer's keyring (credential store) is locked or unavailable. Unlock it and try again.",
      );
    if (!files.key.endsWith(".pem"))
      throw fakeError("VALIDATION", "The private key file could not be read.", { field: "key" });
    this.certificate = this.makeCertificate();
    return this.certificate;
  }

  // ----- slots ------------------------------------------------------------------------------

  async searchSlots(
    request: SlotSearchRequest,
    onEvent: (event: SearchEvent) => void,
  ): Promise<SearchSummary> {
    this.record("search_slots", request);
    const practices = request.practices.map((ods) => this.practice(ods));
    if (request.to < request.from)
      throw fakeError("VALIDATION", "The end date is before the start date.", { field: "to" });
    for (const p of practices) onEvent({ kind: "started", odsCode: p.odsCode });
    const started = performance.now();
    const summary: SearchSummary = { practices: practices.length, slots: 0, failed: 0 };
    await Promise.all(
      practices.map(async (p, index) => {
        const mode = this.modes.search[p.odsCode] ?? "ok";
        const base = this.options.delayMs;
        const delay =
          mode === "slow" || mode === "timeout"
            ? this.options.slowMs
            : base > 0
              ? base * (0.5 + (hash(p.odsCode) % 100) / 100) + index
              : 0;
        await sleep(delay);
        const elapsedMs = Math.round(performance.now() - started);
        if (mode === "fail") {
          summary.failed += 1;
          onEvent({
            kind: "failed",
            odsCode: p.odsCode,
            elapsedMs,
            error: fakeError(
              "PROVIDER_UNREACHABLE",
              "The NHS network (Spine Secure Proxy) refused or could not forward the request (HTTP 502).",
              {
                httpStatus: 502,
                advice:
                  "The practice system is not answering. Try again shortly or contact the practice by phone.",
                retryable: true,
              },
            ),
          });
          return;
        }
        if (mode === "timeout") {
          summary.failed += 1;
          onEvent({
            kind: "failed",
            odsCode: p.odsCode,
            elapsedMs,
            error: fakeError("TIMEOUT", "The practice did not answer in time.", {
              advice:
                "The practice did not answer in time. For a booking, check the patient's appointments before trying again.",
            }),
          });
          return;
        }
        const { free, past } =
          mode === "empty" ? { free: [], past: 0 } : this.freeSlots(p, request.from, request.to);
        summary.slots += free.length;
        onEvent({
          kind: "finished",
          odsCode: p.odsCode,
          slots: structuredClone(free),
          pastSlots: past,
          unusableSlots: 0,
          elapsedMs,
        });
      }),
    );
    return summary;
  }

  // ----- patients ---------------------------------------------------------------------------

  async findPatient(request: FindPatientRequest): Promise<PatientLookup> {
    this.record("find_patient", request);
    await this.pause("find_patient");
    this.practice(request.practice);
    if (!isValidNhsNumber(request.nhsNumber))
      throw fakeError("VALIDATION", "NHS number: the check digit is wrong", { field: "nhsNumber" });
    const patient = this.patients.get(compactNhsNumber(request.nhsNumber));
    const record = patient ? this.patientRecord(patient, request.practice) : null;
    return {
      practice: request.practice,
      record,
      differences: this.differences(request.entered, record),
    };
  }

  async registerPatient(request: RegisterPatientRequest): Promise<PatientLookup> {
    this.record("register_patient", request);
    await this.pause("register_patient");
    this.practice(request.practice);
    const r = request.registration;
    const problems: FieldError[] = [];
    if (!r.familyName.trim())
      problems.push({ field: "familyName", message: "Enter the family name" });
    if (r.givenNames.length === 0)
      problems.push({ field: "givenNames", message: "Enter the given name" });
    if (r.mobilePhone && !isPhoneNumber(r.mobilePhone))
      problems.push({
        field: "mobilePhone",
        message: "Enter a phone number of 7 to 15 digits, like 0113 496 0000",
      });
    if (r.email && !isEmail(r.email))
      problems.push({ field: "email", message: "Enter an email address like name@example.com" });
    if (problems.length > 0)
      throw fakeError("VALIDATION", "Check the registration details.", {
        fields: problems,
        field: problems[0]?.field ?? null,
      });
    const nhs = compactNhsNumber(r.nhsNumber);
    let patient = this.patients.get(nhs);
    if (patient?.records[request.practice])
      throw fakeError(
        "DUPLICATE_REJECTED",
        "The practice refused the request: Duplicate rejected (409 DUPLICATE_REJECTED).",
        {
          httpStatus: 409,
          spineCode: "DUPLICATE_REJECTED",
          advice:
            "Someone else got there first (the slot was just taken, or the record already exists). Refresh and choose again.",
        },
      );
    if (!patient) {
      patient = {
        nhsNumber: nhs,
        prefix: r.prefix ?? "",
        given: r.givenNames,
        family: r.familyName,
        gender: r.gender ?? "unknown",
        birthDate: r.birthDate,
        address: r.homeAddress
          ? [...r.homeAddress.lines, r.homeAddress.city ?? "", r.homeAddress.postcode].filter(
              Boolean,
            )
          : [],
        records: {},
      };
      this.patients.set(nhs, patient);
    }
    patient.records[request.practice] = { id: String((this.nextId += 1)), registrationType: "T" };
    const record = this.patientRecord(patient, request.practice);
    return {
      practice: request.practice,
      record,
      differences: this.differences(request.entered, record),
    };
  }

  // ----- booking ----------------------------------------------------------------------------

  private bookNow(request: BookRequest): { appointment: StoredAppointment; slots: BookableSlot[] } {
    const checked = checkAdjacent(request.slots);
    if (!checked.ok)
      throw fakeError("VALIDATION", "These slots cannot be booked together.", { field: "slots" });
    const description = request.description.trim();
    if (!description || [...description].length > 100)
      throw fakeError("VALIDATION", "Enter a description of at most 100 characters", {
        field: "description",
      });
    if (request.comment && [...request.comment].length > 500)
      throw fakeError("VALIDATION", "The comment must be at most 500 characters", {
        field: "comment",
      });
    const duplicate = () =>
      fakeError(
        "DUPLICATE_REJECTED",
        "The practice refused the request: Duplicate rejected (409 DUPLICATE_REJECTED).",
        {
          httpStatus: 409,
          spineCode: "DUPLICATE_REJECTED",
          diagnostics: `Slot ${checked.slots[0]?.slotId ?? ""} is no longer free`,
          advice:
            "Someone else got there first (the slot was just taken, or the record already exists). Refresh and choose again.",
        },
      );
    if (this.modes.book === "duplicate") {
      this.modes.book = "ok";
      // Someone else books it first.
      for (const s of checked.slots) this.taken.add(`${s.practiceOdsCode}/${s.slotId}`);
      throw duplicate();
    }
    if (!checked.slots.every((s) => this.isFree(s))) throw duplicate();
    const patient = this.patients.get(compactNhsNumber(request.patient.nhsNumber ?? ""));
    if (!patient?.records[request.practice])
      throw fakeError(
        "PATIENT_NOT_FOUND",
        "The practice refused the request: Patient not found (404 PATIENT_NOT_FOUND).",
        {
          httpStatus: 404,
          spineCode: "PATIENT_NOT_FOUND",
        },
      );
    const appointment = this.createAppointment(
      checked.slots,
      patient,
      description,
      request.comment?.trim() ? request.comment.trim() : null,
    );
    return { appointment, slots: checked.slots };
  }

  async bookAppointment(request: BookRequest): Promise<BookingResult> {
    this.record("book_appointment", request);
    await this.pause("book_appointment");
    this.practice(request.practice);
    const mode = this.modes.book;
    if (mode === "timeout") {
      this.modes.book = "ok";
      throw TIMEOUT_ERROR();
    }
    if (mode === "providerError") {
      this.modes.book = "ok";
      throw fakeError(
        "INVALID_RESOURCE",
        "The practice refused the request: Invalid resource (422 INVALID_RESOURCE).",
        {
          httpStatus: 422,
          spineCode: "INVALID_RESOURCE",
          diagnostics: "Appointment.description exceeds the practice's limit",
          advice:
            "The practice refused the request. Read the practice's message below; if it does not help, report it to support.",
        },
      );
    }
    if (mode === "notBooked") {
      this.modes.book = "ok";
      return {
        kind: "notBooked",
        error: fakeError(
          "CONNECTION_LOST",
          "The connection was lost before the practice answered.",
          {
            outcomeUnknown: true,
            retryable: true,
            advice:
              "The practice did not answer in time. For a booking, check the patient's appointments before trying again.",
          },
        ),
      };
    }
    const { appointment, slots } = this.bookNow(request);
    const confirmation = this.confirmation(appointment, request.patient, slots);
    if (mode === "reconciled") {
      this.modes.book = "ok";
      return { kind: "reconciled", confirmation };
    }
    return { kind: "booked", confirmation };
  }

  // ----- appointments -----------------------------------------------------------------------

  async listAppointments(
    request: ListAppointmentsRequest,
    onEvent: (event: AppointmentsEvent) => void,
  ): Promise<void> {
    this.record("list_appointments", request);
    const held = this.holds.get("list_appointments");
    if (held) await held.promise;
    if (!isValidNhsNumber(request.nhsNumber))
      throw fakeError("VALIDATION", "NHS number: the check digit is wrong", { field: "nhsNumber" });
    const practices = (
      request.practices.length > 0 ? request.practices : this.practices.map((p) => p.odsCode)
    ).map((ods) => this.practice(ods));
    for (const p of practices) onEvent({ kind: "started", odsCode: p.odsCode });
    const nhs = compactNhsNumber(request.nhsNumber);
    const patient = this.patients.get(nhs);
    await Promise.all(
      practices.map(async (p, index) => {
        const mode = this.modes.appointments[p.odsCode] ?? "ok";
        await sleep(
          mode === "slow" || mode === "timeout"
            ? this.options.slowMs
            : this.options.delayMs / 2 + index,
        );
        if (mode === "fail" || mode === "timeout") {
          onEvent({
            kind: "failed",
            odsCode: p.odsCode,
            error:
              mode === "timeout"
                ? TIMEOUT_ERROR()
                : fakeError("CONNECT", "The NHS network or the practice could not be reached.", {
                    advice:
                      "The practice system could not be reached. Check the network connection and try again.",
                    retryable: true,
                  }),
          });
          return;
        }
        const record = patient ? this.patientRecord(patient, p.odsCode) : null;
        const fromMs = DateTime.fromISO(request.from, { zone: UK_ZONE }).startOf("day").toMillis();
        const toMs = DateTime.fromISO(request.to, { zone: UK_ZONE }).endOf("day").toMillis();
        const appointments = record
          ? this.appointments
              .filter((a) => a.nhsNumber === nhs && a.practice.odsCode === p.odsCode)
              .filter((a) => {
                const start = epochMs(a.start ?? "");
                return start >= fromMs && start <= toMs;
              })
              .map((a) => this.view(a))
          : [];
        onEvent({
          kind: "finished",
          odsCode: p.odsCode,
          patient: record,
          differences: this.differences(request.entered, record),
          appointments,
        });
      }),
    );
  }

  private find(practice: string, id: string): StoredAppointment {
    const appointment = this.appointments.find(
      (a) => a.practice.odsCode === practice && a.appointmentId === id,
    );
    if (!appointment)
      throw fakeError(
        "NO_RECORD_FOUND",
        "The practice refused the request: No record found (404 NO_RECORD_FOUND).",
        {
          httpStatus: 404,
          spineCode: "NO_RECORD_FOUND",
        },
      );
    return appointment;
  }

  private bump(a: StoredAppointment) {
    a.versionId = String(Number(a.versionId ?? "1") + 1);
  }

  async amendAppointment(request: AmendRequest): Promise<ChangeResult> {
    this.record("amend_appointment", request);
    await this.pause("amend_appointment");
    const a = this.find(request.practice, request.appointmentId);
    if (this.modes.amend === "conflict") {
      this.modes.amend = "ok";
      a.description = `${a.description ?? ""} (updated by the practice)`;
      a.comment = "Patient called the practice to say they may be late";
      this.bump(a);
      return { kind: "conflict", current: this.view(a) };
    }
    if (request.expectedVersion !== null && request.expectedVersion !== a.versionId)
      return { kind: "conflict", current: this.view(a) };
    if (a.status !== "booked")
      throw fakeError("INVALID_RESOURCE", "Only booked appointments can be changed.", {
        httpStatus: 422,
        spineCode: "INVALID_RESOURCE",
      });
    const description = request.description.trim();
    if (!description || [...description].length > 100)
      throw fakeError("VALIDATION", "Enter a description of at most 100 characters", {
        field: "description",
        fields: [
          { field: "description", message: "Enter a description of at most 100 characters" },
        ],
      });
    a.description = description;
    a.comment = request.comment?.trim() ? request.comment.trim() : null;
    this.bump(a);
    return { kind: "changed", appointment: this.view(a) };
  }

  private cancelNow(a: StoredAppointment, reason: string) {
    a.status = "cancelled";
    a.cancellationReason = reason;
    this.bump(a);
    for (const id of a.slotIds) {
      const key = `${a.practice.odsCode}/${id}`;
      this.taken.delete(key);
      this.released.add(key);
    }
  }

  async cancelAppointment(request: CancelRequest): Promise<ChangeResult> {
    this.record("cancel_appointment", request);
    await this.pause("cancel_appointment");
    const a = this.find(request.practice, request.appointmentId);
    if (this.modes.cancel === "conflict") {
      this.modes.cancel = "ok";
      a.comment = "Time confirmed with the patient by the practice";
      this.bump(a);
      return { kind: "conflict", current: this.view(a) };
    }
    if (request.expectedVersion !== null && request.expectedVersion !== a.versionId)
      return { kind: "conflict", current: this.view(a) };
    if (!request.reason.trim())
      throw fakeError("VALIDATION", "Enter a reason for cancelling", {
        field: "reason",
        fields: [{ field: "reason", message: "Enter a reason for cancelling" }],
      });
    this.cancelNow(a, request.reason.trim());
    return { kind: "changed", appointment: this.view(a) };
  }

  async rescheduleAppointment(request: RescheduleRequest): Promise<RescheduleResult> {
    this.record("reschedule_appointment", request);
    await this.pause("reschedule_appointment");
    const old = this.find(request.practice, request.appointmentId);
    if (request.expectedVersion !== null && request.expectedVersion !== old.versionId)
      return { kind: "conflict", current: this.view(old) };
    let booked: { appointment: StoredAppointment; slots: BookableSlot[] };
    try {
      booked = this.bookNow(request.booking);
    } catch (error) {
      return { kind: "notRescheduled", error: error as CommandError };
    }
    if (this.modes.reschedule === "bookingUnknown") {
      // Booked, but the answer was lost and reading the appointments back failed too.
      this.modes.reschedule = "ok";
      return { kind: "bookingUnknown", error: TIMEOUT_ERROR() };
    }
    const confirmation = this.confirmation(
      booked.appointment,
      request.booking.patient,
      booked.slots,
    );
    if (this.modes.reschedule === "cancelFailed") {
      this.modes.reschedule = "ok";
      return {
        kind: "cancelFailed",
        confirmation,
        old: this.view(old),
        error: TIMEOUT_ERROR(),
      };
    }
    this.cancelNow(old, request.reason.trim() || "Rescheduled");
    return { kind: "rescheduled", confirmation, cancelled: this.view(old) };
  }

  // ----- files ------------------------------------------------------------------------------

  async saveCsv(suggestedName: string, contents: string): Promise<string | null> {
    this.record("save_csv", { suggestedName, contents });
    await this.pause("save_csv");
    if (this.options.download && typeof URL.createObjectURL === "function") {
      const url = URL.createObjectURL(new Blob([contents], { type: "text/csv" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = suggestedName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    }
    return `/home/user/Downloads/${suggestedName}`;
  }

  // ----- test controls ----------------------------------------------------------------------

  /** Books the first free slot at `ods` from `day` (UK date) for a patient (for tests). */
  seedAppointment(nhsNumber: string, ods: string, day: string, description: string) {
    const patient = this.patients.get(compactNhsNumber(nhsNumber));
    if (!patient) throw new Error(`no patient ${nhsNumber}`);
    const slot = this.generateSlots(this.practice(ods), day, this.addDays(day, 14)).find((s) =>
      this.isFree(s),
    );
    if (!slot) throw new Error(`no free slot at ${ods}`);
    return this.view(this.createAppointment([slot], patient, description, null));
  }

  /** Appointments held (for tests). */
  storedAppointments(): AppointmentView[] {
    return this.appointments.map((a) => this.view(a));
  }
}

/** The same checks as Rust's `Settings::validate`, for the fake's save_settings. */
export function validateSettings(s: Settings): FieldError[] {
  const out: FieldError[] = [];
  const fail = (field: string, message: string) => out.push({ field, message });
  const ods = (v: string) => /^[A-Za-z0-9]{3,10}$/.test(v.trim());
  const asid = (v: string) => /^\d{1,20}$/.test(v.trim());
  if (!ods(s.organisation.odsCode))
    fail("organisation.odsCode", "Enter your organisation's ODS code, like A12345");
  if (!s.organisation.name.trim()) fail("organisation.name", "Enter your organisation's name");
  if (!isPhoneNumber(s.organisation.telephone))
    fail("organisation.telephone", "Enter your organisation's phone number");
  if (!asid(s.consumerAsid)) fail("consumerAsid", "Enter this system's ASID (digits only)");
  if (!s.sspUrl.trim().startsWith("https://"))
    fail("sspUrl", "Enter the Spine Secure Proxy address, starting https://");
  if (s.sdsUrl.trim() && !s.sdsUrl.trim().startsWith("https://"))
    fail("sdsUrl", "The SDS address starts https://");
  if (!s.user.userId.trim()) fail("user.userId", "Enter your user id");
  if (!s.user.familyName.trim()) fail("user.familyName", "Enter your family name");
  if (s.practices.length === 0) fail("practices", "Add at least one practice");
  s.practices.forEach((p, i) => {
    if (!ods(p.odsCode)) fail(`practices.${i}.odsCode`, "Enter the practice's ODS code");
    const root = p.providerRoot.trim();
    if (root && (!root.startsWith("https://") || root.endsWith("/")))
      fail(
        `practices.${i}.providerRoot`,
        "A provider root is an https:// address with no trailing /",
      );
    if (p.asid.trim() && !asid(p.asid)) fail(`practices.${i}.asid`, "An ASID is digits only");
    if ((!root || !p.asid.trim()) && !s.sdsUrl.trim())
      fail(
        `practices.${i}.providerRoot`,
        "Enter the provider root and ASID, or an SDS address to look them up",
      );
  });
  const t = s.timeouts;
  for (const [field, value, max] of [
    ["timeouts.connectSeconds", t.connectSeconds, 120],
    ["timeouts.requestSeconds", t.requestSeconds, 300],
    ["timeouts.practiceDeadlineSeconds", t.practiceDeadlineSeconds, 600],
  ] as const) {
    if (!Number.isInteger(value) || value <= 0 || value > max)
      fail(field, `Enter a number of seconds from 1 to ${max}`);
  }
  return out;
}

/** The fake as configured by the page's URL (browser development). */
export function fakeFromLocation(search: string): FakeBackend {
  const params = new URLSearchParams(search);
  const list = (name: string) => (params.get(name) ?? "").split(",").filter(Boolean);
  const searchModes: Record<string, PracticeMode> = {};
  for (const ods of list("fail")) searchModes[ods] = "fail";
  for (const ods of list("timeout")) searchModes[ods] = "timeout";
  for (const ods of list("slow")) searchModes[ods] = "slow";
  for (const ods of list("empty")) searchModes[ods] = "empty";
  const number = (name: string, fallback: number) => {
    const value = Number(params.get(name));
    return Number.isFinite(value) && params.has(name) ? value : fallback;
  };
  return new FakeBackend({
    practiceCount: number("practices", 4),
    delayMs: number("delay", 350),
    slowMs: number("slowMs", 4000),
    callDelayMs: number("callDelay", 250),
    download: true,
    modes: { search: searchModes, book: (params.get("book") as BookMode | null) ?? "ok" },
  });
}
