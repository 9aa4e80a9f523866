/** Renders the whole app over a fake backend for component tests. */
import { render, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect } from "vitest";
import { App } from "../src/App";
import { ukDate } from "../src/lib/ukTime";
import { createAppStore } from "../src/state/store";
import { FakeBackend, type FakeOptions } from "./fake";
import { MINNIE } from "./flows";

/** A fixed clock: Monday 23 November 2026, 08:00 UK time (GMT). */
export const NOW = Date.UTC(2026, 10, 23, 8, 0);

/**
 * The scenario of the component tests on top of the seed: Minnie Dawes, registered at Dr Legg's
 * in the seed, also has a record at GPC001 and R1A15 (appointments at several practices, moves
 * between them).
 */
export const REGISTRATIONS: Record<string, string[]> = { [MINNIE]: ["GPC001", "R1A15"] };

/**
 * The app over a fake backend at `NOW`. The results open as `resultsView` (the list by default,
 * where most tests choose slots; the board is the app's own default). `patientFirst` (off by
 * default here, on in the app) looks for the patient everywhere as soon as the NHS number is
 * valid.
 */
export async function renderApp(
  options: FakeOptions & { resultsView?: "board" | "day" | "list"; patientFirst?: boolean } = {},
) {
  const { resultsView = "list", patientFirst = false, ...fake } = options;
  localStorage.setItem("gpc.resultsView.v1", JSON.stringify(resultsView));
  const backend = new FakeBackend({ now: () => NOW, registrations: REGISTRATIONS, ...fake });
  const store = createAppStore(
    backend,
    () => ukDate(NOW),
    () => NOW,
  );
  store.setState({ patientFirst });
  const user = userEvent.setup();
  const utils = render(<App backend={backend} store={store} />);
  await waitFor(() => expect(store.getState().status).not.toBeNull());
  return { backend, store, user, ...utils };
}
