/**
 * Tracing the patient on PDS, the patient panel's first step (§5.4): by NHS number, or by
 * demographics for a caller who does not know it (matches in PDS's order; choosing one traces
 * it). A trace fills the patient panel with the verified details, uses the current number when
 * the one given was superseded, and preselects the registered practice when it is in the
 * federation (ticked, and searched first). Every request about the patient waits for the trace (`ensureTrace`); the backend
 * refuses it anyway without one.
 */
import type { CommandError } from "../../ipc/bindings/CommandError";
import type { PdsSearchResult } from "../../ipc/bindings/PdsSearchResult";
import type { SearchQuery } from "../../ipc/bindings/SearchQuery";
import type { TraceView } from "../../ipc/bindings/TraceView";
import { isoToParts, parseDateParts } from "../../lib/dateInput";
import { toCommandError } from "../../lib/errors";
import { compactNhsNumber, formatNhsNumber, isValidNhsNumber } from "../../lib/nhsNumber";
import type { SliceContext } from "../../state/types";

export type TraceStatus = {
  status: "idle" | "loading" | "done" | "failed";
  /** The NHS number (digits) traced or being traced. */
  nhsNumber: string;
  view: TraceView | null;
  error: CommandError | null;
};

export type PdsSearchState = {
  status: "idle" | "loading" | "done" | "failed";
  result: PdsSearchResult | null;
  error: CommandError | null;
};

export const NO_TRACE: TraceStatus = { status: "idle", nhsNumber: "", view: null, error: null };
export const NO_PDS_SEARCH: PdsSearchState = { status: "idle", result: null, error: null };

export type TraceSlice = {
  trace: TraceStatus;
  pdsSearch: PdsSearchState;
  /** The postcode given for a search by demographics. */
  postcode: string;
  setPostcode: (postcode: string) => void;
  /** Traces the NHS number entered (or `nhsNumber`); the view, or `null` when it failed. */
  tracePatient: (nhsNumber?: string, refresh?: boolean) => Promise<TraceView | null>;
  /** The trace of the NHS number entered, tracing it first when needed. */
  ensureTrace: () => Promise<TraceView | null>;
  /** The trace for the NHS number entered now, if any (never another patient's). */
  currentTrace: () => TraceView | null;
  /** Searches PDS by the family name, given name, date of birth, gender and postcode entered. */
  searchPds: () => Promise<void>;
  /** A match chosen: traces it. */
  chooseMatch: (nhsNumber: string) => Promise<void>;
  /** Differences acknowledged with the caller, per practice: the lookup key acknowledged. */
  acknowledged: Record<string, string>;
  acknowledge: (ods: string, key: string, yes: boolean) => void;
};

