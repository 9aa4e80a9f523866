/** The fake's `find_patient` and `register_patient` (temporary registration, §3.4). */
import type { FieldError } from "../../src/ipc/bindings/FieldError";
import type { FindEverywhereRequest } from "../../src/ipc/bindings/FindEverywhereRequest";
import type { FindPatientRequest } from "../../src/ipc/bindings/FindPatientRequest";
import type { PatientEvent } from "../../src/ipc/bindings/PatientEvent";
import type { PatientLookup } from "../../src/ipc/bindings/PatientLookup";
import type { RegisterPatientRequest } from "../../src/ipc/bindings/RegisterPatientRequest";
import { compactNhsNumber, isValidNhsNumber } from "../../src/lib/nhsNumber";
import { isEmail, isPhoneNumber } from "../../src/lib/registration";
import { duplicateError, fakeError } from "./errors";
import { differences, patientRecord } from "./patients";
import { requireTrace, traceDemographics } from "./pdsCommands";
import type { FakeWorld } from "./world";

export async function findPatient(
  world: FakeWorld,
  request: FindPatientRequest,
): Promise<PatientLookup> {
  world.record("find_patient", request);
  await world.pause("find_patient");
  world.practice(request.odsCode);
  if (!isValidNhsNumber(request.nhsNumber))
    throw fakeError("VALIDATION", "NHS number: the check digit is wrong", { field: "nhsNumber" });
  requireTrace(world, request.nhsNumber, "find");
  const patient = world.patients.get(compactNhsNumber(request.nhsNumber));
  const record = patient ? patientRecord(patient, request.odsCode) : null;
  return {
    odsCode: request.odsCode,
    record,
    differences: differences(traceDemographics(world, request.nhsNumber), record),
  };
}

export async function findPatientEverywhere(
  world: FakeWorld,
  request: FindEverywhereRequest,
  onEvent: (event: PatientEvent) => void,
): Promise<null> {
  world.record("find_patient_everywhere", request);
  if (!isValidNhsNumber(request.nhsNumber))
    throw fakeError("VALIDATION", "NHS number: the check digit is wrong", { field: "nhsNumber" });
  requireTrace(world, request.nhsNumber, "find");
  const practices = (
    request.practices.length > 0 ? request.practices : world.practices.map((p) => p.odsCode)
  ).map((ods) => world.practice(ods));
  for (const p of practices) onEvent({ kind: "started", odsCode: p.odsCode });
  await world.pause("find_patient_everywhere");
  const patient = world.patients.get(compactNhsNumber(request.nhsNumber));
  await Promise.all(
    practices.map(async (p) => {
      if (world.options.delayMs > 0) await world.sleep(world.options.delayMs / 2);
      if ((world.modes.search[p.odsCode] ?? "ok") === "fail") {
        onEvent({
          kind: "failed",
          odsCode: p.odsCode,
          error: fakeError("PROVIDER_UNREACHABLE", "The practice system is not answering.", {
            httpStatus: 502,
            retryable: true,
          }),
        });
        return;
      }
      const record = patient ? patientRecord(patient, p.odsCode) : null;
      onEvent({
        kind: "found",
        lookup: {
          odsCode: p.odsCode,
          record,
          differences: differences(traceDemographics(world, request.nhsNumber), record),
        },
      });
    }),
  );
  return null;
}

export async function registerPatient(
  world: FakeWorld,
  request: RegisterPatientRequest,
): Promise<PatientLookup> {
  world.record("register_patient", request);
  await world.pause("register_patient");
  world.practice(request.odsCode);
  requireTrace(world, request.registration.nhsNumber, "book");
  const r = request.registration;
  const problems: FieldError[] = [];
  if (!r.familyName.trim())
    problems.push({ field: "familyName", message: "Enter the family name" });
  if (r.givenNames.length === 0)
    problems.push({ field: "givenNames", message: "Enter the given name" });
  if (r.mobilePhone && !isPhoneNumber(r.mobilePhone))
    problems.push({
      field: "mobilePhone",
      message: "Enter a phone number of 7 to 15 digits, like 0113 496 0000",
    });
  if (r.email && !isEmail(r.email))
    problems.push({ field: "email", message: "Enter an email address like name@example.com" });
  if (problems.length > 0)
    throw fakeError("VALIDATION", "Check the registration details.", {
      fields: problems,
      field: problems[0]?.field ?? null,
    });
  const nhs = compactNhsNumber(r.nhsNumber);
  let patient = world.patients.get(nhs);
  if (patient?.records[request.odsCode]) throw duplicateError();
  if (!patient) {
    patient = {
      nhsNumber: nhs,
      prefix: r.prefix ?? "",
      given: r.givenNames,
      family: r.familyName,
      gender: r.gender ?? "unknown",
      birthDate: r.birthDate,
      address: r.homeAddress
        ? [...r.homeAddress.lines, r.homeAddress.city ?? "", r.homeAddress.postcode].filter(Boolean)
        : [],
      records: {},
    };
    world.patients.set(nhs, patient);
  }
  patient.records[request.odsCode] = {
    id: world.newId(),
    registrationType: "T",
    communication: r.communication,
  };
  const record = patientRecord(patient, request.odsCode);
  return {
    odsCode: request.odsCode,
    record,
    differences: differences(traceDemographics(world, r.nhsNumber), record),
  };
}
