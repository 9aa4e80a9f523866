/** Renders the whole app over a fake backend for component tests. */
import { render, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect } from "vitest";
import { App } from "../App";
import { FakeBackend, type FakeOptions } from "../ipc/fakeBackend";
import { createAppStore } from "../state/store";
import { ukDate } from "../lib/ukTime";

/** A fixed clock: Monday 23 November 2026, 08:00 UK time (GMT). */
export const NOW = Date.UTC(2026, 10, 23, 8, 0);

export async function renderApp(options: FakeOptions = {}) {
  const backend = new FakeBackend({ now: () => NOW, ...options });
  const store = createAppStore(backend, () => ukDate(NOW));
  const user = userEvent.setup();
  const utils = render(<App backend={backend} store={store} />);
  await waitFor(() => expect(store.getState().status).not.toBeNull());
  return { backend, store, user, ...utils };
}
