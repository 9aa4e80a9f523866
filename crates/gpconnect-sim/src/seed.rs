//! Seed data, generated relative to today in Europe/London from the NHS reference provider's
//! own demo data: the demonstrator's schedules, practitioners, roles, locations and addresses,
//! its slot template, and the assurance suite's PDS patients.
//!
//! The demo federation has four practices: Dr Legg's Surgery (with a branch surgery), the
//! GP Connect Demonstrator practice, The Hepworth Surgery (with a phlebotomy clinic schedule
//! that has no practitioner) and an extended-access hub whose slots only urgent-care
//! organisations may book.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, TimeZone, Utc, Weekday};
use gpconnect::config::{
    BookingOrganisation, ConsumerIdentity, ConsumerSystem, OrganisationType, Practice, UserIdentity,
};
use gpconnect::fhir::urls::{
    CODESYSTEM_REGISTRATION_TYPE, EXT_NHS_NUMBER_VERIFICATION, EXT_REGISTRATION_DETAILS,
    PROFILE_LOCATION, PROFILE_ORGANIZATION, PROFILE_PATIENT, PROFILE_PRACTITIONER,
    SYSTEM_NHS_NUMBER, SYSTEM_ODS_ORGANISATION, SYSTEM_SDS_USER,
};
use gpconnect::fhir::{
    Address, CodeableConcept, Coding, ContactPoint, DeliveryChannel, Extension, HumanName,
    Identifier, Location, Organization, Patient, Period, Practitioner, Reference,
};
use gpconnect::ids::{Asid, OdsCode, ProviderRoot};
use gpconnect::time::UK;

use crate::fixtures::{self, PdsRecord, Row, SlotTemplate};
use crate::model::{
    BookingWindow, PracticeData, Role, SimPatient, SimSchedule, SimSlot, provider_time, versioned,
};

/// The demonstrator's organisation id 7 is ODS code A20047 (fixtures README).
const DEMONSTRATOR_ORG_7: &str = "A20047";

/// One schedule of a seeded practice.
#[derive(Debug, Clone)]
pub struct ScheduleSeed {
    /// Schedule id (the demonstrator's, or our own for added clinics).
    pub id: String,
    /// Which demonstrator schedule's rows of `slots.txt` give its slots.
    pub template_schedule: String,
    /// Location id (demonstrator `locations`).
    pub location_id: String,
    /// Practitioner id (demonstrator `practitioners`), `None` for a clinic.
    pub practitioner_id: Option<String>,
    /// Role (code, display) for a clinic without practitioner; otherwise the
    /// demonstrator schedule's role.
    pub role: Option<(String, String)>,
    /// Session name.
    pub category: String,
}

/// One seeded practice.
#[derive(Debug, Clone)]
pub struct PracticeSeed {
    /// ODS code.
    pub ods_code: String,
    /// Name.
    pub name: String,
    /// ASID.
    pub asid: String,
    /// Telephone.
    pub telephone: String,
    /// Location ids (first is the main surgery).
    pub locations: Vec<String>,
    /// Schedules.
    pub schedules: Vec<ScheduleSeed>,
    /// Every slot restricted to this organisation type (a hub).
    pub only_org_type: Option<OrganisationType>,
    /// PDS primary-care codes whose patients are registered here.
    pub registers_pds_practice: Option<String>,
    /// Booking window.
    pub window: BookingWindow,
}

/// What the simulator holds: its practices and which consumer ASIDs the SSP lets through.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// The practices.
    pub practices: Vec<PracticeSeed>,
    /// Consumer ASIDs the proxy accepts as `Ssp-From`.
    pub consumer_asids: Vec<String>,
    /// How many weeks of slots to generate from today.
    pub weeks_ahead: u32,
}

/// The demo consumer's ASID.
pub const DEMO_CONSUMER_ASID: &str = "200000000359";

/// The host part of every simulated provider root.
pub const PROVIDER_HOST: &str = "https://provider.gpconnect-sim.nhs.uk";

