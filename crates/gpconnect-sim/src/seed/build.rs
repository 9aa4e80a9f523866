//! Building one practice's data from its [`PracticeSeed`] as of "now": the organisation,
//! surgeries and practitioners from the demonstrator's SQL, schedules, slots generated from
//! `slots.txt` for every weekday ahead in UK local time, and the patients PDS registers there.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Timelike, Utc, Weekday};

use super::{DEMONSTRATOR_ORG_7, PracticeSeed, ScheduleSeed, provider_root};
use crate::fixtures::{self, PdsRecord, Row, SlotTemplate};
use crate::model::{
    Address, DeliveryChannel, PracticeData, Role, SimLocation, SimOrganization, SimPatient,
    SimPractitioner, SimSchedule, SimService, SimSlot,
};
use crate::practice::Practice;
use crate::time::{format_local, uk_date, uk_local, uk_midnight};
use crate::vocabulary::ORGANISATION_TYPES;

/// `MRS` → `Mrs`, `GENERAL GP` → `General Gp`.
pub(crate) fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = true;
    for c in text.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}

fn find<'a>(rows: &'a [Row], id: &str) -> Option<&'a Row> {
    rows.iter()
        .find(|r| r.get("id").map(String::as_str) == Some(id))
}

fn text(row: &Row, key: &str) -> Option<String> {
    row.get(key)
        .filter(|v| !v.is_empty() && *v != "NULL")
        .cloned()
}

/// Checks the identity a seed gives its practice: an ODS code of 3 to 10 upper-case letters
/// and digits, and a 12-digit ASID.
fn practice_of(seed: &PracticeSeed) -> Result<Practice, String> {
    let ods_ok = (3..=10).contains(&seed.ods_code.len())
        && seed
            .ods_code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !ods_ok {
        return Err(format!("{}: not an ODS code", seed.ods_code));
    }
    if seed.asid.len() != 12 || !seed.asid.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{}: an ASID is 12 digits", seed.asid));
    }
    Ok(Practice {
        ods_code: seed.ods_code.clone(),
        name: seed.name.clone(),
        provider_root: provider_root(&seed.ods_code),
        asid: seed.asid.clone(),
    })
}

