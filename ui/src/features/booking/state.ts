/**
 * Booking: the slots chosen (one, or adjacent ones by the rules of `lib/adjacency`), the
 * description and comment, the booking and what became of it, and rescheduling (the same
 * panel books the new slot, then the backend cancels the old appointment).
 */
import type { AppointmentView } from "../../ipc/bindings/AppointmentView";
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import type { BookingConfirmation } from "../../ipc/bindings/BookingConfirmation";
import type { CommandError } from "../../ipc/bindings/CommandError";
import type { RescheduleResult } from "../../ipc/bindings/RescheduleResult";
import { extendSelection, refusalMessage, removeFromSelection, slotKey } from "../../lib/adjacency";
import { toCommandError } from "../../lib/errors";
import { isValidNhsNumber } from "../../lib/nhsNumber";
import { lookupKey } from "../../lib/patientEntry";
import { charCount } from "../../lib/registration";
import type { SliceContext } from "../../state/types";

export const DESCRIPTION_MAX = 100;
export const COMMENT_MAX = 500;
export const REASON_MAX = 500;

/** What the alert under the Confirm button says (`#booking-message`, `data-code`). */
export type BookingMessage =
  | { kind: "error"; error: CommandError }
  | { kind: "notBooked"; error: CommandError }
  | { kind: "reconciled" };

export type BookingProblem = { inputId: string; message: string };

export type RescheduleOutcome =
  { kind: "result"; result: RescheduleResult } | { kind: "error"; error: CommandError };

export type OldCancel =
  | { status: "idle" }
  | { status: "sending" }
  | { status: "done" }
  | { status: "failed"; error: CommandError };

export type BookingSlice = {
  selection: BookableSlot[];
  selectionNotice: string | null;
  /** Click or Enter: choose this slot alone. Shift or the Add button: extend the selection. */
  selectSlot: (slot: BookableSlot, extend: boolean) => void;
  removeSelected: (key: string) => void;
  clearSelection: () => void;
  description: string;
  comment: string;
  setDescription: (text: string) => void;
  setComment: (text: string) => void;
  bookingAttempted: boolean;
  booking: boolean;
  bookingMessage: BookingMessage | null;
  confirmation: BookingConfirmation | null;
  confirmationReconciled: boolean;
  /** Problems that stop the booking (for the error summary and inline errors). */
  bookingProblems: () => BookingProblem[];
  book: () => Promise<void>;
  bookAnother: () => void;
  reschedule: { appointment: AppointmentView; reason: string } | null;
  rescheduleOutcome: RescheduleOutcome | null;
  oldCancel: OldCancel;
  startReschedule: (appointment: AppointmentView) => void;
  stopReschedule: () => void;
  setRescheduleReason: (reason: string) => void;
  cancelOldAppointment: () => Promise<void>;
};

