/**
 * The CIS2 client's credentials for this environment, stored in the OS keyring and never shown
 * again: the site's private key (a PEM file, for private-key JWT) or a client secret. The
 * public half of the key can be shown as a JWKS document, to register with NHS CIS2.
 */
import { useState } from "react";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import type { CommandError } from "../../ipc/bindings/CommandError";
import { toCommandError } from "../../lib/errors";
import { useApp, useBackend } from "../../state/store";

export function Cis2Credentials() {
  const backend = useBackend();
  const status = useApp((s) => s.status);
  const setStatus = useApp((s) => s.setStatus);
  const clientAuth = useApp((s) => s.settingsDraft?.cis2.clientAuth ?? "privateKeyJwt");
  const [secret, setSecret] = useState("");
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
  const importKey = () =>
    run(async () => {
      const path = await backend.chooseCredentialFile("cis2ClientKey");
      if (!path) return;
      setStatus(await backend.importCis2Key(path));
      setNotice("The sign-in private key is stored.");
    });
  return (
    <section className="app-panel" aria-labelledby="cis2-credentials-heading">
      <h2 className="nhsuk-heading-s" id="cis2-credentials-heading">
        Sign-in credentials
      </h2>
      {clientAuth === "privateKeyJwt" ? (
        <>
          <p id="cis2-key-state">
            {status?.cis2KeyStored
              ? "The site's CIS2 private key is stored in this computer's keyring."
              : "No CIS2 private key is stored: sign-in cannot work until it is."}
          </p>
          <div className="app-actions">
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary"
              id="import-cis2-key"
              disabled={busy}
              onClick={() => void importKey()}
            >
              Import the private key (PEM)…
            </button>
            {status?.cis2KeyStored ? (
              <button
                type="button"
                className="nhsuk-button nhsuk-button--secondary"
                id="show-cis2-jwks"
                disabled={busy}
                onClick={() => void run(async () => setJwks(await backend.cis2PublicJwks()))}
              >
                Show the public key to register
              </button>
            ) : null}
          </div>
          {jwks ? (
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="cis2-jwks">
                Public key (JWKS) to register with NHS CIS2
              </label>
              <textarea
                className="nhsuk-textarea app-code"
                id="cis2-jwks"
                rows={8}
                readOnly
                value={jwks}
              />
            </div>
          ) : null}
        </>
      ) : (
        <>
          <p id="cis2-secret-state">
            {status?.cis2SecretStored
              ? "A CIS2 client secret is stored in this computer's keyring."
              : "No CIS2 client secret is stored: sign-in cannot work until it is."}
          </p>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="cis2-client-secret">
              New client secret
            </label>
            <input
              className="nhsuk-input nhsuk-input--width-30"
              id="cis2-client-secret"
              type="password"
              autoComplete="off"
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
            />
          </div>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary"
            id="save-cis2-secret"
            disabled={busy || secret.trim() === ""}
            onClick={() =>
              void run(async () => {
                setStatus(await backend.saveCis2ClientSecret(secret));
                setSecret("");
                setNotice("The client secret is stored.");
              })
            }
          >
            Store the secret
          </button>
        </>
      )}
      {notice ? (
        <p className="app-message app-message--success" role="status">
          {notice}
        </p>
      ) : null}
      {error ? <CommandErrorBox error={error} context="settings" /> : null}
    </section>
  );
}
