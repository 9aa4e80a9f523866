//! Many parallel bookings of one slot: exactly one succeeds, the rest get 409.
