/**
 * The box at the top of the Book panel while an appointment is being moved: which appointment,
 * for which NHS number, the reason for moving it, and "Stop moving this appointment".
 */
import { CountedTextarea } from "../../components/forms";
import { REASON_MAX } from "../../lib/limits";
import { formatNhsNumber } from "../../lib/nhsNumber";
import { useApp } from "../../state/store";
import { appointmentSummary } from "./summaries";

/** `reasonError` is the booking form's problem with the reason, once Confirm was pressed. */
export function ReschedulePanel({ reasonError }: { reasonError: string | null }) {
  const reschedule = useApp((s) => s.reschedule);
  const booked = useApp((s) => s.confirmation !== null);
  const booking = useApp((s) => s.booking);
  const setReason = useApp((s) => s.setRescheduleReason);
  const stop = useApp((s) => s.stopReschedule);
  if (!reschedule) return null;
  return (
    <div className="app-reschedule" aria-labelledby="reschedule-heading">
      <h3 className="nhsuk-heading-xs" id="reschedule-heading">
        Moving an appointment
      </h3>
      <p>
        Old appointment: <strong>{appointmentSummary(reschedule.appointment)}</strong>, for NHS
        number <strong>{formatNhsNumber(reschedule.nhsNumber)}</strong>
      </p>
      <p className="app-small">
        Choose the new slot (at any practice). The new appointment is booked first; the old one is
        cancelled only once the new one is confirmed.
      </p>
      {!booked ? (
        <CountedTextarea
          id="reschedule-reason"
          label="Reason for moving (recorded on the old appointment's cancellation)"
          value={reschedule.reason}
          onChange={setReason}
          max={REASON_MAX}
          rows={2}
          error={reasonError}
        />
      ) : null}
      <button type="button" className="app-link-button" onClick={stop} disabled={booking}>
        Stop moving this appointment
      </button>
    </div>
  );
}
