/**
 * The demo federation's practices and patients as the Rust simulator seeds them
 * (`ui/test/fixtures/demo-seed.json`, written and checked by a test of `gpconnect-sim`), so the
 * fake and the simulator hold the same people. Only what the file says belongs here: slots,
 * locations and appointments are made up by the fake.
 */
import demoSeed from "../fixtures/demo-seed.json";

/** A practice of the demo federation: ODS code and name. */
export type SeedPractice = { odsCode: string; name: string };

/** A person on the simulated PDS, and the practices that hold a record of them. */
export type SeedPatient = {
  /** 10 digits. */
  nhsNumber: string;
  /** As PDS holds it (the reference extract is in capitals). */
  family: string;
  given: string[];
  /** `yyyy-mm-dd`. */
  birthDate: string;
  gender: string | null;
  /** ODS codes of the practices where the patient is registered. */
  registeredAt: string[];
};

export type DemoSeed = { practices: SeedPractice[]; patients: SeedPatient[] };

/** The committed seed, as read from the JSON file. */
export const DEMO_SEED: DemoSeed = demoSeed;
