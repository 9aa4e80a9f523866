//! Locations and practitioners, read once per session (§3.6: appointments carry only
//! references, and the same display requirements as slot search apply; §3.10 reads).
//!
//! Belongs here: the cache keyed by practice and logical id, the flattened summaries a
//! screen shows, and [`AppointmentDetails`] (an appointment with its location and
//! practitioner). Does not belong here: how a screen lays them out. A failed read is not
//! remembered, so the next look tries again; the appointment is still shown, by id.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::{Deserialize, Serialize};

use crate::appointments::AppointmentRecord;
use crate::client::Client;
use crate::config::Practice;
use crate::fhir::{Address, HumanName, Location, Practitioner};
use crate::ids::{LocationId, PractitionerId};

/// Where an appointment or slot takes place, flattened for display.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LocationSummary {
    /// Location name, e.g. "Dr Legg's Surgery".
    pub name: Option<String>,
    /// Address lines, postcode last.
    pub address: Vec<String>,
    /// Phone number.
    pub phone: Option<String>,
}

impl LocationSummary {
    /// The summary of a Location resource: name, first address, first phone. An address
    /// line that only says "Unknown" (the 1.2.9 "unknown visit location" of a home visit) is
    /// left out rather than shown as an address.
    pub fn of(location: &Location) -> Self {
        Self {
            name: location.name.clone(),
            address: location
                .address
                .first()
                .map(Address::lines)
                .unwrap_or_default()
                .into_iter()
                .filter(|line| !line.trim().eq_ignore_ascii_case("unknown"))
                .collect(),
            phone: location
                .telecom
                .iter()
                .find(|t| t.system.as_deref() == Some("phone"))
                .and_then(|t| t.value.clone()),
        }
    }
}

/// Who an appointment is with, flattened for display.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PractitionerSummary {
    /// Display name, e.g. "Dr Gemma Jones".
    pub name: Option<String>,
    /// Administrative gender, as the provider sent it.
    pub gender: Option<String>,
}

impl PractitionerSummary {
    /// The summary of a Practitioner resource: first name, gender.
    pub fn of(practitioner: &Practitioner) -> Self {
        Self {
            name: practitioner
                .name
                .first()
                .map(HumanName::display)
                .filter(|n| !n.is_empty()),
            gender: practitioner.gender.clone(),
        }
    }
}

/// An appointment with its location and practitioner, as far as they could be read.
#[derive(Debug, Clone, PartialEq)]
pub struct AppointmentDetails {
    /// The appointment as read.
    pub record: AppointmentRecord,
    /// Its location; `None` when it has none or the read failed.
    pub location: Option<LocationSummary>,
    /// Its practitioner; `None` when it has none or the read failed.
    pub practitioner: Option<PractitionerSummary>,
}

type Key = (String, String);

/// Locations and practitioners read this session, by practice ODS code and logical id.
/// Shared by every screen of a session; [`Directory::clear`] when the session ends (ids are
/// local to a practice, §1, and may be reused after a practice changes its data).
#[derive(Debug, Default)]
pub struct Directory {
    locations: Mutex<HashMap<Key, LocationSummary>>,
    practitioners: Mutex<HashMap<Key, PractitionerSummary>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn key(practice: &Practice, id: &impl ToString) -> Key {
    (practice.ods_code.to_string(), id.to_string())
}

impl Directory {
    /// Forgets everything read (end of session).
    pub fn clear(&self) {
        lock(&self.locations).clear();
        lock(&self.practitioners).clear();
    }

    /// The location `id` at `practice`: cached, or read (§3.10) and remembered. `None` when
    /// the read fails.
    pub async fn location(
        &self,
        client: &Client,
        practice: &Practice,
        id: &LocationId,
    ) -> Option<LocationSummary> {
        let key = key(practice, id);
        if let Some(found) = lock(&self.locations).get(&key) {
            return Some(found.clone());
        }
        let summary = LocationSummary::of(&client.read_location(practice, id).await.ok()?);
        lock(&self.locations).insert(key, summary.clone());
        Some(summary)
    }

    /// The practitioner `id` at `practice`: cached, or read (§3.10) and remembered. `None`
    /// when the read fails.
    pub async fn practitioner(
        &self,
        client: &Client,
        practice: &Practice,
        id: &PractitionerId,
    ) -> Option<PractitionerSummary> {
        let key = key(practice, id);
        if let Some(found) = lock(&self.practitioners).get(&key) {
            return Some(found.clone());
        }
        let summary = PractitionerSummary::of(&client.read_practitioner(practice, id).await.ok()?);
        lock(&self.practitioners).insert(key, summary.clone());
        Some(summary)
    }

    /// Reads, concurrently and once each, every location and practitioner that `records`
    /// refer to and that is not cached yet. A failed read leaves that one out.
    pub async fn prefetch(
        &self,
        client: &Client,
        practice: &Practice,
        records: &[AppointmentRecord],
    ) {
        let mut locations = HashSet::new();
        let mut practitioners = HashSet::new();
        for record in records {
            let summary = record.summary();
            locations.extend(summary.location_id);
            practitioners.extend(summary.practitioner_id);
        }
        futures::future::join(
            futures::future::join_all(
                locations
                    .iter()
                    .map(|id| self.location(client, practice, id)),
            ),
            futures::future::join_all(
                practitioners
                    .iter()
                    .map(|id| self.practitioner(client, practice, id)),
            ),
        )
        .await;
    }

    /// `record` with its location and practitioner as cached now; reads nothing (see
    /// [`Directory::prefetch`]).
    pub fn cached_details(
        &self,
        practice: &Practice,
        record: &AppointmentRecord,
    ) -> AppointmentDetails {
        let summary = record.summary();
        AppointmentDetails {
            record: record.clone(),
            location: summary
                .location_id
                .and_then(|id| lock(&self.locations).get(&key(practice, &id)).cloned()),
            practitioner: summary
                .practitioner_id
                .and_then(|id| lock(&self.practitioners).get(&key(practice, &id)).cloned()),
        }
    }

    /// `record` with its location and practitioner, read when not cached.
    pub async fn details(
        &self,
        client: &Client,
        practice: &Practice,
        record: &AppointmentRecord,
    ) -> AppointmentDetails {
        self.prefetch(client, practice, std::slice::from_ref(record))
            .await;
        self.cached_details(practice, record)
    }
}
