/**
 * The fake's PDS: `trace_patient` (by NHS number, kept for the session), `search_pds` (by
 * demographics, in PDS's order), the PDS key commands, and the trace guard the Rust app puts
 * before every GP Connect request about a patient (§5.4). The seed's people are on PDS,
 * registered at their first practice, with a made-up address; like the simulator's stand-in,
 * 9476113162 is sensitive, 9476719974 deceased, 9990000018 superseded by 9476719923, and
 * 9990000034 unknown, 9990000042 (Nora Tate) present but not verified (status 02), and
 * 9476719958 (Dolly Banton) has moved: PDS has a new address the practices do not.
 */
import type { AppStatus } from "../../src/ipc/bindings/AppStatus";
import type { Demographics } from "../../src/ipc/bindings/Demographics";
import type { PdsPatient } from "../../src/ipc/bindings/PdsPatient";
import type { PdsSearchResult } from "../../src/ipc/bindings/PdsSearchResult";
import type { SearchQuery } from "../../src/ipc/bindings/SearchQuery";
import type { TraceRequest } from "../../src/ipc/bindings/TraceRequest";
import type { TraceView } from "../../src/ipc/bindings/TraceView";
import { compactNhsNumber, formatNhsNumber, isValidNhsNumber } from "../../src/lib/nhsNumber";
import { fakeError } from "./errors";
import { appStatus } from "./settingsCommands";
import type { FakeWorld } from "./world";

export const SENSITIVE = "9476113162";
export const DECEASED = "9476719974";
export const SUPERSEDED = { old: "9990000018", current: "9476719923" };
export const MOVED = "9476719958";
export const UNVERIFIED = "9990000042";

/** The PDS record of `nhs`, or `null` when PDS has none. */
export function pdsRecord(world: FakeWorld, nhs: string): PdsPatient | null {
  if (nhs === SENSITIVE)
    return person(nhs, "Mrs", ["Harriet"], "ANDERSON", "female", "1948-02-11", null, true);
  if (nhs === DECEASED) {
    const p = person(nhs, "Mr", ["Julian"], "PHELAN", "male", "1992-07-02", "R3B46", false);
    return { ...p, deceased: { text: "2007-07-10", date: "2007-07-10" } };
  }
  if (nhs === UNVERIFIED) {
    const p = person(nhs, "Mrs", ["Nora"], "TATE", "female", "1961-03-14", "A20047", false);
    return { ...p, verification: { code: "02", display: "Number present but not traced" } };
  }
  const stored = world.patients.get(nhs);
  if (!stored) return null;
  const gp = Object.keys(stored.records)[0] ?? null;
  const p = person(
    nhs,
    null,
    stored.given,
    stored.family,
    stored.gender,
    stored.birthDate,
    gp,
    false,
  );
  return nhs === MOVED
    ? { ...p, address: { lines: ["3 Ashby Road", "SCUNTHORPE"], postcode: "DN16 1HQ" } }
    : p;
}

function person(
  nhs: string,
  title: string | null,
  given: string[],
  family: string,
  gender: string,
  birthDate: string,
  gp: string | null,
  restricted: boolean,
): PdsPatient {
  return {
    nhsNumber: nhs,
    verification: { code: "01", display: "Number present and verified" },
    title,
    givenNames: given,
    familyName: family,
    name: [title, ...given, family].filter(Boolean).join(" "),
    gender: gender as PdsPatient["gender"],
    birthDate,
    deceased: null,
    address: restricted
      ? null
      : {
          lines: [`${(Number(nhs.slice(-3)) % 90) + 1} Church Lane`, "LEEDS"],
          postcode: "LS1 6AE",
        },
    contacts: [],
    registeredPractice: restricted ? null : gp,
    restricted,
    versionId: "1",
  };
}

function practiceName(world: FakeWorld, ods: string | null): string | null {
  return world.practices.find((p) => p.odsCode === ods)?.name ?? null;
}

export async function tracePatient(world: FakeWorld, request: TraceRequest): Promise<TraceView> {
  world.record("trace_patient", request);
  await world.pause("trace_patient");
  if (!isValidNhsNumber(request.nhsNumber))
    throw fakeError("VALIDATION", "NHS number: the check digit is wrong", { field: "nhsNumber" });
  const asked = compactNhsNumber(request.nhsNumber);
  const kept = world.traces.get(asked);
  if (kept && !request.refresh && kept.trace.requested === asked) return { ...kept, cached: true };
  const current = asked === SUPERSEDED.old ? SUPERSEDED.current : asked;
  const patient = pdsRecord(world, current);
  if (!patient)
    throw fakeError(
      "PDS_NOT_FOUND",
      "No patient on PDS has this NHS number. Check it with the caller, or search by name and date of birth.",
      { httpStatus: 404, spineCode: "RESOURCE_NOT_FOUND" },
    );
  const name = practiceName(world, patient.registeredPractice);
  const view: TraceView = {
    trace: {
      requested: asked,
      patient,
      superseded: current !== asked,
      tracedAt: new Date(world.options.now()).toISOString(),
    },
    registeredPracticeName: name,
    registeredInFederation: name !== null,
    gpConnectBlock: patient.restricted ? "sensitive" : null,
    bookingBlock: patient.restricted ? "sensitive" : patient.deceased ? "deceased" : null,
    cached: false,
    requestId: `fake-${world.newId()}`,
  };
  world.traces.set(asked, view);
  if (current !== asked)
    world.traces.set(current, {
      ...view,
      trace: { ...view.trace, requested: current, superseded: false },
    });
  return view;
}

