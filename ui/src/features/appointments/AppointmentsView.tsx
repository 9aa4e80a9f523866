/**
 * The patient's appointments at every practice from today (GP Connect has nothing earlier),
 * practices filling in as they answer, each appointment with every detail and, when it can
 * still be changed, Amend, Cancel and Reschedule. Print one; export the list as CSV.
 */
import { useShallow } from "zustand/react/shallow";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { useApp } from "../../state/store";
import { AppointmentCard } from "./AppointmentCard";
import { ExportControls } from "./ExportControls";
import { PracticeProgress } from "./PracticeProgress";
import { ShowAppointmentsForm } from "./ShowAppointmentsForm";
import { appointmentKey } from "./state";

export function AppointmentsView() {
  const s = useApp(
    useShallow((st) => ({
      forNhs: st.appointmentsFor,
      statuses: st.appointmentStatus,
      byPractice: st.appointmentsByPractice,
      error: st.appointmentsError,
    })),
  );
  const allAppointments = useApp((st) => st.allAppointments);
  const setView = useApp((st) => st.setView);
  // Recomputed when any practice's list changes.
  const appointments = s.byPractice ? allAppointments() : [];
  const statusRows = Object.values(s.statuses);
  const answered = statusRows.filter((st) => st.state !== "loading").length;

  return (
    <div className="app-appointments">
      <h1 className="nhsuk-heading-m" id="view-heading" tabIndex={-1}>
        Appointments
      </h1>
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          Only appointments from today onwards are available through GP Connect; past appointments
          are in the patient's record.
        </p>
      </div>
      <ShowAppointmentsForm />

      {s.error ? (
        <CommandErrorBox
          error={s.error}
          context="appointments"
          onSettings={() => setView("settings")}
        />
      ) : null}

      <PracticeProgress total={appointments.length} />

      {s.forNhs &&
      answered === statusRows.length &&
      statusRows.length > 0 &&
      appointments.length === 0 ? (
        <p>No appointments from today in this period.</p>
      ) : null}
      {appointments.length > 0 ? (
        <section aria-labelledby="appt-list-heading">
          <div className="app-results__head">
            <h2 className="nhsuk-heading-s" id="appt-list-heading">
              {appointments.length} {appointments.length === 1 ? "appointment" : "appointments"}
            </h2>
            <ExportControls appointments={appointments} />
          </div>
          <div className="app-appointment-list">
            {appointments.map((a) => (
              <AppointmentCard key={appointmentKey(a)} a={a} />
            ))}
          </div>
        </section>
      ) : null}
    </div>
  );
}
