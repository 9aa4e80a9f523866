import { describe, expect, it } from "vitest";
import { slot } from "../../../test/factories";
import {
  NO_FILTERS,
  facetChoices,
  filterSlots,
  parseFilters,
  timeOfDayOf,
  toggleFilter,
} from "./filters";

// Mon 23 Nov 2026 (GMT): 09:00 morning, 13:00 afternoon, 18:00 evening; Sat 28 Nov.
const morning = slot({ slotId: "1", start: "2026-11-23T09:00:00+00:00" });
const afternoon = slot({
  slotId: "2",
  start: "2026-11-23T13:00:00+00:00",
  deliveryChannel: "Telephone",
});
const evening = slot({
  slotId: "3",
  start: "2026-11-23T18:00:00+00:00",
  practiceOdsCode: "GPC001",
  practiceName: "GP Connect Demonstrator Practice",
  practitionerRole: { system: null, code: "R9999", display: "Paramedic" },
});
const saturday = slot({
  slotId: "4",
  start: "2026-11-28T10:00:00+00:00",
  deliveryChannel: "Video",
  location: { id: "17", name: "Branch", address: [], phone: null },
});
const all = [morning, afternoon, evening, saturday];

describe("filters", () => {
  it("match every chosen dimension; several values of one dimension are alternatives", () => {
    expect(filterSlots(all, NO_FILTERS)).toBe(all);
    let f = toggleFilter(NO_FILTERS, "deliveryChannel", "In-person", true);
    expect(filterSlots(all, f).map((s) => s.slotId)).toEqual(["1", "3"]);
    f = toggleFilter(f, "deliveryChannel", "Video", true);
    expect(filterSlots(all, f).map((s) => s.slotId)).toEqual(["1", "3", "4"]);
    f = toggleFilter(f, "practice", "A20047", true);
    expect(filterSlots(all, f).map((s) => s.slotId)).toEqual(["1", "4"]);
    f = toggleFilter(f, "weekday", "6", true);
    expect(filterSlots(all, f).map((s) => s.slotId)).toEqual(["4"]);
    f = toggleFilter(f, "weekday", "6", false);
    expect(filterSlots(all, f).map((s) => s.slotId)).toEqual(["1", "4"]);
  });

  it("reads time of day in UK time whatever the offset written", () => {
    expect(timeOfDayOf(morning)).toBe("morning");
    expect(timeOfDayOf(afternoon)).toBe("afternoon");
    expect(timeOfDayOf(evening)).toBe("evening");
    // 11:30 UTC written as 12:30 BST in June is afternoon in the UK.
    expect(timeOfDayOf(slot({ start: "2026-06-01T11:30:00Z" }))).toBe("afternoon");
    const f = toggleFilter(NO_FILTERS, "timeOfDay", "evening", true);
    expect(filterSlots(all, f).map((s) => s.slotId)).toEqual(["3"]);
  });

  it("counts each value as if it were chosen, given the other dimensions", () => {
    const f = toggleFilter(NO_FILTERS, "deliveryChannel", "In-person", true);
    const choices = facetChoices(all, f, {
      practice: new Map([["A20047", "Dr Legg's Surgery"]]),
    });
    // Channel counts ignore the channel choice itself…
    expect(choices.deliveryChannel).toEqual([
      { value: "In-person", label: "In-person", count: 2 },
      { value: "Telephone", label: "Telephone", count: 1 },
      { value: "Video", label: "Video", count: 1 },
    ]);
    // …other dimensions count within it. Roles come from what came back (an open list).
    expect(choices.role.map((c) => [c.value, c.count])).toEqual([
      ["General Medical Practitioner", 1],
      ["Paramedic", 1],
    ]);
    expect(choices.practice.map((c) => [c.label, c.count])).toEqual([
      ["Dr Legg's Surgery", 1],
      ["GPC001", 1],
    ]);
    expect(choices.weekday.map((c) => c.value)).toEqual(["1"]);
  });

  it("keeps a chosen value that no slot has any more, at zero", () => {
    const f = toggleFilter(NO_FILTERS, "slotType", "Gone", true);
    expect(facetChoices(all, f).slotType).toContainEqual({
      value: "Gone",
      label: "Gone",
      count: 0,
    });
  });

  it("reads stored filters safely", () => {
    expect(parseFilters(null)).toEqual(NO_FILTERS);
    expect(
      parseFilters({ practice: ["A20047", 3], timeOfDay: ["night", "evening"], x: [1] }),
    ).toEqual({ ...NO_FILTERS, practice: ["A20047"], timeOfDay: ["evening"] });
  });
});

describe("merging the practices' slots", () => {
  it("gives one start order, ties by practice, whatever order the lists come in", async () => {
    const { mergeByStart } = await import("./slotData");
    const a = [
      slot({ slotId: "a1", start: "2026-11-23T09:00:00+00:00", practiceOdsCode: "B0001" }),
      slot({ slotId: "a2", start: "2026-11-23T10:00:00+00:00", practiceOdsCode: "B0001" }),
    ];
    const b = [
      slot({ slotId: "b1", start: "2026-11-23T09:00:00+00:00", practiceOdsCode: "A0001" }),
      slot({ slotId: "b2", start: "2026-11-23T09:30:00+00:00", practiceOdsCode: "A0001" }),
      slot({ slotId: "b3", start: "2026-11-23T11:00:00+00:00", practiceOdsCode: "A0001" }),
    ];
    const unsorted = [
      slot({ slotId: "c2", start: "2026-11-23T12:00:00+00:00", practiceOdsCode: "C0001" }),
      slot({ slotId: "c1", start: "2026-11-23T08:00:00+00:00", practiceOdsCode: "C0001" }),
    ];
    const ids = mergeByStart([a, [], b, unsorted]).map((s) => s.slotId);
    expect(ids).toEqual(["c1", "b1", "a1", "b2", "a2", "b3", "c2"]);
    expect(mergeByStart([])).toEqual([]);
  });
});
