/**
 * The patient: what the caller said (shared by Book and Appointments), the lookups at each
 * practice (`find_patient`), and the temporary registration form (`register_patient`).
 * Everything typed stays here while the user moves between screens.
 */
import type { CommandError } from "../../ipc/bindings/CommandError";
import type { PatientLookup } from "../../ipc/bindings/PatientLookup";
import { isoToParts } from "../../lib/dateInput";
import { toCommandError } from "../../lib/errors";
import { compactNhsNumber, isValidNhsNumber } from "../../lib/nhsNumber";
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
import { NO_PDS_SEARCH, NO_TRACE } from "../trace/state";

export type LookupState = {
  /** `lookupKey` of the practice and what was entered when the lookup was sent. */
  key: string;
  /** The NHS number (digits) the lookup was sent for. */
  nhsNumber: string;
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
  /**
   * Finds the patient at every one of `practices` at once (`find_patient_everywhere`), as soon
   * as they are identified; practices already answered for exactly what is entered are not
   * asked again. Each answer lands in `lookups`, where booking finds it.
   */
  findEverywhere: (practices: string[]) => Promise<void>;
  registration: RegistrationForm;
  /** The practice and NHS number (digits) the registration form was last prefilled for. */
  registrationFor: { ods: string; nhsNumber: string } | null;
  /** The form was cleared because the NHS number changed (what it held was for another). */
  registrationCleared: boolean;
  registrationErrors: FormError[];
  registrationError: CommandError | null;
  registering: boolean;
  setRegistrationField: <K extends keyof RegistrationForm>(
    field: K,
    value: RegistrationForm[K],
  ) => void;
  /**
   * Fills the registration form's empty fields from the patient panel. When the NHS number has
   * changed since it was last filled, the form is cleared first: nothing typed for one patient
   * may be registered for another.
   */
  prefillRegistration: (ods: string) => void;
  submitRegistration: (ods: string) => Promise<boolean>;
};

/** Said instead of sending anything for a sensitive patient (the backend refuses it too). */
export function sensitiveError(): CommandError {
  const message =
    "This patient's PDS record is restricted (sensitive). GP Connect must not be used for them: nothing was sent. Book through the practice by telephone.";
  return {
    code: "PATIENT_SENSITIVE",
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
      traceId: null,
    },
  };
}

