//! Searching free slots across practices (§3.2, §8), each practice reported as it answers.

use std::time::Instant;

use futures::StreamExt;
use gpconnect::federation::FederationEvent;
use gpconnect::slots::{SearchFilters, SlotQuery, check_search_range};
use gpconnect::time::DateRange;
use tauri::ipc::Channel;

use super::elapsed_ms;
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;
use crate::views::{SearchEvent, SearchSummary, SlotSearchRequest};

/// Searches the practices of `request` through the connection's queue (at most the
/// configured number at once, each within the practice deadline from its turn); `events`
/// receives `Started` for each, `Asked` when its turn comes, then `Finished` or `Failed` as
/// each answers. A practice SDS could not resolve fails at once with its reason. With the
/// 111 profile's DoS service id, every search sends it (1.2.8 service filtering).
///
/// Errors: VALIDATION for an unknown practice, a range that ends before it starts or one
/// longer than 366 days (before anything is sent); NOT_CONFIGURED.
pub async fn search_slots(
    state: &AppState,
    request: SlotSearchRequest,
    events: Channel<SearchEvent>,
) -> CommandResult<SearchSummary> {
    let range = DateRange::new(request.from, request.to)
        .map_err(|e| CommandError::invalid(e.to_string()))?;
    check_search_range(range)?;
    let connection = state.connection().await?;
    let (practices, unresolved) = connection.select(&request.practices)?;
    let query = SlotQuery {
        range,
        filters: SearchFilters::from_identity(connection.client.identity()),
        service: connection.dos_service_id.clone(),
    };
    let send = |event| {
        // A closed channel means the screen went away: nothing to do.
        let _ = events.send(event);
    };
    let asked = practices.iter().map(|p| &p.ods_code);
    for ods_code in asked.chain(unresolved.iter().map(|p| &p.ods_code)) {
        send(SearchEvent::Started {
            ods_code: ods_code.clone(),
        });
    }
    let started = Instant::now();
    let mut summary = SearchSummary {
        practices: practices.len() + unresolved.len(),
        slots: 0,
        failed: unresolved.len(),
    };
    for failed in unresolved {
        send(SearchEvent::Failed {
            ods_code: failed.ods_code,
            error: failed.error.into(),
            elapsed_ms: 0,
        });
    }
    let mut outcomes =
        connection
            .client
            .search_federation(&practices, &query, &connection.federation);
    while let Some(event) = outcomes.next().await {
        let outcome = match event {
            FederationEvent::Started { practice, queued } => {
                send(SearchEvent::Asked {
                    ods_code: practice.ods_code,
                    queued_ms: u64::try_from(queued.as_millis()).unwrap_or(u64::MAX),
                });
                continue;
            }
            FederationEvent::Answered(outcome) => outcome,
        };
        let ods_code = outcome.practice.ods_code;
        let elapsed_ms = elapsed_ms(started);
        send(match outcome.result {
            Ok(found) => {
                summary.slots += found.slots.len();
                SearchEvent::Finished {
                    ods_code,
                    past_slots: found.past_slots,
                    unusable_slots: found.unusable.len(),
                    missing: found.missing,
                    service_filtering: found.service_filtering,
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
