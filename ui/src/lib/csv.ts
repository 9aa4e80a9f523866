/**
 * CSV (RFC 4180): fields separated by commas, records by CRLF; a field containing a comma,
 * double quote, CR or LF is enclosed in double quotes with inner quotes doubled.
 *
 * Cells that a spreadsheet would run as a formula (starting =, +, -, @, tab or CR) are
 * prefixed with an apostrophe, so free text typed into a description cannot become a formula
 * when the export is opened in Excel (OWASP "CSV injection").
 */
import type { AppointmentView } from "../ipc/bindings/AppointmentView";
import { formatUkDate, formatUkTime } from "./ukTime";

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, quoted when needed. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Records to CSV text, CRLF after every record (including the last). */
export function toCsv(
  rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>,
): string {
  return rows.map((row) => row.map(csvField).join(",") + "\r\n").join("");
}

export const APPOINTMENT_COLUMNS = [
  "Practice",
  "Practice ODS code",
  "Appointment ID",
  "Status",
  "Date",
  "Start",
  "End",
  "Duration (minutes)",
  "Location",
  "Location address",
  "Practitioner",
  "Practitioner role",
  "Delivery channel",
  "Slot type",
  "Schedule type",
  "Description",
  "Comment",
  "Booking organisation",
  "Cancellation reason",
] as const;

/** The appointments list as CSV, with UK dates and 24-hour times. */
export function appointmentsCsv(appointments: readonly AppointmentView[]): string {
  return toCsv([
    [...APPOINTMENT_COLUMNS],
    ...appointments.map((a) => [
      a.practice.name,
      a.practice.odsCode,
      a.appointmentId,
      a.status,
      formatUkDate(a.start),
      formatUkTime(a.start),
      formatUkTime(a.end),
      a.durationMinutes,
      a.location?.name ?? "",
      a.location?.address.join(", ") ?? "",
      a.practitioner?.name ?? "",
      a.role ?? "",
      a.deliveryChannel ?? "",
      a.slotType ?? "",
      a.scheduleType ?? "",
      a.description ?? "",
      a.comment ?? "",
      a.bookingOrganisation ?? "",
      a.cancellationReason ?? "",
    ]),
  ]);
}
