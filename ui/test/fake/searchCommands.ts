/**
 * The fake's `search_slots`: every practice asked at once, each answering (or failing, timing
 * out, answering late) by its mode, with its progress reported as it happens.
 */
import type { BookableSlot } from "../../src/ipc/bindings/BookableSlot";
import type { MissingWindow } from "../../src/ipc/bindings/MissingWindow";
import type { SearchEvent } from "../../src/ipc/bindings/SearchEvent";
import { MAX_SEARCH_RANGE_DAYS } from "../../src/ipc/bindings/constants";
import { addDays, daysInWindow } from "../../src/lib/dateWindows";
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

function daysBetween(from: string, to: string): number {
  return daysInWindow({ from, to });
}

/** Runs `tasks` at most `limit` at a time (the backend's concurrency cap). */
async function capped(limit: number, tasks: Array<() => Promise<void>>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (task) await task();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
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
  if (daysBetween(request.from, request.to) > MAX_SEARCH_RANGE_DAYS)
    throw fakeError("VALIDATION", `Search at most ${MAX_SEARCH_RANGE_DAYS} days at a time`, {
      field: "to",
    });
  for (const p of practices) onEvent({ kind: "started", odsCode: p.odsCode });
  const started = performance.now();
  const summary: SearchSummary = { practices: practices.length, slots: 0, failed: 0 };
  const dos = world.settings.nhs111.enabled ? world.settings.nhs111.dosServiceId.trim() : "";
  await capped(
    world.settings.timeouts.maxConcurrentPractices,
    practices.map((p, index) => async () => {
      onEvent({
        kind: "asked",
        odsCode: p.odsCode,
        queuedMs: Math.round(performance.now() - started),
      });
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
      if (mode === "fail" || mode === "noRecordFound") {
        summary.failed += 1;
        onEvent({
          kind: "failed",
          odsCode: p.odsCode,
          elapsedMs,
          error:
            mode === "fail"
              ? fakeError(
                  "PROVIDER_UNREACHABLE",
                  "The NHS network (Spine Secure Proxy) refused or could not forward the request (HTTP 502).",
                  {
                    httpStatus: 502,
                    advice:
                      "The practice system is not answering. Try again shortly or contact the practice by phone.",
                    retryable: true,
                  },
                )
              : fakeError(
                  "NO_RECORD_FOUND",
                  "The practice refused the request: no record found (404 NO_RECORD_FOUND).",
                  { httpStatus: 404, spineCode: "NO_RECORD_FOUND" },
                ),
        });
        return;
      }
      if (mode === "timeout") {
        summary.failed += 1;
        onEvent({ kind: "failed", odsCode: p.odsCode, elapsedMs, error: searchTimeoutError() });
        return;
      }
      const secondFrom = addDays(request.from, 14);
      const missing: MissingWindow[] =
        mode === "secondWindowFails" && secondFrom <= request.to
          ? [
              {
                range: { start: secondFrom, end: request.to },
                code: "PROVIDER_UNREACHABLE",
                message: "Spine Secure Proxy HTTP 502 PROVIDER_UNREACHABLE",
              },
            ]
          : [];
      const to = missing.length > 0 ? addDays(request.from, 13) : request.to;
      const { free, past } =
        mode === "empty" ? { free: [], past: 0 } : freeSlots(world, p, request.from, to);
      summary.slots += free.length;
      onEvent({
        kind: "finished",
        odsCode: p.odsCode,
        slots: structuredClone(free),
        pastSlots: past,
        unusableSlots: 0,
        missing,
        serviceFiltering: dos ? { status: "supplierDisabled" } : null,
        elapsedMs,
      });
    }),
  );
  return summary;
}
