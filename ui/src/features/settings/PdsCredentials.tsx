/**
 * The application's credentials for PDS on the NHS API platform, stored in the OS keyring and
 * never shown again: its API key, and its private key (a PEM file chosen in the dialog) for the
 * signed client assertion of the token exchange. The public half can be shown as a JWKS
 * document, to register with the platform.
 */
import { useState } from "react";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import type { CommandError } from "../../ipc/bindings/CommandError";
import { toCommandError } from "../../lib/errors";
import { useApp, useBackend } from "../../state/store";

export function PdsCredentials() {
  const backend = useBackend();
  const status = useApp((s) => s.status);
  const setStatus = useApp((s) => s.setStatus);
  const [apiKey, setApiKey] = useState("");
  const [jwks, setJwks] = useState<string | null>(null);
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
  return (
    <section className="app-panel" aria-labelledby="pds-credentials-heading">
      <h2 className="nhsuk-heading-s" id="pds-credentials-heading">
        PDS credentials
      </h2>
      <p id="pds-key-state">
        {status?.pdsKeyStored
          ? "The application's PDS private key is stored in this computer's keyring."
          : "No PDS private key is stored: patients cannot be traced until it is."}
      </p>
      <div className="app-actions">
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          id="import-pds-key"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const path = await backend.chooseCredentialFile("pdsClientKey");
              if (!path) return;
              setStatus(await backend.importPdsKey(path));
              setNotice("The PDS private key is stored.");
            })
          }
        >
          Import the PDS private key (PEM)…
        </button>
        {status?.pdsKeyStored ? (
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary"
            id="show-pds-jwks"
            disabled={busy}
            onClick={() => void run(async () => setJwks(await backend.pdsPublicJwks()))}
          >
            Show the public key to register
          </button>
        ) : null}
      </div>
      {jwks ? (
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="pds-jwks">
            Public key (JWKS) to register with the NHS API platform
          </label>
          <textarea
            className="nhsuk-textarea app-code"
            id="pds-jwks"
            rows={8}
            readOnly
            value={jwks}
          />
        </div>
      ) : null}
      <p id="pds-api-key-state">
        {status?.pdsApiKeyStored
          ? "A PDS API key is stored in this computer's keyring."
          : "No PDS API key is stored: patients cannot be traced until it is."}
      </p>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="pds-api-key">
          New PDS API key
        </label>
        <div className="nhsuk-hint" id="pds-api-key-hint">
          The application's API key on the NHS API platform for this environment. It is stored in
          the keyring and never shown again.
        </div>
        <input
          className="nhsuk-input nhsuk-input--width-30"
          id="pds-api-key"
          type="password"
          autoComplete="off"
          aria-describedby="pds-api-key-hint pds-api-key-state"
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
        />
      </div>
      <div className="app-actions">
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          id="save-pds-api-key"
          disabled={busy || apiKey.trim() === ""}
          onClick={() =>
            void run(async () => {
              setStatus(await backend.savePdsApiKey(apiKey));
              setApiKey("");
              setNotice("The PDS API key is stored.");
            })
          }
        >
          Store the PDS API key
        </button>
        {status?.pdsApiKeyStored ? (
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary"
            id="remove-pds-api-key"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                setStatus(await backend.savePdsApiKey(""));
                setNotice("The PDS API key was removed.");
              })
            }
          >
            Remove the stored PDS API key
          </button>
        ) : null}
      </div>
      {notice ? (
        <p className="app-message app-message--success" role="status">
          {notice}
        </p>
      ) : null}
      {error ? <CommandErrorBox error={error} context="settings" /> : null}
    </section>
  );
}
