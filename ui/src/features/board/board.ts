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

/** One practice's rows: one per location with slots, or one for the practice. */
function practiceRows(
  ods: string,
  name: string,
  status: BoardPracticeStatus,
  slots: readonly BookableSlot[],
  timeframe: Timeframe | null,
  preferredLocation: string | null | undefined,
  patient: PatientHere,
): BoardRow[] {
  const byLocation = new Map<string, BookableSlot[]>();
  for (const slot of slots) {
    const list = byLocation.get(slot.location.id);
    if (list) list.push(slot);
    else byLocation.set(slot.location.id, [slot]);
  }
  if (byLocation.size === 0) {
    return [
      {
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
      },
    ];
  }
  const rows: BoardRow[] = [];
  for (const [locationId, list] of byLocation) {
    let count = 0;
    let outside = 0;
    let earliest: BookableSlot | null = null;
    let firstOutside: BookableSlot | null = null;
    const channels = new Map<string, BookableSlot>();
    for (const slot of list) {
      if (outsideTimeframe(slot.start, timeframe)) {
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
      preferred: preferredLocation === locationId,
      patient,
    });
  }
  return rows;
}

const DEFAULT_STATUS: BoardPracticeStatus = {
  state: "queued",
  error: null,
  missing: [],
  serviceFiltering: null,
  pastSlots: 0,
};

/**
 * A `boardRows` that keeps each practice's rows (the very objects) while nothing of that
 * practice changed: as fifty practices answer one by one, only the answering one's rows are
 * worked out again, and a screen can skip redrawing the others.
 */
export function boardRowsKeeper(): (input: BoardInput) => BoardRow[] {
  type Kept = {
    slots: readonly BookableSlot[];
    status: BoardPracticeStatus;
    name: string;
    timeframe: Timeframe | null;
    preferred: string | null | undefined;
    patient: PatientHere;
    rows: BoardRow[];
  };
  let kept = new Map<string, Kept>();
  return (input) => {
    const next = new Map<string, Kept>();
    const perPractice = input.practices.map(({ ods, name }) => {
      const status = input.statuses[ods] ?? DEFAULT_STATUS;
      const slots = input.slots[ods] ?? NO_SLOTS;
      const preferred = input.preferred[ods];
      const patient = input.patient[ods] ?? "unknown";
      const old = kept.get(ods);
      const same =
        old !== undefined &&
        old.slots === slots &&
        old.status === status &&
        old.name === name &&
        old.timeframe === input.timeframe &&
        old.preferred === preferred &&
        old.patient === patient;
      const rows = same
        ? old.rows
        : practiceRows(ods, name, status, slots, input.timeframe, preferred, patient);
      next.set(ods, { slots, status, name, timeframe: input.timeframe, preferred, patient, rows });
      return rows;
    });
    kept = next;
    return sortRows(perPractice.flat(), input.practices);
  };
}

const NO_SLOTS: readonly BookableSlot[] = [];

function sortRows(rows: BoardRow[], practices: BoardInput["practices"]): BoardRow[] {
  const order = new Map(practices.map((p, i) => [p.ods, i]));
  return rows.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      at(a.earliest ?? a.firstOutside) - at(b.earliest ?? b.firstOutside) ||
      Number(b.preferred) - Number(a.preferred) ||
      (order.get(a.ods) ?? 0) - (order.get(b.ods) ?? 0) ||
      (a.location?.name ?? "").localeCompare(b.location?.name ?? "", "en-GB"),
  );
}

/** One row per practice and location, sorted by earliest (see the module documentation). */
export function boardRows(input: BoardInput): BoardRow[] {
  return boardRowsKeeper()(input);
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
  return availabilityKeeper()(practices, slots, days);
}

function countByDay(
  ods: string,
  name: string,
  slots: readonly BookableSlot[],
  index: ReadonlyMap<string, number>,
): AvailabilityRow {
  const counts: number[] = new Array<number>(index.size).fill(0);
  let total = 0;
  for (const slot of slots) {
    const i = index.get(ukDate(slot.start));
    if (i === undefined) continue;
    counts[i] = (counts[i] ?? 0) + 1;
    total += 1;
  }
  return { ods, name, counts, total };
}

const NO_SLOT_LIST: readonly BookableSlot[] = [];

/**
 * [`availability`] that keeps what it worked out: a practice whose slot list (the same array),
 * name and days did not change keeps its row (the same object), so only the practices that
 * answered since are counted (and redrawn).
 */
export function availabilityKeeper(): typeof availability {
  let lastDays: readonly string[] | null = null;
  let index = new Map<string, number>();
  let kept = new Map<string, { slots: readonly BookableSlot[]; row: AvailabilityRow }>();
  return (practices, slots, days) => {
    if (days !== lastDays) {
      lastDays = days;
      index = new Map(days.map((d, i) => [d, i]));
      kept = new Map();
    }
    const next = new Map<string, { slots: readonly BookableSlot[]; row: AvailabilityRow }>();
    const rows = practices.map(({ ods, name }) => {
      const list = slots[ods] ?? NO_SLOT_LIST;
      const old = kept.get(ods);
      const row =
        old && old.slots === list && old.row.name === name
          ? old.row
          : countByDay(ods, name, list, index);
      next.set(ods, { slots: list, row });
      return row;
    });
    kept = next;
    return rows;
  };
}
