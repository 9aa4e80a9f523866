/**
 * The free-slot search: the date window (or the 111 disposition timeframe) and practices
 * asked for, each practice's progress (filled in as its events arrive: queued, searching,
 * answered), the slots found, the filters and how the results are shown (the board, the day
 * view or the list, focused on one practice or not), and the refresh timer.
 *
 * Events arriving close together are applied in one update (within `BATCH_MS`), so twenty
 * practices answering at once cost one render, not twenty. A timer rather than an animation
 * frame: WebKitGTK holds the first frame after an idle spell back by half a second or more. Filters, the results view and the
 * refresh timer survive a new search and a restart (`lib/persist`); the timeframe is per call.
 */
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import type { CommandError } from "../../ipc/bindings/CommandError";
import type { MissingWindow } from "../../ipc/bindings/MissingWindow";
import type { SearchEvent } from "../../ipc/bindings/SearchEvent";
import type { ServiceFiltering } from "../../ipc/bindings/ServiceFiltering";
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
import { loadPreference, savePreference } from "../../lib/persist";
import {
  TIMEFRAME_PRESETS,
  customHoursProblem,
  timeframeFrom,
  timeframeWindow,
  type Timeframe,
} from "../../lib/timeframe";
import type { SliceContext } from "../../state/types";
import type { PracticeSearchState } from "../board/board";
import { NO_FILTERS, parseFilters, toggleFilter, type FilterKey, type Filters } from "./filters";

export type { PracticeSearchState };

export type PracticeStatus = {
  state: PracticeSearchState;
  count: number;
  error: CommandError | null;
  elapsedMs: number | null;
  pastSlots: number;
  unusableSlots: number;
  /** 14-day windows after the first that failed: their days were not searched. */
  missing: MissingWindow[];
  /** Whether the practice filtered by the DoS service (111 profile), when one was sent. */
  serviceFiltering: ServiceFiltering | null;
};

export type ResultsView = "board" | "day" | "list";

/** The refresh timer's choices, in seconds (0: off). At least a minute: the providers' load. */
export const REFRESH_CHOICES = [0, 60, 120, 300] as const;
export type RefreshSeconds = (typeof REFRESH_CHOICES)[number];

/** One practice (and optionally one of its locations) the results are narrowed to. */
export type Focus = { ods: string; location: string | null };

export type SearchFormError = { inputId: string; message: string };

/**
 * Events arriving within this many milliseconds of an update are applied together; the first
 * after a quiet spell at once (the board's first row shows as soon as a practice answers).
 */
const BATCH_MS = 16;

const FILTERS_KEY = "gpc.filters.v1";
const VIEW_KEY = "gpc.resultsView.v1";
const REFRESH_KEY = "gpc.refreshSeconds.v1";

export type SearchSlice = {
  preset: Preset | null;
  fromParts: DateParts;
  toParts: DateParts;
  /** ODS codes ticked; `null` means all practices (the default). */
  chosenPractices: string[] | null;
  searchFormErrors: SearchFormError[];
  /** The disposition timeframe (111 profile), when one is chosen. */
  timeframe: Timeframe | null;
  /** The custom timeframe's hours as typed. */
  customHours: string;
  practiceStatus: Record<string, PracticeStatus>;
  /** Slots per practice, each list in start order. */
  results: Record<string, BookableSlot[]>;
  /** The window and practices last searched (retries and refreshes reuse them). */
  searched: { window: DateWindow; practices: string[] } | null;
  /** `Date.now()` when the last full search or refresh was sent. */
  searchedAt: number | null;
  searchError: CommandError | null;
  inFlight: number;
  /** `performance.now()` when the latest search event arrived. */
  lastEventAt: number;
  /** `performance.now()` when the search's first answer (slots or none) arrived; 0 before. */
  firstAnswerAt: number;
  filters: Filters;
  resultsView: ResultsView;
  focus: Focus | null;
  /** The UK day the day view shows (`yyyy-mm-dd`); `null`: the first day with slots. */
  dayShown: string | null;
  refreshSeconds: RefreshSeconds;
  setPreset: (preset: Preset) => void;
  setDatePart: (which: "from" | "to", part: keyof DateParts, value: string) => void;
  /** Chooses a timeframe preset (or "custom" with `customHours`): the range follows it. */
  setTimeframe: (id: string | null) => void;
  setCustomHours: (text: string) => void;
  togglePractice: (ods: string, on: boolean, all: string[]) => void;
  setAllPractices: (on: boolean) => void;
  search: () => Promise<void>;
  /** Searches the same practices and window again (the refresh button and timer). */
  refresh: () => Promise<void>;
  retryPractice: (ods: string) => Promise<void>;
  toggleFilterValue: (key: FilterKey, value: string, on: boolean) => void;
  clearFilterKey: (key: FilterKey) => void;
  clearFilters: () => void;
  setResultsView: (view: ResultsView) => void;
  setFocus: (focus: Focus | null) => void;
  setDayShown: (day: string | null) => void;
  setRefreshSeconds: (seconds: RefreshSeconds) => void;
  /** Removes slots that are no longer free (booked here, or taken by someone else). */
  removeSlots: (keys: string[]) => void;
};

