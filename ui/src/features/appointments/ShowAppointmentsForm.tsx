/**
 * "Show appointments": the date range (from today at the earliest), asking first when an open
 * amend or cancel form holds unsaved text, which NHS number the list is for, and a warning
 * when that is no longer the number entered (changes are then off).
 */
import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { ConfirmStep } from "../../components/ConfirmStep";
import { ErrorSummary } from "../../components/ErrorSummary";
import { DateInput } from "../../components/forms";
import { Spinner } from "../../components/Spinner";
import { compactNhsNumber, formatNhsNumber } from "../../lib/nhsNumber";
import { useApp } from "../../state/store";
import { editorHasEdits } from "./state";

export function ShowAppointmentsForm() {
  const s = useApp(
    useShallow((st) => ({
      fromParts: st.apptFromParts,
      toParts: st.apptToParts,
      formErrors: st.apptFormErrors,
      forNhs: st.appointmentsFor,
      loading: st.appointmentsLoading,
      nhsNumber: st.patient.nhsNumber,
      unsavedEdit: editorHasEdits(st.editor),
    })),
  );
  const setDatePart = useApp((st) => st.setApptDatePart);
  const show = useApp((st) => st.showAppointments);
  const [confirmShow, setConfirmShow] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const stale = s.forNhs !== null && s.forNhs !== compactNhsNumber(s.nhsNumber);
  const errorFor = (prefix: string) =>
    s.formErrors.find((e) => e.inputId.startsWith(prefix))?.message ?? null;

  return (
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
          <button type="submit" className="nhsuk-button app-button--compact" id="show-appointments">
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
              This list is for NHS number {formatNhsNumber(s.forNhs)}, not the number entered above.
            </strong>{" "}
            Amend, cancel and reschedule are off until you show the appointments of the patient
            entered.
          </p>
        </div>
      ) : null}
    </form>
  );
}
