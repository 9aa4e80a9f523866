/**
 * Entry point. Inside Tauri the backend is the Rust app over IPC; in a plain browser
 * (`npm run dev:ui`) it is the in-memory fake, configurable from the URL (see fakeBackend.ts).
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./styles/app.scss";
import { App } from "./App";
import type { Backend } from "./ipc/backend";
import { isTauri, tauriBackend } from "./ipc/client";
import { fakeFromLocation, type FakeBackend } from "./ipc/fakeBackend";

declare global {
  interface Window {
    __gpcFake?: FakeBackend;
  }
}

function chooseBackend(): Backend {
  if (isTauri()) return tauriBackend;
  const fake = fakeFromLocation(window.location.search);
  window.__gpcFake = fake;
  return fake;
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App backend={chooseBackend()} />
    </StrictMode>,
  );
}
