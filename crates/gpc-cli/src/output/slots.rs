//! Free slots as a table and as CSV (`gpc slots`).

use std::io::Write;

use comfy_table::Table;
use gpconnect::slots::BookableSlot;

use super::*;
use crate::error::CliError;

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

pub(super) fn role_text(role: Option<&gpconnect::slots::PractitionerRole>) -> String {
    role.and_then(|r| r.display.clone().or_else(|| r.code.clone()))
        .unwrap_or_default()
}

fn location_name(slot: &BookableSlot) -> String {
    slot.location
        .name
        .clone()
        .unwrap_or_else(|| format!("Location/{}", slot.location.id))
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

#[cfg(test)]
mod vectors {
    //! The shared slot CSV cases (`tests/vectors/slot-csv.json`): the app's Export writes the
    //! same columns (`ui/src/lib/slotCsv.ts`, run against the same file by Vitest).
    use serde_json::Value;

    use super::*;

    const VECTORS: &str = include_str!("../../../../tests/vectors/slot-csv.json");

    #[test]
    fn slot_csv_vectors() {
        let vectors: Value = serde_json::from_str(VECTORS).unwrap();
        let columns: Vec<&str> = vectors["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(columns, SLOTS_CSV_HEADER);
        for case in vectors["cases"].as_array().unwrap() {
            let mut slot = vectors["defaults"].clone();
            for (key, value) in case["input"].as_object().unwrap() {
                slot[key] = value.clone();
            }
            let slot: BookableSlot = serde_json::from_value(slot).unwrap();
            let mut out = Vec::new();
            write_slots_csv(&mut out, &[slot]).unwrap();
            let mut reader = csv::Reader::from_reader(out.as_slice());
            let row: Vec<String> = reader
                .records()
                .next()
                .unwrap()
                .unwrap()
                .iter()
                .map(str::to_owned)
                .collect();
            let expected: Vec<String> = serde_json::from_value(case["expected"].clone()).unwrap();
            assert_eq!(row, expected, "{}", case["name"]);
        }
    }
}
