/**
 * The `CommandError`s the fake answers with, shaped like the Rust app's (`code`, `message`,
 * `details`), so the UI's handling of each code is exercised as it is against the real backend.
 */
import type { CommandError } from "../../src/ipc/bindings/CommandError";
import type { ErrorCode } from "../../src/ipc/bindings/ErrorCode";

export function fakeError(
  code: ErrorCode,
  message: string,
  details: Partial<CommandError["details"]> = {},
): CommandError {
  return {
    code,
    message,
    details: {
      httpStatus: null,
      spineCode: null,
      diagnostics: null,
      advice: message,
      field: null,
      fields: [],
      outcomeUnknown: false,
      retryable: false,
      traceId: null,
      ...details,
    },
  };
}

const TIMEOUT_ADVICE =
  "The practice did not answer in time. For a booking, check the patient's appointments before trying again.";

/** No answer in time: a write may or may not have been made. */
export function timeoutError(): CommandError {
  return fakeError("TIMEOUT", "The practice did not answer in time.", {
    advice: TIMEOUT_ADVICE,
    outcomeUnknown: true,
  });
}

/** A search that timed out (a read: nothing can have been changed). */
export function searchTimeoutError(): CommandError {
  return fakeError("TIMEOUT", "The practice did not answer in time.", { advice: TIMEOUT_ADVICE });
}

/** 409 DUPLICATE_REJECTED: the slot was just taken, or the record already exists. */
export function duplicateError(diagnostics: string | null = null): CommandError {
  return fakeError(
    "DUPLICATE_REJECTED",
    "The practice refused the request: Duplicate rejected (409 DUPLICATE_REJECTED).",
    {
      httpStatus: 409,
      spineCode: "DUPLICATE_REJECTED",
      diagnostics,
      advice:
        "Someone else got there first (the slot was just taken, or the record already exists). Refresh and choose again.",
    },
  );
}

/** 404 NO_RECORD_FOUND. */
export function noRecordError(advice?: string): CommandError {
  return fakeError(
    "NO_RECORD_FOUND",
    "The practice refused the request: No record found (404 NO_RECORD_FOUND).",
    { httpStatus: 404, spineCode: "NO_RECORD_FOUND", ...(advice ? { advice } : {}) },
  );
}

/** The keyring cannot be used. */
export function keyringError(): CommandError {
  return fakeError(
    "KEYRING",
    "The computer's keyring (credential store) is locked or unavailable. Unlock it and try again.",
  );
}
