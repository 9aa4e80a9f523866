/**
 * Cancelling an appointment (§3.9): the reason and a confirmation. When someone changed it at
 * the practice first, nothing was cancelled: the form shows what changed and asks again.
 */
import { useState } from "react";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { ConflictTable } from "../../components/ConflictTable";
import { ErrorSummary } from "../../components/ErrorSummary";
import { CountedTextarea } from "../../components/forms";
import { Spinner } from "../../components/Spinner";
import { REASON_MAX } from "../../lib/limits";
import { formatUkDate, formatUkTime } from "../../lib/ukTime";
import { useApp } from "../../state/store";
import { appointmentsMatchPatient, type Editor } from "./state";

export function CancelForm({ editor }: { editor: Extract<Editor, { kind: "cancel" }> }) {
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
