/**
 * The environment: Demo (the built-in simulator), Integration (INT), Deployment (DEP) or Live.
 * Choosing one switches at once (each environment keeps its own settings and keyring entries,
 * so nothing is lost) and ends the session. What is known of the environment is listed with
 * its source; addresses no NHS source confirms are marked unverified.
 */
import { useEffect } from "react";
import type { Environment } from "../../ipc/bindings/Environment";
import type { PresetUrl } from "../../ipc/bindings/PresetUrl";
import { useApp } from "../../state/store";

const ENVIRONMENTS: Array<{ value: Environment; label: string }> = [
  { value: "demo", label: "Demo (simulated practices)" },
  { value: "int", label: "Integration (INT)" },
  { value: "dep", label: "Deployment (DEP)" },
  { value: "live", label: "Live" },
];

function Known({ what, url }: { what: string; url: PresetUrl | null }) {
  return (
    <li>
      {what}:{" "}
      {url ? (
        <>
          <code>{url.url}</code>{" "}
          {url.verified ? (
            <span className="app-muted">({url.source})</span>
          ) : (
            <strong className="app-unverified">(unverified: {url.source})</strong>
          )}
        </>
      ) : (
        <span className="app-muted">not known: ask NHS England</span>
      )}
    </li>
  );
}

export function EnvironmentSection() {
  const current = useApp((s) => s.status?.environment);
  const saving = useApp((s) => s.settingsSaving);
  const switchTo = useApp((s) => s.switchEnvironment);
  const presets = useApp((s) => s.presets);
  const loadPresets = useApp((s) => s.loadPresets);
  useEffect(() => {
    void loadPresets();
  }, [loadPresets]);
  const preset = presets?.find((p) => p.environment === current) ?? null;
  return (
    <section className="app-panel" aria-labelledby="environment-heading">
      <h2 className="nhsuk-heading-s" id="environment-heading">
        Environment
      </h2>
      <div className="nhsuk-form-group">
        <fieldset className="nhsuk-fieldset" aria-describedby="environment-hint">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Work in</legend>
          <div className="nhsuk-hint" id="environment-hint">
            Switching keeps each environment&apos;s settings, certificate and keys, and signs you
            out.
          </div>
          <div className="nhsuk-radios nhsuk-radios--inline nhsuk-radios--small">
            {ENVIRONMENTS.map(({ value, label }) => (
              <div className="nhsuk-radios__item" key={value}>
                <input
                  className="nhsuk-radios__input"
                  id={`settings-environment-${value}`}
                  name="settings-environment"
                  type="radio"
                  value={value}
                  checked={current === value}
                  disabled={saving}
                  onChange={() => void switchTo(value)}
                />
                <label
                  className="nhsuk-label nhsuk-radios__label"
                  htmlFor={`settings-environment-${value}`}
                >
                  {label}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      {preset && current !== "demo" ? (
        <>
          <h3 className="nhsuk-heading-xs">What is known of {preset.label}</h3>
          <ul className="nhsuk-list app-small" id="environment-preset">
            <Known what="Spine Secure Proxy" url={preset.sspUrl} />
            <Known what="SDS" url={preset.sdsUrl} />
            <Known what="CIS2 issuer" url={preset.cis2Issuer} />
            <Known what="PDS FHIR" url={preset.pdsUrl} />
            <Known what="NHS API platform token endpoint" url={preset.tokenUrl} />
          </ul>
          <p className="app-small">{preset.note}</p>
        </>
      ) : null}
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary"
        id="use-demo"
        onClick={() => void switchTo("demo")}
        disabled={saving}
      >
        Use demo mode
      </button>
    </section>
  );
}
