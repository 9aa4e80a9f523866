/**
 * The patient's appointments at every practice (`list_appointments`, filled in as practices
 * answer), and amending, cancelling and exporting them. A change is sent "as of the version the
 * user saw"; a conflict keeps the user's edit and shows what changed.
 */
import type { AppointmentsEvent } from "../../ipc/bindings/AppointmentsEvent";
import type { AppointmentView } from "../../ipc/bindings/AppointmentView";
import type { CommandError } from "../../ipc/bindings/CommandError";
import type { DemographicDifference } from "../../ipc/bindings/DemographicDifference";
import type { ListAppointmentsRequest } from "../../ipc/bindings/ListAppointmentsRequest";
import type { PatientRecord } from "../../ipc/bindings/PatientRecord";
import type { RescheduleResult } from "../../ipc/bindings/RescheduleResult";
import { checkDate, isoToParts, type DateParts } from "../../lib/dateInput";
import { appointmentsWindow, addDays } from "../../lib/dateWindows";
import { toCommandError } from "../../lib/errors";
import { commentProblem, descriptionProblem, reasonProblem } from "../../lib/limits";
import { compactNhsNumber, isValidNhsNumber } from "../../lib/nhsNumber";
import { demographicsOf } from "../../lib/patientEntry";
import { epochMs } from "../../lib/ukTime";
import type { AppState, SliceContext } from "../../state/types";
import { sensitiveError } from "../patients/state";

export type AppointmentsPracticeStatus =
  | { state: "loading" }
  | { state: "done"; patient: PatientRecord | null; differences: DemographicDifference[] }
  | { state: "failed"; error: CommandError };

export function appointmentKey(a: Pick<AppointmentView, "practice" | "appointmentId">): string {
  return `${a.practice.odsCode}/${a.appointmentId}`;
}

/**
 * An amend or cancel form open on one appointment. `id` is new for every form opened: a save's
 * answer is applied only to the form it was sent from.
 */
export type Editor =
  | {
      kind: "amend";
      id: number;
      key: string;
      /** The appointment as the user saw it when they started editing. */
      original: AppointmentView;
      description: string;
      comment: string;
      attempted: boolean;
      saving: boolean;
      conflict: AppointmentView | null;
      error: CommandError | null;
    }
  | {
      kind: "cancel";
      id: number;
      key: string;
      original: AppointmentView;
      reason: string;
      attempted: boolean;
      saving: boolean;
      conflict: AppointmentView | null;
      error: CommandError | null;
    };

export type FieldProblem = { inputId: string; message: string };

/** True when the open form holds something the user typed that would be lost by closing it. */
export function editorHasEdits(editor: Editor | null): boolean {
  if (!editor) return false;
  if (editor.kind === "cancel") return editor.reason.trim() !== "";
  return (
    editor.description !== (editor.original.description ?? "") ||
    editor.comment !== (editor.original.comment ?? "")
  );
}

/**
 * True when the list shown is for the NHS number now entered. When it is not, nothing in the
 * list may be amended, cancelled or moved: the receptionist may be talking about someone else.
 */
export function appointmentsMatchPatient(s: AppState): boolean {
  return s.appointmentsFor !== null && s.appointmentsFor === compactNhsNumber(s.patient.nhsNumber);
}

