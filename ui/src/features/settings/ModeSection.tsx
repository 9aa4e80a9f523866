/**
 * Demo or live: the mode now, the mode the form will save, and "Use demo mode" (switches at once
 * to the built-in simulator and its practices).
 */
import { useApp } from "../../state/store";
import type { SectionProps } from "./fields";

export function ModeSection({ draft, edit }: Omit<SectionProps, "errorFor">) {
  const mode = useApp((s) => s.status?.mode);
  const saving = useApp((s) => s.settingsSaving);
  const switchToDemo = useApp((s) => s.useDemoMode);
  return (
    <section className="app-panel" aria-labelledby="mode-heading">
      <h2 className="nhsuk-heading-s" id="mode-heading">
        Mode
      </h2>
      <p>
        Now:{" "}
        <strong>
          {mode === "demo"
            ? "Demo (simulated practices, no real patient data)"
            : "Live (NHS Spine)"}
        </strong>
      </p>
      <div className="nhsuk-form-group">
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Mode to save</legend>
          <div className="nhsuk-radios nhsuk-radios--inline nhsuk-radios--small">
            {(["live", "demo"] as const).map((value) => (
              <div className="nhsuk-radios__item" key={value}>
                <input
                  className="nhsuk-radios__input"
                  id={`settings-mode-${value}`}
                  name="settings-mode"
                  type="radio"
                  value={value}
                  checked={draft.mode === value}
                  onChange={() => edit((d) => ({ ...d, mode: value }))}
                />
                <label
                  className="nhsuk-label nhsuk-radios__label"
                  htmlFor={`settings-mode-${value}`}
                >
                  {value === "live" ? "Live" : "Demo"}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary"
        id="use-demo"
        onClick={() => void switchToDemo()}
        disabled={saving}
      >
        Use demo mode
      </button>
    </section>
  );
}
