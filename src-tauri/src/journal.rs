//! The app's journal of writes and audit trail (`gpconnect-journal`, one SQLite file in the
//! app's data directory, 0600): opened at start-up, given to every client, and checked in
//! the background.
//!
//! - [`Records`] is what the client writes to: the journal before each write is sent (when
//!   the file could not be opened, writes are refused: nothing is sent unrecorded) and the
//!   audit trail after each exchange.
//! - [`spawn_checks`] re-reads every open entry (writes whose outcome is still unknown) at
//!   start-up and then every few seconds, closes those that are settled, and sends each
//!   change to the screens watching ([`Watchers`]).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use gpconnect::exchange::{CallContext, Exchange, ExchangeObserver};
use gpconnect::pending::{Closure, EntryId, PendingWrite, WriteJournal};
use gpconnect::reconcile::Check;
use gpconnect_journal::{EntryState, Journal, JournalEntry};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime};

use crate::state::{AppState, lock};
use crate::views::{PendingWriteView, WritesEvent};

/// The journal the app records in, if it could be opened.
#[derive(Debug, Default)]
pub struct Records {
    journal: Option<Arc<Journal>>,
}

impl Records {
    /// Records in `journal`; `None` refuses every write (nothing is sent unrecorded).
    pub fn new(journal: Option<Arc<Journal>>) -> Self {
        Self { journal }
    }

    /// The journal, when open.
    pub fn journal(&self) -> Option<&Arc<Journal>> {
        self.journal.as_ref()
    }
}

impl WriteJournal for Records {
    fn open(&self, write: &PendingWrite) -> Result<EntryId, String> {
        match &self.journal {
            Some(journal) => WriteJournal::open(journal.as_ref(), write),
            None => Err("the journal of writes could not be opened".to_owned()),
        }
    }

    fn close(&self, id: EntryId, closure: Closure, made: Option<&str>) -> Result<(), String> {
        match &self.journal {
            Some(journal) => journal.close(id, closure, made),
            None => Ok(()),
        }
    }
}

impl ExchangeObserver for Records {
    fn exchanged(&self, exchange: &Exchange) {
        if let Some(journal) = &self.journal {
            journal.exchanged(exchange);
        }
    }
}

/// The screens watching writes (the `watch_writes` channels).
#[derive(Default)]
pub struct Watchers(Mutex<Vec<Channel<WritesEvent>>>);

impl std::fmt::Debug for Watchers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Watchers({})", lock(&self.0).len())
    }
}

impl Watchers {
    /// Adds a screen's channel.
    pub fn add(&self, channel: Channel<WritesEvent>) {
        lock(&self.0).push(channel);
    }

    /// Sends `event` to every screen, dropping those that went away.
    pub fn send(&self, event: &WritesEvent) {
        lock(&self.0).retain(|channel| channel.send(event.clone()).is_ok());
    }
}

/// The entries open when the app started: writes sent before it closed or crashed.
#[derive(Debug, Default)]
pub struct Earlier(Mutex<HashSet<EntryId>>);

impl Earlier {
    /// Remembers the entries open now.
    pub fn remember(&self, entries: &[JournalEntry]) {
        lock(&self.0).extend(entries.iter().map(|e| e.id));
    }

    /// True when entry `id` was open when the app started.
    pub fn contains(&self, id: EntryId) -> bool {
        lock(&self.0).contains(&id)
    }
}

/// Checks one open entry once with the current connection, closes it when settled, and
/// returns it as it now stands.
///
/// Errors: the connection's or the journal's.
pub async fn check_entry(
    state: &AppState,
    entry: &JournalEntry,
) -> crate::error::CommandResult<JournalEntry> {
    let journal = state.journal()?;
    if entry.state != EntryState::Open {
        return Ok(entry.clone());
    }
    let connection = state.connection().await?;
    let write = &entry.write;
    let practice = connection.practice(&write.practice)?;
    let (client, _) = connection.client.scoped(CallContext {
        nhs_number: write.nhs_number.clone(),
        action: Some("check"),
        note: None,
    });
    let now = chrono::Utc::now();
    match client.check_pending(&practice, write).await {
        Ok(Check::Made(id)) => {
            journal.close_entry(entry.id, EntryState::Made, Some(&id), None, now)?;
        }
        Ok(Check::NotMade(why)) => {
            journal.close_entry(entry.id, EntryState::NotMade, None, Some(&why), now)?;
        }
        Ok(Check::NotYet) | Err(_) => journal.checked(entry.id, now)?,
    }
    Ok(journal.entry(entry.id)?.unwrap_or_else(|| entry.clone()))
}

/// The view of `entry` for the screens.
pub fn view(state: &AppState, entry: &JournalEntry) -> PendingWriteView {
    PendingWriteView::new(entry, state.earlier().contains(entry.id))
}

/// One background pass: every open entry checked once; each change sent to the screens.
async fn pass(state: &AppState) {
    let Ok(journal) = state.journal() else { return };
    let Ok(open) = journal.open_entries() else {
        return;
    };
    for entry in open {
        match check_entry(state, &entry).await {
            Ok(now) => state.watchers().send(&WritesEvent::Updated {
                write: view(state, &now),
            }),
            Err(error) => {
                tracing::warn!(target: "app::journal", entry = entry.id.0, code = ?error.code, "background check failed");
            }
        }
    }
}

/// Starts the background checks: a pass at once (the writes left open when the app last
/// closed), then every `Settings.writes.backgroundCheckSeconds`.
pub fn spawn_checks<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            let Some(state) = app.try_state::<AppState>() else {
                return;
            };
            pass(&state).await;
            let every = state.settings().writes.background_check_seconds.max(5);
            tokio::time::sleep(Duration::from_secs(u64::from(every))).await;
        }
    });
}
