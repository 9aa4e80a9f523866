/** What a receptionist does, step by step, for the component tests (never used by the app). */
import { act, screen, waitFor } from "@testing-library/react";
import { expect } from "vitest";
import type { BookableSlot } from "../src/ipc/bindings/BookableSlot";
import { slotKey } from "../src/lib/adjacency";
import type { renderApp } from "./renderApp";

export type Ctx = Awaited<ReturnType<typeof renderApp>>;

// Patients of the simulator's demo seed (ui/test/fixtures/demo-seed.json).
/** Minnie DAWES: A20047 in the seed, and GPC001 and R1A15 in the tests (`renderApp`); one appointment. */
export const MINNIE = "9476719931";
/** Sophie MCVEY: A20047 only. */
export const SOPHIE = "9476719915";
/** Serena LOWDAY: on PDS, no record at any practice. */
export const SERENA = "9476730129";

/** Replaces the NHS number in the patient panel. */
export async function enterNhsNumber(ctx: Ctx, digits: string) {
  const input = screen.getByLabelText("NHS number");
  await ctx.user.clear(input);
  await ctx.user.type(input, digits);
}

/**
 * Searches today and waits until `ods` has answered: at every practice, or with `only`, at
 * `ods` alone (its slots then head the list).
 */
export async function searchToday(ctx: Ctx, ods = "A20047", only = false) {
  // A trace preselects the patient's registered practice: start from all practices.
  await allPractices(ctx);
  if (only) {
    await ctx.user.click(screen.getByLabelText("All practices"));
    await ctx.user.click(
      document.querySelector<HTMLElement>(`input[name="practice"][value="${ods}"]`)!,
    );
  }
  await ctx.user.click(document.querySelector<HTMLElement>('[data-preset="today"]')!);
  await ctx.user.click(screen.getByRole("button", { name: "Search" }));
  await waitFor(() =>
    expect(
      document.querySelector(`[data-practice-status="${ods}"]`)?.getAttribute("data-state"),
    ).toBe("done"),
  );
}

/** Ticks "All practices" unless it is ticked already. */
export async function allPractices(ctx: Ctx) {
  const all = screen.getByLabelText<HTMLInputElement>("All practices");
  if (!all.checked) await ctx.user.click(all);
}

/** Shows the results as the list (loaded on first use) and waits for it. */
export async function showList(ctx: Ctx) {
  await ctx.user.click(document.querySelector<HTMLElement>('[data-results-view="list"]')!);
  await waitFor(() => expect(document.getElementById("slot-list")).not.toBeNull());
}

/** Chooses the first slot found at `ods` in the list. */
export async function chooseFirstSlot(ctx: Ctx, ods: string): Promise<BookableSlot> {
  const slot = ctx.store.getState().results[ods]![0]!;
  if (!document.getElementById("slot-list")) await showList(ctx);
  const row = await waitFor(() => {
    const el = document.querySelector<HTMLElement>(`[data-slot-row="${slotKey(slot)}"]`);
    expect(el).not.toBeNull();
    return el!;
  });
  await ctx.user.click(row);
  return slot;
}

/** Waits for the patient panel of the chosen practice to say found (or not). */
export async function patientAtPractice(found: "true" | "false"): Promise<HTMLElement> {
  return waitFor(() => {
    const panel = document.getElementById("patient-at-practice");
    expect(panel?.dataset.found).toBe(found);
    return panel!;
  });
}

/** Opens Appointments and shows the list for the NHS number entered; returns the first card. */
export async function showAppointments(ctx: Ctx): Promise<HTMLElement> {
  await ctx.user.click(document.querySelector<HTMLElement>('[data-nav="appointments"]')!);
  // The Appointments screen is loaded when first opened.
  const show = await waitFor(() => {
    const button = document.getElementById("show-appointments");
    expect(button).not.toBeNull();
    return button!;
  });
  await ctx.user.click(show);
  return waitFor(() => {
    const card = document.querySelector<HTMLElement>("[data-appointment]");
    expect(card).not.toBeNull();
    return card!;
  });
}

/** The booking form's Confirm (or "Book the new slot…") button. */
export function confirmButton(): HTMLElement {
  return document.getElementById("book-button")!;
}

/** Lets pending timers and promises run (debounces, fake answers). */
export async function settle(ms = 0) {
  await act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));
}
