/** Every detail of one appointment, as the appointments list and its print show it. */
import type { ReactNode } from "react";
import type { AppointmentView } from "../../ipc/bindings/AppointmentView";
import { genderLabel } from "../../lib/patientEntry";
import { formatUkDate, formatUkDateTime, formatUkTimeRange } from "../../lib/ukTime";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value">{children}</dd>
    </div>
  );
}

export function AppointmentDetails({ a }: { a: AppointmentView }) {
  return (
    <dl className="nhsuk-summary-list app-summary-compact">
      <Row label="Date and time">
        {formatUkDate(a.start)}, {formatUkTimeRange(a.start, a.end)}
        {a.durationMinutes !== null ? ` (${a.durationMinutes} minutes)` : ""}
      </Row>
      <Row label="Practice">
        {a.practice.name} ({a.practice.odsCode})
      </Row>
      <Row label="Location">
        {a.location?.name ?? "Not given"}
        {a.location && a.location.address.length > 0 ? `, ${a.location.address.join(", ")}` : ""}
        {a.location?.phone ? ` (phone ${a.location.phone})` : ""}
      </Row>
      <Row label="Practitioner">
        {a.practitioner?.name ?? "No named practitioner"}
        {a.practitioner?.gender ? ` (${genderLabel(a.practitioner.gender)})` : ""}
        {a.role ? `, ${a.role}` : ""}
      </Row>
      <Row label="Delivery channel">{a.deliveryChannel ?? "Not given"}</Row>
      <Row label="Slot type">
        {a.slotType ?? "Not given"}
        {a.scheduleType ? ` (${a.scheduleType})` : ""}
      </Row>
      <Row label="Description">{a.description ?? ""}</Row>
      <Row label="Comment">{a.comment ?? "None"}</Row>
      <Row label="Booked by">
        {a.bookingOrganisation ?? "Not given"}
        {a.created ? `, ${formatUkDateTime(a.created)}` : ""}
      </Row>
      {a.cancellationReason ? <Row label="Cancellation reason">{a.cancellationReason}</Row> : null}
      <Row label="Appointment ID">{a.appointmentId}</Row>
    </dl>
  );
}
