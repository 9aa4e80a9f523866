/**
 * The application's credentials for PDS on the NHS API platform, stored in the OS keyring and
 * never shown again: its API key, and its private key (a PEM file chosen in the dialog) for the
 * signed client assertion of the token exchange. The public half can be shown as a JWKS
 * document, to register with the platform.
 */
import { useState } from "react";
import { useApp, useBackend } from "../../state/store";
import { ActionOutcome, PrivateKeyImport, useCredentialAction } from "./credentialParts";

export function PdsCredentials() {
  const backend = useBackend();
  const status = useApp((s) => s.status);
  const setStatus = useApp((s) => s.setStatus);
  const [apiKey, setApiKey] = useState("");
  const { busy, notice, error, run, setNotice } = useCredentialAction();
  return (
    <section className="app-panel" aria-labelledby="pds-credentials-heading">
      <h2 className="nhsuk-heading-s" id="pds-credentials-heading">
        PDS credentials
      </h2>
      <PrivateKeyImport
        id="pds"
        stored={status?.pdsKeyStored ?? false}
        storedText="The application's PDS private key is stored in this computer's keyring."
        missingText="No PDS private key is stored: patients cannot be traced until it is."
        importLabel="Import the PDS private key (PEM)…"
        jwksLabel="Public key (JWKS) to register with the NHS API platform"
        busy={busy}
        run={run}
        onImport={async () => {
          const path = await backend.chooseCredentialFile("pdsClientKey");
          if (!path) return;
          setStatus(await backend.importPdsKey(path));
          setNotice("The PDS private key is stored.");
        }}
        publicJwks={() => backend.pdsPublicJwks()}
      />
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
      <ActionOutcome notice={notice} error={error} />
    </section>
  );
}
