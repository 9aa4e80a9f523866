//! Booking one slot or several adjacent ones.

use gpconnect::appointments::BookingOutcome;

use crate::error::CommandResult;
use crate::state::AppState;
use crate::views::{BookRequest, BookingConfirmation, BookingResult};

/// Books once (§3.5). A lost answer is never resent: the patient's appointments are read to
/// find out whether the booking exists (`reconciled` or `notBooked`).
///
/// A slot after the end of the request's disposition timeframe (111 profile) needs a reason,
/// which is kept with the confirmation.
///
/// Errors: `DUPLICATE_REJECTED` when a slot was just taken (refresh that practice);
/// VALIDATION (adjacency, text limits, past slot, no reason for a slot outside the
/// timeframe); any other GP Connect error.
pub async fn book_appointment(
    state: &AppState,
    request: BookRequest,
) -> CommandResult<BookingResult> {
    let outside_reason = request.check_timeframe()?;
    let connection = state.connection().await?;
    let practice = connection.practice(&request.ods_code)?;
    let confirm = |record| {
        BookingConfirmation::new(&practice, &request.patient, &request.slots, record)
            .with_timeframe(&request, outside_reason.clone())
    };
    let outcome = connection
        .client
        .book_and_reconcile(&practice, &request.to_booking())
        .await?;
    Ok(match outcome {
        BookingOutcome::Booked(record) => BookingResult::Booked {
            confirmation: confirm(&record),
        },
        BookingOutcome::Reconciled(record) => BookingResult::Reconciled {
            confirmation: confirm(&record),
        },
        BookingOutcome::NotBooked { cause } => BookingResult::NotBooked {
            error: cause.into(),
        },
    })
}
