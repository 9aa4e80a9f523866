/**
 * The patient panel at the top of Book and Appointments. It starts with a trace on PDS (§5.4):
 * the NHS number (grouped 3 3 4 as it is typed, Modulus 11 checked, traced as soon as it is
 * complete), or the caller's name, date of birth, gender and postcode searched on PDS for a
 * caller who does not know it. The trace fills in the verified details.
 */
import { useShallow } from "zustand/react/shallow";
import { DateInput, Select, TextInput } from "../../components/forms";
import { checkDate } from "../../lib/dateInput";
import {
  formatNhsNumber,
  isValidNhsNumber,
  nhsNumberMessage,
  nhsNumberProblem,
} from "../../lib/nhsNumber";
import { GENDER_LABELS } from "../../lib/patientEntry";
import type { Gender } from "../../ipc/bindings/Gender";
import { useApp } from "../../state/store";
import { PdsMatches } from "../trace/PdsMatches";
import { TraceSummary } from "../trace/TraceSummary";

/** The inline NHS number error to show, if any. */
export function useNhsNumberError(): string | null {
  const { nhsNumber, touched } = useApp(
    useShallow((s) => ({ nhsNumber: s.patient.nhsNumber, touched: s.nhsTouched })),
  );
  const problem = nhsNumberProblem(nhsNumber);
  if (!problem || !touched) return null;
  return nhsNumberMessage(problem);
}

export function PatientPanel() {
  const patient = useApp((s) => s.patient);
  const touched = useApp((s) => s.nhsTouched);
  const setField = useApp((s) => s.setPatientField);
  const touchNhs = useApp((s) => s.touchNhs);
  const newCaller = useApp((s) => s.newCaller);
  const tracePatient = useApp((s) => s.tracePatient);
  const searchPds = useApp((s) => s.searchPds);
  const postcode = useApp((s) => s.postcode);
  const setPostcode = useApp((s) => s.setPostcode);
  const tracing = useApp((s) => s.trace.status === "loading");
  const nhsError = useNhsNumberError();
  const birth = checkDate(
    { day: patient.birthDay, month: patient.birthMonth, year: patient.birthYear },
    "Date of birth",
    { required: false },
  );
  const birthError = touched && birth.message ? birth.message : null;
  const genderOptions = [
    { value: "", label: "Not given" },
    ...(Object.keys(GENDER_LABELS) as Gender[]).map((g) => ({ value: g, label: GENDER_LABELS[g] })),
  ];

  return (
    <section className="app-panel app-patient" aria-labelledby="patient-heading" id="patient-panel">
      <div className="app-panel__header">
        <h2 className="nhsuk-heading-s app-panel__title" id="patient-heading">
          Patient
        </h2>
        <button type="button" className="app-link-button" onClick={newCaller}>
          New caller (clear patient)
        </button>
      </div>
      <div className="app-patient__fields">
        <TextInput
          id="nhs-number"
          label="NHS number"
          hint="10 digits, for example 943 476 5919"
          value={patient.nhsNumber}
          widthClass="nhsuk-input--width-10"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          error={nhsError}
          onChange={(value) => {
            // Group 3 3 4 as the user types, unless they are deleting (keep the caret sane).
            const grouped =
              value.length >= patient.nhsNumber.length ? formatNhsNumber(value) : value;
            setField("nhsNumber", grouped);
            // Check as soon as ten digits are there; before that, only when leaving the field.
            // A complete, valid number is traced on PDS straight away.
            if (grouped.replace(/\D/g, "").length >= 10) {
              touchNhs();
              if (isValidNhsNumber(grouped)) void tracePatient(grouped);
            }
          }}
          onBlur={(event) => {
            setField("nhsNumber", formatNhsNumber(event.target.value));
            if (event.target.value.trim() !== "") touchNhs();
          }}
        />
        <TextInput
          id="family-name"
          label="Family name"
          value={patient.familyName}
          autoComplete="off"
          spellCheck={false}
          widthClass="nhsuk-input--width-10"
          onChange={(value) => setField("familyName", value)}
        />
        <TextInput
          id="given-name"
          label="Given name"
          value={patient.givenName}
          autoComplete="off"
          spellCheck={false}
          widthClass="nhsuk-input--width-10"
          onChange={(value) => setField("givenName", value)}
        />
        <DateInput
          idPrefix="birth-date"
          legend="Date of birth"
          value={{ day: patient.birthDay, month: patient.birthMonth, year: patient.birthYear }}
          onChange={(part, value) =>
            setField(
              part === "day" ? "birthDay" : part === "month" ? "birthMonth" : "birthYear",
              value,
            )
          }
          error={birthError}
          errorParts={birth.parts}
        />
        <Select
          id="gender"
          label="Gender"
          value={patient.gender}
          options={genderOptions}
          onChange={(value) => setField("gender", value as Gender | "")}
        />
        <TextInput
          id="postcode"
          label="Postcode"
          value={postcode}
          autoComplete="off"
          spellCheck={false}
          widthClass="nhsuk-input--width-5"
          onChange={setPostcode}
        />
      </div>
      <div className="app-patient__actions">
        <button
          type="button"
          id="trace-button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
          disabled={tracing}
          onClick={() => {
            touchNhs();
            void tracePatient(undefined, true);
          }}
        >
          Trace NHS number on PDS
        </button>{" "}
        <button
          type="button"
          id="search-pds-button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
          onClick={() => void searchPds()}
        >
          No NHS number: search PDS by name, date of birth and postcode
        </button>
      </div>
      <PdsMatches />
      <TraceSummary />
    </section>
  );
}
