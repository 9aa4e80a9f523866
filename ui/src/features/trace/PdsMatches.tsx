/**
 * The patients a PDS search by demographics found, in the order PDS returned them (no match
 * score is shown: PDS's rule). Choosing one traces them.
 */
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { Spinner } from "../../components/Spinner";
import { formatNhsNumber } from "../../lib/nhsNumber";
import { genderLabel } from "../../lib/patientEntry";
import { formatBirthDate } from "../../lib/ukTime";
import { useApp } from "../../state/store";

export function PdsMatches() {
  const search = useApp((s) => s.pdsSearch);
  const choose = useApp((s) => s.chooseMatch);
  if (search.status === "idle") return null;
  if (search.status === "loading")
    return (
      <p role="status" id="pds-matches">
        <Spinner /> Searching PDS…
      </p>
    );
  if (search.status === "failed" && search.error)
    return (
      <div id="pds-matches">
        <CommandErrorBox error={search.error} context="find" />
      </div>
    );
  const matches = search.result?.matches ?? [];
  return (
    <div id="pds-matches" className="app-subpanel">
      <h3 className="nhsuk-heading-xs" role="status">
        {matches.length === 0
          ? "No patient on PDS matches these details"
          : `${matches.length} ${matches.length === 1 ? "patient matches" : "patients match"} on PDS`}
      </h3>
      {matches.length > 0 ? (
        <ul className="nhsuk-list app-pds-matches">
          {matches.map(({ patient, registeredPracticeName }) => (
            <li key={patient.nhsNumber} data-nhs={patient.nhsNumber}>
              <strong>{patient.name}</strong>, born {formatBirthDate(patient.birthDate)},{" "}
              {genderLabel(patient.gender)}
              {patient.address?.postcode ? `, ${patient.address.postcode}` : ""}
              {patient.registeredPractice
                ? `, registered at ${registeredPracticeName ?? patient.registeredPractice}`
                : ""}{" "}
              <button
                type="button"
                className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-inline-button"
                aria-label={`Choose ${patient.name}, NHS number ${formatNhsNumber(patient.nhsNumber)}`}
                onClick={() => void choose(patient.nhsNumber)}
              >
                Choose
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
