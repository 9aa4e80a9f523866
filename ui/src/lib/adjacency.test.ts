import { describe, expect, it } from "vitest";
import { slot, three } from "../../test/factories";
import {
  adjacentCandidates,
  checkAdjacent,
  extendSelection,
  refusalMessage,
  removeFromSelection,
  slotKey,
} from "./adjacency";
import type { BookableSlot } from "../ipc/bindings/BookableSlot";

function ids(result: ReturnType<typeof checkAdjacent>): string[] {
  if (!result.ok) throw new Error(`refused: ${result.refusal.kind}`);
  return result.slots.map((s) => s.slotId);
}

function refusal(slots: BookableSlot[]): string {
  const result = checkAdjacent(slots);
  if (result.ok) throw new Error("accepted");
  return result.refusal.kind;
}

describe("adjacent slot selection", () => {
  it("accepts one slot and adjacent slots in any click order", () => {
    const [a, b, c] = three();
    expect(ids(checkAdjacent([a]))).toEqual(["1"]);
    expect(ids(checkAdjacent([a, b, c]))).toEqual(["1", "2", "3"]);
    expect(ids(checkAdjacent([c, b, a]))).toEqual(["1", "2", "3"]);
    expect(ids(checkAdjacent([b, c, a]))).toEqual(["1", "2", "3"]);
    // Building the selection click by click: last, then first (gap), then middle.
    expect(extendSelection([c], a).ok).toBe(false);
    const withMiddle = extendSelection([c], b);
    expect(ids(withMiddle)).toEqual(["2", "3"]);
    if (withMiddle.ok) expect(ids(extendSelection(withMiddle.slots, a))).toEqual(["1", "2", "3"]);
  });

  it("refuses nothing chosen and the same slot twice", () => {
    const [a] = three();
    expect(refusal([])).toBe("empty");
    expect(refusal([a, a])).toBe("duplicate");
  });

  it("refuses another practice, even with the same slot id and adjacent times", () => {
    const [a, b] = three();
    expect(refusal([a, { ...b, practiceOdsCode: "B12345" }])).toBe("differentPractice");
  });

  it("refuses another schedule", () => {
    const [a, b] = three();
    expect(refusal([a, { ...b, scheduleId: "15" }])).toBe("differentSchedule");
  });

  it("refuses another delivery channel", () => {
    const [a, b] = three();
    expect(refusal([a, { ...b, deliveryChannel: "Telephone" }])).toBe("differentDeliveryChannel");
    expect(refusal([a, { ...b, deliveryChannel: null }])).toBe("differentDeliveryChannel");
  });

  it("refuses another slot type", () => {
    const [a, b] = three();
    expect(refusal([a, { ...b, slotType: "Nurse" }])).toBe("differentSlotType");
  });

  it("refuses a gap, naming the times", () => {
    const [a, , c] = three();
    expect(refusal([c, a])).toBe("gap");
    const result = checkAdjacent([c, a]);
    if (result.ok) throw new Error("accepted");
    expect(refusalMessage(result.refusal)).toBe(
      "Slots must follow each other with no gap: one ends at 10:10 and the next starts at 10:20.",
    );
  });

  it("refuses an overlap", () => {
    const [a] = three();
    const overlapping = slot({
      slotId: "9",
      start: "2026-11-23T10:05:00+00:00",
      end: "2026-11-23T10:15:00+00:00",
    });
    expect(refusal([overlapping, a])).toBe("overlap");
  });

  it("compares instants across the clock change", () => {
    const before = slot({
      slotId: "1",
      start: "2026-03-29T00:50:00+00:00",
      end: "2026-03-29T02:00:00+01:00",
    });
    const after = slot({
      slotId: "2",
      start: "2026-03-29T02:00:00+01:00",
      end: "2026-03-29T02:10:00+01:00",
    });
    expect(ids(checkAdjacent([after, before]))).toEqual(["1", "2"]);
  });

  it("finds the next and previous adjacent slots", () => {
    const [a, b, c] = three();
    const other = { ...c, slotId: "7", scheduleId: "2" };
    expect(adjacentCandidates([b], [other, a, b, c])).toEqual({ next: c, previous: a });
    expect(adjacentCandidates([c], [a, b])).toEqual({ next: null, previous: b });
    expect(adjacentCandidates([], [a])).toEqual({ next: null, previous: null });
  });

  it("removes from the ends only, keeping what is left contiguous", () => {
    const [a, b, c] = three();
    expect(removeFromSelection([a, b, c], slotKey(a)).map((s) => s.slotId)).toEqual(["2", "3"]);
    expect(removeFromSelection([a, b, c], slotKey(c)).map((s) => s.slotId)).toEqual(["1", "2"]);
    expect(removeFromSelection([a, b, c], slotKey(b)).map((s) => s.slotId)).toEqual(["1"]);
    expect(slotKey(a)).toBe("A20047/1");
  });
});
