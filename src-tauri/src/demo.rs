//! Demo mode: the built-in provider simulator (`gpconnect-sim`), started in-process on
//! 127.0.0.1, its generated credentials and SDS API key put in the keyring through the same
//! path as a site's own, and settings pointing at it. Compiled only with the `demo` cargo
//! feature (on by default); without it the app has no simulator in it.

use std::sync::{Arc, Mutex};

use gpconnect::OrganisationType;
use gpconnect::secret::Sensitive;
use gpconnect_sim::{SimConfig, SimOptions, Simulator};

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::secrets::PemSet;
use crate::settings::{
    Mode, Nhs111Settings, OrganisationSettings, PracticeSettings, Settings, UserSettings,
};
use crate::state::{AppState, blocking, lock};

/// The running simulator, if any.
#[derive(Debug, Default)]
pub struct DemoSimulator(Mutex<Option<Simulator>>);

/// What demo settings need from a running simulator.
struct Running {
    practices: Vec<PracticeSettings>,
    ssp_url: String,
    sds_url: String,
    pki: gpconnect_pki::DemoPki,
}

fn running(simulator: &Simulator) -> Running {
    Running {
        practices: simulator
            .practices()
            .iter()
            .map(|p| PracticeSettings {
                ods_code: p.ods_code.clone(),
                name: p.name.clone(),
                provider_root: p.provider_root.clone(),
                asid: p.asid.clone(),
            })
            .collect(),
        ssp_url: simulator.base_url(),
        sds_url: simulator.sds_url(),
        pki: simulator.pki().clone(),
    }
}

/// Settings for demo mode against a simulator, keeping this installation's device id and
/// time limits from `previous`.
fn demo_settings(running: Running, previous: &Settings) -> Settings {
    let consumer = gpconnect_sim::demo_consumer();
    Settings {
        mode: Mode::Demo,
        organisation: OrganisationSettings {
            ods_code: consumer.organisation.ods_code.clone(),
            name: consumer.organisation.name.clone(),
            telephone: consumer.organisation.telephone.clone(),
            org_type: consumer
                .organisation
                .org_type
                .as_deref()
                .and_then(OrganisationType::from_code),
        },
        consumer_asid: consumer.asid.clone(),
        ssp_url: running.ssp_url,
        sds_url: running.sds_url,
        user: UserSettings {
            user_id: consumer.user.id.clone(),
            family_name: consumer.user.family_name.clone(),
            given_names: consumer.user.given_names.join(" "),
            ..UserSettings::default()
        },
        practices: running.practices,
        timeouts: previous.timeouts.clone(),
        // The demo organisation is an urgent care service: the 111 profile is on.
        nhs111: Nhs111Settings {
            enabled: true,
            ..previous.nhs111.clone()
        },
        device_id: previous.device_id.clone(),
    }
}

impl AppState {
    /// The running simulator's base URL (demo mode), for tests and the banner.
    pub fn simulator_url(&self) -> Option<String> {
        lock(&self.demo.0).as_ref().map(Simulator::base_url)
    }

    /// Starts the in-process simulator (if not running), puts its generated credentials and
    /// SDS API key in the keyring through the same path as imported ones, and returns demo
    /// settings for it.
    ///
    /// Errors: SIMULATOR when it cannot start; KEYRING.
    pub async fn start_demo(&self, previous: &Settings) -> CommandResult<Settings> {
        let found = lock(&self.demo.0).as_ref().map(running);
        let running = match found {
            Some(found) => found,
            None => {
                // GPC_DEMO_SYNTHETIC=<n> serves n synthetic practices instead (benchmarks).
                let config = std::env::var("GPC_DEMO_SYNTHETIC")
                    .ok()
                    .and_then(|n| n.parse::<usize>().ok())
                    .map_or_else(SimConfig::demo, |n| SimConfig::synthetic(n, 3));
                let options = SimOptions {
                    config,
                    data_dir: self.data_dir().join("simulator"),
                    port: 0,
                    clock: Arc::new(gpconnect_sim::SystemClock),
                };
                let simulator = Simulator::start(options).await.map_err(|e| {
                    CommandError::new(
                        ErrorCode::Simulator,
                        format!("The built-in simulator could not start: {e}"),
                    )
                })?;
                let found = running(&simulator);
                *lock(&self.demo.0) = Some(simulator);
                found
            }
        };
        let keyring = self.keyring().clone();
        let pki = running.pki.clone();
        blocking(move || {
            // Only write when the keyring does not already hold these credentials.
            if keyring.certificate(Mode::Demo)?.as_deref()
                != Some(pki.client_certificate_pem.as_str())
            {
                keyring.store(
                    Mode::Demo,
                    &PemSet {
                        certificate: pki.client_certificate_pem.clone(),
                        key: Sensitive::new(pki.client_key_pem.clone()),
                        trusted_ca: pki.ca_certificate_pem.clone(),
                    },
                )?;
            }
            let key = Sensitive::new(gpconnect_sim::DEMO_SDS_API_KEY.to_owned());
            if keyring
                .sds_api_key(Mode::Demo)?
                .as_ref()
                .map(Sensitive::expose)
                != Some(key.expose())
            {
                keyring.set_sds_api_key(Mode::Demo, &key)?;
            }
            Ok(())
        })
        .await?;
        Ok(demo_settings(running, previous))
    }

    /// Stops the simulator (leaving demo mode).
    pub fn stop_demo(&self) {
        if let Some(simulator) = lock(&self.demo.0).take() {
            simulator.shutdown();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn demo_settings_are_valid_and_make_an_identity() {
        let simulator = Simulator::start(SimOptions::temporary(SimConfig::demo()))
            .await
            .unwrap();
        let previous = Settings {
            device_id: "device-1".into(),
            ..Settings::default()
        };
        let settings = demo_settings(running(&simulator), &previous);
        assert_eq!(settings.validate(), vec![]);
        let identity = settings.identity().unwrap();
        assert_eq!(identity.organisation.ods_code.as_str(), "Y90001");
        assert_eq!(identity.system.device_id, "device-1");
        assert_eq!(settings.practice_entries().len(), 4);
    }
}
