/**
 * The fake's practices: the demo federation's ODS codes and names come from the seed; where
 * each practice's clinicians sit and when they work (locations, schedules, sessions) is made up
 * here, close to the simulator's demonstrator data. Practices beyond the seed (`SIM005`, …, for
 * load) and practices added in Settings get a generated layout.
 */
import type { SeedPractice } from "./seed";

/** One Schedule: who, where, what kind of slot, and the sessions it runs. */
export type Schedule = {
  id: string;
  locationId: string;
  practitioner: { id: string; name: string; gender: string } | null;
  role: { code: string; display: string } | null;
  scheduleType: string;
  deliveryChannel: string;
  slotType: string;
  /** Sessions as [start, end) in minutes from midnight, UK local time. */
  sessions: Array<[number, number]>;
  /** Luxon weekday numbers (1 = Monday). */
  weekdays: number[];
};

export type Location = { name: string; address: string[]; phone: string };

/** A practice as the fake serves it. */
export type Practice = {
  odsCode: string;
  name: string;
  telephone: string;
  locations: Record<string, Location>;
  schedules: Schedule[];
};

type Layout = Omit<Practice, "name">;

const LAYOUTS: Layout[] = [
  {
    odsCode: "A20047",
    telephone: "0113 496 0101",
    locations: {
      "16": {
        name: "Dr Legg's Surgery",
        address: ["1 Town Street", "Horsforth", "Leeds", "LS18 4RJ"],
        phone: "0113 496 0101",
      },
      "17": {
        name: "Dr Legg's Branch Surgery",
        address: ["22 Low Lane", "Horsforth", "Leeds", "LS18 5PX"],
        phone: "0113 496 0111",
      },
    },
    schedules: [
      {
        id: "1",
        locationId: "16",
        practitioner: { id: "1", name: "Dr Gilbert Legg", gender: "male" },
        role: { code: "R0260", display: "General Medical Practitioner" },
        scheduleType: "General GP Appointments",
        deliveryChannel: "In-person",
        slotType: "Standard",
        sessions: [
          [8 * 60 + 30, 12 * 60],
          [14 * 60, 17 * 60 + 30],
        ],
        weekdays: [1, 2, 3, 4, 5],
      },
      {
        id: "2",
        locationId: "17",
        practitioner: { id: "2", name: "Dr Sarah Black", gender: "female" },
        role: { code: "R0260", display: "General Medical Practitioner" },
        scheduleType: "Branch Surgery Session",
        deliveryChannel: "In-person",
        slotType: "Standard",
        sessions: [[9 * 60, 12 * 60]],
        weekdays: [1, 3, 5],
      },
      {
        id: "12",
        locationId: "16",
        practitioner: { id: "3", name: "Nurse Amy Hughes", gender: "female" },
        role: { code: "R0690", display: "Practice Nurse" },
        scheduleType: "Nurse Telephone Clinic",
        deliveryChannel: "Telephone",
        slotType: "Nurse telephone",
        sessions: [[13 * 60, 16 * 60]],
        weekdays: [1, 2, 3, 4, 5],
      },
    ],
  },
  {
    odsCode: "GPC001",
    telephone: "0113 496 0202",
    locations: {
      "1": {
        name: "Demonstrator Health Centre",
        address: ["5 Park Row", "Leeds", "LS1 5HD"],
        phone: "0113 496 0202",
      },
      "2": {
        name: "Demonstrator Health Centre",
        address: ["5 Park Row", "Leeds", "LS1 5HD"],
        phone: "0113 496 0202",
      },
    },
    schedules: [
      {
        id: "3",
        locationId: "2",
        practitioner: { id: "3", name: "Dr Ravi Mistry", gender: "male" },
        role: { code: "R0260", display: "General Medical Practitioner" },
        scheduleType: "Morning Surgery",
        deliveryChannel: "In-person",
        slotType: "Standard",
        sessions: [[8 * 60, 11 * 60 + 30]],
        weekdays: [1, 2, 3, 4, 5],
      },
      {
        id: "6",
        locationId: "1",
        practitioner: { id: "3", name: "Dr Ravi Mistry", gender: "male" },
        role: { code: "R0260", display: "General Medical Practitioner" },
        scheduleType: "Telephone Triage",
        deliveryChannel: "Telephone",
        slotType: "Telephone triage",
        sessions: [[12 * 60, 14 * 60]],
        weekdays: [1, 2, 3, 4, 5],
      },
    ],
  },
  {
    odsCode: "R1A15",
    telephone: "0113 496 0303",
    locations: {
      "4": {
        name: "The Hepworth Surgery",
        address: ["Hepworth Road", "Wakefield", "WF1 2DP"],
        phone: "0113 496 0303",
      },
    },
    schedules: [
      {
        id: "9",
        locationId: "4",
        practitioner: { id: "2", name: "Dr Helen Okafor", gender: "female" },
        role: { code: "R0260", display: "General Medical Practitioner" },
        scheduleType: "General GP Appointments",
        deliveryChannel: "In-person",
        slotType: "Standard",
        sessions: [
          [9 * 60, 12 * 60],
          [15 * 60, 18 * 60],
        ],
        weekdays: [1, 2, 3, 4, 5],
      },
      {
        id: "90",
        locationId: "4",
        practitioner: null,
        role: { code: "R1590", display: "Phlebotomist" },
        scheduleType: "Phlebotomy Clinic",
        deliveryChannel: "In-person",
        slotType: "Blood test",
        sessions: [[8 * 60, 10 * 60]],
        weekdays: [2, 4],
      },
    ],
  },
  {
    odsCode: "R3B46",
    telephone: "0113 496 0404",
    locations: {
      "5": {
        name: "Leeds Extended Access Hub",
        address: ["St George's Centre", "Middleton", "Leeds", "LS10 4UZ"],
        phone: "0113 496 0404",
      },
    },
    schedules: [
      {
        id: "11",
        locationId: "5",
        practitioner: { id: "2", name: "Dr Tom Adeyemi", gender: "male" },
        role: { code: "R0260", display: "General Medical Practitioner" },
        scheduleType: "Extended Access Evening",
        deliveryChannel: "Video",
        slotType: "Extended access",
        sessions: [[18 * 60 + 30, 20 * 60]],
        weekdays: [1, 2, 3, 4, 5],
      },
      {
        id: "14",
        locationId: "5",
        practitioner: { id: "4", name: "Dr Mina Shah", gender: "female" },
        role: { code: "R0260", display: "General Medical Practitioner" },
        scheduleType: "Weekend Clinic",
        deliveryChannel: "In-person",
        slotType: "Extended access",
        sessions: [[9 * 60, 12 * 60]],
        weekdays: [6, 7],
      },
    ],
  },
];

