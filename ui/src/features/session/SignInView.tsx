/**
 * The sign-in, shown over the whole window while no one is signed in: on start, after signing
 * out, and when the session expired or was idle too long (the screens underneath keep what
 * was typed, hidden and inert until the user signs in again). NHS CIS2 through the system
 * browser; in demo mode, one click per demo user and role (the app answers the simulator's
 * sign-in page itself, through the same flow). A user with several roles chooses one.
 */
import { useEffect, useRef } from "react";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { Spinner } from "../../components/Spinner";
import type { RoleView } from "../../ipc/bindings/RoleView";
import { useApp } from "../../state/store";

function roleText(role: RoleView): string {
  const org = role.orgName ? `${role.orgName} (${role.orgCode})` : role.orgCode;
  return `${role.name} at ${org}`;
}

function RoleChoice() {
  const session = useApp((s) => s.session);
  const chooseRole = useApp((s) => s.chooseRole);
  const signingIn = useApp((s) => s.signingIn);
  if (!session || session.chooseRole.length === 0) return null;
  return (
    <section aria-labelledby="choose-role-heading">
      <h2 className="nhsuk-heading-s" id="choose-role-heading">
        Choose your role{session.user ? `, ${session.user.name}` : ""}
      </h2>
      <p>You hold more than one role. Choose the one you are working in now.</p>
      <ul className="app-signin__choices">
        {session.chooseRole.map((role) => (
          <li key={role.roleId}>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary"
              data-choose-role={role.roleId}
              disabled={signingIn !== null}
              onClick={() => void chooseRole(role.roleId)}
            >
              {roleText(role)}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function DemoUsers() {
  const users = useApp((s) => s.session?.demoUsers ?? []);
  const signInDemo = useApp((s) => s.signInDemo);
  const signingIn = useApp((s) => s.signingIn);
  if (users.length === 0) return null;
  return (
    <section aria-labelledby="demo-sign-in-heading" className="app-signin__demo">
      <h2 className="nhsuk-heading-s" id="demo-sign-in-heading">
        Demo sign-in: one click
      </h2>
      <p className="app-small">
        Simulated NHS Care Identity users. The app signs in through the simulator&apos;s CIS2 page
        with the same checks as a real sign-in.
      </p>
      <ul className="app-signin__choices">
        {users.flatMap((user) =>
          user.roles.map((role) => {
            const key = `${user.uid}:${role.roleId}`;
            return (
              <li key={key}>
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary app-signin__demo-user"
                  data-demo-sign-in={key}
                  disabled={signingIn !== null}
                  onClick={() => void signInDemo(user.uid, role.roleId)}
                >
                  {signingIn === key ? <Spinner /> : null}
                  <strong>{user.name}</strong>: {roleText(role)}
                </button>
                <span className="app-small app-muted"> {user.note}</span>
              </li>
            );
          }),
        )}
      </ul>
    </section>
  );
}

export function SignInView() {
  const session = useApp((s) => s.session);
  const signingIn = useApp((s) => s.signingIn);
  const error = useApp((s) => s.signInError);
  const reason = useApp((s) => s.signInReason);
  const signIn = useApp((s) => s.signIn);
  const cancel = useApp((s) => s.cancelSignIn);
  const setView = useApp((s) => s.setView);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const why = reason ?? session?.ended ?? null;
  return (
    <div
      className="app-signin"
      role="dialog"
      aria-modal="true"
      aria-labelledby="sign-in-heading"
      id="sign-in"
    >
      <div className="app-signin__panel">
        <h1 className="nhsuk-heading-l" id="sign-in-heading" tabIndex={-1} ref={heading}>
          Sign in to GP Connect Booking
        </h1>
        <p id="sign-in-environment">
          Environment: <strong>{session?.environmentLabel ?? "…"}</strong>
        </p>
        {why ? (
          <p className="app-message app-message--warning" role="status" id="sign-in-reason">
            {why} What you typed is kept.
          </p>
        ) : null}
        {error ? (
          <CommandErrorBox error={error} context="general" onSettings={() => setView("settings")} />
        ) : null}
        <RoleChoice />
        {session && session.chooseRole.length === 0 ? (
          <>
            <p>
              Use your NHS Care Identity (smartcard or another approved method). Your browser opens
              the NHS sign-in page; come back here when it says so.
            </p>
            {signingIn === "browser" ? (
              <p role="status" id="sign-in-waiting">
                <Spinner /> Waiting for you to sign in in your browser…{" "}
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                  id="cancel-sign-in"
                  onClick={() => void cancel()}
                >
                  Cancel
                </button>
              </p>
            ) : (
              <button
                type="button"
                className="nhsuk-button"
                id="sign-in-cis2"
                disabled={signingIn !== null}
                onClick={() => void signIn()}
              >
                Sign in with NHS CIS2
              </button>
            )}
            <DemoUsers />
          </>
        ) : null}
        <p className="app-small">
          <button
            type="button"
            className="app-link-button"
            id="sign-in-settings"
            onClick={() => setView("settings")}
          >
            Settings
          </button>{" "}
          (environment, sign-in client) can be changed without signing in.
        </p>
      </div>
    </div>
  );
}

/** The GP Connect version of a practice this session, or why it cannot be used. */
export function PracticeCheckNote({ odsCode }: { odsCode: string }) {
  const check = useApp((s) => s.practiceChecks?.find((c) => c.odsCode === odsCode) ?? null);
  if (!check) return null;
  if (check.problem)
    return (
      <span className="app-practice-check app-practice-check--failed" data-practice-check={odsCode}>
        {" "}
        {check.problem}
      </span>
    );
  return check.gpConnectVersion ? (
    <span className="app-practice-check app-muted" data-practice-check={odsCode}>
      {" "}
      GP Connect {check.gpConnectVersion}
    </span>
  ) : null;
}
