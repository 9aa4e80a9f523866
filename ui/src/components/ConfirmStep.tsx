/**
 * A confirm step inside the page, for an action that would discard something the user typed
 * (`window.confirm` may not show in the app's webview, and would block it). It says what would
 * be lost, takes focus when it appears, and gives focus back to where it was when the user
 * keeps their work.
 */
import { useEffect, useRef, type ReactNode } from "react";

export function ConfirmStep({
  id,
  title,
  children,
  confirmLabel,
  keepLabel,
  onConfirm,
  onKeep,
}: {
  id: string;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  keepLabel: string;
  onConfirm: () => void;
  onKeep: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const returnTo = useRef<Element | null>(null);
  useEffect(() => {
    returnTo.current = document.activeElement;
    ref.current?.focus();
  }, []);
  return (
    <div
      id={id}
      ref={ref}
      tabIndex={-1}
      role="group"
      aria-labelledby={`${id}-title`}
      className="app-message app-message--warning app-confirm-step"
    >
      <h3 className="app-message__title" id={`${id}-title`}>
        {title}
      </h3>
      {children}
      <div className="app-actions">
        <button
          type="button"
          className="nhsuk-button nhsuk-button--warning nhsuk-button--small"
          data-confirm-step="confirm"
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
          data-confirm-step="keep"
          onClick={() => {
            const back = returnTo.current;
            onKeep();
            if (back instanceof HTMLElement && back.isConnected) back.focus();
          }}
        >
          {keepLabel}
        </button>
      </div>
    </div>
  );
}
