/**
 * UK dates and times for display: always in Europe/London (GMT in winter, BST in summer)
 * whatever the machine's time zone, 24-hour, e.g. "Mon 23 Nov 2026" and "09:40".
 *
 * Month and weekday names are fixed English abbreviations rather than `Intl` output, so
 * the text is the same on every WebView and ICU version (ICU has changed "Sep"/"Sept").
 */
import { DateTime } from "luxon";

export const UK_ZONE = "Europe/London";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
const MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

/** An instant (ISO 8601 with offset or Z, or epoch ms) as UK local time. */
export function ukDateTime(instant: string | number | Date): DateTime {
  if (typeof instant === "number") return DateTime.fromMillis(instant, { zone: UK_ZONE });
  if (instant instanceof Date) return DateTime.fromJSDate(instant, { zone: UK_ZONE });
  return DateTime.fromISO(instant, { setZone: true }).setZone(UK_ZONE);
}

/**
 * Epoch milliseconds of an ISO instant (offset respected). `Date.parse` reads the full ISO form
 * with an offset natively and is far quicker than luxon, which matters for thousands of slots.
 */
export function epochMs(iso: string): number {
  return epochOf(iso);
}

function parseEpoch(iso: string): number {
  const fast = Date.parse(iso);
  return Number.isNaN(fast) ? DateTime.fromISO(iso, { setZone: true }).toMillis() : fast;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function dayText(dt: DateTime): string {
  return `${WEEKDAYS[dt.weekday - 1] ?? ""} ${dt.day} ${MONTHS[dt.month - 1] ?? ""} ${dt.year}`;
}

/**
 * Memoises a formatter of ISO strings: thousands of slots share a few hundred distinct times,
 * and each luxon conversion to Europe/London goes through Intl, which is slow.
 */
function memo<T>(compute: (iso: string) => T): (iso: string) => T {
  const cache = new Map<string, T>();
  return (iso) => {
    let value = cache.get(iso);
    if (value === undefined) {
      value = compute(iso);
      if (cache.size > 20_000) cache.clear();
      cache.set(iso, value);
    }
    return value;
  };
}

// Thousands of slots share a few hundred distinct start and end times.
const epochOf = memo(parseEpoch);

/** An instant's UK calendar date and wall-clock time. */
type UkParts = { year: number; month: number; day: number; hour: number; minute: number };

// One formatter for every conversion: Intl (ICU's Europe/London rules) is several times
// quicker than a luxon DateTime per instant, which matters for thousands of slots.
const UK_PARTS = new Intl.DateTimeFormat("en-GB", {
  timeZone: UK_ZONE,
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  hourCycle: "h23",
});

function partsOf(iso: string): UkParts | null {
  const at = epochOf(iso);
  if (Number.isNaN(at)) return null;
  const parts: UkParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0 };
  for (const part of UK_PARTS.formatToParts(at)) {
    if (part.type in parts) parts[part.type as keyof UkParts] = Number(part.value);
  }
  return parts;
}

const ukPartsOf = memo(partsOf);

/** ISO weekday (1 Monday to 7 Sunday) of a calendar date. */
function isoWeekday(year: number, month: number, day: number): number {
  return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
}

const ukDayText = memo((iso) => {
  const p = ukPartsOf(iso);
  if (!p) return iso;
  return `${WEEKDAYS[isoWeekday(p.year, p.month, p.day) - 1] ?? ""} ${p.day} ${MONTHS[p.month - 1] ?? ""} ${p.year}`;
});

const ukClockText = memo((iso) => {
  const p = ukPartsOf(iso);
  return p ? `${two(p.hour)}:${two(p.minute)}` : iso;
});

const ukMinutes = memo((iso) => {
  const p = ukPartsOf(iso);
  return p ? p.hour * 60 + p.minute : 0;
});

/** "Mon 23 Nov 2026" for an instant, in UK time. Empty for null or unreadable input. */
export function formatUkDate(instant: string | null | undefined): string {
  if (!instant) return "";
  return ukDayText(instant);
}

/** "09:40" (24-hour) for an instant, in UK time. */
export function formatUkTime(instant: string | null | undefined): string {
  if (!instant) return "";
  return ukClockText(instant);
}

/** "Mon 23 Nov 2026, 09:40". */
export function formatUkDateTime(instant: string | null | undefined): string {
  if (!instant) return "";
  return `${formatUkDate(instant)}, ${formatUkTime(instant)}`;
}

/** "09:40 to 09:50" — "to" reads better to screen readers than a dash. */
export function formatUkTimeRange(start: string | null, end: string | null): string {
  if (!start) return "";
  return end ? `${formatUkTime(start)} to ${formatUkTime(end)}` : formatUkTime(start);
}

/** "GMT" or "BST" for an instant, for the rare places where it matters (clock changes). */
export function ukZoneAbbreviation(instant: string): string {
  return ukDateTime(instant).offset === 0 ? "GMT" : "BST";
}

/** A calendar date `yyyy-mm-dd` (no time zone involved), e.g. "Mon 23 Nov 2026". */
export function formatIsoDate(date: string | null | undefined): string {
  if (!date) return "";
  const dt = DateTime.fromISO(date, { zone: "UTC" });
  return dt.isValid ? dayText(dt) : date;
}

/** A date of birth `yyyy-mm-dd` as "23 Nov 1980" (no weekday, no time zone). */
export function formatBirthDate(date: string | null | undefined): string {
  if (!date) return "";
  const dt = DateTime.fromISO(date.slice(0, 10), { zone: "UTC" });
  return dt.isValid ? `${dt.day} ${MONTHS[dt.month - 1] ?? ""} ${dt.year}` : date;
}

const ukDateOfIso = memo((iso) => {
  const p = ukPartsOf(iso);
  return p ? `${p.year}-${two(p.month)}-${two(p.day)}` : "";
});

/** The UK calendar date `yyyy-mm-dd` of an instant (default: now). */
export function ukDate(instant: string | number | Date = Date.now()): string {
  if (typeof instant === "string") return ukDateOfIso(instant);
  return ukDateTime(instant).toISODate() ?? "";
}

const ukWeekdayOf = memo((iso) => {
  const p = ukPartsOf(iso);
  return p ? isoWeekday(p.year, p.month, p.day) : 0;
});

/** The ISO weekday (1 Monday to 7 Sunday) of an instant, in UK time. */
export function ukWeekday(instant: string): number {
  return ukWeekdayOf(instant);
}

/** Minutes since UK midnight of an instant (for calendar bounds). */
export function ukMinutesOfDay(instant: string): number {
  return ukMinutes(instant);
}
