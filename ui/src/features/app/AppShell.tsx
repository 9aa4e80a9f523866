/**
 * The window: skip link, demo banner, header (organisation, user, certificate, Settings),
 * navigation (Book, Appointments, Settings; Alt+1/2/3), app-level problems, and the screens.
 * The Book screen stays mounted when hidden (the calendar keeps its state); every screen's data
 * lives in the store, so switching never loses what was typed.
 */
import { lazy, Suspense, useEffect, useRef } from "react";
import { Spinner } from "../../components/Spinner";
import { markAppReady, markStatusShown } from "../../lib/metrics";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { formatIsoDate } from "../../lib/ukTime";
import { useApp } from "../../state/store";
import { PatientPanel } from "../patients/PatientPanel";
import { BookView } from "../slots/BookView";
import { prefetchResultViews } from "../slots/ResultsArea";

// Screens other than Book are loaded when first opened (each its own chunk).
const AppointmentsView = lazy(() =>
  import("../appointments/AppointmentsView").then((m) => ({ default: m.AppointmentsView })),
);
const SettingsView = lazy(() =>
  import("../settings/SettingsView").then((m) => ({ default: m.SettingsView })),
);
import type { View } from "./state";

const NAV: Array<{ view: View; label: string; key: string }> = [
  { view: "book", label: "Book", key: "1" },
  { view: "appointments", label: "Appointments", key: "2" },
  { view: "settings", label: "Settings", key: "3" },
];

function CertificateStatus() {
  const status = useApp((s) => s.status);
  if (!status) return null;
  const c = status.certificate;
  if (!c)
    return (
      <span className="app-cert app-cert--warn" id="certificate-status">
        No client certificate
      </span>
    );
  if (c.expired)
    return (
      <span className="app-cert app-cert--error" id="certificate-status">
        Certificate expired {formatIsoDate(c.notAfter)}
      </span>
    );
  if (c.expiresSoon || c.daysRemaining <= 30)
    return (
      <span className="app-cert app-cert--warn" id="certificate-status">
        Certificate expires in {c.daysRemaining} {c.daysRemaining === 1 ? "day" : "days"}
      </span>
    );
  return (
    <span className="app-cert" id="certificate-status">
      Certificate valid until {formatIsoDate(c.notAfter)}
    </span>
  );
}

function AppProblems() {
  const status = useApp((s) => s.status);
  const statusError = useApp((s) => s.statusError);
  const setView = useApp((s) => s.setView);
  const loadStatus = useApp((s) => s.loadStatus);
  if (statusError) {
    return (
      <div id="app-error" className="app-app-error">
        <CommandErrorBox
          error={statusError}
          context="general"
          onSettings={() => setView("settings")}
        >
          <p>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
              onClick={() => void loadStatus()}
            >
              Try again
            </button>
          </p>
        </CommandErrorBox>
      </div>
    );
  }
  if (!status || status.problems.length === 0) return null;
  return (
    <div id="app-error" className="app-app-error">
      <div className="app-message app-message--warning" role="alert">
        <h2 className="app-message__title">Booking cannot work yet</h2>
        <ul className="nhsuk-list nhsuk-list--bullet">
          {status.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
        <p>
          <button type="button" className="app-link-button" onClick={() => setView("settings")}>
            Open Settings
          </button>
        </p>
      </div>
    </div>
  );
}

export function AppShell() {
  const view = useApp((s) => s.view);
  const status = useApp((s) => s.status);
  const setView = useApp((s) => s.setView);
  const loadStatus = useApp((s) => s.loadStatus);
  const firstRender = useRef(true);

  useEffect(() => {
    void loadStatus();
  }, [loadStatus]);

  // Interactive once the Book screen is drawn (the NHS number takes input at once); the
  // practices follow with the status. The other views then load in the background.
  useEffect(() => {
    markAppReady();
  }, []);
  const ready = status !== null;
  useEffect(() => {
    if (!ready) return;
    markStatusShown();
    const timer = setTimeout(prefetchResultViews, 1500);
    return () => clearTimeout(timer);
  }, [ready]);

  // Keyboard: Alt+1/2/3 switch screens; Alt+N goes to the NHS number.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const item = NAV.find((n) => n.key === event.key);
      if (item) {
        event.preventDefault();
        setView(item.view);
      } else if (event.key.toLowerCase() === "n") {
        event.preventDefault();
        if (view === "settings") setView("book");
        setTimeout(() => document.getElementById("nhs-number")?.focus(), 0);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [setView, view]);

  // Move focus to the new screen's heading (not on first load: the NHS number has it).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      document.getElementById("nhs-number")?.focus();
      return;
    }
    const heading = document.querySelector<HTMLElement>(`[data-view="${view}"] h1`);
    heading?.focus();
  }, [view]);

  return (
    <div className="app-shell">
      <a className="nhsuk-skip-link app-noprint" href="#main-content">
        Skip to main content
      </a>
      <header className="app-top">
        {status?.mode === "demo" ? (
          <div id="demo-banner" className="app-demo-banner" role="note">
            <strong>Demo mode:</strong> the practices are simulated. No real patient data.
          </div>
        ) : null}
        <div className="app-header app-noprint">
          <div className="app-header__brand">
            <span className="app-header__logo" aria-hidden="true">
              NHS
            </span>
            <span className="app-header__name">GP Connect Booking</span>
          </div>
          <div className="app-header__who">
            <span id="header-organisation">{status?.organisation ?? "Loading…"}</span>
            {status?.user ? <span id="header-user">{status.user}</span> : null}
            <CertificateStatus />
          </div>
          <nav className="app-nav" aria-label="Main">
            <ul>
              {NAV.map((item) => (
                <li key={item.view}>
                  <a
                    href={`#${item.view}`}
                    data-nav={item.view}
                    aria-current={view === item.view ? "page" : undefined}
                    className={view === item.view ? "is-current" : undefined}
                    aria-keyshortcuts={`Alt+${item.key}`}
                    onClick={(event) => {
                      event.preventDefault();
                      setView(item.view);
                    }}
                  >
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </header>
      <main
        id="main-content"
        className="app-main"
        tabIndex={-1}
        data-app-ready={ready ? "true" : "false"}
      >
        <AppProblems />
        {view !== "settings" ? <PatientPanel /> : null}
        <div data-view="book" hidden={view !== "book"}>
          <h1 className="nhsuk-u-visually-hidden" tabIndex={-1}>
            Book an appointment
          </h1>
          <BookView active={view === "book"} />
        </div>
        <Suspense
          fallback={
            <p className="app-muted">
              <Spinner /> Loading…
            </p>
          }
        >
          {view === "appointments" ? (
            <div data-view="appointments">
              <AppointmentsView />
            </div>
          ) : null}
          {view === "settings" ? (
            <div data-view="settings">
              <SettingsView />
            </div>
          ) : null}
        </Suspense>
      </main>
      <footer className="app-footer app-noprint">
        <p className="app-small">
          Keyboard: Alt+1 Book, Alt+2 Appointments, Alt+3 Settings, Alt+N NHS number. In the day
          view and the list, Enter chooses a slot and Shift+Enter adds it to the booking. Times are
          UK time (Europe/London).
        </p>
      </footer>
    </div>
  );
}
