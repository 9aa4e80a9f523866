/**
 * Moving an appointment when something goes wrong: someone changed the old one first (nothing
 * booked or cancelled), the new booking's answer was lost (never sent again), and the old one
 * could not be cancelled (cancelled by hand, as it now is, only once the user has seen it).
 */
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { CancelRequest } from "../../ipc/bindings/CancelRequest";
import type { RescheduleRequest } from "../../ipc/bindings/RescheduleRequest";
import {
  MINNIE,
  chooseFirstSlot,
  confirmButton,
  patientAtPractice,
  searchToday,
  settle,
  showAppointments,
  type Ctx,
} from "../../../test/flows";
import { renderApp } from "../../../test/renderApp";

/** Minnie's appointment at Dr Legg's, being moved to the first slot today at GPC001. */
async function movingMinnie(ctx: Ctx): Promise<{ key: string; id: string }> {
  await ctx.user.type(screen.getByLabelText("NHS number"), MINNIE);
  const card = await showAppointments(ctx);
  const key = card.dataset.appointment!;
  await ctx.user.click(document.querySelector<HTMLElement>(`[data-reschedule="${key}"]`)!);
  await searchToday(ctx, "GPC001");
  await chooseFirstSlot(ctx, "GPC001");
  await patientAtPractice("true");
  return { key, id: key.split("/")[1]! };
}

function message(kind: string): Promise<HTMLElement> {
  return waitFor(() => {
    const el = document.getElementById("reschedule-message");
    expect(el?.dataset.kind).toBe(kind);
    return el!;
  });
}

describe("rescheduling", () => {
  it("someone changed the old appointment first: shows what changed, and moves it as it now is only when confirmed again", async () => {
    const ctx = await renderApp();
    const { user, backend } = ctx;
    const { id } = await movingMinnie(ctx);
    // The practice changes the appointment while the receptionist chooses the new slot.
    await backend.amendAppointment({
      odsCode: "A20047",
      nhsNumber: "9476719931",
      appointmentId: id,
      expectedVersion: null,
      description: "Asthma review (changed at the practice)",
      comment: null,
    });
    const held = backend.storedAppointments().length;
    await user.click(confirmButton());
    const conflict = await message("conflict");
    expect(conflict).toHaveTextContent("Nothing was booked or cancelled");
    const changed = [...conflict.querySelectorAll('tr[data-changed="true"]')].map(
      (r) => r.querySelector("th")?.textContent ?? "",
    );
    expect(changed.some((t) => t.startsWith("Description"))).toBe(true);
    expect(within(conflict).getByText("Asthma review (changed at the practice)")).toBeVisible();
    expect(backend.storedAppointments()).toHaveLength(held);
    expect(conflict).toHaveFocus();

    await user.click(confirmButton());
    await message("rescheduled");
    const calls = backend.callsTo("reschedule_appointment") as RescheduleRequest[];
    expect(calls.map((c) => c.expectedVersion)).toEqual(["1", "2"]);
  });

  it("the new booking's answer was lost: says so and never offers to send it again", async () => {
    const ctx = await renderApp();
    const { user, backend, store } = ctx;
    await movingMinnie(ctx);
    backend.modes.reschedule = "bookingUnknown";
    await user.click(confirmButton());
    const unknown = await message("bookingUnknown");
    expect(unknown).toHaveTextContent("We could not tell whether the new appointment was booked");
    expect(unknown).toHaveTextContent("The old appointment is unchanged");
    expect(document.getElementById("book-button")).toBeNull();

    // Even with a slot chosen again, nothing more is sent for this move.
    await chooseFirstSlot(ctx, "A20047");
    await patientAtPractice("true");
    expect(document.getElementById("book-button")).toBeNull();
    await store.getState().book();
    expect(backend.callsTo("reschedule_appointment")).toHaveLength(1);
    expect(backend.callsTo("book_appointment")).toHaveLength(0);
    expect(
      store
        .getState()
        .bookingProblems()
        .map((p) => p.message),
    ).toContain(
      "Check the patient's appointments before booking again: the new appointment may exist",
    );

    await user.click(screen.getByRole("button", { name: "Check the patient's appointments" }));
    expect(store.getState().view).toBe("appointments");
    expect(store.getState().reschedule).toBeNull();
    await waitFor(() =>
      expect(document.querySelectorAll('[data-appointment^="GPC001/"]')).toHaveLength(1),
    );
  });

  it("the old appointment changed before it could be cancelled by hand: shows what changed and asks again", async () => {
    const ctx = await renderApp();
    const { user, backend } = ctx;
    const { key } = await movingMinnie(ctx);
    backend.modes.reschedule = "cancelFailed";
    await user.click(confirmButton());
    await message("cancelFailed");

    backend.modes.cancel = "conflict";
    await user.click(screen.getByRole("button", { name: "Cancel the old appointment" }));
    const conflict = await waitFor(() => {
      const el = document.getElementById("cancel-old-conflict");
      expect(el).not.toBeNull();
      return el!;
    });
    // Nothing was re-sent on its own.
    expect(backend.callsTo("cancel_appointment")).toHaveLength(1);
    const changed = [...conflict.querySelectorAll('tr[data-changed="true"]')].map(
      (r) => r.querySelector("th")?.textContent ?? "",
    );
    expect(changed.some((t) => t.startsWith("Comment"))).toBe(true);
    expect(screen.queryByText("The old appointment is now cancelled.")).toBeNull();

    await user.click(
      screen.getByRole("button", { name: "Yes, cancel the appointment as it now is" }),
    );
    expect(await screen.findByText("The old appointment is now cancelled.")).toBeInTheDocument();
    const calls = backend.callsTo("cancel_appointment") as CancelRequest[];
    expect(calls.map((c) => `${c.odsCode}/${c.appointmentId}`)).toEqual([key, key]);
    expect(calls.map((c) => c.expectedVersion)).toEqual(["1", "2"]);
  });

  it("cancelling the old appointment twice at once sends one cancel", async () => {
    const ctx = await renderApp();
    const { user, backend, store } = ctx;
    await movingMinnie(ctx);
    backend.modes.reschedule = "cancelFailed";
    await user.click(confirmButton());
    await message("cancelFailed");
    const release = backend.hold("cancel_appointment");
    const first = store.getState().cancelOldAppointment();
    const second = store.getState().cancelOldAppointment();
    release();
    await Promise.all([first, second]);
    await settle();
    expect(backend.callsTo("cancel_appointment")).toHaveLength(1);
    expect(await screen.findByText("The old appointment is now cancelled.")).toBeInTheDocument();
  });
});
