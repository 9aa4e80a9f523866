/**
 * The fake's session commands: `session_status`, `sign_in`, `sign_in_demo`, `cancel_sign_in`,
 * `choose_role`, `sign_out`, `check_practices`, and the environment and CIS2 credential
 * commands of Settings. Two demo users as the simulator's stand-in has them (a GP with one
 * role; a receptionist with two roles at two organisations).
 */
import type { AppStatus } from "../../src/ipc/bindings/AppStatus";
import type { DemoUserView } from "../../src/ipc/bindings/DemoUserView";
import type { Environment } from "../../src/ipc/bindings/Environment";
import type { EnvironmentPresets } from "../../src/ipc/bindings/EnvironmentPresets";
import type { PracticeChecks } from "../../src/ipc/bindings/PracticeChecks";
import type { SessionView } from "../../src/ipc/bindings/SessionView";
import type { Settings } from "../../src/ipc/bindings/Settings";
import { fakeError } from "./errors";
import { appStatus } from "./settingsCommands";
import type { FakeWorld } from "./world";

const LABELS: Record<Environment, string> = {
  demo: "Demo",
  int: "Integration (INT)",
  dep: "Deployment (DEP)",
  live: "Live",
};

export const FAKE_DEMO_USERS: DemoUserView[] = [
  {
    uid: "555000000001",
    name: "Dr Claire Jones",
    note: "One role, smartcard (AAL3)",
    roles: [
      {
        roleId: "555000000101",
        name: "General Medical Practitioner Access Role",
        orgCode: "Y90001",
        orgName: "Leeds Urgent Care Service (demo)",
      },
    ],
  },
  {
    uid: "555000000002",
    name: "Sam Patel",
    note: "Two roles at two organisations, authenticator app (AAL2)",
    roles: [
      {
        roleId: "555000000201",
        name: "Admin/Clinical Support Access Role",
        orgCode: "Y90001",
        orgName: "Leeds Urgent Care Service (demo)",
      },
      {
        roleId: "555000000202",
        name: "Admin/Clinical Support Access Role",
        orgCode: "Y90002",
        orgName: "Bradford Urgent Care Service (demo)",
      },
    ],
  },
];

function find(uid: string, roleId: string) {
  const user = FAKE_DEMO_USERS.find((u) => u.uid === uid);
  const role = user?.roles.find((r) => r.roleId === roleId);
  return user && role ? { user, role } : null;
}

export function sessionView(world: FakeWorld): SessionView {
  const { session, settings } = world;
  const found = find(session.uid, session.roleId);
  return {
    environment: settings.environment,
    environmentLabel: LABELS[settings.environment],
    signedIn: session.signedIn,
    user: session.signedIn && found ? { name: found.user.name, sdsUserId: found.user.uid } : null,
    role: session.signedIn && found ? found.role : null,
    expiresAt: null,
    idleTimeoutMinutes: settings.idleTimeoutMinutes,
    chooseRole: [],
    ended: session.ended,
    demoUsers: settings.environment === "demo" ? FAKE_DEMO_USERS : [],
  };
}

export async function sessionStatus(world: FakeWorld, active: boolean): Promise<SessionView> {
  world.record("session_status", { active });
  await world.pause("session_status");
  return sessionView(world);
}

export async function signInDemo(
  world: FakeWorld,
  uid: string,
  roleId: string,
): Promise<SessionView> {
  world.record("sign_in_demo", { uid, roleId });
  await world.pause("sign_in_demo");
  if (!find(uid, roleId)) throw fakeError("SIGN_IN_FAILED", "No such demo user or role.");
  world.session = { signedIn: true, uid, roleId, ended: null };
  return sessionView(world);
}

export async function signIn(world: FakeWorld): Promise<SessionView> {
  world.record("sign_in", null);
  await world.pause("sign_in");
  world.session = { signedIn: true, uid: "555000000001", roleId: "555000000101", ended: null };
  return sessionView(world);
}

export async function cancelSignIn(world: FakeWorld): Promise<SessionView> {
  world.record("cancel_sign_in", null);
  await world.pause("cancel_sign_in");
  return sessionView(world);
}

export async function chooseRole(world: FakeWorld, roleId: string): Promise<SessionView> {
  world.record("choose_role", { roleId });
  await world.pause("choose_role");
  throw fakeError("SIGN_IN_REQUIRED", "Sign in first.");
}

export async function signOut(world: FakeWorld): Promise<SessionView> {
  world.record("sign_out", null);
  await world.pause("sign_out");
  world.session = { ...world.session, signedIn: false, ended: "You signed out." };
  world.traces.clear(); // traces last for the session only (§5.4)
  return sessionView(world);
}

export async function checkPractices(world: FakeWorld): Promise<PracticeChecks> {
  world.record("check_practices", null);
  await world.pause("check_practices");
  return {
    practices: world.settings.practices.map((p) => ({
      odsCode: p.odsCode,
      name: p.name,
      gpConnectVersion: "1.2.7",
      problem: null,
    })),
  };
}

export async function switchEnvironment(
  world: FakeWorld,
  environment: Environment,
): Promise<Settings> {
  world.record("switch_environment", { environment });
  await world.pause("switch_environment");
  world.settings = { ...world.settings, environment };
  world.session = {
    ...world.session,
    signedIn: false,
    ended: "The environment changed. Sign in again to continue.",
  };
  return structuredClone(world.settings);
}

export async function importCis2Key(world: FakeWorld, path: string): Promise<AppStatus> {
  world.record("import_cis2_key", { path });
  if (!path.endsWith(".pem"))
    throw fakeError("VALIDATION", "The sign-in private key is not an RSA private key in PEM.");
  return appStatus(world);
}

export async function saveCis2ClientSecret(world: FakeWorld, secret: string): Promise<AppStatus> {
  world.record("save_cis2_client_secret", { stored: secret.trim() !== "" });
  return appStatus(world);
}

export async function cis2PublicJwks(world: FakeWorld): Promise<string> {
  world.record("cis2_public_jwks", null);
  await world.pause("cis2_public_jwks");
  return JSON.stringify(
    { keys: [{ kty: "RSA", kid: world.settings.cis2.keyId, n: "…", e: "AQAB" }] },
    null,
    2,
  );
}

export async function environmentPresets(world: FakeWorld): Promise<EnvironmentPresets> {
  world.record("environment_presets", null);
  await world.pause("environment_presets");
  const url = (u: string, verified: boolean) => ({ url: u, source: "the fake", verified });
  return {
    presets: (Object.keys(LABELS) as Environment[]).map((environment) => ({
      environment,
      label: LABELS[environment],
      sspUrl: environment === "int" ? url("https://proxy.intspineservices.nhs.uk", false) : null,
      sdsUrl:
        environment === "int"
          ? url("https://int.api.service.nhs.uk/spine-directory/FHIR/R4", true)
          : null,
      cis2Issuer: null,
      pdsUrl: null,
      tokenUrl: null,
      note: "",
    })),
  };
}
