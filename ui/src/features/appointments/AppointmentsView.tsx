/**
 * The patient's appointments at every practice from today (GP Connect has nothing earlier),
 * practices filling in as they answer, each appointment with every detail and, when it can
 * still be changed, Amend, Cancel and Reschedule. Print one; export the list as CSV.
 */
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useShallow } from "zustand/react/shallow";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { ConfirmStep } from "../../components/ConfirmStep";
import { ErrorSummary } from "../../components/ErrorSummary";
import { CountedTextarea, DateInput } from "../../components/forms";
import { Spinner } from "../../components/Spinner";
import type { AppointmentView } from "../../ipc/bindings/AppointmentView";
import { appointmentsCsv } from "../../lib/csv";
import { describeError, toCommandError } from "../../lib/errors";
import { compactNhsNumber, formatNhsNumber } from "../../lib/nhsNumber";
import { genderLabel } from "../../lib/patientEntry";
import { copyText, printElement } from "../../lib/print";
import {
  formatUkDate,
  formatUkDateTime,
  formatUkTime,
  formatUkTimeRange,
  ukDate,
} from "../../lib/ukTime";
import { useApp, useBackend } from "../../state/store";
import { Differences } from "../patients/PatientAtPractice";
import { ConflictTable, statusLabel } from "./ConflictTable";
import { appointmentKey, appointmentsMatchPatient, editorHasEdits, type Editor } from "./state";
import { COMMENT_MAX, DESCRIPTION_MAX, REASON_MAX } from "../booking/state";

const STATUS_TAGS: Record<string, string> = {
  booked: "nhsuk-tag--green",
  cancelled: "nhsuk-tag--red",
  arrived: "nhsuk-tag--blue",
  fulfilled: "nhsuk-tag--grey",
  noshow: "nhsuk-tag--orange",
};

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value">{children}</dd>
    </div>
  );
}

function AppointmentDetails({ a }: { a: AppointmentView }) {
  return (
    <dl className="nhsuk-summary-list app-summary-compact">
      <Row label="Date and time">
        {formatUkDate(a.start)}, {formatUkTimeRange(a.start, a.end)}
        {a.durationMinutes !== null ? ` (${a.durationMinutes} minutes)` : ""}
      </Row>
      <Row label="Practice">
        {a.practice.name} ({a.practice.odsCode})
      </Row>
      <Row label="Location">
        {a.location?.name ?? "Not given"}
        {a.location && a.location.address.length > 0 ? `, ${a.location.address.join(", ")}` : ""}
        {a.location?.phone ? ` (phone ${a.location.phone})` : ""}
      </Row>
      <Row label="Practitioner">
        {a.practitioner?.name ?? "No named practitioner"}
        {a.practitioner?.gender ? ` (${genderLabel(a.practitioner.gender)})` : ""}
        {a.role ? `, ${a.role}` : ""}
      </Row>
      <Row label="Delivery channel">{a.deliveryChannel ?? "Not given"}</Row>
      <Row label="Slot type">
        {a.slotType ?? "Not given"}
        {a.scheduleType ? ` (${a.scheduleType})` : ""}
      </Row>
      <Row label="Description">{a.description ?? ""}</Row>
      <Row label="Comment">{a.comment ?? "None"}</Row>
      <Row label="Booked by">
        {a.bookingOrganisation ?? "Not given"}
        {a.created ? `, ${formatUkDateTime(a.created)}` : ""}
      </Row>
      {a.cancellationReason ? <Row label="Cancellation reason">{a.cancellationReason}</Row> : null}
      <Row label="Appointment ID">{a.appointmentId}</Row>
    </dl>
  );
}

