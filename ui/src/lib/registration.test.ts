import { describe, expect, it } from "vitest";
import {
  EMPTY_REGISTRATION,
  inputIdFor,
  isEmail,
  isPhoneNumber,
  isUkPostcode,
  validateRegistration,
  type RegistrationForm,
} from "./registration";
import { checkDate } from "./dateInput";

const TODAY = "2026-11-23";

function form(overrides: Partial<RegistrationForm> = {}): RegistrationForm {
  return {
    ...EMPTY_REGISTRATION,
    title: "Miss",
    given: "Jane",
    family: "Jackson",
    birthDay: "1",
    birthMonth: "2",
    birthYear: "1980",
    gender: "female",
    ...overrides,
  };
}

function problems(f: RegistrationForm) {
  return validateRegistration(f, "947 671 9931", TODAY).errors;
}

describe("temporary registration validation", () => {
  it("builds the registration from a valid form", () => {
    const { registration, errors } = validateRegistration(
      form({
        given: "Mary  Ann",
        addressLine1: "1 Main Street",
        town: "Leeds",
        postcode: "ls18 1ae",
        mobile: "07700 900123",
        email: "jane@example.com",
      }),
      "947 671 9931",
      TODAY,
    );
    expect(errors).toEqual([]);
    expect(registration).toEqual({
      nhsNumber: "9476719931",
      familyName: "Jackson",
      givenNames: ["Mary", "Ann"],
      prefix: "Miss",
      birthDate: "1980-02-01",
      gender: "female",
      homeAddress: {
        lines: ["1 Main Street"],
        city: "Leeds",
        district: null,
        postcode: "LS18 1AE",
      },
      temporaryAddress: null,
      homePhone: null,
      mobilePhone: "07700 900123",
      workPhone: null,
      temporaryPhone: null,
      email: "jane@example.com",
      communication: null,
    });
  });

  it("sends the patient's language and whether an interpreter is needed", () => {
    const { registration } = validateRegistration(
      form({ language: "pa", interpreter: true }),
      "947 671 9931",
      TODAY,
    );
    expect(registration?.communication).toEqual({
      languageCode: "pa",
      language: "Panjabi",
      interpreterRequired: true,
    });
  });

  it("requires family name, given name and date of birth", () => {
    const errors = problems({ ...EMPTY_REGISTRATION });
    expect(errors).toEqual([
      { inputId: "reg-family", message: "Enter the family name" },
      { inputId: "reg-given", message: "Enter the given name" },
      { inputId: "reg-birth-day", message: "Enter the date of birth" },
    ]);
  });

  it("limits names to 35 characters", () => {
    expect(problems(form({ family: "a".repeat(35) }))).toEqual([]);
    expect(problems(form({ family: "a".repeat(36) }))[0]?.message).toBe(
      "Family name must be 35 characters or fewer",
    );
    expect(problems(form({ given: `Jo ${"b".repeat(36)}` }))[0]?.inputId).toBe("reg-given");
    expect(problems(form({ title: "t".repeat(36) }))[0]?.inputId).toBe("reg-title");
    // Characters, not UTF-16 units
    expect(problems(form({ family: "é".repeat(35) }))).toEqual([]);
  });

  it("refuses a date of birth in the future or more than 130 years ago", () => {
    expect(
      problems(form({ birthDay: "24", birthMonth: "11", birthYear: "2026" }))[0]?.message,
    ).toBe("Date of birth must be today or in the past");
    expect(problems(form({ birthDay: "23", birthMonth: "11", birthYear: "2026" }))).toEqual([]);
    expect(problems(form({ birthDay: "23", birthMonth: "11", birthYear: "1896" }))).toEqual([]);
    expect(
      problems(form({ birthDay: "22", birthMonth: "11", birthYear: "1895" }))[0]?.message,
    ).toBe("Date of birth must be within the last 130 years");
    expect(problems(form({ birthDay: "31", birthMonth: "2", birthYear: "1980" }))[0]?.message).toBe(
      "Date of birth must be a real date",
    );
    expect(problems(form({ birthMonth: "" }))[0]).toEqual({
      inputId: "reg-birth-month",
      message: "Date of birth must include a month",
    });
  });

  it("checks the address: first line and a UK postcode", () => {
    expect(problems(form({ postcode: "LS18 1AE" }))[0]).toEqual({
      inputId: "reg-address-line1",
      message: "Enter the first line of the address",
    });
    expect(problems(form({ addressLine1: "1 Main St", postcode: "LS18" }))[0]).toEqual({
      inputId: "reg-postcode",
      message: "Enter a full UK postcode, like LS18 1AE",
    });
    expect(problems(form({ addressLine1: "x".repeat(36), postcode: "LS18 1AE" }))[0]?.message).toBe(
      "Each address line must be 35 characters or fewer",
    );
    expect(problems(form({ hasTemporaryAddress: true }))[0]?.inputId).toBe("reg-temp-line1");
  });

  it("checks phones and email", () => {
    expect(problems(form({ mobile: "12345" }))[0]?.inputId).toBe("reg-mobile");
    expect(problems(form({ homePhone: "0113-496-0000" }))[0]?.inputId).toBe("reg-home-phone");
    expect(problems(form({ email: "jane@example" }))[0]?.inputId).toBe("reg-email");
  });

  it("matches Rust's postcode, phone and email shapes", () => {
    for (const ok of [
      "A9 9AA",
      "A99 9AA",
      "A9A 9AA",
      "AA9 9AA",
      "AA99 9AA",
      "AA9A 9AA",
      "ls181ae",
    ]) {
      expect(isUkPostcode(ok)).toBe(true);
    }
    for (const bad of ["", "LS18", "9A 9AA", "AA9 AAA", "LS18 1AEX"])
      expect(isUkPostcode(bad)).toBe(false);
    expect(isPhoneNumber("+44 113 496 0000")).toBe(true);
    expect(isPhoneNumber("123456")).toBe(false);
    expect(isPhoneNumber("1234567890123456")).toBe(false);
    expect(isEmail("a@b.co")).toBe(true);
    expect(isEmail("a@.co")).toBe(false);
    expect(isEmail("a b@c.co")).toBe(false);
    expect(isEmail("a@b@c.co")).toBe(false);
  });

  it("maps backend field names to inputs", () => {
    expect(inputIdFor("homeAddress.postcode")).toBe("reg-postcode");
    expect(inputIdFor("givenNames")).toBe("reg-given");
  });

  it("reads dates in boxes with the NHS.UK messages", () => {
    expect(
      checkDate({ day: "", month: "", year: "" }, "Date of birth", { required: false }),
    ).toEqual({
      iso: null,
      message: null,
      parts: [],
    });
    expect(
      checkDate({ day: "1", month: "", year: "" }, "Date of birth", { required: false }).message,
    ).toBe("Date of birth must include a month and a year");
    expect(
      checkDate({ day: "1", month: "2", year: "80" }, "Date of birth", { required: true }).message,
    ).toBe("Date of birth must be a real date");
  });
});
