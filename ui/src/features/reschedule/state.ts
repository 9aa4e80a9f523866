/**
 * Moving an appointment: the Book panel books the new slot, then the backend cancels the old
 * appointment (`reschedule_appointment`), never the other way round. What became of the move,
 * and cancelling the old appointment by hand when the backend could not.
 *
 * Started from the appointments list (`startReschedule`); the booking slice sends the move
 * (`sendReschedule`) when the user confirms.
 */
import type { AppointmentView } from "../../ipc/bindings/AppointmentView";
import type { BookRequest } from "../../ipc/bindings/BookRequest";
import type { CommandError } from "../../ipc/bindings/CommandError";
import type { RescheduleResult } from "../../ipc/bindings/RescheduleResult";
import { slotKey } from "../../lib/adjacency";
import { toCommandError } from "../../lib/errors";
import { reasonProblem } from "../../lib/limits";
import { compactNhsNumber } from "../../lib/nhsNumber";
import type { SliceContext } from "../../state/types";

export type RescheduleOutcome =
  | {
      kind: "result";
      result: RescheduleResult;
      /** The old appointment as it was sent (the version the user saw). */
      before: AppointmentView;
    }
  | { kind: "error"; error: CommandError };

/** Moving an appointment: the Book panel books the new slot, then the old one is cancelled. */
export type Reschedule = {
  appointment: AppointmentView;
  reason: string;
  /** The NHS number (digits) of the patient whose appointment is being moved. */
  nhsNumber: string;
  /**
   * The new booking's answer was lost and could not be checked: it may exist, so this move is
   * never sent again from here (the user checks the patient's appointments instead).
   */
  blocked: boolean;
};

/** Cancelling the old appointment by hand after a reschedule that could not cancel it. */
export type OldCancel =
  | { status: "idle" }
  | { status: "sending"; base: AppointmentView }
  | { status: "done" }
  | { status: "failed"; error: CommandError; base: AppointmentView }
  /** Someone changed it first: nothing was cancelled; the user confirms the current version. */
  | { status: "conflict"; before: AppointmentView; current: AppointmentView };

export type RescheduleSlice = {
  reschedule: Reschedule | null;
  rescheduleOutcome: RescheduleOutcome | null;
  oldCancel: OldCancel;
  /** True when starting a reschedule would replace text typed in the Book panel. */
  rescheduleWouldReplaceText: (appointment: AppointmentView) => boolean;
  /** Moves `appointment` (from the list shown for the NHS number entered now). */
  startReschedule: (appointment: AppointmentView) => void;
  stopReschedule: () => void;
  setRescheduleReason: (reason: string) => void;
  /** What stops the move being sent (after the booking's own problems), for the Book panel. */
  rescheduleProblems: () => Array<{ inputId: string; message: string }>;
  /** Sends the move of `reschedule` to the slots of `request` (the booking slice calls it). */
  sendReschedule: (reschedule: Reschedule, request: BookRequest) => Promise<void>;
  cancelOldAppointment: () => Promise<void>;
};

const DEFAULT_REASON = "Moved at the patient's request";

