/**
 * Filters on the results, applied without searching again: for each dimension a disclosure
 * (`<details>`, so it opens with Enter or Space and needs no script to be reachable) holding
 * checkboxes of the values that came back, each with how many slots it would show. Several
 * values of one dimension are alternatives; dimensions combine. Chosen values are summed up on
 * the button and kept across searches and restarts.
 */
import { useMemo } from "react";
import { useApp } from "../../state/store";
import { FILTER_KEYS, anyFilter, facetChoices, type FilterKey } from "./filters";
import { useAllSlots, useLocationLabels, usePracticeNames } from "./slotData";

const LABELS: Record<FilterKey, string> = {
  practice: "Practice",
  location: "Location",
  deliveryChannel: "Delivery channel",
  slotType: "Slot type",
  scheduleType: "Schedule type",
  role: "Practitioner role",
  practitioner: "Practitioner",
  timeOfDay: "Time of day",
  weekday: "Day of the week",
};

export function FiltersBar({ shown }: { shown: number }) {
  const all = useAllSlots();
  const filters = useApp((s) => s.filters);
  const toggle = useApp((s) => s.toggleFilterValue);
  const clearKey = useApp((s) => s.clearFilterKey);
  const clear = useApp((s) => s.clearFilters);
  const practiceNames = usePracticeNames();
  const locationLabels = useLocationLabels();
  const choices = useMemo(
    () => facetChoices(all, filters, { practice: practiceNames, location: locationLabels }),
    [all, filters, practiceNames, locationLabels],
  );
  const any = anyFilter(filters);
  return (
    <div className="app-filters" role="group" aria-labelledby="filters-heading" id="filters">
      <h3 className="nhsuk-heading-xs app-filters__title" id="filters-heading">
        Filter
      </h3>
      <div className="app-filters__list">
        {FILTER_KEYS.map((key) => {
          const options = choices[key];
          const chosen = filters[key] as readonly string[];
          if (options.length === 0 && chosen.length === 0) return null;
          return (
            <details className="app-filter" key={key} data-filter={key}>
              <summary className={`app-filter__summary${chosen.length > 0 ? " is-active" : ""}`}>
                {LABELS[key]}
                {chosen.length > 0 ? (
                  <span className="app-filter__chosen"> ({chosen.length} chosen)</span>
                ) : null}
              </summary>
              <fieldset className="app-filter__panel">
                <legend className="nhsuk-u-visually-hidden">{LABELS[key]}</legend>
                {options.map((option) => {
                  const id = `filter-${key}-${option.value.replace(/[^A-Za-z0-9]+/g, "-")}`;
                  const on = chosen.includes(option.value);
                  return (
                    <div className="app-filter__option" key={option.value}>
                      <input
                        type="checkbox"
                        id={id}
                        className="app-filter__checkbox"
                        data-filter-value={`${key}:${option.value}`}
                        checked={on}
                        onChange={(e) => toggle(key, option.value, e.target.checked)}
                      />
                      <label htmlFor={id}>
                        {option.label} <span className="app-muted">({option.count})</span>
                      </label>
                    </div>
                  );
                })}
                {chosen.length > 0 ? (
                  <button type="button" className="app-link-button" onClick={() => clearKey(key)}>
                    Any {LABELS[key].toLowerCase()}
                  </button>
                ) : null}
              </fieldset>
            </details>
          );
        })}
      </div>
      <p className="app-filters__count" aria-live="polite" id="filters-count">
        Showing {shown} of {all.length} {all.length === 1 ? "slot" : "slots"}
        {any ? (
          <>
            {" "}
            <button type="button" className="app-link-button" id="clear-filters" onClick={clear}>
              Clear filters
            </button>
          </>
        ) : null}
      </p>
    </div>
  );
}
