/**
 * The earliest-available board, the default view of a search: a live summary, then one row per
 * practice and location (status, free slots, the earliest, the earliest per delivery channel,
 * whether the patient is known there), filling in as practices answer and sorted by earliest;
 * then the availability strip. Choosing a row opens that practice's slots in the day view;
 * choosing a slot chooses it for booking and opens its day there.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import { Spinner } from "../../components/Spinner";
import { describeError } from "../../lib/errors";
import { recordFirstRow } from "../../lib/metrics";
import { practiceColour } from "../../lib/practiceColours";
import { describeTimeframe } from "../../lib/timeframe";
import { formatIsoDate, formatUkDate, formatUkTime, ukDate } from "../../lib/ukTime";
import { useApp } from "../../state/store";
import {
  usePatientHere,
  usePracticeIndex,
  usePracticeNames,
  usePreferredLocations,
  useVisibleByPractice,
} from "../slots/slotData";
import { AvailabilityStrip } from "./AvailabilityStrip";
import { boardRowsKeeper, type BoardRow, type PatientHere } from "./board";

const PATIENT_TEXT: Record<PatientHere, string> = {
  checking: "Checking…",
  found: "Registered here",
  notFound: "No record: temporary registration needed",
  failed: "Could not check",
  unknown: "",
};

function statusText(row: BoardRow): string {
  const s = row.status;
  switch (s.state) {
    case "queued":
      return "Waiting its turn";
    case "searching":
      return "Searching…";
    case "done":
    case "empty":
      return row.count + row.outside === 0 ? "No free slots" : "";
    case "timeout":
      return "Timed out";
    case "failed":
      return s.error ? `Failed: ${describeError(s.error, "search").title}` : "Failed";
  }
}

/** "Mon 23 Nov, 09:10" (today: "Today 09:10"). */
function when(slot: BookableSlot, today: string): string {
  const day = ukDate(slot.start) === today ? "Today" : formatUkDate(slot.start).slice(0, -5);
  return `${day} ${formatUkTime(slot.start)}`;
}

/** What the practice did with the DoS service id sent (111 profile), when one was sent. */
function filteringNote(row: BoardRow): string | null {
  const f = row.status.serviceFiltering;
  if (!f) return null;
  if (f.status === "enabled") return "Filtered to the DoS service: only its slots are shown.";
  return "Service filtering is not applied at this practice: all its slots are shown.";
}

