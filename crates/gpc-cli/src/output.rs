//! Everything `gpc` shows: tables (comfy-table), CSV, JSON, UK dates and times, and the
//! reports of errors on standard error.
//!
//! Belongs here: pure formatting into a `&mut dyn Write`, so every shape can be unit tested.
//! Times are shown in UK time (`Mon 23 Nov 2026 09:10`), NHS numbers grouped 3-3-4. CSV
//! dates are ISO (`2026-11-23`) so spreadsheets and scripts read them unambiguously; its
//! times are UK local `HH:MM`. JSON is the client's own serialisation of the parsed result.

use std::collections::HashMap;
use std::io::Write;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use gpconnect::appointments::AppointmentSummary;
use gpconnect::ids::{LocationId, PractitionerId};
use gpconnect::patients::PatientRecord;
use gpconnect::slots::BookableSlot;
use gpconnect::{NhsNumber, Practice};
use serde::Serialize;

use crate::error::CliError;

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable tables.
    Table,
    /// The parsed result as JSON.
    Json,
    /// CSV (slots only).
    Csv,
}

/// `instant` in UK time, whatever offset it was written with.
fn in_uk(instant: &DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    gpconnect::time::uk_local(instant.with_timezone(&Utc))
}

/// A date and time in UK time, e.g. `Mon 23 Nov 2026 09:10`.
pub fn uk_datetime(instant: &DateTime<FixedOffset>) -> String {
    in_uk(instant).format("%a %-d %b %Y %H:%M").to_string()
}

/// The UK calendar day of `instant`, e.g. `Mon 23 Nov 2026`.
pub fn uk_day(instant: &DateTime<FixedOffset>) -> String {
    in_uk(instant).format("%a %-d %b %Y").to_string()
}

/// The UK clock time of `instant`, e.g. `09:10`.
pub fn uk_time(instant: &DateTime<FixedOffset>) -> String {
    in_uk(instant).format("%H:%M").to_string()
}

/// A calendar date, e.g. `Mon 23 Nov 2026`.
pub fn uk_date(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

/// A date of birth as held (`yyyy-mm-dd`) shown as `31 May 1952`; kept as is when it is
/// not a full date.
pub fn birth_date(text: &str) -> String {
    gpconnect::time::parse_date(text)
        .map(|d| d.format("%-d %b %Y").to_string())
        .unwrap_or_else(|_| text.to_owned())
}

/// An NHS number as held, grouped 3-3-4 when valid.
pub fn nhs_number(text: &str) -> String {
    NhsNumber::parse(text)
        .map(|n| n.formatted())
        .unwrap_or_else(|_| text.to_owned())
}

fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().copied());
    table
}

fn field_table(rows: Vec<(&str, String)>) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    for (name, value) in rows {
        table.add_row(vec![name.to_owned(), value]);
    }
    table
}

fn text(value: Option<&str>) -> String {
    value.unwrap_or("").to_owned()
}

fn practitioner_text(slot: &BookableSlot) -> String {
    let Some(practitioner) = &slot.practitioner else {
        return String::new();
    };
    let name = practitioner
        .name
        .clone()
        .unwrap_or_else(|| format!("Practitioner/{}", practitioner.id));
    match &practitioner.gender {
        Some(gender) => format!("{name} ({gender})"),
        None => name,
    }
}

fn role_text(role: Option<&gpconnect::slots::PractitionerRole>) -> String {
    role.and_then(|r| r.display.clone().or_else(|| r.code.clone()))
        .unwrap_or_default()
}

fn location_name(slot: &BookableSlot) -> String {
    slot.location
        .name
        .clone()
        .unwrap_or_else(|| format!("Location/{}", slot.location.id))
}

/// Writes `value` as pretty JSON and a newline.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<(), CliError> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// The slots table: one row per slot, in the order given.
pub fn slots_table(slots: &[BookableSlot]) -> Table {
    let mut table = table(&[
        "Practice",
        "Slot",
        "Date",
        "Start",
        "End",
        "Mins",
        "Channel",
        "Slot type",
        "Schedule",
        "Location",
        "Address",
        "Practitioner",
        "Role",
    ]);
    for slot in slots {
        table.add_row(vec![
            slot.practice_ods_code.to_string(),
            slot.slot_id.to_string(),
            uk_day(&slot.start),
            uk_time(&slot.start),
            uk_time(&slot.end),
            slot.duration_minutes.to_string(),
            slot.delivery_channel
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            text(slot.slot_type.as_deref()),
            text(slot.schedule_type.as_deref()),
            location_name(slot),
            slot.location.address.join(", "),
            practitioner_text(slot),
            role_text(slot.practitioner_role.as_ref()),
        ]);
    }
    table
}

