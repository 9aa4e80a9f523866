/**
 * The NHS.UK date input pattern (day, month, year in three boxes) read into `yyyy-mm-dd`, with
 * the pattern's error messages ("Date of birth must include a month", "… must be a real date").
 */
import { DateTime } from "luxon";

export type DateParts = { day: string; month: string; year: string };
export type DatePart = keyof DateParts;

export type ParsedDate =
  | { kind: "empty" }
  | { kind: "incomplete"; missing: DatePart[] }
  | { kind: "invalid"; parts: DatePart[] }
  | { kind: "ok"; iso: string };

export const EMPTY_DATE: DateParts = { day: "", month: "", year: "" };

/** Reads three boxes. Years must have 4 digits. */
export function parseDateParts(parts: DateParts): ParsedDate {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  if (!day && !month && !year) return { kind: "empty" };
  const missing: DatePart[] = [];
  if (!day) missing.push("day");
  if (!month) missing.push("month");
  if (!year) missing.push("year");
  if (missing.length > 0) return { kind: "incomplete", missing };
  const bad: DatePart[] = [];
  if (!/^\d{1,2}$/.test(day)) bad.push("day");
  if (!/^\d{1,2}$/.test(month)) bad.push("month");
  if (!/^\d{4}$/.test(year)) bad.push("year");
  if (bad.length > 0) return { kind: "invalid", parts: bad };
  const dt = DateTime.fromObject(
    { year: Number(year), month: Number(month), day: Number(day) },
    { zone: "UTC" },
  );
  if (!dt.isValid) return { kind: "invalid", parts: ["day", "month", "year"] };
  return { kind: "ok", iso: dt.toISODate() ?? "" };
}

/** `yyyy-mm-dd` into boxes (no leading zeros, as people type them). */
export function isoToParts(iso: string | null | undefined): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? "");
  if (!match) return EMPTY_DATE;
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] ?? "" };
}

/**
 * Whole years from `birth` to `today` (both `yyyy-mm-dd`), exactly as chrono's `years_since`:
 * the difference of the years, less one before the birthday's month and day. Someone born on
 * 29 February is a year older on 1 March of a common year, not on 28 February.
 */
export function yearsBetween(birth: string, today: string): number {
  const [by = 0, bm = 0, bd = 0] = birth.split("-").map(Number);
  const [ty = 0, tm = 0, td = 0] = today.split("-").map(Number);
  const before = tm < bm || (tm === bm && td < bd);
  return ty - by - (before ? 1 : 0);
}

export type DateCheck = { iso: string | null; message: string | null; parts: DatePart[] };

/**
 * Checks a date in boxes for a form: `label` is e.g. "Date of birth". `required` makes an empty
 * date an error; `past` requires today or earlier and at most `maxYears` ago.
 */
export function checkDate(
  parts: DateParts,
  label: string,
  options: { required: boolean; past?: boolean; maxYears?: number; today?: string },
): DateCheck {
  const parsed = parseDateParts(parts);
  switch (parsed.kind) {
    case "empty":
      return options.required
        ? {
            iso: null,
            message: `Enter the ${label.toLowerCase()}`,
            parts: ["day", "month", "year"],
          }
        : { iso: null, message: null, parts: [] };
    case "incomplete": {
      const list =
        parsed.missing.length === 1
          ? `a ${parsed.missing[0] ?? ""}`
          : `a ${parsed.missing.slice(0, -1).join(", a ")} and a ${parsed.missing[parsed.missing.length - 1] ?? ""}`;
      return { iso: null, message: `${label} must include ${list}`, parts: parsed.missing };
    }
    case "invalid":
      return { iso: null, message: `${label} must be a real date`, parts: parsed.parts };
    case "ok": {
      if (options.past && options.today) {
        if (parsed.iso > options.today)
          return {
            iso: null,
            message: `${label} must be today or in the past`,
            parts: ["day", "month", "year"],
          };
        if (
          options.maxYears !== undefined &&
          yearsBetween(parsed.iso, options.today) > options.maxYears
        )
          return {
            iso: null,
            message: `${label} must be within the last ${options.maxYears} years`,
            parts: ["year"],
          };
      }
      return { iso: parsed.iso, message: null, parts: [] };
    }
  }
}
