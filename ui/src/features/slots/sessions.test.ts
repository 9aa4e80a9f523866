import { describe, expect, it } from "vitest";
import { groupIntoSessions } from "./sessions";
import { slot as makeSlot } from "../../test/factories";

describe("groupIntoSessions", () => {
  it("joins back-to-back slots of one schedule, channel and type on one day", () => {
    const slots = [
      makeSlot({
        slotId: "1",
        start: "2026-11-23T09:00:00+00:00",
        end: "2026-11-23T09:10:00+00:00",
      }),
      makeSlot({
        slotId: "3",
        start: "2026-11-23T09:20:00+00:00",
        end: "2026-11-23T09:30:00+00:00",
      }),
      makeSlot({
        slotId: "2",
        start: "2026-11-23T09:10:00+00:00",
        end: "2026-11-23T09:20:00+00:00",
      }),
    ];
    const sessions = groupIntoSessions(slots);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.start).toBe("2026-11-23T09:00:00+00:00");
    expect(sessions[0]?.end).toBe("2026-11-23T09:30:00+00:00");
    expect(sessions[0]?.slots.map((s) => s.slotId)).toEqual(["1", "2", "3"]);
  });

  it("splits at a gap, another schedule, channel, type, practice or day", () => {
    const base = { start: "2026-11-23T09:00:00+00:00", end: "2026-11-23T09:10:00+00:00" };
    const next = { start: "2026-11-23T09:10:00+00:00", end: "2026-11-23T09:20:00+00:00" };
    const cases = [
      makeSlot({
        slotId: "2",
        start: "2026-11-23T09:15:00+00:00",
        end: "2026-11-23T09:25:00+00:00",
      }),
      makeSlot({ slotId: "2", ...next, scheduleId: "other" }),
      makeSlot({ slotId: "2", ...next, deliveryChannel: "Video" }),
      makeSlot({ slotId: "2", ...next, slotType: "Nurse" }),
      makeSlot({ slotId: "2", ...next, practiceOdsCode: "B00002" }),
    ];
    for (const other of cases) {
      expect(groupIntoSessions([makeSlot({ slotId: "1", ...base }), other])).toHaveLength(2);
    }
    const overnight = [
      makeSlot({
        slotId: "1",
        start: "2026-11-23T23:50:00+00:00",
        end: "2026-11-24T00:00:00+00:00",
      }),
      makeSlot({
        slotId: "2",
        start: "2026-11-24T00:00:00+00:00",
        end: "2026-11-24T00:10:00+00:00",
      }),
    ];
    expect(groupIntoSessions(overnight)).toHaveLength(2);
  });
});
