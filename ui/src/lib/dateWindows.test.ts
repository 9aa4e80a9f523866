import { describe, expect, it } from "vitest";
import {
  addDays,
  appointmentsWindow,
  daysInWindow,
  mondayOf,
  presetOf,
  presetWindow,
  searchWindow,
  windowProblem,
} from "./dateWindows";
import { ukDate } from "./ukTime";

describe("date window presets", () => {
  it("today is one day", () => {
    expect(presetWindow("today", "2026-11-23")).toEqual({ from: "2026-11-23", to: "2026-11-23" });
  });

  it("this week runs Monday to Sunday", () => {
    // Thursday 26 Nov 2026
    expect(presetWindow("week", "2026-11-26")).toEqual({ from: "2026-11-23", to: "2026-11-29" });
    // Monday and Sunday are in their own week
    expect(presetWindow("week", "2026-11-23")).toEqual({ from: "2026-11-23", to: "2026-11-29" });
    expect(presetWindow("week", "2026-11-29")).toEqual({ from: "2026-11-23", to: "2026-11-29" });
    expect(mondayOf("2027-01-01")).toBe("2026-12-28");
  });

  it("this week in UK time, not the machine's", () => {
    // 23:30 UTC on Sunday 29 Nov is still Sunday in London (it is Monday in Kiritimati).
    const today = ukDate("2026-11-29T23:30:00Z");
    expect(today).toBe("2026-11-29");
    expect(presetWindow("week", today)).toEqual({ from: "2026-11-23", to: "2026-11-29" });
    // 23:30 UTC on Sunday 28 June is already Monday 29 June in London (BST).
    expect(presetWindow("week", ukDate("2026-06-28T23:30:00Z"))).toEqual({
      from: "2026-06-29",
      to: "2026-07-05",
    });
  });

  it("2 and 4 weeks include today", () => {
    expect(presetWindow("2weeks", "2026-11-23")).toEqual({ from: "2026-11-23", to: "2026-12-06" });
    expect(daysInWindow(presetWindow("2weeks", "2026-11-23"))).toBe(14);
    expect(presetWindow("4weeks", "2026-11-23")).toEqual({ from: "2026-11-23", to: "2026-12-20" });
    expect(daysInWindow(presetWindow("4weeks", "2026-11-23"))).toBe(28);
  });

  it("counts calendar days across the last Sunday of March", () => {
    const window = presetWindow("2weeks", "2026-03-23");
    expect(window).toEqual({ from: "2026-03-23", to: "2026-04-05" });
    expect(daysInWindow(window)).toBe(14);
    expect(presetWindow("week", "2026-03-29")).toEqual({ from: "2026-03-23", to: "2026-03-29" });
    expect(addDays("2026-03-28", 1)).toBe("2026-03-29");
    expect(addDays("2026-03-29", 1)).toBe("2026-03-30");
  });

  it("counts calendar days across the last Sunday of October", () => {
    const window = presetWindow("4weeks", "2026-10-12");
    expect(window).toEqual({ from: "2026-10-12", to: "2026-11-08" });
    expect(daysInWindow(window)).toBe(28);
    expect(addDays("2026-10-25", 1)).toBe("2026-10-26");
  });

  it("drops past days from what is searched", () => {
    expect(searchWindow({ from: "2026-11-23", to: "2026-11-29" }, "2026-11-26")).toEqual({
      from: "2026-11-26",
      to: "2026-11-29",
    });
    expect(searchWindow({ from: "2026-11-30", to: "2026-12-01" }, "2026-11-26").from).toBe(
      "2026-11-30",
    );
  });

  it("recognises which preset a window is", () => {
    expect(presetOf({ from: "2026-11-23", to: "2026-12-06" }, "2026-11-23")).toBe("2weeks");
    expect(presetOf({ from: "2026-11-24", to: "2026-12-06" }, "2026-11-23")).toBe(null);
  });

  it("checks custom windows", () => {
    expect(windowProblem({ from: "2026-11-23", to: "2026-11-22" }, "2026-11-01")).toMatch(/after/);
    expect(windowProblem({ from: "2026-02-30", to: "2026-03-01" }, "2026-01-01")).toMatch(/real/);
    expect(windowProblem({ from: "2026-11-23", to: "2027-01-23" }, "2026-11-01")).toBeNull();
  });

  it("appointments default to today and six months ahead", () => {
    expect(appointmentsWindow("2026-08-31")).toEqual({ from: "2026-08-31", to: "2027-02-28" });
  });
});
