/**
 * The patient as the practice of the chosen slot holds them (`find_patient`): name, date of
 * birth, gender, address and NHS number, with the differences from what the caller said
 * highlighted. No record: the temporary registration form.
 */
import type { DemographicDifference } from "../../ipc/bindings/DemographicDifference";
import type { DemographicField } from "../../ipc/bindings/DemographicField";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { Spinner } from "../../components/Spinner";
import { compactNhsNumber, formatNhsNumber, isValidNhsNumber } from "../../lib/nhsNumber";
import { languageName } from "../../lib/languages";
import { genderLabel } from "../../lib/patientEntry";
import { formatBirthDate } from "../../lib/ukTime";
import { useApp } from "../../state/store";
import { RegistrationForm } from "./RegistrationForm";

const FIELD_LABELS: Record<DemographicField, string> = {
  familyName: "Family name",
  givenName: "Given name",
  gender: "Gender",
  birthDate: "Date of birth",
  address: "Address",
};

function shown(field: DemographicField, value: string): string {
  if (value === "") return "(nothing held)";
  if (field === "birthDate") return formatBirthDate(value);
  if (field === "gender") return genderLabel(value);
  return value;
}

export function Differences({
  differences,
  practice,
  lookupKey,
}: {
  differences: DemographicDifference[];
  /** With these, the differences must be acknowledged before Confirm. */
  practice?: string;
  lookupKey?: string;
}) {
  const acknowledged = useApp((s) =>
    practice !== undefined ? s.acknowledged[practice] === lookupKey : false,
  );
  const acknowledge = useApp((s) => s.acknowledge);
  if (differences.length === 0) return null;
  return (
    <div className="app-differences" role="note" aria-label="Differences from the PDS record">
      <p className="app-differences__title">
        <strong>Check with the caller:</strong> the practice's record differs from the patient's PDS
        record.
      </p>
      <ul className="nhsuk-list">
        {differences.map((d) => (
          <li key={d.field} data-difference={d.field} className="app-difference">
            <span className="app-difference__field">{FIELD_LABELS[d.field]}:</span>{" "}
            {practice !== undefined ? "PDS holds" : "entered"}{" "}
            <mark>{shown(d.field, d.entered)}</mark>, practice holds{" "}
            <mark>{shown(d.field, d.found)}</mark>
          </li>
        ))}
      </ul>
      {practice !== undefined && lookupKey !== undefined ? (
        <div className="nhsuk-checkboxes__item">
          <input
            className="nhsuk-checkboxes__input"
            id="acknowledge-differences"
            type="checkbox"
            checked={acknowledged}
            onChange={(event) => acknowledge(practice, lookupKey, event.target.checked)}
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="acknowledge-differences">
            I have checked these differences with the caller: this is the same patient
          </label>
        </div>
      ) : null}
    </div>
  );
}

export function PatientAtPractice({
  practice,
  practiceName,
  active,
}: {
  practice: string;
  practiceName: string;
  active: boolean;
}) {
  const nhsNumber = useApp((s) => s.patient.nhsNumber);
  const lookup = useApp((s) => s.lookups[practice]);
  const lookupPatient = useApp((s) => s.lookupPatient);
  const setView = useApp((s) => s.setView);
  const bookingBlock = useApp((s) => s.currentTrace()?.bookingBlock ?? null);
  const preferredName = useApp((s) => {
    const id = s.lookups[practice]?.result?.record?.preferredBranchSurgery;
    if (!id) return null;
    return (
      (s.results[practice] ?? []).find((slot) => slot.location.id === id)?.location.name ?? null
    );
  });

  if (!isValidNhsNumber(nhsNumber)) {
    return (
      <div id="patient-at-practice" className="app-subpanel" tabIndex={-1}>
        <p>Enter the patient's NHS number above to find them at {practiceName}.</p>
      </div>
    );
  }
  // A lookup for another NHS number (the number was just changed) is never shown: its patient
  // is someone else. One for the same number with other details stays while it is refreshed.
  const forEntered = lookup?.nhsNumber === compactNhsNumber(nhsNumber);
  if (!lookup || !forEntered || (lookup.status === "loading" && !lookup.result)) {
    return (
      <div id="patient-at-practice" className="app-subpanel" tabIndex={-1} aria-busy="true">
        <p role="status">
          <Spinner /> Finding the patient at {practiceName}…
        </p>
      </div>
    );
  }
  if (lookup.status === "failed" && lookup.error) {
    return (
      <div id="patient-at-practice" className="app-subpanel" tabIndex={-1}>
        <CommandErrorBox
          error={lookup.error}
          context="find"
          title={undefined}
          onSettings={() => setView("settings")}
        >
          <p>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
              onClick={() => void lookupPatient(practice)}
            >
              Try again
            </button>
          </p>
        </CommandErrorBox>
      </div>
    );
  }
  const record = lookup.result?.record ?? null;
  if (!record) {
    return (
      <div id="patient-at-practice" className="app-subpanel" data-found="false" tabIndex={-1}>
        <h3 className="nhsuk-heading-xs">No record at {practiceName}</h3>
        {bookingBlock ? (
          <p>The patient cannot be registered or booked here: see their PDS record above.</p>
        ) : (
          <>
            <p>
              The patient is not registered at this practice. Register them temporarily to book
              here, or choose a slot at another practice.
            </p>
            <RegistrationForm practice={practice} active={active} />
          </>
        )}
      </div>
    );
  }
  const differences = lookup.result?.differences ?? [];
  return (
    <div
      id="patient-at-practice"
      className="app-subpanel"
      data-found="true"
      tabIndex={-1}
      aria-busy={lookup.status === "loading"}
    >
      <h3 className="nhsuk-heading-xs">
        Patient at {practiceName}
        {record.registrationType === "T" ? (
          <span className="nhsuk-tag nhsuk-tag--blue app-tag-inline">Temporary</span>
        ) : null}
      </h3>
      <dl className="nhsuk-summary-list app-summary-compact">
        <Row
          label="Name"
          value={record.name ?? [...record.givenNames, record.familyName].filter(Boolean).join(" ")}
        />
        <Row label="Date of birth" value={formatBirthDate(record.birthDate)} />
        <Row label="Gender" value={genderLabel(record.gender)} />
        <Row label="Address" value={record.address.join(", ")} />
        <Row label="NHS number" value={record.nhsNumber ? formatNhsNumber(record.nhsNumber) : ""} />
        {record.preferredBranchSurgery ? (
          <Row
            label="Preferred surgery"
            value={preferredName ?? `Location ${record.preferredBranchSurgery}`}
          />
        ) : null}
        {record.communication ? (
          <Row
            label="Language"
            value={`${record.communication.language ?? languageName(record.communication.languageCode)}${record.communication.interpreterRequired ? ", interpreter needed" : ""}`}
          />
        ) : null}
      </dl>
      <Differences differences={differences} practice={practice} lookupKey={lookup.key} />
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