/// Builds a practice's data as of `now`, every resource at `version`.
///
/// Errors: a message when the seed's ODS code or ASID is malformed.
pub fn build_practice(
    seed: &PracticeSeed,
    weeks_ahead: u32,
    pds: &[PdsRecord],
    now: DateTime<Utc>,
    version: &str,
) -> Result<PracticeData, String> {
    let practice = practice_of(seed)?;
    let locations_sql = fixtures::sql_rows(fixtures::APPOINTMENT_SQL, "locations");
    let addresses_sql = fixtures::sql_rows(fixtures::APPOINTMENT_SQL, "addresses");
    let schedules_sql = fixtures::sql_rows(fixtures::APPOINTMENT_SQL, "appointment_schedules");
    let practitioners_sql = fixtures::sql_rows(fixtures::PRACTITIONER_SQL, "practitioners");
    let templates = fixtures::slot_templates();
    let today = uk_date(now);
    let org_id = "1";

    let address_of = |location: &Row| {
        let address = location
            .get("address_id")
            .and_then(|id| find(&addresses_sql, id));
        Address {
            use_: "work".to_owned(),
            lines: address.and_then(|a| text(a, "line")).into_iter().collect(),
            city: address.and_then(|a| text(a, "city")),
            district: address.and_then(|a| text(a, "district")),
            postcode: address.and_then(|a| text(a, "postalCode")),
            country: address.and_then(|a| text(a, "country")),
        }
    };

    let mut locations = BTreeMap::new();
    for id in &seed.locations {
        let Some(row) = find(&locations_sql, id) else {
            continue;
        };
        locations.insert(
            id.to_owned(),
            SimLocation {
                id: id.to_owned(),
                name: text(row, "name"),
                address: address_of(row),
                telephone: seed.telephone.clone(),
                organization_id: org_id.to_owned(),
                version: version.to_owned(),
            },
        );
    }
    let organization = SimOrganization {
        id: org_id.to_owned(),
        ods_code: seed.ods_code.clone(),
        name: seed.name.clone(),
        telephone: seed.telephone.clone(),
        address: seed
            .locations
            .first()
            .and_then(|id| find(&locations_sql, id))
            .map(address_of),
        version: version.to_owned(),
    };

    let mut practitioners = BTreeMap::new();
    let mut schedules = BTreeMap::new();
    let horizon_end = today
        .checked_add_days(Days::new(u64::from(weeks_ahead) * 7 + 7))
        .unwrap_or(today);
    let horizon = (uk_midnight(today), uk_midnight(horizon_end));
    for s in &seed.schedules {
        let role = match &s.role {
            Some((code, display)) => Some(Role {
                code: code.to_owned(),
                display: display.to_owned(),
            }),
            None => find(&schedules_sql, &s.id)
                .or_else(|| find(&schedules_sql, &s.template_schedule))
                .and_then(|row| {
                    Some(Role {
                        code: text(row, "practitionerRoleCode")?,
                        display: text(row, "practitionerRoleDisplay")?,
                    })
                }),
        };
        if let Some(pid) = &s.practitioner_id
            && let Some(row) = find(&practitioners_sql, pid)
        {
            practitioners.insert(
                pid.to_owned(),
                SimPractitioner {
                    id: pid.to_owned(),
                    sds_user_id: text(row, "userid"),
                    family: text(row, "p_name_family"),
                    given: text(row, "p_name_given").into_iter().collect(),
                    prefix: text(row, "p_name_prefix").into_iter().collect(),
                    gender: text(row, "p_gender").map(|g| g.to_ascii_lowercase()),
                    version: version.to_owned(),
                },
            );
        }
        schedules.insert(
            s.id.to_owned(),
            SimSchedule {
                id: s.id.to_owned(),
                location_id: s.location_id.to_owned(),
                practitioner_id: s.practitioner_id.clone(),
                role,
                category: s.category.to_owned(),
                horizon,
                service_id: s.service.as_ref().map(|service| service.id.clone()),
            },
        );
    }
    let services = seed
        .schedules
        .iter()
        .filter_map(|s| s.service.as_ref())
        .map(|service| {
            (
                service.id.clone(),
                SimService {
                    id: service.id.clone(),
                    name: service.name.clone(),
                    dos_ids: service.dos_ids.clone(),
                },
            )
        })
        .collect();

    let slots = generate_slots(seed, &templates, today, weeks_ahead, version);
    let patients = seed_patients(seed, pds, org_id, version);
    let next_patient = patients.len() as u64 + 1;
    Ok(PracticeData {
        practice,
        organization,
        locations,
        practitioners,
        schedules,
        services,
        service_filtering: seed.service_filtering.to_owned(),
        slots,
        patients,
        appointments: BTreeMap::new(),
        window: seed.window,
        searched_types: BTreeMap::new(),
        next_patient,
        next_appointment: 1,
    })
}

