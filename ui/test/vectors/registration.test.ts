/**
 * The shared registration cases (tests/vectors/registration.json) through the registration
 * form's checks (`validateRegistration`): each registration is typed into the form's fields,
 * and the inputs it marks are compared with the inputs of the fields Rust refuses.
 */
import { describe, expect, it } from "vitest";
import vectors from "../../../tests/vectors/registration.json";
import type { TemporaryRegistration } from "../../src/ipc/bindings/TemporaryRegistration";
import {
  EMPTY_REGISTRATION,
  inputIdFor,
  validateRegistration,
  type RegistrationForm,
} from "../../src/lib/registration";
import { mergeOver } from "./merge";

/** The form as a receptionist would fill it in for `r`. */
function toForm(r: TemporaryRegistration): RegistrationForm {
  const [year = "", month = "", day = ""] = r.birthDate.split("-");
  const home = r.homeAddress;
  const temporary = r.temporaryAddress;
  if ((home?.lines.length ?? 0) > 3 || (temporary?.lines.length ?? 0) > 2 || temporary?.district)
    throw new Error("the form has 3 home lines, 2 temporary lines and no temporary county");
  if (r.workPhone || r.temporaryPhone) throw new Error("the form has no work or temporary phone");
  return {
    ...EMPTY_REGISTRATION,
    title: r.prefix ?? "",
    given: r.givenNames.join(" "),
    family: r.familyName,
    birthDay: String(Number(day)),
    birthMonth: String(Number(month)),
    birthYear: year,
    gender: r.gender ?? "",
    addressLine1: home?.lines[0] ?? "",
    addressLine2: home?.lines[1] ?? "",
    addressLine3: home?.lines[2] ?? "",
    town: home?.city ?? "",
    county: home?.district ?? "",
    postcode: home?.postcode ?? "",
    hasTemporaryAddress: temporary !== null,
    tempLine1: temporary?.lines[0] ?? "",
    tempLine2: temporary?.lines[1] ?? "",
    tempTown: temporary?.city ?? "",
    tempPostcode: temporary?.postcode ?? "",
    homePhone: r.homePhone ?? "",
    mobile: r.mobilePhone ?? "",
    email: r.email ?? "",
  };
}

/** The date of birth is three boxes: a problem with any of them is a problem with the date. */
function normalise(inputId: string): string {
  return inputId.startsWith("reg-birth-") ? inputIdFor("birthDate") : inputId;
}

describe("temporary registration, as Rust's TemporaryRegistration::validate checks it", () => {
  it.each(vectors.cases)("$name", ({ input, expected }) => {
    const registration = mergeOver(vectors.base as TemporaryRegistration, input.registration);
    const check = validateRegistration(toForm(registration), registration.nhsNumber, input.today);
    const marked = check.errors.map((e) => normalise(e.inputId)).sort();
    expect(marked).toEqual(expected.fields.map(inputIdFor).sort());
  });
});