export function BoardView({
  onOpen,
  onChooseSlot,
}: {
  /** Opens the practice (or location) in the day view. */
  onOpen: (ods: string, location: string | null, day: string | null) => void;
  /** Chooses a slot for booking (and opens its day). */
  onChooseSlot: (slot: BookableSlot) => void;
}) {
  const { searched, statuses, timeframe, searchError, today } = useApp(
    useShallow((s) => ({
      searched: s.searched,
      statuses: s.practiceStatus,
      timeframe: s.timeframe,
      searchError: s.searchError,
      today: s.searched?.window.from ?? "",
    })),
  );
  const retry = useApp((s) => s.retryPractice);
  const selection = useApp((s) => s.selection);
  const names = usePracticeNames();
  const index = usePracticeIndex();
  const slots = useVisibleByPractice();
  const preferred = usePreferredLocations();
  const patient = usePatientHere();
  const practices = useMemo(
    () => (searched?.practices ?? []).map((ods) => ({ ods, name: names.get(ods) ?? ods })),
    [searched, names],
  );
  // Rows of practices that did not change are kept (the same objects), so they are not redrawn.
  const [keeper] = useState(boardRowsKeeper);
  const rows = useMemo(
    () => keeper({ practices, statuses, slots, timeframe, preferred, patient }),
    [keeper, practices, statuses, slots, timeframe, preferred, patient],
  );
  // Timing: the first answer's row, drawn (once per search).
  const firstAnswerAt = useApp((s) => s.firstAnswerAt);
  const timedFor = useRef(0);
  const hasAnswer = rows.some((r) => r.status.state === "done" || r.status.state === "empty");
  useEffect(() => {
    if (firstAnswerAt <= 0 || !hasAnswer || timedFor.current === firstAnswerAt) return;
    timedFor.current = firstAnswerAt;
    recordFirstRow(firstAnswerAt);
  }, [firstAnswerAt, hasAnswer]);
  // The channel columns, the same array while the channels are the same.
  const channelText = useMemo(() => {
    const seen = new Set<string>();
    for (const row of rows) for (const c of row.byChannel) seen.add(c.channel);
    return [...seen].join("\n");
  }, [rows]);
  const channels = useMemo(
    () => (channelText === "" ? [] : channelText.split("\n")),
    [channelText],
  );
  const selectedKeys = useMemo(
    () => new Set(selection.map((s) => `${s.practiceOdsCode}/${s.slotId}`)),
    [selection],
  );
  const showPatient = Object.keys(patient).length > 0;
  const openDay = useCallback((ods: string, day: string) => onOpen(ods, null, day), [onOpen]);

  if (!searched) {
    return (
      <p className="app-muted app-status-empty" id="search-progress">
        Choose the practices{timeframe ? "" : " and dates"}, then Search. The earliest free slot at
        each practice shows here as it answers.
      </p>
    );
  }

  const answered = practices.filter((p) => {
    const state = statuses[p.ods]?.state;
    return state !== undefined && state !== "queued" && state !== "searching";
  }).length;
  const within = rows.reduce((n, r) => n + r.count, 0);
  const failed = practices.filter((p) => {
    const state = statuses[p.ods]?.state;
    return state === "failed" || state === "timeout";
  }).length;
  const noun = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const summary =
    answered < practices.length
      ? `Searching ${noun(practices.length, "practice", "practices")}: ${answered} answered, ${noun(within, "slot", "slots")} so far.`
      : `Search finished: ${noun(within, "free slot", "free slots")}${timeframe ? " within the timeframe" : ""} at ${practices.length - failed} of ${noun(practices.length, "practice", "practices")}${failed > 0 ? `; ${failed} did not answer` : ""}.`;

  return (
    <div className="app-board" id="board">
      <p className="app-board__summary" id="search-progress" role="status" aria-live="polite">
        {summary}
        {timeframe ? <span className="app-muted"> {describeTimeframe(timeframe)}.</span> : null}
      </p>
      {searchError ? (
        <p className="app-status__error" role="alert">
          {describeError(searchError, "search").title}.{" "}
          {describeError(searchError, "search").advice}
        </p>
      ) : null}
      <div className="app-board__scroll">
        <table className="app-board__table">
          <caption className="nhsuk-u-visually-hidden">
            Earliest free slot at each practice and location, earliest first
            {timeframe ? ", within the disposition timeframe" : ""}
          </caption>
          <thead>
            <tr>
              <th scope="col">Practice and location</th>
              <th scope="col" className="app-board__num">
                {timeframe ? "Free within timeframe" : "Free slots"}
              </th>
              <th scope="col">Earliest</th>
              {channels.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
              {showPatient ? <th scope="col">Patient</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <BoardRowView
                key={row.key}
                row={row}
                colourClass={practiceColour(index.get(row.ods) ?? 0).className}
                channels={channels}
                showPatient={showPatient}
                today={today}
                selectedKeys={selectedKeys}
                onOpen={onOpen}
                onChooseSlot={onChooseSlot}
                onRetry={retry}
              />
            ))}
          </tbody>
        </table>
      </div>
      <AvailabilityStrip
        practices={practices}
        slots={slots}
        window={searched.window}
        onOpen={openDay}
      />
    </div>
  );
}

