//! The shapes that cross to the UI (requests, events, results), one module per screen,
//! besides the client's own view types (`BookableSlot`, `PatientRecord`, `LocationSummary`,
//! …). TypeScript is generated from them (see `bindings`); the UI never hand-copies a type.
//! A practice is always named by `odsCode: OdsCode`, in every request and view.

pub mod appointments;
pub mod booking;
pub mod patients;
pub mod session;
pub mod slots;
pub mod status;
pub mod trace;
pub mod writes;

pub use appointments::{
    AmendRequest, AppointmentView, AppointmentsEvent, CancelRequest, ChangeResult,
    ListAppointmentsRequest, RescheduleRequest, RescheduleResult,
};
pub use booking::{BookRequest, BookingConfirmation, BookingResult, DispositionTimeframe};
pub use patients::{
    FindEverywhereRequest, FindPatientRequest, PatientEvent, PatientLookup, RegisterPatientRequest,
};
pub use session::{
    DemoUserView, PracticeCheck, PracticeChecks, RoleView, SessionUser, SessionView,
};
pub use slots::{SearchEvent, SearchSummary, SlotSearchRequest};
pub use status::{AppStatus, CredentialFiles, EnvironmentPresets, PracticeView};
pub use trace::{PdsMatch, PdsSearchResult, TraceRequest, TraceView};
pub use writes::{HistoryFilter, HistoryRow, PendingWriteView, WritesEvent};

/// A provider date-time as UK local time with its offset, whatever offset the provider
/// wrote (`yyyy-mm-ddThh:mm:ss+hh:mm`, §2.4).
pub(crate) fn uk_local(time: chrono::DateTime<chrono::FixedOffset>) -> String {
    gpconnect::time::format_datetime(time.with_timezone(&chrono::Utc))
}

/// "Name (ODS)" of a booking organisation.
pub(crate) fn organisation_label(
    organisation: &gpconnect::appointments::BookingOrganisationSummary,
) -> String {
    format!(
        "{} ({})",
        organisation.name.clone().unwrap_or_default(),
        organisation.ods_code.clone().unwrap_or_default()
    )
}