/// The provider root of a simulated practice: `https://…/{ODS}/STU3/1/gpconnect`.
pub fn provider_root(ods: &str) -> String {
    format!("{PROVIDER_HOST}/{ods}/STU3/1/gpconnect")
}

fn schedule(
    id: &str,
    template_schedule: &str,
    location_id: &str,
    practitioner_id: Option<&str>,
    category: &str,
) -> ScheduleSeed {
    ScheduleSeed {
        id: id.to_owned(),
        template_schedule: template_schedule.to_owned(),
        location_id: location_id.to_owned(),
        practitioner_id: practitioner_id.map(str::to_owned),
        role: None,
        category: category.to_owned(),
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

impl SimConfig {
    /// The demo federation (four practices, six weeks of slots).
    pub fn demo() -> Self {
        let window = BookingWindow {
            min_notice_minutes: 30,
            max_days_ahead: 56,
        };
        Self {
            practices: vec![
                PracticeSeed {
                    ods_code: "A20047".to_owned(),
                    name: "Dr Legg's Surgery".to_owned(),
                    asid: "918999198001".to_owned(),
                    telephone: "0113 496 0101".to_owned(),
                    locations: strings(&["16", "17"]),
                    schedules: vec![
                        schedule("1", "1", "16", Some("1"), "General GP Appointments"),
                        schedule("2", "2", "17", Some("2"), "Branch Surgery Session"),
                        schedule("12", "12", "16", Some("1"), "Nurse Telephone Clinic"),
                    ],
                    only_org_type: None,
                    registers_pds_practice: Some("A21472".to_owned()),
                    window,
                },
                PracticeSeed {
                    ods_code: "GPC001".to_owned(),
                    name: "GP Connect Demonstrator Practice".to_owned(),
                    asid: "918999198002".to_owned(),
                    telephone: "0113 496 0202".to_owned(),
                    locations: strings(&["1", "2"]),
                    schedules: vec![
                        schedule("3", "2", "2", Some("3"), "Morning Surgery"),
                        schedule("6", "12", "1", Some("3"), "Telephone Triage"),
                    ],
                    only_org_type: None,
                    registers_pds_practice: Some("A21471".to_owned()),
                    window,
                },
                PracticeSeed {
                    ods_code: "R1A15".to_owned(),
                    name: "The Hepworth Surgery".to_owned(),
                    asid: "918999198003".to_owned(),
                    telephone: "0113 496 0303".to_owned(),
                    locations: strings(&["4"]),
                    schedules: vec![
                        schedule("9", "2", "4", Some("2"), "General GP Appointments"),
                        ScheduleSeed {
                            role: Some(("R1590".to_owned(), "Phlebotomist".to_owned())),
                            ..schedule("90", "12", "4", None, "Phlebotomy Clinic")
                        },
                    ],
                    only_org_type: None,
                    registers_pds_practice: Some("A21475".to_owned()),
                    window,
                },
                PracticeSeed {
                    ods_code: "R3B46".to_owned(),
                    name: "Leeds Extended Access Hub".to_owned(),
                    asid: "918999198004".to_owned(),
                    telephone: "0113 496 0404".to_owned(),
                    locations: strings(&["5"]),
                    schedules: vec![schedule(
                        "11",
                        "2",
                        "5",
                        Some("2"),
                        "Extended Access Evening",
                    )],
                    only_org_type: Some(OrganisationType::UrgentCare),
                    registers_pds_practice: None,
                    window: BookingWindow {
                        min_notice_minutes: 0,
                        max_days_ahead: 28,
                    },
                },
            ],
            consumer_asids: vec![DEMO_CONSUMER_ASID.to_owned()],
            weeks_ahead: 6,
        }
    }

    /// `count` practices, each with one copy of Dr Legg's GP schedule (44 free slots a
    /// weekday) and Dr Legg's registered patients, for load tests and benchmarks. ODS codes
    /// `SIM001`, `SIM002`, …
    pub fn synthetic(count: usize, weeks_ahead: u32) -> Self {
        let practices = (1..=count)
            .map(|i| PracticeSeed {
                ods_code: format!("SIM{i:03}"),
                name: format!("Simulated Practice {i}"),
                asid: format!("9189991{i:05}"),
                telephone: "0113 496 0000".to_owned(),
                locations: strings(&["16"]),
                schedules: vec![schedule(
                    "1",
                    "1",
                    "16",
                    Some("1"),
                    "General GP Appointments",
                )],
                only_org_type: None,
                registers_pds_practice: Some("A21472".to_owned()),
                window: BookingWindow {
                    min_notice_minutes: 0,
                    max_days_ahead: 365,
                },
            })
            .collect();
        Self {
            practices,
            consumer_asids: vec![DEMO_CONSUMER_ASID.to_owned()],
            weeks_ahead,
        }
    }
}

/// The demo consumer: an urgent-care organisation (a 111 / hub service), a demo user and
/// this product as the device. Used by the demo profile and the desktop app's demo mode.
#[allow(
    clippy::expect_used,
    reason = "constant identifiers, checked by the tests"
)]
pub fn demo_consumer() -> ConsumerIdentity {
    ConsumerIdentity {
        asid: Asid::parse(DEMO_CONSUMER_ASID).expect("valid ASID"),
        organisation: BookingOrganisation {
            ods_code: OdsCode::parse("Y90001").expect("valid ODS code"),
            name: "Leeds Urgent Care Service (demo)".to_owned(),
            telephone: "0113 496 0999".to_owned(),
            org_type: Some(OrganisationType::UrgentCare),
        },
        user: UserIdentity {
            id: "demo-user-1".to_owned(),
            family_name: "Morgan".to_owned(),
            given_names: vec!["Alex".to_owned()],
            prefixes: vec![],
            sds_user_id: None,
            sds_role_profile_id: None,
        },
        system: ConsumerSystem {
            issuer: "https://gpconnect-booking.demo.local/".to_owned(),
            identifier_system: "https://gpconnect-booking.demo.local/Id".to_owned(),
            device_id: "demo-device".to_owned(),
            product_name: "GP Connect Booking".to_owned(),
            product_version: env!("CARGO_PKG_VERSION").to_owned(),
        },
    }
}

