/**
 * The alert under Confirm (`#booking-message`, `data-code`): what went wrong with a booking and
 * what to do (the slot was just taken, the outcome is unknown, refused before sending, not
 * made), and, with the confirmation, a booking confirmed by reading the appointments back.
 */
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { useApp } from "../../state/store";
import { CheckAppointmentsButton } from "../reschedule/CheckAppointmentsButton";

/** The message about the last Confirm, or nothing. */
export function BookingMessage() {
  const message = useApp((s) => s.bookingMessage);
  const setView = useApp((s) => s.setView);
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
        The connection dropped before the practice answered, so the patient's appointments were
        read: this booking is there, exactly once. Nothing needs doing.
      </p>
    </div>
  );
}
