import { describe, expect, it } from "vitest";
import {
  customHoursProblem,
  describeTimeframe,
  outsideTimeframe,
  timeframeEndIso,
  timeframeFrom,
  timeframeWindow,
} from "./timeframe";

// Monday 23 November 2026, 20:00 UK (GMT).
const EVENING = Date.UTC(2026, 10, 23, 20, 0);

describe("disposition timeframe", () => {
  it("ends a fixed number of hours after it was chosen, across midnight", () => {
    const six = timeframeFrom(EVENING, 6, "6h", "Within 6 hours");
    expect(timeframeWindow(six, EVENING)).toEqual({ from: "2026-11-23", to: "2026-11-24" });
    expect(timeframeEndIso(six)).toBe("2026-11-24T02:00:00+00:00");
    expect(describeTimeframe(six)).toBe("Within 6 hours (by Tue 24 Nov 2026, 02:00)");
    expect(outsideTimeframe("2026-11-24T01:59:00+00:00", six)).toBe(false);
    expect(outsideTimeframe("2026-11-24T02:00:00+00:00", six)).toBe(false);
    expect(outsideTimeframe("2026-11-24T02:10:00+00:00", six)).toBe(true);
    expect(outsideTimeframe("2026-11-24T09:00:00+00:00", null)).toBe(false);
  });

  it("writes summer ends with the BST offset", () => {
    const june = Date.UTC(2026, 5, 1, 9, 0); // 10:00 BST
    expect(timeframeEndIso(timeframeFrom(june, 2, "2h"))).toBe("2026-06-01T12:00:00+01:00");
  });

  it("checks custom hours", () => {
    expect(customHoursProblem("4")).toBeNull();
    expect(customHoursProblem("")).toMatch(/whole number/);
    expect(customHoursProblem("2.5")).toMatch(/whole number/);
    expect(customHoursProblem("0")).toMatch(/from 1 to 336/);
    expect(customHoursProblem("400")).toMatch(/from 1 to 336/);
  });
});
