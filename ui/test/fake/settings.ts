/**
 * The fake's settings: the demo settings it starts with, and the checks `save_settings` makes
 * (the same as Rust's `Settings::validate`; the shared cases in `tests/vectors/settings.json`
 * hold both to it).
 */
import type { FieldError } from "../../src/ipc/bindings/FieldError";
import type { Settings } from "../../src/ipc/bindings/Settings";
import { trimText } from "../../src/lib/limits";
import { isPhoneNumber } from "../../src/lib/registration";
import type { Practice } from "./practices";
import { hash } from "./slots";

/** A provider root on the fake's "simulator" for `ods`. */
export function fakeProviderRoot(ods: string): string {
  return `https://127.0.0.1:19443/${ods}/STU3/1/gpconnect`;
}

/** A stable made-up ASID for `ods`. */
export function fakeAsid(ods: string): string {
  return String(918999198000 + (hash(ods) % 1000));
}

/** Demo settings for `practices`. */
export function defaultSettings(practices: Practice[]): Settings {
  return {
    environment: "demo",
    allowedOrganisations: ["Y90002"],
    spineEndpointUrl: "https://gpconnect-booking.demo.local/",
    deviceIdentifierSystem: "https://gpconnect-booking.demo.local/Id",
    cis2: {
      issuer:
        "http://127.0.0.1:19444/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare",
      clientId: "200000000001.apps.national",
      redirectPort: 0,
      clientAuth: "privateKeyJwt",
      keyId: "gpconnect-booking-demo-1",
      acrValues: "AAL2_OR_AAL3_ANY",
    },
    pds: {
      url: "https://127.0.0.1:19445/personal-demographics/FHIR/R4",
      tokenUrl: "https://127.0.0.1:19445/oauth2/token",
      keyId: "gpconnect-booking-pds-demo-1",
    },
    idleTimeoutMinutes: 15,
    organisation: {
      odsCode: "Y90001",
      name: "Leeds Urgent Care Service (demo)",
      telephone: "0113 496 0999",
      orgType: "urgent-care",
    },
    consumerAsid: "200000000359",
    sspUrl: "https://127.0.0.1:19443",
    sdsUrl: "https://127.0.0.1:19443/sds",
    practices: practices.map((p) => ({
      odsCode: p.odsCode,
      name: p.name,
      providerRoot: fakeProviderRoot(p.odsCode),
      asid: fakeAsid(p.odsCode),
    })),
    timeouts: {
      connectSeconds: 10,
      requestSeconds: 30,
      practiceDeadlineSeconds: 20,
      maxConcurrentPractices: 5,
    },
    nhs111: { enabled: true, dosServiceId: "" },
    deviceId: "00000000-0000-4000-8000-000000000000",
    writes: {
      checkAtSeconds: [0, 2, 5, 10],
      checkTotalSeconds: 30,
      backgroundCheckSeconds: 30,
      auditRetentionDays: 730,
    },
  };
}

