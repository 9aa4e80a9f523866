//! The journal and audit database on a real SQLite file: 0600, WAL, entries that survive a
//! reopen (a crash), closing, user resolution, the append-only audit trail and retention.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use gpconnect::exchange::{CallContext, Exchange};
use gpconnect::ids::{AppointmentId, OdsCode};
use gpconnect::interaction::Interaction;
use gpconnect::outcome::Answer;
use gpconnect::pending::{Closure, PendingWrite, WriteDetail, WriteJournal};
use gpconnect::{NhsNumber, PatientId};
use gpconnect_journal::{AuditFilter, AuditOutcome, EntryState, Journal};
use uuid::Uuid;

fn cancel() -> PendingWrite {
    PendingWrite {
        practice: OdsCode::parse("A20047").unwrap(),
        practice_name: "Dr Legg's Surgery".into(),
        nhs_number: Some(NhsNumber::parse("9434765919").unwrap()),
        patient_id: Some(PatientId::parse("2").unwrap()),
        trace_id: Uuid::new_v4(),
        sent_at: Utc.with_ymd_and_hms(2026, 11, 23, 14, 2, 0).unwrap(),
        user_id: "u-1".into(),
        user_name: "Claire Jones".into(),
        organisation: OdsCode::parse("Y90001").unwrap(),
        detail: WriteDetail::Cancel {
            appointment_id: AppointmentId::parse("12").unwrap(),
            version: Some("3".into()),
            reason: "Unwell".into(),
        },
    }
}

fn exchange(interaction: Interaction, answer: Option<Answer>, status: u16) -> Exchange {
    Exchange {
        trace_id: Uuid::new_v4(),
        interaction,
        practice: OdsCode::parse("A20047").unwrap(),
        started_at: Utc::now(),
        duration: Duration::from_millis(12),
        status: Some(status),
        error_code: answer.map(|_| "PROVIDER_UNREACHABLE".into()),
        spine_code: None,
        resource_id: Some("12".into()),
        answer,
        user_id: "u-1".into(),
        user_name: "Claire Jones".into(),
        organisation: OdsCode::parse("Y90001").unwrap(),
        context: Arc::new(CallContext {
            nhs_number: Some(NhsNumber::parse("9434765919").unwrap()),
            action: None,
            note: None,
        }),
    }
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn an_entry_survives_a_reopen_and_closes_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data").join(gpconnect_journal::FILE_NAME);
    let write = cancel();
    let id = {
        let journal = Journal::open(&path).unwrap();
        WriteJournal::open(&journal, &write).unwrap()
        // Dropped here as a crash would: nothing else written.
    };
    let journal = Journal::open(&path).unwrap();
    let open = journal.open_entries().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].id, id);
    assert_eq!(open[0].write, write, "everything reconciling needs is kept");
    journal.close(id, Closure::Made, Some("12")).unwrap();
    journal.close(id, Closure::NotMade, None).unwrap();
    let entry = journal.entry(id).unwrap().unwrap();
    assert_eq!(
        entry.state,
        EntryState::Made,
        "a closed entry never changes"
    );
    assert_eq!(entry.made_id.as_deref(), Some("12"));
    assert!(journal.open_entries().unwrap().is_empty());

    #[cfg(unix)]
    {
        assert_eq!(mode(&path), 0o600);
        for suffix in ["-wal", "-shm"] {
            let side = path.with_file_name(format!("{}{suffix}", gpconnect_journal::FILE_NAME));
            if side.exists() {
                assert_eq!(mode(&side), 0o600, "{}", side.display());
            }
        }
    }
    let connection = rusqlite_mode(&path);
    assert_eq!(connection, "wal");
}

fn rusqlite_mode(path: &std::path::Path) -> String {
    // A second reader sees WAL mode, set persistently in the file.
    let bytes = std::fs::read(path).unwrap();
    // SQLite header bytes 18 and 19 are 2 in WAL mode.
    assert_eq!((bytes[18], bytes[19]), (2, 2), "WAL file format");
    "wal".into()
}

#[test]
fn a_user_resolution_closes_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::in_dir(dir.path()).unwrap();
    let write = cancel();
    let id = journal.record(&write).unwrap();
    let entry = journal
        .resolve(id, "The practice says it was cancelled", Utc::now())
        .unwrap();
    assert_eq!(entry.state, EntryState::ResolvedByUser);
    let rows = journal.audit(&AuditFilter::default()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].action, "resolve");
    assert_eq!(rows[0].trace_id, write.trace_id.to_string());
}

