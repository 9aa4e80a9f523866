/**
 * The filters on the slots found: pure functions, applied without searching again.
 *
 * Each dimension is a set of chosen values; an empty set means "any". A slot matches when it
 * matches every dimension. Values come from what the practices sent back (the practitioner
 * role list is open in GP Connect 1.2.9, so nothing here is a fixed list), except time of day
 * and weekday. Counts are faceted: a value's count is how many slots would show if it were
 * chosen, given every *other* dimension's choice, so counts never read zero merely because
 * another value of the same dimension is chosen.
 */
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import { ukMinutesOfDay, ukWeekday } from "../../lib/ukTime";

export type TimeOfDay = "morning" | "afternoon" | "evening";

export type Filters = {
  practice: string[];
  location: string[];
  deliveryChannel: string[];
  slotType: string[];
  scheduleType: string[];
  role: string[];
  practitioner: string[];
  timeOfDay: TimeOfDay[];
  /** ISO weekday numbers as strings, "1" (Monday) to "7" (Sunday). */
  weekday: string[];
};

export type FilterKey = keyof Filters;

export const FILTER_KEYS: readonly FilterKey[] = [
  "practice",
  "location",
  "deliveryChannel",
  "slotType",
  "scheduleType",
  "role",
  "practitioner",
  "timeOfDay",
  "weekday",
];

export const NO_FILTERS: Filters = {
  practice: [],
  location: [],
  deliveryChannel: [],
  slotType: [],
  scheduleType: [],
  role: [],
  practitioner: [],
  timeOfDay: [],
  weekday: [],
};

export const TIMES_OF_DAY: ReadonlyArray<{ value: TimeOfDay; label: string }> = [
  { value: "morning", label: "Morning (before 12:00)" },
  { value: "afternoon", label: "Afternoon (12:00 to 17:00)" },
  { value: "evening", label: "Evening (from 17:00)" },
];

export const WEEKDAYS: ReadonlyArray<{ value: string; label: string }> = [
  { value: "1", label: "Monday" },
  { value: "2", label: "Tuesday" },
  { value: "3", label: "Wednesday" },
  { value: "4", label: "Thursday" },
  { value: "5", label: "Friday" },
  { value: "6", label: "Saturday" },
  { value: "7", label: "Sunday" },
];

/** The practitioner role shown for a slot: its display, else its code. */
export function roleOf(slot: BookableSlot): string {
  return slot.practitionerRole?.display ?? slot.practitionerRole?.code ?? "";
}

/** Morning before 12:00, afternoon 12:00 to 17:00, evening from 17:00 (UK time). */
export function timeOfDayOf(slot: BookableSlot): TimeOfDay {
  const minutes = ukMinutesOfDay(slot.start);
  if (minutes < 12 * 60) return "morning";
  if (minutes < 17 * 60) return "afternoon";
  return "evening";
}

/** The location a slot is at, as one value: "ODS/location id" (names repeat across practices). */
export function locationKey(slot: BookableSlot): string {
  return `${slot.practiceOdsCode}/${slot.location.id}`;
}

/** What each dimension reads from a slot ("" when the slot has nothing there). */
export const VALUE_OF: Record<FilterKey, (slot: BookableSlot) => string> = {
  practice: (s) => s.practiceOdsCode,
  location: locationKey,
  deliveryChannel: (s) => s.deliveryChannel ?? "",
  slotType: (s) => s.slotType ?? "",
  scheduleType: (s) => s.scheduleType ?? "",
  role: roleOf,
  practitioner: (s) => s.practitioner?.name ?? "",
  timeOfDay: timeOfDayOf,
  weekday: (s) => String(ukWeekday(s.start)),
};

function activeKeys(filters: Filters): FilterKey[] {
  return FILTER_KEYS.filter((k) => filters[k].length > 0);
}

function matchesKeys(
  slot: BookableSlot,
  filters: Filters,
  keys: readonly FilterKey[],
  skip?: FilterKey,
): boolean {
  for (const key of keys) {
    if (key === skip) continue;
    const chosen = filters[key] as readonly string[];
    if (!chosen.includes(VALUE_OF[key](slot))) return false;
  }
  return true;
}

