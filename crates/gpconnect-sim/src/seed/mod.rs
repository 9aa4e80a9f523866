//! Seed data, generated relative to today in Europe/London from the NHS reference provider's
//! own demo data: the demonstrator's schedules, practitioners, roles, locations and addresses,
//! its slot template, and the assurance suite's PDS patients.
//!
//! The demo federation has four practices: Dr Legg's Surgery (with a branch surgery), the
//! GP Connect Demonstrator practice, The Hepworth Surgery (with a phlebotomy clinic schedule
//! that has no practitioner) and an extended-access hub whose slots only urgent-care
//! organisations may book.

mod build;

pub(crate) use build::title_case;
pub use build::{build_practice, horizon_text, patient_from_pds};

use crate::model::BookingWindow;
use crate::profile::{Consumer, ConsumerOrganisation, ConsumerSystem, ConsumerUser};

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
    /// Slots of this many minutes back to back, every day and night (an urgent treatment
    /// centre), instead of the template's weekday sessions.
    pub around_the_clock_minutes: Option<u32>,
    /// The healthcare service (1.2.8) the schedule belongs to, if any.
    pub service: Option<ServiceSeed>,
}

/// A healthcare service (GP Connect 1.2.8 service filtering): its id, name and the DoS
/// service ids it answers to.
#[derive(Debug, Clone)]
pub struct ServiceSeed {
    /// HealthcareService id.
    pub id: String,
    /// Name, e.g. "Leeds Urgent Treatment Centre".
    pub name: String,
    /// DoS service ids (system `https://fhir.nhs.uk/Id/uec-dos-service-id`).
    pub dos_ids: Vec<String>,
}

/// The DoS service id of the demo hub's urgent treatment centre.
pub const DEMO_DOS_SERVICE_ID: &str = "2000012345";

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
    /// Every slot restricted to this organisation type code (a hub), e.g. `urgent-care`.
    pub only_org_type: Option<String>,
    /// PDS primary-care codes whose patients are registered here.
    pub registers_pds_practice: Option<String>,
    /// Booking window.
    pub window: BookingWindow,
    /// Service filtering (1.2.8) as the practice's switches set it: `enabled`,
    /// `supplier-disabled` or `organization-disabled`.
    pub service_filtering: &'static str,
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
        around_the_clock_minutes: None,
        service: None,
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
                    service_filtering: "organization-disabled",
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
                    service_filtering: "supplier-disabled",
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
                    service_filtering: "supplier-disabled",
                },
                PracticeSeed {
                    ods_code: "R3B46".to_owned(),
                    name: "Leeds Extended Access Hub".to_owned(),
                    asid: "918999198004".to_owned(),
                    telephone: "0113 496 0404".to_owned(),
                    locations: strings(&["5"]),
                    schedules: vec![
                        schedule("11", "2", "5", Some("2"), "Extended Access Evening"),
                        ScheduleSeed {
                            role: Some((
                                "R0600".to_owned(),
                                "Specialist Nurse Practitioner".to_owned(),
                            )),
                            around_the_clock_minutes: Some(20),
                            service: Some(ServiceSeed {
                                id: "1".to_owned(),
                                name: "Leeds Urgent Treatment Centre".to_owned(),
                                dos_ids: vec![DEMO_DOS_SERVICE_ID.to_owned()],
                            }),
                            ..schedule("20", "2", "5", None, "Urgent Treatment Centre")
                        },
                    ],
                    only_org_type: Some("urgent-care".to_owned()),
                    registers_pds_practice: None,
                    window: BookingWindow {
                        min_notice_minutes: 0,
                        max_days_ahead: 28,
                    },
                    service_filtering: "enabled",
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
                service_filtering: "supplier-disabled",
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
pub fn demo_consumer() -> Consumer {
    Consumer {
        asid: DEMO_CONSUMER_ASID.to_owned(),
        organisation: ConsumerOrganisation {
            ods_code: "Y90001".to_owned(),
            name: "Leeds Urgent Care Service (demo)".to_owned(),
            telephone: "0113 496 0999".to_owned(),
            org_type: Some("urgent-care".to_owned()),
        },
        user: ConsumerUser {
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
