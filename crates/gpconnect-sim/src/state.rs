//! The simulator's shared state: the practices (each behind its own lock), their faults, the
//! simulated PDS, the clock and the version counter.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, Utc};

use std::collections::VecDeque;

use crate::faults::Faults;
use crate::fixtures::{PdsRecord, pds_records};
use crate::jwt::Requester;
use crate::model::PracticeData;
use crate::practice::Practice;
use crate::seed::{SimConfig, build_practice};
use crate::time::Clock;

/// Everything the simulator holds.
#[derive(Debug)]
pub struct Sim {
    config: SimConfig,
    /// Who each practice is: fixed for the simulator's life, read without locking, so
    /// routing never waits for another practice's work.
    directory: Vec<Practice>,
    practices: Vec<Mutex<PracticeData>>,
    faults: Mutex<HashMap<String, Faults>>,
    /// Reads throttled so far per practice since its faults were set.
    throttled: Mutex<HashMap<String, u32>>,
    pds: Vec<PdsRecord>,
    clock: Arc<dyn Clock>,
    versions: AtomicU64,
    requests: Mutex<VecDeque<LoggedRequest>>,
}

/// How many GP Connect requests [`Sim::requests`] remembers (the oldest are dropped).
pub const REQUEST_LOG_SIZE: usize = 1000;

