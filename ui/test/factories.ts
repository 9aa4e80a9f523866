/** Test data builders (never used by the app itself). */
import type { BookableSlot } from "../src/ipc/bindings/BookableSlot";
import type { CommandError } from "../src/ipc/bindings/CommandError";
import type { ErrorCode } from "../src/ipc/bindings/ErrorCode";
import type { ErrorDetails } from "../src/ipc/bindings/ErrorDetails";

export function slot(overrides: Partial<BookableSlot> = {}): BookableSlot {
  return {
    practiceOdsCode: "A20047",
    practiceName: "Dr Legg's Surgery",
    slotId: "1",
    scheduleId: "1",
    start: "2026-11-23T10:00:00+00:00",
    end: "2026-11-23T10:10:00+00:00",
    durationMinutes: 10,
    deliveryChannel: "In-person",
    slotType: "Standard",
    scheduleType: "General GP Appointments",
    location: {
      id: "16",
      name: "Dr Legg's Surgery",
      address: ["1 Main Street", "Leeds", "LS1 1AA"],
      phone: "0113 496 0101",
    },
    practitioner: { id: "1", name: "Dr Jane Smith", gender: "female" },
    practitionerRole: { system: null, code: "R0260", display: "General Medical Practitioner" },
    organisation: { odsCode: "A20047", name: "Dr Legg's Surgery" },
    healthcareService: null,
    searchedOrgType: null,
    ...overrides,
  };
}

/** Three adjacent 10-minute slots from 10:00 GMT. */
export function three(): [BookableSlot, BookableSlot, BookableSlot] {
  return [
    slot({ slotId: "1", start: "2026-11-23T10:00:00+00:00", end: "2026-11-23T10:10:00+00:00" }),
    slot({ slotId: "2", start: "2026-11-23T10:10:00+00:00", end: "2026-11-23T10:20:00+00:00" }),
    slot({ slotId: "3", start: "2026-11-23T10:20:00+00:00", end: "2026-11-23T10:30:00+00:00" }),
  ];
}

export function commandError(
  code: ErrorCode,
  message: string,
  details: Partial<ErrorDetails> = {},
): CommandError {
  return {
    code,
    message,
    details: {
      httpStatus: null,
      spineCode: null,
      diagnostics: null,
      advice: "",
      field: null,
      fields: [],
      outcomeUnknown: false,
      retryable: false,
      traceId: null,
      ...details,
    },
  };
}