/** One row of the board; redrawn only when its row (or the columns, or the choice) changes. */
const BoardRowView = memo(function BoardRowView({
  row,
  colourClass,
  channels,
  showPatient,
  today,
  selectedKeys,
  onOpen,
  onChooseSlot,
  onRetry,
}: {
  row: BoardRow;
  colourClass: string;
  channels: string[];
  showPatient: boolean;
  today: string;
  selectedKeys: ReadonlySet<string>;
  onOpen: (ods: string, location: string | null, day: string | null) => void;
  onChooseSlot: (slot: BookableSlot) => void;
  onRetry: (ods: string) => Promise<void>;
}) {
  const slotButton = (slot: BookableSlot, label: string) => {
    const key = `${slot.practiceOdsCode}/${slot.slotId}`;
    return (
      <button
        type="button"
        className={`app-board__slot${selectedKeys.has(key) ? " is-selected" : ""}`}
        data-board-slot={key}
        aria-pressed={selectedKeys.has(key)}
        onClick={() => onChooseSlot(slot)}
      >
        {when(slot, today)}
        <span className="nhsuk-u-visually-hidden">
          {`, ${label}, ${slot.practiceName}. Choose this slot`}
        </span>
      </button>
    );
  };

  const state = row.status.state;
  const error = row.status.error ? describeError(row.status.error, "search") : null;
  const note = filteringNote(row);
  const first = row.earliest ?? row.firstOutside;
  return (
    <tr
      key={row.key}
      className={`app-board__row app-board__row--${state}${row.preferred ? " is-preferred" : ""}`}
      data-practice-status={row.ods}
      data-board-row={row.key}
      data-state={state}
      data-count={row.count}
    >
      <th scope="row" className="app-board__name">
        <span className={`app-swatch ${colourClass}`} aria-hidden="true" />
        <span>
          {row.location ? (
            <button
              type="button"
              className="app-link-button app-board__open"
              data-open={row.key}
              onClick={() =>
                onOpen(row.ods, row.location?.id ?? null, first ? ukDate(first.start) : null)
              }
            >
              {row.practiceName}
              {row.location.name && row.location.name !== row.practiceName
                ? `: ${row.location.name}`
                : ""}
              <span className="nhsuk-u-visually-hidden">. Show its slots</span>
            </button>
          ) : (
            <strong>{row.practiceName}</strong>
          )}{" "}
          <span className="app-muted">({row.ods})</span>
          {row.preferred ? (
            <span className="nhsuk-tag nhsuk-tag--blue app-tag-inline">Preferred surgery</span>
          ) : null}
        </span>
        <span className="app-board__status" data-status-text={state}>
          {state === "searching" ? <Spinner /> : null}
          {statusText(row)}
          {error?.advice && (state === "failed" || state === "timeout") ? (
            <span className="app-board__advice">{error.advice}</span>
          ) : null}
          {row.status.missing.length > 0 ? (
            <span className="app-board__advice" data-missing={row.ods}>
              Not searched:{" "}
              {row.status.missing
                .map((m) => `${formatIsoDate(m.range.start)} to ${formatIsoDate(m.range.end)}`)
                .join("; ")}{" "}
              (the practice did not answer).
            </span>
          ) : null}
          {note ? <span className="app-board__advice app-muted">{note}</span> : null}
          {state === "failed" || state === "timeout" || row.status.missing.length > 0 ? (
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-board__retry"
              data-retry={row.ods}
              onClick={() => void onRetry(row.ods)}
            >
              Retry <span className="nhsuk-u-visually-hidden">{row.practiceName}</span>
            </button>
          ) : null}
        </span>
      </th>
      <td className="app-board__num">
        {state === "done" || state === "empty" ? (
          <>
            <strong>{row.count}</strong>
            {row.outside > 0 ? (
              <span className="app-muted app-board__after"> +{row.outside} after</span>
            ) : null}
          </>
        ) : null}
      </td>
      <td>
        {row.earliest ? (
          slotButton(row.earliest, "earliest within the timeframe")
        ) : row.firstOutside ? (
          <>
            <span className="app-board__none">None within the timeframe; first after:</span>
            {slotButton(row.firstOutside, "first after the timeframe")}
          </>
        ) : null}
      </td>
      {channels.map((c) => {
        const hit = row.byChannel.find((b) => b.channel === c);
        return (
          <td key={c} className="app-board__channel">
            {hit ? slotButton(hit.slot, `earliest ${c}`) : null}
          </td>
        );
      })}
      {showPatient ? (
        <td
          className={`app-board__patient app-board__patient--${row.patient}`}
          data-patient-here={row.patient}
        >
          {PATIENT_TEXT[row.patient]}
        </td>
      ) : null}
    </tr>
  );
});
