/**
 * The fake's `book_appointment` and `reschedule_appointment`: the slots checked as the Rust
 * client checks them (adjacency, description and comment limits), the failure modes of the next
 * booking, and the confirmation.
 */
import type { BookableSlot } from "../../src/ipc/bindings/BookableSlot";
import type { BookingConfirmation } from "../../src/ipc/bindings/BookingConfirmation";
import type { BookingResult } from "../../src/ipc/bindings/BookingResult";
import type { BookRequest } from "../../src/ipc/bindings/BookRequest";
import type { CommandError } from "../../src/ipc/bindings/CommandError";
import type { PatientRecord } from "../../src/ipc/bindings/PatientRecord";
import type { RescheduleRequest } from "../../src/ipc/bindings/RescheduleRequest";
import type { RescheduleResult } from "../../src/ipc/bindings/RescheduleResult";
import { epochMs } from "../../src/lib/ukTime";
import { checkAdjacent } from "../../src/lib/adjacency";
import { commentProblem, descriptionProblem } from "../../src/lib/limits";
import { compactNhsNumber, formatNhsNumber } from "../../src/lib/nhsNumber";
import { cancelNow } from "./appointmentCommands";
import { duplicateError, fakeError, timeoutError } from "./errors";
import { recordUnknown } from "./writesCommands";
import { BOOKING_ORGANISATION, type FakeWorld, type StoredAppointment } from "./world";
import { requireTrace } from "./pdsCommands";

type Booked = { appointment: StoredAppointment; slots: BookableSlot[] };

/** Books `request` now, or throws the error the practice would answer with. */
function bookNow(world: FakeWorld, request: BookRequest): Booked {
  const checked = checkAdjacent(request.slots);
  if (!checked.ok)
    throw fakeError("VALIDATION", "These slots cannot be booked together.", { field: "slots" });
  const description = request.description.trim();
  if (descriptionProblem(description))
    throw fakeError("VALIDATION", "Enter a description of at most 100 characters", {
      field: "description",
    });
  if (request.comment && commentProblem(request.comment))
    throw fakeError("VALIDATION", "The comment must be at most 500 characters", {
      field: "comment",
    });
  const duplicate = () =>
    duplicateError(`Slot ${checked.slots[0]?.slotId ?? ""} is no longer free`);
  if (world.modes.book === "duplicate") {
    world.modes.book = "ok";
    // Someone else books it first.
    for (const s of checked.slots) world.taken.add(`${s.practiceOdsCode}/${s.slotId}`);
    throw duplicate();
  }
  if (!checked.slots.every((s) => world.isFree(s))) throw duplicate();
  const patient = world.patients.get(compactNhsNumber(request.patient.nhsNumber ?? ""));
  if (!patient?.records[request.odsCode])
    throw fakeError(
      "PATIENT_NOT_FOUND",
      "The practice refused the request: Patient not found (404 PATIENT_NOT_FOUND).",
      { httpStatus: 404, spineCode: "PATIENT_NOT_FOUND" },
    );
  const appointment = world.createAppointment(
    checked.slots,
    patient,
    description,
    request.comment?.trim() ? request.comment.trim() : null,
  );
  return { appointment, slots: checked.slots };
}

/**
 * The disposition timeframe rule of `BookRequest::check_timeframe`: a booking starting after
 * the timeframe needs a reason. Returns the reason kept, or `null`.
 */
function checkTimeframe(request: BookRequest): string | null {
  const timeframe = request.timeframe;
  const first = [...request.slots].sort((a, b) => epochMs(a.start) - epochMs(b.start))[0];
  if (!timeframe || !first || epochMs(first.start) <= epochMs(timeframe.until)) return null;
  const reason = timeframe.reasonOutside?.trim() ?? "";
  if (reason === "" || [...reason].length > 500)
    throw fakeError(
      "VALIDATION",
      reason === ""
        ? "Give the reason for booking outside the disposition timeframe"
        : "The reason must be 500 characters or fewer",
      { field: "timeframeReason" },
    );
  return reason;
}

