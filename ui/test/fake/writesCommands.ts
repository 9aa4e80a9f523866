/**
 * The fake's journal of writes and audit trail: `pending_writes`, `check_pending_write`,
 * `resolve_pending_write`, `watch_writes` and `list_history`, and the `unknown` booking (made
 * at the practice, its answer lost) that "check now" then finds made.
 */
import type { HistoryFilter } from "../../src/ipc/bindings/HistoryFilter";
import type { HistoryRow } from "../../src/ipc/bindings/HistoryRow";
import type { PendingWriteView } from "../../src/ipc/bindings/PendingWriteView";
import type { WritesEvent } from "../../src/ipc/bindings/WritesEvent";
import { compactNhsNumber, formatNhsNumber } from "../../src/lib/nhsNumber";
import { fakeError } from "./errors";
import type { FakeWorld } from "./world";

type Writes = {
  writes: PendingWriteView[];
  audit: HistoryRow[];
  watchers: Array<(event: WritesEvent) => void>;
  /** What each unknown write really did at the practice (the appointment id, or null). */
  truth: Map<number, string | null>;
};

const STATE = new WeakMap<FakeWorld, Writes>();

function writesOf(world: FakeWorld): Writes {
  let state = STATE.get(world);
  if (!state) {
    state = { writes: [], audit: [], watchers: [], truth: new Map() };
    STATE.set(world, state);
  }
  return state;
}

let traces = 0;
function traceId(): string {
  traces += 1;
  return `00000000-0000-4000-8000-${String(traces).padStart(12, "0")}`;
}

/** Appends one audit row (the fake audits every write and find it serves). */
export function audit(
  world: FakeWorld,
  row: Pick<HistoryRow, "action" | "odsCode" | "outcome"> & Partial<HistoryRow>,
): string {
  const state = writesOf(world);
  const at = new Date(world.options.now()).toISOString();
  const trace = row.traceId ?? traceId();
  state.audit.unshift({
    id: state.audit.length + 1,
    atUtc: at,
    atUk: at,
    user: "Alex Morgan",
    organisation: "Y90001",
    interactionId: "",
    httpStatus: null,
    code: null,
    appointmentId: null,
    nhsNumber: null,
    ...row,
    note: row.note ?? null,
    traceId: trace,
  });
  return trace;
}

/** Records a write whose answer was lost; `made` is what the practice really did. */
export function recordUnknown(
  world: FakeWorld,
  kind: string,
  odsCode: string,
  nhsNumber: string,
  made: string | null,
): PendingWriteView {
  const state = writesOf(world);
  const id = state.writes.length + 1;
  const practice = world.practice(odsCode);
  const trace = audit(world, {
    action: kind,
    odsCode,
    outcome: "unknown",
    httpStatus: 502,
    code: "ERROR_COMMUNICATING_TO_ENDPOINT_URL",
    nhsNumber: formatNhsNumber(compactNhsNumber(nhsNumber)),
  });
  const description = `a booking for ${formatNhsNumber(compactNhsNumber(nhsNumber))} at ${practice.name}`;
  const write: PendingWriteView = {
    id,
    kind,
    description,
    odsCode,
    nhsNumber: formatNhsNumber(compactNhsNumber(nhsNumber)),
    sentAt: new Date(world.options.now()).toISOString(),
    user: "Alex Morgan",
    traceId: trace,
    state: "open",
    madeId: null,
    checkedAt: null,
    fromEarlierSession: false,
    message: `At 10:00 ${description} was sent and its answer lost: it is still unknown. Do not repeat it yet: the app keeps checking. If it stays unknown, call the practice.`,
  };
  state.writes.push(write);
  state.truth.set(id, made);
  return write;
}

function find(world: FakeWorld, id: number): PendingWriteView {
  const write = writesOf(world).writes.find((w) => w.id === id);
  if (!write) throw fakeError("VALIDATION", "There is no such write in the journal.");
  return write;
}

function replace(world: FakeWorld, write: PendingWriteView): PendingWriteView {
  const state = writesOf(world);
  state.writes = state.writes.map((w) => (w.id === write.id ? write : w));
  for (const watcher of state.watchers) watcher({ kind: "updated", write });
  return write;
}

export async function pendingWrites(world: FakeWorld): Promise<PendingWriteView[]> {
  world.record("pending_writes", {});
  await world.pause("pending_writes");
  return writesOf(world)
    .writes.filter((w) => w.state === "open" || w.fromEarlierSession)
    .slice()
    .reverse();
}

export async function checkPendingWrite(world: FakeWorld, id: number): Promise<PendingWriteView> {
  world.record("check_pending_write", { id });
  await world.pause("check_pending_write");
  const write = find(world, id);
  if (write.state !== "open") return write;
  const made = writesOf(world).truth.get(id) ?? null;
  const checkedAt = new Date(world.options.now()).toISOString();
  if (made === null) return replace(world, { ...write, checkedAt });
  return replace(world, {
    ...write,
    state: "made",
    madeId: made,
    checkedAt,
    message: `At 10:00 ${write.description} was sent and its answer lost: it was made (${made}).`,
  });
}

export async function resolvePendingWrite(
  world: FakeWorld,
  id: number,
  note: string,
): Promise<PendingWriteView> {
  world.record("resolve_pending_write", { id, note });
  await world.pause("resolve_pending_write");
  const write = find(world, id);
  if (note.trim() === "")
    throw fakeError("VALIDATION", "Say what the practice told you before closing it.");
  audit(world, {
    action: "resolve",
    odsCode: write.odsCode,
    outcome: "resolved",
    traceId: write.traceId,
  });
  return replace(world, {
    ...write,
    state: "resolvedByUser",
    message: `At 10:00 ${write.description} was sent and its answer lost: closed after checking with the practice: ${note.trim()}`,
  });
}

export async function watchWrites(
  world: FakeWorld,
  onEvent: (event: WritesEvent) => void,
): Promise<null> {
  world.record("watch_writes", {});
  await world.pause("watch_writes");
  writesOf(world).watchers.push(onEvent);
  return null;
}

export async function listHistory(world: FakeWorld, filter: HistoryFilter): Promise<HistoryRow[]> {
  world.record("list_history", filter);
  await world.pause("list_history");
  const nhs = filter.nhsNumber ? formatNhsNumber(compactNhsNumber(filter.nhsNumber)) : null;
  return writesOf(world).audit.filter(
    (r) =>
      (!nhs || r.nhsNumber === nhs) &&
      (!filter.odsCode || r.odsCode === filter.odsCode) &&
      (!filter.outcome || r.outcome === filter.outcome),
  );
}
