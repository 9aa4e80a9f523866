/**
 * The free-slot search: the date window and practices asked for, each practice's progress
 * (filled in as its event arrives), the slots found, and the client-side filters.
 *
 * Events arriving close together are applied in one update per animation frame, so twenty
 * practices answering at once cost one render, not twenty.
 */
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import type { CommandError } from "../../ipc/bindings/CommandError";
import type { SearchEvent } from "../../ipc/bindings/SearchEvent";
import { slotKey } from "../../lib/adjacency";
import { checkDate, type DateParts, isoToParts } from "../../lib/dateInput";
import {
  presetWindow,
  searchWindow,
  windowProblem,
  type DateWindow,
  type Preset,
} from "../../lib/dateWindows";
import { isTimeout, toCommandError } from "../../lib/errors";
import { nextFrame } from "../../lib/metrics";
import type { SliceContext } from "../../state/types";

export type PracticeSearchState = "searching" | "done" | "empty" | "failed" | "timeout";

export type PracticeStatus = {
  state: PracticeSearchState;
  count: number;
  error: CommandError | null;
  elapsedMs: number | null;
  pastSlots: number;
  unusableSlots: number;
};

export type Filters = {
  deliveryChannel: string;
  slotType: string;
  role: string;
  location: string;
  practitioner: string;
};

export const NO_FILTERS: Filters = {
  deliveryChannel: "",
  slotType: "",
  role: "",
  location: "",
  practitioner: "",
};

export type SearchFormError = { inputId: string; message: string };

export type SearchSlice = {
  preset: Preset | null;
  fromParts: DateParts;
  toParts: DateParts;
  /** ODS codes ticked; `null` means all practices (the default). */
  chosenPractices: string[] | null;
  searchFormErrors: SearchFormError[];
  practiceStatus: Record<string, PracticeStatus>;
  /** Slots per practice, each list in start order. */
  results: Record<string, BookableSlot[]>;
  /** The window and practices last searched (retries reuse the window). */
  searched: { window: DateWindow; practices: string[] } | null;
  searchError: CommandError | null;
  inFlight: number;
  /** `performance.now()` when the latest search event arrived. */
  lastEventAt: number;
  filters: Filters;
  setPreset: (preset: Preset) => void;
  setDatePart: (which: "from" | "to", part: keyof DateParts, value: string) => void;
  togglePractice: (ods: string, on: boolean, all: string[]) => void;
  setAllPractices: (on: boolean) => void;
  search: () => Promise<void>;
  retryPractice: (ods: string) => Promise<void>;
  setFilter: (name: keyof Filters, value: string) => void;
  clearFilters: () => void;
  /** Removes slots that are no longer free (booked here, or taken by someone else). */
  removeSlots: (keys: string[]) => void;
};

function startStatus(): PracticeStatus {
  return {
    state: "searching",
    count: 0,
    error: null,
    elapsedMs: null,
    pastSlots: 0,
    unusableSlots: 0,
  };
}

