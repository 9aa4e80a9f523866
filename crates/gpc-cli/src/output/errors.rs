//! Failures written for the user on standard error: what happened, the provider's own
//! words, and what to do next.

use std::io::Write;

use gpconnect::appointments::AppointmentSummary;

use super::appointments::status_text;
use super::*;
use crate::error::CliError;

/// The details of a client error, one `(label, value)` per line: Spine code or proxy
/// token, HTTP status, diagnostics, and what to do.
pub fn client_error_details(error: &gpconnect::Error) -> Vec<(&'static str, String)> {
    let mut lines = vec![("code", error.code().to_owned())];
    if let Some(status) = error.http_status() {
        lines.push(("HTTP status", status.to_string()));
    }
    match error {
        gpconnect::Error::Provider(p) => {
            if let Some(display) = &p.display {
                lines.push(("meaning", display.clone()));
            }
            if let Some(diagnostics) = &p.diagnostics {
                lines.push(("diagnostics", diagnostics.clone()));
            }
        }
        gpconnect::Error::Proxy(p) => {
            if let Some(token) = &p.token {
                lines.push(("proxy token", token.clone()));
            }
            if let Some(diagnostics) = p
                .diagnostics
                .as_ref()
                .filter(|d| p.token.as_ref() != Some(d))
            {
                lines.push(("diagnostics", diagnostics.clone()));
            }
        }
        _ => {}
    }
    // The client's validation advice speaks of a form; the message already names the flag.
    if !matches!(error, gpconnect::Error::Validation { .. }) {
        lines.push(("what to do", error.advice().to_owned()));
    }
    lines
}

/// What to do after a PDS error.
pub fn pds_advice(error: &pds::Error) -> &'static str {
    use pds::Error as E;
    if error.is_not_found() {
        return "check the NHS number with the patient, or trace them by name and date of birth";
    }
    if error.is_invalidated() {
        return "this NHS number was invalidated: trace the patient by name and date of birth";
    }
    match error {
        E::TooManyMatches => {
            "add details (given name, postcode, exact date of birth) and search again"
        }
        E::Throttled { .. } => "PDS is limiting requests: wait a moment and try again",
        E::TokenExchange { .. } => {
            "sign in again (gpc login); if it persists, check the [pds] api_key, key and key_id"
        }
        E::Connect { .. } | E::Tls { .. } | E::Timeout { .. } | E::ConnectionLost { .. } => {
            "check the network and the [pds] url, then try again"
        }
        E::Validation { .. } => "correct the flags named above",
        _ => "try again; if it persists, quote the code above to support",
    }
}

/// The details of a PDS error, one `(label, value)` per line.
pub fn pds_error_details(error: &pds::Error) -> Vec<(&'static str, String)> {
    let mut lines = Vec::new();
    if let Some(code) = error.pds_code() {
        lines.push(("code", code.to_string()));
    }
    if let Some(status) = error.http_status() {
        lines.push(("HTTP status", status.to_string()));
    }
    if let pds::Error::Refused(refusal) = error {
        if let Some(display) = &refusal.display {
            lines.push(("meaning", display.clone()));
        }
        if let Some(diagnostics) = &refusal.diagnostics {
            lines.push(("diagnostics", diagnostics.clone()));
        }
    }
    if let pds::Error::Validation { fields } = error {
        for field in fields {
            lines.push(("problem", format!("{}: {}", field.field, field.message)));
        }
    }
    lines.push(("what to do", pds_advice(error).to_owned()));
    lines
}

fn write_details(err: &mut dyn Write, details: &[(&str, String)]) -> std::io::Result<()> {
    for (label, value) in details {
        writeln!(err, "  {:<12} {value}", format!("{label}:"))?;
    }
    Ok(())
}

/// Reports one practice's failed slot search on standard error.
pub fn write_practice_failure(
    err: &mut dyn Write,
    practice: &str,
    error: &CliError,
) -> std::io::Result<()> {
    writeln!(err, "gpc: {practice}: slot search failed: {error}")?;
    if let CliError::Client(client) = error {
        write_details(err, &client_error_details(client))?;
    }
    Ok(())
}

/// Shows what an appointment holds now, after a change was refused because someone else
/// changed it first.
pub fn write_conflict(err: &mut dyn Write, current: &AppointmentSummary) -> std::io::Result<()> {
    writeln!(
        err,
        "gpc: someone else changed appointment {} first; your change was not applied.",
        current.id
    )?;
    writeln!(err, "  It now reads:")?;
    write_details(
        err,
        &[
            ("status", status_text(current)),
            ("description", text(current.description.as_deref())),
            ("comment", text(current.comment.as_deref())),
            ("version", text(current.version_id.as_deref())),
        ],
    )?;
    writeln!(err, "  Apply your change again if it is still needed.")
}

/// Reports `error` on standard error: the message, then its details (code, HTTP status,
/// diagnostics, advice, or every registration problem). Never fails: a broken standard
/// error leaves nothing else to report to.
pub fn write_error(err: &mut dyn Write, error: &CliError) {
    if matches!(error, CliError::Reported { .. }) {
        return;
    }
    let _ = write_error_report(err, error);
}

fn write_error_report(err: &mut dyn Write, error: &CliError) -> std::io::Result<()> {
    writeln!(err, "gpc: error: {error}")?;
    match error {
        CliError::Client(client) => write_details(err, &client_error_details(client))?,
        CliError::Pds(error) => write_details(err, &pds_error_details(error))?,
        CliError::Registration(problems) => {
            for problem in problems {
                writeln!(err, "  {}: {}", problem.field, problem.message)?;
            }
        }
        CliError::OutcomeUnknown {
            what,
            check,
            entry,
            trace_id,
            ..
        } => {
            writeln!(
                err,
                "  The {what} was sent once and not sent again: it may or may not have been made."
            )?;
            match check {
                Some(check) => writeln!(err, "  Reading it back failed too: {check}")?,
                None => writeln!(err, "  Reading it back has not found it yet.")?,
            }
            writeln!(
                err,
                "  what to do:  do not repeat it yet. gpc checks it again every time it starts \
                 (gpc pending check); if it stays unknown, call the practice, then close it \
                 with gpc pending resolve --id {entry} --note \"what the practice said\"."
            )?;
            writeln!(err, "  trace ID:    {trace_id} (quote this to support)")?;
        }
        CliError::NotMade { .. } => writeln!(
            err,
            "  Someone else changed the appointment first, so this change was not applied. \
             Read it again (gpc appointment read) and apply your change if still needed."
        )?,
        CliError::SlotsNotFree { .. } => writeln!(
            err,
            "  what to do:  search again (gpc slots) and choose free slots."
        )?,
        _ => {}
    }
    Ok(())
}