export type AppointmentsSlice = {
  apptFromParts: DateParts;
  apptToParts: DateParts;
  apptFormErrors: FieldProblem[];
  /** The NHS number (digits) the list is for; `null` before "Show appointments". */
  appointmentsFor: string | null;
  /** The request the list was shown for (Retry asks for one practice again with it). */
  appointmentsRequest: ListAppointmentsRequest | null;
  appointmentStatus: Record<string, AppointmentsPracticeStatus>;
  appointmentsByPractice: Record<string, AppointmentView[]>;
  appointmentsError: CommandError | null;
  appointmentsLoading: boolean;
  editor: Editor | null;
  /** A short confirmation after a change ("Appointment cancelled"), by appointment key. */
  changeNotice: { key: string; text: string } | null;
  setApptDatePart: (which: "from" | "to", part: keyof DateParts, value: string) => void;
  /** Shows the list for the patient entered now (replacing the list, and any open form). */
  showAppointments: () => Promise<void>;
  /** Asks one practice again, for the patient and dates the list was shown for. */
  retryAppointments: (ods: string) => Promise<void>;
  /** Forgets the list; answers still coming for it are ignored (a new caller). */
  clearAppointments: () => void;
  openAmend: (a: AppointmentView) => void;
  openCancel: (a: AppointmentView) => void;
  closeEditor: () => void;
  setEditorField: (field: "description" | "comment" | "reason", value: string) => void;
  editorProblems: () => FieldProblem[];
  saveAmend: () => Promise<void>;
  /** After a conflict: take the current version as the base and keep the user's edit. */
  rebaseEditor: () => void;
  confirmCancel: () => Promise<void>;
  replaceAppointment: (a: AppointmentView) => void;
  applyRescheduleToList: (result: RescheduleResult) => void;
  allAppointments: () => AppointmentView[];
};

