/**
 * The patient as PDS holds them, once traced: verified name, date of birth, gender, address
 * (never for a sensitive patient), NHS number and its verification status, and the registered
 * GP practice (ODS code and name). Sensitive, deceased and superseded are said plainly, with
 * what that means for booking.
 */
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { Spinner } from "../../components/Spinner";
import { compactNhsNumber, formatNhsNumber } from "../../lib/nhsNumber";
import { genderLabel } from "../../lib/patientEntry";
import { formatBirthDate, formatIsoDate } from "../../lib/ukTime";
import { useApp } from "../../state/store";

export function TraceSummary() {
  const trace = useApp((s) => s.trace);
  const entered = useApp((s) => compactNhsNumber(s.patient.nhsNumber));
  const tracePatient = useApp((s) => s.tracePatient);
  const setView = useApp((s) => s.setView);

  if (trace.status === "idle" || trace.nhsNumber === "") return null;
  if (trace.status === "loading")
    return (
      <div id="trace-summary" className="app-subpanel" aria-busy="true">
        <p role="status">
          <Spinner /> Tracing {formatNhsNumber(trace.nhsNumber)} on PDS…
        </p>
      </div>
    );
  if (trace.status === "failed" && trace.error) {
    if (trace.nhsNumber !== entered) return null;
    return (
      <div id="trace-summary" className="app-subpanel" data-traced="false">
        <CommandErrorBox error={trace.error} context="find" onSettings={() => setView("settings")}>
          <p>
            Nothing can be found or booked for this number until the patient is traced. Check the
            number with the caller, or search by their details below.
          </p>
          <p>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
              onClick={() => void tracePatient(undefined, true)}
            >
              Trace again
            </button>
          </p>
        </CommandErrorBox>
      </div>
    );
  }
  const view = trace.view;
  if (!view || view.trace.patient.nhsNumber !== entered) return null;
  const p = view.trace.patient;
  const address = p.address
    ? [...p.address.lines, p.address.postcode].filter(Boolean).join(", ")
    : "";
  const died = p.deceased
    ? p.deceased.date
      ? formatIsoDate(p.deceased.date)
      : p.deceased.text
    : null;
  return (
    <div
      id="trace-summary"
      className="app-subpanel"
      data-traced="true"
      data-block={view.bookingBlock ?? ""}
      tabIndex={-1}
    >
      <h3 className="nhsuk-heading-xs">
        Traced on PDS{" "}
        {p.verification?.code === "01" ? (
          <span className="nhsuk-tag nhsuk-tag--green app-tag-inline">NHS number verified</span>
        ) : null}
      </h3>
      {view.trace.superseded ? (
        <p className="app-message app-message--warning" role="status" data-notice="superseded">
          NHS number {formatNhsNumber(view.trace.requested)} has been replaced on PDS by{" "}
          <strong>{formatNhsNumber(p.nhsNumber)}</strong>: the current number is used.
        </p>
      ) : null}
      {view.gpConnectBlock === "sensitive" ? (
        <div className="app-message app-message--error" role="alert" data-notice="sensitive">
          <h4 className="app-message__title">Sensitive patient: GP Connect must not be used</h4>
          <p>
            This patient's PDS record is restricted. No request about them is sent to any practice
            and their address is not shown. Book through the practice by telephone.
          </p>
        </div>
      ) : null}
      {p.verification?.code !== "01" ? (
        <div className="app-message app-message--warning" role="status" data-notice="unverified">
          <h4 className="app-message__title">
            PDS does not hold this NHS number as verified
            {p.verification ? ` (${p.verification.display ?? p.verification.code})` : ""}
          </h4>
          <p>
            No practice is asked to find, register or book for it until it is. Check the caller's
            details, or ask their registered practice to resolve the trace.
          </p>
        </div>
      ) : null}
      {p.deceased ? (
        <div className="app-message app-message--error" role="alert" data-notice="deceased">
          <h4 className="app-message__title">PDS records this patient as deceased ({died})</h4>
          <p>No appointment can be booked for them. Check the caller's details.</p>
        </div>
      ) : null}
      <dl className="nhsuk-summary-list app-summary-compact">
        <Row label="Name" value={p.name} />
        <Row label="Date of birth" value={formatBirthDate(p.birthDate)} />
        <Row label="Gender" value={genderLabel(p.gender)} />
        <Row
          label="Address"
          value={view.gpConnectBlock === "sensitive" ? "Not shown (sensitive)" : address}
        />
        <Row
          label="NHS number"
          value={`${formatNhsNumber(p.nhsNumber)}${p.verification ? ` (${p.verification.display ?? p.verification.code})` : ""}`}
        />
        <Row
          label="Registered GP practice"
          value={
            p.registeredPractice
              ? `${view.registeredPracticeName ?? "Not in this federation"} (${p.registeredPractice})`
              : ""
          }
        />
      </dl>
      {view.registeredInFederation && !view.bookingBlock ? (
        <p className="app-muted" data-notice="registered-practice">
          The registered practice is ticked in the search below and searched first.
        </p>
      ) : null}
    </div>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value">{value || "Not recorded"}</dd>
    </div>
  );
}
