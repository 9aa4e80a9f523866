import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../../../test/renderApp";

function statusRow(ods: string): HTMLElement {
  const row = document.querySelector<HTMLElement>(`[data-practice-status="${ods}"]`);
  if (!row) throw new Error(`no status row for ${ods}`);
  return row;
}

describe("slot search", () => {
  it("fills the status rows as practices answer: a failed and a slow practice", async () => {
    const { user, backend } = await renderApp({
      slowMs: 3000,
      modes: { search: { GPC001: "fail", R1A15: "slow", R3B46: "timeout" } },
    });
    await user.click(document.querySelector<HTMLElement>('[data-preset="today"]')!);
    await user.click(screen.getByRole("button", { name: "Search" }));
    // Every practice starts as searching…
    await waitFor(() => expect(statusRow("A20047").dataset.state).toBe("done"));
    expect(statusRow("GPC001").dataset.state).toBe("failed");
    expect(
      within(statusRow("GPC001")).getByText(/Failed: The practice system is not answering/),
    ).toBeInTheDocument();
    // …the slow one is still searching while the others have answered.
    expect(statusRow("R1A15").dataset.state).toBe("searching");
    expect(statusRow("R3B46").dataset.state).toBe("searching");
    expect(screen.getByText(/Searching 4 practices: 2 answered/)).toBeInTheDocument();
    await waitFor(() => expect(statusRow("R1A15").dataset.state).toBe("done"), { timeout: 6000 });
    expect(statusRow("R3B46").dataset.state).toBe("timeout");
    expect(within(statusRow("R3B46")).getByText("Timed out")).toBeInTheDocument();
    expect(within(statusRow("A20047")).getByText(/\d+ slots/)).toBeInTheDocument();
    expect(
      screen.getByText(/Search finished: .* at 2 of 4 practices; 2 did not answer/),
    ).toBeInTheDocument();

    // Retry searches only the failed practice.
    backend.modes.search.GPC001 = "ok";
    const before = backend.callsTo("search_slots").length;
    await user.click(document.querySelector<HTMLElement>('[data-retry="GPC001"]')!);
    await waitFor(() => expect(statusRow("GPC001").dataset.state).toBe("done"));
    const calls = backend.callsTo("search_slots") as Array<{ practices: string[] }>;
    expect(calls).toHaveLength(before + 1);
    expect(calls[calls.length - 1]?.practices).toEqual(["GPC001"]);
  });

  it("shows slots in the calendar and the list, with every display field", async () => {
    const { user } = await renderApp();
    await user.click(document.querySelector<HTMLElement>('[data-preset="today"]')!);
    await user.click(screen.getByRole("button", { name: "Search" }));
    await waitFor(() =>
      expect(document.querySelectorAll("[data-slot-row]").length).toBeGreaterThan(0),
    );
    await act(async () => {
      await new Promise((r) => setTimeout(r, 50));
    });
    const calendar = document.getElementById("calendar")!;
    expect(calendar.dataset.ready).toBe("true");
    const row = document.querySelector<HTMLElement>('[data-slot-row^="A20047/"]')!;
    expect(row.dataset.slotStart).toMatch(/^2026-11-23T/);
    expect(row).toHaveTextContent("Mon 23 Nov 2026");
    expect(row).toHaveTextContent("Dr Legg's Surgery");
    expect(row).toHaveTextContent("In-person");
    expect(row).toHaveTextContent("General Medical Practitioner");
  });
});
