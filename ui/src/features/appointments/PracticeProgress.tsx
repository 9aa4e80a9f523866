/**
 * Each practice asked for the list, as it answers: asking, failed (with Retry), no record of
 * the patient, or how many appointments, with how the record differs from what the caller said.
 */
import { useShallow } from "zustand/react/shallow";
import { Spinner } from "../../components/Spinner";
import { describeError } from "../../lib/errors";
import { useApp } from "../../state/store";
import { Differences } from "../patients/PatientAtPractice";

function count(n: number): string {
  return `${n} ${n === 1 ? "appointment" : "appointments"}`;
}

/** `total` is the number of appointments found so far at every practice. */
export function PracticeProgress({ total }: { total: number }) {
  const s = useApp(
    useShallow((st) => ({
      statuses: st.appointmentStatus,
      byPractice: st.appointmentsByPractice,
      practices: st.status?.practices,
    })),
  );
  const retry = useApp((st) => st.retryAppointments);
  const names = new Map((s.practices ?? []).map((p) => [p.odsCode, p.name]));
  const statusRows = Object.entries(s.statuses);
  const answered = statusRows.filter(([, st]) => st.state !== "loading").length;
  if (statusRows.length === 0) return null;
  return (
    <section className="app-panel" aria-labelledby="appt-progress-heading">
      <h2 className="nhsuk-heading-s" id="appt-progress-heading">
        Practices
      </h2>
      <p role="status" aria-live="polite" className="app-status__summary">
        {answered < statusRows.length
          ? `Asking ${statusRows.length} practices: ${answered} answered.`
          : `${count(total)} found at ${statusRows.length} practices.`}
      </p>
      <ul className="app-status__list">
        {statusRows.map(([ods, st]) => (
          <li
            key={ods}
            className={`app-status__row app-status__row--${st.state}`}
            data-appointments-status={ods}
            data-state={st.state === "done" && !st.patient ? "none" : st.state}
          >
            <span className="app-status__name">
              {names.get(ods) ?? ods} <span className="app-muted">({ods})</span>
            </span>
            <span className="app-status__text">
              {st.state === "loading" ? (
                <>
                  <Spinner /> Asking…
                </>
              ) : st.state === "failed" ? (
                `Failed: ${describeError(st.error, "appointments").title}`
              ) : !st.patient ? (
                "No record of the patient here"
              ) : (
                count((s.byPractice[ods] ?? []).length)
              )}
            </span>
            {st.state === "failed" ? (
              <button
                type="button"
                className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-status__retry"
                data-retry-appointments={ods}
                onClick={() => void retry(ods)}
              >
                Retry <span className="nhsuk-u-visually-hidden">{names.get(ods) ?? ods}</span>
              </button>
            ) : null}
            {st.state === "done" && st.differences.length > 0 ? (
              <div className="app-status__differences">
                <Differences differences={st.differences} />
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
