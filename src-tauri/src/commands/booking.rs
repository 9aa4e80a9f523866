//! Booking one slot or several adjacent ones.

use gpconnect::appointments::BookingOutcome;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;
use crate::views::{BookRequest, BookingConfirmation, BookingResult};

/// Books once (§3.5). A lost answer is never resent: the patient's appointments are read to
/// find out whether the booking exists (`reconciled` or `notBooked`).
///
/// Errors: `DUPLICATE_REJECTED` when a slot was just taken (refresh that practice);
/// VALIDATION (adjacency, text limits, past slot); any other GP Connect error.
#[tauri::command]
pub async fn book_appointment(
    state: State<'_, AppState>,
    request: BookRequest,
) -> CommandResult<BookingResult> {
    let connection = state.connection().await?;
    let practice = connection.practice(&request.practice)?;
    let booking = request.to_booking();
    let confirm =
        |record| BookingConfirmation::new(&practice, &request.patient, &request.slots, record);
    Ok(
        match connection
            .client
            .book_and_reconcile(&practice, &booking)
            .await?
        {
            BookingOutcome::Booked(record) => BookingResult::Booked {
                confirmation: confirm(&record),
            },
            BookingOutcome::Reconciled(record) => BookingResult::Reconciled {
                confirmation: confirm(&record),
            },
            BookingOutcome::NotBooked { cause } => BookingResult::NotBooked {
                error: cause.into(),
            },
        },
    )
}
