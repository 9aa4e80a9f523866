//! The app's settings: one typed struct, stored under one key (`settings`) in
//! tauri-plugin-store's `settings.json`, read and written as a whole.
//!
//! Plain text only: the environment, organisation, ASID, URLs, the CIS2 client, practices,
//! timeouts. Key material is in the OS keyring (see `secrets`), never here. The user is not
//! a setting: who is calling comes from the CIS2 sign-in (see `session`).
//!
//! An older settings file still loads: `mode` (`demo` or `live`) is read as `environment`,
//! and the former `user` block is ignored.

use gpconnect::FieldError;
use gpconnect::config::{
    BookingOrganisation, ConsumerIdentity, ConsumerSystem, OrganisationType, UserIdentity,
};
pub use gpconnect::environment::Environment;
use gpconnect::ids::{Asid, OdsCode, ProviderRoot};
use gpconnect::profile::PracticeEntry;
use serde::{Deserialize, Serialize};

pub use crate::cis2_settings::{Cis2ClientAuth, Cis2Settings};
pub use crate::pds_settings::PdsSettings;

/// The organisation where the user works (the booking organisation, §3.5, §4.2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct OrganisationSettings {
    /// ODS code, e.g. `Y90001`.
    pub ods_code: String,
    /// Name, e.g. "Leeds Urgent Care Service".
    pub name: String,
    /// Telephone number (required in every booking).
    pub telephone: String,
    /// `gp-practice` or `urgent-care`; sent as a slot search filter (§8).
    pub org_type: Option<OrganisationType>,
}

/// One practice of the federation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PracticeSettings {
    /// ODS code.
    pub ods_code: String,
    /// Display name.
    pub name: String,
    /// FHIR service root from SDS, byte-for-byte (empty: look it up in SDS).
    pub provider_root: String,
    /// Provider ASID from SDS (empty: look it up in SDS).
    pub asid: String,
}

/// Time limits, in seconds, and how many practices are asked at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TimeoutSettings {
    /// Opening a connection.
    pub connect_seconds: u32,
    /// A whole request.
    pub request_seconds: u32,
    /// One practice's part of a federated search (every window and retry), from its turn.
    pub practice_deadline_seconds: u32,
    /// Practices asked at the same time (1 to 20); the others wait their turn. Default 5,
    /// the reference's budget per consumer (`gpconnect::federation::DEFAULT_MAX_CONCURRENT`).
    pub max_concurrent_practices: u32,
}

impl Default for TimeoutSettings {
    fn default() -> Self {
        Self {
            connect_seconds: 10,
            request_seconds: 30,
            practice_deadline_seconds: 20,
            max_concurrent_practices: 5,
        }
    }
}

/// The NHS 111 / urgent care profile: disposition timeframes on the Book screen and, when
/// the service was chosen from the Directory of Services, its DoS service id sent with slot
/// searches (GP Connect 1.2.8 service filtering).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Nhs111Settings {
    /// The user books for NHS 111 (or another urgent care service): the search offers the
    /// disposition timeframe from the triage outcome.
    pub enabled: bool,
    /// The DoS service id (digits) sent as `service.identifier`; empty sends none. Only
    /// with `enabled`.
    pub dos_service_id: String,
}

impl Nhs111Settings {
    /// The DoS service id to send, when the profile is on and one is set.
    pub fn service_id(&self) -> Option<String> {
        trimmed(&self.dos_service_id).filter(|_| self.enabled)
    }
}

/// How writes whose answer was lost are checked, and how long the audit trail is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WriteSettings {
    /// Seconds after a lost answer at which it is read back, ascending (e.g. 0, 2, 5, 10).
    pub check_at_seconds: Vec<u32>,
    /// The longest the read-back may take, in seconds.
    pub check_total_seconds: u32,
    /// Seconds between background checks of writes still unknown.
    pub background_check_seconds: u32,
    /// Days the local audit trail is kept.
    pub audit_retention_days: u32,
}

