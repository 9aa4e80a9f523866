/** The app's state, composed of one slice per feature (see each feature's `state.ts`). */
import type { StoreApi } from "zustand";
import type { Backend } from "../ipc/backend";
import type { AppSlice } from "../features/app/state";
import type { PatientSlice } from "../features/patients/state";
import type { SearchSlice } from "../features/slots/state";
import type { BookingSlice } from "../features/booking/state";
import type { RescheduleSlice } from "../features/reschedule/state";
import type { AppointmentsSlice } from "../features/appointments/state";
import type { SettingsSlice } from "../features/settings/state";
import type { WritesSlice } from "../features/history/state";
import type { SessionSlice } from "../features/session/state";
import type { TraceSlice } from "../features/trace/state";

export type AppState = AppSlice &
  SessionSlice &
  PatientSlice &
  TraceSlice &
  SearchSlice &
  BookingSlice &
  RescheduleSlice &
  AppointmentsSlice &
  SettingsSlice &
  WritesSlice;

export type SetState = StoreApi<AppState>["setState"];
export type GetState = StoreApi<AppState>["getState"];

/** What every slice is made from: the store's set/get, the backend, and a clock. */
export type SliceContext = {
  set: SetState;
  get: GetState;
  backend: Backend;
  /** Today's UK date `yyyy-mm-dd` (injectable for tests). */
  today: () => string;
  /** Now, epoch milliseconds (injectable for tests). */
  now: () => number;
};
