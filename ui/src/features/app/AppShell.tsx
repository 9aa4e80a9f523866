/**
 * The window: skip link, environment banner (which environment, which user), header
 * (organisation, user, certificate, sign out), navigation (Book, Appointments, Settings,
 * History; Alt+1/2/3/4), app-level problems, the writes still being checked, and the screens.
 * The Book screen stays mounted when hidden (the calendar keeps its state); every screen's data
 * lives in the store, so switching never loses what was typed. While no one is signed in, the
 * sign-in covers every screen but Settings (which needs no sign-in), and the screens
 * underneath are inert but kept.
 */
import { lazy, Suspense, useEffect, useRef } from "react";
import { Spinner } from "../../components/Spinner";
import { markAppReady, markStatusShown } from "../../lib/metrics";
import { SignInView } from "../session/SignInView";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { formatIsoDate } from "../../lib/ukTime";
import { useApp } from "../../state/store";
import { PendingWrites } from "../history/PendingWrites";
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
const HistoryView = lazy(() =>
  import("../history/HistoryView").then((m) => ({ default: m.HistoryView })),
);
import type { View } from "./state";

const NAV: Array<{ view: View; label: string; key: string }> = [
  { view: "book", label: "Book", key: "1" },
  { view: "appointments", label: "Appointments", key: "2" },
  { view: "settings", label: "Settings", key: "3" },
  { view: "history", label: "History", key: "4" },
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

/** Polls the session every 30 s, telling the backend whether the user did anything. */
function useSessionPolling() {
  const loadSession = useApp((s) => s.loadSession);
  useEffect(() => {
    let active = false;
    const mark = () => {
      active = true;
    };
    window.addEventListener("keydown", mark, true);
    window.addEventListener("pointerdown", mark, true);
    void loadSession(false);
    const timer = window.setInterval(() => {
      const was = active;
      active = false;
      void loadSession(was);
    }, 30_000);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener("keydown", mark, true);
      window.removeEventListener("pointerdown", mark, true);
    };
  }, [loadSession]);
}

/** Which environment and which user, always shown. */
function EnvironmentBanner() {
  const status = useApp((s) => s.status);
  const session = useApp((s) => s.session);
  if (!status && !session) return null;
  const environment = session?.environment ?? status?.environment;
  const label = session?.environmentLabel ?? status?.environmentLabel ?? "";
  const who =
    session?.signedIn && session.user && session.role
      ? `${session.user.name}, ${session.role.name} at ${session.role.orgName || session.role.orgCode}`
      : "no one signed in";
  return (
    <div
      id="environment-banner"
      className={`app-env-banner app-env-banner--${environment ?? "demo"}`}
      role="note"
    >
      {environment === "demo" ? (
        <span id="demo-banner">
          <strong>Demo mode:</strong> the practices are simulated. No real patient data.{" "}
        </span>
      ) : (
        <strong>{label}. </strong>
      )}
      <span id="banner-user">Signed in: {who}</span>
    </div>
  );
}

function SignOutButton() {
  const signedIn = useApp((s) => s.session?.signedIn ?? false);
  const signOut = useApp((s) => s.signOut);
  if (!signedIn) return null;
  return (
    <button
      type="button"
      className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-header__sign-out"
      id="sign-out"
      onClick={() => void signOut()}
    >
      Sign out
    </button>
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
  const session = useApp((s) => s.session);
  const firstRender = useRef(true);
  const signInShown = session !== null && !session.signedIn && view !== "settings";

  useEffect(() => {
    void loadStatus();
  }, [loadStatus]);
  useSessionPolling();

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
    // A screen loaded on first use draws its heading a moment later: wait for it (up to 3 s).
    let frame = 0;
    const until = performance.now() + 3000;
    const focusHeading = () => {
      const heading = document.querySelector<HTMLElement>(`[data-view="${view}"] h1`);
      if (heading) heading.focus();
      else if (performance.now() < until) frame = requestAnimationFrame(focusHeading);
    };
    focusHeading();
    return () => cancelAnimationFrame(frame);
  }, [view]);

  return (
    <>
      {signInShown ? <SignInView /> : null}
      <div className="app-shell" inert={signInShown} aria-hidden={signInShown || undefined}>
        <a className="nhsuk-skip-link app-noprint" href="#main-content">
          Skip to main content
        </a>
        <header className="app-top">
          <EnvironmentBanner />
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
              <SignOutButton />
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
          {view !== "history" ? <PendingWrites /> : null}
          {view !== "settings" && view !== "history" ? <PatientPanel /> : null}
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
            {view === "history" ? (
              <div data-view="history">
                <HistoryView />
              </div>
            ) : null}
          </Suspense>
        </main>
        <footer className="app-footer app-noprint">
          <p className="app-small">
            Keyboard: Alt+1 Book, Alt+2 Appointments, Alt+3 Settings, Alt+4 History, Alt+N NHS
            number. In the day view and the list, Enter chooses a slot and Shift+Enter adds it to
            the booking. Times are UK time (Europe/London).
          </p>
        </footer>
      </div>
    </>
  );
}
