import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../../../test/renderApp";

describe("patient panel", () => {
  it("refuses an invalid NHS number inline and accepts a valid one", async () => {
    const { user } = await renderApp();
    const input = screen.getByLabelText("NHS number");
    await user.type(input, "9000000008");
    expect(input).toHaveValue("900 000 0008");
    const error = document.getElementById("nhs-number-error");
    expect(error).toHaveTextContent(
      "Error: This is not a valid NHS number. Check it with the patient",
    );
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input.getAttribute("aria-describedby")).toContain("nhs-number-error");

    await user.clear(input);
    await user.type(input, "947 671 9931");
    await user.tab();
    expect(input).toHaveValue("947 671 9931");
    expect(document.getElementById("nhs-number-error")).toBeNull();
  });

  it("asks for 10 digits once the field is left short", async () => {
    const { user } = await renderApp();
    const input = screen.getByLabelText("NHS number");
    await user.type(input, "94767");
    expect(document.getElementById("nhs-number-error")).toBeNull();
    await user.tab();
    expect(document.getElementById("nhs-number-error")).toHaveTextContent(
      "NHS number must be 10 digits",
    );
  });

  it("keeps what was typed when switching screens", async () => {
    const { user } = await renderApp();
    await user.type(screen.getByLabelText("NHS number"), "9476719931");
    // The trace fills in the verified details; the receptionist may still retype them.
    await waitFor(() => expect(screen.getByLabelText("Family name")).toHaveValue("DAWES"));
    await user.clear(screen.getByLabelText("Family name"));
    await user.type(screen.getByLabelText("Family name"), "Dawes");
    await user.click(document.querySelector<HTMLElement>('[data-nav="settings"]')!);
    expect(document.getElementById("family-name")).toBeNull();
    await user.click(document.querySelector<HTMLElement>('[data-nav="appointments"]')!);
    expect(screen.getByLabelText("Family name")).toHaveValue("Dawes");
    await user.click(document.querySelector<HTMLElement>('[data-nav="book"]')!);
    expect(screen.getByLabelText("NHS number")).toHaveValue("947 671 9931");
  });
});