impl Default for WriteSettings {
    fn default() -> Self {
        Self {
            check_at_seconds: vec![0, 2, 5, 10],
            check_total_seconds: 30,
            background_check_seconds: 30,
            audit_retention_days: 730,
        }
    }
}

impl WriteSettings {
    /// The read-back schedule.
    ///
    /// Errors: why the checks do not make a schedule.
    pub fn schedule(&self) -> Result<gpconnect::reconcile::ReconcileSchedule, String> {
        gpconnect::reconcile::ReconcileSchedule::from_seconds(
            &self.check_at_seconds,
            self.check_total_seconds,
        )
    }
}

/// The default `device_identifier_system`, the one earlier versions sent.
pub const DEFAULT_DEVICE_IDENTIFIER_SYSTEM: &str = "https://gpconnect-booking.local/Id";

/// The default idle timeout, in minutes.
pub const DEFAULT_IDLE_MINUTES: u32 = 15;

/// Everything the user can set for the environment in use (the others are kept aside, see
/// `environments`). Stored as one JSON object under one key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Settings {
    /// The environment (`mode` in older files: `demo` or `live`).
    #[serde(alias = "mode")]
    pub environment: Environment,
    /// The booking organisation.
    pub organisation: OrganisationSettings,
    /// Other organisations whose staff may sign in here (ODS codes): a role at the booking
    /// organisation or at one of these is accepted.
    pub allowed_organisations: Vec<String>,
    /// The consumer's ASID (`Ssp-From`).
    pub consumer_asid: String,
    /// This system's Spine endpoint URL, sent as the JWT's `iss` (§4.2).
    pub spine_endpoint_url: String,
    /// The identifier system of this installation's device id (and local user ids) in the
    /// JWT (§4.2), e.g. `https://yoursupplier.example/Id`.
    pub device_identifier_system: String,
    /// The Spine Secure Proxy URL, e.g. `https://proxy.intspineservices.nhs.uk`.
    pub ssp_url: String,
    /// The SDS FHIR API base URL (optional; needed for practices given by ODS code only).
    pub sds_url: String,
    /// Sign-in with NHS CIS2.
    pub cis2: Cis2Settings,
    /// Tracing the patient on PDS FHIR.
    pub pds: PdsSettings,
    /// The practices that can be searched.
    pub practices: Vec<PracticeSettings>,
    /// Time limits.
    pub timeouts: TimeoutSettings,
    /// The NHS 111 / urgent care profile.
    pub nhs111: Nhs111Settings,
    /// Minutes without activity after which the session ends (1 to 240).
    pub idle_timeout_minutes: u32,
    /// This installation's device id (the JWT's `requesting_device`), made on first run.
    pub device_id: String,
    /// Writes whose answer was lost, and the audit trail.
    pub writes: WriteSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            environment: Environment::Demo,
            organisation: OrganisationSettings::default(),
            allowed_organisations: Vec::new(),
            consumer_asid: String::new(),
            spine_endpoint_url: String::new(),
            device_identifier_system: DEFAULT_DEVICE_IDENTIFIER_SYSTEM.to_owned(),
            ssp_url: String::new(),
            sds_url: String::new(),
            cis2: Cis2Settings::default(),
            pds: PdsSettings::default(),
            practices: Vec::new(),
            timeouts: TimeoutSettings::default(),
            idle_timeout_minutes: DEFAULT_IDLE_MINUTES,
            device_id: String::new(),
            writes: WriteSettings::default(),
            nhs111: Nhs111Settings::default(),
        }
    }
}

/// Who is signed in, as a GP Connect request needs them: the user (`requesting_practitioner`)
/// and the organisation of their role (`requesting_organization` and the booking
/// organisation of a booking).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requester {
    /// The user.
    pub user: UserIdentity,
    /// Their role's organisation: ODS code and name.
    pub organisation_ods: String,
    /// The organisation's name (from CIS2, else the settings).
    pub organisation_name: String,
}

/// The key the settings are stored under.
pub const STORE_KEY: &str = "settings";
/// The store file.
pub const STORE_FILE: &str = "settings.json";

