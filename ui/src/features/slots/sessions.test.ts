import { describe, expect, it } from "vitest";
import { groupIntoSessions } from "./sessions";
import { slot as makeSlot } from "../../../test/factories";

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

  it("keeps slots in parallel in one session, whatever order they arrive in", () => {
    const at = (id: string, start: string, end: string) =>
      makeSlot({
        slotId: id,
        start: `2026-11-23T${start}:00+00:00`,
        end: `2026-11-23T${end}:00+00:00`,
      });
    const slots = [
      at("a1", "09:00", "09:10"),
      at("b1", "09:00", "09:10"),
      at("a2", "09:10", "09:20"),
      at("b2", "09:10", "09:20"),
      at("long", "09:00", "09:30"),
    ];
    const orders = [
      slots,
      [...slots].reverse(),
      [slots[3]!, slots[0]!, slots[4]!, slots[2]!, slots[1]!],
    ];
    for (const order of orders) {
      const sessions = groupIntoSessions(order);
      expect(sessions).toHaveLength(1);
      expect(sessions[0]?.start).toBe("2026-11-23T09:00:00+00:00");
      expect(sessions[0]?.end).toBe("2026-11-23T09:30:00+00:00");
      expect(sessions[0]?.slots.map((s) => s.slotId)).toEqual(["a1", "b1", "long", "a2", "b2"]);
    }
  });

  it("splits at midnight UK time whatever offset the times are written with", () => {
    // 23:30 to 00:30 UK time in summer (BST), written in UTC.
    const slots = [
      makeSlot({ slotId: "1", start: "2026-06-01T22:50:00Z", end: "2026-06-01T23:00:00Z" }),
      makeSlot({ slotId: "2", start: "2026-06-01T23:00:00Z", end: "2026-06-01T23:10:00Z" }),
    ];
    expect(groupIntoSessions(slots)).toHaveLength(2);
    // 22:50 to 23:10 UK time in winter, written with another offset: one day, one session.
    const winter = [
      makeSlot({
        slotId: "1",
        start: "2026-11-23T23:50:00+01:00",
        end: "2026-11-24T00:00:00+01:00",
      }),
      makeSlot({
        slotId: "2",
        start: "2026-11-24T00:00:00+01:00",
        end: "2026-11-24T00:10:00+01:00",
      }),
    ];
    expect(groupIntoSessions(winter)).toHaveLength(1);
  });
});
