/**
 * "Check the patient's appointments": after a booking or a move whose outcome is unknown, ends
 * any move and shows the patient's appointments, where the new booking may be.
 */
import { useApp } from "../../state/store";

export function CheckAppointmentsButton() {
  const setView = useApp((s) => s.setView);
  const stopReschedule = useApp((s) => s.stopReschedule);
  const showAppointments = useApp((s) => s.showAppointments);
  return (
    <p>
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
        id="check-appointments"
        onClick={() => {
          stopReschedule();
          setView("appointments");
          void showAppointments();
        }}
      >
        Check the patient's appointments
      </button>
    </p>
  );
}
