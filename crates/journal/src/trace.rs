//! Traces on PDS in the audit trail: who traced whom, when, from which organisation, with
//! the `X-Request-ID` sent (in the `trace_id` column, to quote to NHS England) and what came
//! of it. A retrieval is one row (`trace`), under the NHS number asked for, with the
//! current number as the resource when it was superseded; a search is one row per patient it
//! showed (`trace search`), as PDS itself records an access for every patient matched, or
//! one row without a patient when it showed no one.
//!
//! The practice column holds `PDS`; the interaction `pds:retrieve` or `pds:search`.

use chrono::{DateTime, Utc};
use rusqlite::params;

use crate::{AuditOutcome, Journal, Result};

/// The `practice` of a trace's rows.
pub const PDS: &str = "PDS";

/// One trace to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceAudit {
    /// When it was sent.
    pub at: DateTime<Utc>,
    /// The user's local id (SDS user ID).
    pub user_id: String,
    /// The user's name.
    pub user_name: String,
    /// The organisation of the user's role.
    pub organisation: String,
    /// The `X-Request-ID` sent.
    pub request_id: String,
    /// A search (`true`) or a retrieval.
    pub search: bool,
    /// `Ok` when PDS answered with a record or a searchset, `Refused` when it refused,
    /// `Failed` when no answer arrived.
    pub outcome: AuditOutcome,
    /// HTTP status, when an answer arrived.
    pub http_status: Option<u16>,
    /// The error or PDS code, when it did not succeed.
    pub error_code: Option<String>,
    /// The NHS numbers concerned: the one asked for (retrieval) or those shown (search).
    pub nhs_numbers: Vec<String>,
    /// The current NHS number, when the one asked for was superseded.
    pub superseded_by: Option<String>,
}

impl Journal {
    /// Appends the rows of a trace; returns how many.
    ///
    /// Errors: [`crate::JournalError::Sqlite`].
    pub fn append_trace(&self, trace: &TraceAudit) -> Result<usize> {
        let (interaction, action) = if trace.search {
            ("pds:search", "trace search")
        } else {
            ("pds:retrieve", "trace")
        };
        let numbers: Vec<Option<&str>> = if trace.nhs_numbers.is_empty() {
            vec![None]
        } else {
            trace.nhs_numbers.iter().map(|n| Some(n.as_str())).collect()
        };
        let mut connection = self.lock();
        let transaction = connection.transaction()?;
        for number in &numbers {
            transaction.execute(
                "INSERT INTO audit (at, user_id, user_name, organisation, practice, \
                 interaction_id, action, trace_id, outcome, http_status, error_code, \
                 spine_code, resource_id, nhs_number) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, NULL, ?12, ?13)",
                params![
                    trace.at.to_rfc3339(),
                    trace.user_id,
                    trace.user_name,
                    trace.organisation,
                    PDS,
                    interaction,
                    action,
                    trace.request_id,
                    trace.outcome.as_str(),
                    trace.http_status,
                    trace.error_code,
                    trace.superseded_by,
                    number,
                ],
            )?;
        }
        transaction.commit()?;
        Ok(numbers.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AuditFilter;

    #[test]
    fn a_search_is_one_row_per_patient_shown_and_a_retrieval_one_row() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::in_dir(dir.path()).unwrap();
        let base = TraceAudit {
            at: Utc::now(),
            user_id: "555000000002".into(),
            user_name: "Sam Patel".into(),
            organisation: "Y90001".into(),
            request_id: "0c6c3b0e-6a43-4d7e-9f55-1f0b2a9f5d10".into(),
            search: true,
            outcome: AuditOutcome::Ok,
            http_status: Some(200),
            error_code: None,
            nhs_numbers: vec!["9476719931".into(), "9476719958".into()],
            superseded_by: None,
        };
        assert_eq!(journal.append_trace(&base).unwrap(), 2);
        let retrieval = TraceAudit {
            search: false,
            nhs_numbers: vec!["9990000018".into()],
            superseded_by: Some("9476719923".into()),
            ..base.clone()
        };
        assert_eq!(journal.append_trace(&retrieval).unwrap(), 1);
        let none = TraceAudit {
            nhs_numbers: vec![],
            ..base
        };
        assert_eq!(journal.append_trace(&none).unwrap(), 1);
        let rows = journal.audit(&AuditFilter::default()).unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[1].action, "trace");
        assert_eq!(rows[1].practice, PDS);
        assert_eq!(rows[1].resource_id.as_deref(), Some("9476719923"));
        assert_eq!(rows[0].nhs_number, None);
        let dawes = journal
            .audit(&AuditFilter {
                nhs_number: Some("9476719931".into()),
                ..AuditFilter::default()
            })
            .unwrap();
        assert_eq!(dawes.len(), 1);
        assert_eq!(dawes[0].interaction_id, "pds:search");
    }
}
