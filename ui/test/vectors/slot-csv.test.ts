/** The shared slot CSV cases (tests/vectors/slot-csv.json) against lib/slotCsv. */
import { describe, expect, it } from "vitest";
import vectors from "../../../tests/vectors/slot-csv.json";
import type { BookableSlot } from "../../src/ipc/bindings/BookableSlot";
import { SLOT_CSV_COLUMNS, slotCsvRow, slotsCsv } from "../../src/lib/slotCsv";

describe("slot CSV (shared vectors)", () => {
  it("has the columns of gpc slots --csv", () => {
    expect([...SLOT_CSV_COLUMNS]).toEqual(vectors.columns);
  });

  for (const c of vectors.cases) {
    it(c.name, () => {
      const slot = { ...vectors.defaults, ...c.input } as unknown as BookableSlot;
      expect(slotCsvRow(slot)).toEqual(c.expected);
    });
  }

  it("writes a header and quotes cells that need it", () => {
    const slot = { ...vectors.defaults, slotType: 'Review, "long"' } as unknown as BookableSlot;
    const lines = slotsCsv([slot]).split("\r\n");
    expect(lines[0]).toBe(vectors.columns.join(","));
    expect(lines[1]).toContain('"Review, ""long"""');
  });
});
