//! Demo mode: the built-in provider simulator (`gpconnect-sim`), started in-process on
//! 127.0.0.1 with its CIS2 and PDS stand-ins, its generated credentials, SDS API key, demo
//! CIS2 client key and demo PDS application keys put in the keyring through the same path as a site's own, and settings
//! pointing at it. One-click sign-in: the app answers the stand-in's sign-in page itself as
//! the chosen demo user, through the real code flow. Compiled only with the `demo` cargo
//! feature (on by default); without it the app has no simulator in it.

use std::sync::{Arc, Mutex};

use gpconnect::OrganisationType;
use gpconnect::secret::Sensitive;
use gpconnect_sim::cis2::browser::Answer;
use gpconnect_sim::{SimConfig, SimOptions, Simulator};

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::secrets::PemSet;
use crate::settings::{
    Cis2ClientAuth, Cis2Settings, Environment, Nhs111Settings, OrganisationSettings, PdsSettings,
    PracticeSettings, Settings,
};
use crate::state::{AppState, DemoAnswer, blocking, lock};
use crate::views::{DemoUserView, RoleView};

/// The organisation of the demo user's second role, allowed in demo settings, so that a
/// two-role user may work in either.
pub const DEMO_ALLOWED_ORGANISATION: &str = "Y90002";

/// The running simulator, if any.
#[derive(Debug, Default)]
pub struct DemoSimulator(Mutex<Option<Simulator>>);

/// What demo settings need from a running simulator.
struct Running {
    practices: Vec<PracticeSettings>,
    ssp_url: String,
    sds_url: String,
    pki: gpconnect_pki::DemoPki,
    cis2_issuer: String,
    cis2_client_key: Result<String, String>,
    pds_url: String,
    token_url: String,
    pds_client_key: Result<String, String>,
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
        cis2_issuer: simulator.cis2_issuer(),
        cis2_client_key: std::fs::read_to_string(simulator.cis2_client_key_path())
            .map_err(|e| e.to_string()),
        pds_url: simulator.pds_url(),
        token_url: simulator.token_url(),
        pds_client_key: std::fs::read_to_string(simulator.pds_client_key_path())
            .map_err(|e| e.to_string()),
    }
}

