/**
 * Entry point of the app's build: the UI over the Rust backend through Tauri IPC. Outside the
 * desktop app there is no backend; the browser-only page with the in-memory fake is a separate
 * entry (`ui/dev/`, dev server only), never part of this build.
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./styles/app.scss";
import { App } from "./App";
import { isTauri, tauriBackend } from "./ipc/client";

const root = document.getElementById("root");
if (root && isTauri()) {
  createRoot(root).render(
    <StrictMode>
      <App backend={tauriBackend} />
    </StrictMode>,
  );
} else if (root) {
  root.textContent =
    "GP Connect Booking runs in its desktop window. In a browser, open /dev/ on the development server (npm run dev:ui) for the in-memory demo backend.";
}
