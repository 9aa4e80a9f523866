import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import { slotKey } from "../../lib/adjacency";
import { epochMs } from "../../lib/ukTime";
import { renderApp } from "../../../test/renderApp";
import type { AppStore } from "../../state/store";

/** Two adjacent free slots of one schedule at `ods`, from the search results. */
function adjacentPair(store: AppStore, ods: string): [BookableSlot, BookableSlot] {
  const slots = store.getState().results[ods] ?? [];
  for (const a of slots) {
    const b = slots.find(
      (s) =>
        s.scheduleId === a.scheduleId &&
        epochMs(s.start) === epochMs(a.end) &&
        s.deliveryChannel === a.deliveryChannel,
    );
    if (b) return [a, b];
  }
  throw new Error("no adjacent pair");
}

function row(key: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-slot-row="${key}"]`);
  if (!el) throw new Error(`no row ${key}`);
  return el;
}

async function searchToday(ctx: Awaited<ReturnType<typeof renderApp>>) {
  await ctx.user.click(document.querySelector<HTMLElement>('[data-preset="today"]')!);
  await ctx.user.click(screen.getByRole("button", { name: "Search" }));
  await waitFor(() =>
    expect(
      document.querySelector('[data-practice-status="A20047"]')?.getAttribute("data-state"),
    ).toBe("done"),
  );
}

describe("booking", () => {
  it("books two adjacent slots and shows the confirmation", async () => {
    const ctx = await renderApp();
    const { user, store, backend } = ctx;
    await user.type(screen.getByLabelText("NHS number"), "9476719931");
    expect(screen.getByLabelText("NHS number")).toHaveValue("947 671 9931");
    await user.type(screen.getByLabelText("Family name"), "Dawes");
    await searchToday(ctx);
    const [first, second] = adjacentPair(store, "A20047");

    await user.click(row(slotKey(second)));
    // The earlier slot can extend the selection: its row offers "Add".
    const add = await waitFor(() => {
      const button = document.querySelector<HTMLElement>(`[data-extend="${slotKey(first)}"]`);
      expect(button).not.toBeNull();
      return button!;
    });
    await user.click(add);
    await waitFor(() => expect(document.querySelectorAll("[data-selected-slot]")).toHaveLength(2));
    expect(document.querySelector(`[data-selected-slot="${slotKey(first)}"]`)).not.toBeNull();

    const found = await waitFor(() => {
      const panel = document.getElementById("patient-at-practice");
      expect(panel?.dataset.found).toBe("true");
      return panel!;
    });
    expect(found).toHaveTextContent("Minnie DAWES");
    expect(found).toHaveTextContent("31 May 1952");
    expect(found).toHaveTextContent("947 671 9931");

    await user.type(screen.getByLabelText(/^Description/), "Asthma review");
    expect(screen.getByText("13 of 100 characters")).toBeInTheDocument();
    await user.type(screen.getByLabelText(/^Comment/), "Call before");
    await user.click(screen.getByRole("button", { name: "Confirm booking" }));

    const confirmation = await screen.findByRole("heading", { name: "Appointment booked" });
    expect(confirmation).toBeInTheDocument();
    const field = (name: string) =>
      document.querySelector(`#booking-confirmation [data-field="${name}"]`);
    expect(field("practice")).toHaveTextContent("Dr Legg's Surgery (A20047)");
    expect(field("date")).toHaveTextContent("Mon 23 Nov 2026");
    expect(field("start")).toHaveTextContent(/^\d\d:\d\d$/);
    expect(field("end")).toHaveTextContent("(20 minutes)");
    expect(field("nhsNumber")).toHaveTextContent("947 671 9931");
    expect(field("description")).toHaveTextContent("Asthma review");
    expect(field("comment")).toHaveTextContent("Call before");
    expect(field("bookingOrganisation")).toHaveTextContent(
      "Leeds Urgent Care Service (demo) (Y90001)",
    );
    const request = backend.callsTo("book_appointment")[0] as {
      slots: BookableSlot[];
      description: string;
    };
    expect(request.slots.map((s) => s.slotId)).toEqual([first.slotId, second.slotId]);
    // Booked slots are no longer offered.
    expect(document.querySelector(`[data-slot-row="${slotKey(first)}"]`)).toBeNull();

    // Copy gives a visible confirmation.
    await user.click(screen.getByRole("button", { name: "Copy" }));
    expect(await screen.findByText("Copied")).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toContain("Appointment ID:");

    await user.click(screen.getByRole("button", { name: "Book another" }));
    expect(document.getElementById("booking-confirmation")).toBeNull();
    expect(screen.getByLabelText("NHS number")).toHaveValue("947 671 9931");
    await waitFor(() => expect(document.getElementById("description")).toHaveFocus());
  });

  it("says a slot was just taken (409), keeps the text and searches that practice again", async () => {
    const ctx = await renderApp();
    const { user, store, backend } = ctx;
    await user.type(screen.getByLabelText("NHS number"), "9476719931");
    await searchToday(ctx);
    const [slot] = adjacentPair(store, "A20047");
    await user.click(row(slotKey(slot)));
    await waitFor(() =>
      expect(document.getElementById("patient-at-practice")?.dataset.found).toBe("true"),
    );
    await user.type(screen.getByLabelText(/^Description/), "Chest pain follow-up");
    backend.modes.book = "duplicate";
    const searches = backend.callsTo("search_slots").length;
    await user.click(screen.getByRole("button", { name: "Confirm booking" }));

    const message = await waitFor(() => {
      const el = document.getElementById("booking-message");
      expect(el).not.toBeNull();
      return el!;
    });
    expect(message.dataset.code).toBe("DUPLICATE_REJECTED");
    expect(message).toHaveTextContent("That slot was just taken by someone else");
    await waitFor(() => expect(backend.callsTo("search_slots")).toHaveLength(searches + 1));
    expect((backend.callsTo("search_slots").at(-1) as { practices: string[] }).practices).toEqual([
      "A20047",
    ]);
    await waitFor(() =>
      expect(
        document.querySelector('[data-practice-status="A20047"]')?.getAttribute("data-state"),
      ).toBe("done"),
    );
    expect(document.querySelector(`[data-slot-row="${slotKey(slot)}"]`)).toBeNull();
    expect(screen.getByLabelText(/^Description/)).toHaveValue("Chest pain follow-up");
  });

  it("explains a reconciled booking and a booking that was not made", async () => {
    const ctx = await renderApp();
    const { user, store, backend } = ctx;
    await user.type(screen.getByLabelText("NHS number"), "9476719931");
    await searchToday(ctx);
    const [a, b] = adjacentPair(store, "A20047");
    await user.click(row(slotKey(a)));
    await waitFor(() =>
      expect(document.getElementById("patient-at-practice")?.dataset.found).toBe("true"),
    );
    await user.type(screen.getByLabelText(/^Description/), "Review");

    backend.modes.book = "notBooked";
    await user.click(screen.getByRole("button", { name: "Confirm booking" }));
    const notBooked = await waitFor(() => {
      const el = document.getElementById("booking-message");
      expect(el?.dataset.code).toBe("notBooked");
      return el!;
    });
    expect(notBooked).toHaveTextContent("The booking was not made");
    expect(notBooked).toHaveTextContent("nothing was sent twice");
    expect(screen.getByLabelText(/^Description/)).toHaveValue("Review");

    backend.modes.book = "reconciled";
    await user.click(row(slotKey(b)));
    await user.click(screen.getByRole("button", { name: "Confirm booking" }));
    const reconciled = await waitFor(() => {
      const el = document.getElementById("booking-message");
      expect(el?.dataset.code).toBe("reconciled");
      return el!;
    });
    expect(within(reconciled).getByText(/exactly once/)).toBeInTheDocument();
    expect(document.getElementById("booking-confirmation")).not.toBeNull();
  });

  it("after a booking whose outcome is unknown, Confirm cannot send it again", async () => {
    const ctx = await renderApp();
    const { user, store, backend } = ctx;
    await user.type(screen.getByLabelText("NHS number"), "9476719931");
    await searchToday(ctx);
    const [a] = adjacentPair(store, "A20047");
    await user.click(row(slotKey(a)));
    await waitFor(() =>
      expect(document.getElementById("patient-at-practice")?.dataset.found).toBe("true"),
    );
    await user.type(screen.getByLabelText(/^Description/), "Review");
    backend.modes.book = "timeout";
    await user.click(screen.getByRole("button", { name: "Confirm booking" }));
    const message = await waitFor(() => {
      const el = document.getElementById("booking-message");
      expect(el?.dataset.code).toBe("TIMEOUT");
      return el!;
    });
    expect(message).toHaveTextContent("may have been booked");
    expect(
      within(message).getByRole("button", { name: /Check the patient's appointments/ }),
    ).toBeInTheDocument();
    expect(store.getState().selection).toHaveLength(0);
    expect(screen.getByLabelText(/^Description/)).toHaveValue("Review");
    // Confirm again sends nothing: there is no slot chosen.
    await user.click(screen.getByRole("button", { name: "Confirm booking" }));
    expect(backend.callsTo("book_appointment")).toHaveLength(1);
  });

  it("refuses what the rules do not allow and says why", async () => {
    const ctx = await renderApp();
    const { user, store } = ctx;
    await searchToday(ctx);
    const a = store.getState().results.A20047![0]!;
    const other = store.getState().results.GPC001![0]!;
    await user.click(row(slotKey(a)));
    await user.keyboard("{Shift>}");
    await user.click(row(slotKey(other)));
    await user.keyboard("{/Shift}");
    expect(
      await screen.findByText(/Slots from different practices cannot be booked together/),
    ).toBeInTheDocument();
    expect(document.querySelectorAll("[data-selected-slot]")).toHaveLength(1);
    // Booking without description or NHS number lists the problems.
    await user.click(screen.getByRole("button", { name: "Confirm booking" }));
    const summary = await screen
      .findByRole("alert", { name: "" })
      .catch(() => document.getElementById("error-summary"));
    expect(document.getElementById("error-summary")).toHaveTextContent("Enter a valid NHS number");
    expect(document.getElementById("error-summary")).toHaveTextContent("Enter a description");
    expect(summary).toBeTruthy();
  });

  it("offers temporary registration where the patient has no record", async () => {
    const ctx = await renderApp();
    const { user, store, backend } = ctx;
    await user.type(screen.getByLabelText("NHS number"), "9476719931");
    // Traced; then only the hub, where Minnie DAWES has no record.
    await waitFor(() => expect(store.getState().trace.status).toBe("done"));
    await user.click(screen.getByLabelText("All practices"));
    await user.click(document.querySelector<HTMLElement>('input[name="practice"][value="R3B46"]')!);
    await ctx.user.click(screen.getByRole("button", { name: "Search" }));
    await waitFor(() =>
      expect(
        document.querySelector('[data-practice-status="R3B46"]')?.getAttribute("data-state"),
      ).toBe("done"),
    );
    expect(document.querySelector('[data-practice-status="A20047"]')).toBeNull();
    const hub = store.getState().results.R3B46![0]!;
    await user.click(row(slotKey(hub)));
    await waitFor(() =>
      expect(document.getElementById("patient-at-practice")?.dataset.found).toBe("false"),
    );
    // Filled from the PDS record; every problem is listed before anything is sent.
    const form = document.getElementById("registration-form")!;
    expect(within(form).getByLabelText("Given name(s)")).toHaveValue("Minnie");
    expect(within(form).getByLabelText("Family name")).toHaveValue("DAWES");
    expect(document.getElementById("reg-birth-day")).toHaveValue("31");
    expect(document.getElementById("reg-postcode")).toHaveValue("LS1 6AE");
    await user.clear(within(form).getByLabelText("Family name"));
    await user.clear(document.getElementById("reg-birth-day")!);
    await user.click(screen.getByRole("button", { name: "Register patient at this practice" }));
    const summary = document.getElementById("error-summary")!;
    expect(summary).toHaveTextContent("Enter the family name");
    expect(summary).toHaveTextContent(/date of birth/i);
    expect(backend.callsTo("register_patient")).toHaveLength(0);

    await user.type(within(form).getByLabelText("Family name"), "Dawes");
    await user.type(document.getElementById("reg-birth-day")!, "31");
    await user.clear(document.getElementById("reg-postcode")!);
    await user.type(document.getElementById("reg-postcode")!, "LS18");
    await user.click(screen.getByRole("button", { name: "Register patient at this practice" }));
    expect(document.getElementById("error-summary")).toHaveTextContent(
      "Enter a full UK postcode, like LS18 1AE",
    );
    await user.type(document.getElementById("reg-postcode")!, " 4DF");
    await user.click(screen.getByRole("button", { name: "Register patient at this practice" }));
    await waitFor(() =>
      expect(document.getElementById("patient-at-practice")?.dataset.found).toBe("true"),
    );
    expect(document.getElementById("patient-at-practice")).toHaveTextContent("Temporary");
    await waitFor(() => expect(document.getElementById("patient-at-practice")).toHaveFocus());
  });
});
