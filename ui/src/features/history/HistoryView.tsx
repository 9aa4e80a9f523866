/**
 * History (Alt+4): the local audit trail of every action on a patient's data at a practice
 * (find, register, book, view, amend, cancel, reschedule, and the reads that checked a lost
 * answer), newest first, with time (UK and UTC), user, practice, outcome, HTTP status, code,
 * appointment, NHS number and the Ssp-TraceID. Filter by NHS number, practice, outcome and
 * days; export as CSV.
 */
import { useEffect } from "react";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import type { HistoryRow } from "../../ipc/bindings/HistoryRow";
import { toCsv } from "../../lib/csv";
import { formatUkDateTime } from "../../lib/ukTime";
import { useApp, useBackend } from "../../state/store";
import { PendingWrites } from "./PendingWrites";

const OUTCOMES: Array<{ value: string; label: string }> = [
  { value: "", label: "Any outcome" },
  { value: "ok", label: "Done" },
  { value: "refused", label: "Refused" },
  { value: "unknown", label: "Answer lost" },
  { value: "failed", label: "Failed" },
  { value: "resolved", label: "Closed by a user" },
];

const OUTCOME_LABEL: Record<string, string> = Object.fromEntries(
  OUTCOMES.map((o) => [o.value, o.label]),
);

function result(row: HistoryRow): string {
  return [OUTCOME_LABEL[row.outcome] ?? row.outcome, row.httpStatus, row.code]
    .filter((p) => p !== null && p !== "")
    .join(" ");
}

export function historyCsv(rows: HistoryRow[]): string {
  return toCsv([
    [
      "Time (UK)",
      "Time (UTC)",
      "User",
      "Organisation",
      "Practice",
      "Action",
      "Interaction",
      "Outcome",
      "HTTP status",
      "Code",
      "Appointment",
      "NHS number",
      "Trace ID",
      "Note",
    ],
    ...rows.map((r) => [
      r.atUk,
      r.atUtc,
      r.user,
      r.organisation,
      r.odsCode,
      r.action,
      r.interactionId,
      r.outcome,
      r.httpStatus === null ? "" : String(r.httpStatus),
      r.code ?? "",
      r.appointmentId ?? "",
      r.nhsNumber ?? "",
      r.traceId,
      r.note ?? "",
    ]),
  ]);
}

export function HistoryView() {
  const rows = useApp((s) => s.history);
  const loading = useApp((s) => s.historyLoading);
  const error = useApp((s) => s.historyError);
  const filter = useApp((s) => s.historyFilter);
  const practices = useApp((s) => s.status?.practices ?? []);
  const setFilter = useApp((s) => s.setHistoryFilter);
  const load = useApp((s) => s.loadHistory);
  const backend = useBackend();
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="history-heading" className="app-history">
      <h1 className="nhsuk-heading-l" id="history-heading" tabIndex={-1}>
        History
      </h1>
      <p className="app-small">
        Every action on a patient's data at a practice, from this computer. Quote the trace ID to
        the practice or support.
      </p>
      <PendingWrites />
      <form
        id="history-filters"
        className="app-filters"
        onSubmit={(event) => {
          event.preventDefault();
          void load();
        }}
      >
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="history-nhs-number">
            NHS number
          </label>
          <input
            id="history-nhs-number"
            className="nhsuk-input nhsuk-input--width-10"
            inputMode="numeric"
            value={filter.nhsNumber}
            onChange={(event) => setFilter({ nhsNumber: event.target.value })}
          />
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="history-practice">
            Practice
          </label>
          <select
            id="history-practice"
            className="nhsuk-select"
            value={filter.odsCode}
            onChange={(event) => setFilter({ odsCode: event.target.value })}
          >
            <option value="">Every practice</option>
            {practices.map((p) => (
              <option key={p.odsCode} value={p.odsCode}>
                {p.name} ({p.odsCode})
              </option>
            ))}
          </select>
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="history-outcome">
            Outcome
          </label>
          <select
            id="history-outcome"
            className="nhsuk-select"
            value={filter.outcome}
            onChange={(event) => setFilter({ outcome: event.target.value })}
          >
            {OUTCOMES.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="history-days">
            Days
          </label>
          <select
            id="history-days"
            className="nhsuk-select"
            value={filter.days}
            onChange={(event) => setFilter({ days: Number(event.target.value) })}
          >
            <option value={1}>Today</option>
            <option value={7}>Last 7 days</option>
            <option value={30}>Last 30 days</option>
            <option value={365}>Last year</option>
          </select>
        </div>
        <p className="app-button-row">
          <button type="submit" className="nhsuk-button" id="history-show">
            Show
          </button>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary"
            id="history-export"
            disabled={!rows || rows.length === 0}
            onClick={() => {
              if (rows) void backend.saveCsv("history.csv", historyCsv(rows));
            }}
          >
            Export CSV
          </button>
        </p>
      </form>
      {error ? <CommandErrorBox error={error} context="general" id="history-error" /> : null}
      <p role="status" aria-live="polite" className="app-small" id="history-status">
        {loading
          ? "Loading…"
          : rows
            ? `${rows.length} ${rows.length === 1 ? "action" : "actions"}`
            : ""}
      </p>
      {rows && rows.length > 0 ? (
        <div className="app-table-scroll">
          <table className="nhsuk-table app-table" id="history-table">
            <caption className="nhsuk-u-visually-hidden">Audit trail, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When (UK)</th>
                <th scope="col">User</th>
                <th scope="col">Practice</th>
                <th scope="col">Action</th>
                <th scope="col">Outcome</th>
                <th scope="col">Appointment</th>
                <th scope="col">NHS number</th>
                <th scope="col">Trace ID</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={row.id}
                  data-history-row={row.id}
                  data-action={row.action}
                  data-outcome={row.outcome}
                  data-trace-id={row.traceId}
                >
                  <td title={`UTC ${row.atUtc}`}>{formatUkDateTime(row.atUk)}</td>
                  <td>{row.user}</td>
                  <td>{row.odsCode}</td>
                  <td>
                    {row.action}
                    {row.note ? (
                      <span className="app-small app-history-note" data-history-note>
                        <br />
                        {row.note}
                      </span>
                    ) : null}
                  </td>
                  <td>{result(row)}</td>
                  <td>{row.appointmentId ?? ""}</td>
                  <td>{row.nhsNumber ?? ""}</td>
                  <td>
                    <code>{row.traceId}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
