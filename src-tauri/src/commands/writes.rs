//! Writes whose outcome is still unknown (check now, close after calling the practice,
//! watch the background checks) and the audit trail (History).

use gpconnect::pending::EntryId;
use gpconnect_journal::AuditFilter;
use tauri::ipc::Channel;

use crate::error::{CommandError, CommandResult};
use crate::journal::{check_entry, view};
use crate::state::AppState;
use crate::views::writes::outcome;
use crate::views::{HistoryFilter, HistoryRow, PendingWriteView, WritesEvent};

/// Writes still unknown, and those that were open when the app started (with what became
/// of them), newest first.
///
/// Errors: JOURNAL.
pub async fn pending_writes(state: &AppState) -> CommandResult<Vec<PendingWriteView>> {
    let journal = state.journal()?;
    Ok(journal
        .recent_entries(200)?
        .iter()
        .filter(|e| {
            e.state == gpconnect_journal::EntryState::Open || state.earlier().contains(e.id)
        })
        .map(|e| view(state, e))
        .collect())
}

fn entry(state: &AppState, id: i64) -> CommandResult<gpconnect_journal::JournalEntry> {
    state
        .journal()?
        .entry(EntryId(id))?
        .ok_or_else(|| CommandError::invalid("There is no such write in the journal."))
}

/// Checks one write now (reads it back once) and returns it as it now stands.
///
/// Errors: JOURNAL; VALIDATION for an unknown entry; the connection's errors.
pub async fn check_pending_write(state: &AppState, id: i64) -> CommandResult<PendingWriteView> {
    let entry = entry(state, id)?;
    let now = check_entry(state, &entry).await?;
    let write = view(state, &now);
    state.watchers().send(&WritesEvent::Updated {
        write: write.clone(),
    });
    Ok(write)
}

/// Closes a write still unknown after the user checked with the practice; `note` (what the
/// practice said) is kept, and the closing is added to the audit trail.
///
/// Errors: JOURNAL; VALIDATION for an empty note or an entry that is not open.
pub async fn resolve_pending_write(
    state: &AppState,
    id: i64,
    note: String,
) -> CommandResult<PendingWriteView> {
    let note = note.trim();
    if note.is_empty() {
        return Err(CommandError::invalid(
            "Say what the practice told you before closing it.",
        ));
    }
    let entry = entry(state, id)?;
    if entry.state != gpconnect_journal::EntryState::Open {
        return Err(CommandError::invalid("This write is already settled."));
    }
    let closed = state
        .journal()?
        .resolve(EntryId(id), note, chrono::Utc::now())?;
    let write = view(state, &closed);
    state.watchers().send(&WritesEvent::Updated {
        write: write.clone(),
    });
    Ok(write)
}

/// Sends every change the background checks find through `events`, from now on.
///
/// Errors: none.
pub async fn watch_writes(state: &AppState, events: Channel<WritesEvent>) -> CommandResult<()> {
    state.watchers().add(events);
    Ok(())
}

/// The audit trail, newest first, filtered by NHS number, practice, outcome and days.
///
/// Errors: VALIDATION for a bad filter; JOURNAL.
pub async fn list_history(
    state: &AppState,
    filter: HistoryFilter,
) -> CommandResult<Vec<HistoryRow>> {
    let nhs_number = match filter.nhs_number.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(
            gpconnect::NhsNumber::parse(text)
                .map_err(|e| CommandError::invalid(format!("NHS number: {e}")))?
                .as_str()
                .to_owned(),
        ),
        _ => None,
    };
    let outcome = match filter.outcome.as_deref().filter(|o| !o.is_empty()) {
        Some(text) => Some(
            outcome(text)
                .ok_or_else(|| CommandError::invalid(format!("Unknown outcome {text}")))?,
        ),
        None => None,
    };
    let days = filter.days.unwrap_or(1).clamp(1, 3650);
    let today = gpconnect::time::uk_date(chrono::Utc::now());
    let first = today
        .checked_sub_days(chrono::Days::new(u64::from(days - 1)))
        .unwrap_or(today);
    let rows = state.journal()?.audit(&AuditFilter {
        nhs_number,
        practice: filter.ods_code.filter(|o| !o.trim().is_empty()),
        outcome,
        since: Some(gpconnect::time::uk_start_of(first)),
        limit: Some(5000),
    })?;
    Ok(rows.iter().map(HistoryRow::from).collect())
}
