/**
 * Each practice's progress as a compact line of chips above the day view and the list (the
 * board shows it in full): waiting, searching, the count, none, or failed with Retry.
 */
import { useShallow } from "zustand/react/shallow";
import { Spinner } from "../../components/Spinner";
import { describeError } from "../../lib/errors";
import { practiceColour } from "../../lib/practiceColours";
import { useApp } from "../../state/store";
import { usePracticeIndex, usePracticeNames } from "./slotData";

export function PracticeChips() {
  const { searched, statuses } = useApp(
    useShallow((s) => ({ searched: s.searched, statuses: s.practiceStatus })),
  );
  const retry = useApp((s) => s.retryPractice);
  const names = usePracticeNames();
  const index = usePracticeIndex();
  if (!searched) return null;
  return (
    <ul className="app-chips" aria-label="Practices searched">
      {searched.practices.map((ods) => {
        const status = statuses[ods];
        const state = status?.state ?? "queued";
        const name = names.get(ods) ?? ods;
        const failed = state === "failed" || state === "timeout";
        return (
          <li
            key={ods}
            className={`app-chips__item app-chips__item--${state}`}
            data-practice-status={ods}
            data-state={state}
          >
            <span
              className={`app-swatch ${practiceColour(index.get(ods) ?? 0).className}`}
              aria-hidden="true"
            />
            {name}:{" "}
            {state === "queued" ? (
              "waiting"
            ) : state === "searching" ? (
              <>
                <Spinner /> searching
              </>
            ) : state === "done" ? (
              `${status?.count ?? 0} free`
            ) : state === "empty" ? (
              "none free"
            ) : state === "timeout" ? (
              "timed out"
            ) : (
              `failed (${status?.error ? describeError(status.error, "search").title : "no answer"})`
            )}
            {failed || (status?.missing.length ?? 0) > 0 ? (
              <button
                type="button"
                className="app-link-button"
                data-retry={ods}
                onClick={() => void retry(ods)}
              >
                Retry<span className="nhsuk-u-visually-hidden"> {name}</span>
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