export function createAppointmentsSlice({
  set,
  get,
  backend,
  today,
}: SliceContext): AppointmentsSlice {
  const window = appointmentsWindow(today());
  let generation = 0;

  let editorId = 0;

  /** Changes the form `id` if it is still the one open (never another that replaced it). */
  const updateEditor = (id: number, patch: Partial<Editor>) =>
    set((s) => (s.editor?.id === id ? { editor: { ...s.editor, ...patch } as Editor } : {}));

  /** A form may be opened unless the list is for someone else or a change is being sent. */
  const canOpenEditor = () => appointmentsMatchPatient(get()) && !get().editor?.saving;

  /** Applies a practice's answer, unless the list was replaced or cleared since `gen`. */
  const apply = (gen: number) => (event: AppointmentsEvent) => {
    if (gen !== generation) return;
    set((state) => {
      const appointmentStatus = { ...state.appointmentStatus };
      const appointmentsByPractice = { ...state.appointmentsByPractice };
      switch (event.kind) {
        case "started":
          appointmentStatus[event.odsCode] = { state: "loading" };
          appointmentsByPractice[event.odsCode] = [];
          break;
        case "finished":
          appointmentStatus[event.odsCode] = {
            state: "done",
            patient: event.patient,
            differences: event.differences,
          };
          appointmentsByPractice[event.odsCode] = event.appointments;
          break;
        case "failed":
          appointmentStatus[event.odsCode] = {
            state: "failed",
            error: toCommandError(event.error),
          };
          appointmentsByPractice[event.odsCode] = [];
          break;
      }
      return { appointmentStatus, appointmentsByPractice };
    });
  };

  /** Marks the practices still loading (all, or only `ods`) as failed with `error`. */
  const failLoading = (error: CommandError, ods?: string) =>
    set((state) => {
      const appointmentStatus = { ...state.appointmentStatus };
      for (const [code, status] of Object.entries(appointmentStatus)) {
        if (status.state === "loading" && (ods === undefined || ods === code))
          appointmentStatus[code] = { state: "failed", error };
      }
      return { appointmentStatus };
    });

  return {
    apptFromParts: isoToParts(window.from),
    apptToParts: isoToParts(window.to),
    apptFormErrors: [],
    appointmentsFor: null,
    appointmentsRequest: null,
    appointmentStatus: {},
    appointmentsByPractice: {},
    appointmentsError: null,
    appointmentsLoading: false,
    editor: null,
    changeNotice: null,

    setApptDatePart: (which, part, value) =>
      set((s) =>
        which === "from"
          ? { apptFromParts: { ...s.apptFromParts, [part]: value } }
          : { apptToParts: { ...s.apptToParts, [part]: value } },
      ),

    showAppointments: async () => {
      const s = get();
      const errors: FieldProblem[] = [];
      if (!isValidNhsNumber(s.patient.nhsNumber)) {
        set({ nhsTouched: true });
        errors.push({ inputId: "nhs-number", message: "Enter a valid NHS number" });
      }
      const from = checkDate(s.apptFromParts, "From date", { required: true });
      const to = checkDate(s.apptToParts, "To date", { required: true });
      if (from.message) errors.push({ inputId: "appt-from-day", message: from.message });
      if (to.message) errors.push({ inputId: "appt-to-day", message: to.message });
      if (from.iso && from.iso < today())
        errors.push({
          inputId: "appt-from-day",
          message:
            "From date must be today or later: past appointments are in the patient's record",
        });
      if (from.iso && to.iso && to.iso < from.iso)
        errors.push({
          inputId: "appt-to-day",
          message: "To date must be the same as or after the from date",
        });
      if (from.iso && to.iso && to.iso > addDays(from.iso, 366 * 2))
        errors.push({ inputId: "appt-to-day", message: "Show at most two years at a time" });
      if (errors.length > 0 || !from.iso || !to.iso) {
        set({ apptFormErrors: errors });
        return;
      }
      // Traced on PDS first (§5.4); nothing is asked of any practice for a sensitive patient.
      set({ apptFormErrors: [] });
      const traced = await get().ensureTrace();
      if (!traced || traced.gpConnectBlock) {
        set({
          appointmentsError: traced ? sensitiveError() : get().trace.error,
          appointmentsLoading: false,
        });
        return;
      }
      const request: ListAppointmentsRequest = {
        nhsNumber: compactNhsNumber(get().patient.nhsNumber),
        entered: demographicsOf(get().patient),
        practices: [],
        from: from.iso,
        to: to.iso,
      };
      const gen = ++generation;
      set({
        apptFormErrors: [],
        appointmentsFor: request.nhsNumber,
        appointmentsRequest: request,
        appointmentsError: null,
        appointmentsLoading: true,
        editor: null,
        changeNotice: null,
        appointmentStatus: {},
        appointmentsByPractice: {},
      });
      try {
        await backend.listAppointments(request, apply(gen));
        if (gen === generation) set({ appointmentsLoading: false });
      } catch (raw) {
        if (gen !== generation) return;
        failLoading(toCommandError(raw));
        set({ appointmentsLoading: false, appointmentsError: toCommandError(raw) });
      }
    },

    retryAppointments: async (ods) => {
      const request = get().appointmentsRequest;
      if (!request) return;
      const gen = generation;
      try {
        await backend.listAppointments({ ...request, practices: [ods] }, apply(gen));
      } catch (raw) {
        if (gen === generation) failLoading(toCommandError(raw), ods);
      }
    },

    clearAppointments: () => {
      generation += 1;
      set({
        appointmentsFor: null,
        appointmentsRequest: null,
        appointmentStatus: {},
        appointmentsByPractice: {},
        appointmentsError: null,
        appointmentsLoading: false,
        editor: null,
        changeNotice: null,
      });
    },

    openAmend: (a) => {
      if (!canOpenEditor()) return;
      set({
        changeNotice: null,
        editor: {
          kind: "amend",
          id: ++editorId,
          key: appointmentKey(a),
          original: a,
          description: a.description ?? "",
          comment: a.comment ?? "",
          attempted: false,
          saving: false,
          conflict: null,
          error: null,
        },
      });
    },
    openCancel: (a) => {
      if (!canOpenEditor()) return;
      set({
        changeNotice: null,
        editor: {
          kind: "cancel",
          id: ++editorId,
          key: appointmentKey(a),
          original: a,
          reason: "",
          attempted: false,
          saving: false,
          conflict: null,
          error: null,
        },
      });
    },
    closeEditor: () => set({ editor: null }),
    setEditorField: (field, value) => {
      const editor = get().editor;
      if (!editor) return;
      if (editor.kind === "amend" && (field === "description" || field === "comment"))
        updateEditor(editor.id, { [field]: value });
      if (editor.kind === "cancel" && field === "reason")
        updateEditor(editor.id, { reason: value });
    },

    editorProblems: () => {
      const editor = get().editor;
      const problems: FieldProblem[] = [];
      if (!editor) return problems;
      if (editor.kind === "amend") {
        const description = descriptionProblem(editor.description);
        if (description === "empty")
          problems.push({ inputId: "amend-description", message: "Enter a description" });
        else if (description === "tooLong")
          problems.push({
            inputId: "amend-description",
            message: "Description must be 100 characters or fewer",
          });
        if (commentProblem(editor.comment))
          problems.push({
            inputId: "amend-comment",
            message: "Comment must be 500 characters or fewer",
          });
      } else {
        const reason = reasonProblem(editor.reason);
        if (reason === "empty")
          problems.push({ inputId: "cancel-reason", message: "Enter the reason for cancelling" });
        else if (reason === "tooLong")
          problems.push({
            inputId: "cancel-reason",
            message: "Reason must be 500 characters or fewer",
          });
      }
      return problems;
    },

    saveAmend: async () => {
      const editor = get().editor;
      if (!editor || editor.kind !== "amend" || editor.saving) return;
      const id = editor.id;
      updateEditor(id, { attempted: true, error: null });
      if (get().editorProblems().length > 0 || !appointmentsMatchPatient(get())) return;
      const base = editor.conflict ?? editor.original;
      updateEditor(id, { saving: true });
      try {
        const result = await backend.amendAppointment({
          odsCode: base.practice.odsCode,
          nhsNumber: get().appointmentsFor ?? "",
          appointmentId: base.appointmentId,
          expectedVersion: base.versionId,
          description: editor.description.trim(),
          comment: editor.comment.trim(),
        });
        if (result.kind === "changed") {
          get().replaceAppointment(result.appointment);
          set((s) => ({
            editor: s.editor?.id === id ? null : s.editor,
            changeNotice: { key: editor.key, text: "Appointment updated." },
          }));
        } else if (result.kind === "unknown") {
          // The answer was lost: never resent; checked in the background.
          get().applyWrite(result.write);
          updateEditor(id, { saving: false, error: result.error });
        } else {
          get().replaceAppointment(result.current);
          updateEditor(id, { saving: false, conflict: result.current, original: base });
        }
      } catch (raw) {
        updateEditor(id, { saving: false, error: toCommandError(raw) });
      }
    },

    rebaseEditor: () => {
      const editor = get().editor;
      if (!editor?.conflict) return;
      updateEditor(editor.id, { original: editor.conflict, conflict: null, error: null });
    },

    confirmCancel: async () => {
      const editor = get().editor;
      if (!editor || editor.kind !== "cancel" || editor.saving) return;
      const id = editor.id;
      updateEditor(id, { attempted: true, error: null });
      if (get().editorProblems().length > 0 || !appointmentsMatchPatient(get())) return;
      const base = editor.conflict ?? editor.original;
      updateEditor(id, { saving: true });
      try {
        const result = await backend.cancelAppointment({
          odsCode: base.practice.odsCode,
          nhsNumber: get().appointmentsFor ?? "",
          appointmentId: base.appointmentId,
          expectedVersion: base.versionId,
          reason: editor.reason.trim(),
        });
        if (result.kind === "changed") {
          get().replaceAppointment(result.appointment);
          set((s) => ({
            editor: s.editor?.id === id ? null : s.editor,
            changeNotice: {
              key: editor.key,
              text: "Appointment cancelled. Its slot is free again: search the calendar again to see it.",
            },
          }));
        } else if (result.kind === "unknown") {
          // The answer was lost: never resent; checked in the background.
          get().applyWrite(result.write);
          updateEditor(id, { saving: false, error: result.error });
        } else {
          get().replaceAppointment(result.current);
          updateEditor(id, { saving: false, conflict: result.current, original: base });
        }
      } catch (raw) {
        updateEditor(id, { saving: false, error: toCommandError(raw) });
      }
    },

    replaceAppointment: (a) =>
      set((s) => {
        const list = s.appointmentsByPractice[a.practice.odsCode];
        if (!list) return {};
        return {
          appointmentsByPractice: {
            ...s.appointmentsByPractice,
            [a.practice.odsCode]: list.map((x) => (x.appointmentId === a.appointmentId ? a : x)),
          },
        };
      }),

    applyRescheduleToList: (result) => {
      if (result.kind === "rescheduled") get().replaceAppointment(result.cancelled);
      // The new appointment appears when the list is shown again.
      if (get().appointmentsFor) set({ changeNotice: null });
    },

    allAppointments: () =>
      Object.values(get().appointmentsByPractice)
        .flat()
        .sort((a, b) => epochMs(a.start ?? "") - epochMs(b.start ?? "")),
  };
}
