/**
 * The booking confirmation: everything the patient needs to know, printable (only this part
 * prints) and copyable as plain text, and "Book another".
 */
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { BookingConfirmation } from "../../ipc/bindings/BookingConfirmation";
import { confirmationText, practitionerText } from "../../lib/confirmationText";
import { copyText, printElement } from "../../lib/print";
import { formatBirthDate, formatUkDate, formatUkTime } from "../../lib/ukTime";

function Field({ name, label, children }: { name: string; label: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value" data-field={name}>
        {children}
      </dd>
    </div>
  );
}

export function Confirmation({
  confirmation: c,
  demo,
  title = "Appointment booked",
  onBookAnother,
  children,
}: {
  confirmation: BookingConfirmation;
  demo: boolean;
  title?: string;
  onBookAnother: () => void;
  children?: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    headingRef.current?.focus();
  }, [c.appointmentId]);

  return (
    <div
      id="booking-confirmation"
      ref={ref}
      className="app-confirmation"
      aria-labelledby="confirmation-heading"
    >
      <div className="nhsuk-panel app-confirmation__panel">
        <h2
          className="nhsuk-panel__title app-confirmation__title"
          id="confirmation-heading"
          tabIndex={-1}
          ref={headingRef}
        >
          {title}
        </h2>
        <div className="nhsuk-panel__body">
          {formatUkDate(c.start)} at {formatUkTime(c.start)}
          <br />
          Appointment ID <strong>{c.appointmentId}</strong>
        </div>
      </div>
      {demo ? (
        <p className="app-demo-note">
          <strong>Demo mode:</strong> a simulated practice. This is not a real appointment.
        </p>
      ) : null}
      {children}
      <dl className="nhsuk-summary-list app-summary-compact">
        <Field name="appointmentId" label="Appointment ID">
          {c.appointmentId}
        </Field>
        <Field name="practice" label="Practice">
          {c.practice.name} ({c.practice.odsCode})
        </Field>
        <Field name="location" label="Location">
          {c.location.name ?? "Not given"}
          {c.location.address.length > 0 ? (
            <>
              <br />
              {c.location.address.join(", ")}
            </>
          ) : null}
          {c.location.phone ? (
            <>
              <br />
              Phone {c.location.phone}
            </>
          ) : null}
        </Field>
        <Field name="practitioner" label="Practitioner">
          {practitionerText(c)}
        </Field>
        <Field name="role" label="Role">
          {c.role ?? "Not given"}
        </Field>
        <Field name="date" label="Date">
          {formatUkDate(c.start)}
        </Field>
        <Field name="start" label="Start">
          {formatUkTime(c.start)}
        </Field>
        <Field name="end" label="End">
          {formatUkTime(c.end)} ({c.durationMinutes} minutes)
        </Field>
        <Field name="deliveryChannel" label="Delivery channel">
          {c.deliveryChannel ?? "Not given"}
        </Field>
        <Field name="slotType" label="Slot type">
          {c.slotType ?? "Not given"}
          {c.scheduleType ? <span className="app-muted"> ({c.scheduleType})</span> : null}
        </Field>
        <Field name="patient" label="Patient">
          {c.patientName ?? "Not given"}
          {c.patientBirthDate ? <>, born {formatBirthDate(c.patientBirthDate)}</> : null}
        </Field>
        <Field name="nhsNumber" label="NHS number">
          {c.patientNhsNumber ?? "Not given"}
        </Field>
        <Field name="description" label="Description">
          {c.description ?? ""}
        </Field>
        <Field name="comment" label="Comment">
          {c.comment ?? "None"}
        </Field>
        <Field name="bookingOrganisation" label="Booked by">
          {c.bookingOrganisation}
        </Field>
        {c.timeframe ? (
          <Field name="timeframe" label="Disposition timeframe">
            {c.timeframe}
            {c.outsideTimeframeReason ? (
              <>
                <br />
                Booked after it: {c.outsideTimeframeReason}
              </>
            ) : null}
          </Field>
        ) : null}
      </dl>
      <div className="app-actions app-noprint">
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          id="print-confirmation"
          onClick={() => printElement(ref.current)}
        >
          Print
        </button>
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          id="copy-confirmation"
          onClick={() => {
            void copyText(confirmationText(c, demo)).then((ok) =>
              setCopied(ok ? "copied" : "failed"),
            );
          }}
        >
          Copy
        </button>
        <button type="button" className="nhsuk-button" id="book-another" onClick={onBookAnother}>
          Book another
        </button>
        <span role="status" className="app-copied" aria-live="polite">
          {copied === "copied"
            ? "Copied"
            : copied === "failed"
              ? "Could not copy: select the text and copy it"
              : ""}
        </span>
      </div>
    </div>
  );
}
