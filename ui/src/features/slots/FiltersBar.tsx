/** Filters on the results (client-side): delivery channel, slot type, role, location, practitioner. */
import { useMemo } from "react";
import { Select } from "../../components/forms";
import { useApp } from "../../state/store";
import { filterChoices, useAllSlots } from "./slotData";
import type { Filters } from "./state";

const LABELS: Record<keyof Filters, string> = {
  deliveryChannel: "Delivery channel",
  slotType: "Slot type",
  role: "Practitioner role",
  location: "Location",
  practitioner: "Practitioner",
};

export function FiltersBar({ shown }: { shown: number }) {
  const all = useAllSlots();
  const filters = useApp((s) => s.filters);
  const setFilter = useApp((s) => s.setFilter);
  const clear = useApp((s) => s.clearFilters);
  const choices = useMemo(() => filterChoices(all), [all]);
  const anyActive = Object.values(filters).some((v) => v !== "");
  return (
    <div className="app-filters" role="group" aria-labelledby="filters-heading">
      <h3 className="nhsuk-heading-xs app-filters__title" id="filters-heading">
        Filter results
      </h3>
      {(Object.keys(LABELS) as Array<keyof Filters>).map((key) => (
        <Select
          key={key}
          id={`filter-${key}`}
          label={LABELS[key]}
          value={filters[key]}
          formGroupClass="app-filters__item"
          options={[
            { value: "", label: "Any" },
            ...choices[key].map((c) => ({ value: c.value, label: `${c.value} (${c.count})` })),
            ...(filters[key] && !choices[key].some((c) => c.value === filters[key])
              ? [{ value: filters[key], label: `${filters[key]} (0)` }]
              : []),
          ]}
          onChange={(value) => setFilter(key, value)}
        />
      ))}
      <p className="app-filters__count" aria-live="polite">
        Showing {shown} of {all.length} {all.length === 1 ? "slot" : "slots"}
        {anyActive ? (
          <>
            {" "}
            <button type="button" className="app-link-button" onClick={clear}>
              Clear filters
            </button>
          </>
        ) : null}
      </p>
    </div>
  );
}