function AmendForm({ editor }: { editor: Extract<Editor, { kind: "amend" }> }) {
  const setField = useApp((s) => s.setEditorField);
  const save = useApp((s) => s.saveAmend);
  const close = useApp((s) => s.closeEditor);
  const rebase = useApp((s) => s.rebaseEditor);
  const problemsOf = useApp((s) => s.editorProblems);
  const current = useApp(appointmentsMatchPatient);
  const [attempt, setAttempt] = useState(0);
  const problems = editor.attempted ? problemsOf() : [];
  const problemFor = (id: string) => problems.find((p) => p.inputId === id)?.message ?? null;
  const cancelledMeanwhile = editor.conflict?.status === "cancelled";
  return (
    <form
      className="app-editor"
      noValidate
      aria-label="Amend appointment"
      onSubmit={(event) => {
        event.preventDefault();
        setAttempt((n) => n + 1);
        void save();
      }}
    >
      <ErrorSummary items={problems} attempt={attempt} />
      {editor.conflict ? (
        <div id="amend-conflict" className="app-message app-message--warning" role="alert">
          <h4 className="app-message__title">
            Someone changed this appointment while you were editing it
          </h4>
          <p>Nothing was saved. This is what changed at the practice:</p>
          <ConflictTable
            before={editor.original}
            now={editor.conflict}
            edit={{ description: editor.description, comment: editor.comment }}
          />
          {cancelledMeanwhile ? (
            <p>
              <strong>It has been cancelled, so it can no longer be amended.</strong>
            </p>
          ) : (
            <p>
              Your edit is kept below. Save it to apply it to the current version, or change it
              first.
            </p>
          )}
          <button type="button" className="app-link-button" onClick={rebase}>
            I have checked the changes
          </button>
        </div>
      ) : null}
      {editor.error ? <CommandErrorBox error={editor.error} context="amend" /> : null}
      <CountedTextarea
        id="amend-description"
        label="Description"
        value={editor.description}
        onChange={(v) => setField("description", v)}
        max={DESCRIPTION_MAX}
        rows={2}
        error={problemFor("amend-description")}
      />
      <CountedTextarea
        id="amend-comment"
        label="Comment (optional; empty removes it)"
        value={editor.comment}
        onChange={(v) => setField("comment", v)}
        max={COMMENT_MAX}
        rows={3}
        error={problemFor("amend-comment")}
      />
      <div className="app-actions">
        <button
          type="submit"
          className="nhsuk-button"
          id="amend-save"
          disabled={editor.saving || cancelledMeanwhile || !current}
          aria-describedby={current ? undefined : "appointments-stale"}
        >
          {editor.saving ? (
            <>
              <Spinner /> Saving…
            </>
          ) : editor.conflict ? (
            "Save my edit to the current version"
          ) : (
            "Save changes"
          )}
        </button>
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          onClick={close}
          disabled={editor.saving}
        >
          Discard changes
        </button>
      </div>
    </form>
  );
}

function CancelForm({ editor }: { editor: Extract<Editor, { kind: "cancel" }> }) {
  const setField = useApp((s) => s.setEditorField);
  const confirm = useApp((s) => s.confirmCancel);
  const close = useApp((s) => s.closeEditor);
  const problemsOf = useApp((s) => s.editorProblems);
  const current = useApp(appointmentsMatchPatient);
  const [attempt, setAttempt] = useState(0);
  const problems = editor.attempted ? problemsOf() : [];
  const cancelledMeanwhile = editor.conflict?.status === "cancelled";
  return (
    <form
      className="app-editor app-editor--cancel"
      noValidate
      aria-labelledby={`cancel-heading-${editor.key}`}
      onSubmit={(event) => {
        event.preventDefault();
        setAttempt((n) => n + 1);
        void confirm();
      }}
    >
      <h4 className="nhsuk-heading-xs" id={`cancel-heading-${editor.key}`}>
        Cancel this appointment?
      </h4>
      <p>
        {formatUkDate(editor.original.start)} at {formatUkTime(editor.original.start)},{" "}
        {editor.original.practice.name}
        {editor.original.practitioner?.name ? ` with ${editor.original.practitioner.name}` : ""}.
      </p>
      <ErrorSummary items={problems} attempt={attempt} />
      {editor.conflict ? (
        <div id="amend-conflict" className="app-message app-message--warning" role="alert">
          <h4 className="app-message__title">Someone changed this appointment first</h4>
          <p>It was not cancelled. This is what changed at the practice:</p>
          <ConflictTable before={editor.original} now={editor.conflict} />
          {cancelledMeanwhile ? (
            <p>
              <strong>It is already cancelled.</strong>
            </p>
          ) : (
            <p>
              Check the changes with the patient. To cancel the appointment as it now is, confirm
              again.
            </p>
          )}
        </div>
      ) : null}
      {editor.error ? <CommandErrorBox error={editor.error} context="cancel" /> : null}
      <CountedTextarea
        id="cancel-reason"
        label="Reason for cancelling"
        value={editor.reason}
        onChange={(v) => setField("reason", v)}
        max={REASON_MAX}
        rows={2}
        error={problems.find((p) => p.inputId === "cancel-reason")?.message ?? null}
      />
      <div className="app-actions">
        <button
          type="submit"
          className="nhsuk-button nhsuk-button--warning"
          id="cancel-confirm"
          disabled={editor.saving || cancelledMeanwhile || !current}
          aria-describedby={current ? undefined : "appointments-stale"}
        >
          {editor.saving ? (
            <>
              <Spinner /> Cancelling…
            </>
          ) : (
            "Yes, cancel the appointment"
          )}
        </button>
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          onClick={close}
          disabled={editor.saving}
        >
          No, keep it
        </button>
      </div>
    </form>
  );
}

