//! `GET /Slot` (§3.2): the parameter rules as the assurance suite tests them, the §8
//! matching table, the booking window, and the includes.

use super::{Call, Reply};
use crate::model::{Filters, PracticeData};
use crate::outcome::{SimError, SimResult};
use crate::render::{self, Entry};
use crate::time::{
    MAX_SLOT_SEARCH_DAYS, parse_date, parse_with_offset, uk_midnight, wall_clock_span,
};
use crate::vocabulary::{
    CODESYSTEM_ORGANISATION_TYPE, SYSTEM_DOS_SERVICE, SYSTEM_ODS_ORGANISATION,
};
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
    let service = service_filter(practice, call)?;
    let slots: Vec<_> = practice
        .slots
        .iter()
        .filter(|s| !s.busy && s.start >= from && s.end <= until)
        .filter(|s| practice.window.allows(s.start, call.now))
        .filter(|s| s.visible_to(&filters))
        .filter(|s| match &service {
            Some(ServiceFilter::Only(id)) => practice
                .schedules
                .get(&s.schedule_id)
                .is_some_and(|schedule| schedule.service_id.as_deref() == Some(id.as_str())),
            _ => true,
        })
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
    if recurse.contains(&"Schedule:actor:HealthcareService") {
        let mut ids: Vec<&str> = schedules
            .iter()
            .filter_map(|s| s.service_id.as_deref())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        resources.extend(
            ids.iter()
                .filter_map(|id| practice.services.get(*id))
                .map(|h| Entry::Json(render::healthcare_service(h, version))),
        );
    }
    // Known issue (§3.2): the Organization is returned whenever any slot is.
    if !slots.is_empty() {
        resources.push(Entry::Json(render::organization(&practice.organization)));
    }
    let status = service
        .as_ref()
        .map(|_| practice.service_filtering.as_str());
    Ok(Reply::serialized(render::searchset_bytes_with(
        &resources, status,
    )))
}

/// What a `service.identifier` asks for (1.2.8).
enum ServiceFilter {
    /// Filtering is switched off here: every slot, with the status saying so.
    Off,
    /// Only the slots of this HealthcareService.
    Only(String),
}

/// Reads `service.identifier` (1.2.8 service filtering): `None` when not sent. With
/// filtering enabled, the DoS id must be one of the practice's services.
///
/// Errors: 422 INVALID_PARAMETER for a value that is not `{DoS system}|{id}` or is sent
/// twice; 404 NO_RECORD_FOUND when filtering is enabled and no service has that DoS id.
fn service_filter(practice: &PracticeData, call: &Call<'_>) -> SimResult<Option<ServiceFilter>> {
    let value = match call.values("service.identifier").as_slice() {
        [] => return Ok(None),
        [one] => *one,
        _ => {
            return Err(SimError::invalid_parameter(
                "service.identifier must be given once",
            ));
        }
    };
    let Some((SYSTEM_DOS_SERVICE, id)) = value.split_once('|') else {
        return Err(SimError::invalid_parameter(format!(
            "service.identifier must be {SYSTEM_DOS_SERVICE}|<DoS id>: {value}"
        )));
    };
    if practice.service_filtering != "enabled" {
        return Ok(Some(ServiceFilter::Off));
    }
    practice
        .services
        .values()
        .find(|h| h.dos_ids.iter().any(|d| d == id))
        .map(|h| Some(ServiceFilter::Only(h.id.clone())))
        .ok_or_else(|| {
            SimError::not_found(
                "NO_RECORD_FOUND",
                format!("DoS service {id} is not in this practice's service list"),
            )
        })
}
