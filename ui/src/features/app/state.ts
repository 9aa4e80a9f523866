/** Which screen is shown, and the app's status (mode, organisation, certificate, problems). */
import type { AppStatus } from "../../ipc/bindings/AppStatus";
import type { CommandError } from "../../ipc/bindings/CommandError";
import { toCommandError } from "../../lib/errors";
import type { SliceContext } from "../../state/types";

export type View = "book" | "appointments" | "settings" | "history";

export type AppSlice = {
  view: View;
  status: AppStatus | null;
  statusError: CommandError | null;
  setView: (view: View) => void;
  loadStatus: () => Promise<void>;
  setStatus: (status: AppStatus) => void;
};

export function createAppSlice({ set, backend }: SliceContext): AppSlice {
  return {
    view: "book",
    status: null,
    statusError: null,
    setView: (view) => set({ view }),
    loadStatus: async () => {
      try {
        const status = await backend.appStatus();
        set({ status, statusError: null });
      } catch (error) {
        set({ statusError: toCommandError(error) });
      }
    },
    setStatus: (status) => set({ status, statusError: null }),
  };
}
