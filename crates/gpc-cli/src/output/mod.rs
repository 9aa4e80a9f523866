//! Everything `gpc` shows: tables (comfy-table), CSV, JSON, UK dates and times, and the
//! reports of errors on standard error.
//!
//! Belongs here: pure formatting into a `&mut dyn Write`, so every shape can be unit tested.
//! Times are shown in UK time (`Mon 23 Nov 2026 09:10`), NHS numbers grouped 3-3-4. CSV
//! dates are ISO (`2026-11-23`) so spreadsheets and scripts read them unambiguously; its
//! times are UK local `HH:MM`. JSON is the client's own serialisation of the parsed result.

use std::io::Write;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use gpconnect::NhsNumber;
use serde::Serialize;

use crate::error::CliError;

mod appointments;
mod errors;
mod history;
mod patients;
mod slots;
mod trace;

pub use appointments::*;
pub use errors::*;
pub use history::*;
pub use patients::*;
pub use slots::*;
pub use trace::*;

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
/// Writes `value` as pretty JSON and a newline.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<(), CliError> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Writes a table and a newline.
pub fn write_table(out: &mut dyn Write, table: &Table) -> Result<(), CliError> {
    writeln!(out, "{table}")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use gpconnect::appointments::AppointmentSummary;
    use gpconnect::fhir::DeliveryChannel;
    use gpconnect::ids::{AppointmentId, OdsCode, ScheduleId, SlotId};
    use gpconnect::ids::{LocationId, PractitionerId};
    use gpconnect::slots::BookableSlot;
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
            healthcare_service: None,
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
