//! The journal of writes in flight and the local audit trail: one SQLite file through
//! `rusqlite` (bundled SQLite), in write-ahead-log mode with synchronous commit, created
//! readable by its owner only (0600; SQLite gives its `-wal` and `-shm` files the same mode).
//!
//! - **Journal** ([`gpconnect::pending::WriteJournal`]): a write is recorded and committed
//!   before it is sent; a definitive outcome closes it. Open entries are writes whose outcome
//!   is unknown, after a crash too: the app and `gpc` reconcile them on start
//!   ([`Journal::open_entries`]), and a user may close one after calling the practice
//!   ([`Journal::resolve`]).
//! - **Audit trail** ([`gpconnect::exchange::ExchangeObserver`]): every request that reads or
//!   writes a patient's data at a practice (find, read or register a patient, book,
//!   retrieve, read, amend, cancel) is appended: time, user, organisation, practice,
//!   interaction ID, `Ssp-TraceID`, outcome (HTTP status, Spine code), appointment or
//!   patient id, NHS number; and every trace on PDS ([`Journal::append_trace`]). Append-only: triggers refuse updates and deletions, except the
//!   retention purge ([`Journal::purge_audit`]).
//!
//! Nothing here holds key material or request bodies.

mod audit;
mod entries;
mod schema;
mod trace;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

pub use audit::{AuditFilter, AuditOutcome, AuditRecord};
pub use entries::{EntryState, JournalEntry};
pub use trace::{PDS, TraceAudit};

/// What went wrong with the journal file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JournalError {
    /// SQLite refused (the file is unreadable, locked, full, or not a journal).
    #[error("the journal database failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The file or its folder could not be created or protected.
    #[error("the journal file {path} could not be created: {source}")]
    File {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// An entry's stored record could not be read.
    #[error("journal entry {id} could not be read: {message}")]
    Record {
        /// The entry.
        id: i64,
        /// Why.
        message: String,
    },
}

/// `Result` with [`JournalError`].
pub type Result<T, E = JournalError> = std::result::Result<T, E>;

/// The file name used in a data directory.
pub const FILE_NAME: &str = "journal.sqlite3";

/// The journal and audit database.
#[derive(Debug)]
pub struct Journal {
    connection: Mutex<rusqlite::Connection>,
    path: PathBuf,
}

impl Journal {
    /// Opens (creating it 0600 if needed) the database at `path`: WAL, synchronous commit,
    /// the schema, the append-only triggers.
    ///
    /// Errors: [`JournalError::File`] when the file or folder cannot be created or made
    /// 0600; [`JournalError::Sqlite`] when SQLite refuses it.
    pub fn open(path: &Path) -> Result<Self> {
        let file_error = |source| JournalError::File {
            path: path.display().to_string(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(file_error)?;
        }
        create_private(path).map_err(file_error)?;
        let connection = rusqlite::Connection::open(path)?;
        schema::prepare(&connection)?;
        Ok(Self {
            connection: Mutex::new(connection),
            path: path.to_owned(),
        })
    }

    /// Opens [`FILE_NAME`] in `data_dir`.
    ///
    /// Errors: as [`Journal::open`].
    pub fn in_dir(data_dir: &Path) -> Result<Self> {
        Self::open(&data_dir.join(FILE_NAME))
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock(&self) -> MutexGuard<'_, rusqlite::Connection> {
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// Creates `path` empty with mode 0600 if it does not exist, and makes it 0600 if it does.
fn create_private(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
    }
    #[cfg(not(unix))]
    {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map(|_| ())
    }
}
