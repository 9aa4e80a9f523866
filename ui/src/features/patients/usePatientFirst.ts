/**
 * "The patient first, once": as soon as a valid NHS number is entered (a moment after typing
 * stops), the patient is looked for at every practice chosen for the search at once, and their
 * appointments across the federation are listed, so "no record here" and existing bookings
 * show before a slot is chosen, not once per practice tried. The answers land in the lookups
 * that booking uses: nothing is asked twice for the same details.
 */
import { useEffect } from "react";
import { compactNhsNumber, isValidNhsNumber } from "../../lib/nhsNumber";
import { lookupKey } from "../../lib/patientEntry";
import { useApp } from "../../state/store";

/** Debounce after the last keystroke, in milliseconds. */
const SETTLE_MS = 400;

/** `active`: the Book screen is shown (its appointments list is only filled in there). */
export function usePatientFirst(active: boolean) {
  const patient = useApp((s) => s.patient);
  const chosen = useApp((s) => s.chosenPractices);
  const practices = useApp((s) => s.status?.practices);
  const findEverywhere = useApp((s) => s.findEverywhere);
  const showAppointments = useApp((s) => s.showAppointments);
  const appointmentsFor = useApp((s) => s.appointmentsFor);
  const enabled = useApp((s) => s.patientFirst);
  const valid = enabled && isValidNhsNumber(patient.nhsNumber);
  const asked = chosen ?? (practices ?? []).map((p) => p.odsCode);
  // What the lookups depend on: the practices and what the caller said.
  const keys = asked.map((ods) => lookupKey(ods, patient)).join("|");
  const nhs = compactNhsNumber(patient.nhsNumber);

  useEffect(() => {
    if (!valid || asked.length === 0) return;
    const timer = setTimeout(() => void findEverywhere(asked), SETTLE_MS);
    return () => clearTimeout(timer);
    // `keys` stands for `asked` and the patient's details.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [valid, keys, findEverywhere]);

  useEffect(() => {
    if (!active || !valid || appointmentsFor === nhs) return;
    const timer = setTimeout(() => void showAppointments(), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [active, valid, nhs, appointmentsFor, showAppointments]);
}