fn title_case(text: &str) -> String {
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

fn uk_instant(date: NaiveDate, hour: u32, minute: u32) -> Option<DateTime<FixedOffset>> {
    let local = date.and_hms_opt(hour, minute, 0)?;
    UK.from_local_datetime(&local)
        .earliest()
        .map(|dt| dt.fixed_offset())
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

/// Builds a practice's data as of `now`.
///
/// Errors: a message when the seed's ODS code, ASID or provider root is invalid.
pub fn build_practice(
    seed: &PracticeSeed,
    weeks_ahead: u32,
    pds: &[PdsRecord],
    now: DateTime<Utc>,
    version: &str,
) -> Result<PracticeData, String> {
    let practice = Practice {
        ods_code: OdsCode::parse(&seed.ods_code).map_err(|e| format!("{}: {e}", seed.ods_code))?,
        name: seed.name.clone(),
        provider_root: ProviderRoot::parse(&provider_root(&seed.ods_code))
            .map_err(|e| format!("{}: {e}", seed.ods_code))?,
        asid: Asid::parse(&seed.asid).map_err(|e| format!("{}: {e}", seed.asid))?,
    };
    let locations_sql = fixtures::sql_rows(fixtures::APPOINTMENT_SQL, "locations");
    let addresses_sql = fixtures::sql_rows(fixtures::APPOINTMENT_SQL, "addresses");
    let schedules_sql = fixtures::sql_rows(fixtures::APPOINTMENT_SQL, "appointment_schedules");
    let practitioners_sql = fixtures::sql_rows(fixtures::PRACTITIONER_SQL, "practitioners");
    let templates = fixtures::slot_templates();
    let today = gpconnect::time::uk_date(now);
    let org_id = "1";
    let phone = ContactPoint {
        system: Some("phone".to_owned()),
        value: Some(seed.telephone.to_owned()),
        use_: Some("work".to_owned()),
    };

    let address_of = |location: &Row| {
        let address = location
            .get("address_id")
            .and_then(|id| find(&addresses_sql, id));
        Address {
            use_: Some("work".to_owned()),
            line: address.and_then(|a| text(a, "line")).into_iter().collect(),
            city: address.and_then(|a| text(a, "city")),
            district: address.and_then(|a| text(a, "district")),
            postal_code: address.and_then(|a| text(a, "postalCode")),
            country: address.and_then(|a| text(a, "country")),
            ..Address::default()
        }
    };

    let mut locations = BTreeMap::new();
    for id in &seed.locations {
        let Some(row) = find(&locations_sql, id) else {
            continue;
        };
        locations.insert(
            (*id).to_owned(),
            Location {
                id: Some((*id).to_owned()),
                meta: Some(versioned(PROFILE_LOCATION, version)),
                name: text(row, "name"),
                address: vec![address_of(row)],
                telecom: vec![phone.clone()],
                managing_organization: Some(Reference::to(format!("Organization/{org_id}"))),
            },
        );
    }
    let main_address = seed
        .locations
        .first()
        .and_then(|id| find(&locations_sql, id))
        .map(address_of);
    let organization = Organization {
        id: Some(org_id.to_owned()),
        meta: Some(versioned(PROFILE_ORGANIZATION, version)),
        identifier: vec![Identifier::new(SYSTEM_ODS_ORGANISATION, &seed.ods_code)],
        type_: Vec::new(),
        name: Some(seed.name.to_owned()),
        telecom: vec![phone.clone()],
        address: main_address.into_iter().collect(),
    };

    let mut practitioners = BTreeMap::new();
    let mut schedules = BTreeMap::new();
    let horizon_end = today
        .checked_add_days(Days::new(u64::from(weeks_ahead) * 7 + 7))
        .unwrap_or(today);
    for s in &seed.schedules {
        let sql = find(&schedules_sql, &s.template_schedule);
        let role = match &s.role {
            Some((code, display)) => Some(Role {
                code: code.to_owned(),
                display: display.to_owned(),
            }),
            None => find(&schedules_sql, &s.id).or(sql).and_then(|row| {
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
                Practitioner {
                    id: Some(pid.to_owned()),
                    meta: Some(versioned(PROFILE_PRACTITIONER, version)),
                    identifier: text(row, "userid")
                        .map(|u| Identifier::new(SYSTEM_SDS_USER, &u))
                        .into_iter()
                        .collect(),
                    name: vec![HumanName {
                        use_: Some("usual".to_owned()),
                        family: text(row, "p_name_family"),
                        given: text(row, "p_name_given").into_iter().collect(),
                        prefix: text(row, "p_name_prefix").into_iter().collect(),
                        text: None,
                    }],
                    gender: text(row, "p_gender").map(|g| g.to_ascii_lowercase()),
                },
            );
        }
        let (Some(horizon_start), Some(horizon_stop)) =
            (uk_instant(today, 0, 0), uk_instant(horizon_end, 0, 0))
        else {
            continue;
        };
        schedules.insert(
            s.id.to_owned(),
            SimSchedule {
                id: s.id.to_owned(),
                location_id: s.location_id.to_owned(),
                practitioner_id: s.practitioner_id.clone(),
                role,
                category: s.category.to_owned(),
                horizon: (horizon_start, horizon_stop),
            },
        );
    }

    let slots = generate_slots(seed, &templates, today, weeks_ahead, version);
    let patients = seed_patients(seed, pds, org_id, version);
    let next_patient = patients.len() as u64 + 1;
    Ok(PracticeData {
        practice,
        organization,
        locations,
        practitioners,
        schedules,
        slots,
        patients,
        appointments: BTreeMap::new(),
        window: seed.window,
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
            for t in templates.iter().filter(|t| {
                t.day == template_day
                    && t.schedule == schedule.template_schedule
                    && t.free
                    && t.bookable
            }) {
                let (Some(start), Some(end)) = (
                    uk_instant(date, t.start.0, t.start.1),
                    uk_instant(date, t.end.0, t.end.1),
                ) else {
                    continue;
                };
                let mut restrict_types: Vec<OrganisationType> = t
                    .restrict_org_type
                    .as_deref()
                    .and_then(OrganisationType::from_code)
                    .into_iter()
                    .collect();
                if let Some(only) = seed.only_org_type {
                    restrict_types = vec![only];
                }
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
    slots.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then_with(|| a.schedule_id.cmp(&b.schedule_id))
    });
    slots
}

/// A Patient resource as a practice holds it, from PDS.
pub fn patient_resource(
    id: &str,
    record: &PdsRecord,
    org_id: &str,
    registration: &str,
    registered: DateTime<Utc>,
    branch: Option<&str>,
    version: &str,
) -> Patient {
    let verification = Extension::codeable_concept(
        EXT_NHS_NUMBER_VERIFICATION,
        CodeableConcept {
            coding: vec![Coding {
                system: Some(
                    "https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1"
                        .to_owned(),
                ),
                code: Some("01".to_owned()),
                display: Some("Number present and verified".to_owned()),
            }],
            text: None,
        },
    );
    let mut details = vec![
        Extension {
            url: "registrationPeriod".to_owned(),
            value_period: Some(Period {
                start: Some(gpconnect::time::format_datetime(registered)),
                end: None,
            }),
            ..Extension::default()
        },
        Extension {
            url: "registrationType".to_owned(),
            value_codeable_concept: Some(CodeableConcept {
                coding: vec![Coding {
                    system: Some(CODESYSTEM_REGISTRATION_TYPE.to_owned()),
                    code: Some(registration.to_owned()),
                    display: Some(
                        if registration == "T" {
                            "Temporary"
                        } else {
                            "Regular"
                        }
                        .to_owned(),
                    ),
                }],
                text: None,
            }),
            ..Extension::default()
        },
    ];
    if let Some(branch) = branch {
        details.push(Extension::reference(
            "preferredBranchSurgery",
            &format!("Location/{branch}"),
        ));
    }
    Patient {
        id: Some(id.to_owned()),
        meta: Some(versioned(PROFILE_PATIENT, version)),
        extension: vec![Extension {
            url: EXT_REGISTRATION_DETAILS.to_owned(),
            extension: details,
            ..Extension::default()
        }],
        identifier: vec![Identifier {
            extension: vec![verification],
            system: Some(SYSTEM_NHS_NUMBER.to_owned()),
            value: Some(record.nhs_number.clone()),
        }],
        active: Some(true),
        name: vec![HumanName {
            use_: Some("official".to_owned()),
            text: None,
            family: Some(record.family.clone()),
            given: vec![record.given.clone()],
            prefix: record.title.iter().map(|t| title_case(t)).collect(),
        }],
        telecom: Vec::new(),
        gender: record.gender.clone(),
        birth_date: Some(gpconnect::time::format_date(record.birth_date)),
        address: if record.address.is_empty() {
            Vec::new()
        } else {
            vec![Address {
                use_: Some("home".to_owned()),
                line: record.address.clone(),
                postal_code: record.postcode.clone(),
                ..Address::default()
            }]
        },
        managing_organization: Some(Reference::to(format!("Organization/{org_id}"))),
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
            let resource = patient_resource(
                &id,
                record,
                org_id,
                "R",
                registered,
                seed.locations.first().map(String::as_str),
                version,
            );
            (
                id.clone(),
                SimPatient {
                    id,
                    nhs_number: record.nhs_number.clone(),
                    resource,
                    active: record.death_date.is_none(),
                    sensitive: record.sensitive,
                },
            )
        })
        .collect()
}

/// The schedule's planning horizon as provider strings (for tests).
pub fn horizon_text(schedule: &SimSchedule) -> (String, String) {
    (
        provider_time(&schedule.horizon.0),
        provider_time(&schedule.horizon.1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::pds_records;

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
        assert!(
            legg.slots
                .iter()
                .all(|s| !s.start.to_rfc3339().ends_with('Z'))
        );
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
                .all(|s| s.restrict_types == vec![OrganisationType::UrgentCare])
        );
        assert!(legg.slots.iter().any(|s| !s.restrict_ods.is_empty()));
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
