/**
 * The client certificate in use, and importing new credentials (certificate, private key,
 * trusted CAs) into the OS keyring: each file chosen through the native dialog, then imported
 * together. The private key is never shown.
 */
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { Spinner } from "../../components/Spinner";
import type { CredentialKind } from "../../ipc/bindings/CredentialKind";
import { useApp } from "../../state/store";
import { CertificateSummary } from "./CertificateSummary";

const KINDS: Array<{ kind: CredentialKind; label: string }> = [
  { kind: "clientCertificate", label: "Client certificate (PEM)" },
  { kind: "clientKey", label: "Private key (PEM)" },
  { kind: "trustedCa", label: "Trusted CA certificates (PEM)" },
];

export function Credentials() {
  const credentials = useApp((s) => s.credentials);
  const current = useApp((s) => s.status?.certificate ?? null);
  const choose = useApp((s) => s.chooseCredential);
  const importNow = useApp((s) => s.importCredentials);
  return (
    <section className="app-panel" aria-labelledby="credentials-heading">
      <h2 className="nhsuk-heading-s" id="credentials-heading">
        Client certificate
      </h2>
      {current ? (
        <>
          <h3 className="nhsuk-heading-xs">Certificate in use</h3>
          <CertificateSummary info={current} />
        </>
      ) : (
        <p>No client certificate is imported.</p>
      )}
      <h3 className="nhsuk-heading-xs">Import new credentials</h3>
      <p className="app-small">
        The files are read once and stored in this computer's keyring. The private key is never
        shown.
      </p>
      <ul className="app-credential-list">
        {KINDS.map(({ kind, label }) => (
          <li key={kind} className="app-credential">
            <span className="app-credential__label" id={`credential-${kind}-label`}>
              {label}
            </span>
            <span className="app-credential__path" id={`credential-${kind}-path`}>
              {credentials.files[kind] ?? "No file chosen"}
            </span>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
              id={`choose-${kind}`}
              aria-describedby={`credential-${kind}-label credential-${kind}-path`}
              disabled={credentials.choosing !== null}
              onClick={() => void choose(kind)}
            >
              {credentials.choosing === kind ? "Choosing…" : "Choose file…"}
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="nhsuk-button"
        id="import-credentials"
        disabled={credentials.importing}
        onClick={() => void importNow()}
      >
        {credentials.importing ? (
          <>
            <Spinner /> Importing…
          </>
        ) : (
          "Import"
        )}
      </button>
      {credentials.error ? (
        <CommandErrorBox error={credentials.error} context="credentials" />
      ) : null}
      {credentials.imported ? (
        <div role="status">
          <h3 className="nhsuk-heading-xs">Imported</h3>
          <CertificateSummary info={credentials.imported} />
        </div>
      ) : null}
    </section>
  );
}
