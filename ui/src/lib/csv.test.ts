import { describe, expect, it } from "vitest";
import { APPOINTMENT_COLUMNS, appointmentsCsv, csvField, toCsv } from "./csv";
import type { AppointmentView } from "../ipc/bindings/AppointmentView";

describe("CSV (RFC 4180)", () => {
  it("leaves plain fields alone", () => {
    expect(csvField("Asthma review")).toBe("Asthma review");
    expect(csvField(10)).toBe("10");
    expect(csvField(null)).toBe("");
    expect(csvField("")).toBe("");
  });

  it("quotes commas, quotes and line breaks, doubling inner quotes", () => {
    expect(csvField("Leeds, LS1 1AA")).toBe('"Leeds, LS1 1AA"');
    expect(csvField('She said "now"')).toBe('"She said ""now"""');
    expect(csvField("line 1\nline 2")).toBe('"line 1\nline 2"');
    expect(csvField("a\r\nb")).toBe('"a\r\nb"');
  });

  it("ends every record with CRLF", () => {
    expect(
      toCsv([
        ["a", "b"],
        ["c,d", "e"],
      ]),
    ).toBe('a,b\r\n"c,d",e\r\n');
  });

  it("keeps spreadsheet formulas from running", () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField("+44 113")).toBe("'+44 113");
    expect(csvField("-")).toBe("'-");
    expect(csvField(-5)).toBe("-5");
  });

  it("exports appointments with UK dates and times", () => {
    const appointment: AppointmentView = {
      practice: { odsCode: "A20047", name: "Dr Legg's Surgery" },
      appointmentId: "42",
      versionId: "1",
      patientId: "2",
      status: "booked",
      start: "2026-07-01T09:40:00+01:00",
      end: "2026-07-01T09:50:00+01:00",
      durationMinutes: 10,
      description: 'Asthma review, "urgent"',
      comment: null,
      deliveryChannel: "In-person",
      slotType: "Standard",
      scheduleType: "General GP Appointments",
      role: "General Medical Practitioner",
      location: { name: "Main", address: ["1 Main St", "Leeds", "LS1 1AA"], phone: null },
      practitioner: { name: "Dr Jane Smith", gender: "female" },
      bookingOrganisation: "Leeds Urgent Care (Y90001)",
      cancellationReason: null,
      created: null,
      slotIds: ["5"],
      changeable: true,
      notChangeableReason: null,
    };
    const csv = appointmentsCsv([appointment]);
    const [header, row] = csv.split("\r\n");
    expect(header).toBe(APPOINTMENT_COLUMNS.join(","));
    expect(row).toBe(
      'Dr Legg\'s Surgery,A20047,42,booked,Wed 1 Jul 2026,09:40,09:50,10,Main,"1 Main St, Leeds, LS1 1AA",Dr Jane Smith,General Medical Practitioner,In-person,Standard,General GP Appointments,"Asthma review, ""urgent""",,Leeds Urgent Care (Y90001),',
    );
  });
});
