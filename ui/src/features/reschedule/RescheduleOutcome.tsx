/**
 * What became of a move, under the Book panel's heading: moved (new booked, old cancelled),
 * not moved, a conflict on the old appointment, an unknown booking outcome, or a new booking
 * whose old appointment could not be cancelled, with the button to cancel it by hand.
 */
import { useEffect } from "react";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { ConflictTable } from "../../components/ConflictTable";
import { Spinner } from "../../components/Spinner";
import { statusLabel } from "../../lib/appointmentStatus";
import { describeError } from "../../lib/errors";
import { useApp } from "../../state/store";
import { CheckAppointmentsButton } from "./CheckAppointmentsButton";
import { appointmentSummary, confirmationSummary } from "./summaries";

/** Cancelling the old appointment by hand, after a reschedule that could not cancel it. */
function CancelOldAppointment() {
  const oldCancel = useApp((s) => s.oldCancel);
  const cancelOld = useApp((s) => s.cancelOldAppointment);
  if (oldCancel.status === "done") {
    return (
      <p role="status">
        <strong>The old appointment is now cancelled.</strong>
      </p>
    );
  }
  const conflict = oldCancel.status === "conflict" ? oldCancel : null;
  const alreadyCancelled = conflict?.current.status === "cancelled";
  const sending = oldCancel.status === "sending";
  return (
    <>
      {conflict ? (
        <div id="cancel-old-conflict" className="app-subpanel" role="alert">
          <h4 className="nhsuk-heading-xs">Someone changed the old appointment first</h4>
          <p>It was not cancelled. This is what changed at the practice:</p>
          <ConflictTable
            before={conflict.before}
            now={conflict.current}
            beforeLabel="When you asked to cancel it"
          />
          {alreadyCancelled ? (
            <p>
              <strong>It is already cancelled: nothing more needs doing.</strong>
            </p>
          ) : (
            <p>Check the changes with the patient. To cancel it as it now is, confirm below.</p>
          )}
        </div>
      ) : null}
      {alreadyCancelled ? null : (
        <p>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--warning"
            id="cancel-old-appointment"
            disabled={sending}
            aria-disabled={sending}
            onClick={() => void cancelOld()}
          >
            {sending ? (
              <>
                <Spinner /> Cancelling…
              </>
            ) : conflict ? (
              "Yes, cancel the appointment as it now is"
            ) : (
              "Cancel the old appointment"
            )}
          </button>
        </p>
      )}
      {oldCancel.status === "failed" ? (
        <CommandErrorBox error={oldCancel.error} context="cancel" />
      ) : null}
    </>
  );
}

/**
 * What became of the move (`#reschedule-message`, `data-kind`): moved, not moved, someone
 * changed the old appointment first, the new booking's answer lost, or the old one not
 * cancelled (then cancelled by hand).
 */
export function RescheduleOutcomeView() {
  const outcome = useApp((s) => s.rescheduleOutcome);
  // Nothing new was booked: the form may have gone, so bring the user to what happened.
  useEffect(() => {
    const booked =
      outcome?.kind === "result" &&
      (outcome.result.kind === "rescheduled" || outcome.result.kind === "cancelFailed");
    if (outcome && !booked) document.getElementById("reschedule-message")?.focus();
  }, [outcome]);
  if (!outcome) return null;
  if (outcome.kind === "error") {
    return (
      <div id="reschedule-message" data-kind="error" tabIndex={-1}>
        <CommandErrorBox
          error={outcome.error}
          context="reschedule"
          title="The appointment was not moved"
        >
          {outcome.error.details.outcomeUnknown ? (
            <>
              <p>
                <strong>The new appointment may have been booked.</strong> Check the patient's
                appointments before booking again. This move will not be sent again from here.
              </p>
              <CheckAppointmentsButton />
            </>
          ) : (
            <p>The old appointment has not been changed.</p>
          )}
        </CommandErrorBox>
      </div>
    );
  }
  const result = outcome.result;
  switch (result.kind) {
    case "rescheduled":
      return (
        <div
          id="reschedule-message"
          data-kind="rescheduled"
          className="app-message app-message--success"
          role="status"
          tabIndex={-1}
        >
          <h3 className="app-message__title">Appointment moved</h3>
          <p>New appointment: {confirmationSummary(result.confirmation)}.</p>
          <p>The old appointment ({appointmentSummary(result.cancelled)}) is cancelled.</p>
        </div>
      );
    case "notRescheduled":
      return (
        <div id="reschedule-message" data-kind="notRescheduled" tabIndex={-1}>
          <CommandErrorBox
            error={result.error}
            context="reschedule"
            title="The appointment was not moved"
          >
            <p>
              <strong>The new appointment was not booked. The old appointment is unchanged.</strong>
            </p>
          </CommandErrorBox>
        </div>
      );
    case "conflict": {
      const movable = result.current.changeable;
      return (
        <div
          id="reschedule-message"
          data-kind="conflict"
          className="app-message app-message--warning"
          role="alert"
          tabIndex={-1}
        >
          <h3 className="app-message__title">
            Someone changed this appointment since you opened it
          </h3>
          <p>
            <strong>Nothing was booked or cancelled.</strong> This is what changed at the practice:
          </p>
          <ConflictTable before={outcome.before} now={result.current} />
          {movable ? (
            <p>
              Check the changes with the patient. To move the appointment as it now is, confirm the
              booking again.
            </p>
          ) : (
            <p>
              <strong>
                It is now {statusLabel(result.current.status).toLowerCase()}, so it cannot be moved.
              </strong>{" "}
              Stop moving it; book a new appointment if the patient still needs one.
            </p>
          )}
        </div>
      );
    }
    case "bookingUnknown":
      return (
        <div id="reschedule-message" data-kind="bookingUnknown" tabIndex={-1}>
          <CommandErrorBox
            error={result.error}
            context="reschedule"
            title="We could not tell whether the new appointment was booked"
          >
            <p>
              <strong>The old appointment is unchanged.</strong> The new one may exist: do not book
              again yet. The app keeps checking with the practice (see Writes being checked); this
              move will not be sent again from here.
            </p>
            <CheckAppointmentsButton />
          </CommandErrorBox>
        </div>
      );
    case "cancelFailed":
      return (
        <div
          id="reschedule-message"
          data-kind="cancelFailed"
          className="app-message app-message--warning"
          role="alert"
          tabIndex={-1}
        >
          <h3 className="app-message__title">The patient now holds two appointments</h3>
          <p>
            The new appointment is booked:{" "}
            <strong>{confirmationSummary(result.confirmation)}</strong>.
          </p>
          <p>
            But the old one could not be cancelled (
            {describeError(result.error, "cancel").title.toLowerCase()}). Cancel the old one:{" "}
            <strong>{appointmentSummary(result.old)}</strong> (appointment ID{" "}
            {result.old.appointmentId} at {result.old.practice.name}).
          </p>
          <CancelOldAppointment />
        </div>
      );
  }
}
