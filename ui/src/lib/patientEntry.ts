/**
 * What the caller says about the patient (the patient panel), shared by the Book and
 * Appointments screens, and how it becomes the `Demographics` the backend cross-checks.
 */
import type { Demographics } from "../ipc/bindings/Demographics";
import type { Gender } from "../ipc/bindings/Gender";
import { parseDateParts } from "./dateInput";
import { compactNhsNumber } from "./nhsNumber";

export type PatientEntry = {
  nhsNumber: string;
  familyName: string;
  givenName: string;
  birthDay: string;
  birthMonth: string;
  birthYear: string;
  gender: Gender | "";
};

export const EMPTY_PATIENT: PatientEntry = {
  nhsNumber: "",
  familyName: "",
  givenName: "",
  birthDay: "",
  birthMonth: "",
  birthYear: "",
  gender: "",
};

function text(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** The entered demographics (a date of birth only when complete and real). */
export function demographicsOf(entry: PatientEntry): Demographics {
  const birth = parseDateParts({
    day: entry.birthDay,
    month: entry.birthMonth,
    year: entry.birthYear,
  });
  return {
    familyName: text(entry.familyName),
    givenName: text(entry.givenName),
    gender: entry.gender === "" ? null : entry.gender,
    birthDate: birth.kind === "ok" ? birth.iso : null,
    address: [],
  };
}

/** Identifies one lookup: the practice, the NHS number and what was entered. */
export function lookupKey(ods: string, entry: PatientEntry): string {
  return JSON.stringify([ods, compactNhsNumber(entry.nhsNumber), demographicsOf(entry)]);
}

export const GENDER_LABELS: Record<Gender, string> = {
  female: "Female",
  male: "Male",
  other: "Other",
  unknown: "Not known",
};

/** "Female" for `female`, the code itself for anything else. */
export function genderLabel(code: string | null | undefined): string {
  if (!code) return "";
  return (GENDER_LABELS as Record<string, string>)[code] ?? code;
}
