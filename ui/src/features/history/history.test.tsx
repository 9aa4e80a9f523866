/**
 * A booking whose answer was lost: reported as not known yet (never "not booked" or "try
 * again"), the slot choice cleared so Confirm cannot resend it, "Check now" finds it made; the
 * write is listed under "Writes being checked" and can be closed after calling the practice;
 * History lists the booking with its trace ID, filters and exports it; every error box shows
 * the trace ID to quote to support.
 */
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { commandError } from "../../../test/factories";
import {
  MINNIE,
  chooseFirstSlot,
  confirmButton,
  patientAtPractice,
  searchToday,
  settle,
} from "../../../test/flows";
import { renderApp } from "../../../test/renderApp";
import { render } from "@testing-library/react";

async function bookWithLostAnswer() {
  const ctx = await renderApp({ modes: { book: "unknown" } });
  await ctx.user.type(screen.getByLabelText("NHS number"), MINNIE);
  await searchToday(ctx);
  await chooseFirstSlot(ctx, "A20047");
  await patientAtPractice("true");
  await ctx.user.type(screen.getByLabelText(/^Description/), "Review");
  await ctx.user.click(confirmButton());
  return ctx;
}

describe("a booking whose answer was lost", () => {
  it("says not known yet, clears the slot, and Check now finds it made", async () => {
    const ctx = await bookWithLostAnswer();
    const message = await waitFor(() => {
      const box = document.getElementById("booking-message");
      expect(box?.dataset.code).toBe("unknown");
      return box!;
    });
    expect(message).toHaveTextContent("Not known yet whether the booking was made");
    expect(message).toHaveTextContent("Do not book again yet");
    expect(message).not.toHaveTextContent(/try again/i);
    expect(message).toHaveTextContent("Trace ID (quote this to support)");
    expect(ctx.store.getState().selection).toHaveLength(0);
    // Confirm cannot send it again: there is no slot chosen.
    await ctx.user.click(confirmButton());
    await settle(20);
    expect(ctx.backend.callsTo("book_appointment")).toHaveLength(1);
    // Listed on every screen under "Writes being checked".
    const pending = await screen.findByRole("region", { name: /Writes being checked \(1\)/ });
    expect(within(pending).getByText(/still unknown/)).toBeInTheDocument();

    await ctx.user.click(document.getElementById("check-booking-now")!);
    await waitFor(() =>
      expect(document.getElementById("booking-message")?.dataset.code).toBe("madeAfterChecking"),
    );
    expect(document.getElementById("booking-message")).toHaveTextContent("It was made");
  });

  it("can be closed after calling the practice, with what the practice said", async () => {
    const ctx = await bookWithLostAnswer();
    await screen.findByRole("region", { name: /Writes being checked/ });
    await ctx.user.click(screen.getByRole("button", { name: "I have called the practice" }));
    await ctx.user.type(screen.getByLabelText("What did the practice say?"), "Booked at 10:00");
    await ctx.user.click(screen.getByRole("button", { name: "Close it" }));
    await waitFor(() =>
      expect(document.querySelector("[data-pending-write]")?.getAttribute("data-state")).toBe(
        "resolvedByUser",
      ),
    );
    expect(ctx.backend.callsTo("resolve_pending_write")).toEqual([
      { id: 1, note: "Booked at 10:00" },
    ]);
  });
});

describe("History", () => {
  it("lists the lost booking with its trace ID, filters by outcome, and exports CSV", async () => {
    const ctx = await bookWithLostAnswer();
    await screen.findByRole("region", { name: /Writes being checked/ });
    await ctx.user.keyboard("{Alt>}4{/Alt}");
    await screen.findByRole("heading", { name: "History" });
    const row = await waitFor(() => {
      const found = document.querySelector<HTMLElement>('[data-history-row][data-action="book"]');
      expect(found).not.toBeNull();
      return found!;
    });
    expect(row.dataset.outcome).toBe("unknown");
    expect(row).toHaveTextContent("947 671 9931");
    expect(row.dataset.traceId).toMatch(/^00000000-0000-4000-8000-/);
    await ctx.user.selectOptions(screen.getByLabelText("Outcome"), "ok");
    await ctx.user.click(screen.getByRole("button", { name: "Show" }));
    await waitFor(() => expect(document.querySelectorAll("[data-history-row]")).toHaveLength(0));
    expect(ctx.backend.callsTo("list_history").at(-1)).toMatchObject({ outcome: "ok" });
    await ctx.user.selectOptions(screen.getByLabelText("Outcome"), "");
    await ctx.user.click(screen.getByRole("button", { name: "Show" }));
    await waitFor(() =>
      expect(document.querySelectorAll("[data-history-row]").length).toBeGreaterThan(0),
    );
    await ctx.user.click(screen.getByRole("button", { name: "Export CSV" }));
    const { contents: csv } = ctx.backend.callsTo("save_csv").at(-1) as { contents: string };
    expect(csv).toMatch(/^Time \(UK\),Time \(UTC\),User/);
    expect(csv).toContain(row.dataset.traceId!);
  });
});

describe("error boxes", () => {
  it("show the trace ID of the request the error came from", () => {
    render(
      <CommandErrorBox
        error={commandError("INTERNAL_SERVER_ERROR", "The practice refused the request.", {
          traceId: "11111111-2222-4333-8444-555555555555",
        })}
        context="find"
      />,
    );
    expect(screen.getByText("11111111-2222-4333-8444-555555555555")).toBeInTheDocument();
    expect(screen.getByText(/quote this to support/)).toBeInTheDocument();
  });
});
