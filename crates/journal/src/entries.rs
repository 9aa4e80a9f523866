//! The journal of writes: opened before sending, closed by a definitive outcome or by the
//! user, listed for start-up and background reconciliation and for the History screen.

use chrono::{DateTime, Utc};
use gpconnect::pending::{Closure, EntryId, PendingWrite, WriteJournal};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::{Journal, JournalError, Result};

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EntryState {
    /// Sent, outcome not yet known.
    Open,
    /// Done.
    Made,
    /// Not done.
    NotMade,
    /// Closed by the user after checking with the practice.
    ResolvedByUser,
}

impl EntryState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Made => "made",
            Self::NotMade => "notMade",
            Self::ResolvedByUser => "resolvedByUser",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "made" => Self::Made,
            "notMade" => Self::NotMade,
            "resolvedByUser" => Self::ResolvedByUser,
            _ => Self::Open,
        }
    }
}

impl From<Closure> for EntryState {
    fn from(closure: Closure) -> Self {
        match closure {
            Closure::Made => Self::Made,
            Closure::NotMade => Self::NotMade,
            Closure::ResolvedByUser => Self::ResolvedByUser,
        }
    }
}

/// One journal entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    /// Its id.
    pub id: EntryId,
    /// The write as recorded before sending.
    pub write: PendingWrite,
    /// Where it stands.
    pub state: EntryState,
    /// When it was closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// The appointment or patient id made or changed, when known.
    pub made_id: Option<String>,
    /// When it was last checked.
    pub checked_at: Option<DateTime<Utc>>,
    /// The user's note when they closed it.
    pub note: Option<String>,
}

const COLUMNS: &str = "id, record, state, closed_at, made_id, checked_at, note";

fn time(text: Option<String>) -> Option<DateTime<Utc>> {
    text.and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc))
}

fn entry(row: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, String, JournalEntryRest)> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        JournalEntryRest {
            state: row.get(2)?,
            closed_at: row.get(3)?,
            made_id: row.get(4)?,
            checked_at: row.get(5)?,
            note: row.get(6)?,
        },
    ))
}

struct JournalEntryRest {
    state: String,
    closed_at: Option<String>,
    made_id: Option<String>,
    checked_at: Option<String>,
    note: Option<String>,
}

fn build((id, record, rest): (i64, String, JournalEntryRest)) -> Result<JournalEntry> {
    let write = serde_json::from_str(&record).map_err(|e| JournalError::Record {
        id,
        message: e.to_string(),
    })?;
    Ok(JournalEntry {
        id: EntryId(id),
        write,
        state: EntryState::parse(&rest.state),
        closed_at: time(rest.closed_at),
        made_id: rest.made_id,
        checked_at: time(rest.checked_at),
        note: rest.note,
    })
}

impl Journal {
    /// Records `write`, committed (synchronous) before returning.
    ///
    /// Errors: [`JournalError::Sqlite`].
    pub fn record(&self, write: &PendingWrite) -> Result<EntryId> {
        let record = serde_json::to_string(write).map_err(|e| JournalError::Record {
            id: 0,
            message: e.to_string(),
        })?;
        let connection = self.lock();
        connection.execute(
            "INSERT INTO writes (kind, practice, practice_name, nhs_number, patient_id, \
             interaction_id, trace_id, sent_at, user_id, user_name, organisation, record) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                write.detail.kind(),
                write.practice.as_str(),
                write.practice_name,
                write.nhs_number.as_ref().map(|n| n.as_str().to_owned()),
                write.patient_id.as_ref().map(|p| p.as_str().to_owned()),
                write.detail.interaction().id(),
                write.trace_id.to_string(),
                write.sent_at.to_rfc3339(),
                write.user_id,
                write.user_name,
                write.organisation.as_str(),
                record,
            ],
        )?;
        Ok(EntryId(connection.last_insert_rowid()))
    }

    /// Closes entry `id` if it is still open (a later close never changes an earlier one).
    ///
    /// Errors: [`JournalError::Sqlite`].
    pub fn close_entry(
        &self,
        id: EntryId,
        state: EntryState,
        made_id: Option<&str>,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let changed = self.lock().execute(
            "UPDATE writes SET state = ?2, closed_at = ?3, made_id = COALESCE(?4, made_id), \
             note = ?5 WHERE id = ?1 AND state = 'open'",
            params![id.0, state.as_str(), now.to_rfc3339(), made_id, note],
        )?;
        Ok(changed == 1)
    }

    /// Closes an open entry on the user's word after they checked with the practice, and
    /// appends that to the audit trail.
    ///
    /// Errors: [`JournalError::Sqlite`]; [`JournalError::Record`] for an unknown entry.
    pub fn resolve(&self, id: EntryId, note: &str, now: DateTime<Utc>) -> Result<JournalEntry> {
        let entry = self.entry(id)?.ok_or_else(|| JournalError::Record {
            id: id.0,
            message: "no such entry".to_owned(),
        })?;
        self.close_entry(id, EntryState::ResolvedByUser, None, Some(note), now)?;
        self.append_resolution(&entry, now)?;
        self.entry(id)?.ok_or_else(|| JournalError::Record {
            id: id.0,
            message: "no such entry".to_owned(),
        })
    }

    /// Notes that entry `id` was checked at `now` (still unknown).
    ///
    /// Errors: [`JournalError::Sqlite`].
    pub fn checked(&self, id: EntryId, now: DateTime<Utc>) -> Result<()> {
        self.lock().execute(
            "UPDATE writes SET checked_at = ?2 WHERE id = ?1",
            params![id.0, now.to_rfc3339()],
        )?;
        Ok(())
    }

    /// One entry.
    ///
    /// Errors: [`JournalError::Sqlite`], [`JournalError::Record`].
    pub fn entry(&self, id: EntryId) -> Result<Option<JournalEntry>> {
        let row = self
            .lock()
            .query_row(
                &format!("SELECT {COLUMNS} FROM writes WHERE id = ?1"),
                [id.0],
                entry,
            )
            .optional()?;
        row.map(build).transpose()
    }

    /// Every open entry, oldest first.
    ///
    /// Errors: [`JournalError::Sqlite`], [`JournalError::Record`].
    pub fn open_entries(&self) -> Result<Vec<JournalEntry>> {
        self.query(&format!(
            "SELECT {COLUMNS} FROM writes WHERE state = 'open' ORDER BY id"
        ))
    }

    /// The latest `limit` entries, newest first.
    ///
    /// Errors: [`JournalError::Sqlite`], [`JournalError::Record`].
    pub fn recent_entries(&self, limit: u32) -> Result<Vec<JournalEntry>> {
        self.query(&format!(
            "SELECT {COLUMNS} FROM writes ORDER BY id DESC LIMIT {limit}"
        ))
    }

    fn query(&self, sql: &str) -> Result<Vec<JournalEntry>> {
        let connection = self.lock();
        let mut statement = connection.prepare(sql)?;
        let rows = statement
            .query_map([], entry)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(statement);
        drop(connection);
        rows.into_iter().map(build).collect()
    }
}

impl WriteJournal for Journal {
    fn open(&self, write: &PendingWrite) -> std::result::Result<EntryId, String> {
        self.record(write).map_err(|e| e.to_string())
    }

    fn close(
        &self,
        id: EntryId,
        closure: Closure,
        appointment_id: Option<&str>,
    ) -> std::result::Result<(), String> {
        self.close_entry(id, closure.into(), appointment_id, None, Utc::now())
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
