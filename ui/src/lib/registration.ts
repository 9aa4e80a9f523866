/**
 * The temporary registration form (§3.4): its values, and the same checks as Rust's
 * `TemporaryRegistration::validate` (names at most 35 characters, date of birth not in the
 * future and within 130 years, UK postcode shape, phones of 7 to 15 digits, an email shape of at
 * most 254 bytes), run before anything is sent. Text is trimmed and counted as Rust does it
 * (`lib/limits`); the shared cases in `tests/vectors/registration.json` hold both sides to the
 * same answers. Field problems from the backend use the Rust field names; `inputIdFor` maps
 * them to the form's inputs.
 */
import { languageName } from "./languages";
import type { Gender } from "../ipc/bindings/Gender";
import type { PostalAddress } from "../ipc/bindings/PostalAddress";
import type { TemporaryRegistration } from "../ipc/bindings/TemporaryRegistration";
import { checkDate } from "./dateInput";
import {
  ADDRESS_LINE_MAX_CHARS,
  EMAIL_MAX_BYTES,
  NAME_MAX_CHARS,
  charCount,
  trimText,
  utf8Length,
} from "./limits";
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
  /** `nhsCommunication`: a language code of `lib/languages` ("" sends none). */
  language: string;
  interpreter: boolean;
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
  language: "",
  interpreter: false,
};

/** A form problem: the input to link to from the error summary, and the message. */
export type FormError = { inputId: string; message: string };

/**
 * Same shapes as Rust's `is_uk_postcode`: A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA,
 * in ASCII letters of either case (a letter that only upper-cases to ASCII, like "ß", is not one).
 */
export function isUkPostcode(text: string): boolean {
  const compact = text.replace(/\p{White_Space}/gu, "");
  return /^([A-Za-z]\d|[A-Za-z]\d[A-Za-z\d]|[A-Za-z]{2}\d|[A-Za-z]{2}\d[A-Za-z\d])\d[A-Za-z]{2}$/.test(
    compact,
  );
}

/** Same as Rust's `is_phone_number`: optional leading +, digits and spaces, 7 to 15 digits. */
export function isPhoneNumber(text: string): boolean {
  const trimmed = trimText(text);
  const body = trimmed.startsWith("+") ? trimmed.slice(1) : trimmed;
  const digits = body.replace(/\D/g, "").length;
  return /^[\d ]*$/.test(body) && digits >= 7 && digits <= 15;
}

/** Same as Rust's `is_email`: one @, a dotted domain, no spaces, at most 254 bytes of UTF-8. */
export function isEmail(text: string): boolean {
  const trimmed = trimText(text);
  const at = trimmed.indexOf("@");
  if (at < 0) return false;
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1);
  return (
    utf8Length(trimmed) <= EMAIL_MAX_BYTES &&
    local.length > 0 &&
    !domain.includes("@") &&
    domain.includes(".") &&
    !domain.startsWith(".") &&
    !domain.endsWith(".") &&
    !/\p{White_Space}/u.test(trimmed)
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
  const trimmed = trimText(value);
  return trimmed === "" ? null : trimmed;
}

function address(
  lines: string[],
  city: string,
  district: string,
  postcode: string,
): PostalAddress | null {
  const all = [...lines, city, district, postcode];
  if (all.every((v) => trimText(v) === "")) return null;
  return {
    lines: lines.map(trimText).filter((l) => l !== ""),
    city: text(city),
    district: text(district),
    // ASCII letters only, as Rust's `to_ascii_uppercase` ("ß" must not become "SS").
    postcode: trimText(postcode).replace(/[a-z]/g, (c) => c.toUpperCase()),
  };
}

function checkAddress(
  value: PostalAddress | null,
  ids: { line: string; town: string; county: string; postcode: string },
  errors: FormError[],
) {
  if (!value) return;
  if (value.lines.length === 0)
    errors.push({ inputId: ids.line, message: "Enter the first line of the address" });
  else if (value.lines.length > 5)
    errors.push({ inputId: ids.line, message: "An address has at most 5 lines" });
  else if (value.lines.some((l) => charCount(l) > ADDRESS_LINE_MAX_CHARS))
    errors.push({ inputId: ids.line, message: "Each address line must be 35 characters or fewer" });
  for (const [part, inputId] of [
    [value.city, ids.town],
    [value.district, ids.county],
  ] as const) {
    if (part && charCount(part) > ADDRESS_LINE_MAX_CHARS)
      errors.push({ inputId, message: "Town and county must be 35 characters or fewer" });
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
  const family = trimText(form.family);
  if (family === "") errors.push({ inputId: "reg-family", message: "Enter the family name" });
  else if (charCount(family) > NAME_MAX_CHARS)
    errors.push({ inputId: "reg-family", message: "Family name must be 35 characters or fewer" });
  const given = form.given.split(/\p{White_Space}+/u).filter((g) => g !== "");
  if (given.length === 0) errors.push({ inputId: "reg-given", message: "Enter the given name" });
  else if (given.some((g) => charCount(g) > NAME_MAX_CHARS))
    errors.push({
      inputId: "reg-given",
      message: "Each given name must be 35 characters or fewer",
    });
  if (charCount(trimText(form.title)) > NAME_MAX_CHARS)
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
    { line: "reg-address-line1", town: "reg-town", county: "reg-county", postcode: "reg-postcode" },
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
    {
      line: "reg-temp-line1",
      town: "reg-temp-town",
      county: "reg-temp-town",
      postcode: "reg-temp-postcode",
    },
    errors,
  );
  for (const [id, value] of [
    ["reg-home-phone", form.homePhone],
    ["reg-mobile", form.mobile],
  ] as const) {
    if (trimText(value) !== "" && !isPhoneNumber(value))
      errors.push({
        inputId: id,
        message: "Enter a phone number of 7 to 15 digits, like 0113 496 0000",
      });
  }
  if (trimText(form.email) !== "" && !isEmail(form.email))
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
      communication:
        form.language === ""
          ? null
          : {
              languageCode: form.language,
              language: languageName(form.language),
              interpreterRequired: form.interpreter,
            },
    },
  };
}
