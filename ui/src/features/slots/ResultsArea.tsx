/**
 * The results of a search: the heading with the range and the refresh controls (now, or on a
 * timer of one, two or five minutes), the filters, the export, and three views as tabs: the
 * earliest-available board (the default), the day view and the list. The day view and the list
 * are loaded when first shown, so the app starts faster. Narrowing to one practice (from the
 * board) shows as a chip that widens again.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from "react";
import { useShallow } from "zustand/react/shallow";
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import { Spinner } from "../../components/Spinner";
import { adjacentCandidates, slotKey } from "../../lib/adjacency";
import { recordRender } from "../../lib/metrics";
import { formatIsoDate, formatUkTime, ukDate } from "../../lib/ukTime";
import { useApp, useAppStore } from "../../state/store";
import { BoardView } from "../board/BoardView";
import { FiltersBar } from "./FiltersBar";
import { PracticeChips } from "./PracticeChips";
import { SlotExport } from "./SlotExport";
import {
  mergeByStart,
  preferredFirst,
  useFocusedByPractice,
  useFocusedSlots,
  usePracticeIndex,
  usePracticeNames,
  usePreferredLocations,
  useSlotCounts,
  useVisibleByPractice,
} from "./slotData";
import { REFRESH_CHOICES, type RefreshSeconds, type ResultsView } from "./state";

/** Loaded when first shown (each its own chunk). */
const loadDayView = () => import("./DayView");
const loadSlotList = () => import("./SlotList");
const DayView = lazy(() => loadDayView().then((m) => ({ default: m.DayView })));
const SlotList = lazy(() => loadSlotList().then((m) => ({ default: m.SlotList })));

/** Fetches the lazy views in the background once the app is idle (a later click is instant). */
export function prefetchResultViews() {
  void loadDayView();
  void loadSlotList();
}

const TABS: Array<{ view: ResultsView; label: string }> = [
  { view: "board", label: "Earliest" },
  { view: "day", label: "Day" },
  { view: "list", label: "List" },
];

function refreshLabel(seconds: RefreshSeconds): string {
  return seconds === 0 ? "Off" : `Every ${seconds / 60} ${seconds === 60 ? "minute" : "minutes"}`;
}

