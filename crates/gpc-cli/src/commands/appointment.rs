//! `gpc appointment read | amend | cancel` (§3.7, §3.8, §3.9), and showing an appointment
//! with its location and practitioner names (read separately, §3.6).
//!
//! Amend and cancel read the appointment first and send it back changed, with its version
//! in `If-Match`. When someone else changed it in between (409/412), the change is refused
//! (exit 3) and what the appointment holds now is shown. Amend keeps the current comment
//! unless `--comment` is given (an empty one removes it).

use std::io::Write;

use gpconnect::Practice;
use gpconnect::appointments::{AppointmentRecord, AppointmentSummary};
use gpconnect::directory::Directory;
use gpconnect::ids::AppointmentId;

use crate::cli::{AmendArgs, AppointmentArgs, CancelArgs};
use crate::commands::{parse_ods, writes};
use crate::error::CliError;
use crate::output::{self, Format, ParticipantNames};
use crate::session::Session;

/// The names of the locations and practitioners of `appointments`, each read once through
/// the client's [`Directory`]. A read that fails leaves the id shown instead: it never fails
/// the command.
pub async fn participant_names(
    session: &Session,
    practice: &Practice,
    appointments: &[AppointmentSummary],
) -> ParticipantNames {
    let directory = Directory::default();
    let client = &session.client;
    let mut names = ParticipantNames::default();
    for appointment in appointments {
        if let Some(id) = &appointment.location_id
            && let Some(location) = directory.location(client, practice, id).await
        {
            let parts: Vec<String> = location.name.into_iter().chain(location.address).collect();
            if !parts.is_empty() {
                names.locations.insert(id.clone(), parts.join(", "));
            }
        }
        if let Some(id) = &appointment.practitioner_id
            && let Some(name) = directory
                .practitioner(client, practice, id)
                .await
                .and_then(|p| p.name)
        {
            names.practitioners.insert(id.clone(), name);
        }
    }
    names
}

/// Prints one appointment: its summary as JSON, or a table with the location and
/// practitioner names.
pub async fn show(
    session: &Session,
    practice: &Practice,
    record: &AppointmentRecord,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let summary = record.summary();
    match format {
        Format::Json => output::write_json(out, &summary),
        _ => {
            let names = participant_names(session, practice, std::slice::from_ref(&summary)).await;
            output::write_table(out, &output::appointment_table(&summary, &names))
        }
    }
}

/// The practice and appointment id of the arguments, validated, and the appointment read.
async fn read_current(
    session: &Session,
    args: &AppointmentArgs,
) -> Result<(Practice, AppointmentRecord), CliError> {
    let ods = parse_ods("--practice", &args.practice)?;
    let id = AppointmentId::parse(args.id.trim()).map_err(|e| CliError::input("--id", e))?;
    let practice = session.practice(&ods).await?;
    let record = session.client.read_appointment(&practice, &id).await?;
    Ok((practice, record))
}

/// Runs `gpc appointment read`.
pub async fn read(
    session: &Session,
    args: &AppointmentArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let (practice, record) = read_current(session, args).await?;
    show(session, &practice, &record, format, out).await
}

/// After a refused change: when someone else changed the appointment first, shows what it
/// holds now. Returns the original error.
async fn explain_conflict(
    session: &Session,
    practice: &Practice,
    id: &AppointmentId,
    error: gpconnect::Error,
    err: &mut dyn Write,
) -> CliError {
    if error.is_conflict()
        && let Ok(latest) = session.client.read_appointment(practice, id).await
        && output::write_conflict(err, &latest.summary()).is_err()
    {
        return CliError::Output(std::io::Error::other("standard error is closed"));
    }
    error.into()
}

/// Runs `gpc appointment amend`.
pub async fn amend(
    session: &Session,
    args: &AmendArgs,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    gpconnect::appointments::check_description(&args.description)?;
    gpconnect::appointments::check_comment(args.comment.as_deref())?;
    let (practice, current) = read_current(session, &args.appointment).await?;
    let comment = match &args.comment {
        Some(comment) => Some(comment.clone()),
        None => current.appointment.comment.clone(),
    };
    match session
        .client
        .amend_appointment(&practice, &current, &args.description, comment.as_deref())
        .await
    {
        Ok(outcome) => {
            let record = writes::settle(outcome, "amendment", err)?;
            writeln!(err, "gpc: amended appointment {}", record.id)?;
            show(session, &practice, &record, format, out).await
        }
        Err(error) => Err(explain_conflict(session, &practice, &current.id, error, err).await),
    }
}

/// Runs `gpc appointment cancel`.
pub async fn cancel(
    session: &Session,
    args: &CancelArgs,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    if args.reason.trim().is_empty() {
        return Err(CliError::input(
            "--reason",
            "enter the reason for cancelling",
        ));
    }
    let (practice, current) = read_current(session, &args.appointment).await?;
    match session
        .client
        .cancel_appointment(&practice, &current, &args.reason)
        .await
    {
        Ok(outcome) => {
            let record = writes::settle(outcome, "cancellation", err)?;
            writeln!(err, "gpc: cancelled appointment {}", record.id)?;
            show(session, &practice, &record, format, out).await
        }
        Err(error) => Err(explain_conflict(session, &practice, &current.id, error, err).await),
    }
}
