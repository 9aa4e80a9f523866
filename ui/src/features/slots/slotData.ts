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
import { filterSlots, locationKey, type Filters } from "./filters";
import type { Focus } from "./state";

export { roleOf } from "./filters";

/**
 * Every practice's slots in one start order (ties by practice), merging the practices' lists,
 * which arrive each in start order: a heap of one cursor per practice, so twenty thousand slots
 * cost a few comparisons each rather than a full sort. A list out of order is sorted first.
 */
export function mergeByStart(lists: ReadonlyArray<readonly BookableSlot[]>): BookableSlot[] {
  const sorted = lists
    .filter((list) => list.length > 0)
    .map((list) => {
      for (let i = 1; i < list.length; i++) {
        if (epochMs(list[i]!.start) < epochMs(list[i - 1]!.start)) {
          return [...list].sort((a, b) => epochMs(a.start) - epochMs(b.start));
        }
      }
      return list;
    });
  type Cursor = { list: readonly BookableSlot[]; i: number; at: number; ods: string };
  const before = (a: Cursor, b: Cursor) => a.at < b.at || (a.at === b.at && a.ods < b.ods);
  const heap: Cursor[] = [];
  const push = (c: Cursor) => {
    heap.push(c);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const siftDown = () => {
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  let total = 0;
  for (const list of sorted) {
    total += list.length;
    push({ list, i: 0, at: epochMs(list[0]!.start), ods: list[0]!.practiceOdsCode });
  }
  const out: BookableSlot[] = new Array<BookableSlot>(total);
  for (let n = 0; n < total; n++) {
    const top = heap[0]!;
    out[n] = top.list[top.i]!;
    top.i += 1;
    if (top.i < top.list.length) {
      top.at = epochMs(top.list[top.i]!.start);
      siftDown();
    } else {
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        siftDown();
      }
    }
  }
  return out;
}

/** Every slot found, in start order (recomputed only when a practice's results change). */
export function useAllSlots(): BookableSlot[] {
  const results = useApp((s) => s.results);
  return useMemo(() => mergeByStart(Object.values(results)), [results]);
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

/**
 * Filtered lists already worked out, by filters (the same object) and practice list (the same
 * array): a practice whose slots did not change keeps its filtered list (the same array), so
 * nothing drawn from it is worked out or drawn again while other practices answer.
 */
const filteredLists = new WeakMap<object, WeakMap<readonly BookableSlot[], BookableSlot[]>>();

function filteredList(slots: readonly BookableSlot[], filters: Filters): BookableSlot[] {
  let byList = filteredLists.get(filters);
  if (!byList) {
    byList = new WeakMap();
    filteredLists.set(filters, byList);
  }
  let shown = byList.get(slots);
  if (!shown) {
    shown = filterSlots(slots, filters);
    byList.set(slots, shown);
  }
  return shown;
}

/** The shown slots (filters applied) per practice, each in start order. */
export function useVisibleByPractice(): Record<string, BookableSlot[]> {
  const results = useApp((s) => s.results);
  const filters = useApp((s) => s.filters);
  return useMemo(() => {
    const out: Record<string, BookableSlot[]> = {};
    for (const [ods, slots] of Object.entries(results)) out[ods] = filteredList(slots, filters);
    return out;
  }, [results, filters]);
}

/** The shown slots per practice with the focus applied (only the focused practice, if any). */
export function useFocusedByPractice(): Record<string, BookableSlot[]> {
  const byPractice = useVisibleByPractice();
  const focus = useApp((s) => s.focus);
  return useMemo(() => {
    if (!focus) return byPractice;
    return { [focus.ods]: applyFocus(byPractice[focus.ods] ?? [], focus) };
  }, [byPractice, focus]);
}

/**
 * The shown slots (filters and focus applied) in one list, in start order, worked out only
 * when `needed` (the list view): the board and the day view read them per practice.
 */
export function useFocusedSlots(needed: boolean): BookableSlot[] {
  const byPractice = useFocusedByPractice();
  return useMemo(
    () => (needed ? mergeByStart(Object.values(byPractice)) : []),
    [needed, byPractice],
  );
}

/** How many slots were found, and how many the filters (and focus, with `focused`) show. */
export function useSlotCounts(focused: boolean): { all: number; shown: number } {
  const results = useApp((s) => s.results);
  const visible = useVisibleByPractice();
  const focusedByPractice = useFocusedByPractice();
  return useMemo(() => {
    const count = (lists: Record<string, BookableSlot[]>) =>
      Object.values(lists).reduce((n, l) => n + l.length, 0);
    return { all: count(results), shown: count(focused ? focusedByPractice : visible) };
  }, [results, visible, focusedByPractice, focused]);
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

/** Each location's label ("Branch Surgery (Dr Legg's Surgery)") by `locationKey`. */
export function locationLabels(slots: readonly BookableSlot[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const slot of slots) {
    const key = locationKey(slot);
    if (labels.has(key)) continue;
    const name = slot.location.name ?? `Location ${slot.location.id}`;
    labels.set(key, name === slot.practiceName ? name : `${name} (${slot.practiceName})`);
  }
  return labels;
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
