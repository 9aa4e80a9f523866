import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../../../test/renderApp";
import { showList } from "../../../test/flows";

function statusRow(ods: string): HTMLElement {
  const row = document.querySelector<HTMLElement>(`[data-practice-status="${ods}"]`);
  if (!row) throw new Error(`no status row for ${ods}`);
  return row;
}

describe("slot search", () => {
  it("fills the board as practices answer: a failed and a slow practice", async () => {
    const { user, backend } = await renderApp({
      resultsView: "board",
      slowMs: 3000,
      modes: { search: { GPC001: "fail", R1A15: "slow", R3B46: "timeout" } },
    });
    await user.click(document.querySelector<HTMLElement>('[data-preset="today"]')!);
    await user.click(screen.getByRole("button", { name: "Search" }));
    await waitFor(() => expect(statusRow("A20047").dataset.state).toBe("done"));
    expect(statusRow("GPC001").dataset.state).toBe("failed");
    expect(
      within(statusRow("GPC001")).getByText(/Failed: The practice system is not answering/),
    ).toBeInTheDocument();
    // The slow ones are still searching while the others have answered.
    expect(statusRow("R1A15").dataset.state).toBe("searching");
    expect(statusRow("R3B46").dataset.state).toBe("searching");
    expect(screen.getByText(/Searching 4 practices: 2 answered/)).toBeInTheDocument();
    await waitFor(() => expect(statusRow("R1A15").dataset.state).toBe("done"), { timeout: 6000 });
    expect(statusRow("R3B46").dataset.state).toBe("timeout");
    expect(within(statusRow("R3B46")).getByText("Timed out")).toBeInTheDocument();
    expect(
      screen.getByText(/Search finished: .* at 2 of 4 practices; 2 did not answer/),
    ).toBeInTheDocument();
    // Rows are sorted by earliest: the answered practices first, failures last.
    const keys = [...document.querySelectorAll<HTMLElement>("[data-board-row]")].map(
      (r) => r.dataset.boardRow,
    );
    expect(keys.at(-1)).toMatch(/^(GPC001|R3B46)$/);
    expect(keys[0]).toMatch(/^(A20047|R1A15)\//);

    // Retry searches only the failed practice.
    backend.modes.search.GPC001 = "ok";
    const before = backend.callsTo("search_slots").length;
    await user.click(document.querySelector<HTMLElement>('[data-retry="GPC001"]')!);
    await waitFor(() => expect(statusRow("GPC001").dataset.state).toBe("done"));
    const calls = backend.callsTo("search_slots") as Array<{ practices: string[] }>;
    expect(calls).toHaveLength(before + 1);
    expect(calls[calls.length - 1]?.practices).toEqual(["GPC001"]);
  });

  it("shows every display field of a slot in the list", async () => {
    const ctx = await renderApp({ resultsView: "board" });
    await ctx.user.click(document.querySelector<HTMLElement>('[data-preset="today"]')!);
    await ctx.user.click(screen.getByRole("button", { name: "Search" }));
    await waitFor(() => expect(statusRow("A20047").dataset.state).toBe("done"));
    await showList(ctx);
    const row = await waitFor(() => {
      const el = document.querySelector<HTMLElement>('[data-slot-row^="A20047/"]');
      expect(el).not.toBeNull();
      return el!;
    });
    expect(row.dataset.slotStart).toMatch(/^2026-11-23T/);
    expect(row).toHaveTextContent("Mon 23 Nov 2026");
    expect(row).toHaveTextContent("Dr Legg's Surgery");
    expect(row).toHaveTextContent("In-person");
    expect(row).toHaveTextContent("General Medical Practitioner");
  });

  it("a second 14-day window that fails keeps the first one's slots and says what is missing", async () => {
    const ctx = await renderApp({
      resultsView: "board",
      modes: { search: { A20047: "secondWindowFails" } },
    });
    await ctx.user.click(document.querySelector<HTMLElement>('[data-preset="4weeks"]')!);
    await ctx.user.click(screen.getByRole("button", { name: "Search" }));
    await waitFor(() => expect(statusRow("A20047").dataset.state).toBe("done"));
    const missing = document.querySelector<HTMLElement>('[data-missing="A20047"]')!;
    expect(missing).toHaveTextContent(/Not searched: Mon 7 Dec 2026 to Sun 20 Dec 2026/);
    expect(Number(statusRow("A20047").dataset.count)).toBeGreaterThan(0);
    expect(document.querySelector('[data-retry="A20047"]')).not.toBeNull();
  });

  it("explains NO_RECORD_FOUND from a practice filtering by DoS service", async () => {
    const ctx = await renderApp({
      resultsView: "board",
      modes: { search: { R1A15: "noRecordFound" } },
    });
    await ctx.user.click(screen.getByRole("button", { name: "Search" }));
    await waitFor(() => expect(statusRow("R1A15").dataset.state).toBe("failed"));
    expect(statusRow("R1A15")).toHaveTextContent("This service is not in the practice's list");
  });
});
