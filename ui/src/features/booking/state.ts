/**
 * Booking: the slots chosen (one, or adjacent ones by the rules of `lib/adjacency`), the
 * description and comment, the booking and what became of it, and rescheduling (the same
 * panel books the new slot, then the backend cancels the old appointment).
 */
import type { AppointmentView } from "../../ipc/bindings/AppointmentView";
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import type { BookingConfirmation } from "../../ipc/bindings/BookingConfirmation";
import type { BookRequest } from "../../ipc/bindings/BookRequest";
import type { CommandError } from "../../ipc/bindings/CommandError";
import type { RescheduleResult } from "../../ipc/bindings/RescheduleResult";
import { extendSelection, refusalMessage, removeFromSelection, slotKey } from "../../lib/adjacency";
import { toCommandError } from "../../lib/errors";
import { compactNhsNumber, formatNhsNumber, isValidNhsNumber } from "../../lib/nhsNumber";
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
  | { kind: "reconciled" }
  /** Refused before anything was sent (`data-code="stopped"`). */
  | { kind: "stopped"; title: string; text: string };

export type BookingProblem = { inputId: string; message: string };

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
  /**
   * Books the selection for the patient found at its practice (or moves `reschedule` there).
   * Sends nothing unless the lookup answered for exactly what is entered now, and never sends
   * twice: a second call while one is running does nothing.
   */
  book: () => Promise<void>;
  bookAnother: () => void;
  reschedule: Reschedule | null;
  rescheduleOutcome: RescheduleOutcome | null;
  oldCancel: OldCancel;
  /** True when starting a reschedule would replace text typed in the Book panel. */
  rescheduleWouldReplaceText: (appointment: AppointmentView) => boolean;
  /** Moves `appointment` (from the list shown for the NHS number entered now). */
  startReschedule: (appointment: AppointmentView) => void;
  stopReschedule: () => void;
  setRescheduleReason: (reason: string) => void;
  cancelOldAppointment: () => Promise<void>;
};

const DEFAULT_REASON = "Moved at the patient's request";

export function createBookingSlice({ set, get, backend }: SliceContext): BookingSlice {
  const afterTaken = (practice: string, slots: BookableSlot[]) => {
    // The slot is no longer free: drop it and search that practice again.
    get().removeSlots(slots.map(slotKey));
    void get().retryPractice(practice);
  };

  const sendBooking = async (request: BookRequest) => {
    const { practice, slots } = request;
    try {
      const result = await backend.bookAppointment(request);
      if (result.kind === "notBooked") {
        set({ bookingMessage: { kind: "notBooked", error: result.error } });
        return;
      }
      get().removeSlots(slots.map(slotKey));
      set({
        selection: [],
        confirmation: result.confirmation,
        confirmationReconciled: result.kind === "reconciled",
        bookingMessage: result.kind === "reconciled" ? { kind: "reconciled" } : null,
      });
    } catch (raw) {
      const error = toCommandError(raw);
      set({ bookingMessage: { kind: "error", error } });
      if (error.code === "DUPLICATE_REJECTED") {
        set({ selection: [] });
        afterTaken(practice, slots);
      } else if (error.details.outcomeUnknown) {
        // No answer, and the check by reading failed too: the booking may exist. Clear the
        // choice so Confirm cannot simply send it again.
        set({ selection: [] });
      }
    }
  };

  const sendReschedule = async (reschedule: Reschedule, request: BookRequest) => {
    const { practice, slots } = request;
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
        practice: old.practice.odsCode,
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
          set({ selection: [] });
          afterTaken(practice, slots);
        }
        return;
      case "conflict":
        // Nothing was booked or cancelled: move the appointment as it now is only if the user
        // confirms again, having seen what changed.
        get().replaceAppointment(result.current);
        updateReschedule({ appointment: result.current });
        return;
      case "bookingUnknown":
        // The new booking may exist: never offer to send it again from here.
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
      else if (s.reschedule && s.reschedule.nhsNumber !== compactNhsNumber(s.patient.nhsNumber))
        problems.push({
          inputId: "nhs-number",
          message: `The appointment being moved is for NHS number ${formatNhsNumber(s.reschedule.nhsNumber)}: enter that number, or stop moving it`,
        });
      if (s.selection.length === 0)
        problems.push({
          inputId: "slot-list",
          message: "Choose a slot in the calendar or the list",
        });
      const practice = s.selection[0]?.practiceOdsCode;
      if (practice && isValidNhsNumber(s.patient.nhsNumber)) {
        // Only an answer for exactly what is entered now counts: never a previous patient's.
        const lookup = s.lookups[practice];
        if (!lookup || lookup.key !== lookupKey(practice, s.patient) || lookup.status === "loading")
          problems.push({
            inputId: "patient-at-practice",
            message: "Wait until the patient has been found at this practice",
          });
        else if (lookup.status === "failed")
          problems.push({
            inputId: "patient-at-practice",
            message: "The patient could not be looked up at this practice: try again",
          });
        else if (!lookup.result?.record)
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
        if (s.reschedule.blocked)
          problems.push({
            inputId: "reschedule-message",
            message:
              "Check the patient's appointments before booking again: the new appointment may exist",
          });
        else if (!s.reschedule.appointment.changeable)
          problems.push({
            inputId: "reschedule-message",
            message: "The appointment being moved can no longer be changed: stop moving it",
          });
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
      if (get().booking) return; // a second click or Enter while one is being sent
      set({ bookingAttempted: true, bookingMessage: null });
      const s = get();
      const slots = s.selection;
      const practice = slots[0]?.practiceOdsCode;
      if (!practice || s.bookingProblems().length > 0) {
        // The lookup may not have started yet (typing just stopped): start it now.
        if (practice) void get().lookupPatient(practice);
        return;
      }
      const entered = compactNhsNumber(s.patient.nhsNumber);
      const record = s.lookups[practice]?.result?.record;
      if (!record) return; // bookingProblems says so
      const held = compactNhsNumber(record.nhsNumber ?? "");
      if (held !== entered) {
        set({
          bookingMessage: {
            kind: "stopped",
            title: "Nothing was booked: the NHS numbers do not match",
            text: `The record found at this practice has NHS number ${held ? formatNhsNumber(held) : "(none)"}, but ${formatNhsNumber(entered)} is entered. Check the NHS number with the caller.`,
          },
        });
        return;
      }
      const reschedule = s.reschedule;
      if (reschedule && (reschedule.nhsNumber !== entered || reschedule.blocked)) return;
      const request = {
        practice,
        patient: record,
        slots,
        description: s.description.trim(),
        comment: s.comment.trim() === "" ? null : s.comment.trim(),
      };
      set({ booking: true, rescheduleOutcome: null });
      try {
        if (reschedule) await sendReschedule(reschedule, request);
        else await sendBooking(request);
      } finally {
        set({ booking: false });
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
          practice: base.practice.odsCode,
          appointmentId: base.appointmentId,
          expectedVersion: base.versionId,
          reason,
        });
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
