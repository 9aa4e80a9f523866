//! The local audit trail: one row per request that reads or writes a patient's data at a
//! practice (from the client's [`ExchangeObserver`]), and one per user resolution of a
//! journal entry. Append-only (triggers); old rows go only through [`Journal::purge_audit`].

use chrono::{DateTime, Utc};
use gpconnect::exchange::{Exchange, ExchangeObserver};
use gpconnect::interaction::Interaction;
use gpconnect::outcome::Answer;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::entries::JournalEntry;
use crate::{Journal, Result};

/// What came of an audited action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AuditOutcome {
    /// The practice answered with success.
    Ok,
    /// Refused (not done).
    Refused,
    /// A write whose answer was lost: outcome unknown at that moment.
    Unknown,
    /// A read that failed, or a request that was never sent.
    Failed,
    /// A user closed a journal entry after checking with the practice.
    Resolved,
}

impl AuditOutcome {
    /// `ok`, `refused`, `unknown`, `failed`, `resolved`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Refused => "refused",
            Self::Unknown => "unknown",
            Self::Failed => "failed",
            Self::Resolved => "resolved",
        }
    }

    /// Parses [`AuditOutcome::as_str`]; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "ok" => Self::Ok,
            "refused" => Self::Refused,
            "unknown" => Self::Unknown,
            "failed" => Self::Failed,
            "resolved" => Self::Resolved,
            _ => return None,
        })
    }
}

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditRecord {
    /// Row id (ascending with time).
    pub id: i64,
    /// When (UTC); shown in UK time.
    pub at: DateTime<Utc>,
    /// The user's local id.
    pub user_id: String,
    /// The user's name.
    pub user_name: String,
    /// The booking organisation's ODS code.
    pub organisation: String,
    /// The practice's ODS code.
    pub practice: String,
    /// The `Ssp-InteractionID` (empty for a user's resolution).
    pub interaction_id: String,
    /// What the user did: `find patient`, `register`, `book`, `view`, `amend`, `cancel`,
    /// `reschedule`, `check` (a read of a lost answer), `resolve`.
    pub action: String,
    /// The `Ssp-TraceID`.
    pub trace_id: String,
    /// What came of it.
    pub outcome: AuditOutcome,
    /// HTTP status, when an answer arrived.
    pub http_status: Option<u16>,
    /// The error code, when it failed.
    pub error_code: Option<String>,
    /// The provider's Spine code or the proxy's token.
    pub spine_code: Option<String>,
    /// The appointment (or patient) id.
    pub resource_id: Option<String>,
    /// The patient's NHS number, when known.
    pub nhs_number: Option<String>,
    /// What the user said about the call (why a slot after the disposition timeframe was
    /// booked), on its writes.
    pub note: Option<String>,
}

/// Which rows to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditFilter {
    /// Only this NHS number (10 digits).
    pub nhs_number: Option<String>,
    /// Only this practice (ODS code).
    pub practice: Option<String>,
    /// Only this outcome.
    pub outcome: Option<AuditOutcome>,
    /// Only from this time on.
    pub since: Option<DateTime<Utc>>,
    /// At most this many, newest first (default 500).
    pub limit: Option<u32>,
}

/// The action an interaction stands for, when it touches a patient's data; `None` for the
/// organisation reads (slots, locations, practitioners, metadata), which are not audited.
fn action_of(interaction: Interaction) -> Option<&'static str> {
    Some(match interaction {
        Interaction::FindPatient | Interaction::ReadPatient => "find patient",
        Interaction::RegisterPatient => "register",
        Interaction::BookAppointment => "book",
        Interaction::RetrievePatientAppointments | Interaction::ReadAppointment => "view",
        Interaction::AmendAppointment => "amend",
        Interaction::CancelAppointment => "cancel",
        _ => return None,
    })
}

fn outcome_of(exchange: &Exchange) -> AuditOutcome {
    match exchange.answer {
        None => AuditOutcome::Ok,
        Some(_) if !exchange.interaction.is_write() => AuditOutcome::Failed,
        Some(Answer::Refused) => AuditOutcome::Refused,
        Some(Answer::Unknown) => AuditOutcome::Unknown,
        Some(Answer::NotSent) => AuditOutcome::Failed,
    }
}