export async function searchPds(world: FakeWorld, query: SearchQuery): Promise<PdsSearchResult> {
  world.record("search_pds", query);
  await world.pause("search_pds");
  const fields = [];
  if (!query.familyName?.trim())
    fields.push({ field: "familyName", message: "Enter the family name" });
  if (!query.birthDate) fields.push({ field: "birthDate", message: "Enter the date of birth" });
  if (fields.length > 0)
    throw fakeError("VALIDATION", fields.map((f) => f.message).join(" "), {
      fields,
      field: fields[0]?.field ?? null,
    });
  const same = (a: string | null | undefined, b: string | null | undefined) =>
    (a ?? "").replace(/\s/g, "").toUpperCase() === (b ?? "").replace(/\s/g, "").toUpperCase();
  const on = query.birthDate && "on" in query.birthDate ? query.birthDate.on : null;
  const found = [...world.patients.keys(), SENSITIVE, DECEASED]
    .map((nhs) => pdsRecord(world, nhs))
    .filter((p): p is PdsPatient => p !== null)
    .filter((p) => same(p.familyName, query.familyName))
    .filter((p) => !query.givenName || same(p.givenNames[0], query.givenName))
    .filter((p) => !on || p.birthDate === on)
    .filter((p) => !query.postcode || (!p.restricted && same(p.address?.postcode, query.postcode)));
  if (found.length > (query.maxResults ?? 50))
    throw fakeError("PDS_TOO_MANY_MATCHES", "Too many patients match on PDS.");
  return {
    matches: found.map((patient) => ({
      patient,
      registeredPracticeName: practiceName(world, patient.registeredPractice),
    })),
    requestId: `fake-${world.newId()}`,
  };
}

/**
 * The trace guard: nothing about a patient is sent to a practice unless they were traced this
 * session, by their current number, are not sensitive, (to book or register) not deceased,
 * and (to find, register or book) their NHS number is verified (status 01).
 */
export function requireTrace(
  world: FakeWorld,
  nhsNumber: string,
  purpose: "find" | "book" | "view",
): void {
  const nhs = compactNhsNumber(nhsNumber);
  const view = world.traces.get(nhs);
  if (!view)
    throw fakeError(
      "TRACE_REQUIRED",
      `Trace the patient on PDS first: NHS number ${formatNhsNumber(nhs)} has not been traced in this session. Nothing was sent.`,
    );
  if (view.trace.patient.nhsNumber !== nhs)
    throw fakeError(
      "NHS_NUMBER_SUPERSEDED",
      `NHS number ${formatNhsNumber(nhs)} was replaced by ${formatNhsNumber(view.trace.patient.nhsNumber)} on PDS.`,
    );
  if (view.gpConnectBlock === "sensitive")
    throw fakeError(
      "PATIENT_SENSITIVE",
      "This patient's PDS record is restricted (sensitive). GP Connect must not be used for them: nothing was sent.",
    );
  if (purpose === "book" && view.bookingBlock === "deceased")
    throw fakeError("PATIENT_DECEASED", "PDS records this patient as deceased. Nothing was sent.");
  if (purpose !== "view" && view.trace.patient.verification?.code !== "01")
    throw fakeError(
      "NHS_NUMBER_UNVERIFIED",
      `PDS does not hold NHS number ${formatNhsNumber(nhs)} as verified. Nothing was sent.`,
    );
}

/** What PDS holds for the traced patient, as the practice's record is compared with it. */
export function traceDemographics(world: FakeWorld, nhsNumber: string): Demographics {
  const p = world.traces.get(compactNhsNumber(nhsNumber))?.trace.patient;
  return {
    familyName: p?.familyName ?? null,
    givenName: p?.givenNames[0] ?? null,
    gender: p?.gender ?? null,
    birthDate: p?.birthDate ?? null,
    // Only the moved patient's address is compared: the fake's practices hold no addresses.
    address:
      p?.nhsNumber === MOVED && p.address ? [...p.address.lines, p.address.postcode ?? ""] : [],
  };
}

export async function importPdsKey(world: FakeWorld, path: string): Promise<AppStatus> {
  world.record("import_pds_key", { path });
  if (!path.endsWith(".pem"))
    throw fakeError("VALIDATION", "The PDS private key is not an RSA private key in PEM.");
  world.pdsKeyStored = true;
  return appStatus(world);
}

export async function savePdsApiKey(world: FakeWorld, key: string): Promise<AppStatus> {
  world.record("save_pds_api_key", { stored: key.trim() !== "" });
  world.pdsApiKeyStored = key.trim() !== "";
  return appStatus(world);
}

export async function pdsPublicJwks(world: FakeWorld): Promise<string> {
  world.record("pds_public_jwks", null);
  await world.pause("pds_public_jwks");
  return JSON.stringify(
    { keys: [{ kty: "RSA", kid: world.settings.pds.keyId, n: "…", e: "AQAB" }] },
    null,
    2,
  );
}