export function createSearchSlice({ set, get, backend, today }: SliceContext): SearchSlice {
  const initial = presetWindow("2weeks", today());
  /** Latest request per practice: events of an older request for it are ignored. */
  const tokens: Record<string, number> = {};
  let nextToken = 1;
  let pending: Array<{ event: SearchEvent; token: number }> = [];
  let flushScheduled = false;

  const flush = () => {
    flushScheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    set((s) => {
      const practiceStatus = { ...s.practiceStatus };
      const results = { ...s.results };
      for (const { event, token } of batch) {
        if (tokens[event.odsCode] !== token) continue;
        switch (event.kind) {
          case "started":
            practiceStatus[event.odsCode] = startStatus();
            results[event.odsCode] = [];
            break;
          case "finished":
            practiceStatus[event.odsCode] = {
              state: event.slots.length > 0 ? "done" : "empty",
              count: event.slots.length,
              error: null,
              elapsedMs: event.elapsedMs,
              pastSlots: event.pastSlots,
              unusableSlots: event.unusableSlots,
            };
            results[event.odsCode] = event.slots;
            break;
          case "failed":
            practiceStatus[event.odsCode] = {
              state: isTimeout(event.error) ? "timeout" : "failed",
              count: 0,
              error: toCommandError(event.error),
              elapsedMs: event.elapsedMs,
              pastSlots: 0,
              unusableSlots: 0,
            };
            results[event.odsCode] = [];
            break;
        }
      }
      return { practiceStatus, results };
    });
  };

  const receive = (token: number) => (event: SearchEvent) => {
    pending.push({ event, token });
    set({ lastEventAt: performance.now() });
    if (!flushScheduled) {
      flushScheduled = true;
      nextFrame(flush);
    }
  };

  /** Searches `practices` over `window`; shared by a full search and a practice's retry. */
  const run = async (practices: string[], window: DateWindow) => {
    const token = nextToken++;
    for (const ods of practices) tokens[ods] = token;
    set((s) => {
      const practiceStatus = { ...s.practiceStatus };
      const results = { ...s.results };
      for (const ods of practices) {
        practiceStatus[ods] = startStatus();
        results[ods] = [];
      }
      return { practiceStatus, results, inFlight: s.inFlight + 1, searchError: null };
    });
    try {
      await backend.searchSlots({ practices, from: window.from, to: window.to }, receive(token));
    } catch (raw) {
      const error = toCommandError(raw);
      flush();
      set((s) => {
        const practiceStatus = { ...s.practiceStatus };
        for (const ods of practices) {
          if (tokens[ods] === token && practiceStatus[ods]?.state === "searching") {
            practiceStatus[ods] = { ...startStatus(), state: "failed", error };
          }
        }
        return { practiceStatus, searchError: error };
      });
    } finally {
      set((s) => ({ inFlight: s.inFlight - 1 }));
    }
  };

  return {
    preset: "2weeks",
    fromParts: isoToParts(initial.from),
    toParts: isoToParts(initial.to),
    chosenPractices: null,
    searchFormErrors: [],
    practiceStatus: {},
    results: {},
    searched: null,
    searchError: null,
    inFlight: 0,
    lastEventAt: 0,
    filters: NO_FILTERS,

    setPreset: (preset) => {
      const window = presetWindow(preset, today());
      set({
        preset,
        fromParts: isoToParts(window.from),
        toParts: isoToParts(window.to),
        searchFormErrors: [],
      });
    },
    setDatePart: (which, part, value) =>
      set((s) =>
        which === "from"
          ? { preset: null, fromParts: { ...s.fromParts, [part]: value } }
          : { preset: null, toParts: { ...s.toParts, [part]: value } },
      ),
    togglePractice: (ods, on, all) =>
      set((s) => {
        const current = new Set(s.chosenPractices ?? all);
        if (on) current.add(ods);
        else current.delete(ods);
        const chosen = all.filter((p) => current.has(p));
        return { chosenPractices: chosen.length === all.length ? null : chosen };
      }),
    setAllPractices: (on) => set({ chosenPractices: on ? null : [] }),

    search: async () => {
      const s = get();
      const errors: SearchFormError[] = [];
      const from = checkDate(s.fromParts, "Start date", { required: true });
      const to = checkDate(s.toParts, "End date", { required: true });
      if (from.message)
        errors.push({ inputId: `search-from-${from.parts[0] ?? "day"}`, message: from.message });
      if (to.message)
        errors.push({ inputId: `search-to-${to.parts[0] ?? "day"}`, message: to.message });
      const all = s.status?.practices.map((p) => p.odsCode) ?? [];
      const practices = s.chosenPractices ?? all;
      if (practices.length === 0) {
        errors.push({ inputId: "practice-all", message: "Choose at least one practice" });
      }
      if (from.iso && to.iso) {
        const problem = windowProblem({ from: from.iso, to: to.iso }, today());
        if (problem) errors.push({ inputId: "search-to-day", message: problem });
      }
      if (errors.length > 0 || !from.iso || !to.iso) {
        set({ searchFormErrors: errors });
        return;
      }
      const window = searchWindow({ from: from.iso, to: to.iso }, today());
      // Practices no longer searched drop out of the results.
      set({
        searchFormErrors: [],
        searched: { window, practices },
        practiceStatus: {},
        results: {},
      });
      await run(practices, window);
    },

    retryPractice: async (ods) => {
      const searched = get().searched;
      if (!searched) return;
      await run([ods], searched.window);
    },

    setFilter: (name, value) => set((s) => ({ filters: { ...s.filters, [name]: value } })),
    clearFilters: () => set({ filters: NO_FILTERS }),

    removeSlots: (keys) => {
      const gone = new Set(keys);
      set((s) => {
        const results = { ...s.results };
        const practiceStatus = { ...s.practiceStatus };
        for (const [ods, slots] of Object.entries(s.results)) {
          if (!slots.some((slot) => gone.has(slotKey(slot)))) continue;
          const left = slots.filter((slot) => !gone.has(slotKey(slot)));
          results[ods] = left;
          const status = practiceStatus[ods];
          if (status)
            practiceStatus[ods] = {
              ...status,
              count: left.length,
              state: left.length > 0 ? "done" : "empty",
            };
        }
        return { results, practiceStatus };
      });
    },
  };
}