type CardAction = "amend" | "cancel" | "reschedule";

function AppointmentCard({ a }: { a: AppointmentView }) {
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
      </header>
      <AppointmentDetails a={a} />
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

function ExportControls({ appointments }: { appointments: AppointmentView[] }) {
  const backend = useBackend();
  const nhs = useApp((s) => s.appointmentsFor);
  const [state, setState] = useState<{ text: string; error?: boolean } | null>(null);
  const name = `appointments-${nhs ?? "patient"}-${ukDate()}.csv`;
  return (
    <div className="app-actions app-noprint">
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
        id="export-csv"
        onClick={() => {
          setState(null);
          backend
            .saveCsv(name, appointmentsCsv(appointments))
            .then((path) =>
              setState({ text: path ? `Saved to ${path}` : "Not saved (cancelled)." }),
            )
            .catch((raw: unknown) => {
              const view = describeError(toCommandError(raw));
              setState({
                text: `Could not save the file: ${view.title}. Use Copy as CSV instead.`,
                error: true,
              });
            });
        }}
      >
        Export as CSV
      </button>
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
        id="copy-csv"
        onClick={() => {
          void copyText(appointmentsCsv(appointments)).then((ok) =>
            setState(ok ? { text: "Copied as CSV" } : { text: "Could not copy", error: true }),
          );
        }}
      >
        Copy as CSV
      </button>
      <span role="status" className={state?.error ? "app-error-text" : "app-copied"}>
        {state?.text ?? ""}
      </span>
    </div>
  );
}

export function AppointmentsView() {
  const s = useApp(
    useShallow((st) => ({
      fromParts: st.apptFromParts,
      toParts: st.apptToParts,
      formErrors: st.apptFormErrors,
      forNhs: st.appointmentsFor,
      statuses: st.appointmentStatus,
      byPractice: st.appointmentsByPractice,
      error: st.appointmentsError,
      loading: st.appointmentsLoading,
      practices: st.status?.practices,
      nhsNumber: st.patient.nhsNumber,
      unsavedEdit: editorHasEdits(st.editor),
    })),
  );
  const setDatePart = useApp((st) => st.setApptDatePart);
  const show = useApp((st) => st.showAppointments);
  const retry = useApp((st) => st.retryAppointments);
  const [confirmShow, setConfirmShow] = useState(false);
  const stale = s.forNhs !== null && s.forNhs !== compactNhsNumber(s.nhsNumber);
  const allAppointments = useApp((st) => st.allAppointments);
  const setView = useApp((st) => st.setView);
  const [attempt, setAttempt] = useState(0);
  // Recomputed when any practice's list changes.
  const appointments = s.byPractice ? allAppointments() : [];
  const names = new Map((s.practices ?? []).map((p) => [p.odsCode, p.name]));
  const statusRows = Object.entries(s.statuses);
  const answered = statusRows.filter(([, st]) => st.state !== "loading").length;
  const errorFor = (prefix: string) =>
    s.formErrors.find((e) => e.inputId.startsWith(prefix))?.message ?? null;

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
      <form
        className="app-panel app-appointments__form"
        noValidate
        aria-label="Show appointments"
        onSubmit={(event) => {
          event.preventDefault();
          setAttempt((n) => n + 1);
          // Showing again closes any open form: ask first if it holds unsaved text.
          if (s.unsavedEdit) setConfirmShow(true);
          else void show();
        }}
      >
        <ErrorSummary items={s.formErrors} attempt={attempt} />
        <div className="app-search__custom">
          <DateInput
            idPrefix="appt-from"
            legend="From"
            legendClass="nhsuk-fieldset__legend--s"
            value={s.fromParts}
            onChange={(part, value) => setDatePart("from", part, value)}
            error={errorFor("appt-from")}
          />
          <DateInput
            idPrefix="appt-to"
            legend="To"
            legendClass="nhsuk-fieldset__legend--s"
            value={s.toParts}
            onChange={(part, value) => setDatePart("to", part, value)}
            error={errorFor("appt-to")}
          />
          <div className="app-search__submit">
            <button
              type="submit"
              className="nhsuk-button app-button--compact"
              id="show-appointments"
            >
              {s.loading ? (
                <>
                  <Spinner /> Loading…
                </>
              ) : (
                "Show appointments"
              )}
            </button>
          </div>
        </div>
        {confirmShow ? (
          <ConfirmStep
            id="confirm-show-appointments"
            title="Discard the change you have not saved?"
            confirmLabel="Discard it and show appointments"
            keepLabel="Keep my change"
            onConfirm={() => {
              setConfirmShow(false);
              void show();
            }}
            onKeep={() => setConfirmShow(false)}
          >
            <p>
              An appointment's form holds text you typed that has not been saved. Showing the
              appointments again closes it and loses the text.
            </p>
          </ConfirmStep>
        ) : null}
        {s.forNhs ? (
          <p className="app-small">
            Showing appointments for NHS number <strong>{formatNhsNumber(s.forNhs)}</strong>.
          </p>
        ) : null}
        {stale && s.forNhs ? (
          <div id="appointments-stale" className="app-message app-message--warning" role="alert">
            <p>
              <strong>
                This list is for NHS number {formatNhsNumber(s.forNhs)}, not the number entered
                above.
              </strong>{" "}
              Amend, cancel and reschedule are off until you show the appointments of the patient
              entered.
            </p>
          </div>
        ) : null}
      </form>

      {s.error ? (
        <CommandErrorBox
          error={s.error}
          context="appointments"
          onSettings={() => setView("settings")}
        />
      ) : null}

      {statusRows.length > 0 ? (
        <section className="app-panel" aria-labelledby="appt-progress-heading">
          <h2 className="nhsuk-heading-s" id="appt-progress-heading">
            Practices
          </h2>
          <p role="status" aria-live="polite" className="app-status__summary">
            {answered < statusRows.length
              ? `Asking ${statusRows.length} practices: ${answered} answered.`
              : `${appointments.length} ${appointments.length === 1 ? "appointment" : "appointments"} found at ${statusRows.length} practices.`}
          </p>
          <ul className="app-status__list">
            {statusRows.map(([ods, st]) => (
              <li
                key={ods}
                className={`app-status__row app-status__row--${st.state}`}
                data-appointments-status={ods}
                data-state={st.state === "done" && !st.patient ? "none" : st.state}
              >
                <span className="app-status__name">
                  {names.get(ods) ?? ods} <span className="app-muted">({ods})</span>
                </span>
                <span className="app-status__text">
                  {st.state === "loading" ? (
                    <>
                      <Spinner /> Asking…
                    </>
                  ) : st.state === "failed" ? (
                    `Failed: ${describeError(st.error, "appointments").title}`
                  ) : !st.patient ? (
                    "No record of the patient here"
                  ) : (
                    `${(s.byPractice[ods] ?? []).length} ${(s.byPractice[ods] ?? []).length === 1 ? "appointment" : "appointments"}`
                  )}
                </span>
                {st.state === "failed" ? (
                  <button
                    type="button"
                    className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-status__retry"
                    data-retry-appointments={ods}
                    onClick={() => void retry(ods)}
                  >
                    Retry <span className="nhsuk-u-visually-hidden">{names.get(ods) ?? ods}</span>
                  </button>
                ) : null}
                {st.state === "done" && st.differences.length > 0 ? (
                  <div className="app-status__differences">
                    <Differences differences={st.differences} />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

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
