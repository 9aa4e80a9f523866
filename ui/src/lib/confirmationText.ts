/** The plain-text summary of a booking confirmation (the Copy button). */
import type { BookingConfirmation } from "../ipc/bindings/BookingConfirmation";
import { formatBirthDate, formatUkDate, formatUkTime } from "./ukTime";
import { genderLabel } from "./patientEntry";

export function practitionerText(
  c: Pick<BookingConfirmation, "practitioner" | "practitionerGender">,
): string {
  if (!c.practitioner) return "No named practitioner";
  return c.practitionerGender
    ? `${c.practitioner} (${genderLabel(c.practitionerGender)})`
    : c.practitioner;
}

export function confirmationText(c: BookingConfirmation, demo: boolean): string {
  const lines = [
    demo ? "DEMO MODE - simulated practice, not a real appointment" : null,
    "Appointment booked",
    `Appointment ID: ${c.appointmentId}`,
    `Practice: ${c.practice.name} (${c.practice.odsCode})`,
    `Location: ${[c.location.name, ...c.location.address].filter(Boolean).join(", ")}`,
    c.location.phone ? `Location phone: ${c.location.phone}` : null,
    `Practitioner: ${practitionerText(c)}`,
    c.role ? `Role: ${c.role}` : null,
    `Date: ${formatUkDate(c.start)}`,
    `Time: ${formatUkTime(c.start)} to ${formatUkTime(c.end)} (${c.durationMinutes} minutes)`,
    `Delivery channel: ${c.deliveryChannel ?? "Not given"}`,
    `Slot type: ${c.slotType ?? "Not given"}`,
    c.scheduleType ? `Schedule type: ${c.scheduleType}` : null,
    `Patient: ${c.patientName ?? "Not given"}`,
    `NHS number: ${c.patientNhsNumber ?? "Not given"}`,
    `Date of birth: ${c.patientBirthDate ? formatBirthDate(c.patientBirthDate) : "Not given"}`,
    `Description: ${c.description ?? ""}`,
    `Comment: ${c.comment ?? "None"}`,
    `Booked by: ${c.bookingOrganisation}`,
  ];
  return lines.filter((l): l is string => l !== null).join("\n");
}
