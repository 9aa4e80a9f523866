/**
 * What an error means for the person on the phone: a title, what happened, what to do next,
 * and the practice's own words when it sent any. Switched on `code`, never on message text.
 */
import type { CommandError } from "../ipc/bindings/CommandError";
import type { ErrorCode } from "../ipc/bindings/ErrorCode";
import type { FieldError } from "../ipc/bindings/FieldError";

/** What the user was doing, which changes what some codes mean. */
export type ErrorContext =
  | "search"
  | "find"
  | "register"
  | "book"
  | "appointments"
  | "amend"
  | "cancel"
  | "reschedule"
  | "settings"
  | "credentials"
  | "general";

export type ErrorView = {
  code: ErrorCode;
  /** One line: what happened, in plain words. */
  title: string;
  /** The backend's sentence, when it adds something to the title. */
  detail: string | null;
  /** What to do next. */
  advice: string | null;
  /** The practice's or network's own text (diagnostics), shown as a quote. */
  providerText: string | null;
  /** For support: "HTTP 409, DUPLICATE_REJECTED". */
  reference: string | null;
  /** The `Ssp-TraceID` of the request the error came from, to quote to support. */
  traceId: string | null;
  fields: FieldError[];
  /** A write may or may not have happened: check before trying again. */
  outcomeUnknown: boolean;
  retryable: boolean;
  /** The fix is in Settings (certificate, addresses, not configured). */
  settingsLink: boolean;
};

const WRITES: ReadonlySet<ErrorContext> = new Set([
  "register",
  "book",
  "amend",
  "cancel",
  "reschedule",
]);

export function isCommandError(value: unknown): value is CommandError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.code === "string" &&
    typeof candidate.message === "string" &&
    typeof candidate.details === "object" &&
    candidate.details !== null
  );
}

/**
 * Any rejection as a CommandError. Tauri rejects with a string for IPC failures (e.g. an unknown
 * command); a JavaScript exception becomes UNEXPECTED with its message, never its stack.
 */
export function toCommandError(value: unknown): CommandError {
  if (isCommandError(value)) {
    return {
      ...value,
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
        ...(value.details as Partial<CommandError["details"]>),
      },
    };
  }
  const text =
    typeof value === "string"
      ? value
      : value instanceof Error
        ? value.message
        : "No further detail.";
  return {
    code: "UNEXPECTED",
    message: "The app could not complete this action.",
    details: {
      httpStatus: null,
      spineCode: null,
      diagnostics: text,
      advice: "Try again. If it keeps happening, restart the app and report it to support.",
      field: null,
      fields: [],
      outcomeUnknown: false,
      retryable: true,
      traceId: null,
    },
  };
}