fn trimmed(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

impl Settings {
    /// Every problem with these settings, for the settings form. Empty when usable.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: &str| {
            errors.push(FieldError {
                field: field.to_owned(),
                message: message.to_owned(),
            });
        };
        if OdsCode::parse(&self.organisation.ods_code).is_err() {
            fail(
                "organisation.odsCode",
                "Enter your organisation's ODS code, like A12345",
            );
        }
        if self.organisation.name.trim().is_empty() {
            fail("organisation.name", "Enter your organisation's name");
        }
        if !gpconnect::patients::is_phone_number(&self.organisation.telephone) {
            fail(
                "organisation.telephone",
                "Enter your organisation's phone number",
            );
        }
        if Asid::parse(&self.consumer_asid).is_err() {
            fail("consumerAsid", "Enter this system's ASID (digits only)");
        }
        if !self.ssp_url.trim().starts_with("https://") {
            fail(
                "sspUrl",
                "Enter the Spine Secure Proxy address, starting https://",
            );
        }
        if !self.sds_url.trim().is_empty() && !self.sds_url.trim().starts_with("https://") {
            fail("sdsUrl", "The SDS address starts https://");
        }
        for (i, ods) in self.allowed_organisations.iter().enumerate() {
            if OdsCode::parse(ods).is_err() {
                fail(
                    &format!("allowedOrganisations.{i}"),
                    "Enter an ODS code, like A12345",
                );
            }
        }
        if !self.spine_endpoint_url.trim().starts_with("https://") {
            fail(
                "spineEndpointUrl",
                "Enter this system's Spine endpoint URL (sent as the JWT iss), starting https://",
            );
        }
        let system = self.device_identifier_system.trim();
        if !(system.starts_with("https://")
            || system.starts_with("http://")
            || system.starts_with("urn:"))
            || system.contains(char::is_whitespace)
        {
            fail(
                "deviceIdentifierSystem",
                "Enter the device identifier system, a URL like https://yoursupplier.example/Id",
            );
        }
        for problem in self.cis2.validate(self.environment) {
            fail(&problem.field, &problem.message);
        }
        for problem in self.pds.validate() {
            fail(&problem.field, &problem.message);
        }
        if self.idle_timeout_minutes == 0 || self.idle_timeout_minutes > 240 {
            fail(
                "idleTimeoutMinutes",
                "Enter a number of minutes from 1 to 240",
            );
        }
        if self.practices.is_empty() {
            fail("practices", "Add at least one practice");
        }
        for (i, practice) in self.practices.iter().enumerate() {
            if OdsCode::parse(&practice.ods_code).is_err() {
                fail(
                    &format!("practices.{i}.odsCode"),
                    "Enter the practice's ODS code",
                );
            }
            let root = practice.provider_root.trim();
            if !root.is_empty() && ProviderRoot::parse(root).is_err() {
                fail(
                    &format!("practices.{i}.providerRoot"),
                    "A provider root is an https:// address with no trailing /",
                );
            }
            let asid = practice.asid.trim();
            if !asid.is_empty() && Asid::parse(asid).is_err() {
                fail(&format!("practices.{i}.asid"), "An ASID is digits only");
            }
            if (root.is_empty() || asid.is_empty()) && self.sds_url.trim().is_empty() {
                fail(
                    &format!("practices.{i}.providerRoot"),
                    "Enter the provider root and ASID, or an SDS address to look them up",
                );
            }
        }
        let t = &self.timeouts;
        for (field, value, max) in [
            ("timeouts.connectSeconds", t.connect_seconds, 120),
            ("timeouts.requestSeconds", t.request_seconds, 300),
            (
                "timeouts.practiceDeadlineSeconds",
                t.practice_deadline_seconds,
                600,
            ),
        ] {
            if value == 0 || value > max {
                fail(field, &format!("Enter a number of seconds from 1 to {max}"));
            }
        }
        if !(1..=20).contains(&t.max_concurrent_practices) {
            fail(
                "timeouts.maxConcurrentPractices",
                "Enter how many practices to ask at once, from 1 to 20",
            );
        }
        let dos = self.nhs111.dos_service_id.trim();
        let dos_ok = dos.len() <= 20 && dos.chars().all(|c| c.is_ascii_digit());
        if !dos_ok {
            fail(
                "nhs111.dosServiceId",
                "A DoS service id is digits only, like 2000012345",
            );
        }
        let w = &self.writes;
        if let Err(problem) = w.schedule() {
            fail(
                "writes.checkAtSeconds",
                &format!("The checks of a lost answer: {problem}"),
            );
        }
        if w.check_total_seconds > 600 {
            fail(
                "writes.checkTotalSeconds",
                "Enter a number of seconds from 1 to 600",
            );
        }
        if !(5..=3600).contains(&w.background_check_seconds) {
            fail(
                "writes.backgroundCheckSeconds",
                "Enter a number of seconds from 5 to 3600",
            );
        }
        if !(1..=3650).contains(&w.audit_retention_days) {
            fail(
                "writes.auditRetentionDays",
                "Enter a number of days from 1 to 3650",
            );
        }
        errors
    }

    /// The consumer identity for the client, with the signed-in `requester` as user and
    /// requesting organisation (never a user from the settings, §4.2). The telephone and
    /// type of the booking organisation come from the settings. Call after
    /// [`Settings::validate`] is empty.
    ///
    /// Errors: the first field problem.
    pub fn identity(&self, requester: &Requester) -> Result<ConsumerIdentity, FieldError> {
        let field = |field: &str, message: String| FieldError {
            field: field.to_owned(),
            message,
        };
        Ok(ConsumerIdentity {
            asid: Asid::parse(&self.consumer_asid)
                .map_err(|e| field("consumerAsid", e.to_string()))?,
            organisation: BookingOrganisation {
                ods_code: OdsCode::parse(&requester.organisation_ods)
                    .map_err(|e| field("organisation.odsCode", e.to_string()))?,
                name: requester.organisation_name.trim().to_owned(),
                telephone: self.organisation.telephone.trim().to_owned(),
                org_type: self.organisation.org_type,
            },
            user: requester.user.clone(),
            system: ConsumerSystem {
                issuer: self.spine_endpoint_url.trim().to_owned(),
                identifier_system: self.device_identifier_system.trim().to_owned(),
                device_id: self.device_id.clone(),
                product_name: "GP Connect Booking".to_owned(),
                product_version: env!("CARGO_PKG_VERSION").to_owned(),
            },
        })
    }

    /// The practices as configured (root and ASID may be missing: look them up in SDS).
    pub fn practice_entries(&self) -> Vec<PracticeEntry> {
        self.practices
            .iter()
            .filter_map(|p| {
                Some(PracticeEntry {
                    ods_code: OdsCode::parse(&p.ods_code).ok()?,
                    name: trimmed(&p.name),
                    provider_root: ProviderRoot::parse(p.provider_root.trim()).ok(),
                    asid: Asid::parse(p.asid.trim()).ok(),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Valid settings: an organisation, CIS2 and four practices.
    fn demo() -> Settings {
        let practice = |ods: &str, asid: &str| PracticeSettings {
            ods_code: ods.into(),
            name: format!("Practice {ods}"),
            provider_root: format!("https://127.0.0.1:4430/{ods}/STU3/1/gpconnect"),
            asid: asid.into(),
        };
        Settings {
            environment: Environment::Demo,
            organisation: OrganisationSettings {
                ods_code: "Y90001".into(),
                name: "Leeds Urgent Care Service".into(),
                telephone: "0113 496 0000".into(),
                org_type: Some(OrganisationType::UrgentCare),
            },
            consumer_asid: "200000000359".into(),
            spine_endpoint_url: "https://gpconnect-booking.demo.local/".into(),
            ssp_url: "https://127.0.0.1:4430".into(),
            sds_url: "https://127.0.0.1:4430/sds".into(),
            cis2: Cis2Settings {
                issuer: "http://127.0.0.1:4431/openam".into(),
                client_id: "200000000001.apps.national".into(),
                redirect_port: 0,
                key_id: "k1".into(),
                ..Cis2Settings::default()
            },
            practices: vec![
                practice("A20047", "918999198738"),
                practice("B82617", "918999198739"),
                practice("C81001", "918999198740"),
                practice("D82001", "918999198741"),
            ],
            device_id: "device-1".into(),
            ..Settings::default()
        }
    }

    fn requester() -> Requester {
        Requester {
            user: UserIdentity {
                id: "555000000001".into(),
                family_name: "Jones".into(),
                given_names: vec!["Claire".into()],
                prefixes: vec!["Dr".into()],
                sds_user_id: Some("555000000001".into()),
                sds_role_profile_id: Some("555000000101".into()),
            },
            organisation_ods: "Y90002".into(),
            organisation_name: "Bradford".into(),
        }
    }

    #[test]
    fn valid_settings_make_an_identity_with_the_signed_in_user() {
        let settings = demo();
        assert_eq!(settings.validate(), vec![]);
        let identity = settings.identity(&requester()).unwrap();
        assert_eq!(identity.organisation.ods_code.as_str(), "Y90002");
        assert_eq!(identity.organisation.telephone, "0113 496 0000");
        assert_eq!(
            identity.user.sds_role_profile_id.as_deref(),
            Some("555000000101")
        );
        assert_eq!(identity.system.device_id, "device-1");
        assert_eq!(
            identity.system.issuer,
            "https://gpconnect-booking.demo.local/"
        );
        assert_eq!(
            identity.system.identifier_system,
            DEFAULT_DEVICE_IDENTIFIER_SYSTEM
        );
        assert_eq!(settings.practice_entries().len(), 4);
    }

    #[test]
    fn every_field_is_checked() {
        let mut settings = demo();
        settings.environment = Environment::Int;
        settings.organisation.ods_code = "??".into();
        settings.consumer_asid = "abc".into();
        settings.ssp_url = "http://insecure".into();
        settings.spine_endpoint_url = "http://insecure".into();
        settings.device_identifier_system = "not a url".into();
        settings.allowed_organisations = vec!["x".into()];
        settings.practices[0].provider_root = "https://p/A1/".into();
        settings.sds_url = String::new();
        settings.practices[1].asid = String::new();
        settings.timeouts.request_seconds = 0;
        settings.idle_timeout_minutes = 0;
        let fields: Vec<String> = settings.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "organisation.odsCode",
                "consumerAsid",
                "sspUrl",
                "allowedOrganisations.0",
                "spineEndpointUrl",
                "deviceIdentifierSystem",
                "cis2.issuer",
                "cis2.redirectPort",
                "idleTimeoutMinutes",
                "practices.0.providerRoot",
                "practices.1.providerRoot",
                "timeouts.requestSeconds"
            ]
        );
    }

    #[test]
    fn an_older_file_still_loads() {
        let old = r#"{"mode":"live","organisation":{"odsCode":"Y90001","name":"Hub","telephone":"0113 496 0000","orgType":null},
            "consumerAsid":"200000000359","sspUrl":"https://proxy.example","sdsUrl":"",
            "user":{"userId":"u1","familyName":"Morgan","givenNames":"Alex","title":"","sdsUserId":"","sdsRoleProfileId":""},
            "practices":[],"timeouts":{"connectSeconds":10,"requestSeconds":30,"practiceDeadlineSeconds":20},"deviceId":"d1"}"#;
        let settings: Settings = serde_json::from_str(old).unwrap();
        assert_eq!(settings.environment, Environment::Live);
        assert_eq!(settings.organisation.ods_code, "Y90001");
        assert_eq!(settings.device_id, "d1");
        assert_eq!(
            settings.device_identifier_system,
            DEFAULT_DEVICE_IDENTIFIER_SYSTEM
        );
        assert_eq!(settings.idle_timeout_minutes, DEFAULT_IDLE_MINUTES);
        let json = serde_json::to_value(&settings).unwrap();
        assert_eq!(json["environment"], "live");
        assert!(json.get("user").is_none(), "the settings user is gone");
    }
}
