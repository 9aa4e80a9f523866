/**
 * UK formatting must not depend on the machine's time zone. The suite runs with
 * TZ=Pacific/Kiritimati (UTC+14, see vite.config.ts); this file also switches TZ at run time
 * to a zone west of London and checks the same instants again.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  epochMs,
  formatBirthDate,
  formatIsoDate,
  formatUkDate,
  formatUkDateTime,
  formatUkTime,
  formatUkTimeRange,
  ukDate,
  ukZoneAbbreviation,
} from "./ukTime";

const originalTz = process.env.TZ;
afterAll(() => {
  process.env.TZ = originalTz;
});

function checks() {
  // GMT (winter): UK time equals UTC.
  expect(formatUkDate("2026-11-23T09:40:00+00:00")).toBe("Mon 23 Nov 2026");
  expect(formatUkTime("2026-11-23T09:40:00+00:00")).toBe("09:40");
  expect(formatUkTime("2026-11-23T09:40:00Z")).toBe("09:40");
  expect(ukZoneAbbreviation("2026-11-23T09:40:00Z")).toBe("GMT");
  // BST (summer): UK time is UTC+1.
  expect(formatUkTime("2026-07-01T08:40:00Z")).toBe("09:40");
  expect(formatUkTime("2026-07-01T09:40:00+01:00")).toBe("09:40");
  expect(formatUkDate("2026-07-01T09:40:00+01:00")).toBe("Wed 1 Jul 2026");
  expect(ukZoneAbbreviation("2026-07-01T08:40:00Z")).toBe("BST");
  // Late evening UTC stays on the same UK day (it is already tomorrow in Kiritimati).
  expect(formatUkDateTime("2026-11-23T23:30:00Z")).toBe("Mon 23 Nov 2026, 23:30");
  expect(ukDate("2026-11-23T23:30:00Z")).toBe("2026-11-23");
  // Just after midnight BST is still the previous day in UTC.
  expect(ukDate("2026-06-30T23:30:00Z")).toBe("2026-07-01");
  expect(formatUkTime("2026-06-30T23:30:00Z")).toBe("00:30");
  // The clocks go forward at 01:00 UTC on the last Sunday of March.
  expect(formatUkTime("2026-03-29T00:30:00Z")).toBe("00:30");
  expect(formatUkTime("2026-03-29T01:30:00Z")).toBe("02:30");
  // …and back at 01:00 UTC on the last Sunday of October (01:30 happens twice).
  expect(formatUkTime("2026-10-25T00:30:00Z")).toBe("01:30");
  expect(formatUkTime("2026-10-25T01:30:00Z")).toBe("01:30");
  expect(ukZoneAbbreviation("2026-10-25T00:30:00Z")).toBe("BST");
  expect(ukZoneAbbreviation("2026-10-25T01:30:00Z")).toBe("GMT");
  expect(formatUkTimeRange("2026-11-23T09:40:00+00:00", "2026-11-23T09:50:00+00:00")).toBe(
    "09:40 to 09:50",
  );
  expect(epochMs("2026-07-01T09:40:00+01:00")).toBe(Date.UTC(2026, 6, 1, 8, 40));
}

describe("UK time formatting", () => {
  it("is right with the suite's TZ far east of London", () => {
    expect(new Date(Date.UTC(2026, 10, 23, 12)).getTimezoneOffset()).not.toBe(0);
    checks();
  });

  it("is right with TZ set west of London at run time", () => {
    process.env.TZ = "America/Los_Angeles";
    checks();
  });

  it("formats calendar dates and dates of birth without shifting the day", () => {
    process.env.TZ = "America/Los_Angeles";
    expect(formatIsoDate("2026-11-23")).toBe("Mon 23 Nov 2026");
    expect(formatIsoDate("2026-09-07")).toBe("Mon 7 Sep 2026");
    expect(formatBirthDate("1980-01-01")).toBe("1 Jan 1980");
    expect(formatBirthDate(null)).toBe("");
  });
});