/// The CSV header of `gpc slots --csv`.
pub const SLOTS_CSV_HEADER: [&str; 14] = [
    "practice",
    "slot id",
    "date",
    "start",
    "end",
    "duration",
    "delivery channel",
    "slot type",
    "schedule type",
    "location",
    "address",
    "practitioner",
    "gender",
    "role",
];

/// Writes the slots as CSV with [`SLOTS_CSV_HEADER`].
pub fn write_slots_csv(out: &mut dyn Write, slots: &[BookableSlot]) -> Result<(), CliError> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(SLOTS_CSV_HEADER)?;
    for slot in slots {
        let start = in_uk(&slot.start);
        writer.write_record([
            slot.practice_ods_code.to_string(),
            slot.slot_id.to_string(),
            start.format("%Y-%m-%d").to_string(),
            uk_time(&slot.start),
            uk_time(&slot.end),
            slot.duration_minutes.to_string(),
            slot.delivery_channel
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            text(slot.slot_type.as_deref()),
            text(slot.schedule_type.as_deref()),
            location_name(slot),
            slot.location.address.join(", "),
            slot.practitioner
                .as_ref()
                .and_then(|p| p.name.clone())
                .unwrap_or_default(),
            slot.practitioner
                .as_ref()
                .and_then(|p| p.gender.clone())
                .unwrap_or_default(),
            role_text(slot.practitioner_role.as_ref()),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

fn registration_text(code: Option<&str>) -> String {
    match code {
        Some("T") => "T (temporary)".to_owned(),
        Some(code) => code.to_owned(),
        None => String::new(),
    }
}

/// The patients table (find, register).
pub fn patients_table(patients: &[PatientRecord]) -> Table {
    let mut table = table(&[
        "Patient id",
        "NHS number",
        "Name",
        "Born",
        "Gender",
        "Address",
        "Contact",
        "Registration",
    ]);
    for patient in patients {
        table.add_row(vec![
            patient.id.to_string(),
            patient
                .nhs_number
                .as_deref()
                .map(nhs_number)
                .unwrap_or_default(),
            text(patient.name.as_deref()),
            patient
                .birth_date
                .as_deref()
                .map(birth_date)
                .unwrap_or_default(),
            text(patient.gender.as_deref()),
            patient.address.join(", "),
            patient
                .contacts
                .iter()
                .map(|c| match &c.use_ {
                    Some(use_) => format!("{} ({use_})", c.value),
                    None => c.value.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            registration_text(patient.registration_type.as_deref()),
        ]);
    }
    table
}

/// Names of an appointment's location and practitioner, read separately (§3.6: retrieve
/// does not include them). Missing entries are shown by id.
#[derive(Debug, Clone, Default)]
pub struct ParticipantNames {
    /// Location id → "name, address".
    pub locations: HashMap<LocationId, String>,
    /// Practitioner id → display name.
    pub practitioners: HashMap<PractitionerId, String>,
}

impl ParticipantNames {
    fn location(&self, id: Option<&LocationId>) -> String {
        id.map(|id| {
            self.locations
                .get(id)
                .cloned()
                .unwrap_or_else(|| id.reference())
        })
        .unwrap_or_default()
    }

    fn practitioner(&self, id: Option<&PractitionerId>) -> String {
        id.map(|id| {
            self.practitioners
                .get(id)
                .cloned()
                .unwrap_or_else(|| id.reference())
        })
        .unwrap_or_default()
    }
}

fn status_text(summary: &AppointmentSummary) -> String {
    summary
        .status
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

fn booked_by(summary: &AppointmentSummary) -> String {
    summary
        .booking_organisation
        .as_ref()
        .map(|o| {
            let name = o.name.clone().unwrap_or_default();
            match &o.ods_code {
                Some(ods) => format!("{name} ({ods})"),
                None => name,
            }
        })
        .unwrap_or_default()
}

/// The appointments table (retrieve), one row per appointment.
pub fn appointments_table(appointments: &[AppointmentSummary], names: &ParticipantNames) -> Table {
    let mut table = table(&[
        "Appointment",
        "Status",
        "Date",
        "Start",
        "End",
        "Mins",
        "Description",
        "Channel",
        "Slot type",
        "Location",
        "Practitioner",
        "Booked by",
    ]);
    for a in appointments {
        table.add_row(vec![
            a.id.to_string(),
            status_text(a),
            a.start.as_ref().map(uk_day).unwrap_or_default(),
            a.start.as_ref().map(uk_time).unwrap_or_default(),
            a.end.as_ref().map(uk_time).unwrap_or_default(),
            a.duration_minutes
                .map(|m| m.to_string())
                .unwrap_or_default(),
            text(a.description.as_deref()),
            a.delivery_channel
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            text(a.slot_type.as_deref()),
            names.location(a.location_id.as_ref()),
            names.practitioner(a.practitioner_id.as_ref()),
            booked_by(a),
        ]);
    }
    table
}

/// One appointment, field by field.
pub fn appointment_table(a: &AppointmentSummary, names: &ParticipantNames) -> Table {
    let organisation = a.booking_organisation.as_ref();
    let rows = vec![
        ("Appointment", a.id.to_string()),
        ("Version", text(a.version_id.as_deref())),
        ("Status", status_text(a)),
        (
            "Start",
            a.start.as_ref().map(uk_datetime).unwrap_or_default(),
        ),
        ("End", a.end.as_ref().map(uk_datetime).unwrap_or_default()),
        (
            "Duration",
            a.duration_minutes
                .map(|m| format!("{m} min"))
                .unwrap_or_default(),
        ),
        ("Description", text(a.description.as_deref())),
        ("Comment", text(a.comment.as_deref())),
        (
            "Delivery channel",
            a.delivery_channel
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        ),
        ("Slot type", text(a.slot_type.as_deref())),
        ("Schedule type", text(a.schedule_type.as_deref())),
        ("Location", names.location(a.location_id.as_ref())),
        (
            "Practitioner",
            names.practitioner(a.practitioner_id.as_ref()),
        ),
        ("Role", role_text(a.practitioner_role.as_ref())),
        (
            "Patient id",
            a.patient_id
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        ),
        ("Booked by", booked_by(a)),
        (
            "Booked by phone",
            text(organisation.and_then(|o| o.telephone.as_deref())),
        ),
        (
            "Slots",
            a.slot_ids
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (
            "Booked at",
            a.created.as_ref().map(uk_datetime).unwrap_or_default(),
        ),
        (
            "Cancellation reason",
            text(a.cancellation_reason.as_deref()),
        ),
    ];
    field_table(rows.into_iter().filter(|(_, v)| !v.is_empty()).collect())
}

/// A practice found in SDS, field by field.
pub fn practice_table(practice: &Practice) -> Table {
    field_table(vec![
        ("ODS code", practice.ods_code.to_string()),
        ("Name", practice.name.clone()),
        ("Provider root", practice.provider_root.to_string()),
        ("ASID", practice.asid.to_string()),
    ])
}

/// Writes a table and a newline.
pub fn write_table(out: &mut dyn Write, table: &Table) -> Result<(), CliError> {
    writeln!(out, "{table}")?;
    Ok(())
}

/// The details of a client error, one `(label, value)` per line: Spine code or proxy
/// token, HTTP status, diagnostics, and what to do.
pub fn client_error_details(error: &gpconnect::Error) -> Vec<(&'static str, String)> {
    let mut lines = vec![("code", error.code().to_owned())];
    if let Some(status) = error.http_status() {
        lines.push(("HTTP status", status.to_string()));
    }
    match error {
        gpconnect::Error::Provider(p) => {
            if let Some(display) = &p.display {
                lines.push(("meaning", display.clone()));
            }
            if let Some(diagnostics) = &p.diagnostics {
                lines.push(("diagnostics", diagnostics.clone()));
            }
        }
        gpconnect::Error::Proxy(p) => {
            if let Some(token) = &p.token {
                lines.push(("proxy token", token.clone()));
            }
            if let Some(diagnostics) = p
                .diagnostics
                .as_ref()
                .filter(|d| p.token.as_ref() != Some(d))
            {
                lines.push(("diagnostics", diagnostics.clone()));
            }
        }
        _ => {}
    }
    // The client's validation advice speaks of a form; the message already names the flag.
    if !matches!(error, gpconnect::Error::Validation { .. }) {
        lines.push(("what to do", error.advice().to_owned()));
    }
    lines
}

fn write_details(err: &mut dyn Write, details: &[(&str, String)]) -> std::io::Result<()> {
    for (label, value) in details {
        writeln!(err, "  {:<12} {value}", format!("{label}:"))?;
    }
    Ok(())
}

/// Reports one practice's failed slot search on standard error.
pub fn write_practice_failure(
    err: &mut dyn Write,
    practice: &str,
    error: &CliError,
) -> std::io::Result<()> {
    writeln!(err, "gpc: {practice}: slot search failed: {error}")?;
    if let CliError::Client(client) = error {
        write_details(err, &client_error_details(client))?;
    }
    Ok(())
}

/// Shows what an appointment holds now, after a change was refused because someone else
/// changed it first.
pub fn write_conflict(err: &mut dyn Write, current: &AppointmentSummary) -> std::io::Result<()> {
    writeln!(
        err,
        "gpc: someone else changed appointment {} first; your change was not applied.",
        current.id
    )?;
    writeln!(err, "  It now reads:")?;
    write_details(
        err,
        &[
            ("status", status_text(current)),
            ("description", text(current.description.as_deref())),
            ("comment", text(current.comment.as_deref())),
            ("version", text(current.version_id.as_deref())),
        ],
    )?;
    writeln!(err, "  Apply your change again if it is still needed.")
}

/// Reports `error` on standard error: the message, then its details (code, HTTP status,
/// diagnostics, advice, or every registration problem). Never fails: a broken standard
/// error leaves nothing else to report to.
pub fn write_error(err: &mut dyn Write, error: &CliError) {
    let _ = write_error_report(err, error);
}

fn write_error_report(err: &mut dyn Write, error: &CliError) -> std::io::Result<()> {
    writeln!(err, "gpc: error: {error}")?;
    match error {
        CliError::Client(client) => write_details(err, &client_error_details(client))?,
        CliError::Registration(problems) => {
            for problem in problems {
                writeln!(err, "  {}: {}", problem.field, problem.message)?;
            }
        }
        CliError::OutcomeUnknown { check, .. } => {
            writeln!(
                err,
                "  The booking was not sent again, so it may or may not exist."
            )?;
            match check {
                Some(check) => {
                    writeln!(
                        err,
                        "  Checking the patient's appointments failed too: {check}"
                    )?;
                    writeln!(
                        err,
                        "  what to do:  check with gpc appointments before booking again."
                    )?;
                }
                None => writeln!(
                    err,
                    "  No appointment holds those slots: it was not booked. You can book again."
                )?,
            }
        }
        CliError::SlotsNotFree { .. } => writeln!(
            err,
            "  what to do:  search again (gpc slots) and choose free slots."
        )?,
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use gpconnect::fhir::DeliveryChannel;
    use gpconnect::ids::{AppointmentId, OdsCode, ScheduleId, SlotId};
    use gpconnect::slots::{PractitionerRole, SlotLocation, SlotPractitioner};

    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn slot() -> BookableSlot {
        BookableSlot {
            practice_ods_code: OdsCode::parse("A20047").unwrap(),
            practice_name: "Dr Legg's Surgery".into(),
            slot_id: SlotId::parse("1584").unwrap(),
            schedule_id: ScheduleId::parse("1").unwrap(),
            start: at("2026-11-23T09:10:00+00:00"),
            end: at("2026-11-23T09:20:00+00:00"),
            duration_minutes: 10,
            delivery_channel: Some(DeliveryChannel::InPerson),
            slot_type: Some("General GP Appointment".into()),
            schedule_type: Some("General GP Appointments".into()),
            location: SlotLocation {
                id: LocationId::parse("16").unwrap(),
                name: Some("Dr Legg's Main Surgery".into()),
                address: vec!["1 High Street".into(), "Leeds".into(), "LS1 1AA".into()],
                phone: None,
            },
            practitioner: Some(SlotPractitioner {
                id: PractitionerId::parse("1").unwrap(),
                name: Some("Dr Ruth Legg".into()),
                gender: Some("female".into()),
            }),
            practitioner_role: Some(PractitionerRole {
                system: None,
                code: Some("R0260".into()),
                display: Some("General Medical Practitioner".into()),
            }),
            organisation: None,
            searched_org_type: None,
        }
    }

    #[test]
    fn times_are_uk_format_and_uk_time() {
        assert_eq!(
            uk_datetime(&at("2026-11-23T09:10:00+00:00")),
            "Mon 23 Nov 2026 09:10"
        );
        // Written as UTC in summer: shown as BST.
        assert_eq!(
            uk_datetime(&at("2026-07-02T08:05:00Z")),
            "Thu 2 Jul 2026 09:05"
        );
        assert_eq!(uk_day(&at("2026-07-02T23:30:00Z")), "Fri 3 Jul 2026");
        assert_eq!(birth_date("1952-05-31"), "31 May 1952");
        assert_eq!(birth_date("1952"), "1952");
        assert_eq!(nhs_number("9476719931"), "947 671 9931");
        assert_eq!(nhs_number("123"), "123");
    }

    #[test]
    fn slot_table_shows_every_display_field() {
        let rendered = slots_table(&[slot()]).to_string();
        for expected in [
            "A20047",
            "1584",
            "Mon 23 Nov 2026",
            "09:10",
            "09:20",
            "In-person",
            "General GP Appointment",
            "Dr Legg's Main Surgery",
            "1 High Street, Leeds, LS1 1AA",
            "Dr Ruth Legg (female)",
            "General Medical Practitioner",
        ] {
            assert!(rendered.contains(expected), "{expected} in\n{rendered}");
        }
    }

    #[test]
    fn slots_csv_has_the_documented_columns() {
        let mut out = Vec::new();
        write_slots_csv(&mut out, &[slot()]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next().unwrap(),
            "practice,slot id,date,start,end,duration,delivery channel,slot type,schedule type,location,address,practitioner,gender,role"
        );
        assert_eq!(
            lines.next().unwrap(),
            "A20047,1584,2026-11-23,09:10,09:20,10,In-person,General GP Appointment,General GP Appointments,Dr Legg's Main Surgery,\"1 High Street, Leeds, LS1 1AA\",Dr Ruth Legg,female,General Medical Practitioner"
        );
    }

    fn summary() -> AppointmentSummary {
        AppointmentSummary {
            id: AppointmentId::parse("7").unwrap(),
            version_id: Some("3".into()),
            status: Some(gpconnect::fhir::AppointmentStatus::Booked),
            start: Some(at("2026-11-23T09:10:00+00:00")),
            end: Some(at("2026-11-23T09:30:00+00:00")),
            duration_minutes: Some(20),
            description: Some("Asthma review".into()),
            comment: Some("Bring inhaler".into()),
            delivery_channel: None,
            slot_type: None,
            schedule_type: None,
            practitioner_role: None,
            patient_id: None,
            location_id: Some(LocationId::parse("16").unwrap()),
            practitioner_id: None,
            booking_organisation: None,
            cancellation_reason: None,
            slot_ids: vec![SlotId::parse("1").unwrap(), SlotId::parse("2").unwrap()],
            created: None,
        }
    }

    #[test]
    fn appointment_shows_names_when_known_and_ids_otherwise() {
        let mut names = ParticipantNames::default();
        let rendered = appointment_table(&summary(), &names).to_string();
        assert!(rendered.contains("Location/16"), "{rendered}");
        assert!(rendered.contains("Mon 23 Nov 2026 09:10"));
        assert!(rendered.contains("1, 2"));
        names.locations.insert(
            LocationId::parse("16").unwrap(),
            "Main Surgery, LS1 1AA".into(),
        );
        let rendered = appointments_table(&[summary()], &names).to_string();
        assert!(rendered.contains("Main Surgery, LS1 1AA"), "{rendered}");
    }

    #[test]
    fn conflict_shows_the_current_text() {
        let mut err = Vec::new();
        write_conflict(&mut err, &summary()).unwrap();
        let text = String::from_utf8(err).unwrap();
        assert!(text.contains("someone else changed appointment 7 first"));
        assert!(text.contains("Asthma review") && text.contains("Bring inhaler"));
    }

    #[test]
    fn provider_errors_show_status_code_diagnostics_and_advice() {
        let error = CliError::Client(gpconnect::Error::Provider(gpconnect::ProviderError {
            status: 409,
            spine_code: gpconnect::SpineCode::DuplicateRejected,
            issue_code: Some("duplicate".into()),
            display: Some("Duplicate rejected".into()),
            diagnostics: Some("the slot is no longer free".into()),
        }));
        let mut err = Vec::new();
        write_error(&mut err, &error);
        let text = String::from_utf8(err).unwrap();
        assert!(text.contains("DUPLICATE_REJECTED"), "{text}");
        assert!(text.contains("409"));
        assert!(text.contains("the slot is no longer free"));
        assert!(text.contains("Someone else got there first"));
    }

    #[test]
    fn date_only_format() {
        let date = Utc
            .with_ymd_and_hms(2026, 11, 23, 0, 0, 0)
            .unwrap()
            .date_naive();
        assert_eq!(uk_date(date), "Mon 23 Nov 2026");
    }
}
