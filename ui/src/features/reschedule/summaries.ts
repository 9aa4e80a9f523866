/** One-line summaries of an appointment and of a booking, for the reschedule messages. */
import type { AppointmentView } from "../../ipc/bindings/AppointmentView";
import type { BookingConfirmation } from "../../ipc/bindings/BookingConfirmation";
import { formatUkDate, formatUkTimeRange } from "../../lib/ukTime";

/** "Mon 23 Nov 2026 10:00 to 10:10, Dr Legg's Surgery, Dr Gilbert Legg, "Asthma review"". */
export function appointmentSummary(a: AppointmentView): string {
  return [
    `${formatUkDate(a.start)} ${formatUkTimeRange(a.start, a.end)}`,
    a.practice.name,
    a.practitioner?.name,
    a.description ? `"${a.description}"` : null,
  ]
    .filter(Boolean)
    .join(", ");
}

/** The new appointment: when, where, with whom, and its appointment ID. */
export function confirmationSummary(c: BookingConfirmation): string {
  return `${formatUkDate(c.start)} ${formatUkTimeRange(c.start, c.end)}, ${c.practice.name}${c.practitioner ? `, ${c.practitioner}` : ""} (appointment ID ${c.appointmentId})`;
}