/** Rust's `ProviderRoot::parse`: an http(s) URL with a host, no trailing /, whitespace, ? or #. */
function isProviderRoot(root: string): boolean {
  const rest = root.startsWith("https://")
    ? root.slice("https://".length)
    : root.startsWith("http://")
      ? root.slice("http://".length)
      : null;
  return (
    rest !== null &&
    rest !== "" &&
    !rest.startsWith("/") &&
    !root.endsWith("/") &&
    !/[\p{White_Space}?#]/u.test(root)
  );
}

/** The same checks as Rust's `Settings::validate`, for the fake's save_settings. */
export function validateSettings(s: Settings): FieldError[] {
  const out: FieldError[] = [];
  const fail = (field: string, message: string) => out.push({ field, message });
  const ods = (v: string) => /^[A-Za-z0-9]{3,10}$/.test(trimText(v));
  const asid = (v: string) => /^\d{1,20}$/.test(trimText(v));
  if (!ods(s.organisation.odsCode))
    fail("organisation.odsCode", "Enter your organisation's ODS code, like A12345");
  if (!trimText(s.organisation.name)) fail("organisation.name", "Enter your organisation's name");
  if (!isPhoneNumber(s.organisation.telephone))
    fail("organisation.telephone", "Enter your organisation's phone number");
  if (!asid(s.consumerAsid)) fail("consumerAsid", "Enter this system's ASID (digits only)");
  if (!trimText(s.sspUrl).startsWith("https://"))
    fail("sspUrl", "Enter the Spine Secure Proxy address, starting https://");
  if (trimText(s.sdsUrl) && !trimText(s.sdsUrl).startsWith("https://"))
    fail("sdsUrl", "The SDS address starts https://");
  s.allowedOrganisations.forEach((o, i) => {
    if (!ods(o)) fail(`allowedOrganisations.${i}`, "Enter an ODS code, like A12345");
  });
  if (!trimText(s.spineEndpointUrl).startsWith("https://"))
    fail(
      "spineEndpointUrl",
      "Enter this system's Spine endpoint URL (sent as the JWT iss), starting https://",
    );
  const system = trimText(s.deviceIdentifierSystem);
  if (!/^(https:\/\/|http:\/\/|urn:)/.test(system) || /\s/u.test(system))
    fail(
      "deviceIdentifierSystem",
      "Enter the device identifier system, a URL like https://yoursupplier.example/Id",
    );
  const demo = s.environment === "demo";
  const issuer = trimText(s.cis2.issuer);
  const loopbackHttp = demo && issuer.startsWith("http://127.0.0.1:");
  if (!(issuer.startsWith("https://") || loopbackHttp) || /\s/u.test(issuer))
    fail(
      "cis2.issuer",
      "Enter the CIS2 issuer exactly as NHS England gives it, starting https:// (with its :443)",
    );
  if (!trimText(s.cis2.clientId))
    fail("cis2.clientId", "Enter the client ID registered for this site");
  if (s.cis2.redirectPort === 0 && !demo)
    fail(
      "cis2.redirectPort",
      "Enter the loopback port registered in the redirect URI (1 to 65535)",
    );
  if (s.cis2.clientAuth === "privateKeyJwt" && !trimText(s.cis2.keyId))
    fail("cis2.keyId", "Enter the key ID (kid) the public key is registered under");
  const pds = {
    url: trimText(s.pds.url),
    tokenUrl: trimText(s.pds.tokenUrl),
    keyId: trimText(s.pds.keyId),
  };
  if (pds.url || pds.tokenUrl || pds.keyId) {
    const https = (t: string) => t.startsWith("https://") && !/\s/u.test(t);
    if (!https(pds.url)) fail("pds.url", "Enter the PDS FHIR address, starting https://");
    if (!https(pds.tokenUrl))
      fail("pds.tokenUrl", "Enter the NHS API platform's token endpoint, starting https://");
    if (!pds.keyId)
      fail("pds.keyId", "Enter the key ID (kid) the application's public key is registered under");
  }
  if (
    !Number.isInteger(s.idleTimeoutMinutes) ||
    s.idleTimeoutMinutes <= 0 ||
    s.idleTimeoutMinutes > 240
  )
    fail("idleTimeoutMinutes", "Enter a number of minutes from 1 to 240");
  if (s.practices.length === 0) fail("practices", "Add at least one practice");
  s.practices.forEach((p, i) => {
    if (!ods(p.odsCode)) fail(`practices.${i}.odsCode`, "Enter the practice's ODS code");
    const root = trimText(p.providerRoot);
    if (root && !isProviderRoot(root))
      fail(
        `practices.${i}.providerRoot`,
        "A provider root is an https:// address with no trailing /",
      );
    if (trimText(p.asid) && !asid(p.asid)) fail(`practices.${i}.asid`, "An ASID is digits only");
    if ((!root || !trimText(p.asid)) && !trimText(s.sdsUrl))
      fail(
        `practices.${i}.providerRoot`,
        "Enter the provider root and ASID, or an SDS address to look them up",
      );
  });
  const t = s.timeouts;
  for (const [field, value, max] of [
    ["timeouts.connectSeconds", t.connectSeconds, 120],
    ["timeouts.requestSeconds", t.requestSeconds, 300],
    ["timeouts.practiceDeadlineSeconds", t.practiceDeadlineSeconds, 600],
  ] as const) {
    if (!Number.isInteger(value) || value <= 0 || value > max)
      fail(field, `Enter a number of seconds from 1 to ${max}`);
  }
  const cap = t.maxConcurrentPractices;
  if (!Number.isInteger(cap) || cap < 1 || cap > 20)
    fail(
      "timeouts.maxConcurrentPractices",
      "Enter how many practices to ask at once, from 1 to 20",
    );
  const dos = s.nhs111.dosServiceId.trim();
  if (dos !== "" && !(dos.length <= 20 && /^[0-9]+$/.test(dos)))
    fail("nhs111.dosServiceId", "A DoS service id is digits only, like 2000012345");
  return out;
}
