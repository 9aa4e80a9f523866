//! The simulated practices' data: schedules, slots, patients and appointments, and how each
//! is rendered as the FHIR resource a provider would return.
//!
//! One [`PracticeData`] per practice, behind its own mutex: a booking checks and takes its
//! slots in one critical section, so two bookings of one slot can never both succeed.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Utc};
use gpconnect::config::{OrganisationType, Practice};
use gpconnect::fhir::urls::{
    CODESYSTEM_SDS_JOB_ROLE, EXT_DELIVERY_CHANNEL, EXT_PRACTITIONER_ROLE, PROFILE_SCHEDULE,
    PROFILE_SLOT,
};
use gpconnect::fhir::{
    CodeableConcept, Coding, DeliveryChannel, Extension, Location, Meta, Organization, Patient,
    Period, Practitioner, Reference, Schedule, Slot, SlotStatus,
};
use serde_json::Value;

/// How far ahead and how near slots may be booked (§8 "booking window / embargo").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookingWindow {
    /// Slots starting sooner than this many minutes from now are not offered.
    pub min_notice_minutes: i64,
    /// Slots starting more than this many days ahead are not offered.
    pub max_days_ahead: i64,
}

impl BookingWindow {
    /// True when a slot starting at `start` may be offered and booked at `now`.
    pub fn allows(&self, start: DateTime<FixedOffset>, now: DateTime<Utc>) -> bool {
        let start = start.with_timezone(&Utc);
        start >= now + chrono::Duration::minutes(self.min_notice_minutes)
            && start <= now + chrono::Duration::days(self.max_days_ahead)
    }
}

/// A practitioner role code and display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// SDS job role code, e.g. `R0260`.
    pub code: String,
    /// Display, e.g. "General Medical Practitioner".
    pub display: String,
}

/// A schedule: one session or clinic, at one location, with or without a practitioner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimSchedule {
    /// Logical id.
    pub id: String,
    /// Where.
    pub location_id: String,
    /// Who, when the schedule names a practitioner.
    pub practitioner_id: Option<String>,
    /// The practitioner role of the schedule.
    pub role: Option<Role>,
    /// Schedule type / session name (`serviceCategory.text`).
    pub category: String,
    /// Planning horizon.
    pub horizon: (DateTime<FixedOffset>, DateTime<FixedOffset>),
}

impl SimSchedule {
    /// The Schedule resource (GPConnect-Schedule-1).
    pub fn resource(&self, version: &str) -> Schedule {
        let mut actor = vec![Reference::to(format!("Location/{}", self.location_id))];
        if let Some(p) = &self.practitioner_id {
            actor.push(Reference::to(format!("Practitioner/{p}")));
        }
        Schedule {
            id: Some(self.id.clone()),
            meta: Some(versioned(PROFILE_SCHEDULE, version)),
            extension: self
                .role
                .iter()
                .map(|r| Extension::codeable_concept(EXT_PRACTITIONER_ROLE, role_concept(r)))
                .collect(),
            service_category: Some(CodeableConcept {
                coding: Vec::new(),
                text: Some(self.category.clone()),
            }),
            actor,
            planning_horizon: Some(Period {
                start: Some(provider_time(&self.horizon.0)),
                end: Some(provider_time(&self.horizon.1)),
            }),
        }
    }
}

/// The practitioner role as a CodeableConcept.
pub fn role_concept(role: &Role) -> CodeableConcept {
    CodeableConcept {
        coding: vec![Coding {
            system: Some(CODESYSTEM_SDS_JOB_ROLE.to_owned()),
            code: Some(role.code.clone()),
            display: Some(role.display.clone()),
        }],
        text: None,
    }
}

/// A slot and its GP Connect bookability restrictions (§8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimSlot {
    /// Logical id.
    pub id: String,
    /// Schedule id.
    pub schedule_id: String,
    /// Start, UK local.
    pub start: DateTime<FixedOffset>,
    /// End, UK local.
    pub end: DateTime<FixedOffset>,
    /// Practice-defined slot type.
    pub slot_type: String,
    /// Delivery channel.
    pub channel: DeliveryChannel,
    /// Taken by an appointment.
    pub busy: bool,
    /// Bookable only by these organisation types (empty: any).
    pub restrict_types: Vec<OrganisationType>,
    /// Bookable only by these ODS codes (empty: any).
    pub restrict_ods: Vec<String>,
    /// `meta.versionId`.
    pub version: String,
}

/// The `searchFilter`s a consumer sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Organisation type sent, if any.
    pub org_type: Option<String>,
    /// ODS code sent, if any.
    pub ods_code: Option<String>,
}

impl SimSlot {
    /// The matching table of §8: may a consumer that sent `filters` see this slot?
    pub fn visible_to(&self, filters: &Filters) -> bool {
        let type_ok = self.restrict_types.is_empty()
            || filters
                .org_type
                .as_deref()
                .is_some_and(|t| self.restrict_types.iter().any(|r| r.code() == t));
        let ods_ok = self.restrict_ods.is_empty()
            || filters
                .ods_code
                .as_deref()
                .is_some_and(|o| self.restrict_ods.iter().any(|r| r.eq_ignore_ascii_case(o)));
        match (&filters.org_type, &filters.ods_code) {
            (None, None) => self.restrict_types.is_empty() && self.restrict_ods.is_empty(),
            (Some(_), None) => self.restrict_ods.is_empty() && type_ok,
            (None, Some(_)) => self.restrict_types.is_empty() && ods_ok,
            (Some(_), Some(_)) => type_ok && ods_ok,
        }
    }

