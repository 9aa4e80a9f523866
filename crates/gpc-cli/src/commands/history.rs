//! `gpc history`: the local audit trail, newest first, filtered by NHS number, practice,
//! outcome and days; as a table, JSON or CSV.

use std::io::Write;

use gpconnect_journal::{AuditFilter, AuditOutcome};

use crate::cli::{HistoryArgs, OutcomeArg};
use crate::commands::{parse_nhs_number, parse_ods};
use crate::error::CliError;
use crate::output::{self, Format};
use crate::session::Session;

/// Runs `gpc history`.
///
/// Errors: [`CliError::Input`] for a bad filter; the journal; writing.
pub fn run(
    session: &Session,
    args: &HistoryArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let since_day = session
        .today()
        .checked_sub_days(chrono::Days::new(u64::from(args.days.max(1) - 1)))
        .unwrap_or_else(|| session.today());
    let since = gpconnect::time::uk_start_of(since_day);
    let filter = AuditFilter {
        nhs_number: args
            .nhs_number
            .as_deref()
            .map(parse_nhs_number)
            .transpose()?
            .map(|n| n.as_str().to_owned()),
        practice: args
            .practice
            .as_deref()
            .map(|p| parse_ods("--practice", p))
            .transpose()?
            .map(|p| p.to_string()),
        outcome: args.outcome.map(|o| match o {
            OutcomeArg::Ok => AuditOutcome::Ok,
            OutcomeArg::Refused => AuditOutcome::Refused,
            OutcomeArg::Unknown => AuditOutcome::Unknown,
            OutcomeArg::Failed => AuditOutcome::Failed,
            OutcomeArg::Resolved => AuditOutcome::Resolved,
        }),
        since: Some(since),
        limit: Some(10_000),
    };
    let rows = session
        .journal
        .audit(&filter)
        .map_err(|e| CliError::Configuration(format!("audit trail: {e}")))?;
    match format {
        Format::Json => output::write_json(out, &rows),
        Format::Csv => output::write_history_csv(out, &rows),
        Format::Table => output::write_table(out, &output::history_table(&rows)),
    }
}
