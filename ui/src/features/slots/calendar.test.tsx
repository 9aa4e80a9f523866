/** The calendar in a crowded week: sessions, their hint, and where focus goes when one opens. */
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { epochMs } from "../../lib/ukTime";
import { renderApp } from "../../../test/renderApp";

describe("calendar sessions", () => {
  it("a session is described by the hint and opens its day with focus on its first slot", async () => {
    const ctx = await renderApp({ practiceCount: 20 });
    await ctx.user.click(document.querySelector<HTMLElement>('[data-preset="today"]')!);
    await ctx.user.click(screen.getByRole("button", { name: "Search" }));
    const session = await waitFor(
      () => {
        const el = document.querySelector<HTMLElement>("#calendar [data-session]");
        expect(el).not.toBeNull();
        return el!;
      },
      { timeout: 5000 },
    );
    expect(session).toHaveAttribute("aria-describedby", "calendar-session-hint");
    expect(document.getElementById("calendar-session-hint")).not.toBeNull();
    const [, ods] = /^session:([^/]+)\//.exec(session.dataset.session!)!;
    const start = ctx.store
      .getState()
      .results[ods!]!.find((s) => session.dataset.session === `session:${ods}/${s.slotId}`)!.start;
    await ctx.user.click(session);
    await waitFor(() => {
      const focused = document.activeElement as HTMLElement;
      expect(focused.dataset.slot).toMatch(new RegExp(`^${ods}/`));
      expect(epochMs(focused.dataset.slotStart!)).toBeGreaterThanOrEqual(epochMs(start));
    });
  });
});
