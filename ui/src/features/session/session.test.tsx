import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../../../test/renderApp";

describe("sign-in", () => {
  it("asks to sign in on start, and one click signs a demo user in", async () => {
    const { user, backend } = await renderApp({ signedIn: false });
    const dialog = await screen.findByRole("dialog", { name: "Sign in to GP Connect Booking" });
    expect(dialog).toHaveTextContent("Environment: Demo");
    expect(document.querySelector(".app-shell")).toHaveAttribute("aria-hidden", "true");
    await user.click(
      document.querySelector<HTMLElement>('[data-demo-sign-in="555000000002:555000000202"]')!,
    );
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(backend.callsTo("sign_in_demo")).toEqual([
      { uid: "555000000002", roleId: "555000000202" },
    ]);
    expect(document.getElementById("banner-user")).toHaveTextContent(
      "Sam Patel, Admin/Clinical Support Access Role at Bradford Urgent Care Service (demo)",
    );
    await waitFor(() =>
      expect(document.querySelector('[data-practice-check="A20047"]')).toHaveTextContent(
        "GP Connect 1.2.7",
      ),
    );
  });

  it("a call after the session ended shows the sign-in and keeps what was typed", async () => {
    const { user, backend } = await renderApp();
    const nhs = await screen.findByLabelText(/NHS number/);
    await user.type(nhs, "947 671 9931");
    backend.endSession("You were signed out after 15 minutes without activity.");
    await user.click(screen.getByRole("button", { name: "Search" }));
    const dialog = await screen.findByRole("dialog", { name: "Sign in to GP Connect Booking" });
    expect(dialog).toHaveTextContent("You were signed out after 15 minutes without activity.");
    expect(dialog).toHaveTextContent("What you typed is kept.");
    await user.click(
      document.querySelector<HTMLElement>('[data-demo-sign-in="555000000001:555000000101"]')!,
    );
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(screen.getByLabelText(/NHS number/)).toHaveValue("947 671 9931");
  });

  it("signs out from the header", async () => {
    const { user } = await renderApp();
    await user.click(await screen.findByRole("button", { name: "Sign out" }));
    const dialog = await screen.findByRole("dialog", { name: "Sign in to GP Connect Booking" });
    expect(dialog).toHaveTextContent("You signed out.");
  });
});
