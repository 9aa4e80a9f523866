//! What `gpc` does with a write's outcome (book, register, amend, cancel), and with the
//! writes left open in its journal: checked again when it starts (`When gpc stopped at 14:02
//! a booking for 943 476 5919 at Dr Legg's Surgery was being sent: it was made`), listed and
//! closed by `gpc pending`.

use std::io::Write;

use gpconnect::outcome::WriteOutcome;
use gpconnect::pending::{Closure, EntryId, PendingWrite, WriteDetail};
use gpconnect::reconcile::Check;
use gpconnect_journal::JournalEntry;

use crate::cli::PendingCommand;
use crate::error::CliError;
use crate::session::Session;

/// The record of a write that was made (noting on `err` when it was found by reading back);
/// else the error saying it was not made or is still unknown.
pub fn settle<T>(
    outcome: WriteOutcome<T>,
    what: &'static str,
    err: &mut dyn Write,
) -> Result<T, CliError> {
    match outcome {
        WriteOutcome::Done(record) => Ok(record),
        WriteOutcome::Confirmed { record, cause } => {
            writeln!(
                err,
                "gpc: the answer to the {what} was not a confirmation ({}); it was not sent \
                 again. Reading it back found it: the {what} was made, once.",
                cause.code()
            )?;
            Ok(record)
        }
        WriteOutcome::NotMade { cause } => Err(CliError::NotMade {
            what,
            cause: Box::new(cause),
        }),
        WriteOutcome::Unknown {
            cause,
            check_error,
            entry,
            trace_id,
        } => Err(CliError::OutcomeUnknown {
            what,
            cause: Box::new(cause),
            check: check_error.map(Box::new),
            entry: entry.0,
            trace_id: trace_id.to_string(),
        }),
    }
}

/// "a booking for 943 476 5919 at Dr Legg's Surgery".
pub fn describe(write: &PendingWrite) -> String {
    let what = match &write.detail {
        WriteDetail::Book { .. } => "a booking".to_owned(),
        WriteDetail::Register => "a registration".to_owned(),
        WriteDetail::Amend { appointment_id, .. } => {
            format!("an amendment of appointment {appointment_id}")
        }
        WriteDetail::Cancel { appointment_id, .. } => {
            format!("a cancellation of appointment {appointment_id}")
        }
    };
    let patient = write
        .nhs_number
        .as_ref()
        .map(|n| format!(" for {}", n.formatted()))
        .unwrap_or_default();
    format!("{what}{patient} at {}", write.practice_name)
}

/// "14:02" today, else "Mon 30 Nov 2026 14:02" (UK time).
fn when(write: &PendingWrite) -> String {
    let sent = gpconnect::time::uk_local(write.sent_at);
    let today = gpconnect::time::uk_date(chrono::Utc::now());
    if sent.date_naive() == today {
        sent.format("%H:%M").to_string()
    } else {
        sent.format("%a %-d %b %Y %H:%M").to_string()
    }
}

/// What one check of an open entry concluded, as a sentence end.
enum Found {
    Made(String),
    NotMade(String),
    Unknown(Option<String>),
}

/// Checks `entry` once and closes it when the answer is definitive.
async fn check(session: &Session, entry: &JournalEntry) -> Found {
    let write = &entry.write;
    let practice = match session.practice(&write.practice).await {
        Ok(practice) => practice,
        Err(error) => return Found::Unknown(Some(error.to_string())),
    };
    let client = match &write.nhs_number {
        Some(nhs) => session.for_patient(nhs),
        None => session.client.clone(),
    };
    let now = chrono::Utc::now();
    match client.check_pending(&practice, write).await {
        Ok(Check::Made(id)) => {
            let _ =
                session
                    .journal
                    .close_entry(entry.id, Closure::Made.into(), Some(&id), None, now);
            Found::Made(id)
        }
        Ok(Check::NotMade(why)) => {
            let _ = session
                .journal
                .close_entry(entry.id, Closure::NotMade.into(), None, None, now);
            Found::NotMade(why)
        }
        Ok(Check::NotYet) => {
            let _ = session.journal.checked(entry.id, now);
            Found::Unknown(None)
        }
        Err(error) => {
            let _ = session.journal.checked(entry.id, now);
            Found::Unknown(Some(error.to_string()))
        }
    }
}

fn report(entry: &JournalEntry, found: &Found, err: &mut dyn Write) -> std::io::Result<()> {
    let write = &entry.write;
    let lead = format!(
        "gpc: when gpc stopped at {} {} was being sent:",
        when(write),
        describe(write)
    );
    match found {
        Found::Made(id) => writeln!(err, "{lead} it was made ({id})."),
        Found::NotMade(why) => writeln!(err, "{lead} it was not made. {why}"),
        Found::Unknown(problem) => {
            writeln!(
                err,
                "{lead} it is still unknown: call the practice. Then close it with gpc \
                 pending resolve --id {} --note \"…\" (trace ID {}).",
                entry.id, write.trace_id
            )?;
            if let Some(problem) = problem {
                writeln!(err, "  checking it failed: {problem}")?;
            }
            Ok(())
        }
    }
}

/// On start: every write left open (a crash, or an answer still unknown) is checked once
/// and reported on `err`.
///
/// Errors: writing to `err`; [`CliError::Configuration`] when the journal cannot be read.
pub async fn reconcile_open(session: &Session, err: &mut dyn Write) -> Result<(), CliError> {
    let open = session
        .journal
        .open_entries()
        .map_err(|e| CliError::Configuration(format!("journal of writes: {e}")))?;
    for entry in open {
        let found = check(session, &entry).await;
        report(&entry, &found, err)?;
    }
    Ok(())
}

/// Runs `gpc pending check | resolve`.
///
/// Errors: writing; the journal; [`CliError::Input`] for an unknown or closed entry.
pub async fn pending(
    session: &Session,
    command: &PendingCommand,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let journal_error = |e: gpconnect_journal::JournalError| {
        CliError::Configuration(format!("journal of writes: {e}"))
    };
    match command {
        PendingCommand::Check => {
            // The start-up pass has just checked them: list what is still open.
            let open = session.journal.open_entries().map_err(journal_error)?;
            if open.is_empty() {
                writeln!(out, "No write is waiting for its outcome.")?;
            }
            for entry in open {
                writeln!(
                    out,
                    "{}  {}, sent {} by {}: still unknown (trace ID {})",
                    entry.id,
                    describe(&entry.write),
                    when(&entry.write),
                    entry.write.user_name,
                    entry.write.trace_id
                )?;
            }
            Ok(())
        }
        PendingCommand::Resolve(args) => {
            let id = EntryId(args.id);
            let entry = session
                .journal
                .entry(id)
                .map_err(journal_error)?
                .filter(|e| e.state == gpconnect_journal::EntryState::Open)
                .ok_or_else(|| CliError::input("--id", "no open write has that id"))?;
            if args.note.trim().is_empty() {
                return Err(CliError::input("--note", "say what the practice told you"));
            }
            session
                .journal
                .resolve(id, args.note.trim(), chrono::Utc::now())
                .map_err(journal_error)?;
            writeln!(
                out,
                "Closed: {} ({}).",
                describe(&entry.write),
                args.note.trim()
            )?;
            Ok(())
        }
    }
}
