/** The shared NHS number cases (tests/vectors/nhs-numbers.json) against lib/nhsNumber. */
import { describe, expect, it } from "vitest";
import vectors from "../../../tests/vectors/nhs-numbers.json";
import { compactNhsNumber, nhsNumberProblem } from "../../src/lib/nhsNumber";

describe("NHS numbers, as Rust's NhsNumber::parse reads them", () => {
  it.each(vectors.cases)("$name", ({ input, expected }) => {
    const problem = nhsNumberProblem(input);
    const actual =
      problem === null
        ? { valid: true, nhsNumber: compactNhsNumber(input) }
        : { valid: false, problem };
    expect(actual).toEqual(expected);
  });
});
