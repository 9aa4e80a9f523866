//! `GET /Slot` (§3.2): parameter rules as the assurance suite tests them, the §8 matching
//! table, the booking window, and the includes.

use chrono::{DateTime, Days, FixedOffset, NaiveDate};
use gpconnect::fhir::Resource;
use gpconnect::fhir::urls::{CODESYSTEM_ORGANISATION_TYPE, SYSTEM_ODS_ORGANISATION};
use gpconnect::time::{MAX_SLOT_SEARCH_DAYS, uk_start_of_day};

use super::{Call, Reply};
use crate::model::{Filters, PracticeData};
use crate::outcome::{SimError, SimResult};

/// A `start`/`end` value: a date, or a date-time with an explicit offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Date(NaiveDate),
    DateTime(DateTime<FixedOffset>),
}

impl Bound {
    /// Parses `yyyy-mm-dd` or `yyyy-mm-ddThh:mm:ss±hh:mm`. `Z`, no offset and partial dates
    /// are refused (§2.4).
    fn parse(text: &str) -> Option<Self> {
        if text.len() == 10 {
            return NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .map(Self::Date);
        }
        if text.ends_with('Z') || text.ends_with('z') {
            return None;
        }
        DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%:z")
            .ok()
            .map(Self::DateTime)
    }

    fn instant(self) -> DateTime<FixedOffset> {
        match self {
            Self::Date(d) => uk_start_of_day(d),
            Self::DateTime(dt) => dt,
        }
    }

    /// The end of the range: a date includes the whole day.
    fn inclusive_end(self) -> DateTime<FixedOffset> {
        match self {
            Self::Date(d) => uk_start_of_day(d.checked_add_days(Days::new(1)).unwrap_or(d)),
            Self::DateTime(dt) => dt,
        }
    }
}

fn one(call: &Call<'_>, name: &str, prefix: &str) -> SimResult<Bound> {
    let values = call.values(name);
    let value = match values.as_slice() {
        [] => return Err(SimError::bad_request(format!("{name} is required"))),
        [value] => *value,
        _ => {
            return Err(SimError::invalid_parameter(format!(
                "{name} must be given exactly once"
            )));
        }
    };
    let text = value.strip_prefix(prefix).ok_or_else(|| {
        SimError::invalid_parameter(format!("{name} must use the {prefix} prefix: {value}"))
    })?;
    Bound::parse(text).ok_or_else(|| {
        SimError::invalid_parameter(format!(
            "{name} must be yyyy-mm-dd or yyyy-mm-ddThh:mm:ss+hh:mm (no Z): {value}"
        ))
    })
}

/// Searches free slots.
///
/// Errors: 400 BAD_REQUEST for a missing `start`, `end` or `status`; 422 INVALID_PARAMETER
/// for a bad prefix, date format, `status` other than `free`, missing `_include`,
/// `end` before `start` or a range longer than 14 days.
pub fn search(practice: &PracticeData, call: &Call<'_>) -> SimResult<Reply> {
    let start = one(call, "start", "ge")?;
    let end = one(call, "end", "le")?;
    match call.values("status").as_slice() {
        [] => return Err(SimError::bad_request("status is required")),
        ["free"] => {}
        other => {
            return Err(SimError::invalid_parameter(format!(
                "status must be free, got {other:?}"
            )));
        }
    }
    if !call.values("_include").contains(&"Slot:schedule") {
        return Err(SimError::invalid_parameter(
            "_include=Slot:schedule is required",
        ));
    }
    let (from, to) = (start.instant(), end.instant());
    if to < from {
        return Err(SimError::invalid_parameter("end is before start"));
    }
    if to - from > chrono::Duration::days(i64::from(MAX_SLOT_SEARCH_DAYS)) {
        return Err(SimError::invalid_parameter(
            "the search period must not be longer than 14 days",
        ));
    }
    let until = end.inclusive_end();
    let mut filters = Filters::default();
    for filter in call.values("searchFilter") {
        match filter.split_once('|') {
            Some((CODESYSTEM_ORGANISATION_TYPE, code)) => filters.org_type = Some(code.to_owned()),
            Some((SYSTEM_ODS_ORGANISATION, code)) => filters.ods_code = Some(code.to_owned()),
            // Unknown systems are ignored without error (§3.2).
            _ => {}
        }
    }
    let recurse = call.values("_include:recurse");
    let slots: Vec<_> = practice
        .slots
        .iter()
        .filter(|s| !s.busy && s.start >= from && s.end <= until)
        .filter(|s| practice.window.allows(s.start, call.now))
        .filter(|s| s.visible_to(&filters))
        .collect();

    let mut resources: Vec<Resource> = slots.iter().map(|s| Resource::Slot(s.resource())).collect();
    let mut schedule_ids: Vec<&str> = slots.iter().map(|s| s.schedule_id.as_str()).collect();
    schedule_ids.sort_unstable();
    schedule_ids.dedup();
    let schedules: Vec<_> = schedule_ids
        .iter()
        .filter_map(|id| practice.schedules.get(*id))
        .collect();
    let version = practice
        .organization
        .meta
        .as_ref()
        .and_then(|m| m.version_id.clone())
        .unwrap_or_default();
    resources.extend(
        schedules
            .iter()
            .map(|s| Resource::Schedule(s.resource(&version))),
    );
    if recurse.contains(&"Schedule:actor:Practitioner") {
        let mut ids: Vec<&str> = schedules
            .iter()
            .filter_map(|s| s.practitioner_id.as_deref())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        resources.extend(
            ids.iter()
                .filter_map(|id| practice.practitioners.get(*id))
                .map(|p| Resource::Practitioner(p.clone())),
        );
    }
    if recurse.contains(&"Schedule:actor:Location") {
        let mut ids: Vec<&str> = schedules.iter().map(|s| s.location_id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        resources.extend(
            ids.iter()
                .filter_map(|id| practice.locations.get(*id))
                .map(|l| Resource::Location(l.clone())),
        );
    }
    // Known issue (§3.2): the Organization is returned whenever any slot is.
    if !slots.is_empty() {
        resources.push(Resource::Organization(practice.organization.clone()));
    }
    // Written in one pass, straight from the typed resources.
    let bundle = Searchset {
        resource_type: "Bundle",
        type_: "searchset",
        entry: resources
            .iter()
            .map(|resource| Entry { resource })
            .collect(),
    };
    let body = serde_json::to_vec(&bundle).map_err(|e| SimError::internal(e.to_string()))?;
    Ok(Reply::serialized(body))
}

/// A searchset Bundle borrowing its resources, for one-pass serialisation.
#[derive(serde::Serialize)]
struct Searchset<'a> {
    #[serde(rename = "resourceType")]
    resource_type: &'static str,
    #[serde(rename = "type")]
    type_: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    entry: Vec<Entry<'a>>,
}

#[derive(serde::Serialize)]
struct Entry<'a> {
    resource: &'a Resource,
}
