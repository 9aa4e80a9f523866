/**
 * Amending an appointment's description and comment (§3.8). When someone changed it at the
 * practice first, nothing was saved: the form shows what changed next to the user's edit, which
 * is kept, and saves it onto the current version only when asked.
 */
import { useState } from "react";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { ConflictTable } from "../../components/ConflictTable";
import { ErrorSummary } from "../../components/ErrorSummary";
import { CountedTextarea } from "../../components/forms";
import { Spinner } from "../../components/Spinner";
import { COMMENT_MAX, DESCRIPTION_MAX } from "../../lib/limits";
import { useApp } from "../../state/store";
import { appointmentsMatchPatient, type Editor } from "./state";

export function AmendForm({ editor }: { editor: Extract<Editor, { kind: "amend" }> }) {
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
