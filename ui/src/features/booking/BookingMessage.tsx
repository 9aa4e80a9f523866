/**
 * The alert under Confirm (`#booking-message`, `data-code`): what went wrong with a booking and
 * what to do (the slot was just taken, the outcome is unknown, refused before sending, not
 * made), and, with the confirmation, a booking confirmed by reading the appointments back.
 */
import { CommandErrorBox } from "../../components/CommandErrorBox";
import type { CommandError } from "../../ipc/bindings/CommandError";
import { useApp } from "../../state/store";
import { CheckAppointmentsButton } from "../reschedule/CheckAppointmentsButton";

/** A booking whose answer was lost: not known yet; the app keeps checking; "Check now". */
function UnknownBooking({ error, writeId }: { error: CommandError; writeId: number }) {
  const write = useApp((s) => s.pending.find((w) => w.id === writeId) ?? null);
  const checking = useApp((s) => s.checking[writeId] ?? false);
  const checkWrite = useApp((s) => s.checkWrite);
  const setView = useApp((s) => s.setView);
  const state = write?.state ?? "open";
  if (state === "made")
    return (
      <div
        id="booking-message"
        data-code="madeAfterChecking"
        className="app-message app-message--info"
        role="status"
      >
        <h3 className="app-message__title">It was made: the booking is there, once</h3>
        <p>
          Checking with the practice found the booking
          {write?.madeId ? ` (appointment ${write.madeId})` : ""}. Nothing needs doing; do not book
          it again. It is in the patient's appointments.
        </p>
        <p>
          <button type="button" className="app-link-button" onClick={() => setView("appointments")}>
            Show the patient's appointments
          </button>
        </p>
      </div>
    );
  return (
    <CommandErrorBox
      error={error}
      context="book"
      id="booking-message"
      dataCode={state === "open" ? "unknown" : state}
      title={
        state === "open"
          ? "Not known yet whether the booking was made"
          : (write?.message ?? "The booking's outcome")
      }
    >
      {state === "open" ? (
        <>
          <p>
            <strong>Do not book again yet.</strong> The practice's answer was lost, and the booking
            has not been found yet: it may still appear. The app keeps checking and will show here
            what became of it. If it stays unknown, call the practice.
          </p>
          <p>The slot choice was cleared so that it is not sent twice; your text is kept.</p>
          <p>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary"
              id="check-booking-now"
              disabled={checking}
              onClick={() => void checkWrite(writeId)}
            >
              {checking ? "Checking…" : "Check now"}
            </button>
          </p>
        </>
      ) : null}
    </CommandErrorBox>
  );
}

/** The message about the last Confirm, or nothing. */
export function BookingMessage() {
  const message = useApp((s) => s.bookingMessage);
  const setView = useApp((s) => s.setView);
  if (message?.kind === "unknown") {
    return <UnknownBooking error={message.error} writeId={message.writeId} />;
  }
  if (message?.kind === "error") {
    return (
      <CommandErrorBox
        error={message.error}
        context="book"
        id="booking-message"
        onSettings={() => setView("settings")}
      >
        {message.error.code === "DUPLICATE_REJECTED" ? (
          <p>Your description and comment are kept. Choose another slot, then Confirm again.</p>
        ) : message.error.details.outcomeUnknown ? (
          <>
            <p>
              <strong>The appointment may have been booked.</strong> The slot choice was cleared so
              that it is not sent twice; your text is kept.
            </p>
            <CheckAppointmentsButton />
          </>
        ) : (
          <p>Nothing you typed has been lost.</p>
        )}
      </CommandErrorBox>
    );
  }
  if (message?.kind === "stopped") {
    return (
      <div
        id="booking-message"
        data-code="stopped"
        className="app-message app-message--warning"
        role="alert"
      >
        <h3 className="app-message__title">{message.title}</h3>
        <p>{message.text}</p>
      </div>
    );
  }
  if (message?.kind === "notBooked") {
    return (
      <div
        id="booking-message"
        data-code="notBooked"
        className="app-message app-message--warning"
        role="alert"
      >
        <h3 className="app-message__title">The booking was not made</h3>
        <p>
          The connection to the practice dropped before it answered. The patient's appointments were
          then read: the booking is not there, and nothing was sent twice.
        </p>
        <p>You can try again: your choices and text are kept.</p>
        <p className="app-message__reference">Reference for support: {message.error.code}</p>
      </div>
    );
  }
  return null;
}

/** Shown with the confirmation when the booking's answer was lost but reading found it. */
export function ReconciledMessage() {
  return (
    <div
      id="booking-message"
      data-code="reconciled"
      className="app-message app-message--info"
      role="status"
    >
      <h3 className="app-message__title">Booked once: confirmed by checking</h3>
      <p>
        The practice's answer was not a confirmation (lost, or an error after it had booked), so the
        patient's appointments were read back: this booking is there, exactly once. Nothing needs
        doing; it was not sent twice.
      </p>
    </div>
  );
}
