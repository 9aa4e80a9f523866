//! Book (§3.5), retrieve (§3.6), read (§3.7), amend (§3.8) and cancel (§3.9) appointments.
//!
//! Booking rules are checked before anything is sent: adjacent slots only (§3.2 "Multiple
//! adjacent slots"), description required and at most 100 characters, comment at most 500,
//! start in the future. The booking payload carries exactly the elements §3.5 allows.
//! Amend and cancel change only their allowed fields on the resource *as read* and send it
//! back with `If-Match`. No write is ever retried automatically.
//!
//! Here: the limits and rules checked before sending. `booking`: building and sending a
//! booking, and reconciling a lost answer. `record`: an appointment as read, flattened for
//! display. `changes`: retrieve, read, amend and cancel.

mod booking;
mod changes;
mod record;

pub use booking::*;
pub use changes::*;
pub use record::*;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids::SlotId;
use crate::slots::BookableSlot;

/// The consumer SHALL enforce at most 100 characters of description (§3.5).
pub const DESCRIPTION_MAX_CHARS: usize = 100;
/// The consumer SHALL enforce at most 500 characters of comment (§3.5).
pub const COMMENT_MAX_CHARS: usize = 500;
/// This client's own limit on a cancellation reason (GP Connect sets none, §3.9; providers
/// may truncate).
pub const CANCELLATION_REASON_MAX_CHARS: usize = 500;

/// Why a set of slots cannot be booked as one appointment (§3.2 "Multiple adjacent slots").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[non_exhaustive]
pub enum AdjacencyError {
    /// No slot was chosen.
    #[error("choose at least one slot")]
    NoSlots,
    /// The same slot was chosen twice.
    #[error("slot {slot} was chosen twice")]
    DuplicateSlot {
        /// The repeated slot.
        slot: SlotId,
    },
    /// Slots from different practices.
    #[error("slots from different practices cannot be booked together")]
    DifferentPractice,
    /// Slots from different schedules.
    #[error("slots must be in the same session (schedule) to be booked together")]
    DifferentSchedule,
    /// Different delivery channels.
    #[error("slots must have the same delivery channel to be booked together")]
    DifferentDeliveryChannel,
    /// Different slot types.
    #[error("slots must be of the same type to be booked together")]
    DifferentSlotType,
    /// A gap or overlap between two slots.
    #[error(
        "slots must follow each other with no gap: one ends at {previous_end}, the next starts at {next_start}"
    )]
    NotContiguous {
        /// End of the earlier slot.
        #[serde(with = "crate::time::local_datetime")]
        previous_end: DateTime<FixedOffset>,
        /// Start of the next slot.
        #[serde(with = "crate::time::local_datetime")]
        next_start: DateTime<FixedOffset>,
    },
}

/// Orders `slots` by start and checks that they can form one booking: same practice, same
/// Schedule, same delivery channel, same slot type (`serviceType`), and each start equal to
/// the previous end (§3.2). Returns them in start order.
pub fn order_adjacent_slots(slots: &[BookableSlot]) -> Result<Vec<BookableSlot>, AdjacencyError> {
    let mut ordered = slots.to_vec();
    ordered.sort_by_key(|s| s.start);
    let Some(first) = ordered.first() else {
        return Err(AdjacencyError::NoSlots);
    };
    for (i, slot) in ordered.iter().enumerate() {
        // Slot ids are local to one practice: the same id elsewhere is a different slot.
        if ordered[..i]
            .iter()
            .any(|s| s.slot_id == slot.slot_id && s.practice_ods_code == slot.practice_ods_code)
        {
            return Err(AdjacencyError::DuplicateSlot {
                slot: slot.slot_id.clone(),
            });
        }
        if slot.practice_ods_code != first.practice_ods_code {
            return Err(AdjacencyError::DifferentPractice);
        }
        if slot.schedule_id != first.schedule_id {
            return Err(AdjacencyError::DifferentSchedule);
        }
        if slot.delivery_channel != first.delivery_channel {
            return Err(AdjacencyError::DifferentDeliveryChannel);
        }
        if slot.slot_type != first.slot_type {
            return Err(AdjacencyError::DifferentSlotType);
        }
    }
    for pair in ordered.windows(2) {
        if let [previous, next] = pair
            && previous.end != next.start
        {
            return Err(AdjacencyError::NotContiguous {
                previous_end: previous.end,
                next_start: next.start,
            });
        }
    }
    Ok(ordered)
}