function titleFor(error: CommandError, context: ErrorContext): string {
  const code = error.code;
  switch (code) {
    case "DUPLICATE_REJECTED":
      if (context === "book" || context === "reschedule")
        return "That slot was just taken by someone else";
      if (context === "register") return "The patient already has a record at this practice";
      return "Someone else got there first";
    case "FHIR_CONSTRAINT_VIOLATION":
    case "PRECONDITION_FAILED":
      return "Someone else changed this appointment first";
    case "TIMEOUT":
    case "PROVIDER_TIMEOUT":
      return "The practice did not answer in time";
    case "CONNECTION_LOST":
      return "The connection was lost before the practice answered";
    case "CONNECT":
      return "The practice could not be reached";
    case "TLS":
      return "A secure connection could not be made";
    case "VALIDATION":
      return context === "settings" || context === "register"
        ? "There is a problem with the details entered"
        : "Check the details";
    case "PROXY_THROTTLED":
      return "The NHS network is busy";
    case "PROVIDER_UNREACHABLE":
      return "The practice system is not answering";
    case "PROXY_CLIENT_CERTIFICATE":
      return "The NHS network refused this computer's certificate";
    case "PROXY_NO_DATA_SHARING_AGREEMENT":
    case "PROXY_SENDER_NOT_AUTHORISED":
    case "PROXY_RECEIVER_NOT_AUTHORISED":
      return "Your organisation is not set up to book at this practice";
    case "PROXY_ENDPOINT_MISMATCH":
      return "The practice's address does not match the NHS directory";
    case "KEYRING":
      return "The computer's keyring is locked or unavailable";
    case "NOT_CONFIGURED":
      return "GP Connect Booking is not set up yet";
    case "CONFIGURATION":
      return "The settings cannot be used";
    case "SETTINGS":
      return "The settings could not be saved";
    case "SIMULATOR":
      return "The demo practices could not be started";
    case "DECODE":
      return "The practice system's answer could not be read";
    case "HTTP_ERROR":
      return "The practice system failed";
    case "INVALID_NHS_NUMBER":
    case "INVALID_IDENTIFIER_SYSTEM":
    case "INVALID_IDENTIFIER_VALUE":
      return "The practice did not accept the NHS number";
    case "INVALID_PATIENT_DEMOGRAPHICS":
      return "The practice could not verify the patient's details";
    case "NO_RECORD_FOUND":
      // A slot search answers NO_RECORD_FOUND only to a DoS service id (1.2.8 filtering).
      return context === "search"
        ? "This service is not in the practice's list"
        : "The practice has no such record";
    case "PATIENT_NOT_FOUND":
    case "ORGANISATION_NOT_FOUND":
    case "PRACTITIONER_NOT_FOUND":
      return "The practice has no such record";
    case "ACCESS_DENIED":
    case "NO_ORGANISATION_CONSENT":
    case "NO_PATIENT_CONSENT":
      return "The practice does not allow this organisation to book here";
    case "INVALID_RESOURCE":
    case "INVALID_PARAMETER":
    case "REFERENCE_NOT_FOUND":
    case "BAD_REQUEST":
      return "The practice refused the request";
    case "NOT_IMPLEMENTED":
      return "This practice's system does not support this";
    case "INTERNAL_SERVER_ERROR":
      return "The practice system had a problem";
    case "PROVIDER_ERROR":
      return error.message || "The practice refused the request";
    case "MULTIPLE_PATIENT_RECORDS":
      return "The practice holds more than one record for this patient";
    case "PROXY_BAD_REQUEST":
    case "PROXY_METHOD_NOT_ALLOWED":
    case "PROXY_UNSUPPORTED_MEDIA_TYPE":
    case "PROXY_ERROR":
      return "The NHS network refused the request";
    case "DIALOG":
      return "The file dialog could not be opened";
    case "FILE":
      return "The file could not be saved";
    case "RESPONSE_TOO_LARGE":
      return "The practice system's answer was far too large";
    case "WRONG_PATIENT":
      return "Stopped: this is not the patient entered";
    case "JOURNAL":
      return "The record of bookings sent could not be written";
    case "UNEXPECTED":
      return "Something went wrong in the app";
    case "SIGN_IN_REQUIRED":
      return "Sign in to continue";
    case "SIGN_IN_FAILED":
      return "The sign-in did not complete";
    case "SIGN_IN_NOT_ALLOWED":
      return "You cannot use GP Connect Booking with this sign-in";
    case "SIGN_IN_CANCELLED":
      return "The sign-in was cancelled";
    case "TRACE_REQUIRED":
      return "Trace the patient on PDS first";
    case "PATIENT_SENSITIVE":
      return "Sensitive patient: GP Connect must not be used";
    case "PATIENT_DECEASED":
      return "PDS records this patient as deceased";
    case "NHS_NUMBER_SUPERSEDED":
      return "This NHS number has been replaced";
    case "NHS_NUMBER_UNVERIFIED":
      return "PDS does not hold this NHS number as verified";
    case "PDS_NOT_FOUND":
      return "No patient on PDS has this NHS number";
    case "PDS_INVALIDATED":
      return "This NHS number was invalidated on PDS";
    case "PDS_TOO_MANY_MATCHES":
      return "Too many patients match on PDS";
    case "PDS_THROTTLED":
      return "PDS is busy";
    case "PDS_ACCESS_DENIED":
      return "PDS refused access for this sign-in";
    case "PDS_REFUSED":
      return "PDS refused the request";
    default: {
      // Every code is handled above: a new code in Rust fails this line in tsc.
      const unhandled: never = code;
      return unhandled;
    }
  }
}

