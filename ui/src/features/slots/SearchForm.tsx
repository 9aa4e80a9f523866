/**
 * What to search: with the NHS 111 profile, the disposition timeframe (the range follows it);
 * a date range (presets Today, This week, 2 weeks, 4 weeks, or custom dates in NHS.UK date
 * boxes); and the practices (one, several or all).
 */
import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { ErrorSummary } from "../../components/ErrorSummary";
import { DateInput } from "../../components/forms";
import { Spinner } from "../../components/Spinner";
import { PRESETS } from "../../lib/dateWindows";
import { practiceColour } from "../../lib/practiceColours";
import { useApp } from "../../state/store";
import { TimeframePicker } from "./TimeframePicker";
import { PracticeCheckNote } from "../session/SignInView";

export function SearchForm({ active }: { active: boolean }) {
  const practices = useApp((s) => s.status?.practices ?? null);
  const nhs111 = useApp((s) => s.status?.nhs111 ?? false);
  const { preset, fromParts, toParts, chosen, errors, inFlight } = useApp(
    useShallow((s) => ({
      preset: s.preset,
      fromParts: s.fromParts,
      toParts: s.toParts,
      chosen: s.chosenPractices,
      errors: s.searchFormErrors,
      inFlight: s.inFlight,
    })),
  );
  const setPreset = useApp((s) => s.setPreset);
  const setDatePart = useApp((s) => s.setDatePart);
  const togglePractice = useApp((s) => s.togglePractice);
  const setAll = useApp((s) => s.setAllPractices);
  const search = useApp((s) => s.search);
  const [attempt, setAttempt] = useState(0);
  const all = (practices ?? []).map((p) => p.odsCode);
  const chosenSet = new Set(chosen ?? all);
  const errorFor = (prefix: string) => errors.find((e) => e.inputId.startsWith(prefix));

  return (
    <form
      className="app-search"
      aria-labelledby="search-heading"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setAttempt((n) => n + 1);
        void search();
      }}
    >
      <h2 className="nhsuk-heading-s app-search__title" id="search-heading">
        Find free slots
      </h2>
      {active ? <ErrorSummary id="search-error-summary" items={errors} attempt={attempt} /> : null}
      {nhs111 ? <TimeframePicker error={errorFor("timeframe")?.message ?? null} /> : null}
      <div className="app-search__bar">
        <div className="app-presets" role="group" aria-label="Date range">
          {PRESETS.map((p) => (
            <button
              key={p.id}
              type="button"
              className={`app-chip${preset === p.id ? " app-chip--current" : ""}`}
              data-preset={p.id}
              aria-pressed={preset === p.id}
              onClick={() => setPreset(p.id)}
            >
              {p.label}
            </button>
          ))}
        </div>
        <DateInput
          idPrefix="search-from"
          legend="From"
          legendClass="nhsuk-fieldset__legend--s"
          value={fromParts}
          onChange={(part, value) => setDatePart("from", part, value)}
          error={errorFor("search-from")?.message ?? null}
        />
        <DateInput
          idPrefix="search-to"
          legend="To"
          legendClass="nhsuk-fieldset__legend--s"
          value={toParts}
          onChange={(part, value) => setDatePart("to", part, value)}
          error={errorFor("search-to")?.message ?? null}
        />
        <button type="submit" className="nhsuk-button app-search__button" id="search-button">
          {inFlight > 0 ? (
            <>
              <Spinner /> Searching…
            </>
          ) : (
            "Search"
          )}
        </button>
      </div>
      <fieldset
        className={`nhsuk-fieldset app-practices${errorFor("practice") ? " nhsuk-form-group--error" : ""}`}
      >
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Practices</legend>
        {errorFor("practice") ? (
          <span className="nhsuk-error-message" id="practices-error">
            <span className="nhsuk-u-visually-hidden">Error:</span> {errorFor("practice")?.message}
          </span>
        ) : null}
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small app-practices__list">
          <div className="nhsuk-checkboxes__item">
            <input
              className="nhsuk-checkboxes__input"
              id="practice-all"
              name="all-practices"
              type="checkbox"
              checked={all.length > 0 && chosenSet.size === all.length}
              onChange={(e) => setAll(e.target.checked)}
            />
            <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="practice-all">
              <strong>All practices</strong>
            </label>
          </div>
          {(practices ?? []).map((p, index) => (
            <div className="nhsuk-checkboxes__item" key={p.odsCode}>
              <input
                className="nhsuk-checkboxes__input"
                id={`practice-${p.odsCode}`}
                name="practice"
                type="checkbox"
                value={p.odsCode}
                checked={chosenSet.has(p.odsCode)}
                onChange={(e) => togglePractice(p.odsCode, e.target.checked, all)}
              />
              <label
                className="nhsuk-label nhsuk-checkboxes__label"
                htmlFor={`practice-${p.odsCode}`}
              >
                <span
                  className={`app-swatch ${practiceColour(index).className}`}
                  aria-hidden="true"
                />
                {p.name} <span className="app-muted">({p.odsCode})</span>
                <PracticeCheckNote odsCode={p.odsCode} />
              </label>
            </div>
          ))}
          {practices === null ? <p className="app-muted">Loading practices…</p> : null}
        </div>
      </fieldset>
    </form>
  );
}