export function createPatientSlice({ set, get, backend, today }: SliceContext): PatientSlice {
  return {
    patient: EMPTY_PATIENT,
    nhsTouched: false,
    setPatientField: (field, value) => set((s) => ({ patient: { ...s.patient, [field]: value } })),
    touchNhs: () => set({ nhsTouched: true }),
    newCaller: () => {
      set({
        patient: EMPTY_PATIENT,
        nhsTouched: false,
        trace: NO_TRACE,
        pdsSearch: NO_PDS_SEARCH,
        postcode: "",
        acknowledged: {},
        lookups: {},
        registration: EMPTY_REGISTRATION,
        registrationFor: null,
        registrationCleared: false,
        registrationErrors: [],
        registrationError: null,
        selection: [],
        selectionNotice: null,
        description: "",
        comment: "",
        timeframeReason: "",
        timeframe: null,
        bookingAttempted: false,
        bookingMessage: null,
        confirmation: null,
        reschedule: null,
        rescheduleOutcome: null,
        oldCancel: { status: "idle" },
      });
      // Also forgets the appointments list, and any answers still coming for the last caller.
      get().clearAppointments();
    },

    lookups: {},
    lookupPatient: async (ods) => {
      if (!isValidNhsNumber(get().patient.nhsNumber)) return;
      // Traced on PDS first (§5.4): no request to a practice for an untraced patient.
      const traced = await get().ensureTrace();
      const entry = get().patient;
      if (!traced || traced.gpConnectBlock) {
        const nhsNumber = compactNhsNumber(entry.nhsNumber);
        const error: CommandError = traced
          ? sensitiveError()
          : (get().trace.error ?? sensitiveError());
        set((s) => ({
          lookups: {
            ...s.lookups,
            [ods]: { key: lookupKey(ods, entry), nhsNumber, status: "failed", result: null, error },
          },
        }));
        return;
      }
      const key = lookupKey(ods, entry);
      const nhsNumber = compactNhsNumber(entry.nhsNumber);
      const existing = get().lookups[ods];
      if (existing && existing.key === key && existing.status !== "failed") return;
      // While it loads, the last result stays on screen only if it is for the same NHS number
      // (what the caller said changed): never show, or book for, the previous patient.
      const kept = existing?.nhsNumber === nhsNumber ? existing.result : null;
      set((s) => ({
        lookups: {
          ...s.lookups,
          [ods]: { key, nhsNumber, status: "loading", result: kept, error: null },
        },
      }));
      try {
        const result = await backend.findPatient({
          odsCode: ods,
          nhsNumber: entry.nhsNumber,
          entered: demographicsOf(entry),
        });
        if (get().lookups[ods]?.key !== key) return; // superseded by a newer lookup
        set((s) => ({
          lookups: {
            ...s.lookups,
            [ods]: { key, nhsNumber, status: "done", result, error: null },
          },
        }));
      } catch (error) {
        if (get().lookups[ods]?.key !== key) return;
        set((s) => ({
          lookups: {
            ...s.lookups,
            [ods]: {
              key,
              nhsNumber,
              status: "failed",
              result: null,
              error: toCommandError(error),
            },
          },
        }));
      }
    },

    findEverywhere: async (practices) => {
      if (!isValidNhsNumber(get().patient.nhsNumber) || practices.length === 0) return;
      // Traced on PDS first (§5.4): the find starts from the verified (current) NHS number,
      // and nothing is asked of any practice for an untraced or sensitive patient.
      const traced = await get().ensureTrace();
      const entry = get().patient;
      if (!traced || traced.gpConnectBlock) {
        const error: CommandError = traced
          ? sensitiveError()
          : (get().trace.error ?? sensitiveError());
        const nhsNumber = compactNhsNumber(entry.nhsNumber);
        set((s) => {
          const lookups = { ...s.lookups };
          for (const ods of practices)
            lookups[ods] = {
              key: lookupKey(ods, entry),
              nhsNumber,
              status: "failed",
              result: null,
              error,
            };
          return { lookups };
        });
        return;
      }
      const nhsNumber = compactNhsNumber(entry.nhsNumber);
      const keys: Record<string, string> = {};
      const asked = practices.filter((ods) => {
        const key = lookupKey(ods, entry);
        const existing = get().lookups[ods];
        if (existing && existing.key === key && existing.status !== "failed") return false;
        keys[ods] = key;
        return true;
      });
      if (asked.length === 0) return;
      set((s) => {
        const lookups = { ...s.lookups };
        for (const ods of asked) {
          const existing = lookups[ods];
          const kept = existing?.nhsNumber === nhsNumber ? existing.result : null;
          lookups[ods] = {
            key: keys[ods]!,
            nhsNumber,
            status: "loading",
            result: kept,
            error: null,
          };
        }
        return { lookups };
      });
      const apply = (ods: string, patch: Pick<LookupState, "status" | "result" | "error">) => {
        const key = keys[ods];
        if (!key || get().lookups[ods]?.key !== key) return; // superseded by a newer lookup
        set((s) => ({ lookups: { ...s.lookups, [ods]: { key, nhsNumber, ...patch } } }));
      };
      try {
        await backend.findPatientEverywhere(
          { practices: asked, nhsNumber: entry.nhsNumber, entered: demographicsOf(entry) },
          (event) => {
            if (event.kind === "found")
              apply(event.lookup.odsCode, { status: "done", result: event.lookup, error: null });
            else if (event.kind === "failed")
              apply(event.odsCode, {
                status: "failed",
                result: null,
                error: toCommandError(event.error),
              });
          },
        );
      } catch (raw) {
        const error = toCommandError(raw);
        for (const ods of asked) {
          if (get().lookups[ods]?.status === "loading")
            apply(ods, { status: "failed", result: null, error });
        }
      }
    },

    registration: EMPTY_REGISTRATION,
    registrationFor: null,
    registrationCleared: false,
    registrationErrors: [],
    registrationError: null,
    registering: false,
    setRegistrationField: (field, value) =>
      set((s) => ({ registration: { ...s.registration, [field]: value } })),
    prefillRegistration: (ods) => {
      const { patient, registrationFor } = get();
      const nhsNumber = compactNhsNumber(patient.nhsNumber);
      if (registrationFor?.ods === ods && registrationFor.nhsNumber === nhsNumber) return;
      const otherPatient = registrationFor !== null && registrationFor.nhsNumber !== nhsNumber;
      const registration = otherPatient ? EMPTY_REGISTRATION : get().registration;
      const typed = Object.entries(get().registration).some(
        ([field, value]) =>
          typeof value === "string" &&
          value.trim() !== "" &&
          value !== EMPTY_REGISTRATION[field as keyof RegistrationForm],
      );
      // Fill only what is still empty: never overwrite what the user typed for this patient.
      const birth = isoToParts(demographicsOf(patient).birthDate);
      // The address and title from the PDS record (never from a failed trace: then no form).
      const pds = get().currentTrace()?.trace.patient ?? null;
      const lines = pds?.address?.lines ?? [];
      const town = lines.length > 1 ? (lines[lines.length - 1] ?? "") : "";
      const street = lines.length > 1 ? lines.slice(0, -1) : lines;
      set((s) => ({
        registrationFor: { ods, nhsNumber },
        registrationCleared: otherPatient ? typed : s.registrationCleared,
        registrationErrors: otherPatient ? [] : s.registrationErrors,
        registrationError: otherPatient ? null : s.registrationError,
        registration: {
          ...registration,
          given: registration.given || patient.givenName.trim(),
          family: registration.family || patient.familyName.trim(),
          birthDay: registration.birthDay || birth.day,
          birthMonth: registration.birthMonth || birth.month,
          birthYear: registration.birthYear || birth.year,
          gender: registration.gender || patient.gender,
          title: registration.title || (pds?.title ?? ""),
          addressLine1: registration.addressLine1 || (street[0] ?? ""),
          addressLine2: registration.addressLine2 || (street[1] ?? ""),
          addressLine3: registration.addressLine3 || street.slice(2).join(", "),
          town: registration.town || town,
          postcode: registration.postcode || (pds?.address?.postcode ?? ""),
        },
      }));
    },
    submitRegistration: async (ods) => {
      if (get().registering) return false; // one registration at a time: never sent twice
      get().prefillRegistration(ods); // clears the form if it was for another NHS number
      const { registration, patient } = get();
      const checked = validateRegistration(registration, patient.nhsNumber, today());
      if (!checked.registration) {
        set({ registrationErrors: checked.errors, registrationError: null });
        return false;
      }
      // The lookup this registration answers: stored under what was sent, whatever is typed
      // by the time the practice answers.
      const key = lookupKey(ods, patient);
      const nhsNumber = compactNhsNumber(patient.nhsNumber);
      set({
        registering: true,
        registrationErrors: [],
        registrationError: null,
        registrationCleared: false,
      });
      try {
        const result = await backend.registerPatient({
          odsCode: ods,
          registration: checked.registration,
          entered: demographicsOf(patient),
        });
        const current = get().lookups[ods];
        set((s) => ({
          registering: false,
          // A newer lookup (the details changed meanwhile) is left to answer for itself.
          lookups:
            !current || current.key === key
              ? { ...s.lookups, [ods]: { key, nhsNumber, status: "done", result, error: null } }
              : s.lookups,
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
