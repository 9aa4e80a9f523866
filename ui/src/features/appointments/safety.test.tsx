/**
 * The Appointments screen acts only on the patient it was shown for, applies each answer to the
 * form it came from, and never drops what the user typed without asking.
 */
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AppointmentView } from "../../ipc/bindings/AppointmentView";
import type { CancelRequest } from "../../ipc/bindings/CancelRequest";
import type { ListAppointmentsRequest } from "../../ipc/bindings/ListAppointmentsRequest";
import {
  MINNIE,
  SOPHIE,
  chooseFirstSlot,
  confirmButton,
  enterNhsNumber,
  patientAtPractice,
  searchToday,
  settle,
  showAppointments,
} from "../../../test/flows";
import { renderApp } from "../../../test/renderApp";
import { appointmentKey } from "./state";

function card(key: string): HTMLElement {
  return document.querySelector<HTMLElement>(`[data-appointment="${key}"]`)!;
}

describe("appointments of the patient on the phone", () => {
  it("Retry asks again for the patient the list was shown for, not the number typed since", async () => {
    const ctx = await renderApp({ modes: { appointments: { GPC001: "fail" } } });
    await ctx.user.type(screen.getByLabelText("NHS number"), MINNIE);
    await showAppointments(ctx);
    await waitFor(() =>
      expect(
        document.querySelector('[data-appointments-status="GPC001"]')?.getAttribute("data-state"),
      ).toBe("failed"),
    );
    await enterNhsNumber(ctx, SOPHIE);
    ctx.backend.modes.appointments.GPC001 = "ok";
    await ctx.user.click(
      document.querySelector<HTMLElement>('[data-retry-appointments="GPC001"]')!,
    );
    await waitFor(() =>
      expect(
        document.querySelector('[data-appointments-status="GPC001"]')?.getAttribute("data-state"),
      ).toBe("done"),
    );
    const calls = ctx.backend.callsTo("list_appointments") as ListAppointmentsRequest[];
    expect(calls).toHaveLength(2);
    expect(calls[1]!.nhsNumber.replace(/\s/g, "")).toBe(MINNIE);
    expect(calls[1]!.practices).toEqual(["GPC001"]);
    // Minnie's appointment is still listed, and only hers.
    expect(document.querySelectorAll("[data-appointment]")).toHaveLength(1);
  });

  it("turns Amend, Cancel and Reschedule off when the NHS number no longer matches the list, and says why", async () => {
    const ctx = await renderApp();
    await ctx.user.type(screen.getByLabelText("NHS number"), MINNIE);
    const first = await showAppointments(ctx);
    const key = first.dataset.appointment!;
    await ctx.user.click(document.querySelector<HTMLElement>(`[data-cancel="${key}"]`)!);
    await ctx.user.type(document.getElementById("cancel-reason")!, "Feels better");
    await enterNhsNumber(ctx, SOPHIE);
    const warning = document.getElementById("appointments-stale")!;
    expect(warning).toHaveTextContent("This list is for NHS number 947 671 9931");
    for (const action of ["amend", "cancel", "reschedule"]) {
      const button = document.querySelector<HTMLElement>(`[data-${action}="${key}"]`)!;
      expect(button).toBeDisabled();
      expect(button).toHaveAttribute("aria-describedby", "appointments-stale");
    }
    expect(document.getElementById("cancel-confirm")).toBeDisabled();
    await ctx.store.getState().confirmCancel();
    expect(ctx.backend.callsTo("cancel_appointment")).toHaveLength(0);
    // The same number again: the actions come back.
    await enterNhsNumber(ctx, MINNIE);
    expect(document.querySelector(`[data-amend="${key}"]`)).toBeEnabled();
    expect(document.getElementById("appointments-stale")).toBeNull();
  });

  it("a reschedule is refused when the NHS number entered is no longer the appointment's patient", async () => {
    const ctx = await renderApp();
    const { user, backend } = ctx;
    await user.type(screen.getByLabelText("NHS number"), MINNIE);
    const first = await showAppointments(ctx);
    await user.click(
      document.querySelector<HTMLElement>(`[data-reschedule="${first.dataset.appointment}"]`)!,
    );
    expect(ctx.store.getState().view).toBe("book");
    await enterNhsNumber(ctx, SOPHIE);
    await searchToday(ctx);
    await chooseFirstSlot(ctx, "A20047");
    expect(await patientAtPractice("true")).toHaveTextContent("Sophie MCVEY");
    await user.click(confirmButton());
    await settle(50);
    expect(backend.callsTo("reschedule_appointment")).toHaveLength(0);
    expect(document.getElementById("error-summary")).toHaveTextContent(
      "The appointment being moved is for NHS number 947 671 9931",
    );
    await ctx.store.getState().book();
    expect(backend.callsTo("reschedule_appointment")).toHaveLength(0);
    expect(backend.callsTo("book_appointment")).toHaveLength(0);
  });

  it("New caller drops the list still loading for the previous caller", async () => {
    const ctx = await renderApp({ slowMs: 200, modes: { appointments: { A20047: "slow" } } });
    await ctx.user.type(screen.getByLabelText("NHS number"), MINNIE);
    await ctx.user.click(document.querySelector<HTMLElement>('[data-nav="appointments"]')!);
    await ctx.user.click(await screen.findByRole("button", { name: "Show appointments" }));
    await ctx.user.click(screen.getByRole("button", { name: "New caller (clear patient)" }));
    await settle(400);
    expect(document.querySelector("[data-appointment]")).toBeNull();
    expect(ctx.store.getState().appointmentsByPractice).toEqual({});
    expect(ctx.store.getState().appointmentStatus).toEqual({});
  });
});