export function createBookingSlice({ set, get, backend }: SliceContext): BookingSlice {
  const afterTaken = (practice: string, slots: BookableSlot[]) => {
    // The slot is no longer free: drop it and search that practice again.
    get().removeSlots(slots.map(slotKey));
    void get().retryPractice(practice);
  };

  return {
    selection: [],
    selectionNotice: null,
    selectSlot: (slot, extend) => {
      const { selection } = get();
      const key = slotKey(slot);
      if (!extend || selection.length === 0) {
        set({ selection: [slot], selectionNotice: null, bookingMessage: null });
        return;
      }
      if (selection.some((s) => slotKey(s) === key)) {
        set({ selectionNotice: "That slot is already in the booking." });
        return;
      }
      const result = extendSelection(selection, slot);
      if (result.ok) set({ selection: result.slots, selectionNotice: null, bookingMessage: null });
      else set({ selectionNotice: `That slot cannot be added. ${refusalMessage(result.refusal)}` });
    },
    removeSelected: (key) =>
      set((s) => ({ selection: removeFromSelection(s.selection, key), selectionNotice: null })),
    clearSelection: () => set({ selection: [], selectionNotice: null }),

    description: "",
    comment: "",
    setDescription: (description) => set({ description }),
    setComment: (comment) => set({ comment }),
    bookingAttempted: false,
    booking: false,
    bookingMessage: null,
    confirmation: null,
    confirmationReconciled: false,

    bookingProblems: () => {
      const s = get();
      const problems: BookingProblem[] = [];
      if (!isValidNhsNumber(s.patient.nhsNumber))
        problems.push({ inputId: "nhs-number", message: "Enter a valid NHS number" });
      if (s.selection.length === 0)
        problems.push({
          inputId: "slot-list",
          message: "Choose a slot in the calendar or the list",
        });
      const practice = s.selection[0]?.practiceOdsCode;
      if (practice && isValidNhsNumber(s.patient.nhsNumber)) {
        const lookup = s.lookups[practice];
        if (!lookup?.result?.record)
          problems.push({
            inputId: "patient-at-practice",
            message: "Find or register the patient at this practice first",
          });
      }
      const description = s.description.trim();
      if (description === "")
        problems.push({ inputId: "description", message: "Enter a description" });
      else if (charCount(description) > DESCRIPTION_MAX)
        problems.push({
          inputId: "description",
          message: "Description must be 100 characters or fewer",
        });
      if (charCount(s.comment.trim()) > COMMENT_MAX)
        problems.push({ inputId: "comment", message: "Comment must be 500 characters or fewer" });
      if (s.reschedule) {
        const reason = s.reschedule.reason.trim();
        if (reason === "")
          problems.push({
            inputId: "reschedule-reason",
            message: "Enter the reason for moving the appointment",
          });
        else if (charCount(reason) > REASON_MAX)
          problems.push({
            inputId: "reschedule-reason",
            message: "Reason must be 500 characters or fewer",
          });
      }
      return problems;
    },

    book: async () => {
      set({ bookingAttempted: true, bookingMessage: null, rescheduleOutcome: null });
      const s = get();
      if (s.booking || s.bookingProblems().length > 0) return;
      const slots = s.selection;
      const practice = slots[0]!.practiceOdsCode;
      const lookup = s.lookups[practice];
      const record = lookup?.result?.record;
      if (!record) return;
      if (lookup.key !== lookupKey(practice, s.patient)) {
        // The patient details changed since the lookup: look up again before booking.
        await get().lookupPatient(practice);
      }
      const patient = get().lookups[practice]?.result?.record ?? record;
      const request = {
        practice,
        patient,
        slots,
        description: s.description.trim(),
        comment: s.comment.trim() === "" ? null : s.comment.trim(),
      };
      set({ booking: true });
      if (s.reschedule) {
        const old = s.reschedule.appointment;
        try {
          const result = await backend.rescheduleAppointment({
            practice: old.practice.odsCode,
            appointmentId: old.appointmentId,
            expectedVersion: old.versionId,
            booking: request,
            reason: s.reschedule.reason.trim(),
          });
          set({
            booking: false,
            rescheduleOutcome: { kind: "result", result },
            oldCancel: { status: "idle" },
          });
          if (result.kind === "notRescheduled") {
            if (result.error.code === "DUPLICATE_REJECTED") {
              set({ selection: [] });
              afterTaken(practice, slots);
            }
            return;
          }
          if (result.kind === "conflict") {
            // Nothing was booked: show the appointment as it now is and move that one if the
            // user confirms again.
            get().replaceAppointment(result.current);
            set((st) =>
              st.reschedule
                ? { reschedule: { ...st.reschedule, appointment: result.current } }
                : {},
            );
            return;
          }
          if (result.kind === "bookingUnknown") {
            // The new booking may exist: never offer to send it again from here.
            set({ selection: [] });
            return;
          }
          get().removeSlots(slots.map(slotKey));
          set({ selection: [], confirmation: result.confirmation, confirmationReconciled: false });
          get().applyRescheduleToList(result);
        } catch (raw) {
          set({ booking: false, rescheduleOutcome: { kind: "error", error: toCommandError(raw) } });
        }
        return;
      }
      try {
        const result = await backend.bookAppointment(request);
        if (result.kind === "notBooked") {
          set({ booking: false, bookingMessage: { kind: "notBooked", error: result.error } });
          return;
        }
        get().removeSlots(slots.map(slotKey));
        set({
          booking: false,
          selection: [],
          confirmation: result.confirmation,
          confirmationReconciled: result.kind === "reconciled",
          bookingMessage: result.kind === "reconciled" ? { kind: "reconciled" } : null,
        });
      } catch (raw) {
        const error = toCommandError(raw);
        set({ booking: false, bookingMessage: { kind: "error", error } });
        if (error.code === "DUPLICATE_REJECTED") {
          set({ selection: [] });
          afterTaken(practice, slots);
        }
      }
    },

    bookAnother: () =>
      set({
        confirmation: null,
        confirmationReconciled: false,
        bookingMessage: null,
        bookingAttempted: false,
        description: "",
        comment: "",
        selection: [],
        selectionNotice: null,
        reschedule: null,
        rescheduleOutcome: null,
        oldCancel: { status: "idle" },
      }),

    reschedule: null,
    rescheduleOutcome: null,
    oldCancel: { status: "idle" },
    startReschedule: (appointment) =>
      set({
        view: "book",
        reschedule: { appointment, reason: "Moved at the patient's request" },
        rescheduleOutcome: null,
        oldCancel: { status: "idle" },
        confirmation: null,
        bookingMessage: null,
        bookingAttempted: false,
        selection: [],
        selectionNotice: null,
        description: appointment.description ?? "",
        comment: appointment.comment ?? "",
      }),
    stopReschedule: () => set({ reschedule: null, rescheduleOutcome: null }),
    setRescheduleReason: (reason) =>
      set((s) => (s.reschedule ? { reschedule: { ...s.reschedule, reason } } : {})),

    cancelOldAppointment: async () => {
      const outcome = get().rescheduleOutcome;
      const reason = get().reschedule?.reason.trim() || "Moved to a new appointment";
      if (outcome?.kind !== "result" || outcome.result.kind !== "cancelFailed") return;
      const old = outcome.result.old;
      set({ oldCancel: { status: "sending" } });
      try {
        const result = await backend.cancelAppointment({
          practice: old.practice.odsCode,
          appointmentId: old.appointmentId,
          expectedVersion: old.versionId,
          reason,
        });
        if (result.kind === "changed") {
          set({ oldCancel: { status: "done" } });
          get().replaceAppointment(result.appointment);
        } else {
          // Someone changed it meanwhile: cancel the version as it now is (the user asked to).
          const again = await backend.cancelAppointment({
            practice: old.practice.odsCode,
            appointmentId: old.appointmentId,
            expectedVersion: result.current.versionId,
            reason,
          });
          if (again.kind === "changed") {
            set({ oldCancel: { status: "done" } });
            get().replaceAppointment(again.appointment);
          } else {
            set({
              oldCancel: {
                status: "failed",
                error: toCommandError({
                  code: "FHIR_CONSTRAINT_VIOLATION",
                  message: "The old appointment keeps changing at the practice.",
                  details: { advice: "Open Appointments, check it and cancel it there." },
                }),
              },
            });
          }
        }
      } catch (raw) {
        set({ oldCancel: { status: "failed", error: toCommandError(raw) } });
      }
    },
  };
}
