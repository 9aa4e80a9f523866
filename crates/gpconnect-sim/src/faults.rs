//! Fault injection per practice: set by configuration, by the admin endpoint
//! (`PUT /admin/practices/{ods}/faults`) or in-process, and applied by the proxy to every
//! request for that practice.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The faults a practice shows. The default is none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct Faults {
    /// Milliseconds added before each answer.
    pub latency_ms: u64,
    /// Never answer (the connection stays open until the client gives up).
    pub hang: bool,
    /// Answer every request with this status instead (500, 502 or 504; 502/504 come in the
    /// proxy's shape, §6.3).
    pub status: Option<u16>,
    /// Answer writes only (POST, PUT) with this status instead: the practice still reads but
    /// refuses bookings, amendments and cancellations (e.g. 500).
    pub write_status: Option<u16>,
    /// Answer reads only (GET) with this status instead: the practice accepts writes but
    /// cannot be read, e.g. to lose both a booking's answer and the read that checks it.
    pub read_status: Option<u16>,
    /// Answer with a body cut short in the middle of the JSON.
    pub malformed_json: bool,
    /// Gzip every body (whether or not the consumer asked, as a misbehaving server would;
    /// a consumer that sends `Accept-Encoding: gzip` must cope).
    pub gzip: bool,
    /// For `POST /Appointment`: commit the booking, then drop the connection before the
    /// answer is complete.
    pub drop_after_booking: bool,
    /// For `PUT /Appointment/{id}` (amend, cancel): commit the change, then drop the
    /// connection before the answer is complete.
    pub drop_after_update: bool,
    /// For `PUT /Appointment/{id}`: another client changes the appointment just before the
    /// request is handled, so its `If-Match` is stale and the answer is 409.
    pub race_updates: bool,
    /// The proxy throttles reads (GET) with this status (429 per consumer, 503 global),
    /// in its shape, with `Retry-After: retry_after_seconds` when set.
    pub throttle_reads: Option<u16>,
    /// Seconds in the throttling answer's `Retry-After`.
    pub retry_after_seconds: Option<u64>,
    /// How many reads are throttled before the practice answers normally again (0: every
    /// read). Counted from when the faults were set.
    pub throttle_times: u32,
    /// Slot searches whose period starts this many days or more after today (UK) answer
    /// 502: the second 14-day window of a 4-week search fails while the first succeeds.
    pub fail_slot_search_from_day: Option<u32>,
    /// For every write (book, register, amend, cancel): commit it, then answer this status
    /// instead of the result: 502 and 504 in the proxy's shape (§6.3), anything else as the
    /// provider's `OperationOutcome` (500 `INTERNAL_SERVER_ERROR`).
    pub commit_then_status: Option<u16>,
    /// For every write: commit it, then send its 2xx answer with the body cut off in the
    /// middle of the JSON.
    pub commit_then_cut_body: bool,
    /// For every write: commit it, then never answer.
    pub commit_then_hang: bool,
    /// For every write: the proxy answers 504 at once, and the provider commits the write
    /// this many milliseconds later (a late commit behind the proxy's timeout).
    pub late_commit_ms: Option<u64>,
    /// Retrieve and read answers leave out `Appointment.slot` (a provider that does not
    /// return the booked slots).
    pub retrieve_without_slots: bool,
}

impl Faults {
    /// The added latency.
    pub fn latency(&self) -> Duration {
        Duration::from_millis(self.latency_ms)
    }

    /// True when no fault is set.
    pub fn is_none(&self) -> bool {
        *self == Self::default()
    }
}
