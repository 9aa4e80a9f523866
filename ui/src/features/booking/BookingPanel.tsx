/**
 * The booking panel beside the calendar: the chosen slot(s) with every detail, "add the next
 * slot", the patient at that practice (found, or registered here), description and comment with
 * counters, and Confirm. Then the confirmation, or what went wrong and what to do.
 *
 * When rescheduling, the same panel books the new slot (`features/reschedule` shows the move
 * and its outcome); the backend cancels the old appointment only once the new one is booked.
 */
import { useEffect, useRef, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import { isValidNhsNumber } from "../../lib/nhsNumber";
import { lookupKey } from "../../lib/patientEntry";
import { useApp } from "../../state/store";
import { PatientAtPractice } from "../patients/PatientAtPractice";
import { RescheduleOutcomeView } from "../reschedule/RescheduleOutcome";
import { ReschedulePanel } from "../reschedule/ReschedulePanel";
import { BookingForm } from "./BookingForm";
import { BookingMessage, ReconciledMessage } from "./BookingMessage";
import { Confirmation } from "./Confirmation";
import { SelectedSlots } from "./SelectedSlots";

/**
 * Finds the patient at `practice` (the chosen slot's), again whenever what the caller said
 * changes, a moment after typing stops.
 */
function useLookupAtPractice(practice: string | null) {
  const patient = useApp((s) => s.patient);
  const lookupPatient = useApp((s) => s.lookupPatient);
  const touchNhs = useApp((s) => s.touchNhs);
  const key = practice ? lookupKey(practice, patient) : null;
  const validNhs = isValidNhsNumber(patient.nhsNumber);
  useEffect(() => {
    if (!practice) return;
    if (!validNhs) {
      if (patient.nhsNumber.trim() !== "") touchNhs();
      return;
    }
    const timer = setTimeout(() => void lookupPatient(practice), 250);
    return () => clearTimeout(timer);
  }, [practice, key, validNhs, lookupPatient, touchNhs, patient.nhsNumber]);
}

export function BookingPanel({ active, allSlots }: { active: boolean; allSlots: BookableSlot[] }) {
  const first = useApp((s) => s.selection[0] ?? null);
  const notice = useApp((s) => s.selectionNotice);
  const attempted = useApp((s) => s.bookingAttempted);
  const confirmation = useApp((s) => s.confirmation);
  const reconciled = useApp((s) => s.confirmationReconciled);
  const moving = useApp((s) => s.reschedule !== null);
  const blocked = useApp((s) => s.reschedule?.blocked ?? false);
  const moved = useApp((s) => s.rescheduleOutcome !== null);
  const demo = useApp((s) => s.status?.environment === "demo");
  const bookingProblems = useApp((s) => s.bookingProblems);
  const bookAnother = useApp((s) => s.bookAnother);
  const book = useApp((s) => s.book);
  // The problems shown are recomputed on a Confirm, and when what they depend on changes.
  const [attempt, setAttempt] = useState(0);
  useApp(
    useShallow((s) => [
      s.selection,
      s.description,
      s.comment,
      s.reschedule,
      s.patient,
      s.booking,
      s.bookingMessage,
      s.registrationErrors.length > 0,
    ]),
  );

  // After "Book another" the form is back: start it at the description.
  const focusDescription = useRef(false);
  useEffect(() => {
    if (!confirmation && focusDescription.current) {
      focusDescription.current = false;
      document.getElementById("description")?.focus();
    }
  }, [confirmation]);

  const practice = first?.practiceOdsCode ?? null;
  useLookupAtPractice(practice);
  const problems = attempted ? bookingProblems() : [];
  const reasonError = problems.find((p) => p.inputId === "reschedule-reason")?.message ?? null;

  return (
    <section id="booking-panel" className="app-panel app-booking" aria-labelledby="booking-heading">
      <h2 className="nhsuk-heading-s app-panel__title" id="booking-heading">
        {moving ? "Move appointment" : "Booking"}
      </h2>
      <ReschedulePanel reasonError={reasonError} />
      <RescheduleOutcomeView />
      {confirmation ? (
        <Confirmation
          confirmation={confirmation}
          demo={demo}
          title={moved ? "New appointment booked" : "Appointment booked"}
          onBookAnother={() => {
            focusDescription.current = true;
            bookAnother();
          }}
        >
          {reconciled ? <ReconciledMessage /> : null}
        </Confirmation>
      ) : (
        <>
          <SelectedSlots allSlots={allSlots} />
          <p className="app-notice" role="status" aria-live="polite" id="selection-notice">
            {notice ?? ""}
          </p>
          {practice ? (
            <PatientAtPractice
              practice={practice}
              practiceName={first?.practiceName ?? ""}
              active={active}
            />
          ) : null}
          {blocked ? (
            <p className="app-small" id="reschedule-blocked">
              Nothing more can be booked for this move: check the patient's appointments first.
            </p>
          ) : (
            <BookingForm
              problems={problems}
              active={active}
              attempt={attempt}
              onConfirm={() => {
                setAttempt((n) => n + 1);
                void book();
              }}
            />
          )}
          <BookingMessage />
        </>
      )}
    </section>
  );
}
