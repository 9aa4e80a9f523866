/**
 * The SDS API key (§5.3): typed once, stored in this computer's keyring for the current mode,
 * never shown or read back. Needed to look practices up by ODS code.
 */
import { useState } from "react";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { useApp } from "../../state/store";

export function SdsApiKey() {
  const stored = useApp((s) => s.status?.sdsApiKeyStored ?? false);
  const state = useApp((s) => s.sdsKey);
  const save = useApp((s) => s.saveSdsApiKey);
  const [key, setKey] = useState("");
  const submit = async (value: string) => {
    await save(value);
    setKey("");
  };
  return (
    <section className="app-panel" aria-labelledby="sds-key-heading">
      <h2 className="nhsuk-heading-s" id="sds-key-heading">
        SDS API key
      </h2>
      <p id="sds-key-state">
        {stored
          ? "An SDS API key is stored in this computer's keyring."
          : "No SDS API key is stored: practices can only be added with their provider root and ASID."}
      </p>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="sds-api-key">
          New SDS API key
        </label>
        <div className="nhsuk-hint" id="sds-api-key-hint">
          From the NHS API platform for this environment. It is stored in the keyring and never
          shown again.
        </div>
        <input
          className="nhsuk-input nhsuk-input--width-30"
          id="sds-api-key"
          type="password"
          autoComplete="off"
          aria-describedby="sds-api-key-hint sds-key-state"
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
      </div>
      <div className="app-actions">
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          id="save-sds-key"
          disabled={state.saving || key.trim() === ""}
          onClick={() => void submit(key)}
        >
          {state.saving ? "Saving…" : "Store the key"}
        </button>
        {stored && (
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary"
            id="remove-sds-key"
            disabled={state.saving}
            onClick={() => void submit("")}
          >
            Remove the stored key
          </button>
        )}
      </div>
      {state.saved && (
        <p className="app-message app-message--success" role="status">
          {stored ? "The SDS API key is stored." : "The SDS API key was removed."}
        </p>
      )}
      {state.error && <CommandErrorBox error={state.error} context="settings" />}
    </section>
  );
}
