/**
 * The shared settings cases (tests/vectors/settings.json) against the fake backend's
 * save_settings checks, which stand in for Rust's `Settings::validate` in the UI tests.
 */
import { describe, expect, it } from "vitest";
import vectors from "../../../tests/vectors/settings.json";
import type { Settings } from "../../src/ipc/bindings/Settings";
import { validateSettings } from "../fake";
import { mergeOver } from "./merge";

describe("settings, as Rust's Settings::validate checks them", () => {
  it.each(vectors.cases)("$name", ({ input, expected }) => {
    const settings = mergeOver(vectors.base as Settings, input);
    const fields = validateSettings(settings)
      .map((f) => f.field)
      .sort();
    expect({ fields }).toEqual(expected);
  });
});
