/** The shared text limit cases (tests/vectors/text-limits.json) against lib/limits. */
import { describe, expect, it } from "vitest";
import vectors from "../../../tests/vectors/text-limits.json";
import { commentProblem, descriptionProblem, reasonProblem } from "../../src/lib/limits";

const CHECKS: Record<string, (text: string) => string | null> = {
  description: descriptionProblem,
  comment: commentProblem,
  cancellationReason: reasonProblem,
};

describe("text limits, counted as Rust counts them", () => {
  it.each(vectors.cases)("$name", ({ input, expected }) => {
    const check = CHECKS[input.field];
    if (!check) throw new Error(`no check for ${input.field}`);
    const problem = check(input.text);
    expect(problem === null ? { ok: true } : { ok: false, problem }).toEqual(expected);
  });
});
