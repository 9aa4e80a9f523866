/**
 * Free slots as CSV, with the columns of `gpc slots --csv` (the shared cases in
 * `tests/vectors/slot-csv.json` keep the two equal): practice, slot id, UK date, start, end,
 * duration, delivery channel, slot type, schedule type, location, address, practitioner,
 * gender, role. Quoting and formula protection as `lib/csv`.
 */
import type { BookableSlot } from "../ipc/bindings/BookableSlot";
import { toCsv } from "./csv";
import { formatUkTime, ukDate } from "./ukTime";

export const SLOT_CSV_COLUMNS = [
  "practice",
  "slot id",
  "date",
  "start",
  "end",
  "duration",
  "delivery channel",
  "slot type",
  "schedule type",
  "location",
  "address",
  "practitioner",
  "gender",
  "role",
] as const;

/** One slot's cells, in the order of `SLOT_CSV_COLUMNS`. */
export function slotCsvRow(slot: BookableSlot): string[] {
  return [
    slot.practiceOdsCode,
    slot.slotId,
    ukDate(slot.start),
    formatUkTime(slot.start),
    formatUkTime(slot.end),
    String(slot.durationMinutes),
    slot.deliveryChannel ?? "",
    slot.slotType ?? "",
    slot.scheduleType ?? "",
    slot.location.name ?? `Location/${slot.location.id}`,
    slot.location.address.join(", "),
    slot.practitioner?.name ?? "",
    slot.practitioner?.gender ?? "",
    slot.practitionerRole?.display ?? slot.practitionerRole?.code ?? "",
  ];
}

/** The slots as CSV text with a header row. */
export function slotsCsv(slots: readonly BookableSlot[]): string {
  return toCsv([[...SLOT_CSV_COLUMNS], ...slots.map(slotCsvRow)]);
}
