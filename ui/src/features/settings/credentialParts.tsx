/**
 * What the keyring-backed credential sections share: one action at a time with its notice or
 * error (`useCredentialAction`, `ActionOutcome`), and a private key imported from a PEM file
 * chosen in the dialog whose public half can be shown as a JWKS document to register
 * (`PrivateKeyImport`). Nothing here holds key material: the backend reads the file and keeps
 * the key in the keyring.
 */
import { useState } from "react";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import type { CommandError } from "../../ipc/bindings/CommandError";
import { toCommandError } from "../../lib/errors";

/** One action at a time: `busy` while it runs, then a notice it set or the error it threw. */
export function useCredentialAction() {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await action();
    } catch (raw) {
      setError(toCommandError(raw));
    } finally {
      setBusy(false);
    }
  };
  return { busy, notice, error, run, setNotice };
}

/** The notice or error of the last action. */
export function ActionOutcome({
  notice,
  error,
}: {
  notice: string | null;
  error: CommandError | null;
}) {
  return (
    <>
      {notice ? (
        <p className="app-message app-message--success" role="status">
          {notice}
        </p>
      ) : null}
      {error ? <CommandErrorBox error={error} context="settings" /> : null}
    </>
  );
}

/**
 * A private key's state, its import and its public JWKS. Element ids are `{id}-key-state`,
 * `import-{id}-key`, `show-{id}-jwks` and `{id}-jwks`.
 */
export function PrivateKeyImport({
  id,
  stored,
  storedText,
  missingText,
  importLabel,
  jwksLabel,
  busy,
  run,
  onImport,
  publicJwks,
}: {
  id: string;
  stored: boolean;
  storedText: string;
  missingText: string;
  importLabel: string;
  jwksLabel: string;
  busy: boolean;
  run: (action: () => Promise<void>) => Promise<void>;
  /** Chooses the file and stores the key (nothing when the dialog is cancelled). */
  onImport: () => Promise<void>;
  publicJwks: () => Promise<string>;
}) {
  const [jwks, setJwks] = useState<string | null>(null);
  return (
    <>
      <p id={`${id}-key-state`}>{stored ? storedText : missingText}</p>
      <div className="app-actions">
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          id={`import-${id}-key`}
          disabled={busy}
          onClick={() => void run(onImport)}
        >
          {importLabel}
        </button>
        {stored ? (
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary"
            id={`show-${id}-jwks`}
            disabled={busy}
            onClick={() => void run(async () => setJwks(await publicJwks()))}
          >
            Show the public key to register
          </button>
        ) : null}
      </div>
      {jwks ? (
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor={`${id}-jwks`}>
            {jwksLabel}
          </label>
          <textarea
            className="nhsuk-textarea app-code"
            id={`${id}-jwks`}
            rows={8}
            readOnly
            value={jwks}
          />
        </div>
      ) : null}
    </>
  );
}
