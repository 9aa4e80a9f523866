/** Which screen is shown, and the app's status (mode, organisation, certificate, problems). */
import type { AppStatus } from "../../ipc/bindings/AppStatus";
import type { CommandError } from "../../ipc/bindings/CommandError";
import { toCommandError } from "../../lib/errors";
import type { SliceContext } from "../../state/types";

export type View = "book" | "appointments" | "settings" | "history";

export type AppSlice = {
  view: View;
  /**
   * Look for the patient everywhere and list their appointments as soon as the NHS number is
   * valid (`usePatientFirst`). On in the app; the component tests switch it on where they test
   * it, so others' call counts do not depend on timing.
   */
  patientFirst: boolean;
  status: AppStatus | null;
  statusError: CommandError | null;
  setView: (view: View) => void;
  loadStatus: () => Promise<void>;
  setStatus: (status: AppStatus) => void;
};

export function createAppSlice({ set, backend }: SliceContext): AppSlice {
  return {
    view: "book",
    patientFirst: true,
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
