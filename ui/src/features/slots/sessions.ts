/**
 * Sessions: runs of back-to-back free slots at one practice, in one schedule, with the same
 * delivery channel and slot type, on one UK day. When a search finds thousands of slots the
 * week view shows sessions ("09:40–12:00 · 14 free") instead of every slot, which keeps the
 * calendar readable and fast; the day view and the list show the slots themselves.
 */
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import { slotKey } from "../../lib/adjacency";
import { epochMs, ukDate } from "../../lib/ukTime";

export type Session = {
  /** `session:<first slot key>`. */
  key: string;
  ods: string;
  practiceName: string;
  start: string;
  end: string;
  slots: BookableSlot[];
};

/** More slots than this in a search: the week view shows sessions. */
export const SESSION_THRESHOLD = 400;

/**
 * True when `next` (in start order) belongs to the run of slots starting with `first` and
 * ending at `runEnd` (epoch ms): the same practice, schedule, channel and type, the same UK day,
 * and starting back to back with the run or in parallel with a slot of it.
 */
function continues(first: BookableSlot, runEnd: number, next: BookableSlot): boolean {
  return (
    first.practiceOdsCode === next.practiceOdsCode &&
    first.scheduleId === next.scheduleId &&
    first.deliveryChannel === next.deliveryChannel &&
    first.slotType === next.slotType &&
    epochMs(next.start) <= runEnd &&
    // One UK day (whatever offset the provider wrote the times with).
    ukDate(first.start) === ukDate(next.start)
  );
}

/** Start order, then end order, then key: the same sessions whatever order slots arrive in. */
function byStartThenEnd(
  a: { start: string; end: string; key?: string },
  b: { start: string; end: string; key?: string },
): number {
  return (
    epochMs(a.start) - epochMs(b.start) ||
    epochMs(a.end) - epochMs(b.end) ||
    (a.key ?? "").localeCompare(b.key ?? "")
  );
}

/**
 * Groups slots into sessions, in start order. Slots in parallel (several at the same time in
 * one schedule) join the same session rather than splitting it.
 */
export function groupIntoSessions(slots: readonly BookableSlot[]): Session[] {
  const bySchedule = new Map<string, BookableSlot[]>();
  for (const slot of slots) {
    const key = `${slot.practiceOdsCode}/${slot.scheduleId}`;
    const list = bySchedule.get(key);
    if (list) list.push(slot);
    else bySchedule.set(key, [slot]);
  }
  const sessions: Session[] = [];
  for (const list of bySchedule.values()) {
    const ordered = [...list].sort(
      (a, b) => byStartThenEnd(a, b) || slotKey(a).localeCompare(slotKey(b)),
    );
    let run: BookableSlot[] = [];
    let runEnd = 0;
    let runEndIso = "";
    const close = () => {
      const first = run[0];
      if (first) {
        sessions.push({
          key: `session:${slotKey(first)}`,
          ods: first.practiceOdsCode,
          practiceName: first.practiceName,
          start: first.start,
          end: runEndIso,
          slots: run,
        });
      }
      run = [];
    };
    for (const slot of ordered) {
      const first = run[0];
      if (first && !continues(first, runEnd, slot)) close();
      const end = epochMs(slot.end);
      if (run.length === 0 || end > runEnd) {
        runEnd = end;
        runEndIso = slot.end;
      }
      run.push(slot);
    }
    close();
  }
  return sessions.sort(byStartThenEnd);
}
