/**
 * Writes whose outcome was unknown (the journal: still being checked, or open when the app
 * last closed) and the local audit trail (History). The background checks' changes arrive
 * through `watchWrites`; "check now" and "close after calling the practice" act on one write.
 */
import type { CommandError } from "../../ipc/bindings/CommandError";
import type { HistoryRow } from "../../ipc/bindings/HistoryRow";
import type { PendingWriteView } from "../../ipc/bindings/PendingWriteView";
import { toCommandError } from "../../lib/errors";
import type { SliceContext } from "../../state/types";

export type HistoryFilterState = {
  nhsNumber: string;
  odsCode: string;
  outcome: string;
  days: number;
};

export type WritesSlice = {
  /** Open writes, and settled ones from before the app last closed (until dismissed). */
  pending: PendingWriteView[];
  pendingError: CommandError | null;
  /** Writes being checked now ("check now"), by id. */
  checking: Record<number, boolean>;
  /** Errors of "check now" or "close", by id. */
  writeErrors: Record<number, CommandError>;
  dismissed: number[];
  watching: boolean;
  loadPending: () => Promise<void>;
  /** Subscribes once to the background checks. */
  watchPending: () => Promise<void>;
  /** Puts `write` in the list (replacing the same id). */
  applyWrite: (write: PendingWriteView) => void;
  checkWrite: (id: number) => Promise<void>;
  resolveWrite: (id: number, note: string) => Promise<boolean>;
  dismissWrite: (id: number) => void;

  history: HistoryRow[] | null;
  historyLoading: boolean;
  historyError: CommandError | null;
  historyFilter: HistoryFilterState;
  setHistoryFilter: (patch: Partial<HistoryFilterState>) => void;
  loadHistory: () => Promise<void>;
};

export function createWritesSlice({ set, get, backend }: SliceContext): WritesSlice {
  return {
    pending: [],
    pendingError: null,
    checking: {},
    writeErrors: {},
    dismissed: [],
    watching: false,
    loadPending: async () => {
      try {
        const pending = await backend.pendingWrites();
        set({ pending, pendingError: null });
      } catch (raw) {
        set({ pendingError: toCommandError(raw) });
      }
    },
    watchPending: async () => {
      if (get().watching) return;
      set({ watching: true });
      try {
        await backend.watchWrites((event) => get().applyWrite(event.write));
      } catch (raw) {
        set({ watching: false, pendingError: toCommandError(raw) });
      }
    },
    applyWrite: (write) =>
      set((s) => {
        const others = s.pending.filter((w) => w.id !== write.id);
        return { pending: [write, ...others].sort((a, b) => b.id - a.id) };
      }),
    checkWrite: async (id) => {
      if (get().checking[id]) return;
      set((s) => ({
        checking: { ...s.checking, [id]: true },
        writeErrors: omit(s.writeErrors, id),
      }));
      try {
        get().applyWrite(await backend.checkPendingWrite(id));
      } catch (raw) {
        set((s) => ({ writeErrors: { ...s.writeErrors, [id]: toCommandError(raw) } }));
      } finally {
        set((s) => ({ checking: omit(s.checking, id) }));
      }
    },
    resolveWrite: async (id, note) => {
      try {
        get().applyWrite(await backend.resolvePendingWrite(id, note));
        return true;
      } catch (raw) {
        set((s) => ({ writeErrors: { ...s.writeErrors, [id]: toCommandError(raw) } }));
        return false;
      }
    },
    dismissWrite: (id) => set((s) => ({ dismissed: [...s.dismissed, id] })),

    history: null,
    historyLoading: false,
    historyError: null,
    historyFilter: { nhsNumber: "", odsCode: "", outcome: "", days: 1 },
    setHistoryFilter: (patch) => set((s) => ({ historyFilter: { ...s.historyFilter, ...patch } })),
    loadHistory: async () => {
      const f = get().historyFilter;
      set({ historyLoading: true, historyError: null });
      try {
        const history = await backend.listHistory({
          nhsNumber: f.nhsNumber.trim() === "" ? null : f.nhsNumber,
          odsCode: f.odsCode === "" ? null : f.odsCode,
          outcome: f.outcome === "" ? null : f.outcome,
          days: f.days,
        });
        set({ history, historyLoading: false });
      } catch (raw) {
        set({ historyError: toCommandError(raw), historyLoading: false });
      }
    },
  };
}

function omit<T>(record: Record<number, T>, id: number): Record<number, T> {
  const copy = { ...record };
  delete copy[id];
  return copy;
}
