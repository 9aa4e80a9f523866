/**
 * Date windows for searches, as UK calendar dates `yyyy-mm-dd` (inclusive). Arithmetic is on
 * calendar days, never on 24-hour periods, so windows across the clock changes (last Sunday
 * of March and of October) have the right number of days.
 */
import { DateTime } from "luxon";
import { ukDate } from "./ukTime";

export type Preset = "today" | "week" | "2weeks" | "4weeks";

export const PRESETS: ReadonlyArray<{ id: Preset; label: string }> = [
  { id: "today", label: "Today" },
  { id: "week", label: "This week" },
  { id: "2weeks", label: "2 weeks" },
  { id: "4weeks", label: "4 weeks" },
];

/** An inclusive range of UK calendar dates. */
export type DateWindow = { from: string; to: string };

function parse(date: string): DateTime {
  return DateTime.fromISO(date, { zone: "UTC" });
}

/** True for a real calendar date written `yyyy-mm-dd`. */
export function isIsoDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && parse(date).isValid;
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return parse(date).plus({ days }).toISODate() ?? date;
}

/** `date` plus `months` calendar months (the day is kept, or the month's last day). */
export function addMonths(date: string, months: number): string {
  return parse(date).plus({ months }).toISODate() ?? date;
}

/** Days from `from` to `to` inclusive (1 for a single day). */
export function daysInWindow(window: DateWindow): number {
  return Math.round(parse(window.to).diff(parse(window.from), "days").days) + 1;
}

/** Monday of the week (Monday to Sunday) containing `date`. */
export function mondayOf(date: string): string {
  const dt = parse(date);
  return dt.minus({ days: dt.weekday - 1 }).toISODate() ?? date;
}

/** The window of a preset, given today's UK date. */
export function presetWindow(preset: Preset, today: string = ukDate()): DateWindow {
  switch (preset) {
    case "today":
      return { from: today, to: today };
    case "week": {
      const monday = mondayOf(today);
      return { from: monday, to: addDays(monday, 6) };
    }
    case "2weeks":
      return { from: today, to: addDays(today, 13) };
    case "4weeks":
      return { from: today, to: addDays(today, 27) };
  }
}

/**
 * What is sent to the search: days before today are dropped (GP Connect has no free slots in
 * the past), so "This week" on a Thursday searches Thursday to Sunday.
 */
export function searchWindow(window: DateWindow, today: string = ukDate()): DateWindow {
  const from = window.from < today ? today : window.from;
  return { from, to: window.to };
}

/** Problems with a custom window, for the form (empty when usable). */
export function windowProblem(window: DateWindow, today: string = ukDate()): string | null {
  if (!isIsoDate(window.from)) return "Enter a real start date";
  if (!isIsoDate(window.to)) return "Enter a real end date";
  if (window.to < window.from) return "The end date must be the same as or after the start date";
  if (window.to < today) return "The end date must be today or in the future";
  if (daysInWindow(window) > 366) return "Search at most one year at a time";
  return null;
}

/** The appointments view's default: today to 6 months ahead. */
export function appointmentsWindow(today: string = ukDate()): DateWindow {
  return { from: today, to: addMonths(today, 6) };
}

/** Which preset (if any) a window matches, so the right preset button shows as current. */
export function presetOf(window: DateWindow, today: string = ukDate()): Preset | null {
  for (const { id } of PRESETS) {
    const candidate = presetWindow(id, today);
    if (candidate.from === window.from && candidate.to === window.to) return id;
  }
  return null;
}
