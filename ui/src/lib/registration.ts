/**
 * The temporary registration form (§3.4): its values, and the same checks as Rust's
 * `TemporaryRegistration::validate` (names at most 35 characters, date of birth not in the
 * future and within 130 years, UK postcode shape, phones of 7 to 15 digits, an email shape),
 * run before anything is sent. Field problems from the backend use the Rust field names;
 * `inputIdFor` maps them to the form's inputs.
 */
import type { Gender } from "../ipc/bindings/Gender";
import type { PostalAddress } from "../ipc/bindings/PostalAddress";
import type { TemporaryRegistration } from "../ipc/bindings/TemporaryRegistration";
import { checkDate } from "./dateInput";
import { ADDRESS_LINE_MAX_CHARS, NAME_MAX_CHARS, charCount } from "./limits";
import { compactNhsNumber } from "./nhsNumber";

export type RegistrationForm = {
  title: string;
  given: string;
  family: string;
  birthDay: string;
  birthMonth: string;
  birthYear: string;
  gender: Gender | "";
  addressLine1: string;
  addressLine2: string;
  addressLine3: string;
  town: string;
  county: string;
  postcode: string;
  hasTemporaryAddress: boolean;
  tempLine1: string;
  tempLine2: string;
  tempTown: string;
  tempPostcode: string;
  homePhone: string;
  mobile: string;
  email: string;
};

export const EMPTY_REGISTRATION: RegistrationForm = {
  title: "",
  given: "",
  family: "",
  birthDay: "",
  birthMonth: "",
  birthYear: "",
  gender: "",
  addressLine1: "",
  addressLine2: "",
  addressLine3: "",
  town: "",
  county: "",
  postcode: "",
  hasTemporaryAddress: false,
  tempLine1: "",
  tempLine2: "",
  tempTown: "",
  tempPostcode: "",
  homePhone: "",
  mobile: "",
  email: "",
};

/** A form problem: the input to link to from the error summary, and the message. */
export type FormError = { inputId: string; message: string };

/** Same shapes as Rust's `is_uk_postcode`: A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA. */
export function isUkPostcode(text: string): boolean {
  const compact = text.replace(/\s/g, "").toUpperCase();
  return /^([A-Z]\d|[A-Z]\d[A-Z\d]|[A-Z][A-Z]\d|[A-Z][A-Z]\d[A-Z\d])\d[A-Z]{2}$/.test(compact);
}

/** Same as Rust's `is_phone_number`: optional leading +, digits and spaces, 7 to 15 digits. */
export function isPhoneNumber(text: string): boolean {
  const trimmed = text.trim();
  const body = trimmed.startsWith("+") ? trimmed.slice(1) : trimmed;
  const digits = body.replace(/\D/g, "").length;
  return /^[\d ]*$/.test(body) && digits >= 7 && digits <= 15;
}

/** Same as Rust's `is_email`: one @, a dotted domain, no spaces, at most 254 characters. */
export function isEmail(text: string): boolean {
  const trimmed = text.trim();
  const at = trimmed.indexOf("@");
  if (at < 0) return false;
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1);
  return (
    trimmed.length <= 254 &&
    local.length > 0 &&
    !domain.includes("@") &&
    domain.includes(".") &&
    !domain.startsWith(".") &&
    !domain.endsWith(".") &&
    !/\s/.test(trimmed)
  );
}

/** The form's input for a Rust field name (`familyName`, `homeAddress.postcode`, …). */
export function inputIdFor(field: string): string {
  const map: Record<string, string> = {
    prefix: "reg-title",
    givenNames: "reg-given",
    familyName: "reg-family",
    birthDate: "reg-birth-day",
    gender: "reg-gender",
    "homeAddress.lines": "reg-address-line1",
    "homeAddress.city": "reg-town",
    "homeAddress.district": "reg-county",
    "homeAddress.postcode": "reg-postcode",
    homeAddress: "reg-address-line1",
    "temporaryAddress.lines": "reg-temp-line1",
    "temporaryAddress.city": "reg-temp-town",
    "temporaryAddress.district": "reg-temp-town",
    "temporaryAddress.postcode": "reg-temp-postcode",
    temporaryAddress: "reg-temp-line1",
    homePhone: "reg-home-phone",
    mobilePhone: "reg-mobile",
    workPhone: "reg-mobile",
    temporaryPhone: "reg-mobile",
    email: "reg-email",
    nhsNumber: "nhs-number",
  };
  return map[field] ?? "reg-family";
}

