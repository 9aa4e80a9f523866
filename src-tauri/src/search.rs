//! A federated slot search reported practice by practice: each practice's outcome is sent
//! as an event the moment it arrives, so the screen's status rows fill in as practices
//! answer. No Tauri here: the sink is any function.

use std::time::Instant;

use futures::StreamExt;
use gpconnect::slots::{SearchFilters, SlotQuery};
use gpconnect::time::DateRange;

use crate::error::{CommandError, CommandResult};
use crate::state::Connection;
use crate::views::{SearchEvent, SearchSummary, SlotSearchRequest};

/// Searches the requested practices concurrently (each with the connection's deadline),
/// sending `Started` for each, then `Finished` or `Failed` as each answers.
///
/// Errors: VALIDATION for an unknown practice or a range that ends before it starts.
pub async fn run(
    connection: &Connection,
    request: &SlotSearchRequest,
    mut send: impl FnMut(SearchEvent),
) -> CommandResult<SearchSummary> {
    let practices = request
        .practices
        .iter()
        .map(|ods| connection.practice(ods))
        .collect::<CommandResult<Vec<_>>>()?;
    let range = DateRange::new(request.from, request.to)
        .map_err(|e| CommandError::new("VALIDATION", e.to_string()))?;
    let query = SlotQuery {
        range,
        filters: SearchFilters::from_identity(connection.client.identity()),
    };
    for practice in &practices {
        send(SearchEvent::Started {
            ods_code: practice.ods_code.to_string(),
        });
    }
    let started = Instant::now();
    let mut outcomes =
        connection
            .client
            .search_federation(&practices, &query, connection.practice_deadline);
    let mut summary = SearchSummary {
        practices: practices.len(),
        slots: 0,
        failed: 0,
    };
    while let Some(outcome) = outcomes.next().await {
        let ods_code = outcome.practice.ods_code.to_string();
        let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        send(match outcome.result {
            Ok(found) => {
                summary.slots += found.slots.len();
                SearchEvent::Finished {
                    ods_code,
                    past_slots: found.past_slots,
                    unusable_slots: found.unusable.len(),
                    slots: found.slots,
                    elapsed_ms,
                }
            }
            Err(error) => {
                summary.failed += 1;
                SearchEvent::Failed {
                    ods_code,
                    error: error.into(),
                    elapsed_ms,
                }
            }
        });
    }
    Ok(summary)
}
