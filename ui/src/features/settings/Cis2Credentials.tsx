/**
 * The CIS2 client's credentials for this environment, stored in the OS keyring and never shown
 * again: the site's private key (a PEM file, for private-key JWT) or a client secret. The
 * public half of the key can be shown as a JWKS document, to register with NHS CIS2.
 */
import { useState } from "react";
import { useApp, useBackend } from "../../state/store";
import { ActionOutcome, PrivateKeyImport, useCredentialAction } from "./credentialParts";

export function Cis2Credentials() {
  const backend = useBackend();
  const status = useApp((s) => s.status);
  const setStatus = useApp((s) => s.setStatus);
  const clientAuth = useApp((s) => s.settingsDraft?.cis2.clientAuth ?? "privateKeyJwt");
  const [secret, setSecret] = useState("");
  const { busy, notice, error, run, setNotice } = useCredentialAction();
  return (
    <section className="app-panel" aria-labelledby="cis2-credentials-heading">
      <h2 className="nhsuk-heading-s" id="cis2-credentials-heading">
        Sign-in credentials
      </h2>
      {clientAuth === "privateKeyJwt" ? (
        <PrivateKeyImport
          id="cis2"
          stored={status?.cis2KeyStored ?? false}
          storedText="The site's CIS2 private key is stored in this computer's keyring."
          missingText="No CIS2 private key is stored: sign-in cannot work until it is."
          importLabel="Import the private key (PEM)…"
          jwksLabel="Public key (JWKS) to register with NHS CIS2"
          busy={busy}
          run={run}
          onImport={async () => {
            const path = await backend.chooseCredentialFile("cis2ClientKey");
            if (!path) return;
            setStatus(await backend.importCis2Key(path));
            setNotice("The sign-in private key is stored.");
          }}
          publicJwks={() => backend.cis2PublicJwks()}
        />
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
      <ActionOutcome notice={notice} error={error} />
    </section>
  );
}
