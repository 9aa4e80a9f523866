/**
 * "Writes being checked": every booking, registration, amendment or cancellation whose answer
 * was lost and is still unknown, and those that were being sent when the app last closed (with
 * what became of them). Each says what happened, offers "Check now", and, once the user has
 * called the practice, "Close" with what the practice said. Shown on every screen.
 */
import { useEffect, useState } from "react";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import type { PendingWriteView } from "../../ipc/bindings/PendingWriteView";
import { useApp } from "../../state/store";

function ResolveForm({ write }: { write: PendingWriteView }) {
  const resolveWrite = useApp((s) => s.resolveWrite);
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const [sending, setSending] = useState(false);
  const inputId = `resolve-note-${write.id}`;
  if (!open)
    return (
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
        data-resolve-write={write.id}
        onClick={() => setOpen(true)}
      >
        I have called the practice
      </button>
    );
  return (
    <form
      className="app-inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (note.trim() === "" || sending) return;
        setSending(true);
        void resolveWrite(write.id, note).finally(() => setSending(false));
      }}
    >
      <label className="nhsuk-label" htmlFor={inputId}>
        What did the practice say?
      </label>
      <input
        id={inputId}
        className="nhsuk-input"
        value={note}
        maxLength={500}
        onChange={(event) => setNote(event.target.value)}
      />
      <button type="submit" className="nhsuk-button nhsuk-button--small" disabled={sending}>
        Close it
      </button>
    </form>
  );
}

function PendingWrite({ write }: { write: PendingWriteView }) {
  const checking = useApp((s) => s.checking[write.id] ?? false);
  const error = useApp((s) => s.writeErrors[write.id] ?? null);
  const checkWrite = useApp((s) => s.checkWrite);
  const dismissWrite = useApp((s) => s.dismissWrite);
  const open = write.state === "open";
  return (
    <li
      className={`app-pending app-pending--${write.state}`}
      data-pending-write={write.id}
      data-state={write.state}
      data-kind={write.kind}
    >
      <p>
        <strong>{write.message}</strong>
      </p>
      <p className="app-small">
        Sent by {write.user}. Trace ID (quote this to the practice or support):{" "}
        <code>{write.traceId}</code>
        {write.checkedAt ? ` Last checked ${write.checkedAt.slice(11, 16)}.` : ""}
      </p>
      {open ? (
        <p className="app-button-row">
          <button
            type="button"
            className="nhsuk-button nhsuk-button--small"
            data-check-write={write.id}
            disabled={checking}
            onClick={() => void checkWrite(write.id)}
          >
            {checking ? "Checking…" : "Check now"}
          </button>
          <ResolveForm write={write} />
        </p>
      ) : (
        <p>
          <button type="button" className="app-link-button" onClick={() => dismissWrite(write.id)}>
            Dismiss
          </button>
        </p>
      )}
      {error ? <CommandErrorBox error={error} context="general" role="status" /> : null}
    </li>
  );
}

export function PendingWrites() {
  const pending = useApp((s) => s.pending);
  const dismissed = useApp((s) => s.dismissed);
  const loadPending = useApp((s) => s.loadPending);
  const watchPending = useApp((s) => s.watchPending);
  useEffect(() => {
    void loadPending();
    void watchPending();
  }, [loadPending, watchPending]);
  const shown = pending.filter((w) => !dismissed.includes(w.id));
  if (shown.length === 0) return null;
  const open = shown.filter((w) => w.state === "open").length;
  return (
    <section
      id="pending-writes"
      className="app-message app-message--warning app-noprint"
      aria-labelledby="pending-writes-heading"
      role="region"
    >
      <h2 className="app-message__title" id="pending-writes-heading">
        {open > 0
          ? `Writes being checked (${open}): do not repeat them yet`
          : "What became of the writes sent when the app closed"}
      </h2>
      <ul className="nhsuk-list">
        {shown.map((write) => (
          <PendingWrite key={write.id} write={write} />
        ))}
      </ul>
    </section>
  );
}
