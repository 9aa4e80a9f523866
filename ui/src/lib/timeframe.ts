/**
 * The disposition timeframe of an NHS 111 triage outcome ("to be seen within 6 hours"): the
 * presets a call handler picks from, when a timeframe ends, the search range that covers it,
 * and whether a slot falls outside it. The end is fixed when the timeframe is chosen (the
 * clock started at triage), so it does not slide while the call goes on.
 */
import { epochMs, formatUkDateTime, ukDate, ukDateTime } from "./ukTime";

export type TimeframePreset = { id: string; label: string; hours: number };

/** Within 1, 2, 6, 12 and 24 hours, 3 days, 7 days; "custom" takes a number of hours. */
export const TIMEFRAME_PRESETS: readonly TimeframePreset[] = [
  { id: "1h", label: "Within 1 hour", hours: 1 },
  { id: "2h", label: "Within 2 hours", hours: 2 },
  { id: "6h", label: "Within 6 hours", hours: 6 },
  { id: "12h", label: "Within 12 hours", hours: 12 },
  { id: "24h", label: "Within 24 hours", hours: 24 },
  { id: "3d", label: "Within 3 days", hours: 72 },
  { id: "7d", label: "Within 7 days", hours: 168 },
];

/** The longest custom timeframe, in hours (14 days: one search window). */
export const CUSTOM_TIMEFRAME_MAX_HOURS = 14 * 24;

/** A chosen timeframe: how it is named, and when it ends (epoch ms and UK ISO). */
export type Timeframe = { id: string; label: string; hours: number; endsAt: number };

/** The timeframe `hours` from `now` (epoch ms). */
export function timeframeFrom(
  now: number,
  hours: number,
  id: string,
  label = `Within ${hours} ${hours === 1 ? "hour" : "hours"}`,
): Timeframe {
  return { id, label, hours, endsAt: now + hours * 3_600_000 };
}

/** A custom number of hours as typed: a whole number from 1 to 336, or why not. */
export function customHoursProblem(text: string): string | null {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isInteger(value)) return "Enter a whole number of hours";
  if (value < 1 || value > CUSTOM_TIMEFRAME_MAX_HOURS)
    return `Enter a number of hours from 1 to ${CUSTOM_TIMEFRAME_MAX_HOURS}`;
  return null;
}

/** The UK dates a search must cover to find every slot within the timeframe. */
export function timeframeWindow(timeframe: Timeframe, now: number): { from: string; to: string } {
  const from = ukDate(now);
  const to = ukDate(timeframe.endsAt);
  return { from, to: to < from ? from : to };
}

/** True when the slot starting at `start` (ISO) starts after the timeframe ends. */
export function outsideTimeframe(start: string, timeframe: Timeframe | null): boolean {
  return timeframe !== null && epochMs(start) > timeframe.endsAt;
}

/** "Within 6 hours (by Mon 23 Nov 2026, 14:00)". */
export function describeTimeframe(timeframe: Timeframe): string {
  return `${timeframe.label} (by ${formatUkDateTime(new Date(timeframe.endsAt).toISOString())})`;
}

/** The timeframe end as UK local ISO with offset (`yyyy-mm-ddThh:mm:ss+hh:mm`), as the backend reads it. */
export function timeframeEndIso(timeframe: Timeframe): string {
  return (
    ukDateTime(timeframe.endsAt).toISO({ suppressMilliseconds: true, includeOffset: true }) ?? ""
  );
}
