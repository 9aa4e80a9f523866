/**
 * Sessions: runs of back-to-back free slots at one practice, in one schedule, with the same
 * delivery channel and slot type, on one UK day. When a search finds thousands of slots the
 * week view shows sessions ("09:40–12:00 · 14 free") instead of every slot, which keeps the
 * calendar readable and fast; the day view and the list show the slots themselves.
 */
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import { slotKey } from "../../lib/adjacency";
import { epochMs } from "../../lib/ukTime";

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

function continues(previous: BookableSlot, next: BookableSlot): boolean {
  return (
    previous.practiceOdsCode === next.practiceOdsCode &&
    previous.scheduleId === next.scheduleId &&
    previous.deliveryChannel === next.deliveryChannel &&
    previous.slotType === next.slotType &&
    epochMs(previous.end) === epochMs(next.start) &&
    // Slot times are UK local with their offset, so the first ten characters are the UK day.
    previous.start.slice(0, 10) === next.start.slice(0, 10)
  );
}

/** Groups slots into sessions, in start order. */
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
    const ordered = [...list].sort((a, b) => epochMs(a.start) - epochMs(b.start));
    let run: BookableSlot[] = [];
    const close = () => {
      const first = run[0];
      const last = run[run.length - 1];
      if (first && last) {
        sessions.push({
          key: `session:${slotKey(first)}`,
          ods: first.practiceOdsCode,
          practiceName: first.practiceName,
          start: first.start,
          end: last.end,
          slots: run,
        });
      }
      run = [];
    };
    for (const slot of ordered) {
      const previous = run[run.length - 1];
      if (previous && !continues(previous, slot)) close();
      run.push(slot);
    }
    close();
  }
  return sessions.sort((a, b) => epochMs(a.start) - epochMs(b.start));
}
