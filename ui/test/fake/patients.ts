/**
 * The fake's patients: the seed's people (`seed.ts`) with a record at each practice that
 * registers them, how a record is shown (`PatientRecord`), and how it differs from what the
 * caller said.
 */
import type { DemographicDifference } from "../../src/ipc/bindings/DemographicDifference";
import type { Demographics } from "../../src/ipc/bindings/Demographics";
import type { NhsCommunication } from "../../src/ipc/bindings/NhsCommunication";
import type { PatientRecord } from "../../src/ipc/bindings/PatientRecord";
import type { Practice } from "./practices";
import type { SeedPatient } from "./seed";

export type StoredPatient = {
  nhsNumber: string;
  prefix: string;
  given: string[];
  family: string;
  gender: string;
  birthDate: string;
  address: string[];
  /** Practices with a record, and the patient's id there. */
  records: Record<
    string,
    {
      id: string;
      registrationType: string;
      preferredBranchSurgery?: string | null;
      communication?: NhsCommunication | null;
    }
  >;
};

/**
 * The seed's patients with their records at `practices`. A practice the seed does not know (a
 * generated `SIM…` practice) registers the patients of the seed's first practice, as the
 * simulator's synthetic practices do. `extra` adds registrations (NHS number → ODS codes) for
 * test scenarios.
 */
export function seedPatients(
  patients: SeedPatient[],
  practices: Practice[],
  seeded: string[],
  extra: Record<string, string[]> = {},
): Map<string, StoredPatient> {
  const out = new Map<string, StoredPatient>();
  const nextId: Record<string, number> = {};
  const register = (patient: StoredPatient, ods: string) => {
    if (patient.records[ods] || !practices.some((p) => p.odsCode === ods)) return;
    nextId[ods] = (nextId[ods] ?? 0) + 1;
    // As the simulator: where a practice has a branch, every other patient prefers it.
    const locations = Object.keys(practices.find((p) => p.odsCode === ods)?.locations ?? {});
    patient.records[ods] = {
      id: String(nextId[ods]),
      registrationType: "R",
      preferredBranchSurgery: locations[(nextId[ods] - 1) % Math.max(1, locations.length)] ?? null,
    };
  };
  const generated = practices.filter((p) => !seeded.includes(p.odsCode)).map((p) => p.odsCode);
  for (const p of patients) {
    const patient: StoredPatient = {
      nhsNumber: p.nhsNumber,
      prefix: "",
      given: p.given,
      family: p.family,
      gender: p.gender ?? "unknown",
      birthDate: p.birthDate,
      address: [],
      records: {},
    };
    for (const ods of p.registeredAt) register(patient, ods);
    if (seeded[0] !== undefined && p.registeredAt.includes(seeded[0]))
      for (const ods of generated) register(patient, ods);
    for (const ods of extra[p.nhsNumber] ?? []) register(patient, ods);
    out.set(p.nhsNumber, patient);
  }
  return out;
}

/** The patient's record at `ods` as `find_patient` returns it, or `null` when there is none. */
export function patientRecord(patient: StoredPatient, ods: string): PatientRecord | null {
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
    preferredBranchSurgery: at.preferredBranchSurgery ?? null,
    communication: at.communication ?? null,
  };
}

/** Where what the caller said differs from the record (case and spaces aside). */
export function differences(
  entered: Demographics,
  record: PatientRecord | null,
): DemographicDifference[] {
  if (!record) return [];
  const out: DemographicDifference[] = [];
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  const compare = (field: DemographicDifference["field"], e: string | null, f: string | null) => {
    if (e && e.trim() !== "" && !same(e, f ?? "")) out.push({ field, entered: e, found: f ?? "" });
  };
  compare("familyName", entered.familyName, record.familyName);
  compare("givenName", entered.givenName, record.givenNames[0] ?? null);
  compare("gender", entered.gender, record.gender);
  compare("birthDate", entered.birthDate, record.birthDate);
  const letters = (t: string) => t.replace(/[^a-z0-9]/gi, "").toUpperCase();
  const held = record.address.map(letters);
  const first = entered.address[0];
  const postcode = entered.address[entered.address.length - 1];
  if (first && postcode && !(held.includes(letters(first)) && held.includes(letters(postcode))))
    out.push({
      field: "address",
      entered: entered.address.join(", "),
      found: record.address.join(", "),
    });
  return out;
}
