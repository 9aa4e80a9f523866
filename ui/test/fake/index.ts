/** The in-memory fake backend (tests and the browser-only dev page). See `backend.ts`. */
export { FakeBackend } from "./backend";
export { fakeFromLocation } from "./fromLocation";
export { validateSettings } from "./settings";
export { DEMO_SEED, type SeedPatient, type SeedPractice } from "./seed";
export type { BookMode, FakeModes, FakeOptions, PracticeMode } from "./world";