/// Slots for every weekday from today for `weeks_ahead` weeks. Working day n uses template
/// day (n mod 6) + 1 of `slots.txt`, so the demonstrator's week repeats.
fn generate_slots(
    seed: &PracticeSeed,
    templates: &[SlotTemplate],
    today: NaiveDate,
    weeks_ahead: u32,
    version: &str,
) -> Vec<SimSlot> {
    let mut slots = Vec::new();
    let mut working_day = 0u32;
    let mut next_id = 1u64;
    for offset in 0..=(u64::from(weeks_ahead) * 7) {
        let Some(date) = today.checked_add_days(Days::new(offset)) else {
            break;
        };
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        let template_day = working_day % 6 + 1;
        working_day += 1;
        for schedule in &seed.schedules {
            if schedule.around_the_clock_minutes.is_some() {
                continue;
            }
            for t in templates.iter().filter(|t| {
                t.day == template_day
                    && t.schedule == schedule.template_schedule
                    && t.free
                    && t.bookable
            }) {
                let (Some(start), Some(end)) = (
                    uk_local(date, t.start.0, t.start.1),
                    uk_local(date, t.end.0, t.end.1),
                ) else {
                    continue;
                };
                let restrict_types = match &seed.only_org_type {
                    Some(only) => vec![only.clone()],
                    None => t
                        .restrict_org_type
                        .iter()
                        .filter(|code| ORGANISATION_TYPES.contains(&code.as_str()))
                        .cloned()
                        .collect(),
                };
                slots.push(SimSlot {
                    id: next_id.to_string(),
                    schedule_id: schedule.id.to_owned(),
                    start,
                    end,
                    slot_type: title_case(&t.slot_type),
                    channel: match t.channel {
                        'T' => DeliveryChannel::Telephone,
                        'V' => DeliveryChannel::Video,
                        _ => DeliveryChannel::InPerson,
                    },
                    busy: false,
                    restrict_types,
                    restrict_ods: t
                        .restrict_org_id
                        .as_deref()
                        .map(|id| {
                            if id == "7" {
                                DEMONSTRATOR_ORG_7.to_owned()
                            } else {
                                id.to_owned()
                            }
                        })
                        .into_iter()
                        .collect(),
                    version: version.to_owned(),
                });
                next_id += 1;
            }
        }
    }
    for schedule in &seed.schedules {
        if let Some(minutes) = schedule.around_the_clock_minutes {
            around_the_clock(
                seed,
                schedule,
                minutes,
                today,
                weeks_ahead,
                version,
                &mut next_id,
            )
            .for_each(|slot| slots.push(slot));
        }
    }
    slots.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then_with(|| a.schedule_id.cmp(&b.schedule_id))
    });
    slots
}

/// Back-to-back slots of `minutes` every day and night from today's UK midnight for
/// `weeks_ahead` weeks, counted in real time (so the clock changes neither drop nor double a
/// slot). In-person in even UK hours, by telephone in odd ones.
fn around_the_clock<'a>(
    seed: &'a PracticeSeed,
    schedule: &'a ScheduleSeed,
    minutes: u32,
    today: NaiveDate,
    weeks_ahead: u32,
    version: &'a str,
    next_id: &'a mut u64,
) -> impl Iterator<Item = SimSlot> + 'a {
    let from = uk_midnight(today).with_timezone(&Utc);
    let until = today
        .checked_add_days(Days::new(u64::from(weeks_ahead) * 7 + 1))
        .map_or(from, |d| uk_midnight(d).with_timezone(&Utc));
    let step = chrono::Duration::minutes(i64::from(minutes.max(5)));
    std::iter::successors(Some(from), move |t| Some(*t + step))
        .take_while(move |t| *t + step <= until)
        .map(move |t| {
            let start = t.with_timezone(&crate::time::UK).fixed_offset();
            let end = (t + step).with_timezone(&crate::time::UK).fixed_offset();
            let id = next_id.to_string();
            *next_id += 1;
            SimSlot {
                id,
                schedule_id: schedule.id.clone(),
                start,
                end,
                slot_type: "Urgent Care Appointment".to_owned(),
                channel: if start.hour() % 2 == 0 {
                    DeliveryChannel::InPerson
                } else {
                    DeliveryChannel::Telephone
                },
                busy: false,
                restrict_types: seed.only_org_type.iter().cloned().collect(),
                restrict_ods: Vec::new(),
                version: version.to_owned(),
            }
        })
}

/// A patient record at a practice, from PDS: official name (title as prefix), gender, date of
/// birth and home address as PDS holds them.
pub fn patient_from_pds(
    id: &str,
    record: &PdsRecord,
    organization_id: &str,
    registration_type: &str,
    registered: DateTime<Utc>,
    version: &str,
) -> SimPatient {
    SimPatient {
        id: id.to_owned(),
        nhs_number: record.nhs_number.clone(),
        family: record.family.clone(),
        given: vec![record.given.clone()],
        prefix: record.title.iter().map(|t| title_case(t)).collect(),
        gender: record.gender.clone(),
        birth_date: record.birth_date,
        addresses: if record.address.is_empty() {
            Vec::new()
        } else {
            vec![Address {
                use_: "home".to_owned(),
                lines: record.address.clone(),
                postcode: record.postcode.clone(),
                ..Address::default()
            }]
        },
        telecom: Vec::new(),
        registration_type: registration_type.to_owned(),
        registered,
        preferred_branch: None,
        organization_id: organization_id.to_owned(),
        version: version.to_owned(),
        active: record.death_date.is_none(),
        sensitive: record.sensitive,
        communication: None,
    }
}

