/**
 * Derived slot data, memoised on what it depends on: every slot found in time order, the
 * filters applied (per practice and in all), the focus (one practice or location chosen on the
 * board), what the patient lookups say per practice (found, preferred branch surgery), and the
 * practices' names and colours.
 */
import { useMemo } from "react";
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import { epochMs } from "../../lib/ukTime";
import { useApp } from "../../state/store";
import type { PatientHere } from "../board/board";
import { filterSlots, locationKey } from "./filters";
import type { Focus } from "./state";

export { roleOf } from "./filters";

function byStart(slots: BookableSlot[]): BookableSlot[] {
  const keyed = slots.map((slot) => ({ slot, at: epochMs(slot.start) }));
  keyed.sort((a, b) => a.at - b.at || a.slot.practiceOdsCode.localeCompare(b.slot.practiceOdsCode));
  return keyed.map((k) => k.slot);
}

/** Every slot found, in start order (recomputed only when a practice's results change). */
export function useAllSlots(): BookableSlot[] {
  const results = useApp((s) => s.results);
  return useMemo(() => byStart(Object.values(results).flat()), [results]);
}

/** The slots shown: all slots with the filters applied. */
export function useVisibleSlots(): BookableSlot[] {
  const all = useAllSlots();
  const filters = useApp((s) => s.filters);
  return useMemo(() => filterSlots(all, filters), [all, filters]);
}

/** `slots` narrowed to the focus (a practice, or one of its locations). */
export function applyFocus(slots: BookableSlot[], focus: Focus | null): BookableSlot[] {
  if (!focus) return slots;
  return slots.filter(
    (s) =>
      s.practiceOdsCode === focus.ods &&
      (focus.location === null || s.location.id === focus.location),
  );
}

/** The slots the day view and the list show: filters and focus applied. */
export function useFocusedSlots(): BookableSlot[] {
  const visible = useVisibleSlots();
  const focus = useApp((s) => s.focus);
  return useMemo(() => applyFocus(visible, focus), [visible, focus]);
}

/** The shown slots (filters applied) per practice, each in start order. */
export function useVisibleByPractice(): Record<string, BookableSlot[]> {
  const results = useApp((s) => s.results);
  const filters = useApp((s) => s.filters);
  return useMemo(() => {
    const out: Record<string, BookableSlot[]> = {};
    for (const [ods, slots] of Object.entries(results)) out[ods] = filterSlots(slots, filters);
    return out;
  }, [results, filters]);
}

/** Index of each practice in the practices list (for its colour). */
export function usePracticeIndex(): Map<string, number> {
  const practices = useApp((s) => s.status?.practices);
  return useMemo(() => new Map((practices ?? []).map((p, i) => [p.odsCode, i])), [practices]);
}

/** Each configured practice's name by ODS code. */
export function usePracticeNames(): Map<string, string> {
  const practices = useApp((s) => s.status?.practices);
  return useMemo(() => new Map((practices ?? []).map((p) => [p.odsCode, p.name])), [practices]);
}

/** Each location's label ("Branch Surgery, Dr Legg's Surgery") by `locationKey`. */
export function useLocationLabels(): Map<string, string> {
  const all = useAllSlots();
  return useMemo(() => {
    const labels = new Map<string, string>();
    for (const slot of all) {
      const key = locationKey(slot);
      if (labels.has(key)) continue;
      const name = slot.location.name ?? `Location ${slot.location.id}`;
      labels.set(key, name === slot.practiceName ? name : `${name} (${slot.practiceName})`);
    }
    return labels;
  }, [all]);
}

/**
 * What the lookups for the NHS number now entered say at each practice: found, no record,
 * failed, or still checking. A lookup for another NHS number never counts.
 */
export function usePatientHere(): Record<string, PatientHere> {
  const lookups = useApp((s) => s.lookups);
  const nhs = useApp((s) => s.patient.nhsNumber.replace(/\D/g, ""));
  return useMemo(() => {
    const out: Record<string, PatientHere> = {};
    for (const [ods, lookup] of Object.entries(lookups)) {
      if (lookup.nhsNumber !== nhs) continue;
      out[ods] =
        lookup.status === "loading"
          ? "checking"
          : lookup.status === "failed"
            ? "failed"
            : lookup.result?.record
              ? "found"
              : "notFound";
    }
    return out;
  }, [lookups, nhs]);
}

/** The patient's preferred branch surgery (Location id) at each practice where found. */
export function usePreferredLocations(): Record<string, string | null> {
  const lookups = useApp((s) => s.lookups);
  const nhs = useApp((s) => s.patient.nhsNumber.replace(/\D/g, ""));
  return useMemo(() => {
    const out: Record<string, string | null> = {};
    for (const [ods, lookup] of Object.entries(lookups)) {
      if (lookup.nhsNumber !== nhs) continue;
      out[ods] = lookup.result?.record?.preferredBranchSurgery ?? null;
    }
    return out;
  }, [lookups, nhs]);
}

/**
 * `slots` with the patient's preferred branch surgery first at each practice, start order
 * otherwise (stable: slots of other practices keep their places relative to each other).
 */
export function preferredFirst(
  slots: BookableSlot[],
  preferred: Record<string, string | null>,
): BookableSlot[] {
  if (!Object.values(preferred).some(Boolean)) return slots;
  const isPreferred = (s: BookableSlot) => preferred[s.practiceOdsCode] === s.location.id;
  return [...slots.filter(isPreferred), ...slots.filter((s) => !isPreferred(s))];
}
