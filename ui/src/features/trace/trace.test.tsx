/**
 * The patient panel starts with a trace on PDS: by NHS number or by demographics (matches in
 * PDS's order, choosing one traces it); the verified details and registered practice shown;
 * sensitive, deceased and superseded said plainly, with nothing sent or booked that must not
 * be; differences between PDS and the practice's record acknowledged before Confirm.
 */
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import {
  chooseFirstSlot,
  confirmButton,
  patientAtPractice,
  searchToday,
  type Ctx,
} from "../../../test/flows";
import { renderApp } from "../../../test/renderApp";

async function traced(): Promise<HTMLElement> {
  return waitFor(() => {
    const el = document.getElementById("trace-summary");
    expect(el?.dataset.traced).toBe("true");
    return el!;
  });
}

async function typeNhs(ctx: Ctx, digits: string) {
  await ctx.user.type(screen.getByLabelText("NHS number"), digits);
}

describe("trace on PDS", () => {
  it("traces a complete NHS number: verified details, registered practice named and preselected", async () => {
    const ctx = await renderApp();
    await typeNhs(ctx, "9476719931");
    const summary = await traced();
    expect(summary).toHaveTextContent("NHS number verified");
    expect(summary).toHaveTextContent("Minnie DAWES");
    expect(summary).toHaveTextContent("31 May 1952");
    expect(summary).toHaveTextContent("Dr Legg's Surgery (A20047)");
    expect(summary).toHaveTextContent("Church Lane");
    expect(ctx.backend.callsTo("trace_patient")).toHaveLength(1);
    // The verified details fill the panel; the registered practice is the one searched.
    expect(screen.getByLabelText("Family name")).toHaveValue("DAWES");
    expect(
      document.querySelector<HTMLInputElement>('input[name="practice"][value="A20047"]')!.checked,
    ).toBe(true);
    // Searched first, whatever order the practices are listed in.
    await searchToday(ctx, "GPC001");
    const sent = ctx.backend.callsTo("search_slots").at(-1) as { practices: string[] };
    expect(sent.practices[0]).toBe("A20047");
    expect(sent.practices).toHaveLength(4);
  });

  it("ticks the registered practice when the receptionist had chosen others", async () => {
    const ctx = await renderApp();
    await ctx.user.click(screen.getByLabelText("All practices"));
    await ctx.user.click(
      document.querySelector<HTMLElement>('input[name="practice"][value="GPC001"]')!,
    );
    await typeNhs(ctx, "9476719931");
    await traced();
    expect(ctx.store.getState().chosenPractices).toEqual(["GPC001", "A20047"]);
  });

  it("finds a caller without an NHS number by name, date of birth and postcode; choosing one traces them", async () => {
    const ctx = await renderApp();
    const { user, backend } = ctx;
    await user.type(screen.getByLabelText("Family name"), "Banton");
    await user.type(document.getElementById("birth-date-day")!, "18");
    await user.type(document.getElementById("birth-date-month")!, "9");
    await user.type(document.getElementById("birth-date-year")!, "1955");
    await user.type(screen.getByLabelText("Postcode"), "DN16 1HQ");
    await user.click(screen.getByRole("button", { name: /search PDS/ }));
    const matches = await waitFor(() => {
      const el = document.getElementById("pds-matches");
      expect(el).toHaveTextContent("1 patient matches on PDS");
      return el!;
    });
    expect(backend.callsTo("search_pds")[0]).toMatchObject({
      familyName: "Banton",
      birthDate: { on: "1955-09-18" },
      postcode: "DN16 1HQ",
    });
    expect(matches).not.toHaveTextContent(/score/i);
    expect(backend.callsTo("trace_patient")).toHaveLength(0);
    await user.click(within(matches).getByRole("button", { name: /Choose Dolly BANTON/ }));
    const summary = await traced();
    expect(summary).toHaveTextContent("DN16 1HQ");
    expect(screen.getByLabelText("NHS number")).toHaveValue("947 671 9958");
    expect(backend.callsTo("trace_patient")).toEqual([{ nhsNumber: "9476719958", refresh: false }]);
  });

  it("asks for the differences between PDS and the practice's record to be acknowledged before Confirm", async () => {
    const ctx = await renderApp();
    const { user, backend } = ctx;
    await typeNhs(ctx, "9476719958");
    await traced();
    await searchToday(ctx, "A20047", true);
    await chooseFirstSlot(ctx, "A20047");
    const panel = await patientAtPractice("true");
    const differences = await waitFor(() => {
      const el = panel.querySelector('[data-difference="address"]');
      expect(el).not.toBeNull();
      return el!;
    });
    expect(differences).toHaveTextContent("PDS holds 3 Ashby Road, SCUNTHORPE, DN16 1HQ");
    await user.type(screen.getByLabelText(/^Description/), "Review");
    await user.click(confirmButton());
    expect(document.getElementById("error-summary")).toHaveTextContent(
      "check the differences with the caller",
    );
    expect(backend.callsTo("book_appointment")).toHaveLength(0);
    await user.click(screen.getByLabelText(/I have checked these differences with the caller/));
    await user.click(confirmButton());
    await waitFor(() => expect(backend.callsTo("book_appointment")).toHaveLength(1));
  });

  it("sends nothing to any practice for a sensitive patient, and hides the address", async () => {
    const ctx = await renderApp();
    const { backend } = ctx;
    await typeNhs(ctx, "9476113162");
    const summary = await traced();
    expect(summary.querySelector('[data-notice="sensitive"]')).toHaveTextContent(
      "GP Connect must not be used",
    );
    expect(summary).toHaveTextContent("Not shown (sensitive)");
    await searchToday(ctx, "A20047", true);
    await chooseFirstSlot(ctx, "A20047");
    await waitFor(() =>
      expect(
        document.querySelector('#patient-at-practice [data-code="PATIENT_SENSITIVE"]'),
      ).not.toBeNull(),
    );
    expect(backend.callsTo("find_patient")).toHaveLength(0);
    expect(document.getElementById("registration-form")).toBeNull();
  });

  it("says a deceased patient cannot be booked, with the date", async () => {
    const ctx = await renderApp();
    const { user, backend, store } = ctx;
    await typeNhs(ctx, "9476719974");
    const summary = await traced();
    expect(summary.querySelector('[data-notice="deceased"]')).toHaveTextContent("2007");
    await searchToday(ctx, "R3B46", true);
    await chooseFirstSlot(ctx, "R3B46");
    await user.type(screen.getByLabelText(/^Description/), "Review");
    await user.click(confirmButton());
    expect(
      store
        .getState()
        .bookingProblems()
        .map((p) => p.inputId),
    ).toContain("trace-summary");
    expect(backend.callsTo("book_appointment")).toHaveLength(0);
    expect(backend.callsTo("register_patient")).toHaveLength(0);
  });

  it("uses the current NHS number when the one given was superseded, and says so", async () => {
    const ctx = await renderApp();
    await typeNhs(ctx, "9990000018");
    const summary = await traced();
    expect(summary.querySelector('[data-notice="superseded"]')).toHaveTextContent(
      "999 000 0018 has been replaced on PDS by 947 671 9923",
    );
    expect(screen.getByLabelText("NHS number")).toHaveValue("947 671 9923");
  });

  it("a number PDS does not hold as verified: said, and no practice finds or registers it", async () => {
    const ctx = await renderApp();
    await typeNhs(ctx, "9990000042");
    const summary = await traced();
    expect(summary.querySelector('[data-notice="unverified"]')).toHaveTextContent(
      "PDS does not hold this NHS number as verified (Number present but not traced)",
    );
    await searchToday(ctx, "A20047", true);
    await chooseFirstSlot(ctx, "A20047");
    await waitFor(() =>
      expect(
        document.querySelector('#patient-at-practice [data-code="NHS_NUMBER_UNVERIFIED"]'),
      ).not.toBeNull(),
    );
    expect(document.getElementById("registration-form")).toBeNull();
  });

  it("a failed trace: no lookup at any practice, no temporary registration", async () => {
    const ctx = await renderApp();
    const { backend } = ctx;
    await typeNhs(ctx, "9990000034");
    await waitFor(() =>
      expect(document.getElementById("trace-summary")?.dataset.traced).toBe("false"),
    );
    expect(document.getElementById("trace-summary")).toHaveTextContent(
      "No patient on PDS has this NHS number",
    );
    await searchToday(ctx, "A20047", true);
    await chooseFirstSlot(ctx, "A20047");
    await waitFor(() =>
      expect(
        document.querySelector('#patient-at-practice [data-code="PDS_NOT_FOUND"]'),
      ).not.toBeNull(),
    );
    expect(backend.callsTo("find_patient")).toHaveLength(0);
    expect(document.getElementById("registration-form")).toBeNull();
  });
});
