import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { allPractices } from "../../../test/flows";
import { renderApp } from "../../../test/renderApp";

async function showMinnie(ctx: Awaited<ReturnType<typeof renderApp>>) {
  const { user } = ctx;
  await user.type(screen.getByLabelText("NHS number"), "9476719931");
  await user.click(document.querySelector<HTMLElement>('[data-nav="appointments"]')!);
  expect(
    await screen.findByText(
      "Only appointments from today onwards are available through GP Connect; past appointments are in the patient's record.",
    ),
  ).toBeInTheDocument();
  await user.click(await screen.findByRole("button", { name: "Show appointments" }));
  return waitFor(() => {
    const card = document.querySelector<HTMLElement>("[data-appointment]");
    expect(card).not.toBeNull();
    return card!;
  });
}

describe("appointments", () => {
  it("lists the patient's appointments at every practice as they answer", async () => {
    const ctx = await renderApp({ modes: { appointments: { GPC001: "fail" } } });
    const card = await showMinnie(ctx);
    expect(card.dataset.status).toBe("booked");
    expect(card).toHaveTextContent("Dr Legg's Surgery");
    expect(card).toHaveTextContent("Asthma review");
    expect(card).toHaveTextContent("Leeds Urgent Care Service (demo) (Y90001)");
    await waitFor(() =>
      expect(
        document.querySelector('[data-appointments-status="GPC001"]')?.getAttribute("data-state"),
      ).toBe("failed"),
    );
    expect(
      document.querySelector('[data-appointments-status="R3B46"]')?.getAttribute("data-state"),
    ).toBe("none");
    const request = ctx.backend.callsTo("list_appointments")[0] as { from: string; to: string };
    expect(request).toMatchObject({ from: "2026-11-23", to: "2027-05-23" });
  });

  it("shows what changed when someone amended the appointment first, and applies the edit again", async () => {
    const ctx = await renderApp();
    const { user, backend } = ctx;
    const card = await showMinnie(ctx);
    const key = card.dataset.appointment!;
    await user.click(document.querySelector<HTMLElement>(`[data-amend="${key}"]`)!);
    const description = document.getElementById("amend-description") as HTMLTextAreaElement;
    expect(description).toHaveValue("Asthma review");
    await user.clear(description);
    await user.type(description, "Asthma review and inhaler check");
    backend.modes.amend = "conflict";
    await user.click(document.getElementById("amend-save")!);

    const conflict = await waitFor(() => {
      const el = document.getElementById("amend-conflict");
      expect(el).not.toBeNull();
      return el!;
    });
    expect(conflict).toHaveTextContent(
      "Someone changed this appointment while you were editing it",
    );
    const changedRows = conflict.querySelectorAll('tr[data-changed="true"]');
    const changed = [...changedRows].map((r) => r.querySelector("th")?.textContent ?? "");
    expect(changed.some((t) => t.startsWith("Description"))).toBe(true);
    expect(changed.some((t) => t.startsWith("Comment"))).toBe(true);
    const descriptionRow = [...changedRows].find((r) =>
      r.querySelector("th")?.textContent?.startsWith("Description"),
    )!;
    expect(
      within(descriptionRow as HTMLElement).getByText("Asthma review (updated by the practice)"),
    ).toBeInTheDocument();
    expect(
      within(descriptionRow as HTMLElement).getByText("Asthma review and inhaler check"),
    ).toBeInTheDocument();
    // The edit is kept; saving again applies it to the current version.
    expect(document.getElementById("amend-description")).toHaveValue(
      "Asthma review and inhaler check",
    );
    await user.click(document.getElementById("amend-save")!);
    expect(await screen.findByText("Appointment updated.")).toBeInTheDocument();
    const calls = backend.callsTo("amend_appointment") as Array<{ expectedVersion: string }>;
    expect(calls.map((c) => c.expectedVersion)).toEqual(["1", "2"]);
    expect(document.querySelector(`[data-appointment="${key}"]`)).toHaveTextContent(
      "Asthma review and inhaler check",
    );
  });

  it("cancels after a confirmation step with a required reason", async () => {
    const ctx = await renderApp();
    const { user, backend } = ctx;
    const card = await showMinnie(ctx);
    const key = card.dataset.appointment!;
    await user.click(document.querySelector<HTMLElement>(`[data-cancel="${key}"]`)!);
    expect(screen.getByRole("heading", { name: "Cancel this appointment?" })).toBeInTheDocument();
    await user.click(document.getElementById("cancel-confirm")!);
    expect(document.getElementById("error-summary")).toHaveTextContent(
      "Enter the reason for cancelling",
    );
    expect(backend.callsTo("cancel_appointment")).toHaveLength(0);
    await user.type(document.getElementById("cancel-reason")!, "Patient feels better");
    await user.click(document.getElementById("cancel-confirm")!);
    await waitFor(() =>
      expect(
        document.querySelector(`[data-appointment="${key}"]`)?.getAttribute("data-status"),
      ).toBe("cancelled"),
    );
    expect(screen.getByText(/Its slot is free again/)).toBeInTheDocument();
    expect(document.querySelector(`[data-amend="${key}"]`)).toBeNull();
  });

  it("reschedules; when the old one cannot be cancelled it says which to cancel and offers to", async () => {
    const ctx = await renderApp();
    const { user, backend, store } = ctx;
    const card = await showMinnie(ctx);
    const key = card.dataset.appointment!;
    await user.click(document.querySelector<HTMLElement>(`[data-reschedule="${key}"]`)!);
    expect(store.getState().view).toBe("book");
    expect(screen.getByRole("heading", { name: "Moving an appointment" })).toBeInTheDocument();
    await allPractices(ctx);
    await user.click(document.querySelector<HTMLElement>('[data-preset="today"]')!);
    await user.click(screen.getByRole("button", { name: "Search" }));
    await waitFor(() =>
      expect(
        document.querySelector('[data-practice-status="GPC001"]')?.getAttribute("data-state"),
      ).toBe("done"),
    );
    const slot = store.getState().results.GPC001![0]!;
    await user.click(
      document.querySelector<HTMLElement>(`[data-slot-row="GPC001/${slot.slotId}"]`)!,
    );
    await waitFor(() =>
      expect(document.getElementById("patient-at-practice")?.dataset.found).toBe("true"),
    );
    expect(screen.getByLabelText(/^Description/)).toHaveValue("Asthma review");
    backend.modes.reschedule = "cancelFailed";
    await user.click(screen.getByRole("button", { name: "Book the new slot and cancel the old" }));
    const message = await waitFor(() => {
      const el = document.getElementById("reschedule-message");
      expect(el?.dataset.kind).toBe("cancelFailed");
      return el!;
    });
    expect(message).toHaveTextContent("The patient now holds two appointments");
    expect(message).toHaveTextContent("Cancel the old one:");
    expect(document.getElementById("booking-confirmation")).not.toBeNull();
    await user.click(screen.getByRole("button", { name: "Cancel the old appointment" }));
    expect(await screen.findByText("The old appointment is now cancelled.")).toBeInTheDocument();
    const cancel = backend.callsTo("cancel_appointment")[0] as {
      appointmentId: string;
      reason: string;
    };
    expect(`A20047/${cancel.appointmentId}`).toBe(key);
    expect(cancel.reason).toBe("Moved at the patient's request");
  });

  it("exports the list as CSV through the save dialog", async () => {
    const ctx = await renderApp();
    const { user, backend } = ctx;
    await showMinnie(ctx);
    await user.click(document.getElementById("export-csv")!);
    expect(
      await screen.findByText(/Saved to \/home\/user\/Downloads\/appointments-9476719931-/),
    ).toBeInTheDocument();
    const saved = backend.callsTo("save_csv")[0] as { suggestedName: string; contents: string };
    expect(saved.contents.split("\r\n")[0]).toMatch(
      /^Practice,Practice ODS code,Appointment ID,Status,Date/,
    );
    expect(saved.contents).toContain("Asthma review");
  });
});
