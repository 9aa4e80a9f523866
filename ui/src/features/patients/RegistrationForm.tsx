/**
 * Temporary registration at one practice (§3.4): the official name, date of birth, gender, home
 * (or temporary) address, phones and email, each checked as Rust checks them before anything is
 * sent, with the NHS.UK error summary linking to each field.
 */
import { useEffect, useState } from "react";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { ErrorSummary } from "../../components/ErrorSummary";
import { DateInput, Select, TextInput } from "../../components/forms";
import { Spinner } from "../../components/Spinner";
import type { Gender } from "../../ipc/bindings/Gender";
import { LANGUAGES } from "../../lib/languages";
import { compactNhsNumber } from "../../lib/nhsNumber";
import { GENDER_LABELS } from "../../lib/patientEntry";
import type { RegistrationForm as Form } from "../../lib/registration";
import { useApp } from "../../state/store";

export function RegistrationForm({ practice, active }: { practice: string; active: boolean }) {
  const form = useApp((s) => s.registration);
  const errors = useApp((s) => s.registrationErrors);
  const error = useApp((s) => s.registrationError);
  const registering = useApp((s) => s.registering);
  const setField = useApp((s) => s.setRegistrationField);
  const prefill = useApp((s) => s.prefillRegistration);
  const submit = useApp((s) => s.submitRegistration);
  const cleared = useApp((s) => s.registrationCleared);
  const nhsNumber = useApp((s) => compactNhsNumber(s.patient.nhsNumber));
  const [attempt, setAttempt] = useState(0);

  // Filled from the patient panel; cleared first when the NHS number has changed.
  useEffect(() => {
    prefill(practice);
  }, [practice, nhsNumber, prefill]);

  const errorFor = (...ids: string[]) =>
    errors.find((e) => ids.includes(e.inputId))?.message ?? null;
  const birthError = errorFor("reg-birth-day", "reg-birth-month", "reg-birth-year");
  const birthParts = errors
    .filter((e) => e.inputId.startsWith("reg-birth-"))
    .map((e) => e.inputId.replace("reg-birth-", "") as "day" | "month" | "year");
  const text = (
    id: string,
    field: keyof Form,
    label: string,
    extra: Partial<Parameters<typeof TextInput>[0]> = {},
  ) => (
    <TextInput
      id={id}
      label={label}
      value={form[field] as string}
      onChange={(value) => setField(field, value as never)}
      error={errorFor(id)}
      autoComplete="off"
      {...extra}
    />
  );

  return (
    <form
      id="registration-form"
      className="app-registration"
      noValidate
      aria-labelledby="registration-heading"
      onSubmit={(event) => {
        event.preventDefault();
        setAttempt((n) => n + 1);
        void submit(practice).then((registered) => {
          // The form is replaced by the patient's record: take focus there, not to the page.
          if (registered)
            setTimeout(() => document.getElementById("patient-at-practice")?.focus(), 0);
        });
      }}
    >
      <h4 className="nhsuk-heading-xs" id="registration-heading">
        Register temporarily
      </h4>
      {active ? <ErrorSummary items={errors} attempt={attempt} /> : null}
      {error ? <CommandErrorBox error={error} context="register" /> : null}
      {cleared ? (
        <p className="app-message app-message--info" role="status" id="registration-cleared">
          The NHS number changed, so this form was cleared of the details entered for the previous
          number and filled again from the patient panel.
        </p>
      ) : null}
      {text("reg-title", "title", "Title (optional)", { widthClass: "nhsuk-input--width-5" })}
      {text("reg-given", "given", "Given name(s)", {
        widthClass: "nhsuk-input--width-20",
        spellCheck: false,
      })}
      {text("reg-family", "family", "Family name", {
        widthClass: "nhsuk-input--width-20",
        spellCheck: false,
      })}
      <DateInput
        idPrefix="reg-birth"
        legend="Date of birth"
        value={{ day: form.birthDay, month: form.birthMonth, year: form.birthYear }}
        onChange={(part, value) =>
          setField(
            part === "day" ? "birthDay" : part === "month" ? "birthMonth" : "birthYear",
            value,
          )
        }
        error={birthError}
        errorParts={birthParts}
      />
      <Select
        id="reg-gender"
        label="Gender"
        value={form.gender}
        options={[
          { value: "", label: "Not given" },
          ...(Object.keys(GENDER_LABELS) as Gender[]).map((g) => ({
            value: g,
            label: GENDER_LABELS[g],
          })),
        ]}
        onChange={(value) => setField("gender", value as Gender | "")}
        error={errorFor("reg-gender")}
      />
      <fieldset className="nhsuk-fieldset">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Home address</legend>
        {text("reg-address-line1", "addressLine1", "Address line 1", {
          widthClass: "nhsuk-input--width-20",
        })}
        {text("reg-address-line2", "addressLine2", "Address line 2 (optional)", {
          widthClass: "nhsuk-input--width-20",
        })}
        {text("reg-address-line3", "addressLine3", "Address line 3 (optional)", {
          widthClass: "nhsuk-input--width-20",
        })}
        {text("reg-town", "town", "Town or city", { widthClass: "nhsuk-input--width-20" })}
        {text("reg-county", "county", "County (optional)", { widthClass: "nhsuk-input--width-20" })}
        {text("reg-postcode", "postcode", "Postcode", {
          widthClass: "nhsuk-input--width-10",
          spellCheck: false,
        })}
      </fieldset>
      <div className="nhsuk-form-group">
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
          <div className="nhsuk-checkboxes__item">
            <input
              className="nhsuk-checkboxes__input"
              id="reg-has-temporary"
              type="checkbox"
              checked={form.hasTemporaryAddress}
              onChange={(e) => setField("hasTemporaryAddress", e.target.checked)}
            />
            <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="reg-has-temporary">
              The patient is staying at a temporary address
            </label>
          </div>
        </div>
      </div>
      {form.hasTemporaryAddress ? (
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
            Temporary address
          </legend>
          {text("reg-temp-line1", "tempLine1", "Address line 1", {
            widthClass: "nhsuk-input--width-20",
          })}
          {text("reg-temp-line2", "tempLine2", "Address line 2 (optional)", {
            widthClass: "nhsuk-input--width-20",
          })}
          {text("reg-temp-town", "tempTown", "Town or city", {
            widthClass: "nhsuk-input--width-20",
          })}
          {text("reg-temp-postcode", "tempPostcode", "Postcode", {
            widthClass: "nhsuk-input--width-10",
          })}
        </fieldset>
      ) : null}
      {text("reg-home-phone", "homePhone", "Home phone (optional)", {
        type: "tel",
        widthClass: "nhsuk-input--width-10",
      })}
      {text("reg-mobile", "mobile", "Mobile phone (optional)", {
        type: "tel",
        widthClass: "nhsuk-input--width-10",
      })}
      {text("reg-email", "email", "Email (optional)", {
        type: "email",
        widthClass: "nhsuk-input--width-20",
        spellCheck: false,
      })}
      <Select
        id="reg-language"
        label="Language the patient speaks (optional)"
        hint="Sent to the practice with whether an interpreter is needed."
        value={form.language}
        options={[
          { value: "", label: "Not given" },
          ...LANGUAGES.map((l) => ({ value: l.code, label: l.name })),
        ]}
        onChange={(value) => setField("language", value)}
      />
      {form.language !== "" ? (
        <div className="nhsuk-form-group">
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
            <div className="nhsuk-checkboxes__item">
              <input
                className="nhsuk-checkboxes__input"
                id="reg-interpreter"
                type="checkbox"
                checked={form.interpreter}
                onChange={(e) => setField("interpreter", e.target.checked)}
              />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="reg-interpreter">
                An interpreter is needed
              </label>
            </div>
          </div>
        </div>
      ) : null}
      <button
        type="submit"
        className="nhsuk-button nhsuk-button--secondary"
        id="register-button"
        disabled={registering}
        aria-disabled={registering}
      >
        {registering ? (
          <>
            <Spinner /> Registering…
          </>
        ) : (
          "Register patient at this practice"
        )}
      </button>
    </form>
  );
}
