/**
 * Which slots can be booked together as one appointment (§3.2 "Multiple adjacent slots"),
 * the same rules as `order_adjacent_slots` in the Rust client: same practice, same schedule,
 * same delivery channel, same slot type, and each start equal to the previous end (compared as
 * instants, so 00:50 GMT → 02:00 BST across the clock change is contiguous).
 */
import type { BookableSlot } from "../ipc/bindings/BookableSlot";
import { epochMs, formatUkTime } from "./ukTime";

/** The stable key of a slot across practices: `<ODS>/<slotId>` (the e2e `data-slot`). */
export function slotKey(slot: Pick<BookableSlot, "practiceOdsCode" | "slotId">): string {
  return `${slot.practiceOdsCode}/${slot.slotId}`;
}

export type AdjacencyRefusal =
  | { kind: "empty" }
  | { kind: "duplicate"; slot: BookableSlot }
  | { kind: "differentPractice"; slot: BookableSlot }
  | { kind: "differentSchedule"; slot: BookableSlot }
  | { kind: "differentDeliveryChannel"; slot: BookableSlot }
  | { kind: "differentSlotType"; slot: BookableSlot }
  | { kind: "gap"; previousEnd: string; nextStart: string }
  | { kind: "overlap"; previousEnd: string; nextStart: string };

export type AdjacencyResult =
  { ok: true; slots: BookableSlot[] } | { ok: false; refusal: AdjacencyRefusal };

/** Orders `slots` by start and checks that they can be booked as one appointment. */
export function checkAdjacent(slots: readonly BookableSlot[]): AdjacencyResult {
  const ordered = [...slots].sort((a, b) => epochMs(a.start) - epochMs(b.start));
  const first = ordered[0];
  if (!first) return { ok: false, refusal: { kind: "empty" } };
  const seen = new Set<string>();
  for (const slot of ordered) {
    const key = slotKey(slot);
    if (seen.has(key)) return { ok: false, refusal: { kind: "duplicate", slot } };
    seen.add(key);
    if (slot.practiceOdsCode !== first.practiceOdsCode)
      return { ok: false, refusal: { kind: "differentPractice", slot } };
    if (slot.scheduleId !== first.scheduleId)
      return { ok: false, refusal: { kind: "differentSchedule", slot } };
    if ((slot.deliveryChannel ?? null) !== (first.deliveryChannel ?? null))
      return { ok: false, refusal: { kind: "differentDeliveryChannel", slot } };
    if ((slot.slotType ?? null) !== (first.slotType ?? null))
      return { ok: false, refusal: { kind: "differentSlotType", slot } };
  }
  for (let i = 1; i < ordered.length; i += 1) {
    const previous = ordered[i - 1]!;
    const next = ordered[i]!;
    const end = epochMs(previous.end);
    const start = epochMs(next.start);
    if (start > end)
      return {
        ok: false,
        refusal: { kind: "gap", previousEnd: previous.end, nextStart: next.start },
      };
    if (start < end)
      return {
        ok: false,
        refusal: { kind: "overlap", previousEnd: previous.end, nextStart: next.start },
      };
  }
  return { ok: true, slots: ordered };
}

/** Can `candidate` be added to `selection`? The combined selection, in start order, if so. */
export function extendSelection(
  selection: readonly BookableSlot[],
  candidate: BookableSlot,
): AdjacencyResult {
  return checkAdjacent([...selection, candidate]);
}

/** Why a slot cannot be added, in words for the booking panel. */
export function refusalMessage(refusal: AdjacencyRefusal): string {
  switch (refusal.kind) {
    case "empty":
      return "Choose a slot first.";
    case "duplicate":
      return "That slot is already in the booking.";
    case "differentPractice":
      return "Slots from different practices cannot be booked together. Book them separately.";
    case "differentSchedule":
      return "Slots must be in the same session (schedule) to be booked together.";
    case "differentDeliveryChannel":
      return "Slots must have the same delivery channel (in person, telephone or video) to be booked together.";
    case "differentSlotType":
      return "Slots must be of the same type to be booked together.";
    case "gap":
      return `Slots must follow each other with no gap: one ends at ${formatUkTime(refusal.previousEnd)} and the next starts at ${formatUkTime(refusal.nextStart)}.`;
    case "overlap":
      return `Slots must not overlap: one ends at ${formatUkTime(refusal.previousEnd)} but the next starts at ${formatUkTime(refusal.nextStart)}.`;
  }
}

/**
 * The free slot that would extend `selection` at its end (or, failing that, at its start),
 * for the "Add the next slot" action. `null` when there is none.
 */
export function adjacentCandidates(
  selection: readonly BookableSlot[],
  slots: readonly BookableSlot[],
): { next: BookableSlot | null; previous: BookableSlot | null } {
  const first = selection[0];
  const last = selection[selection.length - 1];
  if (!first || !last) return { next: null, previous: null };
  const endMs = epochMs(last.end);
  const startMs = epochMs(first.start);
  const chosen = new Set(selection.map(slotKey));
  let next: BookableSlot | null = null;
  let previous: BookableSlot | null = null;
  for (const slot of slots) {
    if (chosen.has(slotKey(slot))) continue;
    if (!next && epochMs(slot.start) === endMs && extendSelection(selection, slot).ok) next = slot;
    if (!previous && epochMs(slot.end) === startMs && extendSelection(selection, slot).ok)
      previous = slot;
    if (next && previous) break;
  }
  return { next, previous };
}

/**
 * Removes a slot from the selection. Only the first or last slot can be removed, so what is left
 * stays contiguous; removing a middle slot keeps the slots before it.
 */
export function removeFromSelection(
  selection: readonly BookableSlot[],
  key: string,
): BookableSlot[] {
  const index = selection.findIndex((s) => slotKey(s) === key);
  if (index < 0) return [...selection];
  if (index === 0) return selection.slice(1);
  return selection.slice(0, index);
}
