//! `gpc appointments`: a patient's appointments at one practice (§3.6).
//!
//! GP Connect only returns appointments from today on, so a range starting earlier is
//! refused before sending (exit 5), and a reminder is printed on standard error. Cancelled
//! appointments and those booked by other organisations come back too.

use std::io::Write;

use gpconnect::appointments::AppointmentSummary;

use crate::cli::AppointmentsArgs;
use crate::commands::{PatientRef, appointment, date_range, parse_ods};
use crate::error::CliError;
use crate::output::{self, Format};
use crate::session::Session;

/// The default number of days retrieved.
pub const DEFAULT_DAYS: u32 = 28;

/// Runs `gpc appointments`.
pub async fn run(
    session: &Session,
    args: &AppointmentsArgs,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    let ods = parse_ods("--practice", &args.practice)?;
    let patient = PatientRef::parse(&args.patient)?;
    let today = session.today();
    let range = date_range(
        args.from.as_deref(),
        args.to.as_deref(),
        args.days,
        DEFAULT_DAYS,
        today,
    )?;
    if range.start() < today {
        return Err(CliError::input(
            "--from",
            format!(
                "GP Connect only returns appointments from today ({}) on",
                output::uk_date(today)
            ),
        ));
    }
    writeln!(
        err,
        "gpc: appointments from {} to {} (GP Connect only returns appointments from today on)",
        output::uk_date(range.start()),
        output::uk_date(range.end())
    )?;
    let practice = session.practice(&ods).await?;
    let patient_id = patient.resolve(session, &practice).await?;
    let records = session
        .client
        .retrieve_appointments(&practice, &patient_id, range)
        .await?;
    let summaries: Vec<AppointmentSummary> = records.iter().map(|r| r.summary()).collect();
    writeln!(
        err,
        "gpc: {} appointment(s) for patient {patient_id} at {} ({})",
        summaries.len(),
        practice.ods_code,
        practice.name
    )?;
    match format {
        Format::Json => output::write_json(out, &summaries),
        _ if summaries.is_empty() => Ok(()),
        _ => {
            let names = appointment::participant_names(session, &practice, &summaries).await;
            output::write_table(out, &output::appointments_table(&summaries, &names))
        }
    }
}
