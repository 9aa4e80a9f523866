/**
 * The fake's `search_slots`: every practice asked at once, each answering (or failing, timing
 * out, answering late) by its mode, with its progress reported as it happens.
 */
import type { BookableSlot } from "../../src/ipc/bindings/BookableSlot";
import type { SearchEvent } from "../../src/ipc/bindings/SearchEvent";
import type { SearchSummary } from "../../src/ipc/bindings/SearchSummary";
import type { SlotSearchRequest } from "../../src/ipc/bindings/SlotSearchRequest";
import { epochMs } from "../../src/lib/ukTime";
import { fakeError, searchTimeoutError } from "./errors";
import type { Practice } from "./practices";
import { hash } from "./slots";
import type { FakeWorld } from "./world";

/** Free, future slots of `practice`, and how many free ones had already started. */
function freeSlots(
  world: FakeWorld,
  practice: Practice,
  from: string,
  to: string,
): { free: BookableSlot[]; past: number } {
  const now = world.options.now();
  let past = 0;
  const free = world.slots(practice, from, to).filter((slot) => {
    const key = `${slot.practiceOdsCode}/${slot.slotId}`;
    if (world.taken.has(key)) return false;
    if (hash(key) % 5 === 0 && !world.released.has(key)) return false;
    if (epochMs(slot.start) <= now) {
      past += 1;
      return false;
    }
    return true;
  });
  return { free, past };
}

export async function searchSlots(
  world: FakeWorld,
  request: SlotSearchRequest,
  onEvent: (event: SearchEvent) => void,
): Promise<SearchSummary> {
  world.record("search_slots", request);
  const practices = request.practices.map((ods) => world.practice(ods));
  if (request.to < request.from)
    throw fakeError("VALIDATION", "The end date is before the start date.", { field: "to" });
  for (const p of practices) onEvent({ kind: "started", odsCode: p.odsCode });
  const started = performance.now();
  const summary: SearchSummary = { practices: practices.length, slots: 0, failed: 0 };
  await Promise.all(
    practices.map(async (p, index) => {
      const mode = world.modes.search[p.odsCode] ?? "ok";
      const base = world.options.delayMs;
      const delay =
        mode === "slow" || mode === "timeout"
          ? world.options.slowMs
          : base > 0
            ? base * (0.5 + (hash(p.odsCode) % 100) / 100) + index
            : 0;
      await world.sleep(delay);
      const elapsedMs = Math.round(performance.now() - started);
      if (mode === "fail") {
        summary.failed += 1;
        onEvent({
          kind: "failed",
          odsCode: p.odsCode,
          elapsedMs,
          error: fakeError(
            "PROVIDER_UNREACHABLE",
            "The NHS network (Spine Secure Proxy) refused or could not forward the request (HTTP 502).",
            {
              httpStatus: 502,
              advice:
                "The practice system is not answering. Try again shortly or contact the practice by phone.",
              retryable: true,
            },
          ),
        });
        return;
      }
      if (mode === "timeout") {
        summary.failed += 1;
        onEvent({ kind: "failed", odsCode: p.odsCode, elapsedMs, error: searchTimeoutError() });
        return;
      }
      const { free, past } =
        mode === "empty" ? { free: [], past: 0 } : freeSlots(world, p, request.from, request.to);
      summary.slots += free.length;
      onEvent({
        kind: "finished",
        odsCode: p.odsCode,
        slots: structuredClone(free),
        pastSlots: past,
        unusableSlots: 0,
        elapsedMs,
      });
    }),
  );
  return summary;
}
