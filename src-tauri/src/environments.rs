//! The environments side by side: the settings of the one in use, and those of the others
//! kept aside so that switching (Demo, INT, DEP, Live) loses nothing. Stored together under
//! the settings store's one key as `{…settings in use…, "otherEnvironments": {"int": {…}}}`,
//! so a file written before environments existed still loads as the settings in use.
//!
//! A new environment starts from its preset addresses (`gpconnect::environment`); the time
//! limits, idle timeout and device id are the installation's and carry over.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::settings::{Cis2Settings, Environment, PdsSettings, Settings};

/// What the settings store holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredSettings {
    /// The settings of the environment in use.
    #[serde(flatten)]
    pub active: Settings,
    /// The settings of the others, by environment.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other_environments: BTreeMap<Environment, Settings>,
}

/// New settings for `environment`, from its preset: the SSP, SDS, CIS2 issuer, PDS and
/// token endpoint where known (the rest is filled in by the site).
pub fn from_preset(environment: Environment) -> Settings {
    let preset = environment.preset();
    let url = |u: Option<gpconnect::environment::PresetUrl>| u.map(|u| u.url).unwrap_or_default();
    Settings {
        environment,
        ssp_url: url(preset.ssp_url),
        sds_url: url(preset.sds_url),
        cis2: Cis2Settings {
            issuer: url(preset.cis2_issuer),
            ..Cis2Settings::default()
        },
        pds: PdsSettings::from_preset(environment),
        ..Settings::default()
    }
}

/// Switches from `current` to `to`: `current` is kept in `others`, and the settings of `to`
/// are taken from there (or its preset), with this installation's time limits, idle timeout
/// and device id.
pub fn switch(
    current: Settings,
    others: &mut BTreeMap<Environment, Settings>,
    to: Environment,
) -> Settings {
    if current.environment == to {
        return current;
    }
    let timeouts = current.timeouts.clone();
    let device_id = current.device_id.clone();
    let idle = current.idle_timeout_minutes;
    others.insert(current.environment, current);
    let mut next = others.remove(&to).unwrap_or_else(|| from_preset(to));
    next.environment = to;
    next.timeouts = timeouts;
    next.device_id = device_id;
    next.idle_timeout_minutes = idle;
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switching_keeps_each_environments_settings() {
        let mut others = BTreeMap::new();
        let mut int = from_preset(Environment::Int);
        assert!(int.cis2.issuer.contains(":443/"));
        assert_eq!(
            int.sds_url,
            "https://int.api.service.nhs.uk/spine-directory/FHIR/R4"
        );
        int.consumer_asid = "200000000111".into();
        int.device_id = "device-1".into();
        let live = switch(int, &mut others, Environment::Live);
        assert_eq!(live.environment, Environment::Live);
        assert_eq!(live.device_id, "device-1", "the device id carries over");
        assert!(live.consumer_asid.is_empty());
        let back = switch(live, &mut others, Environment::Int);
        assert_eq!(back.consumer_asid, "200000000111", "nothing lost");
        assert!(others.contains_key(&Environment::Live));
    }

    #[test]
    fn the_store_reads_an_older_file_and_keeps_the_others() {
        let old = r#"{"mode":"demo","consumerAsid":"1","deviceId":"d"}"#;
        let stored: StoredSettings = serde_json::from_str(old).unwrap();
        assert_eq!(stored.active.environment, Environment::Demo);
        assert!(stored.other_environments.is_empty());
        let mut stored = stored;
        stored
            .other_environments
            .insert(Environment::Int, from_preset(Environment::Int));
        let json = serde_json::to_value(&stored).unwrap();
        assert_eq!(json["environment"], "demo");
        assert_eq!(json["otherEnvironments"]["int"]["environment"], "int");
        let again: StoredSettings = serde_json::from_value(json).unwrap();
        assert_eq!(again, stored);
    }
}
