/**
 * NHS numbers: the Modulus 11 check (the same rule as `NhsNumber::parse` in Rust, §7.4; the
 * shared cases in `tests/vectors/nhs-numbers.json` hold both to it), display grouped 3 3 4, and
 * messages in the NHS.UK error message style.
 */

/** Why a typed NHS number cannot be used, or `null` when it is valid. */
export type NhsNumberProblem = "empty" | "notDigits" | "length" | "checkDigit";

/**
 * `input` without spaces and hyphens (how people group the digits). Spaces are any Unicode
 * White_Space, as Rust's `char::is_whitespace` (a no-break space, a next-line character; not a
 * byte-order mark).
 */
export function compactNhsNumber(input: string): string {
  return input.replace(/[\p{White_Space}-]/gu, "");
}

/**
 * The Modulus 11 check digit of the first nine digits, or `null` when the check digit would be
 * 10 (such numbers are never issued).
 */
export function checkDigit(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i += 1) {
    sum += Number(firstNine[i]) * (10 - i);
  }
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/** What is wrong with `input`, or `null` when it is a valid NHS number. */
export function nhsNumberProblem(input: string): NhsNumberProblem | null {
  const compact = compactNhsNumber(input);
  if (compact === "") return "empty";
  if (!/^\d+$/.test(compact)) return "notDigits";
  if (compact.length !== 10) return "length";
  const expected = checkDigit(compact.slice(0, 9));
  if (expected === null || expected !== Number(compact[9])) return "checkDigit";
  return null;
}

/** True when `input` (spaces and hyphens allowed) is a valid NHS number. */
export function isValidNhsNumber(input: string): boolean {
  return nhsNumberProblem(input) === null;
}

/** The NHS.UK error message for a problem (what to do, not what went wrong). */
export function nhsNumberMessage(problem: NhsNumberProblem): string {
  switch (problem) {
    case "empty":
      return "Enter the patient's NHS number";
    case "notDigits":
      return "NHS number must only include numbers and spaces";
    case "length":
      return "NHS number must be 10 digits";
    case "checkDigit":
      return "This is not a valid NHS number. Check it with the patient";
  }
}

/**
 * Groups the digits typed so far 3 3 4 ("9476719931" → "947 671 9931"; "94767" → "947 67").
 * Anything that is not a digit or space is kept as typed, so nothing the user entered is lost.
 */
export function formatNhsNumber(input: string): string {
  const compact = compactNhsNumber(input);
  if (!/^\d*$/.test(compact) || compact.length > 10) return input;
  const parts = [compact.slice(0, 3), compact.slice(3, 6), compact.slice(6)].filter(
    (p) => p !== "",
  );
  return parts.join(" ");
}
