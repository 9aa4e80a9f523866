/**
 * Filters on the results, applied without searching again: for each dimension a disclosure
 * (`<details>`, so it opens with Enter or Space and needs no script to be reachable) holding
 * checkboxes of the values that came back, each with how many slots it would show. Several
 * values of one dimension are alternatives; dimensions combine. Chosen values are summed up on
 * the button and kept across searches and restarts. The values and counts are worked out only
 * for a filter while it is open (thousands of slots, nine dimensions).
 */
import { useMemo, useState } from "react";
import { useApp } from "../../state/store";
import { FILTER_KEYS, anyFilter, facetChoices, type FilterKey } from "./filters";
import { locationLabels, usePracticeNames } from "./slotData";

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

export function FiltersBar({ shown, total }: { shown: number; total: number }) {
  const results = useApp((s) => s.results);
  const filters = useApp((s) => s.filters);
  const toggle = useApp((s) => s.toggleFilterValue);
  const clearKey = useApp((s) => s.clearFilterKey);
  const clear = useApp((s) => s.clearFilters);
  const practiceNames = usePracticeNames();
  const [open, setOpen] = useState<ReadonlySet<FilterKey>>(new Set());
  const choices = useMemo(() => {
    if (open.size === 0) return null;
    const all = Object.values(results).flat();
    return facetChoices(all, filters, { practice: practiceNames, location: locationLabels(all) });
  }, [open, results, filters, practiceNames]);
  const any = anyFilter(filters);
  return (
    <div className="app-filters" role="group" aria-labelledby="filters-heading" id="filters">
      <h3 className="nhsuk-heading-xs app-filters__title" id="filters-heading">
        Filter
      </h3>
      <div className="app-filters__list">
        {FILTER_KEYS.map((key) => {
          const options = open.has(key) ? (choices?.[key] ?? []) : [];
          const chosen = filters[key] as readonly string[];
          return (
            <details
              className="app-filter"
              key={key}
              data-filter={key}
              onToggle={(e) => {
                const isOpen = e.currentTarget.open;
                setOpen((current) => {
                  const next = new Set(current);
                  if (isOpen) next.add(key);
                  else next.delete(key);
                  return next;
                });
              }}
            >
              <summary className={`app-filter__summary${chosen.length > 0 ? " is-active" : ""}`}>
                {LABELS[key]}
                {chosen.length > 0 ? (
                  <span className="app-filter__chosen"> ({chosen.length} chosen)</span>
                ) : null}
              </summary>
              <fieldset className="app-filter__panel">
                <legend className="nhsuk-u-visually-hidden">{LABELS[key]}</legend>
                {options.length === 0 ? (
                  <p className="app-small app-muted">None in these results.</p>
                ) : null}
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
        Showing {shown} of {total} {total === 1 ? "slot" : "slots"}
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
