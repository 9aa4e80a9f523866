/**
 * Issue 12 on the whole app over the fake backend: the board filling in, the patient found
 * everywhere once, the disposition timeframe and its reason, filters without a new search that
 * survive a refresh and a restart, export, the preferred surgery first, the day view's keyboard,
 * and a home visit listed without amend or cancel.
 */
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { BookRequest } from "../../ipc/bindings/BookRequest";
import type { FindEverywhereRequest } from "../../ipc/bindings/FindEverywhereRequest";
import { App } from "../../App";
import { ukDate } from "../../lib/ukTime";
import { createAppStore } from "../../state/store";
import { MINNIE, patientAtPractice, settle, showAppointments } from "../../../test/flows";
import { NOW, renderApp } from "../../../test/renderApp";

type Ctx = Awaited<ReturnType<typeof renderApp>>;

function row(selector: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(selector);
  if (!el) throw new Error(`nothing matches ${selector}`);
  return el;
}

async function search(ctx: Ctx, preset = "2weeks") {
  await ctx.user.click(row(`[data-preset="${preset}"]`));
  await ctx.user.click(screen.getByRole("button", { name: "Search" }));
  await waitFor(() =>
    expect(
      [...document.querySelectorAll<HTMLElement>("[data-practice-status]")].every(
        (r) => r.dataset.state === "done" || r.dataset.state === "empty",
      ),
    ).toBe(true),
  );
}

/** Opens the filter `key` and waits for its value `value`. */
async function filterValue(ctx: Ctx, key: string, value: string): Promise<HTMLElement> {
  const box = () => document.querySelector<HTMLElement>(`[data-filter-value="${key}:${value}"]`);
  if (!box()) await ctx.user.click(row(`[data-filter="${key}"] summary`));
  return waitFor(() => {
    expect(box()).not.toBeNull();
    return box()!;
  });
}

function shown(): number {
  return Number(/Showing (\d+)/.exec(row("#filters-count").textContent ?? "")![1]);
}