function startStatus(state: PracticeSearchState = "queued"): PracticeStatus {
  return {
    state,
    count: 0,
    error: null,
    elapsedMs: null,
    pastSlots: 0,
    unusableSlots: 0,
    missing: [],
    serviceFiltering: null,
  };
}

function parseView(value: unknown): ResultsView {
  return value === "day" || value === "list" ? value : "board";
}

function parseRefresh(value: unknown): RefreshSeconds {
  return (REFRESH_CHOICES as readonly unknown[]).includes(value) ? (value as RefreshSeconds) : 0;
}

export function createSearchSlice({ set, get, backend, today, now }: SliceContext): SearchSlice {
  const initial = presetWindow("2weeks", today());
  /** Latest request per practice: events of an older request for it are ignored. */
  const tokens: Record<string, number> = {};
  let nextToken = 1;
  let pending: Array<{ event: SearchEvent; token: number }> = [];
  let flushScheduled = false;
  let lastFlushAt = 0;
  /** When the latest event, and the search's first answer (0 until then), arrived. */
  let lastArrivedAt = 0;
  let firstArrivedAt = 0;

  const flush = () => {
    flushScheduled = false;
    lastFlushAt = performance.now();
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
          case "asked":
            practiceStatus[event.odsCode] = startStatus("searching");
            break;
          case "finished":
            practiceStatus[event.odsCode] = {
              state: event.slots.length > 0 ? "done" : "empty",
              count: event.slots.length,
              error: null,
              elapsedMs: event.elapsedMs,
              pastSlots: event.pastSlots,
              unusableSlots: event.unusableSlots,
              missing: event.missing,
              serviceFiltering: event.serviceFiltering,
            };
            results[event.odsCode] = event.slots;
            break;
          case "failed":
            practiceStatus[event.odsCode] = {
              ...startStatus(isTimeout(event.error) ? "timeout" : "failed"),
              error: toCommandError(event.error),
              elapsedMs: event.elapsedMs,
            };
            results[event.odsCode] = [];
            break;
        }
      }
      const times =
        firstArrivedAt > 0 && s.firstAnswerAt === 0 ? { firstAnswerAt: firstArrivedAt } : {};
      return { practiceStatus, results, lastEventAt: lastArrivedAt, ...times };
    });
  };

  const receive = (token: number) => (event: SearchEvent) => {
    pending.push({ event, token });
    const at = performance.now();
    lastArrivedAt = at;
    if (event.kind === "finished" && get().firstAnswerAt === 0) {
      // The first answer is drawn at once (with whatever else is waiting).
      firstArrivedAt = at;
      flush();
      return;
    }
    if (!flushScheduled) {
      flushScheduled = true;
      setTimeout(flush, at - lastFlushAt > 100 ? 0 : BATCH_MS);
    }
  };

  /** Searches `practices` over `window`; shared by a full search and a practice's retry. */
  const run = async (practices: string[], window: DateWindow) => {
    const token = nextToken++;
    for (const ods of practices) tokens[ods] = token;
    if (get().firstAnswerAt === 0) firstArrivedAt = 0;
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
          const state = practiceStatus[ods]?.state;
          if (tokens[ods] === token && (state === "searching" || state === "queued")) {
            practiceStatus[ods] = { ...startStatus("failed"), error };
          }
        }
        return { practiceStatus, searchError: error };
      });
    } finally {
      set((s) => ({ inFlight: s.inFlight - 1 }));
    }
  };

  const setFilters = (filters: Filters) => {
    savePreference(FILTERS_KEY, filters);
    set({ filters });
  };

  /** The date boxes set to the window covering `timeframe`. */
  const followTimeframe = (timeframe: Timeframe) => {
    const window = timeframeWindow(timeframe, now());
    set({
      timeframe,
      preset: null,
      fromParts: isoToParts(window.from),
      toParts: isoToParts(window.to),
      searchFormErrors: [],
    });
  };

  return {
    preset: "2weeks",
    fromParts: isoToParts(initial.from),
    toParts: isoToParts(initial.to),
    chosenPractices: null,
    searchFormErrors: [],
    timeframe: null,
    customHours: "",
    practiceStatus: {},
    results: {},
    searched: null,
    searchedAt: null,
    searchError: null,
    inFlight: 0,
    lastEventAt: 0,
    firstAnswerAt: 0,
    filters: loadPreference(FILTERS_KEY, parseFilters, NO_FILTERS),
    resultsView: loadPreference(VIEW_KEY, parseView, "board"),
    focus: null,
    dayShown: null,
    refreshSeconds: loadPreference(REFRESH_KEY, parseRefresh, 0),

    setPreset: (preset) => {
      const window = presetWindow(preset, today());
      set({
        preset,
        timeframe: null,
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
    setTimeframe: (id) => {
      if (id === null) {
        set({ timeframe: null, searchFormErrors: [] });
        return;
      }
      if (id === "custom") {
        const text = get().customHours;
        if (customHoursProblem(text)) {
          set({ timeframe: null });
          return;
        }
        followTimeframe(timeframeFrom(now(), Number(text), "custom"));
        return;
      }
      const preset = TIMEFRAME_PRESETS.find((p) => p.id === id);
      if (preset) followTimeframe(timeframeFrom(now(), preset.hours, preset.id, preset.label));
    },
    setCustomHours: (text) => {
      set({ customHours: text });
      if (!customHoursProblem(text)) followTimeframe(timeframeFrom(now(), Number(text), "custom"));
    },
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
      const chosen = s.chosenPractices ?? all;
      // The traced patient's registered practice is searched first (§5.4, issue 11).
      const registered = s.currentTrace()?.trace.patient.registeredPractice ?? null;
      const practices =
        registered && chosen.includes(registered)
          ? [registered, ...chosen.filter((ods) => ods !== registered)]
          : chosen;
      if (practices.length === 0) {
        errors.push({ inputId: "practice-all", message: "Choose at least one practice" });
      }
      if (s.timeframe?.id === "custom" && customHoursProblem(s.customHours)) {
        errors.push({
          inputId: "timeframe-hours",
          message: customHoursProblem(s.customHours) ?? "",
        });
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
      // Practices no longer searched drop out of the results; the filters stay.
      set({
        searchFormErrors: [],
        searched: { window, practices },
        searchedAt: now(),
        firstAnswerAt: 0,
        practiceStatus: {},
        results: {},
        focus: s.focus && practices.includes(s.focus.ods) ? s.focus : null,
        dayShown: null,
      });
      await run(practices, window);
    },

    refresh: async () => {
      const searched = get().searched;
      if (!searched || get().inFlight > 0) return;
      set({ searchedAt: now(), firstAnswerAt: 0 });
      await run(searched.practices, searched.window);
    },

    retryPractice: async (ods) => {
      const searched = get().searched;
      if (!searched) return;
      await run([ods], searched.window);
    },

    toggleFilterValue: (key, value, on) => setFilters(toggleFilter(get().filters, key, value, on)),
    clearFilterKey: (key) => setFilters({ ...get().filters, [key]: [] }),
    clearFilters: () => setFilters(NO_FILTERS),
    setResultsView: (resultsView) => {
      savePreference(VIEW_KEY, resultsView);
      set({ resultsView });
    },
    setFocus: (focus) => set({ focus }),
    setDayShown: (dayShown) => set({ dayShown }),
    setRefreshSeconds: (refreshSeconds) => {
      savePreference(REFRESH_KEY, refreshSeconds);
      set({ refreshSeconds });
    },

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
