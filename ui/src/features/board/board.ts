/**
 * The earliest-available board (NHS 111 ABUS.02): one row per practice and location with its
 * search status, its count of free slots, its earliest slot and the earliest slot of each
 * delivery channel, within the disposition timeframe when one is set; sorted by earliest.
 * Plus the availability strip: slots per UK day per practice over the range searched.
 *
 * Pure functions over the slots that came back (filters already applied), so they are
 * tested on their own and recomputed only when the results change.
 */
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import type { MissingWindow } from "../../ipc/bindings/MissingWindow";
import type { ServiceFiltering } from "../../ipc/bindings/ServiceFiltering";
import type { CommandError } from "../../ipc/bindings/CommandError";
import { addDays } from "../../lib/dateWindows";
import { outsideTimeframe, type Timeframe } from "../../lib/timeframe";
import { epochMs, ukDate } from "../../lib/ukTime";

export type PracticeSearchState = "queued" | "searching" | "done" | "empty" | "failed" | "timeout";

/** A practice's progress in the search, as the board needs it. */
export type BoardPracticeStatus = {
  state: PracticeSearchState;
  error: CommandError | null;
  missing: MissingWindow[];
  serviceFiltering: ServiceFiltering | null;
  pastSlots: number;
};

/** Whether the patient was found at a practice. */
export type PatientHere = "checking" | "found" | "notFound" | "failed" | "unknown";

export type ChannelEarliest = { channel: string; slot: BookableSlot };

export type BoardRow = {
  /** `ODS` for a practice without slots, `ODS/location id` for a location. */
  key: string;
  ods: string;
  practiceName: string;
  /** The location, when the practice has slots there. */
  location: { id: string; name: string | null } | null;
  status: BoardPracticeStatus;
  /** Free slots (within the timeframe, when one is set). */
  count: number;
  /** Free slots after the timeframe (0 without one). */
  outside: number;
  /** The earliest free slot within the timeframe (or at all, without one). */
  earliest: BookableSlot | null;
  /** Without a slot within the timeframe: the first one after it. */
  firstOutside: BookableSlot | null;
  /** The earliest slot of each delivery channel (within the timeframe when one is set). */
  byChannel: ChannelEarliest[];
  /** The patient's preferred branch surgery is this location. */
  preferred: boolean;
  patient: PatientHere;
};

export type BoardInput = {
  /** The practices searched, in the order asked. */
  practices: ReadonlyArray<{ ods: string; name: string }>;
  statuses: Readonly<Record<string, BoardPracticeStatus | undefined>>;
  /** The slots shown (filters applied) per practice, each in start order. */
  slots: Readonly<Record<string, readonly BookableSlot[] | undefined>>;
  timeframe: Timeframe | null;
  /** The patient's preferred branch surgery (Location id) at each practice, when known. */
  preferred: Readonly<Record<string, string | null | undefined>>;
  patient: Readonly<Record<string, PatientHere | undefined>>;
};

const CHANNEL_ORDER = ["In-person", "Telephone", "Video"];

function channelRank(channel: string): number {
  const i = CHANNEL_ORDER.indexOf(channel);
  return i < 0 ? CHANNEL_ORDER.length : i;
}

/** How a row sorts: slots within the timeframe first (earliest first), then rows with slots
 * only after it, then practices still searching, then those with none, then failures. */
function rank(row: BoardRow): number {
  if (row.earliest) return 0;
  if (row.firstOutside) return 1;
  switch (row.status.state) {
    case "queued":
    case "searching":
      return 2;
    case "done":
    case "empty":
      return 3;
    case "failed":
    case "timeout":
      return 4;
  }
}

function at(slot: BookableSlot | null): number {
  return slot ? epochMs(slot.start) : Number.POSITIVE_INFINITY;
}

/** One row per practice and location, sorted by earliest (see the module documentation). */
export function boardRows(input: BoardInput): BoardRow[] {
  const rows: BoardRow[] = [];
  for (const { ods, name } of input.practices) {
    const status: BoardPracticeStatus = input.statuses[ods] ?? {
      state: "queued",
      error: null,
      missing: [],
      serviceFiltering: null,
      pastSlots: 0,
    };
    const patient = input.patient[ods] ?? "unknown";
    const slots = input.slots[ods] ?? [];
    const byLocation = new Map<string, BookableSlot[]>();
    for (const slot of slots) {
      const list = byLocation.get(slot.location.id);
      if (list) list.push(slot);
      else byLocation.set(slot.location.id, [slot]);
    }
    if (byLocation.size === 0) {
      rows.push({
        key: ods,
        ods,
        practiceName: name,
        location: null,
        status,
        count: 0,
        outside: 0,
        earliest: null,
        firstOutside: null,
        byChannel: [],
        preferred: false,
        patient,
      });
      continue;
    }
    for (const [locationId, list] of byLocation) {
      let count = 0;
      let outside = 0;
      let earliest: BookableSlot | null = null;
      let firstOutside: BookableSlot | null = null;
      const channels = new Map<string, BookableSlot>();
      for (const slot of list) {
        if (outsideTimeframe(slot.start, input.timeframe)) {
          outside += 1;
          if (at(slot) < at(firstOutside)) firstOutside = slot;
          continue;
        }
        count += 1;
        if (at(slot) < at(earliest)) earliest = slot;
        const channel = slot.deliveryChannel ?? "Not given";
        const known = channels.get(channel);
        if (!known || at(slot) < at(known)) channels.set(channel, slot);
      }
      rows.push({
        key: `${ods}/${locationId}`,
        ods,
        practiceName: name,
        location: { id: locationId, name: list[0]?.location.name ?? null },
        status,
        count,
        outside,
        earliest,
        firstOutside: earliest ? null : firstOutside,
        byChannel: [...channels.entries()]
          .map(([channel, slot]) => ({ channel, slot }))
          .sort((a, b) => channelRank(a.channel) - channelRank(b.channel)),
        preferred: input.preferred[ods] === locationId,
        patient,
      });
    }
  }
  const order = new Map(input.practices.map((p, i) => [p.ods, i]));
  return rows.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      at(a.earliest ?? a.firstOutside) - at(b.earliest ?? b.firstOutside) ||
      Number(b.preferred) - Number(a.preferred) ||
      (order.get(a.ods) ?? 0) - (order.get(b.ods) ?? 0) ||
      (a.location?.name ?? "").localeCompare(b.location?.name ?? "", "en-GB"),
  );
}

/** The UK days from `from` to `to` inclusive (`yyyy-mm-dd`), at most 366. */
export function daysOf(window: { from: string; to: string }): string[] {
  const days: string[] = [];
  for (let day = window.from; day <= window.to && days.length < 366; day = addDays(day, 1)) {
    days.push(day);
  }
  return days;
}

export type AvailabilityRow = { ods: string; name: string; counts: number[]; total: number };

/** Free slots per UK day per practice (filters applied), for the availability strip. */
export function availability(
  practices: ReadonlyArray<{ ods: string; name: string }>,
  slots: Readonly<Record<string, readonly BookableSlot[] | undefined>>,
  days: readonly string[],
): AvailabilityRow[] {
  const index = new Map(days.map((d, i) => [d, i]));
  return practices.map(({ ods, name }) => {
    const counts = days.map(() => 0);
    let total = 0;
    for (const slot of slots[ods] ?? []) {
      const i = index.get(ukDate(slot.start));
      if (i === undefined) continue;
      counts[i] = (counts[i] ?? 0) + 1;
      total += 1;
    }
    return { ods, name, counts, total };
  });
}
