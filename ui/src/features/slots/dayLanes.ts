/**
 * The day view's layout, as pure functions: which UK days have slots (for paging), a day's
 * slots in lanes (one per practice, or one per clinician when a single practice is shown, the
 * patient's preferred surgery first) and the hours the day spans.
 */
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import { epochMs, ukDate, ukMinutesOfDay } from "../../lib/ukTime";

/** UK days with slots, in order, with how many each has. */
export function daysWithSlots(
  slots: readonly BookableSlot[],
): Array<{ day: string; count: number }> {
  const counts = new Map<string, number>();
  for (const slot of slots) {
    const day = ukDate(slot.start);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, count]) => ({ day, count }));
}

export type Lane = {
  key: string;
  /** Practice name, or the clinician (or clinic) when lanes are per clinician. */
  title: string;
  /** The location, or the practice and location for a clinician's lane. */
  subtitle: string;
  ods: string;
  preferred: boolean;
  slots: BookableSlot[];
};

/** True when the slots come from one practice only (lanes are then per clinician). */
export function onePractice(slots: readonly BookableSlot[]): boolean {
  const first = slots[0]?.practiceOdsCode;
  return first !== undefined && slots.every((s) => s.practiceOdsCode === first);
}

/**
 * A day's slots in lanes, each in start order: per practice, or per clinician (a Schedule's
 * practitioner, or its clinic when it names none) when `byClinician`. Lanes at the patient's
 * preferred surgery come first, then the order of `practiceOrder`, then by title.
 */
export function lanesFor(
  slots: readonly BookableSlot[],
  options: {
    byClinician: boolean;
    preferred: Readonly<Record<string, string | null | undefined>>;
    practiceOrder: ReadonlyMap<string, number>;
  },
): Lane[] {
  const lanes = new Map<string, Lane>();
  for (const slot of slots) {
    const preferred = options.preferred[slot.practiceOdsCode] === slot.location.id;
    const location = slot.location.name ?? `Location ${slot.location.id}`;
    const clinician =
      slot.practitioner?.name ?? slot.scheduleType ?? slot.practitionerRole?.display ?? "Clinic";
    const key = options.byClinician
      ? `${slot.practiceOdsCode}/${slot.location.id}/${slot.practitioner?.id ?? `schedule-${slot.scheduleId}`}`
      : slot.practiceOdsCode;
    let lane = lanes.get(key);
    if (!lane) {
      lane = {
        key,
        title: options.byClinician ? clinician : slot.practiceName,
        subtitle: options.byClinician ? location : location === slot.practiceName ? "" : location,
        ods: slot.practiceOdsCode,
        preferred: options.byClinician && preferred,
        slots: [],
      };
      lanes.set(key, lane);
    } else if (!options.byClinician && lane.subtitle !== location && lane.subtitle !== "") {
      lane.subtitle = "Several surgeries";
    }
    lane.slots.push(slot);
  }
  const order = (ods: string) => options.practiceOrder.get(ods) ?? Number.MAX_SAFE_INTEGER;
  return [...lanes.values()]
    .map((lane) => ({
      ...lane,
      slots: [...lane.slots].sort((a, b) => epochMs(a.start) - epochMs(b.start)),
    }))
    .sort(
      (a, b) =>
        Number(b.preferred) - Number(a.preferred) ||
        order(a.ods) - order(b.ods) ||
        a.title.localeCompare(b.title, "en-GB"),
    );
}

/** The whole hours a day's slots span: from the first start's hour to the last start's. */
export function hoursSpanned(slots: readonly BookableSlot[]): number[] {
  if (slots.length === 0) return [];
  let first = 24;
  let last = 0;
  for (const slot of slots) {
    const hour = Math.floor(ukMinutesOfDay(slot.start) / 60);
    first = Math.min(first, hour);
    last = Math.max(last, hour);
  }
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** The hour (UK) a slot starts in. */
export function hourOf(slot: BookableSlot): number {
  return Math.floor(ukMinutesOfDay(slot.start) / 60);
}
