import { describe, expect, it } from "vitest";
import { commandError } from "../../test/factories";
import { describeError, isTimeout, toCommandError } from "./errors";

describe("error messages per code", () => {
  it("DUPLICATE_REJECTED on booking says the slot was just taken", () => {
    const view = describeError(
      commandError(
        "DUPLICATE_REJECTED",
        "The practice refused the request: Duplicate rejected (409 DUPLICATE_REJECTED).",
        {
          httpStatus: 409,
          spineCode: "DUPLICATE_REJECTED",
          diagnostics: "Slot 5 is busy",
          advice: "Someone else got there first.",
        },
      ),
      "book",
    );
    expect(view.title).toBe("That slot was just taken by someone else");
    expect(view.advice).toMatch(/searched again/);
    expect(view.providerText).toBe("Slot 5 is busy");
    expect(view.reference).toBe("HTTP 409, DUPLICATE_REJECTED");
  });

  it("DUPLICATE_REJECTED on registration means the record exists", () => {
    expect(describeError(commandError("DUPLICATE_REJECTED", "x"), "register").title).toBe(
      "The patient already has a record at this practice",
    );
  });

  it("TIMEOUT is a timeout, and on a write the outcome is unknown", () => {
    const error = commandError("TIMEOUT", "The practice did not answer in time.", {
      outcomeUnknown: true,
      retryable: true,
      advice:
        "The practice did not answer in time. For a booking, check the patient's appointments before trying again.",
    });
    expect(isTimeout(error)).toBe(true);
    const search = describeError(error, "search");
    expect(search.title).toBe("The practice did not answer in time");
    expect(search.outcomeUnknown).toBe(false);
    const book = describeError(error, "book");
    expect(book.outcomeUnknown).toBe(true);
    expect(book.advice).toMatch(/do not simply repeat it/);
  });

  it("CONNECTION_LOST with outcomeUnknown warns not to repeat the booking", () => {
    const view = describeError(
      commandError("CONNECTION_LOST", "The connection was lost before the practice answered.", {
        outcomeUnknown: true,
      }),
      "book",
    );
    expect(view.title).toBe("The connection was lost before the practice answered");
    expect(view.detail).toBeNull();
    expect(view.outcomeUnknown).toBe(true);
    expect(view.advice).toMatch(/do not simply repeat it/);
  });

  it("TLS points to Settings and shows no diagnostics", () => {
    const view = describeError(
      commandError("TLS", "A secure connection to the NHS network could not be made.", {
        advice:
          "A secure connection could not be made. Check the certificates in Settings, or contact your IT support.",
        diagnostics: "internal handshake detail",
      }),
    );
    expect(view.title).toBe("A secure connection could not be made");
    expect(view.settingsLink).toBe(true);
    expect(view.providerText).toBeNull();
    expect(view.advice).toMatch(/certificates in Settings/);
  });

  it("VALIDATION lists the fields", () => {
    const view = describeError(
      commandError("VALIDATION", "Check the settings.", {
        field: "organisation.odsCode",
        fields: [
          {
            field: "organisation.odsCode",
            message: "Enter your organisation's ODS code, like A12345",
          },
          {
            field: "practices.0.providerRoot",
            message: "A provider root is an https:// address with no trailing /",
          },
        ],
      }),
      "settings",
    );
    expect(view.title).toBe("There is a problem with the details entered");
    expect(view.fields).toHaveLength(2);
    expect(view.reference).toBeNull();
  });

  it("PROXY_* codes are the NHS network's refusals with their advice", () => {
    const throttled = describeError(
      commandError(
        "PROXY_THROTTLED",
        "The NHS network (Spine Secure Proxy) refused or could not forward the request (HTTP 429).",
        {
          httpStatus: 429,
          advice: "The NHS network is busy. Wait a moment and try again.",
        },
      ),
      "search",
    );
    expect(throttled.title).toBe("The NHS network is busy");
    expect(throttled.advice).toBe("The NHS network is busy. Wait a moment and try again.");
    const dsa = describeError(
      commandError("PROXY_NO_DATA_SHARING_AGREEMENT", "refused", {
        httpStatus: 403,
        spineCode: "FOT_CHECK_FAILED_MESSAGESENDER_1",
        diagnostics: "FOT check failed",
      }),
    );
    expect(dsa.title).toBe("Your organisation is not set up to book at this practice");
    expect(dsa.providerText).toBe("FOT check failed");
    expect(describeError(commandError("PROXY_ERROR", "x")).title).toBe(
      "The NHS network refused the request",
    );
    expect(isTimeout(commandError("PROVIDER_TIMEOUT", "x"))).toBe(true);
  });

  it("a Spine code the app does not know falls back to the backend's message", () => {
    const view = describeError(
      commandError("PROVIDER_ERROR", "The practice's system sent something odd.", {
        advice: "Try again later.",
        spineCode: "SOMETHING_ELSE",
      }),
    );
    expect(view.title).toBe("The practice's system sent something odd.");
    expect(view.detail).toBeNull();
    expect(view.advice).toBe("Try again later.");
  });

  it("turns anything thrown into a CommandError without a stack", () => {
    const fromString = toCommandError("command list_appointments not found");
    expect(fromString.code).toBe("UNEXPECTED");
    expect(fromString.details.diagnostics).toBe("command list_appointments not found");
    const fromError = toCommandError(new TypeError("x is undefined"));
    expect(fromError.details.diagnostics).toBe("x is undefined");
    expect(JSON.stringify(fromError)).not.toMatch(/at .*\.ts/);
    expect(describeError(fromError).title).toBe("Something went wrong in the app");
  });
});