function confirmation(
  a: StoredAppointment,
  patient: PatientRecord,
  slots: BookableSlot[],
  request: BookRequest,
  reason: string | null,
): BookingConfirmation {
  const timeframe = request.timeframe;
  const first = slots[0]!;
  return {
    appointmentId: a.appointmentId,
    versionId: a.versionId,
    practice: a.practice,
    location: {
      name: first.location.name,
      address: first.location.address,
      phone: first.location.phone,
    },
    practitioner: first.practitioner?.name ?? null,
    practitionerGender: first.practitioner?.gender ?? null,
    role: first.practitionerRole?.display ?? null,
    start: a.start ?? first.start,
    end: a.end ?? first.end,
    durationMinutes: a.durationMinutes ?? first.durationMinutes,
    deliveryChannel: a.deliveryChannel,
    slotType: a.slotType,
    scheduleType: a.scheduleType,
    patientName: patient.name,
    patientNhsNumber: patient.nhsNumber ? formatNhsNumber(patient.nhsNumber) : null,
    patientBirthDate: patient.birthDate,
    description: a.description,
    comment: a.comment,
    bookingOrganisation: BOOKING_ORGANISATION,
    created: a.created,
    slotIds: a.slotIds,
    timeframe: timeframe?.label ?? null,
    outsideTimeframeReason: reason,
  };
}

export async function bookAppointment(
  world: FakeWorld,
  request: BookRequest,
): Promise<BookingResult> {
  world.record("book_appointment", request);
  await world.pause("book_appointment");
  world.practice(request.odsCode);
  requireTrace(world, request.patient.nhsNumber ?? "", "book");
  const reason = checkTimeframe(request);
  const mode = world.modes.book;
  if (mode === "timeout") {
    world.modes.book = "ok";
    throw timeoutError();
  }
  if (mode === "providerError") {
    world.modes.book = "ok";
    throw fakeError(
      "INVALID_RESOURCE",
      "The practice refused the request: Invalid resource (422 INVALID_RESOURCE).",
      {
        httpStatus: 422,
        spineCode: "INVALID_RESOURCE",
        diagnostics: "Appointment.description exceeds the practice's limit",
        advice:
          "The practice refused the request. Read the practice's message below; if it does not help, report it to support.",
      },
    );
  }
  if (mode === "unknown") {
    // Made at the practice, its answer lost: "check now" finds it.
    world.modes.book = "ok";
    const { appointment } = bookNow(world, request);
    return {
      kind: "unknown",
      error: fakeError(
        "PROVIDER_UNREACHABLE",
        "The NHS network (Spine Secure Proxy) refused or could not forward the request (HTTP 502).",
        {
          httpStatus: 502,
          outcomeUnknown: true,
          traceId: "00000000-0000-4000-8000-00000000b00c",
        },
      ),
      write: recordUnknown(
        world,
        "book",
        request.odsCode,
        request.patient.nhsNumber ?? "",
        appointment.appointmentId,
      ),
    };
  }
  if (mode === "notBooked") {
    world.modes.book = "ok";
    return {
      kind: "notBooked",
      error: fakeError("CONNECTION_LOST", "The connection was lost before the practice answered.", {
        outcomeUnknown: true,
        retryable: true,
        advice:
          "The practice did not answer in time. For a booking, check the patient's appointments before trying again.",
      }),
    };
  }
  const { appointment, slots } = bookNow(world, request);
  const booked = confirmation(appointment, request.patient, slots, request, reason);
  if (mode === "reconciled") {
    world.modes.book = "ok";
    return { kind: "reconciled", confirmation: booked };
  }
  return { kind: "booked", confirmation: booked };
}

export async function rescheduleAppointment(
  world: FakeWorld,
  request: RescheduleRequest,
): Promise<RescheduleResult> {
  world.record("reschedule_appointment", request);
  await world.pause("reschedule_appointment");
  requireTrace(world, request.booking.patient.nhsNumber ?? "", "book");
  const old = world.find(request.odsCode, request.appointmentId);
  if (request.expectedVersion !== null && request.expectedVersion !== old.versionId)
    return { kind: "conflict", current: world.view(old) };
  const reason = checkTimeframe(request.booking);
  let booked: Booked;
  try {
    booked = bookNow(world, request.booking);
  } catch (error) {
    return { kind: "notRescheduled", error: error as CommandError };
  }
  if (world.modes.reschedule === "bookingUnknown") {
    // Booked, but the answer was lost and reading the appointments back failed too.
    world.modes.reschedule = "ok";
    return { kind: "bookingUnknown", error: timeoutError(), write: null };
  }
  const made = confirmation(
    booked.appointment,
    request.booking.patient,
    booked.slots,
    request.booking,
    reason,
  );
  if (world.modes.reschedule === "cancelFailed") {
    world.modes.reschedule = "ok";
    return {
      kind: "cancelFailed",
      confirmation: made,
      old: world.view(old),
      error: timeoutError(),
    };
  }
  cancelNow(world, old, request.reason.trim() || "Rescheduled");
  return { kind: "rescheduled", confirmation: made, cancelled: world.view(old) };
}
