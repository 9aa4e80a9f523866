/** Derived slot data: all slots in time order, the filters applied, and the filter choices. */
import { useMemo } from "react";
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import { epochMs } from "../../lib/ukTime";
import { useApp } from "../../state/store";
import type { Filters } from "./state";

export function roleOf(slot: BookableSlot): string {
  return slot.practitionerRole?.display ?? slot.practitionerRole?.code ?? "";
}

const FIELDS: Record<keyof Filters, (slot: BookableSlot) => string> = {
  deliveryChannel: (s) => s.deliveryChannel ?? "",
  slotType: (s) => s.slotType ?? "",
  role: roleOf,
  location: (s) => s.location.name ?? "",
  practitioner: (s) => s.practitioner?.name ?? "",
};

/** Slots matching every chosen filter (an empty filter matches everything). */
export function filterSlots(slots: readonly BookableSlot[], filters: Filters): BookableSlot[] {
  const active = (Object.keys(FIELDS) as Array<keyof Filters>).filter((k) => filters[k] !== "");
  if (active.length === 0) return slots as BookableSlot[];
  return slots.filter((slot) => active.every((k) => FIELDS[k](slot) === filters[k]));
}

export type FilterChoice = { value: string; count: number };

/** The values present in the results for each filter, with how many slots have each. */
export function filterChoices(
  slots: readonly BookableSlot[],
): Record<keyof Filters, FilterChoice[]> {
  const out = {} as Record<keyof Filters, FilterChoice[]>;
  for (const key of Object.keys(FIELDS) as Array<keyof Filters>) {
    const counts = new Map<string, number>();
    for (const slot of slots) {
      const value = FIELDS[key](slot);
      if (value !== "") counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    out[key] = [...counts.entries()]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => a.value.localeCompare(b.value, "en-GB"));
  }
  return out;
}

/** Every slot found, in start order (recomputed only when a practice's results change). */
export function useAllSlots(): BookableSlot[] {
  const results = useApp((s) => s.results);
  return useMemo(() => {
    const all = Object.values(results).flat();
    const keyed = all.map((slot) => ({ slot, at: epochMs(slot.start) }));
    keyed.sort(
      (a, b) => a.at - b.at || a.slot.practiceOdsCode.localeCompare(b.slot.practiceOdsCode),
    );
    return keyed.map((k) => k.slot);
  }, [results]);
}

/** The slots shown: all slots with the filters applied. */
export function useVisibleSlots(): BookableSlot[] {
  const all = useAllSlots();
  const filters = useApp((s) => s.filters);
  return useMemo(() => filterSlots(all, filters), [all, filters]);
}

/** Index of each practice in the practices list (for its colour). */
export function usePracticeIndex(): Map<string, number> {
  const practices = useApp((s) => s.status?.practices);
  return useMemo(() => new Map((practices ?? []).map((p, i) => [p.odsCode, i])), [practices]);
}

export type PracticeSlots = { ods: string; slots: BookableSlot[] };

/**
 * The shown slots per practice. Without filters each list is the very array the search
 * returned, so the calendar can keep a practice's events when another practice answers.
 */
export function useVisibleByPractice(): PracticeSlots[] {
  const results = useApp((s) => s.results);
  const filters = useApp((s) => s.filters);
  return useMemo(
    () =>
      Object.entries(results)
        .filter(([, slots]) => slots.length > 0)
        .map(([ods, slots]) => ({ ods, slots: filterSlots(slots, filters) })),
    [results, filters],
  );
}
