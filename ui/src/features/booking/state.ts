/**
 * Booking: the slots chosen (one, or adjacent ones by the rules of `lib/adjacency`), the
 * description and comment, the booking and what became of it. When an appointment is being
 * moved, Confirm sends the move instead (`features/reschedule`).
 */
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import type { BookingConfirmation } from "../../ipc/bindings/BookingConfirmation";
import type { BookRequest } from "../../ipc/bindings/BookRequest";
import type { CommandError } from "../../ipc/bindings/CommandError";
import { extendSelection, refusalMessage, removeFromSelection, slotKey } from "../../lib/adjacency";
import { toCommandError } from "../../lib/errors";
import { commentProblem, descriptionProblem } from "../../lib/limits";
import { compactNhsNumber, formatNhsNumber, isValidNhsNumber } from "../../lib/nhsNumber";
import { lookupKey } from "../../lib/patientEntry";
import { TIMEFRAME_REASON_MAX_CHARS } from "../../ipc/bindings/constants";
import { outsideTimeframe, timeframeEndIso } from "../../lib/timeframe";
import { epochMs } from "../../lib/ukTime";
import type { SliceContext } from "../../state/types";

/** What the alert under the Confirm button says (`#booking-message`, `data-code`). */
export type BookingMessage =
  | { kind: "error"; error: CommandError }
  | { kind: "notBooked"; error: CommandError }
  /** The answer was lost and reading back has not found it yet: checked in the background. */
  | { kind: "unknown"; error: CommandError; writeId: number }
  | { kind: "reconciled" }
  /** Refused before anything was sent (`data-code="stopped"`). */
  | { kind: "stopped"; title: string; text: string };

export type BookingProblem = { inputId: string; message: string };

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
  /** Why a slot outside the disposition timeframe is booked (kept with the booking). */
  timeframeReason: string;
  setTimeframeReason: (text: string) => void;
  /** The chosen slots start after the disposition timeframe. */
  selectionOutsideTimeframe: () => boolean;
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
};

export function createBookingSlice({ set, get, backend }: SliceContext): BookingSlice {
  const afterTaken = (practice: string, slots: BookableSlot[]) => {
    // The slot is no longer free: drop it and search that practice again.
    get().removeSlots(slots.map(slotKey));
    void get().retryPractice(practice);
  };

  const sendBooking = async (request: BookRequest) => {
    const { odsCode: practice, slots } = request;
    try {
      const result = await backend.bookAppointment(request);
      if (result.kind === "notBooked") {
        set({ bookingMessage: { kind: "notBooked", error: result.error } });
        return;
      }
      if (result.kind === "unknown") {
        // It may have been made: clear the choice so Confirm cannot send it again; the
        // background checks (and "Check now") say what became of it.
        get().applyWrite(result.write);
        set({
          selection: [],
          bookingMessage: { kind: "unknown", error: result.error, writeId: result.write.id },
        });
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
    timeframeReason: "",
    setTimeframeReason: (timeframeReason) => set({ timeframeReason }),
    selectionOutsideTimeframe: () => {
      const { selection, timeframe } = get();
      const first = [...selection].sort((a, b) => epochMs(a.start) - epochMs(b.start))[0];
      return first !== undefined && outsideTimeframe(first.start, timeframe);
    },
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
        else if (
          (lookup.result.differences.length ?? 0) > 0 &&
          s.acknowledged[practice] !== lookup.key
        )
          problems.push({
            inputId: "acknowledge-differences",
            message:
              "The practice's record differs from PDS: check the differences with the caller and tick that you have",
          });
      }
      const block = s.currentTrace()?.bookingBlock;
      if (block === "deceased")
        problems.push({
          inputId: "trace-summary",
          message: "PDS records this patient as deceased: no appointment can be booked",
        });
      else if (block === "sensitive")
        problems.push({
          inputId: "trace-summary",
          message: "This patient is sensitive on PDS: GP Connect must not be used for them",
        });
      const description = descriptionProblem(s.description);
      if (description === "empty")
        problems.push({ inputId: "description", message: "Enter a description" });
      else if (description === "tooLong")
        problems.push({
          inputId: "description",
          message: "Description must be 100 characters or fewer",
        });
      if (commentProblem(s.comment))
        problems.push({ inputId: "comment", message: "Comment must be 500 characters or fewer" });
      if (s.selectionOutsideTimeframe()) {
        const reason = s.timeframeReason.trim();
        if (reason === "")
          problems.push({
            inputId: "timeframe-reason",
            message: "Give the reason for booking outside the disposition timeframe",
          });
        else if ([...reason].length > TIMEFRAME_REASON_MAX_CHARS)
          problems.push({
            inputId: "timeframe-reason",
            message: `The reason must be ${TIMEFRAME_REASON_MAX_CHARS} characters or fewer`,
          });
      }
      problems.push(...s.rescheduleProblems());
      return problems;
    },

    book: async () => {
      if (get().booking) return; // a second click or Enter while one is being sent
      // A booking still being checked stays on screen until its outcome is known.
      const previous = get().bookingMessage;
      set({
        bookingAttempted: true,
        bookingMessage: previous?.kind === "unknown" ? previous : null,
      });
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
      const timeframe = s.timeframe;
      const request = {
        odsCode: practice,
        patient: record,
        slots,
        description: s.description.trim(),
        comment: s.comment.trim() === "" ? null : s.comment.trim(),
        timeframe: timeframe
          ? {
              label: timeframe.label,
              until: timeframeEndIso(timeframe),
              reasonOutside: s.selectionOutsideTimeframe() ? s.timeframeReason.trim() : null,
            }
          : null,
      };
      set({ booking: true, rescheduleOutcome: null });
      try {
        if (reschedule) await get().sendReschedule(reschedule, request);
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
        timeframeReason: "",
        selection: [],
        selectionNotice: null,
        reschedule: null,
        rescheduleOutcome: null,
        oldCancel: { status: "idle" },
      }),
  };
}
