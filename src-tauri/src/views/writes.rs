//! Writes whose outcome was unknown (the journal) and the audit trail (History), as the
//! screens show them: UK times, NHS numbers grouped 3 3 4, a sentence saying what happened.

use gpconnect::pending::WriteDetail;
use gpconnect_journal::{AuditOutcome, AuditRecord, EntryState, JournalEntry};
use serde::{Deserialize, Serialize};

/// `instant` in UK time, `yyyy-mm-ddThh:mm:ss+hh:mm`.
fn uk(instant: chrono::DateTime<chrono::Utc>) -> String {
    gpconnect::time::format_datetime(instant)
}

/// A write recorded in the journal, as the screens show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PendingWriteView {
    /// The journal entry (for "check now" and "resolve").
    pub id: i64,
    /// `book`, `register`, `amend`, `cancel`.
    pub kind: String,
    /// "a booking for 947 671 9931 at Dr Legg's Surgery".
    pub description: String,
    /// The practice's ODS code.
    pub ods_code: String,
    /// The patient's NHS number, grouped 3 3 4, when known.
    pub nhs_number: Option<String>,
    /// When it was sent, UK local.
    pub sent_at: String,
    /// Who sent it.
    pub user: String,
    /// The write's `Ssp-TraceID`, to quote to the practice or support.
    pub trace_id: String,
    /// `open` (still unknown), `made`, `notMade`, `resolvedByUser`.
    pub state: String,
    /// The appointment or patient id made or changed, when known.
    pub made_id: Option<String>,
    /// When it was last checked, UK local.
    pub checked_at: Option<String>,
    /// Sent before the app last closed (or crashed).
    pub from_earlier_session: bool,
    /// The sentence to show, e.g. "When the app closed at 14:02 a booking for 943 476 5919
    /// at Dr Legg's Surgery was being sent: it was made."
    pub message: String,
}

impl PendingWriteView {
    /// The view of `entry`; `earlier` when it was open at start-up.
    pub fn new(entry: &JournalEntry, earlier: bool) -> Self {
        let write = &entry.write;
        let what = match &write.detail {
            WriteDetail::Book { .. } => "a booking".to_owned(),
            WriteDetail::Register => "a temporary registration".to_owned(),
            WriteDetail::Amend { appointment_id, .. } => {
                format!("a change to appointment {appointment_id}")
            }
            WriteDetail::Cancel { appointment_id, .. } => {
                format!("the cancellation of appointment {appointment_id}")
            }
        };
        let patient = write
            .nhs_number
            .as_ref()
            .map(|n| format!(" for {}", n.formatted()))
            .unwrap_or_default();
        let description = format!("{what}{patient} at {}", write.practice_name);
        let sent = gpconnect::time::uk_local(write.sent_at);
        let at = if sent.date_naive() == gpconnect::time::uk_date(chrono::Utc::now()) {
            sent.format("%H:%M").to_string()
        } else {
            sent.format("%-d %b %Y %H:%M").to_string()
        };
        let lead = if earlier {
            format!("When the app closed at {at} {description} was being sent:")
        } else {
            let mut text = format!("At {at} {description} was sent and its answer lost:");
            if let Some(first) = text.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            text
        };
        let made = entry
            .made_id
            .as_deref()
            .map(|id| format!(" ({id})"))
            .unwrap_or_default();
        let message = match entry.state {
            EntryState::Open => format!(
                "{lead} it is still unknown. Do not repeat it yet: the app keeps checking. If it \
                 stays unknown, call the practice."
            ),
            EntryState::Made => format!("{lead} it was made{made}."),
            EntryState::NotMade => format!(
                "{lead} it was not made. {}",
                entry.note.clone().unwrap_or_default()
            ),
            EntryState::ResolvedByUser => format!(
                "{lead} closed after checking with the practice: {}",
                entry.note.clone().unwrap_or_default()
            ),
        };
        Self {
            id: entry.id.0,
            kind: write.detail.kind().to_owned(),
            description,
            ods_code: write.practice.to_string(),
            nhs_number: write
                .nhs_number
                .as_ref()
                .map(gpconnect::NhsNumber::formatted),
            sent_at: uk(write.sent_at),
            user: write.user_name.clone(),
            trace_id: write.trace_id.to_string(),
            state: match entry.state {
                EntryState::Open => "open",
                EntryState::Made => "made",
                EntryState::NotMade => "notMade",
                EntryState::ResolvedByUser => "resolvedByUser",
            }
            .to_owned(),
            made_id: entry.made_id.clone(),
            checked_at: entry.checked_at.map(uk),
            from_earlier_session: earlier,
            message: message.trim().to_owned(),
        }
    }
}

/// What the background checks tell the screens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum WritesEvent {
    /// A write was checked: here it is as it now stands.
    Updated {
        /// The write.
        write: PendingWriteView,
    },
}

/// Which audit rows to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct HistoryFilter {
    /// Only this NHS number (spaces allowed).
    pub nhs_number: Option<String>,
    /// Only this practice.
    pub ods_code: Option<String>,
    /// Only this outcome: `ok`, `refused`, `unknown`, `failed`, `resolved`.
    pub outcome: Option<String>,
    /// The last N days (1 = today only).
    pub days: Option<u32>,
}

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct HistoryRow {
    /// Row id.
    pub id: i64,
    /// When, UTC (`…Z`).
    pub at_utc: String,
    /// When, UK local.
    pub at_uk: String,
    /// Who.
    pub user: String,
    /// The booking organisation's ODS code.
    pub organisation: String,
    /// The practice's ODS code.
    pub ods_code: String,
    /// `find patient`, `register`, `book`, `view`, `amend`, `cancel`, `reschedule`, `check`,
    /// `resolve`.
    pub action: String,
    /// The `Ssp-InteractionID`.
    pub interaction_id: String,
    /// `ok`, `refused`, `unknown`, `failed`, `resolved`.
    pub outcome: String,
    /// HTTP status.
    pub http_status: Option<u16>,
    /// The Spine code, proxy token or error code.
    pub code: Option<String>,
    /// The appointment (or patient) id.
    pub appointment_id: Option<String>,
    /// The NHS number, grouped 3 3 4.
    pub nhs_number: Option<String>,
    /// The `Ssp-TraceID`.
    pub trace_id: String,
    /// What the user said about it: why a slot after the disposition timeframe was booked.
    pub note: Option<String>,
}

impl From<&AuditRecord> for HistoryRow {
    fn from(r: &AuditRecord) -> Self {
        Self {
            id: r.id,
            at_utc: r.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            at_uk: uk(r.at),
            user: r.user_name.clone(),
            organisation: r.organisation.clone(),
            ods_code: r.practice.clone(),
            action: r.action.clone(),
            interaction_id: r.interaction_id.clone(),
            outcome: r.outcome.as_str().to_owned(),
            http_status: r.http_status,
            code: r.spine_code.clone().or_else(|| r.error_code.clone()),
            appointment_id: r.resource_id.clone(),
            nhs_number: r
                .nhs_number
                .as_deref()
                .and_then(|n| gpconnect::NhsNumber::parse(n).ok())
                .map(|n| n.formatted()),
            trace_id: r.trace_id.clone(),
            note: r.note.clone(),
        }
    }
}

/// The audit outcome named `text`.
pub fn outcome(text: &str) -> Option<AuditOutcome> {
    AuditOutcome::parse(text)
}