/** Codes where the fix is in Settings. */
const SETTINGS_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "NOT_CONFIGURED",
  "CONFIGURATION",
  "TLS",
  "PROXY_CLIENT_CERTIFICATE",
  "PROXY_ENDPOINT_MISMATCH",
  "KEYRING",
]);

/** Codes whose diagnostics are the practice's or network's own words. */
function showsProviderText(code: ErrorCode): boolean {
  return (
    code.startsWith("PROXY_") ||
    code.startsWith("PROVIDER_") ||
    !(
      [
        "TIMEOUT",
        "CONNECTION_LOST",
        "CONNECT",
        "TLS",
        "VALIDATION",
        "KEYRING",
        "NOT_CONFIGURED",
        "SETTINGS",
        "SIMULATOR",
        "CONFIGURATION",
        "SIGN_IN_REQUIRED",
        "SIGN_IN_FAILED",
        "SIGN_IN_NOT_ALLOWED",
        "SIGN_IN_CANCELLED",
      ] as ErrorCode[]
    ).includes(code)
  );
}

/** Everything a message box needs to show about `error` in `context`. */
export function describeError(raw: CommandError, context: ErrorContext = "general"): ErrorView {
  const error = toCommandError(raw);
  const d = error.details;
  const title = titleFor(error, context);
  const outcomeUnknown = d.outcomeUnknown && WRITES.has(context);
  let advice: string | null = d.advice.trim() || null;
  if (outcomeUnknown) {
    advice =
      context === "register"
        ? "The registration may or may not have been made. Search for the patient at this practice again before trying again."
        : "It may or may not have been done: do not simply repeat it. The app keeps checking with the practice and shows what became of it.";
  } else if (
    error.code === "DUPLICATE_REJECTED" &&
    (context === "book" || context === "reschedule")
  ) {
    advice = "The practice's free slots are being searched again. Choose another slot.";
  } else if (error.code === "DUPLICATE_REJECTED" && context === "register") {
    advice = "Search for the patient at this practice again; they do not need registering.";
  } else if (error.code === "VALIDATION" && d.fields.length > 0) {
    advice = "Correct the highlighted details and try again.";
  } else if (error.code === "NO_RECORD_FOUND" && context === "search") {
    advice =
      "The practice filters its slots by NHS 111 Directory of Services service, and the DoS service id in Settings is not one of its services. Check the id, or contact the practice by phone.";
  }
  const message = error.message.trim();
  const same = (a: string | null, b: string | null) =>
    a !== null && b !== null && a.replace(/\.$/, "") === b.replace(/\.$/, "");
  const detail = message && !same(message, title) && !same(message, advice) ? message : null;
  const parts: string[] = [];
  if (d.httpStatus !== null) parts.push(`HTTP ${d.httpStatus}`);
  if (d.spineCode) parts.push(d.spineCode);
  else if (error.code !== "VALIDATION") parts.push(error.code);
  return {
    code: error.code,
    title,
    detail,
    advice: advice && !same(advice, detail) && !same(advice, title) ? advice : null,
    providerText: d.diagnostics && showsProviderText(error.code) ? d.diagnostics : null,
    reference: parts.length > 0 ? parts.join(", ") : null,
    traceId: d.traceId ?? null,
    fields: d.fields,
    outcomeUnknown,
    retryable: d.retryable,
    settingsLink: SETTINGS_CODES.has(error.code),
  };
}

/** A one-line summary, e.g. for a practice's status row: "failed: The practice …". */
export function shortError(error: CommandError, context: ErrorContext = "general"): string {
  return describeError(error, context).title;
}

/** Timeouts, shown as "timed out" rather than "failed" in the search status rows. */
export function isTimeout(error: CommandError): boolean {
  return error.code === "TIMEOUT" || error.code === "PROVIDER_TIMEOUT";
}
