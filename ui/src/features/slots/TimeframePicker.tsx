/**
 * The disposition timeframe from the triage outcome (NHS 111 profile): a preset (within 1, 2,
 * 6, 12 or 24 hours, 3 or 7 days) or a custom number of hours. The search range follows it, the
 * board counts and finds the earliest within it, and slots after it are marked.
 */
import { useShallow } from "zustand/react/shallow";
import {
  CUSTOM_TIMEFRAME_MAX_HOURS,
  TIMEFRAME_PRESETS,
  describeTimeframe,
} from "../../lib/timeframe";
import { useApp } from "../../state/store";

export function TimeframePicker({ error }: { error: string | null }) {
  const { timeframe, customHours } = useApp(
    useShallow((s) => ({ timeframe: s.timeframe, customHours: s.customHours })),
  );
  const setTimeframe = useApp((s) => s.setTimeframe);
  const setCustomHours = useApp((s) => s.setCustomHours);
  const current = timeframe?.id ?? null;
  return (
    <fieldset className="nhsuk-fieldset app-timeframe" aria-describedby="timeframe-now">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
        Disposition timeframe
      </legend>
      <div className="app-presets" role="group" aria-label="Disposition timeframe">
        {TIMEFRAME_PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            className={`app-chip${current === p.id ? " app-chip--current" : ""}`}
            data-timeframe={p.id}
            aria-pressed={current === p.id}
            onClick={() => setTimeframe(p.id)}
          >
            {p.label.replace("Within ", "")}
          </button>
        ))}
        <span className="app-timeframe__custom">
          <label className="nhsuk-label app-timeframe__label" htmlFor="timeframe-hours">
            or within
          </label>
          <input
            className={`nhsuk-input nhsuk-input--width-3${error ? " nhsuk-input--error" : ""}`}
            id="timeframe-hours"
            inputMode="numeric"
            autoComplete="off"
            value={customHours}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "timeframe-hours-error" : undefined}
            max={CUSTOM_TIMEFRAME_MAX_HOURS}
            onChange={(e) => setCustomHours(e.target.value)}
          />
          <span className="app-timeframe__unit">hours</span>
        </span>
        {timeframe ? (
          <button type="button" className="app-link-button" onClick={() => setTimeframe(null)}>
            No timeframe
          </button>
        ) : null}
      </div>
      {error ? (
        <span className="nhsuk-error-message" id="timeframe-hours-error">
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      <p className="app-small app-muted" id="timeframe-now" aria-live="polite">
        {timeframe
          ? `${describeTimeframe(timeframe)}. Slots after it are marked; booking one asks why.`
          : "Choose the timeframe from the triage outcome: the search covers it and the board shows the earliest slot within it."}
      </p>
    </fieldset>
  );
}
