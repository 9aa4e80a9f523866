/**
 * The fake's `list_appointments` (each practice answering by its mode), `amend_appointment`
 * and `cancel_appointment` (a change "as of" the version the user saw: another version is a
 * conflict), and `save_csv`.
 */
import { DateTime } from "luxon";
import type { AmendRequest } from "../../src/ipc/bindings/AmendRequest";
import type { AppointmentsEvent } from "../../src/ipc/bindings/AppointmentsEvent";
import type { CancelRequest } from "../../src/ipc/bindings/CancelRequest";
import type { ChangeResult } from "../../src/ipc/bindings/ChangeResult";
import type { ListAppointmentsRequest } from "../../src/ipc/bindings/ListAppointmentsRequest";
import { descriptionProblem } from "../../src/lib/limits";
import { compactNhsNumber, isValidNhsNumber } from "../../src/lib/nhsNumber";
import { UK_ZONE, epochMs } from "../../src/lib/ukTime";
import { fakeError, timeoutError } from "./errors";
import { differences, patientRecord } from "./patients";
import type { FakeWorld, StoredAppointment } from "./world";
import { requireTrace } from "./pdsCommands";

export async function listAppointments(
  world: FakeWorld,
  request: ListAppointmentsRequest,
  onEvent: (event: AppointmentsEvent) => void,
): Promise<null> {
  world.record("list_appointments", request);
  await world.held("list_appointments");
  if (!isValidNhsNumber(request.nhsNumber))
    throw fakeError("VALIDATION", "NHS number: the check digit is wrong", { field: "nhsNumber" });
  requireTrace(world, request.nhsNumber, "view");
  const practices = (
    request.practices.length > 0 ? request.practices : world.practices.map((p) => p.odsCode)
  ).map((ods) => world.practice(ods));
  for (const p of practices) onEvent({ kind: "started", odsCode: p.odsCode });
  const nhs = compactNhsNumber(request.nhsNumber);
  const patient = world.patients.get(nhs);
  await Promise.all(
    practices.map(async (p, index) => {
      const mode = world.modes.appointments[p.odsCode] ?? "ok";
      await world.sleep(
        mode === "slow" || mode === "timeout"
          ? world.options.slowMs
          : world.options.delayMs / 2 + index,
      );
      if (mode === "fail" || mode === "timeout") {
        onEvent({
          kind: "failed",
          odsCode: p.odsCode,
          error:
            mode === "timeout"
              ? timeoutError()
              : fakeError("CONNECT", "The NHS network or the practice could not be reached.", {
                  advice:
                    "The practice system could not be reached. Check the network connection and try again.",
                  retryable: true,
                }),
        });
        return;
      }
      const record = patient ? patientRecord(patient, p.odsCode) : null;
      const fromMs = DateTime.fromISO(request.from, { zone: UK_ZONE }).startOf("day").toMillis();
      const toMs = DateTime.fromISO(request.to, { zone: UK_ZONE }).endOf("day").toMillis();
      const appointments = record
        ? world.appointments
            .filter((a) => a.nhsNumber === nhs && a.practice.odsCode === p.odsCode)
            .filter((a) => {
              const start = epochMs(a.start ?? "");
              return start >= fromMs && start <= toMs;
            })
            .map((a) => world.view(a))
        : [];
      onEvent({
        kind: "finished",
        odsCode: p.odsCode,
        patient: record,
        differences: differences(request.entered, record),
        appointments,
      });
    }),
  );
  return null;
}

export async function amendAppointment(
  world: FakeWorld,
  request: AmendRequest,
): Promise<ChangeResult> {
  world.record("amend_appointment", request);
  await world.pause("amend_appointment");
  const a = world.find(request.odsCode, request.appointmentId);
  if (world.modes.amend === "conflict") {
    world.modes.amend = "ok";
    a.description = `${a.description ?? ""} (updated by the practice)`;
    a.comment = "Patient called the practice to say they may be late";
    world.bump(a);
    return { kind: "conflict", current: world.view(a) };
  }
  if (request.expectedVersion !== null && request.expectedVersion !== a.versionId)
    return { kind: "conflict", current: world.view(a) };
  if (a.status !== "booked")
    throw fakeError("INVALID_RESOURCE", "Only booked appointments can be changed.", {
      httpStatus: 422,
      spineCode: "INVALID_RESOURCE",
    });
  const description = request.description.trim();
  if (descriptionProblem(description))
    throw fakeError("VALIDATION", "Enter a description of at most 100 characters", {
      field: "description",
      fields: [{ field: "description", message: "Enter a description of at most 100 characters" }],
    });
  a.description = description;
  a.comment = request.comment?.trim() ? request.comment.trim() : null;
  world.bump(a);
  return { kind: "changed", appointment: world.view(a) };
}

/** Cancels `a` with `reason` and frees its slots. */
export function cancelNow(world: FakeWorld, a: StoredAppointment, reason: string) {
  a.status = "cancelled";
  a.cancellationReason = reason;
  world.bump(a);
  for (const id of a.slotIds) {
    const key = `${a.practice.odsCode}/${id}`;
    world.taken.delete(key);
    world.released.add(key);
  }
}

export async function cancelAppointment(
  world: FakeWorld,
  request: CancelRequest,
): Promise<ChangeResult> {
  world.record("cancel_appointment", request);
  await world.pause("cancel_appointment");
  const a = world.find(request.odsCode, request.appointmentId);
  if (world.modes.cancel === "conflict") {
    world.modes.cancel = "ok";
    a.comment = "Time confirmed with the patient by the practice";
    world.bump(a);
    return { kind: "conflict", current: world.view(a) };
  }
  if (request.expectedVersion !== null && request.expectedVersion !== a.versionId)
    return { kind: "conflict", current: world.view(a) };
  if (!request.reason.trim())
    throw fakeError("VALIDATION", "Enter a reason for cancelling", {
      field: "reason",
      fields: [{ field: "reason", message: "Enter a reason for cancelling" }],
    });
  cancelNow(world, a, request.reason.trim());
  return { kind: "changed", appointment: world.view(a) };
}

export async function saveCsv(
  world: FakeWorld,
  suggestedName: string,
  contents: string,
): Promise<string | null> {
  world.record("save_csv", { suggestedName, contents });
  await world.pause("save_csv");
  if (world.options.download && typeof URL.createObjectURL === "function") {
    const url = URL.createObjectURL(new Blob([contents], { type: "text/csv" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = suggestedName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return `/home/user/Downloads/${suggestedName}`;
}