export function createRescheduleSlice({ set, get, backend }: SliceContext): RescheduleSlice {
  return {
    reschedule: null,
    rescheduleOutcome: null,
    oldCancel: { status: "idle" },

    rescheduleWouldReplaceText: (appointment) => {
      const s = get();
      if (s.confirmation) return false; // what is shown was booked: nothing typed is lost
      const replaced =
        (s.description.trim() !== "" && s.description !== (appointment.description ?? "")) ||
        (s.comment.trim() !== "" && s.comment !== (appointment.comment ?? ""));
      const reason = s.reschedule?.reason.trim() ?? "";
      return replaced || (reason !== "" && reason !== DEFAULT_REASON);
    },

    startReschedule: (appointment) => {
      const s = get();
      const nhsNumber = s.appointmentsFor;
      // Only from the list shown for the NHS number entered now, and never mid-booking.
      if (s.booking || !nhsNumber || nhsNumber !== compactNhsNumber(s.patient.nhsNumber)) return;
      set({
        view: "book",
        reschedule: { appointment, reason: DEFAULT_REASON, nhsNumber, blocked: false },
        rescheduleOutcome: null,
        oldCancel: { status: "idle" },
        confirmation: null,
        bookingMessage: null,
        bookingAttempted: false,
        selection: [],
        selectionNotice: null,
        description: appointment.description ?? "",
        comment: appointment.comment ?? "",
      });
    },

    stopReschedule: () => {
      if (get().booking) return;
      set({ reschedule: null, rescheduleOutcome: null, oldCancel: { status: "idle" } });
    },

    setRescheduleReason: (reason) =>
      set((s) => (s.reschedule ? { reschedule: { ...s.reschedule, reason } } : {})),

    rescheduleProblems: () => {
      const reschedule = get().reschedule;
      const problems: Array<{ inputId: string; message: string }> = [];
      if (!reschedule) return problems;
      if (reschedule.blocked)
        problems.push({
          inputId: "reschedule-message",
          message:
            "Check the patient's appointments before booking again: the new appointment may exist",
        });
      else if (!reschedule.appointment.changeable)
        problems.push({
          inputId: "reschedule-message",
          message: "The appointment being moved can no longer be changed: stop moving it",
        });
      const reason = reasonProblem(reschedule.reason);
      if (reason === "empty")
        problems.push({
          inputId: "reschedule-reason",
          message: "Enter the reason for moving the appointment",
        });
      else if (reason === "tooLong")
        problems.push({
          inputId: "reschedule-reason",
          message: "Reason must be 500 characters or fewer",
        });
      return problems;
    },

    sendReschedule: async (reschedule, request) => {
      const { odsCode: practice, slots } = request;
      const old = reschedule.appointment;
      /** Changes the reschedule if it is still the one that was sent. */
      const updateReschedule = (patch: Partial<Reschedule>) =>
        set((st) =>
          st.reschedule?.appointment.appointmentId === old.appointmentId &&
          st.reschedule.appointment.practice.odsCode === old.practice.odsCode
            ? { reschedule: { ...st.reschedule, ...patch } }
            : {},
        );
      let result: RescheduleResult;
      try {
        result = await backend.rescheduleAppointment({
          odsCode: old.practice.odsCode,
          appointmentId: old.appointmentId,
          expectedVersion: old.versionId,
          booking: request,
          reason: reschedule.reason.trim(),
        });
      } catch (raw) {
        const error = toCommandError(raw);
        set({ rescheduleOutcome: { kind: "error", error } });
        // No answer: the new appointment may exist. Never offer to send it again.
        if (error.details.outcomeUnknown) {
          set({ selection: [] });
          updateReschedule({ blocked: true });
        }
        return;
      }
      set({
        rescheduleOutcome: { kind: "result", result, before: old },
        oldCancel: { status: "idle" },
      });
      switch (result.kind) {
        case "notRescheduled":
          if (result.error.code === "DUPLICATE_REJECTED") {
            // The slot is no longer free: drop it and search that practice again.
            set({ selection: [] });
            get().removeSlots(slots.map(slotKey));
            void get().retryPractice(practice);
          }
          return;
        case "conflict":
          // Nothing was booked or cancelled: move the appointment as it now is only if the user
          // confirms again, having seen what changed.
          get().replaceAppointment(result.current);
          updateReschedule({ appointment: result.current });
          return;
        case "bookingUnknown":
          // The new booking may exist: never offer to send it again from here. It is checked
          // in the background and listed under "Writes being checked".
          if (result.write) get().applyWrite(result.write);
          set({ selection: [] });
          updateReschedule({ blocked: true });
          return;
        case "rescheduled":
        case "cancelFailed":
          get().removeSlots(slots.map(slotKey));
          set({ selection: [], confirmation: result.confirmation, confirmationReconciled: false });
          get().applyRescheduleToList(result);
          return;
      }
    },

    cancelOldAppointment: async () => {
      const { rescheduleOutcome: outcome, oldCancel } = get();
      if (outcome?.kind !== "result" || outcome.result.kind !== "cancelFailed") return;
      if (oldCancel.status === "sending" || oldCancel.status === "done") return;
      // The version the user last saw: after a conflict, the one now at the practice.
      const base =
        oldCancel.status === "conflict"
          ? oldCancel.current
          : oldCancel.status === "failed"
            ? oldCancel.base
            : outcome.result.old;
      if (base.status === "cancelled") return;
      const reason = get().reschedule?.reason.trim() || "Moved to a new appointment";
      set({ oldCancel: { status: "sending", base } });
      try {
        const result = await backend.cancelAppointment({
          odsCode: base.practice.odsCode,
          nhsNumber: get().reschedule?.nhsNumber ?? get().appointmentsFor ?? "",
          appointmentId: base.appointmentId,
          expectedVersion: base.versionId,
          reason,
        });
        if (result.kind === "unknown") {
          get().applyWrite(result.write);
          set({ oldCancel: { status: "failed", error: result.error, base } });
          return;
        }
        get().replaceAppointment(result.kind === "changed" ? result.appointment : result.current);
        set({
          oldCancel:
            result.kind === "changed"
              ? { status: "done" }
              : // Someone changed it first: nothing was cancelled. Show what changed and let
                // the user decide (a write is never re-sent on its own).
                { status: "conflict", before: base, current: result.current },
        });
      } catch (raw) {
        set({ oldCancel: { status: "failed", error: toCommandError(raw), base } });
      }
    },
  };
}