/** True when `slot` matches every chosen filter. */
export function matchesFilters(slot: BookableSlot, filters: Filters): boolean {
  return matchesKeys(slot, filters, activeKeys(filters));
}

/** The slots matching every chosen filter (the same array when no filter is on). */
export function filterSlots(slots: readonly BookableSlot[], filters: Filters): BookableSlot[] {
  const keys = activeKeys(filters);
  if (keys.length === 0) return slots as BookableSlot[];
  return slots.filter((slot) => matchesKeys(slot, filters, keys));
}

/** True when any filter is chosen. */
export function anyFilter(filters: Filters): boolean {
  return activeKeys(filters).length > 0;
}

export type FilterChoice = { value: string; label: string; count: number };

/**
 * For each dimension, the values present in `slots` (and any chosen value no longer present,
 * with count 0, so a choice never silently disappears), each with its faceted count.
 * `labels` names values that are codes (practices by ODS code, locations by key).
 */
export function facetChoices(
  slots: readonly BookableSlot[],
  filters: Filters,
  labels: { practice?: Map<string, string>; location?: Map<string, string> } = {},
): Record<FilterKey, FilterChoice[]> {
  const keys = activeKeys(filters);
  const counts = {} as Record<FilterKey, Map<string, number>>;
  for (const key of FILTER_KEYS) counts[key] = new Map();
  for (const slot of slots) {
    // Which dimensions this slot fails: counted for a dimension only if it passes all others.
    let failed: FilterKey | null = null;
    let failures = 0;
    for (const key of keys) {
      if (!(filters[key] as readonly string[]).includes(VALUE_OF[key](slot))) {
        failed = key;
        failures += 1;
        if (failures > 1) break;
      }
    }
    if (failures > 1) continue;
    for (const key of FILTER_KEYS) {
      if (failures === 1 && failed !== key) continue;
      const value = VALUE_OF[key](slot);
      if (value === "") continue;
      const map = counts[key];
      map.set(value, (map.get(value) ?? 0) + 1);
    }
  }
  const out = {} as Record<FilterKey, FilterChoice[]>;
  for (const key of FILTER_KEYS) {
    const map = counts[key];
    for (const chosen of filters[key] as readonly string[]) {
      if (!map.has(chosen)) map.set(chosen, 0);
    }
    const label = (value: string): string => {
      if (key === "timeOfDay") return TIMES_OF_DAY.find((t) => t.value === value)?.label ?? value;
      if (key === "weekday") return WEEKDAYS.find((d) => d.value === value)?.label ?? value;
      if (key === "practice") return labels.practice?.get(value) ?? value;
      if (key === "location") return labels.location?.get(value) ?? value;
      return value;
    };
    const choices = [...map.entries()].map(([value, count]) => ({
      value,
      label: label(value),
      count,
    }));
    if (key === "timeOfDay" || key === "weekday") {
      const order = (key === "timeOfDay" ? TIMES_OF_DAY : WEEKDAYS).map((c) => c.value);
      choices.sort((a, b) => order.indexOf(a.value) - order.indexOf(b.value));
    } else {
      choices.sort((a, b) => a.label.localeCompare(b.label, "en-GB"));
    }
    out[key] = choices;
  }
  return out;
}

/** `filters` with `value` of `key` chosen (`on`) or not. */
export function toggleFilter(
  filters: Filters,
  key: FilterKey,
  value: string,
  on: boolean,
): Filters {
  const current = filters[key] as readonly string[];
  const next = on
    ? current.includes(value)
      ? current
      : [...current, value]
    : current.filter((v) => v !== value);
  return { ...filters, [key]: next };
}

/** Reads stored filters, keeping only known dimensions with string values (never throws). */
export function parseFilters(stored: unknown): Filters {
  const out: Filters = { ...NO_FILTERS };
  if (typeof stored !== "object" || stored === null) return out;
  const record = stored as Record<string, unknown>;
  for (const key of FILTER_KEYS) {
    const value = record[key];
    if (Array.isArray(value)) {
      const strings = value.filter((v): v is string => typeof v === "string");
      (out as Record<FilterKey, string[]>)[key] =
        key === "timeOfDay"
          ? strings.filter((v) => TIMES_OF_DAY.some((t) => t.value === v))
          : strings;
    }
  }
  return out;
}
