/**
 * The booking is for the patient on the phone, once: never the previous caller's record (while
 * a new lookup runs, or when it fails), never sent twice by a double click or Enter.
 */
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { BookRequest } from "../../ipc/bindings/BookRequest";
import { lookupKey } from "../../lib/patientEntry";
import {
  MINNIE,
  SOPHIE,
  SERENA,
  chooseFirstSlot,
  confirmButton,
  enterNhsNumber,
  patientAtPractice,
  searchToday,
  settle,
} from "../../../test/flows";
import { renderApp } from "../../../test/renderApp";

async function minnieReadyToBook() {
  const ctx = await renderApp();
  await ctx.user.type(screen.getByLabelText("NHS number"), MINNIE);
  await searchToday(ctx);
  await chooseFirstSlot(ctx, "A20047");
  await patientAtPractice("true");
  await ctx.user.type(screen.getByLabelText(/^Description/), "Review");
  return ctx;
}

describe("booking for the right patient", () => {
  it("never shows or books the previous patient while the new NHS number is being looked up", async () => {
    const ctx = await minnieReadyToBook();
    const { user, backend } = ctx;
    const release = backend.hold("find_patient");
    await enterNhsNumber(ctx, SOPHIE);
    await waitFor(() =>
      expect(
        (backend.callsTo("find_patient").at(-1) as { nhsNumber: string }).nhsNumber.replace(
          /\s/g,
          "",
        ),
      ).toBe(SOPHIE),
    );
    const panel = document.getElementById("patient-at-practice")!;
    expect(panel).not.toHaveTextContent("Minnie DAWES");
    expect(panel).toHaveTextContent("Finding the patient");

    await user.click(confirmButton());
    await settle(50);
    expect(backend.callsTo("book_appointment")).toHaveLength(0);
    expect(document.getElementById("error-summary")).toHaveTextContent(
      "Wait until the patient has been found at this practice",
    );

    release();
    expect(await patientAtPractice("true")).toHaveTextContent("Sophie MCVEY");
    await user.click(confirmButton());
    await screen.findByRole("heading", { name: "Appointment booked" });
    const calls = backend.callsTo("book_appointment") as BookRequest[];
    expect(calls).toHaveLength(1);
    expect(calls[0]!.patient.nhsNumber).toBe(SOPHIE);
  });

  it("does not fall back to the previous record when the new number has none", async () => {
    const ctx = await minnieReadyToBook();
    const release = ctx.backend.hold("find_patient");
    await enterNhsNumber(ctx, SERENA);
    await settle(300); // the lookup has been sent and is waiting
    await ctx.user.click(confirmButton());
    release();
    await patientAtPractice("false");
    await ctx.user.click(confirmButton());
    await settle(50);
    expect(ctx.backend.callsTo("book_appointment")).toHaveLength(0);
    expect(document.getElementById("error-summary")).toHaveTextContent(
      "Find or register the patient at this practice first",
    );
  });

  it("refuses to send a record whose NHS number is not the one entered", async () => {
    const ctx = await minnieReadyToBook();
    const { store, backend } = ctx;
    const ods = "A20047";
    const lookup = store.getState().lookups[ods]!;
    const record = { ...lookup.result!.record!, nhsNumber: SOPHIE };
    store.setState({
      lookups: {
        [ods]: {
          ...lookup,
          key: lookupKey(ods, store.getState().patient),
          result: { ...lookup.result!, record },
        },
      },
    });
    await store.getState().book();
    expect(backend.callsTo("book_appointment")).toHaveLength(0);
    const message = document.getElementById("booking-message")!;
    expect(message.dataset.code).toBe("stopped");
    expect(message).toHaveTextContent("the NHS numbers do not match");
  });
});

describe("sending a write once", () => {
  it("a double click while the details are being looked up again books once", async () => {
    const ctx = await minnieReadyToBook();
    const { user, backend } = ctx;
    const release = backend.hold("find_patient");
    await user.type(screen.getByLabelText("Family name"), "Dawes");
    await user.dblClick(confirmButton());
    release();
    await waitFor(() => expect(store(ctx).lookups.A20047?.status).toBe("done"));
    await settle(50);
    expect(backend.callsTo("book_appointment").length).toBeLessThanOrEqual(1);
    if (backend.callsTo("book_appointment").length === 0) await user.dblClick(confirmButton());
    await screen.findByRole("heading", { name: "Appointment booked" });
    expect(backend.callsTo("book_appointment")).toHaveLength(1);
  });

  it("book() called again while a booking is being sent sends nothing more", async () => {
    const ctx = await minnieReadyToBook();
    const release = ctx.backend.hold("book_appointment");
    const first = ctx.store.getState().book();
    const second = ctx.store.getState().book();
    expect(ctx.store.getState().booking).toBe(true);
    release();
    await Promise.all([first, second]);
    expect(ctx.backend.callsTo("book_appointment")).toHaveLength(1);
    expect(ctx.store.getState().booking).toBe(false);
  });

  it("registers once when asked twice, and stores the answer for the number it was sent for", async () => {
    const ctx = await renderApp();
    const { user, backend, store } = ctx;
    await user.type(screen.getByLabelText("NHS number"), MINNIE);
    await searchToday(ctx, "R3B46", true);
    await chooseFirstSlot(ctx, "R3B46");
    await patientAtPractice("false");
    // Filled from her PDS record.
    const form = document.getElementById("registration-form")!;
    expect(within(form).getByLabelText("Given name(s)")).toHaveValue("Minnie");
    expect(within(form).getByLabelText("Family name")).toHaveValue("DAWES");
    expect(document.getElementById("reg-birth-year")).toHaveValue("1952");
    const minniesStreet = (document.getElementById("reg-address-line1") as HTMLInputElement).value;
    expect(minniesStreet).toMatch(/Church Lane$/);
    expect(document.getElementById("reg-postcode")).toHaveValue("LS1 6AE");
    const sentKey = lookupKey("R3B46", store.getState().patient);

    const release = backend.hold("register_patient");
    const first = store.getState().submitRegistration("R3B46");
    const second = store.getState().submitRegistration("R3B46");
    // The caller corrects the NHS number while the practice registers the first one.
    await enterNhsNumber(ctx, SOPHIE);
    release();
    await Promise.all([first, second]);
    expect(backend.callsTo("register_patient")).toHaveLength(1);

    // Sophie MCVEY has no record at the hub: the registration made for Minnie is not hers.
    const panel = await patientAtPractice("false");
    expect(panel).not.toHaveTextContent("Minnie DAWES");
    expect(store.getState().lookups.R3B46?.key).not.toBe(sentKey);
    expect(store.getState().lookups.R3B46?.nhsNumber).toBe(SOPHIE);
    // …and the form no longer holds what was filled in for her: Sophie's PDS record instead.
    expect(
      within(document.getElementById("registration-form")!).getByLabelText("Family name"),
    ).toHaveValue("MCVEY");
    expect(document.getElementById("reg-address-line1")).not.toHaveValue(minniesStreet);
    expect(document.getElementById("registration-cleared")).not.toBeNull();
  });
});

function store(ctx: Awaited<ReturnType<typeof renderApp>>) {
  return ctx.store.getState();
}
