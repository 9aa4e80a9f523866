/**
 * The fake's app and settings commands: `app_status`, `get_settings`, `save_settings`,
 * `use_demo`, `discover_practice`, `choose_credential_file`, `import_credentials`.
 */
import type { AppStatus } from "../../src/ipc/bindings/AppStatus";
import type { CertificateInfo } from "../../src/ipc/bindings/CertificateInfo";
import type { CredentialFiles } from "../../src/ipc/bindings/CredentialFiles";
import type { CredentialKind } from "../../src/ipc/bindings/CredentialKind";
import type { PracticeSettings } from "../../src/ipc/bindings/PracticeSettings";
import type { Settings } from "../../src/ipc/bindings/Settings";
import { fakeError, keyringError, noRecordError } from "./errors";
import { syntheticPractice } from "./practices";
import { DEMO_SEED } from "./seed";
import { defaultSettings, fakeAsid, fakeProviderRoot, validateSettings } from "./settings";
import { sessionView } from "./sessionCommands";
import { demoPractices, type FakeWorld } from "./world";

export async function appStatus(world: FakeWorld): Promise<AppStatus> {
  world.record("app_status", null);
  await world.pause("app_status");
  const problems: string[] = [];
  if (world.modes.keyringLocked)
    problems.push(
      "The computer's keyring (credential store) is locked or unavailable. Unlock it and try again.",
    );
  if (!world.certificate) problems.push("No client certificate is imported.");
  const { settings } = world;
  const view = sessionView(world);
  return {
    environment: settings.environment,
    environmentLabel: view.environmentLabel,
    organisation: view.role
      ? `${view.role.orgName} (${view.role.orgCode})`
      : `${settings.organisation.name} (${settings.organisation.odsCode})`,
    user: view.user && view.role ? `${view.user.name} (${view.role.name})` : "",
    practices: settings.practices.map((p) => ({ odsCode: p.odsCode, name: p.name })),
    certificate: world.certificate,
    sdsApiKeyStored: world.sdsApiKey !== null,
    cis2KeyStored: true,
    cis2SecretStored: false,
    pdsKeyStored: world.pdsKeyStored,
    pdsApiKeyStored: world.pdsApiKeyStored,
    problems,
    nhs111: world.settings.nhs111.enabled,
  };
}

export async function getSettings(world: FakeWorld): Promise<Settings> {
  world.record("get_settings", null);
  await world.pause("get_settings");
  return structuredClone(world.settings);
}

export async function saveSettings(world: FakeWorld, settings: Settings): Promise<AppStatus> {
  world.record("save_settings", settings);
  await world.pause("save_settings");
  const problems = validateSettings(settings);
  if (problems.length > 0)
    throw fakeError("VALIDATION", "Check the settings.", {
      field: problems[0]?.field ?? null,
      fields: problems,
      advice: "Check the settings.",
    });
  world.settings = structuredClone(settings);
  // Practices added in Settings get generated slots like the synthetic ones.
  world.practices = settings.practices.map(
    (p, i) =>
      world.practices.find((x) => x.odsCode === p.odsCode.toUpperCase()) ?? {
        ...syntheticPractice(100 + i),
        odsCode: p.odsCode.toUpperCase(),
        name: p.name,
      },
  );
  world.practices.forEach((p, i) => {
    p.name = settings.practices[i]?.name ?? p.name;
  });
  return appStatus(world);
}

export async function saveSdsApiKey(world: FakeWorld, key: string): Promise<AppStatus> {
  world.record("save_sds_api_key", { stored: key.trim() !== "" });
  await world.pause("save_sds_api_key");
  world.sdsApiKey = key.trim() === "" ? null : key.trim();
  return appStatus(world);
}

export async function useDemo(world: FakeWorld): Promise<AppStatus> {
  world.record("use_demo", null);
  await world.pause("use_demo");
  world.practices = demoPractices();
  world.settings = defaultSettings(world.practices);
  world.sdsApiKey = "demo-sds-api-key";
  return appStatus(world);
}

export async function discoverPractice(
  world: FakeWorld,
  settings: Settings,
  odsCode: string,
): Promise<PracticeSettings> {
  world.record("discover_practice", { sdsUrl: settings.sdsUrl, odsCode });
  await world.pause("discover_practice");
  const ods = odsCode.trim().toUpperCase();
  if (!/^[A-Z0-9]{3,10}$/.test(ods))
    throw fakeError("VALIDATION", "ODS code: must be 3 to 10 letters and digits", {
      field: "odsCode",
    });
  if (ods.startsWith("X"))
    throw noRecordError(
      "The practice has no such record. Search again; it may have been changed or removed.",
    );
  const known = DEMO_SEED.practices.find((p) => p.odsCode === ods);
  return {
    odsCode: ods,
    name: known?.name ?? `Practice ${ods}`,
    providerRoot: fakeProviderRoot(ods),
    asid: fakeAsid(ods),
  };
}

export async function chooseCredentialFile(
  world: FakeWorld,
  kind: CredentialKind,
): Promise<string | null> {
  world.record("choose_credential_file", { kind });
  await world.pause("choose_credential_file");
  const names: Record<CredentialKind, string> = {
    clientCertificate: "client-certificate.pem",
    clientKey: "client-key.pem",
    trustedCa: "trusted-ca.pem",
    cis2ClientKey: "cis2-client-key.pem",
    pdsClientKey: "pds-client-key.pem",
  };
  return `/home/user/certificates/${names[kind]}`;
}

export async function importCredentials(
  world: FakeWorld,
  files: CredentialFiles,
): Promise<CertificateInfo> {
  world.record("import_credentials", files);
  await world.pause("import_credentials");
  if (world.modes.keyringLocked) throw keyringError();
  if (!files.key.endsWith(".pem"))
    throw fakeError("VALIDATION", "The private key file could not be read.", { field: "key" });
  world.certificate = world.makeCertificate();
  return world.certificate;
}
