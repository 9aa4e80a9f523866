/**
 * A backend error as the user should see it: what happened, what to do, the practice's own
 * words when it sent any, and a reference for support. Never a stack trace.
 */
import type { ReactNode } from "react";
import type { CommandError } from "../ipc/bindings/CommandError";
import { describeError, type ErrorContext } from "../lib/errors";

export function CommandErrorBox({
  error,
  context,
  id,
  dataCode,
  title,
  children,
  onSettings,
  role = "alert",
}: {
  error: CommandError;
  context: ErrorContext;
  id?: string;
  /** Overrides `data-code` (defaults to the error's code). */
  dataCode?: string;
  /** Overrides the title. */
  title?: string;
  children?: ReactNode;
  onSettings?: () => void;
  role?: "alert" | "status";
}) {
  const view = describeError(error, context);
  return (
    <div
      className="app-message app-message--error"
      id={id}
      data-code={dataCode ?? view.code}
      role={role}
    >
      <h3 className="app-message__title">{title ?? view.title}</h3>
      {view.detail ? <p>{view.detail}</p> : null}
      {view.outcomeUnknown ? (
        <p>
          <strong>The request was sent but no answer came back.</strong>
        </p>
      ) : null}
      {view.advice ? <p>{view.advice}</p> : null}
      {view.fields.length > 0 ? (
        <ul className="nhsuk-list nhsuk-list--bullet">
          {view.fields.map((f) => (
            <li key={`${f.field}-${f.message}`}>{f.message}</li>
          ))}
        </ul>
      ) : null}
      {view.providerText ? (
        <p>
          The practice system said: <q className="app-quote">{view.providerText}</q>
        </p>
      ) : null}
      {children}
      {view.settingsLink && onSettings ? (
        <p>
          <button type="button" className="app-link-button" onClick={onSettings}>
            Open Settings
          </button>
        </p>
      ) : null}
      {view.reference ? (
        <p className="app-message__reference">Reference for support: {view.reference}</p>
      ) : null}
      {view.traceId ? (
        <p className="app-message__reference" data-trace-id={view.traceId}>
          Trace ID (quote this to support): <code>{view.traceId}</code>
        </p>
      ) : null}
    </div>
  );
}
