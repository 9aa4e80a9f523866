//! Searching free slots across practices (§3.2, §8), reported practice by practice.

use chrono::NaiveDate;
use gpconnect::ids::OdsCode;
use gpconnect::slots::{BookableSlot, MissingWindow, ServiceFiltering};
use serde::{Deserialize, Serialize};

use crate::error::CommandError;

/// A slot search over practices and UK dates (inclusive). Longer than 14 days is split by
/// the client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SlotSearchRequest {
    /// Practices to search.
    pub practices: Vec<OdsCode>,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

/// One practice's progress in a search, sent as it happens.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum SearchEvent {
    /// The practice is to be searched (it may wait its turn under the concurrency cap).
    Started {
        /// The practice.
        ods_code: OdsCode,
    },
    /// The practice's turn came: it is being asked now.
    Asked {
        /// The practice.
        ods_code: OdsCode,
        /// Milliseconds it waited for its turn.
        queued_ms: u64,
    },
    /// The practice answered.
    Finished {
        /// The practice.
        ods_code: OdsCode,
        /// Free, future slots.
        slots: Vec<BookableSlot>,
        /// Slots returned that had already started.
        past_slots: usize,
        /// Slots the provider sent that could not be offered.
        unusable_slots: usize,
        /// 14-day windows that failed after the first: their days were not searched.
        missing: Vec<MissingWindow>,
        /// Whether the practice filtered by the DoS service sent (111 profile only).
        service_filtering: Option<ServiceFiltering>,
        /// Milliseconds from the start of the search.
        elapsed_ms: u64,
    },
    /// The practice failed or ran out of time.
    Failed {
        /// The practice.
        ods_code: OdsCode,
        /// Why.
        error: CommandError,
        /// Milliseconds from the start of the search.
        elapsed_ms: u64,
    },
}

/// Totals once every practice has answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SearchSummary {
    /// Practices searched.
    pub practices: usize,
    /// Slots found in all.
    pub slots: usize,
    /// Practices that failed.
    pub failed: usize,
}
