import { describe, expect, it } from "vitest";
import {
  checkDigit,
  compactNhsNumber,
  formatNhsNumber,
  isValidNhsNumber,
  nhsNumberMessage,
  nhsNumberProblem,
} from "./nhsNumber";

describe("NHS number Modulus 11", () => {
  it("accepts valid numbers, with or without spaces", () => {
    expect(isValidNhsNumber("9476719931")).toBe(true);
    expect(isValidNhsNumber("947 671 9931")).toBe(true);
    expect(isValidNhsNumber(" 947 671 9931 ")).toBe(true);
    expect(isValidNhsNumber("943 476 5919")).toBe(true);
  });

  it("refuses a wrong check digit", () => {
    expect(nhsNumberProblem("9000000008")).toBe("checkDigit");
    expect(nhsNumberProblem("9476719932")).toBe("checkDigit");
  });

  it("computes the check digit with weights 10 to 2", () => {
    expect(checkDigit("400000000")).toBe(4); // 40 % 11 = 7 → 11 - 7
    expect(checkDigit("100000000")).toBe(1); // 10 % 11 = 10 → 1
    expect(checkDigit("110000000")).toBe(3); // 19 % 11 = 8 → 3
  });

  it("uses 0 when 11 - remainder is 11", () => {
    expect(checkDigit("010000001")).toBe(0); // 9 + 2 = 11 → remainder 0 → 0
    expect(isValidNhsNumber("0100000010")).toBe(true);
  });

  it("refuses numbers whose check digit would be 10", () => {
    expect(checkDigit("000000006")).toBe(null); // 12 % 11 = 1 → 10: never issued
    for (let last = 0; last <= 9; last += 1) {
      expect(nhsNumberProblem(`000000006${last}`)).toBe("checkDigit");
    }
  });

  it("needs 10 digits and only digits", () => {
    expect(nhsNumberProblem("")).toBe("empty");
    expect(nhsNumberProblem("   ")).toBe("empty");
    expect(nhsNumberProblem("947671993")).toBe("length");
    expect(nhsNumberProblem("94767199311")).toBe("length");
    expect(nhsNumberProblem("947A719931")).toBe("notDigits");
    expect(nhsNumberMessage("length")).toBe("NHS number must be 10 digits");
  });

  it("groups digits 3 3 4 as they are typed", () => {
    expect(formatNhsNumber("9476719931")).toBe("947 671 9931");
    expect(formatNhsNumber("947 6719 931")).toBe("947 671 9931");
    expect(formatNhsNumber("94767")).toBe("947 67");
    expect(formatNhsNumber("947")).toBe("947");
    expect(formatNhsNumber("")).toBe("");
    // Anything else is left as typed, so the inline error can say what is wrong.
    expect(formatNhsNumber("94x")).toBe("94x");
    expect(formatNhsNumber("947 671 99311")).toBe("947 671 99311");
    expect(compactNhsNumber("947 671-9931")).toBe("9476719931");
  });
});