export function ResultsArea({
  active,
  onChoose,
}: {
  active: boolean;
  onChoose: (slot: BookableSlot, extend: boolean) => void;
}) {
  const store = useAppStore();
  const { searched, searchedAt, view, focus, dayShown, refreshSeconds, inFlight, timeframe } =
    useApp(
      useShallow((s) => ({
        searched: s.searched,
        searchedAt: s.searchedAt,
        view: s.resultsView,
        focus: s.focus,
        dayShown: s.dayShown,
        refreshSeconds: s.refreshSeconds,
        inFlight: s.inFlight,
        timeframe: s.timeframe,
      })),
    );
  const { setView, setFocus, setDayShown, setRefreshSeconds, refresh } = useApp(
    useShallow((s) => ({
      setView: s.setResultsView,
      setFocus: s.setFocus,
      setDayShown: s.setDayShown,
      setRefreshSeconds: s.setRefreshSeconds,
      refresh: s.refresh,
    })),
  );
  const selection = useApp((s) => s.selection);
  const visibleByPractice = useVisibleByPractice();
  const focusedByPractice = useFocusedByPractice();
  // The one ordered list only for the list view (the board and day view work per practice).
  const focused = useFocusedSlots(view === "list");
  const counts = useSlotCounts(view !== "board");
  const preferred = usePreferredLocations();
  const practiceIndex = usePracticeIndex();
  const names = usePracticeNames();
  // At one practice, the patient's preferred surgery comes first; across practices, time order.
  const ordered = useMemo(
    () => (focus ? preferredFirst(focused, preferred) : focused),
    [focus, focused, preferred],
  );
  const selectedKeys = useMemo(() => new Set(selection.map(slotKey)), [selection]);
  const chosenPractice = selection[0]?.practiceOdsCode ?? null;
  const extendableKeys = useMemo(() => {
    const { next, previous } = adjacentCandidates(
      selection,
      chosenPractice ? (visibleByPractice[chosenPractice] ?? []) : [],
    );
    return new Set([next, previous].filter((s): s is BookableSlot => s !== null).map(slotKey));
  }, [selection, chosenPractice, visibleByPractice]);
  // The export works out its list when asked.
  const exportSlots = useCallback(
    () =>
      view === "board"
        ? mergeByStart(Object.values(visibleByPractice))
        : view === "list"
          ? ordered
          : preferredFirst(mergeByStart(Object.values(focusedByPractice)), preferred),
    [view, visibleByPractice, focusedByPractice, ordered, preferred],
  );

  // Timing: from the last search event to the results drawn with it (layout done).
  useEffect(() => {
    const arrivedAt = store.getState().lastEventAt;
    if (arrivedAt <= 0) return;
    recordRender(arrivedAt, counts.shown);
  }, [visibleByPractice, focusedByPractice, counts.shown, store]);

  // The refresh timer: the same search again, never while one is running.
  useEffect(() => {
    if (refreshSeconds === 0 || !searched) return;
    const timer = setInterval(() => void refresh(), refreshSeconds * 1000);
    return () => clearInterval(timer);
  }, [refreshSeconds, searched, refresh]);

  const open = useCallback(
    (ods: string, location: string | null, day: string | null) => {
      setFocus({ ods, location });
      setDayShown(day);
      setView("day");
    },
    [setFocus, setDayShown, setView],
  );
  const chooseFromBoard = useCallback(
    (slot: BookableSlot) => {
      onChoose(slot, false);
      open(slot.practiceOdsCode, null, ukDate(slot.start));
    },
    [onChoose, open],
  );

  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = (index + step + TABS.length) % TABS.length;
    const tab = TABS[next];
    if (tab) setView(tab.view);
    tabRefs.current[next]?.focus();
  };

  const range = searched?.window ?? null;
  return (
    <section className="app-panel app-results" aria-labelledby="results-heading" id="results">
      <div className="app-results__head">
        <h2 className="nhsuk-heading-s app-panel__title" id="results-heading">
          Free slots
          {range ? (
            <span className="app-muted app-results__range">
              {" "}
              {formatIsoDate(range.from)} to {formatIsoDate(range.to)}
            </span>
          ) : null}
        </h2>
        {searched ? (
          <div className="app-refresh" role="group" aria-label="Refresh">
            <button
              type="button"
              className="app-chip"
              id="refresh-now"
              disabled={inFlight > 0}
              onClick={() => void refresh()}
            >
              {inFlight > 0 ? <Spinner /> : null} Refresh
            </button>
            <label className="app-small" htmlFor="refresh-every">
              Auto
            </label>
            <select
              id="refresh-every"
              className="nhsuk-select app-refresh__select"
              value={refreshSeconds}
              onChange={(e) => setRefreshSeconds(Number(e.target.value) as RefreshSeconds)}
            >
              {REFRESH_CHOICES.map((s) => (
                <option key={s} value={s}>
                  {refreshLabel(s)}
                </option>
              ))}
            </select>
            {searchedAt ? (
              <span className="app-small app-muted" id="searched-at">
                as of {formatUkTime(new Date(searchedAt).toISOString())}
              </span>
            ) : null}
          </div>
        ) : null}
      </div>
      {searched ? <FiltersBar shown={counts.shown} total={counts.all} /> : null}
      <div className="app-results__bar">
        <div className="app-tabs" role="tablist" aria-label="Show the results as">
          {TABS.map((tab, index) => (
            <button
              key={tab.view}
              ref={(el) => {
                tabRefs.current[index] = el;
              }}
              type="button"
              role="tab"
              id={`tab-${tab.view}`}
              aria-selected={view === tab.view}
              aria-controls={`panel-${tab.view}`}
              tabIndex={view === tab.view ? 0 : -1}
              className={`app-tab${view === tab.view ? " app-tab--current" : ""}`}
              data-results-view={tab.view}
              onClick={() => setView(tab.view)}
              onKeyDown={(e) => onTabKey(e, index)}
            >
              {tab.label}
            </button>
          ))}
        </div>
        {focus ? (
          <p className="app-focus" id="focus-chip">
            Only {names.get(focus.ods) ?? focus.ods}
            {focus.location ? ` (one surgery)` : ""}.{" "}
            <button
              type="button"
              className="app-link-button"
              id="clear-focus"
              onClick={() => setFocus(null)}
            >
              Show every practice
            </button>
          </p>
        ) : null}
        {searched ? <SlotExport count={counts.shown} slots={exportSlots} /> : null}
      </div>
      <div
        role="tabpanel"
        id={`panel-${view}`}
        aria-labelledby={`tab-${view}`}
        className="app-results__panel"
        data-ready={active ? "true" : "false"}
      >
        {view === "board" ? <BoardView onOpen={open} onChooseSlot={chooseFromBoard} /> : null}
        {view !== "board" ? <PracticeChips /> : null}
        {view === "board" ? null : (
          <Suspense
            fallback={
              <p className="app-muted">
                <Spinner /> Loading…
              </p>
            }
          >
            {view === "day" ? (
              <DayView
                byPractice={focusedByPractice}
                day={dayShown}
                onDayChange={setDayShown}
                selectedKeys={selectedKeys}
                practiceIndex={practiceIndex}
                preferred={preferred}
                timeframe={timeframe}
                onChoose={onChoose}
              />
            ) : (
              <SlotList
                slots={ordered}
                selectedKeys={selectedKeys}
                extendableKeys={extendableKeys}
                practiceIndex={practiceIndex}
                preferred={preferred}
                timeframe={timeframe}
                onChoose={onChoose}
              />
            )}
          </Suspense>
        )}
      </div>
    </section>
  );
}
