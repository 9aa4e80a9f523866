//! The audit trail as `gpc history` shows it: UK times, NHS numbers grouped 3-3-4.

use std::io::Write;

use comfy_table::Table;
use gpconnect_journal::AuditRecord;

use super::{nhs_number, table};
use crate::error::CliError;

fn uk(record: &AuditRecord) -> String {
    gpconnect::time::uk_local(record.at)
        .format("%a %-d %b %Y %H:%M:%S")
        .to_string()
}

fn result(record: &AuditRecord) -> String {
    let mut parts = vec![record.outcome.as_str().to_owned()];
    if let Some(status) = record.http_status {
        parts.push(status.to_string());
    }
    if let Some(code) = record.spine_code.as_ref().or(record.error_code.as_ref()) {
        parts.push(code.clone());
    }
    parts.join(" ")
}

/// One row per audited request: when (UK), user, practice, action, outcome, appointment,
/// NHS number, trace ID.
pub fn history_table(rows: &[AuditRecord]) -> Table {
    let mut t = table(&[
        "When (UK)",
        "User",
        "Practice",
        "Action",
        "Outcome",
        "Appointment",
        "NHS number",
        "Trace ID",
    ]);
    for r in rows {
        t.add_row(vec![
            uk(r),
            r.user_name.clone(),
            r.practice.clone(),
            r.action.clone(),
            result(r),
            r.resource_id.clone().unwrap_or_default(),
            r.nhs_number.as_deref().map(nhs_number).unwrap_or_default(),
            r.trace_id.clone(),
        ]);
    }
    t
}

/// The audit trail as CSV, with UTC and UK times and the interaction ID.
///
/// Errors: writing.
pub fn write_history_csv(out: &mut dyn Write, rows: &[AuditRecord]) -> Result<(), CliError> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "time_utc",
        "time_uk",
        "user_id",
        "user_name",
        "organisation",
        "practice",
        "action",
        "interaction_id",
        "outcome",
        "http_status",
        "code",
        "appointment_id",
        "nhs_number",
        "trace_id",
    ])?;
    for r in rows {
        writer.write_record([
            r.at.to_rfc3339(),
            uk(r),
            r.user_id.clone(),
            r.user_name.clone(),
            r.organisation.clone(),
            r.practice.clone(),
            r.action.clone(),
            r.interaction_id.clone(),
            r.outcome.as_str().to_owned(),
            r.http_status.map(|s| s.to_string()).unwrap_or_default(),
            r.spine_code
                .clone()
                .or_else(|| r.error_code.clone())
                .unwrap_or_default(),
            r.resource_id.clone().unwrap_or_default(),
            r.nhs_number.clone().unwrap_or_default(),
            r.trace_id.clone(),
        ])?;
    }
    writer.flush()?;
    Ok(())
}