impl Journal {
    /// Appends the audit row of `exchange` when it touches a patient's data; returns its id.
    ///
    /// Errors: [`crate::JournalError::Sqlite`].
    pub fn append_exchange(&self, exchange: &Exchange) -> Result<Option<i64>> {
        let Some(own) = action_of(exchange.interaction) else {
            return Ok(None);
        };
        let action = match exchange.context.action {
            Some("check") => "check",
            Some(other) if exchange.interaction.is_write() => other,
            _ => own,
        };
        let connection = self.lock();
        connection.execute(
            "INSERT INTO audit (at, user_id, user_name, organisation, practice, interaction_id, \
             action, trace_id, outcome, http_status, error_code, spine_code, resource_id, \
             nhs_number, note) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                exchange.started_at.to_rfc3339(),
                exchange.user_id,
                exchange.user_name,
                exchange.organisation.as_str(),
                exchange.practice.as_str(),
                exchange.interaction.id(),
                action,
                exchange.trace_id.to_string(),
                outcome_of(exchange).as_str(),
                exchange.status,
                exchange.error_code,
                exchange.spine_code,
                exchange.resource_id,
                exchange
                    .context
                    .nhs_number
                    .as_ref()
                    .map(|n| n.as_str().to_owned()),
                exchange
                    .context
                    .note
                    .as_deref()
                    .filter(|_| exchange.interaction.is_write()),
            ],
        )?;
        Ok(Some(connection.last_insert_rowid()))
    }

    /// Appends a user's resolution of `entry`.
    pub(crate) fn append_resolution(&self, entry: &JournalEntry, now: DateTime<Utc>) -> Result<()> {
        let write = &entry.write;
        self.lock().execute(
            "INSERT INTO audit (at, user_id, user_name, organisation, practice, interaction_id, \
             action, trace_id, outcome, resource_id, nhs_number) \
             VALUES (?1, ?2, ?3, ?4, ?5, '', 'resolve', ?6, 'resolved', ?7, ?8)",
            params![
                now.to_rfc3339(),
                write.user_id,
                write.user_name,
                write.organisation.as_str(),
                write.practice.as_str(),
                write.trace_id.to_string(),
                write.detail.appointment_id().map(ToString::to_string),
                write.nhs_number.as_ref().map(|n| n.as_str().to_owned()),
            ],
        )?;
        Ok(())
    }

    /// The rows matching `filter`, newest first.
    ///
    /// Errors: [`crate::JournalError::Sqlite`].
    pub fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditRecord>> {
        let connection = self.lock();
        let mut statement = connection.prepare(
            "SELECT id, at, user_id, user_name, organisation, practice, interaction_id, action, \
             trace_id, outcome, http_status, error_code, spine_code, resource_id, nhs_number, \
             note FROM audit WHERE (?1 IS NULL OR nhs_number = ?1) AND (?2 IS NULL OR practice = ?2) \
             AND (?3 IS NULL OR outcome = ?3) AND (?4 IS NULL OR at >= ?4) \
             ORDER BY id DESC LIMIT ?5",
        )?;
        let rows = statement.query_map(
            params![
                filter.nhs_number,
                filter.practice.as_ref().map(|p| p.to_ascii_uppercase()),
                filter.outcome.map(AuditOutcome::as_str),
                filter.since.map(|s| s.to_rfc3339()),
                filter.limit.unwrap_or(500),
            ],
            |row| {
                let at: String = row.get(1)?;
                let outcome: String = row.get(9)?;
                Ok(AuditRecord {
                    id: row.get(0)?,
                    at: DateTime::parse_from_rfc3339(&at)
                        .map(|t| t.with_timezone(&Utc))
                        .unwrap_or_default(),
                    user_id: row.get(2)?,
                    user_name: row.get(3)?,
                    organisation: row.get(4)?,
                    practice: row.get(5)?,
                    interaction_id: row.get(6)?,
                    action: row.get(7)?,
                    trace_id: row.get(8)?,
                    outcome: AuditOutcome::parse(&outcome).unwrap_or(AuditOutcome::Failed),
                    http_status: row.get(10)?,
                    error_code: row.get(11)?,
                    spine_code: row.get(12)?,
                    resource_id: row.get(13)?,
                    nhs_number: row.get(14)?,
                    note: row.get(15)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Deletes audit rows older than `cutoff` (the retention period), the only deletion the
    /// triggers allow; returns how many.
    ///
    /// Errors: [`crate::JournalError::Sqlite`].
    pub fn purge_audit(&self, cutoff: DateTime<Utc>) -> Result<usize> {
        let mut connection = self.lock();
        let transaction = connection.transaction()?;
        transaction.execute("UPDATE purge_gate SET open = 1", [])?;
        let deleted = transaction.execute(
            "DELETE FROM audit WHERE at < ?1",
            params![cutoff.to_rfc3339()],
        )?;
        transaction.execute("UPDATE purge_gate SET open = 0", [])?;
        transaction.commit()?;
        Ok(deleted)
    }
}

impl ExchangeObserver for Journal {
    fn exchanged(&self, exchange: &Exchange) {
        if let Err(error) = self.append_exchange(exchange) {
            tracing::error!(target: "gpconnect_journal", %error, trace_id = %exchange.trace_id, "audit row not written");
        }
    }
}