function text(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

function address(
  lines: string[],
  city: string,
  district: string,
  postcode: string,
): PostalAddress | null {
  const all = [...lines, city, district, postcode];
  if (all.every((v) => v.trim() === "")) return null;
  return {
    lines: lines.map((l) => l.trim()).filter((l) => l !== ""),
    city: text(city),
    district: text(district),
    postcode: postcode.trim().toUpperCase(),
  };
}

function checkAddress(
  value: PostalAddress | null,
  ids: { line: string; town: string; postcode: string },
  errors: FormError[],
) {
  if (!value) return;
  if (value.lines.length === 0)
    errors.push({ inputId: ids.line, message: "Enter the first line of the address" });
  else if (value.lines.length > 5)
    errors.push({ inputId: ids.line, message: "An address has at most 5 lines" });
  else if (value.lines.some((l) => charCount(l) > ADDRESS_LINE_MAX_CHARS))
    errors.push({ inputId: ids.line, message: "Each address line must be 35 characters or fewer" });
  for (const part of [value.city, value.district]) {
    if (part && charCount(part) > ADDRESS_LINE_MAX_CHARS)
      errors.push({ inputId: ids.town, message: "Town and county must be 35 characters or fewer" });
  }
  if (!isUkPostcode(value.postcode))
    errors.push({ inputId: ids.postcode, message: "Enter a full UK postcode, like LS18 1AE" });
}

export type RegistrationCheck = { registration: TemporaryRegistration | null; errors: FormError[] };

/** Checks the form and builds the registration to send (`null` while there are errors). */
export function validateRegistration(
  form: RegistrationForm,
  nhsNumber: string,
  today: string,
): RegistrationCheck {
  const errors: FormError[] = [];
  const family = form.family.trim();
  if (family === "") errors.push({ inputId: "reg-family", message: "Enter the family name" });
  else if (charCount(family) > NAME_MAX_CHARS)
    errors.push({ inputId: "reg-family", message: "Family name must be 35 characters or fewer" });
  const given = form.given.split(/\s+/).filter((g) => g !== "");
  if (given.length === 0) errors.push({ inputId: "reg-given", message: "Enter the given name" });
  else if (given.some((g) => charCount(g) > NAME_MAX_CHARS))
    errors.push({
      inputId: "reg-given",
      message: "Each given name must be 35 characters or fewer",
    });
  if (charCount(form.title.trim()) > NAME_MAX_CHARS)
    errors.push({ inputId: "reg-title", message: "Title must be 35 characters or fewer" });
  const birth = checkDate(
    { day: form.birthDay, month: form.birthMonth, year: form.birthYear },
    "Date of birth",
    { required: true, past: true, maxYears: 130, today },
  );
  if (birth.message) {
    const first = birth.parts[0] ?? "day";
    errors.push({ inputId: `reg-birth-${first}`, message: birth.message });
  }
  const home = address(
    [form.addressLine1, form.addressLine2, form.addressLine3],
    form.town,
    form.county,
    form.postcode,
  );
  checkAddress(
    home,
    { line: "reg-address-line1", town: "reg-town", postcode: "reg-postcode" },
    errors,
  );
  const temporary = form.hasTemporaryAddress
    ? (address([form.tempLine1, form.tempLine2], form.tempTown, "", form.tempPostcode) ?? {
        lines: [],
        city: null,
        district: null,
        postcode: "",
      })
    : null;
  checkAddress(
    temporary,
    { line: "reg-temp-line1", town: "reg-temp-town", postcode: "reg-temp-postcode" },
    errors,
  );
  for (const [id, value] of [
    ["reg-home-phone", form.homePhone],
    ["reg-mobile", form.mobile],
  ] as const) {
    if (value.trim() !== "" && !isPhoneNumber(value))
      errors.push({
        inputId: id,
        message: "Enter a phone number of 7 to 15 digits, like 0113 496 0000",
      });
  }
  if (form.email.trim() !== "" && !isEmail(form.email))
    errors.push({ inputId: "reg-email", message: "Enter an email address like name@example.com" });
  if (errors.length > 0 || !birth.iso) return { registration: null, errors };
  return {
    errors,
    registration: {
      nhsNumber: compactNhsNumber(nhsNumber),
      familyName: family,
      givenNames: given,
      prefix: text(form.title),
      birthDate: birth.iso,
      gender: form.gender === "" ? null : form.gender,
      homeAddress: home,
      temporaryAddress: temporary,
      homePhone: text(form.homePhone),
      mobilePhone: text(form.mobile),
      workPhone: null,
      temporaryPhone: null,
      email: text(form.email),
    },
  };
}