fn seed_patients(
    seed: &PracticeSeed,
    pds: &[PdsRecord],
    org_id: &str,
    version: &str,
) -> BTreeMap<String, SimPatient> {
    let Some(code) = &seed.registers_pds_practice else {
        return BTreeMap::new();
    };
    let registered = Utc
        .with_ymd_and_hms(2015, 4, 1, 9, 0, 0)
        .single()
        .unwrap_or_default();
    pds.iter()
        .filter(|p| p.primary_care_code.as_deref() == Some(code.as_str()))
        .enumerate()
        .map(|(i, record)| {
            let id = (i + 1).to_string();
            let mut patient = patient_from_pds(&id, record, org_id, "R", registered, version);
            // Where a practice has a branch surgery, every other patient prefers the branch.
            patient.preferred_branch = seed.locations.get(i % seed.locations.len()).cloned();
            (id, patient)
        })
        .collect()
}

/// The schedule's planning horizon as a provider writes it (for tests).
pub fn horizon_text(schedule: &SimSchedule) -> (String, String) {
    (
        format_local(&schedule.horizon.0),
        format_local(&schedule.horizon.1),
    )
}

/// `true` when `dt` is on a UK working day (for tests).
#[cfg(test)]
fn weekday(dt: &DateTime<chrono::FixedOffset>) -> bool {
    !matches!(dt.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::pds_records;
    use crate::seed::SimConfig;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap()
    }

    #[test]
    fn demo_federation_from_the_reference_data() {
        let config = SimConfig::demo();
        let pds = pds_records();
        let practices: Vec<PracticeData> = config
            .practices
            .iter()
            .map(|s| build_practice(s, config.weeks_ahead, &pds, now(), "1").unwrap())
            .collect();
        assert_eq!(practices.len(), 4);
        let legg = &practices[0];
        assert_eq!(legg.locations.len(), 2, "main surgery and branch");
        assert_eq!(
            legg.locations["17"].name.as_deref(),
            Some("Dr Legg's Branch Surgery")
        );
        assert_eq!(legg.schedules["2"].role.as_ref().unwrap().code, "R1480");
        assert!(legg.patients.len() >= 5);
        let last = legg.slots.last().unwrap().start;
        assert!(
            last.with_timezone(&Utc)
                > now() + chrono::Duration::weeks(6) - chrono::Duration::days(3)
        );
        assert!(legg.slots.iter().all(|s| weekday(&s.start)));
        let hepworth = &practices[2];
        assert!(
            hepworth.schedules["90"].practitioner_id.is_none(),
            "clinic without practitioner"
        );
        let hub = &practices[3];
        assert!(hub.patients.is_empty());
        assert!(
            hub.slots
                .iter()
                .all(|s| s.restrict_types == ["urgent-care"])
        );
        assert!(legg.slots.iter().any(|s| !s.restrict_ods.is_empty()));
        let (start, _) = horizon_text(&legg.schedules["1"]);
        assert_eq!(start, "2026-11-21T00:00:00+00:00");
    }

    #[test]
    fn slots_are_uk_local_across_the_october_change() {
        let config = SimConfig::demo();
        let before = Utc.with_ymd_and_hms(2026, 10, 19, 8, 0, 0).unwrap();
        let data = build_practice(&config.practices[0], 2, &[], before, "1").unwrap();
        let offsets: std::collections::BTreeSet<i32> = data
            .slots
            .iter()
            .map(|s| s.start.offset().local_minus_utc())
            .collect();
        assert_eq!(offsets, [0, 3600].into_iter().collect(), "BST then GMT");
        assert!(
            data.slots
                .iter()
                .all(|s| s.start.format("%H").to_string().as_str() >= "09")
        );
    }
}
