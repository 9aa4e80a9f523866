/**
 * The app's store (zustand), one per app instance, with the backend inside so actions can call
 * it. Components read it with `useApp(selector)`.
 */
import { createContext, useContext, type ReactNode } from "react";
import { createStore, useStore, type StoreApi } from "zustand";
import type { Backend } from "../ipc/backend";
import { ukDate } from "../lib/ukTime";
import { createAppSlice } from "../features/app/state";
import { createPatientSlice } from "../features/patients/state";
import { createTraceSlice } from "../features/trace/state";
import { createSearchSlice } from "../features/slots/state";
import { createBookingSlice } from "../features/booking/state";
import { createRescheduleSlice } from "../features/reschedule/state";
import { createAppointmentsSlice } from "../features/appointments/state";
import { createSettingsSlice } from "../features/settings/state";
import { createWritesSlice } from "../features/history/state";
import { createSessionSlice, guardSignIn } from "../features/session/state";
import type { AppState } from "./types";

export type AppStore = StoreApi<AppState>;

export function createAppStore(
  backend: Backend,
  today: () => string = () => ukDate(),
  now: () => number = () => Date.now(),
): AppStore {
  return createStore<AppState>()((set, get) => {
    // Every command that answers SIGN_IN_REQUIRED shows the sign-in (and keeps the rest).
    const guarded = guardSignIn(backend, (error) => get().signInRequired(error));
    const context = { set, get, backend: guarded, today, now };
    return {
      ...createAppSlice(context),
      ...createSessionSlice(context),
      ...createPatientSlice(context),
      ...createTraceSlice(context),
      ...createSearchSlice(context),
      ...createBookingSlice(context),
      ...createRescheduleSlice(context),
      ...createAppointmentsSlice(context),
      ...createSettingsSlice(context),
      ...createWritesSlice(context),
    };
  });
}

const StoreContext = createContext<AppStore | null>(null);
const BackendContext = createContext<Backend | null>(null);

export function AppProvider({
  store,
  backend,
  children,
}: {
  store: AppStore;
  backend: Backend;
  children: ReactNode;
}) {
  return (
    <BackendContext.Provider value={backend}>
      <StoreContext.Provider value={store}>{children}</StoreContext.Provider>
    </BackendContext.Provider>
  );
}

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error("useAppStore outside AppProvider");
  return store;
}

/** Reads part of the app's state; re-renders when that part changes. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStore(), selector);
}

/** The backend, for the few components that call it directly. */
export function useBackend(): Backend {
  const backend = useContext(BackendContext);
  if (!backend) throw new Error("useBackend outside AppProvider");
  return backend;
}
