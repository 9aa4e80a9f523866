/**
 * Free slots made up from a practice's schedules: every session cut into equal slots on the
 * schedule's weekdays, UK local time with the day's offset, ids stable across runs.
 */
import { DateTime } from "luxon";
import type { BookableSlot } from "../../src/ipc/bindings/BookableSlot";
import type { OrganisationType } from "../../src/ipc/bindings/OrganisationType";
import { UK_ZONE } from "../../src/lib/ukTime";
import type { Practice } from "./practices";

/** A small deterministic hash, so the same slots are "taken" every run. */
export function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** `yyyy-mm-ddThh:mm:ss±hh:mm`, as providers send times. */
export function iso(dt: DateTime): string {
  return dt.toISO({ suppressMilliseconds: true }) ?? "";
}

/** The UK date `days` after `date` (both `yyyy-mm-dd`). */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: UK_ZONE }).plus({ days }).toISODate() ?? date;
}

/**
 * Every slot (free or not) of `practice` on the UK dates `from`..`to`, `minutes` long.
 * `orgType` is the organisation type the search sent (repeated on each slot).
 */
export function generateSlots(
  practice: Practice,
  from: string,
  to: string,
  minutes: number,
  orgType: OrganisationType | null,
): BookableSlot[] {
  const slots: BookableSlot[] = [];
  let day = DateTime.fromISO(from, { zone: UK_ZONE }).startOf("day");
  const last = DateTime.fromISO(to, { zone: UK_ZONE }).startOf("day");
  while (day <= last) {
    for (const schedule of practice.schedules) {
      if (!schedule.weekdays.includes(day.weekday)) continue;
      const location = practice.locations[schedule.locationId];
      for (const [startMinute, endMinute] of schedule.sessions) {
        for (let m = startMinute; m + minutes <= endMinute; m += minutes) {
          const start = day.set({ hour: Math.floor(m / 60), minute: m % 60 });
          const end = start.plus({ minutes });
          const slotId = `${schedule.id}${day.toFormat("yyMMdd")}${String(m).padStart(4, "0")}`;
          slots.push({
            practiceOdsCode: practice.odsCode,
            practiceName: practice.name,
            slotId,
            scheduleId: schedule.id,
            start: iso(start),
            end: iso(end),
            durationMinutes: minutes,
            deliveryChannel: schedule.deliveryChannel,
            slotType: schedule.slotType,
            scheduleType: schedule.scheduleType,
            location: {
              id: schedule.locationId,
              name: location?.name ?? null,
              address: location?.address ?? [],
              phone: location?.phone ?? null,
            },
            practitioner: schedule.practitioner,
            practitionerRole: schedule.role
              ? {
                  system: "https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1",
                  ...schedule.role,
                }
              : null,
            organisation: { odsCode: practice.odsCode, name: practice.name },
            healthcareService: null,
            searchedOrgType: orgType,
          });
        }
      }
    }
    day = day.plus({ days: 1 });
  }
  return slots;
}