describe("amend and cancel answers", () => {
  it("applies a save's answer only to the form it was sent from", async () => {
    const ctx = await renderApp();
    const { store, backend } = ctx;
    const other = backend.seedAppointment(MINNIE, "GPC001", "2026-11-30", "Blood test");
    await ctx.user.type(screen.getByLabelText("NHS number"), MINNIE);
    await showAppointments(ctx);
    await waitFor(() => expect(document.querySelectorAll("[data-appointment]")).toHaveLength(2));
    const b = appointmentKey(other);
    const a = [...document.querySelectorAll<HTMLElement>("[data-appointment]")]
      .map((el) => el.dataset.appointment!)
      .find((k) => k !== b)!;
    const appointment = (key: string): AppointmentView =>
      store
        .getState()
        .allAppointments()
        .find((x) => appointmentKey(x) === key)!;

    // Amend A; someone changes it first; the answer comes while B's cancel form is open.
    store.getState().openAmend(appointment(a));
    store.getState().setEditorField("description", "Asthma review and inhaler check");
    backend.modes.amend = "conflict";
    const release = backend.hold("amend_appointment");
    const saving = store.getState().saveAmend();
    await waitFor(() => expect(card(b).querySelector(`[data-cancel="${b}"]`)).toBeDisabled());
    store.getState().closeEditor();
    store.getState().openCancel(appointment(b));
    release();
    await saving;
    const editor = store.getState().editor!;
    expect(editor.key).toBe(b);
    expect(editor.conflict).toBeNull();
    await waitFor(() => expect(within(card(b)).queryByText(/Someone changed/)).toBeNull());

    await ctx.user.type(document.getElementById("cancel-reason")!, "Patient feels better");
    await ctx.user.click(document.getElementById("cancel-confirm")!);
    await waitFor(() => expect(card(b).dataset.status).toBe("cancelled"));
    const cancels = backend.callsTo("cancel_appointment") as CancelRequest[];
    expect(cancels.map((c) => `${c.odsCode}/${c.appointmentId}`)).toEqual([b]);
    expect(card(a).dataset.status).toBe("booked");
    // Focus goes to what happened, not to the page.
    expect(document.activeElement).toHaveTextContent("Appointment cancelled.");
  });

  it("asks before an open form's typed text is discarded", async () => {
    const ctx = await renderApp();
    const { user, backend } = ctx;
    await user.type(screen.getByLabelText("NHS number"), MINNIE);
    const first = await showAppointments(ctx);
    const key = first.dataset.appointment!;
    await user.click(document.querySelector<HTMLElement>(`[data-amend="${key}"]`)!);
    await user.type(document.getElementById("amend-description")!, " and inhaler");

    await user.click(document.querySelector<HTMLElement>(`[data-cancel="${key}"]`)!);
    const step = document.getElementById(`confirm-${key}`)!;
    expect(step).toHaveTextContent("Discard the change you have not saved?");
    expect(step).toHaveFocus();
    await user.click(within(step).getByRole("button", { name: "Keep my change" }));
    expect(document.getElementById("amend-description")).toHaveValue("Asthma review and inhaler");

    await user.click(await screen.findByRole("button", { name: "Show appointments" }));
    const showStep = document.getElementById("confirm-show-appointments")!;
    expect(backend.callsTo("list_appointments")).toHaveLength(1);
    await user.click(within(showStep).getByRole("button", { name: "Keep my change" }));
    expect(document.getElementById("amend-description")).toHaveValue("Asthma review and inhaler");

    await user.click(document.querySelector<HTMLElement>(`[data-cancel="${key}"]`)!);
    await user.click(
      within(document.getElementById(`confirm-${key}`)!).getByRole("button", {
        name: "Discard it and cancel this one",
      }),
    );
    expect(document.getElementById("amend-description")).toBeNull();
    expect(document.getElementById("cancel-reason")).not.toBeNull();
  });

  it("asks before a reschedule replaces the description typed on the Book screen", async () => {
    const ctx = await renderApp();
    const { user, store } = ctx;
    await user.type(screen.getByLabelText("NHS number"), MINNIE);
    await user.type(screen.getByLabelText(/^Description/), "Knee pain");
    const first = await showAppointments(ctx);
    const key = first.dataset.appointment!;
    await user.click(document.querySelector<HTMLElement>(`[data-reschedule="${key}"]`)!);
    const step = document.getElementById(`confirm-${key}`)!;
    expect(step).toHaveTextContent("Replace what is typed on the Book screen?");
    expect(store.getState().view).toBe("appointments");
    await user.click(within(step).getByRole("button", { name: "Keep what I typed" }));
    expect(store.getState().description).toBe("Knee pain");
    expect(store.getState().reschedule).toBeNull();

    await user.click(document.querySelector<HTMLElement>(`[data-reschedule="${key}"]`)!);
    await user.click(
      within(document.getElementById(`confirm-${key}`)!).getByRole("button", {
        name: "Replace it and move this appointment",
      }),
    );
    expect(store.getState().view).toBe("book");
    expect(store.getState().description).toBe("Asthma review");
  });
});