#[test]
fn the_audit_trail_is_append_only_filterable_and_purged_by_retention_only() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::in_dir(dir.path()).unwrap();
    let book = exchange(Interaction::BookAppointment, Some(Answer::Unknown), 502);
    journal.append_exchange(&book).unwrap().unwrap();
    journal
        .append_exchange(&exchange(
            Interaction::RetrievePatientAppointments,
            None,
            200,
        ))
        .unwrap()
        .unwrap();
    assert_eq!(
        journal
            .append_exchange(&exchange(Interaction::SearchSlots, None, 200))
            .unwrap(),
        None,
        "a slot search holds no patient data"
    );
    let rows = journal.audit(&AuditFilter::default()).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[1].trace_id,
        book.trace_id.to_string(),
        "every write's trace ID"
    );
    assert_eq!(rows[1].outcome, AuditOutcome::Unknown);
    assert_eq!(rows[1].http_status, Some(502));
    assert_eq!(rows[1].user_name, "Claire Jones");
    let unknown = journal
        .audit(&AuditFilter {
            outcome: Some(AuditOutcome::Unknown),
            nhs_number: Some("9434765919".into()),
            practice: Some("a20047".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(unknown.len(), 1);
    assert!(
        journal
            .audit(&AuditFilter {
                nhs_number: Some("9476719931".into()),
                ..AuditFilter::default()
            })
            .unwrap()
            .is_empty()
    );
    // Append-only: no update, no delete, except the retention purge.
    let raw = rusqlite::Connection::open(journal.path()).unwrap();
    assert!(raw.execute("UPDATE audit SET outcome = 'ok'", []).is_err());
    assert!(raw.execute("DELETE FROM audit", []).is_err());
    assert_eq!(
        journal
            .purge_audit(Utc::now() - chrono::Duration::days(1))
            .unwrap(),
        0
    );
    assert_eq!(
        journal
            .purge_audit(Utc::now() + chrono::Duration::days(1))
            .unwrap(),
        2
    );
    assert!(
        raw.execute("DELETE FROM audit", []).is_ok(),
        "nothing left to refuse"
    );
    journal.append_exchange(&book).unwrap();
    assert!(
        raw.execute("DELETE FROM audit", []).is_err(),
        "the gate is closed again"
    );
}

#[test]
fn the_file_holds_no_key_material() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::in_dir(dir.path()).unwrap();
    journal.record(&cancel()).unwrap();
    journal
        .append_exchange(&exchange(Interaction::CancelAppointment, None, 200))
        .unwrap();
    drop(journal);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("PRIVATE KEY") && !text.contains("BEGIN CERTIFICATE"));
    }
}

#[test]
fn a_file_from_before_notes_gets_the_column_and_keeps_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite3");
    {
        // The audit table as the first release made it: no `note` column.
        let old = rusqlite::Connection::open(&path).unwrap();
        old.execute_batch(
            "CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, user_id TEXT NOT NULL, \
             user_name TEXT NOT NULL, organisation TEXT NOT NULL, practice TEXT NOT NULL, \
             interaction_id TEXT NOT NULL, action TEXT NOT NULL, trace_id TEXT NOT NULL, \
             outcome TEXT NOT NULL, http_status INTEGER, error_code TEXT, spine_code TEXT, \
             resource_id TEXT, nhs_number TEXT);
             INSERT INTO audit (at, user_id, user_name, organisation, practice, interaction_id, \
             action, trace_id, outcome) VALUES ('2026-11-01T09:00:00+00:00', 'u-1', 'Claire Jones', \
             'Y90001', 'A20047', 'x', 'book', 't-1', 'ok');",
        )
        .unwrap();
    }
    let journal = Journal::open(&path).unwrap();
    let mut book = exchange(Interaction::BookAppointment, None, 201);
    book.context = Arc::new(CallContext {
        nhs_number: None,
        action: Some("book"),
        note: Some("Outside the disposition timeframe (Within 6 hours): no sooner slot".into()),
    });
    journal.append_exchange(&book).unwrap().unwrap();
    // A read keeps no note, even in a call that has one.
    let mut read = exchange(Interaction::ReadAppointment, None, 200);
    read.context = book.context.clone();
    journal.append_exchange(&read).unwrap().unwrap();
    let rows = journal.audit(&AuditFilter::default()).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2].trace_id, "t-1");
    assert_eq!(rows[2].note, None);
    assert_eq!(
        rows[1].note.as_deref(),
        Some("Outside the disposition timeframe (Within 6 hours): no sooner slot")
    );
    assert_eq!(rows[0].note, None);
}
