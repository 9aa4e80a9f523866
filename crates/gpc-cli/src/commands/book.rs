//! `gpc book`: book one slot or several adjacent ones (§3.5).
//!
//! The slot ids are resolved by a fresh search at the practice (the booking needs each
//! slot's schedule, location, practitioner and delivery channel); an id that is not among
//! the free slots is refused before sending. The booking is recorded in gpc's journal and
//! sent once. When its answer is lost ([`gpconnect::Error::outcome_unknown`]) it is never
//! resent: the patient's appointments are read back on the schedule. If one holds the
//! booking it is shown and gpc exits 0; if none does yet, gpc exits 7 (outcome unknown: do
//! not book again yet) and checks it again when it next starts.

use std::io::Write;

use gpconnect::appointments::{BookingRequest, check_comment, check_description};
use gpconnect::ids::SlotId;
use gpconnect::slots::{BookableSlot, SearchFilters, SlotQuery};

use crate::cli::BookArgs;
use crate::commands::{PatientRef, appointment, date_range, parse_ods, writes};
use crate::error::CliError;
use crate::output::Format;
use crate::session::Session;

/// Runs `gpc book`.
pub async fn run(
    session: &Session,
    args: &BookArgs,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    let ods = parse_ods("--practice", &args.practice)?;
    let patient = PatientRef::parse(&args.patient)?;
    let slot_ids = args
        .slot
        .iter()
        .map(|s| SlotId::parse(s.trim()).map_err(|e| CliError::input("--slot", e)))
        .collect::<Result<Vec<_>, _>>()?;
    let description = check_description(&args.description)?;
    let comment = check_comment(args.comment.as_deref())?;
    let range = date_range(
        args.from.as_deref(),
        None,
        Some(args.days),
        args.days,
        session.today(),
    )?;

    let practice = session.practice(&ods).await?;
    let (patient_id, nhs_number) = patient.resolve_with_nhs(session, &practice).await?;
    let client = session.for_patient(&nhs_number);
    let query = SlotQuery {
        range,
        filters: SearchFilters::from_identity(session.client.identity()),
        service: None,
    };
    let free = session
        .client
        .search_free_slots(&practice, &query)
        .await?
        .slots;
    let slots = chosen_slots(&free, &slot_ids).map_err(|missing| CliError::SlotsNotFree {
        practice: practice.ods_code.clone(),
        slots: missing,
    })?;

    let request = BookingRequest {
        patient_id: patient_id.clone(),
        slots,
        description,
        comment,
    };
    let outcome = client.book_appointment(&practice, &request).await?;
    let record = writes::settle(outcome, "booking", err)?;
    writeln!(
        err,
        "gpc: booked appointment {} at {} ({})",
        record.id, practice.ods_code, practice.name
    )?;
    appointment::show(session, &practice, &record, format, out).await
}

/// The free slots with the ids asked for, in the order asked; else every id not found.
pub fn chosen_slots(
    free: &[BookableSlot],
    ids: &[SlotId],
) -> Result<Vec<BookableSlot>, Vec<SlotId>> {
    let mut chosen = Vec::new();
    let mut missing = Vec::new();
    for id in ids {
        match free.iter().find(|s| s.slot_id == *id) {
            Some(slot) => chosen.push(slot.clone()),
            None => missing.push(id.clone()),
        }
    }
    if missing.is_empty() {
        Ok(chosen)
    } else {
        Err(missing)
    }
}

#[cfg(test)]
mod tests {
    use gpconnect::ids::{LocationId, OdsCode, ScheduleId};
    use gpconnect::slots::SlotLocation;

    use super::*;

    fn slot(id: &str) -> BookableSlot {
        let start = gpconnect::time::parse_datetime("2026-11-23T09:10:00+00:00").unwrap();
        BookableSlot {
            practice_ods_code: OdsCode::parse("A20047").unwrap(),
            practice_name: "Dr Legg's Surgery".into(),
            slot_id: SlotId::parse(id).unwrap(),
            schedule_id: ScheduleId::parse("1").unwrap(),
            start,
            end: start + chrono::Duration::minutes(10),
            duration_minutes: 10,
            delivery_channel: None,
            slot_type: None,
            schedule_type: None,
            location: SlotLocation {
                id: LocationId::parse("16").unwrap(),
                name: None,
                address: Vec::new(),
                phone: None,
            },
            practitioner: None,
            practitioner_role: None,
            organisation: None,
            searched_org_type: None,
            healthcare_service: None,
        }
    }

    #[test]
    fn slot_ids_are_resolved_in_order_or_all_missing_ones_named() {
        let free = [slot("1"), slot("2"), slot("3")];
        let ids = |ids: &[&str]| -> Vec<SlotId> {
            ids.iter().map(|i| SlotId::parse(i).unwrap()).collect()
        };
        let chosen = chosen_slots(&free, &ids(&["3", "1"])).unwrap();
        assert_eq!(chosen[0].slot_id.as_str(), "3");
        assert_eq!(chosen[1].slot_id.as_str(), "1");
        assert_eq!(
            chosen_slots(&free, &ids(&["1", "9", "8"])).unwrap_err(),
            ids(&["9", "8"])
        );
    }
}
