//! Searching free slots.

use tauri::State;
use tauri::ipc::Channel;

use crate::error::CommandResult;
use crate::state::AppState;
use crate::views::{SearchEvent, SearchSummary, SlotSearchRequest};

/// Searches the practices of `request` at once; `events` receives each practice's progress
/// as it answers (§3.2, §8).
#[tauri::command]
pub async fn search_slots(
    state: State<'_, AppState>,
    request: SlotSearchRequest,
    events: Channel<SearchEvent>,
) -> CommandResult<SearchSummary> {
    let connection = state.connection().await?;
    crate::search::run(&connection, &request, |event| {
        // A closed window is the only way sending fails; the search simply ends unseen.
        let _ = events.send(event);
    })
    .await
}
