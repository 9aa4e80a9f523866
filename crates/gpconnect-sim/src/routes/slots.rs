//! `GET /Slot` (§3.2): the parameter rules as the assurance suite tests them, the §8
//! matching table, the booking window, and the includes.

use super::{Call, Reply};
use crate::model::{Filters, PracticeData};
use crate::outcome::{SimError, SimResult};
use crate::render::{self, Entry};
use crate::time::{
    MAX_SLOT_SEARCH_DAYS, parse_date, parse_with_offset, uk_midnight, wall_clock_span,
};
use crate::vocabulary::{CODESYSTEM_ORGANISATION_TYPE, SYSTEM_ODS_ORGANISATION};
use chrono::{DateTime, Days, FixedOffset, NaiveDate};

/// A `start`/`end` value: a UK date, or a date-time with an explicit offset (§2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Date(NaiveDate),
    DateTime(DateTime<FixedOffset>),
}

impl Bound {
    /// `yyyy-mm-dd` or `yyyy-mm-ddThh:mm:ss±hh:mm`; `Z`, no offset and partial dates are
    /// refused.
    fn parse(text: &str) -> Option<Self> {
        parse_date(text)
            .map(Self::Date)
            .or_else(|| parse_with_offset(text).map(Self::DateTime))
    }

    /// The instant the bound names: a date is its UK midnight.
    fn instant(self) -> DateTime<FixedOffset> {
        match self {
            Self::Date(d) => uk_midnight(d),
            Self::DateTime(dt) => dt,
        }
    }

    /// The end of the searched period: an end date includes its whole day.
    fn inclusive_end(self) -> DateTime<FixedOffset> {
        match self {
            Self::Date(d) => uk_midnight(d.checked_add_days(Days::new(1)).unwrap_or(d)),
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

/// Searches free slots, and remembers which organisation type filter the requesting
/// organisation sent (a booking must repeat it, §3.5).
///
/// Errors: 400 BAD_REQUEST for a missing `start`, `end` or `status`; 422 INVALID_PARAMETER
/// for a bad prefix, date format, `status` other than `free`, missing `_include`, `end`
/// before `start` or a period longer than 14 days of UK wall-clock time.
pub fn search(practice: &mut PracticeData, call: &Call<'_>) -> SimResult<Reply> {
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
    if wall_clock_span(from, to) > chrono::Duration::days(MAX_SLOT_SEARCH_DAYS) {
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
    practice
        .searched_types
        .entry(call.requester.org_ods.to_ascii_uppercase())
        .or_default()
        .insert(filters.org_type.clone());

    let recurse = call.values("_include:recurse");
    let slots: Vec<_> = practice
        .slots
        .iter()
        .filter(|s| !s.busy && s.start >= from && s.end <= until)
        .filter(|s| practice.window.allows(s.start, call.now))
        .filter(|s| s.visible_to(&filters))
        .collect();
    let mut resources: Vec<Entry<'_>> = slots.iter().map(|s| Entry::Slot(s)).collect();
    let mut schedule_ids: Vec<&str> = slots.iter().map(|s| s.schedule_id.as_str()).collect();
    schedule_ids.sort_unstable();
    schedule_ids.dedup();
    let schedules: Vec<_> = schedule_ids
        .iter()
        .filter_map(|id| practice.schedules.get(*id))
        .collect();
    let version = &practice.organization.version;
    resources.extend(
        schedules
            .iter()
            .map(|s| Entry::Json(render::schedule(s, version))),
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
                .map(|p| Entry::Json(render::practitioner(p))),
        );
    }
    if recurse.contains(&"Schedule:actor:Location") {
        let mut ids: Vec<&str> = schedules.iter().map(|s| s.location_id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        resources.extend(
            ids.iter()
                .filter_map(|id| practice.locations.get(*id))
                .map(|l| Entry::Json(render::location(l))),
        );
    }
    // Known issue (§3.2): the Organization is returned whenever any slot is.
    if !slots.is_empty() {
        resources.push(Entry::Json(render::organization(&practice.organization)));
    }
    Ok(Reply::serialized(render::searchset_bytes(&resources)))
}
