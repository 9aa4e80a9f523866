//! What a simulated practice holds, in the simulator's own types: its organisation,
//! locations, practitioners, schedules, slots, patients and appointments. [`crate::render`]
//! turns each into the FHIR JSON a provider serves.
//!
//! One [`PracticeData`] per practice, behind its own mutex: a booking checks and takes its
//! slots in one critical section, so two bookings of one slot can never both succeed.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde_json::Value;

use crate::practice::Practice;

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

/// A slot's delivery channel (§3.2, `GPConnect-DeliveryChannel-1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryChannel {
    /// `In-person`.
    InPerson,
    /// `Telephone`.
    Telephone,
    /// `Video`.
    Video,
}

impl DeliveryChannel {
    /// The code, e.g. `In-person`.
    pub fn code(self) -> &'static str {
        match self {
            Self::InPerson => "In-person",
            Self::Telephone => "Telephone",
            Self::Video => "Video",
        }
    }
}

/// A practitioner role: SDS job role code and display, e.g. `R0260` "General Medical
/// Practitioner" (§7.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// Code.
    pub code: String,
    /// Display.
    pub display: String,
}

/// A postal address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    /// `home`, `work` or `temp`.
    pub use_: String,
    /// Lines.
    pub lines: Vec<String>,
    /// City.
    pub city: Option<String>,
    /// District.
    pub district: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Country.
    pub country: Option<String>,
}

/// A telephone number or email address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Telecom {
    /// `phone` or `email`.
    pub system: String,
    /// The number or address.
    pub value: String,
    /// `home`, `work`, `mobile` or `temp`, when given.
    pub use_: Option<String>,
}

/// The practice's own Organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimOrganization {
    /// Logical id.
    pub id: String,
    /// ODS code.
    pub ods_code: String,
    /// Name.
    pub name: String,
    /// Telephone.
    pub telephone: String,
    /// The main surgery's address.
    pub address: Option<Address>,
    /// `meta.versionId`.
    pub version: String,
}

/// A surgery (the main one or a branch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimLocation {
    /// Logical id.
    pub id: String,
    /// Name.
    pub name: Option<String>,
    /// Address.
    pub address: Address,
    /// Telephone.
    pub telephone: String,
    /// The managing Organization's id.
    pub organization_id: String,
    /// `meta.versionId`.
    pub version: String,
}

/// A clinician.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimPractitioner {
    /// Logical id.
    pub id: String,
    /// SDS user id.
    pub sds_user_id: Option<String>,
    /// Family name.
    pub family: Option<String>,
    /// Given names.
    pub given: Vec<String>,
    /// Titles.
    pub prefix: Vec<String>,
    /// `male`, `female`, `other` or `unknown`.
    pub gender: Option<String>,
    /// `meta.versionId`.
    pub version: String,
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
    /// Planning horizon, UK local.
    pub horizon: (DateTime<FixedOffset>, DateTime<FixedOffset>),
    /// The healthcare service it belongs to (1.2.8), by id.
    pub service_id: Option<String>,
}

/// A healthcare service (GP Connect 1.2.8): slots of its schedules are what a search with
/// one of its DoS ids returns when service filtering is enabled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimService {
    /// Logical id.
    pub id: String,
    /// Name.
    pub name: String,
    /// DoS service ids.
    pub dos_ids: Vec<String>,
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
    /// Practice-defined slot type (`serviceType.text`).
    pub slot_type: String,
    /// Delivery channel.
    pub channel: DeliveryChannel,
    /// Taken by an appointment.
    pub busy: bool,
    /// Bookable only by these organisation type codes (empty: any).
    pub restrict_types: Vec<String>,
    /// Bookable only by these ODS codes (empty: any).
    pub restrict_ods: Vec<String>,
    /// `meta.versionId`.
    pub version: String,
}

/// The `searchFilter`s a consumer sent (§3.2, §8).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Organisation type code sent, if any.
    pub org_type: Option<String>,
    /// ODS code sent, if any.
    pub ods_code: Option<String>,
}

