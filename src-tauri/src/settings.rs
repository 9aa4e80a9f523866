//! The app's settings: one typed struct, stored under one key (`settings`) in
//! tauri-plugin-store's `settings.json`, read and written as a whole.
//!
//! Plain text only: organisation, ASID, URLs, user identity, practices, timeouts. Key
//! material is in the OS keyring (see `secrets`), never here.

use gpconnect::FieldError;
use gpconnect::config::{
    BookingOrganisation, ConsumerIdentity, ConsumerSystem, OrganisationType, UserIdentity,
};
use gpconnect::ids::{Asid, OdsCode, ProviderRoot};
use gpconnect::profile::PracticeEntry;
use serde::{Deserialize, Serialize};

/// Which Spine environment the app talks to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Mode {
    /// The built-in provider simulator on 127.0.0.1 (the default on first run).
    #[default]
    Demo,
    /// A real environment (INT, DEP, live) configured in Settings.
    Live,
}

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

/// The logged-on user (the JWT's `requesting_practitioner`, §4.2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct UserSettings {
    /// Local user id.
    pub user_id: String,
    /// Family name.
    pub family_name: String,
    /// Given name(s), space-separated.
    pub given_names: String,
    /// Title, e.g. `Dr` (optional).
    pub title: String,
    /// Smartcard SDS user id (optional; `UNK` is sent without it).
    pub sds_user_id: String,
    /// SDS role profile id (optional; `UNK` is sent without it).
    pub sds_role_profile_id: String,
}

impl UserSettings {
    /// "Title Given Family", skipping empty parts.
    pub fn display_name(&self) -> String {
        [
            self.title.trim(),
            self.given_names.trim(),
            self.family_name.trim(),
        ]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
    }
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

/// Everything the user can set. Stored as one JSON object under one key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Settings {
    /// Demo (simulator) or live.
    pub mode: Mode,
    /// The booking organisation.
    pub organisation: OrganisationSettings,
    /// The consumer's ASID (`Ssp-From`).
    pub consumer_asid: String,
    /// The Spine Secure Proxy URL, e.g. `https://proxy.intspineservices.nhs.uk`.
    pub ssp_url: String,
    /// The SDS FHIR API base URL (optional; needed for practices given by ODS code only).
    pub sds_url: String,
    /// The user.
    pub user: UserSettings,
    /// The practices that can be searched.
    pub practices: Vec<PracticeSettings>,
    /// Time limits.
    pub timeouts: TimeoutSettings,
    /// The NHS 111 / urgent care profile.
    pub nhs111: Nhs111Settings,
    /// This installation's device id (the JWT's `requesting_device`), made on first run.
    pub device_id: String,
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
        if self.user.user_id.trim().is_empty() {
            fail("user.userId", "Enter your user id");
        }
        if self.user.family_name.trim().is_empty() {
            fail("user.familyName", "Enter your family name");
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
        errors
    }

    /// The consumer identity for the client. Call after [`Settings::validate`] is empty.
    ///
    /// Errors: the first field problem.
    pub fn identity(&self) -> Result<ConsumerIdentity, FieldError> {
        let field = |field: &str, message: String| FieldError {
            field: field.to_owned(),
            message,
        };
        Ok(ConsumerIdentity {
            asid: Asid::parse(&self.consumer_asid)
                .map_err(|e| field("consumerAsid", e.to_string()))?,
            organisation: BookingOrganisation {
                ods_code: OdsCode::parse(&self.organisation.ods_code)
                    .map_err(|e| field("organisation.odsCode", e.to_string()))?,
                name: self.organisation.name.trim().to_owned(),
                telephone: self.organisation.telephone.trim().to_owned(),
                org_type: self.organisation.org_type,
            },
            user: UserIdentity {
                id: self.user.user_id.trim().to_owned(),
                family_name: self.user.family_name.trim().to_owned(),
                given_names: self
                    .user
                    .given_names
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect(),
                prefixes: trimmed(&self.user.title).into_iter().collect(),
                sds_user_id: trimmed(&self.user.sds_user_id),
                sds_role_profile_id: trimmed(&self.user.sds_role_profile_id),
            },
            system: ConsumerSystem {
                issuer: "https://gpconnect-booking.local/".to_owned(),
                identifier_system: "https://gpconnect-booking.local/Id".to_owned(),
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

    /// Valid settings: an organisation, a user and four practices.
    fn demo() -> Settings {
        let practice = |ods: &str, asid: &str| PracticeSettings {
            ods_code: ods.into(),
            name: format!("Practice {ods}"),
            provider_root: format!("https://127.0.0.1:4430/{ods}/STU3/1/gpconnect"),
            asid: asid.into(),
        };
        Settings {
            mode: Mode::Demo,
            organisation: OrganisationSettings {
                ods_code: "Y90001".into(),
                name: "Leeds Urgent Care Service".into(),
                telephone: "0113 496 0000".into(),
                org_type: Some(OrganisationType::UrgentCare),
            },
            consumer_asid: "200000000359".into(),
            ssp_url: "https://127.0.0.1:4430".into(),
            sds_url: "https://127.0.0.1:4430/sds".into(),
            user: UserSettings {
                user_id: "demo-user".into(),
                family_name: "Jones".into(),
                given_names: "Claire".into(),
                ..UserSettings::default()
            },
            practices: vec![
                practice("A20047", "918999198738"),
                practice("B82617", "918999198739"),
                practice("C81001", "918999198740"),
                practice("D82001", "918999198741"),
            ],
            timeouts: TimeoutSettings::default(),
            nhs111: Nhs111Settings::default(),
            device_id: "device-1".into(),
        }
    }

    #[test]
    fn valid_settings_make_an_identity() {
        let settings = demo();
        assert_eq!(settings.validate(), vec![]);
        let identity = settings.identity().unwrap();
        assert_eq!(identity.organisation.ods_code.as_str(), "Y90001");
        assert_eq!(identity.system.device_id, "device-1");
        assert_eq!(settings.practice_entries().len(), 4);
        assert_eq!(settings.user.display_name(), "Claire Jones");
    }

    #[test]
    fn every_field_is_checked() {
        let mut settings = demo();
        settings.organisation.ods_code = "??".into();
        settings.consumer_asid = "abc".into();
        settings.ssp_url = "http://insecure".into();
        settings.practices[0].provider_root = "https://p/A1/".into();
        settings.sds_url = String::new();
        settings.practices[1].asid = String::new();
        settings.timeouts.request_seconds = 0;
        let fields: Vec<String> = settings.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "organisation.odsCode",
                "consumerAsid",
                "sspUrl",
                "practices.0.providerRoot",
                "practices.1.providerRoot",
                "timeouts.requestSeconds"
            ]
        );
    }

    #[test]
    fn stored_json_is_camel_case_and_tolerates_missing_fields() {
        let json = serde_json::to_value(demo()).unwrap();
        assert_eq!(json["organisation"]["odsCode"], "Y90001");
        assert_eq!(json["mode"], "demo");
        let partial: Settings =
            serde_json::from_str(r#"{"mode":"live","consumerAsid":"1"}"#).unwrap();
        assert_eq!(partial.mode, Mode::Live);
        assert_eq!(partial.timeouts, TimeoutSettings::default());
    }
}
