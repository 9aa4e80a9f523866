/**
 * The patient: what the caller said (shared by Book and Appointments), the lookups at each
 * practice (`find_patient`), and the temporary registration form (`register_patient`).
 * Everything typed stays here while the user moves between screens.
 */
import type { CommandError } from "../../ipc/bindings/CommandError";
import type { PatientLookup } from "../../ipc/bindings/PatientLookup";
import { isoToParts } from "../../lib/dateInput";
import { toCommandError } from "../../lib/errors";
import { isValidNhsNumber } from "../../lib/nhsNumber";
import {
  demographicsOf,
  EMPTY_PATIENT,
  lookupKey,
  type PatientEntry,
} from "../../lib/patientEntry";
import {
  EMPTY_REGISTRATION,
  inputIdFor,
  validateRegistration,
  type FormError,
  type RegistrationForm,
} from "../../lib/registration";
import type { SliceContext } from "../../state/types";

export type LookupState = {
  key: string;
  status: "loading" | "done" | "failed";
  result: PatientLookup | null;
  error: CommandError | null;
};

export type PatientSlice = {
  patient: PatientEntry;
  /** Show the NHS number's inline error (after leaving the field or trying to use it). */
  nhsTouched: boolean;
  setPatientField: <K extends keyof PatientEntry>(field: K, value: PatientEntry[K]) => void;
  touchNhs: () => void;
  /** A new caller: clears the patient, lookups, registration, selection and texts. */
  newCaller: () => void;
  lookups: Record<string, LookupState>;
  lookupPatient: (ods: string) => Promise<void>;
  registration: RegistrationForm;
  /** The practice the registration form was last prefilled for. */
  registrationFor: string | null;
  registrationErrors: FormError[];
  registrationError: CommandError | null;
  registering: boolean;
  setRegistrationField: <K extends keyof RegistrationForm>(
    field: K,
    value: RegistrationForm[K],
  ) => void;
  prefillRegistration: (ods: string) => void;
  submitRegistration: (ods: string) => Promise<boolean>;
};

export function createPatientSlice({ set, get, backend, today }: SliceContext): PatientSlice {
  return {
    patient: EMPTY_PATIENT,
    nhsTouched: false,
    setPatientField: (field, value) => set((s) => ({ patient: { ...s.patient, [field]: value } })),
    touchNhs: () => set({ nhsTouched: true }),
    newCaller: () =>
      set({
        patient: EMPTY_PATIENT,
        nhsTouched: false,
        lookups: {},
        registration: EMPTY_REGISTRATION,
        registrationFor: null,
        registrationErrors: [],
        registrationError: null,
        selection: [],
        selectionNotice: null,
        description: "",
        comment: "",
        bookingAttempted: false,
        bookingMessage: null,
        confirmation: null,
        reschedule: null,
        rescheduleOutcome: null,
        appointmentsFor: null,
        appointmentStatus: {},
        appointmentsByPractice: {},
        editor: null,
      }),

    lookups: {},
    lookupPatient: async (ods) => {
      const entry = get().patient;
      if (!isValidNhsNumber(entry.nhsNumber)) return;
      const key = lookupKey(ods, entry);
      const existing = get().lookups[ods];
      if (existing && existing.key === key && existing.status !== "failed") return;
      set((s) => ({
        lookups: {
          ...s.lookups,
          [ods]: { key, status: "loading", result: existing?.result ?? null, error: null },
        },
      }));
      try {
        const result = await backend.findPatient({
          practice: ods,
          nhsNumber: entry.nhsNumber,
          entered: demographicsOf(entry),
        });
        if (get().lookups[ods]?.key !== key) return; // superseded by a newer lookup
        set((s) => ({
          lookups: { ...s.lookups, [ods]: { key, status: "done", result, error: null } },
        }));
      } catch (error) {
        if (get().lookups[ods]?.key !== key) return;
        set((s) => ({
          lookups: {
            ...s.lookups,
            [ods]: { key, status: "failed", result: null, error: toCommandError(error) },
          },
        }));
      }
    },

    registration: EMPTY_REGISTRATION,
    registrationFor: null,
    registrationErrors: [],
    registrationError: null,
    registering: false,
    setRegistrationField: (field, value) =>
      set((s) => ({ registration: { ...s.registration, [field]: value } })),
    prefillRegistration: (ods) => {
      const { registration, patient, registrationFor } = get();
      if (registrationFor === ods) return;
      // Fill only what is still empty: never overwrite what the user typed.
      const birth = isoToParts(demographicsOf(patient).birthDate);
      set({
        registrationFor: ods,
        registration: {
          ...registration,
          given: registration.given || patient.givenName.trim(),
          family: registration.family || patient.familyName.trim(),
          birthDay: registration.birthDay || birth.day,
          birthMonth: registration.birthMonth || birth.month,
          birthYear: registration.birthYear || birth.year,
          gender: registration.gender || patient.gender,
        },
      });
    },
    submitRegistration: async (ods) => {
      const { registration, patient } = get();
      const checked = validateRegistration(registration, patient.nhsNumber, today());
      if (!checked.registration) {
        set({ registrationErrors: checked.errors, registrationError: null });
        return false;
      }
      set({ registering: true, registrationErrors: [], registrationError: null });
      try {
        const result = await backend.registerPatient({
          practice: ods,
          registration: checked.registration,
          entered: demographicsOf(patient),
        });
        const key = lookupKey(ods, get().patient);
        set((s) => ({
          registering: false,
          lookups: { ...s.lookups, [ods]: { key, status: "done", result, error: null } },
        }));
        return true;
      } catch (raw) {
        const error = toCommandError(raw);
        if (error.code === "VALIDATION" && error.details.fields.length > 0) {
          set({
            registering: false,
            registrationErrors: error.details.fields.map((f) => ({
              inputId: inputIdFor(f.field),
              message: f.message,
            })),
          });
        } else {
          set({ registering: false, registrationError: error });
        }
        return false;
      }
    },
  };
}