describe("the earliest-available board", () => {
  it("finds the patient at every practice once, shows it per row, and booking reuses the answer", async () => {
    const ctx = await renderApp({ resultsView: "board", patientFirst: true });
    await ctx.user.type(screen.getByLabelText("NHS number"), MINNIE);
    await waitFor(() => expect(ctx.backend.callsTo("find_patient_everywhere")).toHaveLength(1));
    const request = ctx.backend.callsTo("find_patient_everywhere")[0] as FindEverywhereRequest;
    expect(request.practices).toEqual(["A20047", "GPC001", "R1A15", "R3B46"]);
    // Her appointments across the federation are listed beside the search.
    const beside = await waitFor(() => {
      const el = document.querySelector<HTMLElement>("[data-beside]");
      expect(el).not.toBeNull();
      return el!;
    });
    expect(beside).toHaveTextContent("Dr Legg's Surgery");
    await search(ctx);
    await waitFor(() =>
      expect(row('[data-board-row^="R3B46"] [data-patient-here]').dataset.patientHere).toBe(
        "notFound",
      ),
    );
    expect(row('[data-board-row^="A20047"] [data-patient-here]')).toHaveTextContent(
      "Registered here",
    );
    expect(row('[data-board-row^="R3B46"] [data-patient-here]')).toHaveTextContent(
      "No record: temporary registration needed",
    );
    // Rows are sorted by their earliest slot.
    const starts = [...document.querySelectorAll<HTMLElement>("[data-board-row]")]
      .map((r) => r.querySelector<HTMLElement>("[data-board-slot]")?.dataset.boardSlot)
      .filter((k): k is string => k !== undefined)
      .map((key) => {
        const [ods, id] = key.split("/");
        return Date.parse(ctx.store.getState().results[ods!]!.find((s) => s.slotId === id)!.start);
      });
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    // Choosing the earliest slot opens its practice's day; the patient is already known there.
    await ctx.user.click(row('[data-board-row^="A20047"] [data-board-slot]'));
    await patientAtPractice("true");
    expect(ctx.backend.callsTo("find_patient")).toHaveLength(0);
    expect(ctx.store.getState().resultsView).toBe("day");
    expect(row("#focus-chip")).toHaveTextContent("Only Dr Legg's Surgery");
  });

  it("follows the disposition timeframe: counts within it, marks later slots and asks why one is booked", async () => {
    // 08:00 on Monday 23 November: within 2 hours ends at 10:00.
    const ctx = await renderApp({ resultsView: "board" });
    await ctx.user.type(screen.getByLabelText("NHS number"), MINNIE);
    await ctx.user.click(row('[data-timeframe="2h"]'));
    expect(row("#timeframe-now")).toHaveTextContent("Within 2 hours (by Mon 23 Nov 2026, 10:00)");
    expect(ctx.store.getState().toParts).toEqual({ day: "23", month: "11", year: "2026" });
    await ctx.user.click(screen.getByRole("button", { name: "Search" }));
    await waitFor(() => expect(row('[data-practice-status="A20047"]').dataset.state).toBe("done"));
    const legg = row('[data-board-row^="A20047"]');
    const within2h = ctx.store
      .getState()
      .results.A20047!.filter(
        (s) =>
          s.location.id === legg.dataset.boardRow!.split("/")[1] &&
          Date.parse(s.start) <= NOW + 2 * 3_600_000,
      ).length;
    expect(Number(legg.dataset.count)).toBe(within2h);
    // A slot after 10:00, from the day view.
    await ctx.user.click(row('[data-results-view="day"]'));
    const late = await waitFor(() => row('#day-view [data-outside="true"]'));
    expect(late.getAttribute("aria-label")).toMatch(/after the disposition timeframe/);
    await ctx.user.click(late);
    expect(row("#outside-timeframe")).toHaveTextContent(
      "This slot is after the disposition timeframe",
    );
    await patientAtPractice("true");
    await ctx.user.type(screen.getByLabelText(/^Description/), "Review");
    await ctx.user.click(row("#book-button"));
    expect(
      screen.getAllByText("Give the reason for booking outside the disposition timeframe")[0],
    ).toBeInTheDocument();
    expect(ctx.backend.callsTo("book_appointment")).toHaveLength(0);
    await ctx.user.type(
      screen.getByLabelText("Why book outside the timeframe"),
      "Patient asked for the afternoon",
    );
    await ctx.user.click(row("#book-button"));
    await waitFor(() => expect(document.getElementById("booking-confirmation")).not.toBeNull());
    const sent = ctx.backend.callsTo("book_appointment")[0] as BookRequest;
    expect(sent.timeframe).toMatchObject({
      label: "Within 2 hours",
      until: "2026-11-23T10:00:00+00:00",
      reasonOutside: "Patient asked for the afternoon",
    });
    expect(row('[data-field="timeframe"]')).toHaveTextContent("Patient asked for the afternoon");
  });

  it("filters narrow the slots without searching again, and survive a refresh and a restart", async () => {
    const ctx = await renderApp({ resultsView: "board" });
    await search(ctx);
    const all = shown();
    const searches = ctx.backend.callsTo("search_slots").length;
    await ctx.user.click(await filterValue(ctx, "deliveryChannel", "Telephone"));
    const telephone = shown();
    expect(telephone).toBeLessThan(all);
    expect(telephone).toBeGreaterThan(0);
    await ctx.user.click(await filterValue(ctx, "weekday", "1"));
    expect(shown()).toBeLessThan(telephone);
    expect(ctx.backend.callsTo("search_slots")).toHaveLength(searches);
    // The count beside each value is what choosing it would show.
    const monday = row('[data-filter-value="weekday:1"]').parentElement!;
    expect(within(monday).getByText(`(${shown()})`)).toBeInTheDocument();
    // Refresh: searched again, filters kept.
    await ctx.user.click(row("#refresh-now"));
    await waitFor(() => expect(ctx.backend.callsTo("search_slots")).toHaveLength(searches + 1));
    await settle(20);
    expect(
      (row('[data-filter-value="deliveryChannel:Telephone"]') as HTMLInputElement).checked,
    ).toBe(true);
    // A restart of the app keeps them too.
    ctx.unmount();
    const store = createAppStore(
      ctx.backend,
      () => ukDate(NOW),
      () => NOW,
    );
    render(<App backend={ctx.backend} store={store} />);
    expect(store.getState().filters.deliveryChannel).toEqual(["Telephone"]);
    expect(store.getState().filters.weekday).toEqual(["1"]);
  });

  it("exports the slots shown as CSV and copies them", async () => {
    const ctx = await renderApp({ resultsView: "board" });
    await search(ctx, "today");
    await ctx.user.click(await filterValue(ctx, "practice", "GPC001"));
    await ctx.user.click(row("#export-slots-csv"));
    await waitFor(() => expect(ctx.backend.callsTo("save_csv")).toHaveLength(1));
    const { suggestedName, contents } = ctx.backend.callsTo("save_csv")[0] as {
      suggestedName: string;
      contents: string;
    };
    expect(suggestedName).toMatch(/^free-slots-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = contents.trim().split("\r\n");
    expect(lines[0]).toBe(
      "practice,slot id,date,start,end,duration,delivery channel,slot type,schedule type,location,address,practitioner,gender,role",
    );
    expect(lines).toHaveLength(shown() + 1);
    expect(lines.slice(1).every((l) => l.startsWith("GPC001,"))).toBe(true);
    await waitFor(() => expect(row("#export-slots-status")).toHaveTextContent("saved to"));
  });

  it("puts the preferred surgery's slots first at its practice", async () => {
    const ctx = await renderApp({ resultsView: "board", patientFirst: true });
    await ctx.user.type(screen.getByLabelText("NHS number"), MINNIE);
    await search(ctx, "today");
    await waitFor(() =>
      expect(document.querySelector("[data-board-row].is-preferred")).not.toBeNull(),
    );
    const preferred = row("[data-board-row].is-preferred");
    expect(preferred).toHaveTextContent("Preferred surgery");
    const location = preferred.dataset.boardRow!.split("/")[1];
    // The strip opens the whole practice; the list then starts with the preferred surgery.
    await ctx.user.click(
      row('[data-strip-day^="A20047/"], [data-board-row^="A20047"] [data-open]'),
    );
    ctx.store.getState().setFocus({ ods: "A20047", location: null });
    await ctx.user.click(row('[data-results-view="list"]'));
    const rows = await waitFor(() => {
      const found = [...document.querySelectorAll<HTMLElement>("[data-slot-row]")];
      expect(found.length).toBeGreaterThan(1);
      return found;
    });
    expect(rows[0]!.dataset.preferred).toBe("true");
    const first = ctx.store
      .getState()
      .results.A20047!.find((s) => `A20047/${s.slotId}` === rows[0]!.dataset.slotRow)!;
    expect(first.location.id).toBe(location);
  });

  it("the day view has lanes with full names and moves between slots with the arrow keys", async () => {
    const ctx = await renderApp({ resultsView: "day" });
    await search(ctx, "today");
    const heads = [...document.querySelectorAll<HTMLElement>(".app-day__lane-head")].map(
      (h) => h.querySelector(".app-day__lane-title")!.textContent,
    );
    expect(heads).toEqual([
      "Dr Legg's Surgery",
      "GP Connect Demonstrator Practice",
      "The Hepworth Surgery",
      "Leeds Extended Access Hub",
    ]);
    const focusable = [...document.querySelectorAll<HTMLElement>("#day-view [data-slot]")].filter(
      (b) => b.tabIndex === 0,
    );
    expect(focusable).toHaveLength(1);
    focusable[0]!.focus();
    await ctx.user.keyboard("{ArrowDown}");
    const second = document.activeElement as HTMLElement;
    expect(second.dataset.slot).not.toBe(focusable[0]!.dataset.slot);
    expect(second.dataset.slot?.split("/")[0]).toBe(focusable[0]!.dataset.slot?.split("/")[0]);
    await ctx.user.keyboard("{ArrowRight}");
    expect((document.activeElement as HTMLElement).dataset.slot?.split("/")[0]).toBe("GPC001");
    await ctx.user.keyboard("{Enter}");
    expect(ctx.store.getState().selection).toHaveLength(1);
    expect(ctx.store.getState().selection[0]!.practiceOdsCode).toBe("GPC001");
    // Paging days.
    const title = row("#day-title").textContent;
    await ctx.user.click(row('[data-results-view="day"]'));
    expect(row("#day-previous")).toBeDisabled();
    expect(title).toMatch(/Mon 23 Nov 2026/);
  });
});

describe("home visits (GP Connect 1.2.9)", () => {
  it("are listed without amend, cancel or reschedule, saying why", async () => {
    const ctx = await renderApp();
    const visit = ctx.backend.seedVisit(
      MINNIE,
      "A20047",
      "2026-11-24T11:00:00+00:00",
      "2026-11-24T11:30:00+00:00",
    );
    await ctx.user.type(screen.getByLabelText("NHS number"), MINNIE);
    await showAppointments(ctx);
    const card = await waitFor(() => row(`[data-appointment="A20047/${visit.appointmentId}"]`));
    expect(card).toHaveTextContent("Home visit");
    expect(card).toHaveTextContent("Contact practice for location of the visit");
    expect(card.querySelector("[data-amend], [data-cancel], [data-reschedule]")).toBeNull();
    expect(row(`[data-not-changeable="A20047/${visit.appointmentId}"]`)).toHaveTextContent(
      "GP Connect cannot amend or cancel visits",
    );
  });
});

describe("registration", () => {
  it("sends the patient's language and whether an interpreter is needed", async () => {
    const user = userEvent.setup();
    const ctx = await renderApp();
    await ctx.user.type(screen.getByLabelText("NHS number"), "9476730129");
    await ctx.user.type(screen.getByLabelText("Family name"), "Lowday");
    await ctx.user.type(screen.getByLabelText("Given name"), "Serena");
    await search(ctx, "today");
    const slot = ctx.store.getState().results.GPC001![0]!;
    await user.click(await waitFor(() => row(`[data-slot-row="GPC001/${slot.slotId}"]`)));
    await patientAtPractice("false");
    await user.selectOptions(screen.getByLabelText(/Language the patient speaks/), "pl");
    await user.click(screen.getByLabelText("An interpreter is needed"));
    expect(ctx.store.getState().registration.language).toBe("pl");
  });
});