/// Checks a description: required, at most [`DESCRIPTION_MAX_CHARS`] characters. Returns it
/// trimmed. Error: [`Error::Validation`] on `description`.
pub fn check_description(description: &str) -> Result<String> {
    let trimmed = description.trim();
    if trimmed.is_empty() {
        return Err(Error::validation("description", "Enter a description"));
    }
    let length = trimmed.chars().count();
    if length > DESCRIPTION_MAX_CHARS {
        return Err(Error::validation(
            "description",
            format!(
                "Description must be {DESCRIPTION_MAX_CHARS} characters or fewer (it has {length})"
            ),
        ));
    }
    Ok(trimmed.to_owned())
}

/// Checks an optional comment: at most [`COMMENT_MAX_CHARS`] characters. Returns it trimmed,
/// `None` when empty. Error: [`Error::Validation`] on `comment`.
pub fn check_comment(comment: Option<&str>) -> Result<Option<String>> {
    let Some(trimmed) = comment.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let length = trimmed.chars().count();
    if length > COMMENT_MAX_CHARS {
        return Err(Error::validation(
            "comment",
            format!("Comment must be {COMMENT_MAX_CHARS} characters or fewer (it has {length})"),
        ));
    }
    Ok(Some(trimmed.to_owned()))
}

/// Checks a cancellation reason: required, at most [`CANCELLATION_REASON_MAX_CHARS`]
/// characters (§3.9). Returns it trimmed. Error: [`Error::Validation`] on `reason`.
pub fn check_cancellation_reason(reason: &str) -> Result<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::validation(
            "reason",
            "Enter the reason for cancelling",
        ));
    }
    if reason.chars().count() > CANCELLATION_REASON_MAX_CHARS {
        return Err(Error::validation(
            "reason",
            format!("Reason must be {CANCELLATION_REASON_MAX_CHARS} characters or fewer"),
        ));
    }
    Ok(reason.to_owned())
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::booking::appointment_id_from_location;
    use super::*;
    use crate::config::{BookingOrganisation, OrganisationType};
    use crate::fhir::DeliveryChannel;
    use crate::ids::{AppointmentId, LocationId, OdsCode, PatientId, PractitionerId, ScheduleId};
    use crate::slots::{PractitionerRole, SlotLocation, SlotPractitioner};
    use crate::time::parse_datetime;

    fn slot(id: &str, start: &str, end: &str) -> BookableSlot {
        BookableSlot {
            practice_ods_code: OdsCode::parse("A20047").unwrap(),
            practice_name: "Dr Legg's Surgery".into(),
            slot_id: SlotId::parse(id).unwrap(),
            schedule_id: ScheduleId::parse("14").unwrap(),
            start: parse_datetime(start).unwrap(),
            end: parse_datetime(end).unwrap(),
            duration_minutes: 10,
            delivery_channel: Some(DeliveryChannel::InPerson),
            slot_type: Some("General GP Appointment".into()),
            schedule_type: Some("General GP Appointments".into()),
            location: SlotLocation {
                id: LocationId::parse("17").unwrap(),
                name: Some("Main".into()),
                address: vec![],
                phone: None,
            },
            practitioner: Some(SlotPractitioner {
                id: PractitionerId::parse("2").unwrap(),
                name: None,
                gender: None,
            }),
            practitioner_role: Some(PractitionerRole {
                system: Some(crate::fhir::urls::CODESYSTEM_SDS_JOB_ROLE.into()),
                code: Some("R0260".into()),
                display: Some("General Medical Practitioner".into()),
            }),
            organisation: None,
            searched_org_type: Some(OrganisationType::GpPractice),
            healthcare_service: None,
        }
    }

    fn three() -> Vec<BookableSlot> {
        vec![
            slot(
                "1",
                "2026-11-23T10:00:00+00:00",
                "2026-11-23T10:10:00+00:00",
            ),
            slot(
                "2",
                "2026-11-23T10:10:00+00:00",
                "2026-11-23T10:20:00+00:00",
            ),
            slot(
                "3",
                "2026-11-23T10:20:00+00:00",
                "2026-11-23T10:30:00+00:00",
            ),
        ]
    }

    #[test]
    fn adjacent_slots_in_any_order_are_accepted() {
        let mut slots = three();
        slots.reverse();
        let ordered = order_adjacent_slots(&slots).unwrap();
        let ids: Vec<&str> = ordered.iter().map(|s| s.slot_id.as_str()).collect();
        assert_eq!(ids, ["1", "2", "3"]);
    }

    #[test]
    fn each_adjacency_rejection() {
        assert_eq!(order_adjacent_slots(&[]), Err(AdjacencyError::NoSlots));

        let mut s = three();
        s[2] = s[0].clone();
        assert!(matches!(
            order_adjacent_slots(&s),
            Err(AdjacencyError::DuplicateSlot { .. })
        ));

        let mut s = three();
        s[1].practice_ods_code = OdsCode::parse("B12345").unwrap();
        assert_eq!(
            order_adjacent_slots(&s),
            Err(AdjacencyError::DifferentPractice)
        );

        let mut s = three();
        s[1].schedule_id = ScheduleId::parse("15").unwrap();
        assert_eq!(
            order_adjacent_slots(&s),
            Err(AdjacencyError::DifferentSchedule)
        );

        let mut s = three();
        s[1].delivery_channel = Some(DeliveryChannel::Telephone);
        assert_eq!(
            order_adjacent_slots(&s),
            Err(AdjacencyError::DifferentDeliveryChannel)
        );

        let mut s = three();
        s[1].slot_type = Some("Nurse".into());
        assert_eq!(
            order_adjacent_slots(&s),
            Err(AdjacencyError::DifferentSlotType)
        );

        let s = vec![three()[0].clone(), three()[2].clone()];
        assert!(matches!(
            order_adjacent_slots(&s),
            Err(AdjacencyError::NotContiguous { .. })
        ));
    }

    #[test]
    fn adjacency_compares_instants_across_offsets() {
        // 00:50 GMT then 02:00 BST on the last Sunday of March is contiguous (01:00 UTC).
        let s = vec![
            slot(
                "1",
                "2026-03-29T00:50:00+00:00",
                "2026-03-29T02:00:00+01:00",
            ),
            slot(
                "2",
                "2026-03-29T02:00:00+01:00",
                "2026-03-29T02:10:00+01:00",
            ),
        ];
        assert!(order_adjacent_slots(&s).is_ok());
    }

    #[test]
    fn text_limits() {
        assert!(check_description(&"a".repeat(100)).is_ok());
        assert_eq!(
            check_description(&"a".repeat(101)).unwrap_err().code(),
            "VALIDATION"
        );
        assert!(check_description("  ").is_err());
        assert_eq!(
            check_description(&"é".repeat(100)).unwrap().chars().count(),
            100
        );
        assert!(check_comment(Some(&"b".repeat(500))).is_ok());
        assert!(check_comment(Some(&"b".repeat(501))).is_err());
        assert_eq!(check_comment(Some("   ")).unwrap(), None);
    }

    #[test]
    fn etag_versions() {
        assert_eq!(version_from_etag("W/\"42\"").as_deref(), Some("42"));
        assert_eq!(version_from_etag("\"42\"").as_deref(), Some("42"));
        assert_eq!(version_from_etag("W/\"\""), None);
        assert_eq!(
            appointment_id_from_location("https://p/A1/STU3/1/gpconnect/Appointment/9/_history/2"),
            Some(AppointmentId::parse("9").unwrap())
        );
    }

    #[test]
    fn booking_refuses_a_started_slot() {
        let organisation = BookingOrganisation {
            ods_code: OdsCode::parse("A00001").unwrap(),
            name: "Test Organization Name".into(),
            telephone: "0300 303 5678".into(),
            org_type: Some(OrganisationType::GpPractice),
        };
        let request = BookingRequest {
            patient_id: PatientId::parse("1").unwrap(),
            slots: three(),
            description: "Free text description.".into(),
            comment: None,
        };
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
        assert_eq!(
            build_booking(&organisation, &request, now)
                .unwrap_err()
                .code(),
            "VALIDATION"
        );
    }
}
