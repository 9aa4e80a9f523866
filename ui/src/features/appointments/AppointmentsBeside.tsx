/**
 * The patient's appointments across the federation beside the search (from today, filled in as
 * practices answer): when, where, with whom and the status, so a call handler sees an existing
 * booking before making another. Changing one is on the Appointments screen (Alt+2).
 */
import { useShallow } from "zustand/react/shallow";
import { Spinner } from "../../components/Spinner";
import { statusLabel } from "../../lib/appointmentStatus";
import { compactNhsNumber, isValidNhsNumber } from "../../lib/nhsNumber";
import { formatUkDate, formatUkTimeRange } from "../../lib/ukTime";
import { useApp } from "../../state/store";
import { appointmentKey } from "./state";

export function AppointmentsBeside() {
  const { forNhs, statuses, byPractice, nhs } = useApp(
    useShallow((s) => ({
      forNhs: s.appointmentsFor,
      statuses: s.appointmentStatus,
      byPractice: s.appointmentsByPractice,
      nhs: s.patient.nhsNumber,
    })),
  );
  const allAppointments = useApp((s) => s.allAppointments);
  const setView = useApp((s) => s.setView);
  if (!isValidNhsNumber(nhs) || forNhs !== compactNhsNumber(nhs)) return null;
  const appointments = byPractice ? allAppointments() : [];
  const rows = Object.values(statuses);
  const loading = rows.filter((r) => r.state === "loading").length;
  const failed = rows.filter((r) => r.state === "failed").length;
  return (
    <section
      className="app-panel app-beside"
      aria-labelledby="beside-heading"
      id="appointments-beside"
    >
      <h2 className="nhsuk-heading-xs app-panel__title" id="beside-heading">
        Patient's appointments from today
      </h2>
      <p className="app-small" role="status" aria-live="polite">
        {loading > 0 ? (
          <>
            <Spinner /> Asking {loading} {loading === 1 ? "practice" : "practices"}…
          </>
        ) : appointments.length === 0 ? (
          "None at the practices asked."
        ) : (
          `${appointments.length} ${appointments.length === 1 ? "appointment" : "appointments"}.`
        )}
        {failed > 0
          ? ` ${failed} ${failed === 1 ? "practice" : "practices"} could not be asked.`
          : ""}
      </p>
      {appointments.length > 0 ? (
        <ul className="app-beside__list">
          {appointments.map((a) => (
            <li key={appointmentKey(a)} data-beside={appointmentKey(a)} data-status={a.status}>
              <strong>
                {formatUkDate(a.start)}, {formatUkTimeRange(a.start, a.end)}
              </strong>{" "}
              <span className="app-muted">({statusLabel(a.status)})</span>
              <br />
              {a.practice.name}
              {a.deliveryChannel === "Visit" ? (
                <span className="nhsuk-tag nhsuk-tag--grey app-tag-inline">Home visit</span>
              ) : a.location?.name ? (
                `, ${a.location.name}`
              ) : (
                ""
              )}
              {a.practitioner?.name ? ` · ${a.practitioner.name}` : ""}
              {a.description ? <span className="app-muted"> · {a.description}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <button type="button" className="app-link-button" onClick={() => setView("appointments")}>
        Change or cancel in Appointments (Alt+2)
      </button>
    </section>
  );
}