/** A generated practice `SIM{i}` with two schedules on weekdays. */
export function syntheticPractice(i: number): Practice {
  const ods = `SIM${String(i).padStart(3, "0")}`;
  const channels = ["In-person", "Telephone", "Video"];
  return {
    odsCode: ods,
    name: `Simulated Practice ${i}`,
    telephone: "0113 496 0000",
    locations: {
      "16": {
        name: `Simulated Practice ${i}`,
        address: [`${i} Example Road`, "Leeds", "LS1 1AA"],
        phone: "0113 496 0000",
      },
    },
    schedules: [
      {
        id: "1",
        locationId: "16",
        practitioner: { id: "1", name: `Dr Sim ${i}A`, gender: i % 2 ? "female" : "male" },
        role: { code: "R0260", display: "General Medical Practitioner" },
        scheduleType: "General GP Appointments",
        deliveryChannel: "In-person",
        slotType: "Standard",
        sessions: [[8 * 60, 12 * 60]],
        weekdays: [1, 2, 3, 4, 5],
      },
      {
        id: "2",
        locationId: "16",
        practitioner: { id: "2", name: `Dr Sim ${i}B`, gender: i % 2 ? "male" : "female" },
        role: { code: "R0260", display: "General Medical Practitioner" },
        scheduleType: "Afternoon Surgery",
        deliveryChannel: channels[i % 3] ?? "In-person",
        slotType: "Standard",
        sessions: [[13 * 60, 17 * 60]],
        weekdays: [1, 2, 3, 4, 5],
      },
    ],
  };
}

/** The practice for a seed entry: its own layout when the fake has one, else a generated one. */
export function practiceFor(seed: SeedPractice, index: number): Practice {
  const layout = LAYOUTS.find((l) => l.odsCode === seed.odsCode);
  if (layout) return { ...structuredClone(layout), name: seed.name };
  return { ...syntheticPractice(100 + index), odsCode: seed.odsCode, name: seed.name };
}