/// Settings for demo mode against a simulator, keeping this installation's device id and
/// time limits from `previous`.
fn demo_settings(running: Running, previous: &Settings) -> Settings {
    let consumer = gpconnect_sim::demo_consumer();
    Settings {
        environment: Environment::Demo,
        allowed_organisations: vec![DEMO_ALLOWED_ORGANISATION.to_owned()],
        spine_endpoint_url: consumer.system.issuer.clone(),
        device_identifier_system: consumer.system.identifier_system.clone(),
        cis2: Cis2Settings {
            issuer: running.cis2_issuer,
            client_id: gpconnect_sim::cis2::DEMO_CLIENT_ID.to_owned(),
            redirect_port: 0,
            client_auth: Cis2ClientAuth::PrivateKeyJwt,
            key_id: gpconnect_sim::cis2::DEMO_CLIENT_KEY_ID.to_owned(),
            acr_values: "AAL2_OR_AAL3_ANY".to_owned(),
        },
        pds: PdsSettings {
            url: running.pds_url,
            token_url: running.token_url,
            key_id: gpconnect_sim::pds::DEMO_KEY_ID.to_owned(),
        },
        idle_timeout_minutes: previous.idle_timeout_minutes,
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
        practices: running.practices,
        timeouts: previous.timeouts.clone(),
        // The demo organisation is an urgent care service: the 111 profile is on.
        nhs111: Nhs111Settings {
            enabled: true,
            ..previous.nhs111.clone()
        },
        device_id: previous.device_id.clone(),
        writes: previous.writes.clone(),
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
                    cis2_port: 0,
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
        let cis2_key = running.cis2_client_key.clone().map_err(|e| {
            CommandError::new(
                ErrorCode::Simulator,
                format!("The demo sign-in key could not be read: {e}"),
            )
        })?;
        let pds_key = running.pds_client_key.clone().map_err(|e| {
            CommandError::new(
                ErrorCode::Simulator,
                format!("The demo PDS key could not be read: {e}"),
            )
        })?;
        blocking(move || {
            let cis2_key = Sensitive::new(cis2_key);
            if keyring
                .cis2_client_key(Environment::Demo)?
                .as_ref()
                .map(Sensitive::expose)
                != Some(cis2_key.expose())
            {
                keyring.set_cis2_client_key(Environment::Demo, &cis2_key)?;
            }
            // Only write when the keyring does not already hold these credentials.
            if keyring.certificate(Environment::Demo)?.as_deref()
                != Some(pki.client_certificate_pem.as_str())
            {
                keyring.store(
                    Environment::Demo,
                    &PemSet {
                        certificate: pki.client_certificate_pem.clone(),
                        key: Sensitive::new(pki.client_key_pem.clone()),
                        trusted_ca: pki.ca_certificate_pem.clone(),
                    },
                )?;
            }
            let pds_key = Sensitive::new(pds_key);
            if keyring
                .pds_client_key(Environment::Demo)?
                .as_ref()
                .map(Sensitive::expose)
                != Some(pds_key.expose())
            {
                keyring.set_pds_client_key(Environment::Demo, &pds_key)?;
            }
            let pds_api_key = Sensitive::new(gpconnect_sim::pds::DEMO_API_KEY.to_owned());
            if keyring
                .pds_api_key(Environment::Demo)?
                .as_ref()
                .map(Sensitive::expose)
                != Some(pds_api_key.expose())
            {
                keyring.set_pds_api_key(Environment::Demo, &pds_api_key)?;
            }
            let key = Sensitive::new(gpconnect_sim::DEMO_SDS_API_KEY.to_owned());
            if keyring
                .sds_api_key(Environment::Demo)?
                .as_ref()
                .map(Sensitive::expose)
                != Some(key.expose())
            {
                keyring.set_sds_api_key(Environment::Demo, &key)?;
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

    /// The running simulator's state (its request log, sign-ins), for tests.
    pub fn simulator_state(&self) -> Option<Arc<gpconnect_sim::Sim>> {
        lock(&self.demo.0).as_ref().map(|s| s.state().clone())
    }

    /// The running simulator's CIS2 stand-in, for tests.
    pub fn simulator_cis2(&self) -> Option<Arc<gpconnect_sim::cis2::Cis2>> {
        lock(&self.demo.0).as_ref().map(|s| s.cis2().clone())
    }

    /// The running simulator's PDS stand-in (its request log, faults), for tests.
    pub fn simulator_pds(&self) -> Option<Arc<gpconnect_sim::pds::Pds>> {
        lock(&self.demo.0).as_ref().map(|s| s.pds().clone())
    }

    /// The stand-in's demo users and their roles, in demo mode (empty otherwise).
    pub fn demo_users(&self) -> Vec<DemoUserView> {
        if self.settings().environment != Environment::Demo || lock(&self.demo.0).is_none() {
            return Vec::new();
        }
        gpconnect_sim::cis2::demo_users()
            .iter()
            .map(|user| DemoUserView {
                uid: user.uid.to_owned(),
                name: user.display(),
                note: user.note.to_owned(),
                roles: user
                    .roles
                    .iter()
                    .map(|r| RoleView {
                        role_id: r.person_roleid.to_owned(),
                        name: r
                            .role_name
                            .rsplit(':')
                            .next()
                            .unwrap_or("")
                            .trim_matches('"')
                            .to_owned(),
                        org_code: r.org_code.to_owned(),
                        org_name: r.org_name.to_owned(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// How to answer the stand-in's sign-in page as `uid` in role `role_id`.
    ///
    /// Errors: SIMULATOR outside demo mode.
    pub fn demo_answer(&self, uid: String, role_id: String) -> CommandResult<DemoAnswer> {
        if self.settings().environment != Environment::Demo || lock(&self.demo.0).is_none() {
            return Err(CommandError::new(
                ErrorCode::Simulator,
                "One-click sign-in is for demo mode only. Sign in with NHS CIS2.",
            ));
        }
        let answer = Answer::SignIn { uid, role_id };
        Ok(Box::new(move |url: String| {
            Box::pin(async move { gpconnect_sim::cis2::browser::answer(&url, &answer).await })
        }))
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
        assert_eq!(settings.device_id, "device-1");
        assert!(settings.cis2.issuer.starts_with("http://127.0.0.1:"));
        assert_eq!(settings.practice_entries().len(), 4);
    }
}