    /// The Slot resource (GPConnect-Slot-1).
    pub fn resource(&self) -> Slot {
        Slot {
            id: Some(self.id.clone()),
            meta: Some(versioned(PROFILE_SLOT, &self.version)),
            extension: vec![Extension::code(EXT_DELIVERY_CHANNEL, self.channel.as_str())],
            service_type: vec![CodeableConcept {
                coding: Vec::new(),
                text: Some(self.slot_type.clone()),
            }],
            schedule: Some(Reference::to(format!("Schedule/{}", self.schedule_id))),
            status: Some(if self.busy {
                SlotStatus::Busy
            } else {
                SlotStatus::Free
            }),
            start: Some(provider_time(&self.start)),
            end: Some(provider_time(&self.end)),
        }
    }
}

/// A patient record at one practice.
#[derive(Debug, Clone, PartialEq)]
pub struct SimPatient {
    /// Logical id.
    pub id: String,
    /// NHS number.
    pub nhs_number: String,
    /// The record as served (id and meta filled in).
    pub resource: Patient,
    /// Active: not left, not deceased (find returns only active patients, §3.3).
    pub active: bool,
    /// S-flag: treated as not found (§3.3).
    pub sensitive: bool,
}

/// An appointment held by a practice.
#[derive(Debug, Clone, PartialEq)]
pub struct SimAppointment {
    /// Logical id.
    pub id: String,
    /// Current version.
    pub version: String,
    /// The resource as served (meta.versionId = `version`).
    pub resource: Value,
    /// The patient.
    pub patient_id: String,
    /// The slots it holds.
    pub slot_ids: Vec<String>,
    /// Start.
    pub start: DateTime<FixedOffset>,
    /// Cancelled.
    pub cancelled: bool,
}

/// Everything one simulated practice holds.
#[derive(Debug, Clone)]
pub struct PracticeData {
    /// ODS code, name, root, ASID.
    pub practice: Practice,
    /// The practice's own Organization.
    pub organization: Organization,
    /// Locations by id (the main surgery and any branch).
    pub locations: BTreeMap<String, Location>,
    /// Practitioners by id.
    pub practitioners: BTreeMap<String, Practitioner>,
    /// Schedules by id.
    pub schedules: BTreeMap<String, SimSchedule>,
    /// Slots in start order.
    pub slots: Vec<SimSlot>,
    /// Patients by id.
    pub patients: BTreeMap<String, SimPatient>,
    /// Appointments by id.
    pub appointments: BTreeMap<String, SimAppointment>,
    /// Booking window.
    pub window: BookingWindow,
    /// Next patient id.
    pub next_patient: u64,
    /// Next appointment id.
    pub next_appointment: u64,
}

impl PracticeData {
    /// The index of slot `id`.
    pub fn slot_index(&self, id: &str) -> Option<usize> {
        self.slots.iter().position(|s| s.id == id)
    }

    /// The active, non-sensitive patient with `nhs_number`.
    pub fn find_active(&self, nhs_number: &str) -> Option<&SimPatient> {
        self.patients
            .values()
            .find(|p| p.nhs_number == nhs_number && p.active && !p.sensitive)
    }
}

/// Meta with a profile and version.
pub fn versioned(profile: &str, version: &str) -> Meta {
    Meta {
        version_id: Some(version.to_owned()),
        last_updated: None,
        profile: vec![profile.to_owned()],
    }
}

/// `yyyy-mm-ddThh:mm:ss+hh:mm`, never `Z`.
pub fn provider_time(dt: &DateTime<FixedOffset>) -> String {
    dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(types: &[OrganisationType], ods: &[&str]) -> SimSlot {
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-23T09:00:00+00:00").unwrap();
        SimSlot {
            id: "1".into(),
            schedule_id: "1".into(),
            start: t,
            end: t,
            slot_type: "x".into(),
            channel: DeliveryChannel::InPerson,
            busy: false,
            restrict_types: types.to_vec(),
            restrict_ods: ods.iter().map(|s| (*s).to_owned()).collect(),
            version: "1".into(),
        }
    }

    fn filters(t: Option<&str>, o: Option<&str>) -> Filters {
        Filters {
            org_type: t.map(str::to_owned),
            ods_code: o.map(str::to_owned),
        }
    }

    #[test]
    fn matching_table_of_section_8() {
        use OrganisationType::*;
        let open = slot(&[], &[]);
        let urgent = slot(&[UrgentCare], &[]);
        let ods = slot(&[], &["A20047"]);
        let both = slot(&[UrgentCare], &["A20047"]);
        // nothing sent: only unrestricted slots
        assert!(open.visible_to(&filters(None, None)));
        assert!(!urgent.visible_to(&filters(None, None)));
        assert!(!ods.visible_to(&filters(None, None)));
        // type only
        assert!(open.visible_to(&filters(Some("urgent-care"), None)));
        assert!(urgent.visible_to(&filters(Some("urgent-care"), None)));
        assert!(!urgent.visible_to(&filters(Some("gp-practice"), None)));
        assert!(!ods.visible_to(&filters(Some("urgent-care"), None)));
        // ODS only
        assert!(ods.visible_to(&filters(None, Some("A20047"))));
        assert!(!ods.visible_to(&filters(None, Some("B00001"))));
        assert!(!urgent.visible_to(&filters(None, Some("A20047"))));
        // both
        assert!(both.visible_to(&filters(Some("urgent-care"), Some("A20047"))));
        assert!(!both.visible_to(&filters(Some("gp-practice"), Some("A20047"))));
        assert!(!both.visible_to(&filters(Some("urgent-care"), Some("B00001"))));
        assert!(urgent.visible_to(&filters(Some("urgent-care"), Some("B00001"))));
        assert!(open.visible_to(&filters(Some("gp-practice"), Some("B00001"))));
    }
}
