/** The app: the store (with its backend) and the shell. */
import { useState } from "react";
import type { Backend } from "./ipc/backend";
import { AppShell } from "./features/app/AppShell";
import { AppProvider, createAppStore, type AppStore } from "./state/store";

export function App({ backend, store }: { backend: Backend; store?: AppStore }) {
  const [appStore] = useState(() => store ?? createAppStore(backend));
  return (
    <AppProvider store={appStore} backend={backend}>
      <AppShell />
    </AppProvider>
  );
}
