//! The database settings and tables: WAL, synchronous commit (`synchronous = FULL`: a
//! committed entry survives a crash or power loss), the journal of writes, the audit trail
//! and the triggers that keep the audit trail append-only.

use rusqlite::Connection;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS writes (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    practice TEXT NOT NULL,
    practice_name TEXT NOT NULL,
    nhs_number TEXT,
    patient_id TEXT,
    interaction_id TEXT NOT NULL,
    trace_id TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    organisation TEXT NOT NULL,
    record TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open',
    closed_at TEXT,
    made_id TEXT,
    checked_at TEXT,
    note TEXT
);
CREATE INDEX IF NOT EXISTS writes_state ON writes (state);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    organisation TEXT NOT NULL,
    practice TEXT NOT NULL,
    interaction_id TEXT NOT NULL,
    action TEXT NOT NULL,
    trace_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    http_status INTEGER,
    error_code TEXT,
    spine_code TEXT,
    resource_id TEXT,
    nhs_number TEXT,
    note TEXT
);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
CREATE TABLE IF NOT EXISTS purge_gate (open INTEGER NOT NULL);
INSERT INTO purge_gate (open) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM purge_gate);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
WHEN (SELECT open FROM purge_gate) = 0
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
";

/// WAL, synchronous commit, a busy timeout (the app and `gpc` may share a file), the schema.
pub fn prepare(connection: &Connection) -> rusqlite::Result<()> {
    connection.busy_timeout(std::time::Duration::from_secs(5))?;
    let mode: String = connection.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "journal_mode: the journal needs write-ahead logging, SQLite gave {mode}"
        )));
    }
    connection.pragma_update(None, "synchronous", "FULL")?;
    connection.execute_batch(SCHEMA)?;
    add_note_column(connection)
}

/// Files made before the audit trail kept notes get the column (empty for their rows).
fn add_note_column(connection: &Connection) -> rusqlite::Result<()> {
    let has_note = connection
        .prepare("SELECT 1 FROM pragma_table_info('audit') WHERE name = 'note'")?
        .exists([])?;
    if !has_note {
        connection.execute_batch("ALTER TABLE audit ADD COLUMN note TEXT")?;
    }
    Ok(())
}
