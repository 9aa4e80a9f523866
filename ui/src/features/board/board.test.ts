import { describe, expect, it } from "vitest";
import { slot } from "../../../test/factories";
import { timeframeFrom } from "../../lib/timeframe";
import { availability, boardRows, daysOf, type BoardPracticeStatus } from "./board";

const done: BoardPracticeStatus = {
  state: "done",
  error: null,
  missing: [],
  serviceFiltering: null,
  pastSlots: 0,
};
const at = (ods: string, id: string, start: string, extra: Parameters<typeof slot>[0] = {}) =>
  slot({ practiceOdsCode: ods, slotId: id, start, ...extra });
const branch = { id: "17", name: "Dr Legg's Branch Surgery", address: [], phone: null };

const practices = [
  { ods: "A20047", name: "Dr Legg's Surgery" },
  { ods: "GPC001", name: "GP Connect Demonstrator Practice" },
  { ods: "R1A15", name: "The Hepworth Surgery" },
  { ods: "R3B46", name: "Leeds Extended Access Hub" },
];
const slots = {
  A20047: [
    at("A20047", "1", "2026-11-23T11:00:00+00:00"),
    at("A20047", "2", "2026-11-23T09:30:00+00:00", { location: branch }),
    at("A20047", "3", "2026-11-23T10:00:00+00:00", { deliveryChannel: "Telephone" }),
  ],
  GPC001: [at("GPC001", "9", "2026-11-23T09:10:00+00:00")],
  R3B46: [at("R3B46", "5", "2026-11-25T09:00:00+00:00")],
};

describe("the earliest-available board", () => {
  it("has a row per practice and location, sorted by earliest, with earliest per channel", () => {
    const rows = boardRows({
      practices,
      statuses: { A20047: done, GPC001: done, R3B46: done, R1A15: { ...done, state: "searching" } },
      slots,
      timeframe: null,
      preferred: { A20047: "17" },
      patient: { A20047: "found", GPC001: "notFound" },
    });
    expect(rows.map((r) => r.key)).toEqual([
      "GPC001/16",
      "A20047/17",
      "A20047/16",
      "R3B46/16",
      "R1A15",
    ]);
    const main = rows.find((r) => r.key === "A20047/16")!;
    expect(main.count).toBe(2);
    expect(main.earliest?.slotId).toBe("3");
    expect(main.byChannel.map((c) => [c.channel, c.slot.slotId])).toEqual([
      ["In-person", "1"],
      ["Telephone", "3"],
    ]);
    expect(rows.find((r) => r.key === "A20047/17")!.preferred).toBe(true);
    expect(main.preferred).toBe(false);
    expect(rows[0]!.patient).toBe("notFound");
    expect(rows.at(-1)!.location).toBeNull();
  });

  it("counts and finds the earliest within the timeframe; rows with slots only after it follow", () => {
    // Chosen at 08:00 on Mon 23 Nov: within 2 hours ends at 10:00.
    const twoHours = timeframeFrom(Date.UTC(2026, 10, 23, 8, 0), 2, "2h");
    const rows = boardRows({
      practices,
      statuses: { A20047: done, GPC001: done, R3B46: done, R1A15: { ...done, state: "failed" } },
      slots,
      timeframe: twoHours,
      preferred: {},
      patient: {},
    });
    expect(rows.map((r) => r.key)).toEqual([
      "GPC001/16",
      "A20047/17",
      "A20047/16",
      "R3B46/16",
      "R1A15",
    ]);
    const main = rows.find((r) => r.key === "A20047/16")!;
    expect([main.count, main.outside, main.earliest?.slotId]).toEqual([1, 1, "3"]);
    const hub = rows.find((r) => r.key === "R3B46/16")!;
    expect([hub.count, hub.outside, hub.earliest, hub.firstOutside?.slotId]).toEqual([
      0,
      1,
      null,
      "5",
    ]);
  });

  it("draws the availability strip per UK day", () => {
    const days = daysOf({ from: "2026-11-23", to: "2026-11-25" });
    expect(days).toEqual(["2026-11-23", "2026-11-24", "2026-11-25"]);
    const strip = availability(practices.slice(0, 2).concat(practices[3]!), slots, days);
    expect(strip.map((r) => [r.ods, r.counts, r.total])).toEqual([
      ["A20047", [3, 0, 0], 3],
      ["GPC001", [1, 0, 0], 1],
      ["R3B46", [0, 0, 1], 1],
    ]);
    // 23:30 UTC on 23 June is 24 June in the UK.
    const summer = availability(
      [{ ods: "A20047", name: "x" }],
      { A20047: [at("A20047", "1", "2026-06-23T23:30:00Z")] },
      ["2026-06-23", "2026-06-24"],
    );
    expect(summer[0]!.counts).toEqual([0, 1]);
  });
});

describe("keeping rows while practices answer", () => {
  it("works out again only the practices that changed", async () => {
    const { boardRowsKeeper } = await import("./board");
    const rows = boardRowsKeeper();
    const statuses = { A20047: done, GPC001: done };
    const input = {
      practices: practices.slice(0, 2),
      statuses,
      slots,
      timeframe: null,
      preferred: {},
      patient: {},
    };
    const first = rows(input);
    const gpc = first.find((r) => r.ods === "GPC001")!;
    const legg = first.find((r) => r.ods === "A20047")!;
    // GPC001 answers again with other slots: A20047's rows are the same objects.
    const second = rows({
      ...input,
      slots: { ...slots, GPC001: [at("GPC001", "10", "2026-11-23T08:50:00+00:00")] },
    });
    expect(second.find((r) => r.key === legg.key)).toBe(legg);
    expect(second.find((r) => r.ods === "GPC001")).not.toBe(gpc);
    expect(second[0]!.earliest?.slotId).toBe("10");
  });

  it("counts the strip again only for the practices whose slots changed", async () => {
    const { availabilityKeeper } = await import("./board");
    const strip = availabilityKeeper();
    const days = daysOf({ from: "2026-11-23", to: "2026-11-25" });
    const two = practices.slice(0, 2);
    const first = strip(two, slots, days);
    const second = strip(
      two,
      { ...slots, GPC001: [at("GPC001", "10", "2026-11-24T08:50:00+00:00")] },
      days,
    );
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]!.counts).toEqual([0, 1, 0]);
  });
});
