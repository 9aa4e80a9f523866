/** The shared adjacency cases (tests/vectors/adjacency.json) against lib/adjacency. */
import { describe, expect, it } from "vitest";
import vectors from "../../../tests/vectors/adjacency.json";
import type { AdjacencyRefusal } from "../../src/lib/adjacency";
import { checkAdjacent } from "../../src/lib/adjacency";
import { slot } from "../factories";

type VectorSlot = {
  id: string;
  start: string;
  end: string;
  practice?: string;
  schedule?: string;
  channel?: string | null;
  type?: string | null;
};

/** A full slot from the fields a case gives, the rest from the file's defaults. */
function toSlot(s: VectorSlot) {
  const v = { ...vectors.defaults, ...s };
  return slot({
    slotId: v.id,
    start: v.start,
    end: v.end,
    practiceOdsCode: v.practice,
    scheduleId: v.schedule,
    deliveryChannel: v.channel,
    slotType: v.type,
  });
}

/** The Rust error's name (`AdjacencyError`, serialised `kind`) for a refusal. */
function errorName(refusal: AdjacencyRefusal): string {
  switch (refusal.kind) {
    case "empty":
      return "noSlots";
    case "duplicate":
      return "duplicateSlot";
    case "gap":
    case "overlap":
      return "notContiguous";
    default:
      return refusal.kind;
  }
}

describe("adjacent slots, as Rust's order_adjacent_slots checks them", () => {
  it.each(vectors.cases)("$name", ({ input, expected }) => {
    const result = checkAdjacent((input.slots as VectorSlot[]).map(toSlot));
    const actual = result.ok
      ? { ok: true, order: result.slots.map((s) => s.slotId) }
      : { ok: false, error: errorName(result.refusal) };
    expect(actual).toEqual(expected);
  });
});
