/**
 * The browser-only dev page (`npm run dev:ui`, then /dev/): the app over the in-memory fake
 * backend of the tests, configured from the URL (see `ui/test/fake/fromLocation.ts`) and
 * exposed as `window.__gpcFake`. Served by the dev server only: the app's build has one entry,
 * `ui/index.html`, and never includes this page or the fake.
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "../src/styles/app.scss";
import { App } from "../src/App";
import { fakeFromLocation, type FakeBackend } from "../test/fake";

declare global {
  interface Window {
    __gpcFake?: FakeBackend;
  }
}

const fake = fakeFromLocation(window.location.search);
window.__gpcFake = fake;
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App backend={fake} />
    </StrictMode>,
  );
}