impl SimSlot {
    /// The matching table of §8: may a consumer that sent `filters` see (and book) this slot?
    pub fn visible_to(&self, filters: &Filters) -> bool {
        let type_ok = self.restrict_types.is_empty()
            || filters
                .org_type
                .as_deref()
                .is_some_and(|t| self.restrict_types.iter().any(|r| r == t));
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
}

/// A patient record at one practice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimPatient {
    /// Logical id.
    pub id: String,
    /// NHS number, 10 digits.
    pub nhs_number: String,
    /// Family name.
    pub family: String,
    /// Given names.
    pub given: Vec<String>,
    /// Titles.
    pub prefix: Vec<String>,
    /// `male`, `female`, `other` or `unknown`.
    pub gender: Option<String>,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Home and temporary addresses.
    pub addresses: Vec<Address>,
    /// Telephones and email.
    pub telecom: Vec<Telecom>,
    /// Registration type code: `R` regular, `T` temporary (§3.4, §7.2).
    pub registration_type: String,
    /// Registration start.
    pub registered: DateTime<Utc>,
    /// Preferred branch surgery (a Location id).
    pub preferred_branch: Option<String>,
    /// The practice Organization's id.
    pub organization_id: String,
    /// `meta.versionId`.
    pub version: String,
    /// Active: not left, not deceased (find returns only active patients, §3.3).
    pub active: bool,
    /// S-flag: treated as not found (§3.3).
    pub sensitive: bool,
    /// The language code and display, and whether an interpreter is needed
    /// (`nhsCommunication`), when held.
    pub communication: Option<Communication>,
}

/// A patient's `nhsCommunication`: language and interpreter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Communication {
    /// Language code, e.g. `bn`.
    pub code: String,
    /// Display, e.g. "Bengali".
    pub display: Option<String>,
    /// Interpreter required.
    pub interpreter_required: bool,
}

/// An appointment held by a practice: the resource as served, and what the rules need.
#[derive(Debug, Clone, PartialEq)]
pub struct SimAppointment {
    /// Logical id.
    pub id: String,
    /// Current version.
    pub version: String,
    /// The Appointment as served (`meta.versionId` = `version`).
    pub resource: Value,
    /// The patient's id.
    pub patient_id: String,
    /// The slots it holds.
    pub slot_ids: Vec<String>,
    /// Start, UK local.
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
    pub organization: SimOrganization,
    /// Locations by id (the main surgery and any branch).
    pub locations: BTreeMap<String, SimLocation>,
    /// Practitioners by id.
    pub practitioners: BTreeMap<String, SimPractitioner>,
    /// Schedules by id.
    pub schedules: BTreeMap<String, SimSchedule>,
    /// Healthcare services by id (1.2.8).
    pub services: BTreeMap<String, SimService>,
    /// Service filtering as the switches set it: `enabled`, `supplier-disabled` or
    /// `organization-disabled` (1.2.8).
    pub service_filtering: String,
    /// Slots in start order.
    pub slots: Vec<SimSlot>,
    /// Patients by id.
    pub patients: BTreeMap<String, SimPatient>,
    /// Appointments by id.
    pub appointments: BTreeMap<String, SimAppointment>,
    /// Booking window.
    pub window: BookingWindow,
    /// For each requesting organisation (ODS code, upper case), the organisation type
    /// `searchFilter`s it has sent in slot searches here (`None`: a search without one). A
    /// booking's organisation `type` must repeat one of them (§3.5, §8).
    pub searched_types: BTreeMap<String, BTreeSet<Option<String>>>,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(types: &[&str], ods: &[&str]) -> SimSlot {
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-23T09:00:00+00:00").unwrap();
        SimSlot {
            id: "1".into(),
            schedule_id: "1".into(),
            start: t,
            end: t,
            slot_type: "x".into(),
            channel: DeliveryChannel::InPerson,
            busy: false,
            restrict_types: types.iter().map(|s| (*s).to_owned()).collect(),
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
        let open = slot(&[], &[]);
        let urgent = slot(&["urgent-care"], &[]);
        let ods = slot(&[], &["A20047"]);
        let both = slot(&["urgent-care"], &["A20047"]);
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
