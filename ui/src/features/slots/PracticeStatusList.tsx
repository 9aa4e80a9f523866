/**
 * One row per practice searched, filled in as each answers: searching, "n slots", "no free
 * slots", "failed: …" or "timed out", with a Retry button that searches only that practice.
 * A polite live region sums up the progress for screen readers.
 */
import { useShallow } from "zustand/react/shallow";
import { Spinner } from "../../components/Spinner";
import { describeError } from "../../lib/errors";
import { practiceColour } from "../../lib/practiceColours";
import { useApp } from "../../state/store";
import { usePracticeIndex } from "./slotData";
import type { PracticeStatus } from "./state";

function statusText(status: PracticeStatus): string {
  switch (status.state) {
    case "searching":
      return "Searching…";
    case "done":
      return `${status.count} ${status.count === 1 ? "slot" : "slots"}`;
    case "empty":
      return "No free slots";
    case "timeout":
      return "Timed out";
    case "failed":
      return status.error ? `Failed: ${describeError(status.error, "search").title}` : "Failed";
  }
}

export function PracticeStatusList() {
  const { searched, statuses, practices, searchError } = useApp(
    useShallow((s) => ({
      searched: s.searched,
      statuses: s.practiceStatus,
      practices: s.status?.practices,
      searchError: s.searchError,
    })),
  );
  const retry = useApp((s) => s.retryPractice);
  const index = usePracticeIndex();
  if (!searched) {
    return (
      <p className="app-muted app-status-empty" id="search-progress">
        Choose dates and practices, then Search.
      </p>
    );
  }
  const names = new Map((practices ?? []).map((p) => [p.odsCode, p.name]));
  const rows = searched.practices.map((ods) => ({ ods, status: statuses[ods] }));
  const answered = rows.filter((r) => r.status && r.status.state !== "searching").length;
  const slots = rows.reduce((n, r) => n + (r.status?.count ?? 0), 0);
  const failed = rows.filter(
    (r) => r.status && (r.status.state === "failed" || r.status.state === "timeout"),
  ).length;
  const summary =
    answered < rows.length
      ? `Searching ${rows.length} ${rows.length === 1 ? "practice" : "practices"}: ${answered} answered, ${slots} slots so far.`
      : `Search finished: ${slots} free ${slots === 1 ? "slot" : "slots"} at ${rows.length - failed} of ${rows.length} ${rows.length === 1 ? "practice" : "practices"}${failed > 0 ? `; ${failed} did not answer` : ""}.`;

  return (
    <section className="app-status" aria-labelledby="status-heading">
      <h3 className="app-status__heading" id="status-heading">
        Practices searched <span className="app-muted">(colour key for the calendar)</span>
      </h3>
      <p className="app-status__summary" id="search-progress" role="status" aria-live="polite">
        {summary}
      </p>
      {searchError ? (
        <p className="app-status__error" role="alert">
          {describeError(searchError, "search").title}.{" "}
          {describeError(searchError, "search").advice}
        </p>
      ) : null}
      <ul className="app-status__list">
        {rows.map(({ ods, status }) => {
          const state = status?.state ?? "searching";
          const colour = practiceColour(index.get(ods) ?? 0);
          const error = status?.error ? describeError(status.error, "search") : null;
          return (
            <li
              key={ods}
              className={`app-status__row app-status__row--${state}`}
              data-practice-status={ods}
              data-state={state}
            >
              <span className={`app-swatch ${colour.className}`} aria-hidden="true" />
              <span className="app-status__name">
                {names.get(ods) ?? ods} <span className="app-muted">({ods})</span>
              </span>
              <span className="app-status__text">
                {state === "searching" ? <Spinner /> : null}
                {status ? statusText(status) : "Searching…"}
                {status && state === "done" && status.pastSlots > 0 ? (
                  <span className="app-muted"> ({status.pastSlots} already started)</span>
                ) : null}
              </span>
              {(state === "failed" || state === "timeout") && error ? (
                <>
                  {error.advice ? <span className="app-status__advice">{error.advice}</span> : null}
                  {error.reference ? (
                    <span className="app-status__advice app-muted">
                      Reference: {error.reference}
                    </span>
                  ) : null}
                  <button
                    type="button"
                    className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-status__retry"
                    data-retry={ods}
                    onClick={() => void retry(ods)}
                  >
                    Retry <span className="nhsuk-u-visually-hidden">{names.get(ods) ?? ods}</span>
                  </button>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
