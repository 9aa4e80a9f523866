/**
 * The booking panel beside the calendar: the chosen slot(s) with every detail, "add the next
 * slot", the patient at that practice (found, or registered here), description and comment with
 * counters, and Confirm. Then the confirmation, or what went wrong and what to do.
 *
 * When rescheduling, the same panel books the new slot; the backend cancels the old appointment
 * only once the new one is booked.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { ErrorSummary } from "../../components/ErrorSummary";
import { CountedTextarea } from "../../components/forms";
import { Spinner } from "../../components/Spinner";
import type { AppointmentView } from "../../ipc/bindings/AppointmentView";
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import type { BookingConfirmation } from "../../ipc/bindings/BookingConfirmation";
import { adjacentCandidates, slotKey } from "../../lib/adjacency";
import { describeError } from "../../lib/errors";
import { formatNhsNumber, isValidNhsNumber } from "../../lib/nhsNumber";
import { genderLabel, lookupKey } from "../../lib/patientEntry";
import { formatUkDate, formatUkTime, formatUkTimeRange } from "../../lib/ukTime";
import { useApp } from "../../state/store";
import { ConflictTable, statusLabel } from "../appointments/ConflictTable";
import { PatientAtPractice } from "../patients/PatientAtPractice";
import { roleOf } from "../slots/slotData";
import { Confirmation } from "./Confirmation";
import { COMMENT_MAX, DESCRIPTION_MAX, REASON_MAX } from "./state";

function SelectedSlot({
  slot,
  onRemove,
  removable,
}: {
  slot: BookableSlot;
  onRemove: () => void;
  removable: boolean;
}) {
  return (
    <li className="app-selected" data-selected-slot={slotKey(slot)}>
      <div className="app-selected__main">
        <strong>
          {formatUkDate(slot.start)}, {formatUkTimeRange(slot.start, slot.end)}
        </strong>{" "}
        ({slot.durationMinutes} minutes)
        <dl className="app-selected__details">
          <dt>Practice</dt>
          <dd>
            {slot.practiceName} ({slot.practiceOdsCode})
          </dd>
          <dt>Location</dt>
          <dd>
            {slot.location.name ?? "Not given"}
            {slot.location.address.length > 0 ? `, ${slot.location.address.join(", ")}` : ""}
            {slot.location.phone ? ` (phone ${slot.location.phone})` : ""}
          </dd>
          <dt>Practitioner</dt>
          <dd>
            {slot.practitioner?.name ?? "No named practitioner"}
            {slot.practitioner?.gender ? ` (${genderLabel(slot.practitioner.gender)})` : ""}
            {roleOf(slot) ? `, ${roleOf(slot)}` : ""}
          </dd>
          <dt>Delivery channel</dt>
          <dd>{slot.deliveryChannel ?? "Not given"}</dd>
          <dt>Slot type</dt>
          <dd>{slot.slotType ?? "Not given"}</dd>
          <dt>Schedule type</dt>
          <dd>{slot.scheduleType ?? "Not given"}</dd>
        </dl>
      </div>
      {removable ? (
        <button type="button" className="app-link-button" onClick={onRemove}>
          Remove
          <span className="nhsuk-u-visually-hidden"> the slot at {formatUkTime(slot.start)}</span>
        </button>
      ) : null}
    </li>
  );
}

function appointmentSummary(a: AppointmentView): string {
  return [
    `${formatUkDate(a.start)} ${formatUkTimeRange(a.start, a.end)}`,
    a.practice.name,
    a.practitioner?.name,
    a.description ? `"${a.description}"` : null,
  ]
    .filter(Boolean)
    .join(", ");
}

function confirmationSummary(c: BookingConfirmation): string {
  return `${formatUkDate(c.start)} ${formatUkTimeRange(c.start, c.end)}, ${c.practice.name}${c.practitioner ? `, ${c.practitioner}` : ""} (appointment ID ${c.appointmentId})`;
}

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

/** After a move whose new booking may exist: end it and look at the patient's appointments. */
function CheckAppointmentsButton() {
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

function RescheduleOutcomeView() {
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
              <strong>The old appointment is unchanged.</strong> The new one may exist: check the
              patient's appointments before booking again. This move will not be sent again from
              here.
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

export function BookingPanel({ active, allSlots }: { active: boolean; allSlots: BookableSlot[] }) {
  const s = useApp(
    useShallow((st) => ({
      selection: st.selection,
      notice: st.selectionNotice,
      description: st.description,
      comment: st.comment,
      attempted: st.bookingAttempted,
      booking: st.booking,
      message: st.bookingMessage,
      confirmation: st.confirmation,
      reconciled: st.confirmationReconciled,
      reschedule: st.reschedule,
      rescheduleOutcome: st.rescheduleOutcome,
      patient: st.patient,
      registrationErrorsShown: st.registrationErrors.length > 0,
      demo: st.status?.mode === "demo",
    })),
  );
  const actions = useApp(
    useShallow((st) => ({
      setDescription: st.setDescription,
      setComment: st.setComment,
      book: st.book,
      bookAnother: st.bookAnother,
      removeSelected: st.removeSelected,
      selectSlot: st.selectSlot,
      lookupPatient: st.lookupPatient,
      touchNhs: st.touchNhs,
      stopReschedule: st.stopReschedule,
      setRescheduleReason: st.setRescheduleReason,
      bookingProblems: st.bookingProblems,
      setView: st.setView,
    })),
  );
  const [attempt, setAttempt] = useState(0);
  // After "Book another" the form is back: start it at the description.
  const focusDescription = useRef(false);
  useEffect(() => {
    if (!s.confirmation && focusDescription.current) {
      focusDescription.current = false;
      document.getElementById("description")?.focus();
    }
  }, [s.confirmation]);
  const practice = s.selection[0]?.practiceOdsCode ?? null;
  const practiceName = s.selection[0]?.practiceName ?? "";
  const key = practice ? lookupKey(practice, s.patient) : null;
  const validNhs = isValidNhsNumber(s.patient.nhsNumber);
  const { lookupPatient, touchNhs } = actions;

  // Find the patient at the chosen slot's practice (again when what the caller said changes).
  useEffect(() => {
    if (!practice) return;
    if (!validNhs) {
      if (s.patient.nhsNumber.trim() !== "") touchNhs();
      return;
    }
    const timer = setTimeout(() => void lookupPatient(practice), 250);
    return () => clearTimeout(timer);
  }, [practice, key, validNhs, lookupPatient, touchNhs, s.patient.nhsNumber]);

  const candidates = useMemo(
    () => adjacentCandidates(s.selection, allSlots),
    [s.selection, allSlots],
  );
  const problems = s.attempted ? actions.bookingProblems() : [];
  const problemFor = (id: string) => problems.find((p) => p.inputId === id)?.message ?? null;
  const descriptionTooLong = [...s.description.trim()].length > DESCRIPTION_MAX;
  const commentTooLong = [...s.comment.trim()].length > COMMENT_MAX;

  const message = s.message;
  let messageView = null;
  if (message?.kind === "error") {
    messageView = (
      <CommandErrorBox
        error={message.error}
        context="book"
        id="booking-message"
        onSettings={() => actions.setView("settings")}
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
  } else if (message?.kind === "stopped") {
    messageView = (
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
  } else if (message?.kind === "notBooked") {
    messageView = (
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

  const reschedulePanel = s.reschedule ? (
    <div className="app-reschedule" aria-labelledby="reschedule-heading">
      <h3 className="nhsuk-heading-xs" id="reschedule-heading">
        Moving an appointment
      </h3>
      <p>
        Old appointment: <strong>{appointmentSummary(s.reschedule.appointment)}</strong>, for NHS
        number <strong>{formatNhsNumber(s.reschedule.nhsNumber)}</strong>
      </p>
      <p className="app-small">
        Choose the new slot (at any practice). The new appointment is booked first; the old one is
        cancelled only once the new one is confirmed.
      </p>
      {!s.confirmation ? (
        <CountedTextarea
          id="reschedule-reason"
          label="Reason for moving (recorded on the old appointment's cancellation)"
          value={s.reschedule.reason}
          onChange={actions.setRescheduleReason}
          max={REASON_MAX}
          rows={2}
          error={problemFor("reschedule-reason")}
        />
      ) : null}
      <button
        type="button"
        className="app-link-button"
        onClick={actions.stopReschedule}
        disabled={s.booking}
      >
        Stop moving this appointment
      </button>
    </div>
  ) : null;

  return (
    <section id="booking-panel" className="app-panel app-booking" aria-labelledby="booking-heading">
      <h2 className="nhsuk-heading-s app-panel__title" id="booking-heading">
        {s.reschedule ? "Move appointment" : "Booking"}
      </h2>
      {reschedulePanel}
      <RescheduleOutcomeView />
      {s.confirmation ? (
        <Confirmation
          confirmation={s.confirmation}
          demo={s.demo}
          title={s.rescheduleOutcome ? "New appointment booked" : "Appointment booked"}
          onBookAnother={() => {
            focusDescription.current = true;
            actions.bookAnother();
          }}
        >
          {s.reconciled ? (
            <div
              id="booking-message"
              data-code="reconciled"
              className="app-message app-message--info"
              role="status"
            >
              <h3 className="app-message__title">Booked once: confirmed by checking</h3>
              <p>
                The connection dropped before the practice answered, so the patient's appointments
                were read: this booking is there, exactly once. Nothing needs doing.
              </p>
            </div>
          ) : null}
        </Confirmation>
      ) : (
        <>
          {s.selection.length === 0 ? (
            <p className="app-muted" id="no-selection">
              Choose a slot in the calendar or the list (click, or Enter). Shift+click or
              Shift+Enter adds the next slot to a booking.
            </p>
          ) : (
            <>
              <h3 className="nhsuk-heading-xs">
                {s.selection.length === 1
                  ? "Chosen slot"
                  : `Chosen slots (${s.selection.length}, one appointment)`}
              </h3>
              <ul className="app-selected-list">
                {s.selection.map((slot, index) => (
                  <SelectedSlot
                    key={slotKey(slot)}
                    slot={slot}
                    removable={
                      s.selection.length > 1 && (index === 0 || index === s.selection.length - 1)
                    }
                    onRemove={() => actions.removeSelected(slotKey(slot))}
                  />
                ))}
              </ul>
              <div className="app-actions app-actions--tight">
                {candidates.next ? (
                  <button
                    type="button"
                    className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                    id="add-next-slot"
                    onClick={() => candidates.next && actions.selectSlot(candidates.next, true)}
                  >
                    Add the next slot (
                    {formatUkTimeRange(candidates.next.start, candidates.next.end)})
                  </button>
                ) : null}
                {candidates.previous ? (
                  <button
                    type="button"
                    className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                    id="add-previous-slot"
                    onClick={() =>
                      candidates.previous && actions.selectSlot(candidates.previous, true)
                    }
                  >
                    Add the slot before (
                    {formatUkTimeRange(candidates.previous.start, candidates.previous.end)})
                  </button>
                ) : null}
                {!candidates.next && !candidates.previous ? (
                  <p className="app-small app-muted">
                    No free adjacent slot in the same session can be added.
                  </p>
                ) : null}
              </div>
            </>
          )}
          <p className="app-notice" role="status" aria-live="polite" id="selection-notice">
            {s.notice ?? ""}
          </p>
          {practice ? (
            <PatientAtPractice practice={practice} practiceName={practiceName} active={active} />
          ) : null}
          {s.reschedule?.blocked ? (
            <p className="app-small" id="reschedule-blocked">
              Nothing more can be booked for this move: check the patient's appointments first.
            </p>
          ) : (
            <form
              id="booking-form"
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                setAttempt((n) => n + 1);
                void actions.book();
              }}
            >
              {active ? (
                <ErrorSummary
                  id={s.registrationErrorsShown ? "booking-error-summary" : "error-summary"}
                  items={problems}
                  attempt={attempt}
                />
              ) : null}
              <CountedTextarea
                id="description"
                label="Description (reason for the appointment)"
                hint="Shown to the practice. Required."
                value={s.description}
                onChange={actions.setDescription}
                max={DESCRIPTION_MAX}
                rows={2}
                error={
                  problemFor("description") ??
                  (descriptionTooLong ? "Description must be 100 characters or fewer" : null)
                }
              />
              <CountedTextarea
                id="comment"
                label="Comment (optional)"
                value={s.comment}
                onChange={actions.setComment}
                max={COMMENT_MAX}
                rows={3}
                error={
                  problemFor("comment") ??
                  (commentTooLong ? "Comment must be 500 characters or fewer" : null)
                }
              />
              <button
                type="submit"
                className="nhsuk-button"
                id="book-button"
                disabled={s.booking}
                aria-disabled={s.booking}
              >
                {s.booking ? (
                  <>
                    <Spinner /> {s.reschedule ? "Moving…" : "Booking…"}
                  </>
                ) : s.reschedule ? (
                  "Book the new slot and cancel the old"
                ) : (
                  "Confirm booking"
                )}
              </button>
            </form>
          )}
          {messageView}
        </>
      )}
    </section>
  );
}