export function createTraceSlice({ set, get, backend }: SliceContext): TraceSlice {
  // The trace in flight, so that every lookup waiting for it shares one request to PDS.
  let pending: { nhsNumber: string; promise: Promise<TraceView | null> } | null = null;
  // The patient whose verified details were last filled in: traced again (a new session),
  // only what is empty is filled, so nothing typed since is lost.
  let filledFor: string | null = null;
  const apply = (view: TraceView) => {
    const p = view.trace.patient;
    const birth = isoToParts(p.birthDate);
    const fresh = filledFor !== p.nhsNumber;
    filledFor = p.nhsNumber;
    const fill = (held: string, verified: string | null | undefined) =>
      verified && (fresh || held.trim() === "") ? verified : held;
    set((s) => ({
      patient: {
        ...s.patient,
        // The current number when the one given was superseded (the trace says so).
        nhsNumber: formatNhsNumber(p.nhsNumber),
        familyName: fill(s.patient.familyName, p.familyName),
        givenName: fill(s.patient.givenName, p.givenNames[0]),
        birthDay: fill(s.patient.birthDay, p.birthDate ? birth.day : null),
        birthMonth: fill(s.patient.birthMonth, p.birthDate ? birth.month : null),
        birthYear: fill(s.patient.birthYear, p.birthDate ? birth.year : null),
        gender:
          fresh || s.patient.gender === "" ? (p.gender ?? s.patient.gender) : s.patient.gender,
      },
      // The registered practice, when it is one of ours, is always among those searched (and
      // is searched first: see the search); all practices stay ticked when they were.
      chosenPractices:
        view.registeredInFederation &&
        p.registeredPractice &&
        s.chosenPractices &&
        !s.chosenPractices.includes(p.registeredPractice)
          ? [...s.chosenPractices, p.registeredPractice]
          : s.chosenPractices,
    }));
  };

  return {
    trace: NO_TRACE,
    pdsSearch: NO_PDS_SEARCH,
    postcode: "",
    setPostcode: (postcode) => set({ postcode }),
    acknowledged: {},
    acknowledge: (ods, key, yes) =>
      set((s) => {
        const acknowledged = { ...s.acknowledged };
        if (yes) acknowledged[ods] = key;
        else delete acknowledged[ods];
        return { acknowledged };
      }),

    currentTrace: () => {
      const { trace, patient } = get();
      const entered = compactNhsNumber(patient.nhsNumber);
      if (trace.status !== "done" || !trace.view) return null;
      return trace.view.trace.patient.nhsNumber === entered ? trace.view : null;
    },

    tracePatient: async (nhsNumber, refresh = false) => {
      const typed = nhsNumber ?? get().patient.nhsNumber;
      if (!isValidNhsNumber(typed)) return null;
      const digits = compactNhsNumber(typed);
      set({ trace: { status: "loading", nhsNumber: digits, view: null, error: null } });
      try {
        const view = await backend.tracePatient({ nhsNumber: digits, refresh });
        if (get().trace.nhsNumber !== digits) return null; // another number since
        set({ trace: { status: "done", nhsNumber: digits, view, error: null } });
        apply(view);
        return view;
      } catch (error) {
        if (get().trace.nhsNumber !== digits) return null;
        set({
          trace: { status: "failed", nhsNumber: digits, view: null, error: toCommandError(error) },
        });
        return null;
      }
    },

    ensureTrace: async () => {
      const current = get().currentTrace();
      if (current) return current;
      const { trace, patient } = get();
      const entered = compactNhsNumber(patient.nhsNumber);
      if (trace.status === "failed" && trace.nhsNumber === entered) return null;
      if (pending?.nhsNumber === entered) return pending.promise;
      const promise = get().tracePatient();
      pending = { nhsNumber: entered, promise };
      try {
        return await promise;
      } finally {
        if (pending?.promise === promise) pending = null;
      }
    },

    searchPds: async () => {
      const p = get().patient;
      const birth = parseDateParts({ day: p.birthDay, month: p.birthMonth, year: p.birthYear });
      const text = (v: string) => (v.trim() === "" ? null : v.trim());
      const query: SearchQuery = {
        familyName: text(p.familyName),
        givenName: text(p.givenName),
        gender: p.gender === "" ? null : p.gender,
        birthDate: birth.kind === "ok" ? { on: birth.iso } : null,
        postcode: text(get().postcode),
        fuzzy: false,
        exact: false,
        maxResults: 10,
      };
      set({ pdsSearch: { status: "loading", result: null, error: null } });
      try {
        const result = await backend.searchPds(query);
        set({ pdsSearch: { status: "done", result, error: null } });
      } catch (error) {
        set({ pdsSearch: { status: "failed", result: null, error: toCommandError(error) } });
      }
    },

    chooseMatch: async (nhsNumber) => {
      set((s) => ({ patient: { ...s.patient, nhsNumber: formatNhsNumber(nhsNumber) } }));
      const view = await get().tracePatient(nhsNumber);
      if (view) set({ pdsSearch: NO_PDS_SEARCH });
    },
  };
}