/// A GP Connect request as the provider saw it: where, which interaction, and who the audit
/// JWT says asked (§4.2). Kept so tests can check, from the provider's side, that every
/// request carried the signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoggedRequest {
    /// The practice's ODS code.
    pub ods_code: String,
    /// The interaction ID.
    pub interaction_id: String,
    /// Who asked.
    pub requester: Requester,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Sim {
    /// Seeds every practice as of the clock's now.
    ///
    /// Errors: a message naming a practice whose seed is invalid.
    pub fn new(config: SimConfig, clock: Arc<dyn Clock>) -> Result<Self, String> {
        let pds = pds_records();
        let now = clock.now();
        let first_version = u64::try_from(now.timestamp_millis()).unwrap_or(1);
        let version = first_version.to_string();
        let practices = config
            .practices
            .iter()
            .map(|seed| build_practice(seed, config.weeks_ahead, &pds, now, &version))
            .collect::<Result<Vec<_>, _>>()?;
        let directory = practices.iter().map(|p| p.practice.clone()).collect();
        Ok(Self {
            config,
            directory,
            practices: practices.into_iter().map(Mutex::new).collect(),
            faults: Mutex::new(HashMap::new()),
            throttled: Mutex::new(HashMap::new()),
            pds,
            clock,
            versions: AtomicU64::new(first_version + 1),
            requests: Mutex::new(VecDeque::new()),
        })
    }

    /// Re-seeds every practice as of now (appointments and registrations are lost) and clears
    /// all faults.
    pub fn reset(&self) {
        let now = self.now();
        let version = self.next_version();
        for (seed, slot) in self.config.practices.iter().zip(&self.practices) {
            if let Ok(fresh) =
                build_practice(seed, self.config.weeks_ahead, &self.pds, now, &version)
            {
                *lock(slot) = fresh;
            }
        }
        lock(&self.faults).clear();
    }

    /// Now, from the injected clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// A new `versionId`: every write gets one (§2.3).
    pub fn next_version(&self) -> String {
        self.versions.fetch_add(1, Ordering::Relaxed).to_string()
    }

    /// The configuration the practices were seeded from.
    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// The simulated PDS.
    pub fn pds(&self) -> &[PdsRecord] {
        &self.pds
    }

    /// Consumer ASIDs the proxy lets through.
    pub fn consumer_asids(&self) -> &[String] {
        &self.config.consumer_asids
    }

    /// The practices (ODS code, name, root, ASID).
    pub fn practices(&self) -> Vec<Practice> {
        self.directory.clone()
    }

    /// Practice `index` (ODS code, name, root, ASID).
    pub fn practice(&self, index: usize) -> Option<&Practice> {
        self.directory.get(index)
    }

    /// The index of the practice whose root starts `target` (followed by `/`), and the rest
    /// of the path.
    pub fn route<'a>(&self, target: &'a str) -> Option<(usize, &'a str)> {
        self.directory.iter().enumerate().find_map(|(i, p)| {
            target
                .strip_prefix(p.provider_root.as_str())
                .and_then(|rest| rest.strip_prefix('/'))
                .map(|rest| (i, rest))
        })
    }

    /// The index of the practice with `asid`.
    pub fn practice_by_asid(&self, asid: &str) -> Option<usize> {
        self.directory.iter().position(|p| p.asid == asid)
    }

    /// The index of the practice with `ods` (any case).
    pub fn practice_by_ods(&self, ods: &str) -> Option<usize> {
        self.directory
            .iter()
            .position(|p| p.ods_code.eq_ignore_ascii_case(ods))
    }

    /// Runs `f` with practice `index` locked. Never hold the lock across an `.await`.
    pub fn with_practice<R>(
        &self,
        index: usize,
        f: impl FnOnce(&mut PracticeData) -> R,
    ) -> Option<R> {
        self.practices.get(index).map(|p| f(&mut lock(p)))
    }

    /// The practice made a home visit (1.2.9) for the patient with `nhs_number` at `ods`;
    /// its appointment id, `None` when either is unknown.
    pub fn add_visit(&self, ods: &str, nhs_number: &str) -> Option<String> {
        let version = self.next_version();
        let now = self.now();
        let index = self.practice_by_ods(ods)?;
        self.with_practice(index, |p| {
            crate::visits::add_visit(p, nhs_number, now, &version)
        })
        .flatten()
    }

    /// Another client takes slot `slot` at practice `ods`; `false` when either is unknown.
    pub fn take_slot(&self, ods: &str, slot: &str) -> bool {
        let version = self.next_version();
        self.practice_by_ods(ods)
            .and_then(|index| {
                self.with_practice(index, |p| {
                    p.slots.iter_mut().find(|s| s.id == slot).map(|s| {
                        s.busy = true;
                        s.version = version.clone();
                    })
                })
            })
            .flatten()
            .is_some()
    }

    /// Another client amends appointment `id` at practice `ods` (a new version), so a change
    /// sent with the old `If-Match` gets 409; `false` when either is unknown.
    pub fn touch_appointment(
        &self,
        ods: &str,
        id: &str,
        description: Option<&str>,
        comment: Option<&str>,
    ) -> bool {
        let version = self.next_version();
        self.practice_by_ods(ods)
            .and_then(|index| {
                self.with_practice(index, |p| {
                    p.appointments.get_mut(id).map(|a| {
                        if let Some(d) = description {
                            a.resource["description"] = serde_json::json!(d);
                        }
                        if let Some(c) = comment {
                            a.resource["comment"] = serde_json::json!(c);
                        }
                        a.resource["meta"]["versionId"] = serde_json::json!(version);
                        a.version = version.clone();
                    })
                })
            })
            .flatten()
            .is_some()
    }

    /// Remembers a request that passed the JWT checks.
    pub fn log_request(&self, request: LoggedRequest) {
        let mut log = lock(&self.requests);
        if log.len() == REQUEST_LOG_SIZE {
            log.pop_front();
        }
        log.push_back(request);
    }

    /// The GP Connect requests that passed the JWT checks, oldest first (at most
    /// [`REQUEST_LOG_SIZE`]).
    pub fn requests(&self) -> Vec<LoggedRequest> {
        lock(&self.requests).iter().cloned().collect()
    }

    /// The faults set for practice `ods`.
    pub fn faults(&self, ods: &str) -> Faults {
        lock(&self.faults)
            .get(&ods.to_ascii_uppercase())
            .cloned()
            .unwrap_or_default()
    }

    /// Sets the faults of practice `ods`; `false` when there is no such practice.
    pub fn set_faults(&self, ods: &str, faults: Faults) -> bool {
        if self.practice_by_ods(ods).is_none() {
            return false;
        }
        lock(&self.throttled).remove(&ods.to_ascii_uppercase());
        lock(&self.faults).insert(ods.to_ascii_uppercase(), faults);
        true
    }

    /// True when this read at practice `ods` is to be throttled: every read when `times` is
    /// 0, else the first `times` reads since the faults were set.
    pub fn take_throttle(&self, ods: &str, times: u32) -> bool {
        let mut throttled = lock(&self.throttled);
        let count = throttled.entry(ods.to_ascii_uppercase()).or_insert(0);
        if times != 0 && *count >= times {
            return false;
        }
        *count += 1;
        true
    }
}
