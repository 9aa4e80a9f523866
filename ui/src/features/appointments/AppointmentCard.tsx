/**
 * One appointment in the list: its details and status, and, when it can still be changed,
 * Amend, Reschedule and Cancel (asking first when that would lose unsaved text), Print, and the
 * amend or cancel form open on it.
 */
import { useEffect, useRef, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { ConfirmStep } from "../../components/ConfirmStep";
import type { AppointmentView } from "../../ipc/bindings/AppointmentView";
import { statusLabel } from "../../lib/appointmentStatus";
import { printElement } from "../../lib/print";
import { formatUkDate, formatUkTimeRange } from "../../lib/ukTime";
import { useApp } from "../../state/store";
import { AmendForm } from "./AmendForm";
import { AppointmentDetails } from "./AppointmentDetails";
import { CancelForm } from "./CancelForm";
import { appointmentKey, appointmentsMatchPatient, editorHasEdits } from "./state";

const STATUS_TAGS: Record<string, string> = {
  booked: "nhsuk-tag--green",
  cancelled: "nhsuk-tag--red",
  arrived: "nhsuk-tag--blue",
  fulfilled: "nhsuk-tag--grey",
  noshow: "nhsuk-tag--orange",
};

type CardAction = "amend" | "cancel" | "reschedule";

export function AppointmentCard({ a }: { a: AppointmentView }) {
  const key = appointmentKey(a);
  const ref = useRef<HTMLElement>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const editor = useApp((s) => (s.editor?.key === key ? s.editor : null));
  const notice = useApp((s) => (s.changeNotice?.key === key ? s.changeNotice.text : null));
  const { openAmend, openCancel, startReschedule, rescheduleWouldReplaceText } = useApp(
    useShallow((s) => ({
      openAmend: s.openAmend,
      openCancel: s.openCancel,
      startReschedule: s.startReschedule,
      rescheduleWouldReplaceText: s.rescheduleWouldReplaceText,
    })),
  );
  const current = useApp(appointmentsMatchPatient);
  // While a change is being sent (here or on another card), no other form may open.
  const saving = useApp((s) => s.editor?.saving ?? false);
  const booking = useApp((s) => s.booking);
  const unsavedEdit = useApp((s) => editorHasEdits(s.editor));
  const [pending, setPending] = useState<CardAction | null>(null);

  // After a change is saved the form closes: move focus to what it says (not to the page).
  const shownNotice = useRef(notice);
  useEffect(() => {
    if (notice && notice !== shownNotice.current) noticeRef.current?.focus();
    shownNotice.current = notice;
  }, [notice]);

  const run = (action: CardAction) => {
    setPending(null);
    if (action === "amend") openAmend(a);
    else if (action === "cancel") openCancel(a);
    else startReschedule(a);
  };
  const request = (action: CardAction) => {
    if (action !== "reschedule" && editor?.kind === action) return; // already open here
    const loses = action === "reschedule" ? rescheduleWouldReplaceText(a) : unsavedEdit;
    if (loses) setPending(action);
    else run(action);
  };
  const locked = !current || saving;
  const describedBy = current ? undefined : "appointments-stale";

  return (
    <article
      className="app-appointment"
      data-appointment={key}
      data-status={a.status}
      ref={ref}
      aria-labelledby={`appt-${key}-title`}
    >
      <header className="app-appointment__head">
        <h3 className="nhsuk-heading-xs app-appointment__title" id={`appt-${key}-title`}>
          {formatUkDate(a.start)}, {formatUkTimeRange(a.start, a.end)} at {a.practice.name}
        </h3>
        <strong className={`nhsuk-tag ${STATUS_TAGS[a.status] ?? "nhsuk-tag--grey"}`}>
          {statusLabel(a.status)}
        </strong>
        {a.deliveryChannel === "Visit" ? (
          <strong className="nhsuk-tag nhsuk-tag--grey" data-visit="true">
            Home visit
          </strong>
        ) : null}
      </header>
      <AppointmentDetails a={a} />
      {!a.changeable && a.notChangeableReason && a.status === "booked" ? (
        <p className="app-small app-muted" data-not-changeable={key}>
          {a.notChangeableReason}
        </p>
      ) : null}
      {notice ? (
        <p className="app-message app-message--success" role="status" tabIndex={-1} ref={noticeRef}>
          {notice}
        </p>
      ) : null}
      <div className="app-actions app-noprint">
        {a.changeable ? (
          <>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
              data-amend={key}
              onClick={() => request("amend")}
              aria-expanded={editor?.kind === "amend"}
              disabled={locked}
              aria-describedby={describedBy}
            >
              Amend<span className="nhsuk-u-visually-hidden"> appointment {a.appointmentId}</span>
            </button>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
              data-reschedule={key}
              onClick={() => request("reschedule")}
              disabled={locked || booking}
              aria-describedby={describedBy}
            >
              Reschedule
              <span className="nhsuk-u-visually-hidden"> appointment {a.appointmentId}</span>
            </button>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--warning nhsuk-button--small"
              data-cancel={key}
              onClick={() => request("cancel")}
              aria-expanded={editor?.kind === "cancel"}
              disabled={locked}
              aria-describedby={describedBy}
            >
              Cancel<span className="nhsuk-u-visually-hidden"> appointment {a.appointmentId}</span>
            </button>
          </>
        ) : null}
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
          data-print={key}
          onClick={() => printElement(ref.current)}
        >
          Print<span className="nhsuk-u-visually-hidden"> appointment {a.appointmentId}</span>
        </button>
      </div>
      {pending === null || locked ? null : pending === "reschedule" ? (
        <ConfirmStep
          id={`confirm-${key}`}
          title="Replace what is typed on the Book screen?"
          confirmLabel="Replace it and move this appointment"
          keepLabel="Keep what I typed"
          onConfirm={() => run("reschedule")}
          onKeep={() => setPending(null)}
        >
          <p>
            The Book screen holds a description, comment or reason that has not been booked. Moving
            this appointment replaces it with this appointment's.
          </p>
        </ConfirmStep>
      ) : (
        <ConfirmStep
          id={`confirm-${key}`}
          title="Discard the change you have not saved?"
          confirmLabel={
            pending === "amend" ? "Discard it and amend this one" : "Discard it and cancel this one"
          }
          keepLabel="Keep my change"
          onConfirm={() => run(pending)}
          onKeep={() => setPending(null)}
        >
          <p>
            An appointment's form holds text you typed that has not been saved. Opening this form
            closes that one and loses the text.
          </p>
        </ConfirmStep>
      )}
      {editor?.kind === "amend" ? <AmendForm editor={editor} /> : null}
      {editor?.kind === "cancel" ? <CancelForm editor={editor} /> : null}
    </article>
  );
}
