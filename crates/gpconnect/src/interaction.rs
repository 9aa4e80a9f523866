//! The GP Connect interactions of §3.0: interaction ID, HTTP method and the JWT
//! `requested_scope` of each: which header and scope the client sends. (The simulator keeps
//! its own reading of the table; its tests compare the two with the specification's.)

use std::fmt;

/// The HTTP method of an interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`: a read or search; may be retried on transient failure.
    Get,
    /// `POST`: create or operation; never retried automatically.
    Post,
    /// `PUT`: update; never retried automatically.
    Put,
}

impl HttpMethod {
    /// The method name as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
        }
    }
}

/// The JWT `requested_scope` claim (§4.2), chosen per interaction (§3.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestedScope {
    /// `patient/*.read`
    PatientRead,
    /// `patient/*.write`
    PatientWrite,
    /// `organization/*.read`
    OrganizationRead,
    /// `organization/*.write` (defined by the spec, used by no 1.2.7 interaction)
    OrganizationWrite,
}

impl RequestedScope {
    /// The claim value, e.g. `patient/*.read`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PatientRead => "patient/*.read",
            Self::PatientWrite => "patient/*.write",
            Self::OrganizationRead => "organization/*.read",
            Self::OrganizationWrite => "organization/*.write",
        }
    }
}

impl fmt::Display for RequestedScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of the §3.0 summary table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Interaction {
    /// `GET /metadata` (§3.1)
    Metadata,
    /// `GET /Slot?…` (§3.2)
    SearchSlots,
    /// `GET /Patient?identifier=…` (§3.3)
    FindPatient,
    /// `GET /Patient/{id}` (§3.10)
    ReadPatient,
    /// `POST /Patient/$gpc.registerpatient` (§3.4)
    RegisterPatient,
    /// `POST /Appointment` (§3.5)
    BookAppointment,
    /// `GET /Patient/{id}/Appointment?start=ge…&start=le…` (§3.6)
    RetrievePatientAppointments,
    /// `GET /Appointment/{id}` (§3.7)
    ReadAppointment,
    /// `PUT /Appointment/{id}` with the update interaction ID (§3.8)
    AmendAppointment,
    /// `PUT /Appointment/{id}` with the cancel interaction ID (§3.9)
    CancelAppointment,
    /// `GET /Practitioner/{id}` (§3.10)
    ReadPractitioner,
    /// `GET /Practitioner?identifier=…` (§3.0)
    FindPractitioner,
    /// `GET /Organization/{id}` (§3.10)
    ReadOrganization,
    /// `GET /Organization?identifier=…` (§3.0)
    FindOrganization,
    /// `GET /Location/{id}` (§3.10)
    ReadLocation,
}

impl Interaction {
    /// Every interaction of §3.0.
    pub const ALL: [Interaction; 15] = [
        Self::Metadata,
        Self::SearchSlots,
        Self::FindPatient,
        Self::ReadPatient,
        Self::RegisterPatient,
        Self::BookAppointment,
        Self::RetrievePatientAppointments,
        Self::ReadAppointment,
        Self::AmendAppointment,
        Self::CancelAppointment,
        Self::ReadPractitioner,
        Self::FindPractitioner,
        Self::ReadOrganization,
        Self::FindOrganization,
        Self::ReadLocation,
    ];

    /// The `Ssp-InteractionID` header value (SPEC integration_interaction_ids).
    pub fn id(self) -> &'static str {
        match self {
            Self::Metadata => "urn:nhs:names:services:gpconnect:fhir:rest:read:metadata-1",
            Self::SearchSlots => "urn:nhs:names:services:gpconnect:fhir:rest:search:slot-1",
            Self::FindPatient => "urn:nhs:names:services:gpconnect:fhir:rest:search:patient-1",
            Self::ReadPatient => "urn:nhs:names:services:gpconnect:fhir:rest:read:patient-1",
            Self::RegisterPatient => {
                "urn:nhs:names:services:gpconnect:fhir:operation:gpc.registerpatient-1"
            }
            Self::BookAppointment => {
                "urn:nhs:names:services:gpconnect:fhir:rest:create:appointment-1"
            }
            Self::RetrievePatientAppointments => {
                "urn:nhs:names:services:gpconnect:fhir:rest:search:patient_appointments-1"
            }
            Self::ReadAppointment => {
                "urn:nhs:names:services:gpconnect:fhir:rest:read:appointment-1"
            }
            Self::AmendAppointment => {
                "urn:nhs:names:services:gpconnect:fhir:rest:update:appointment-1"
            }
            Self::CancelAppointment => {
                "urn:nhs:names:services:gpconnect:fhir:rest:cancel:appointment-1"
            }
            Self::ReadPractitioner => {
                "urn:nhs:names:services:gpconnect:fhir:rest:read:practitioner-1"
            }
            Self::FindPractitioner => {
                "urn:nhs:names:services:gpconnect:fhir:rest:search:practitioner-1"
            }
            Self::ReadOrganization => {
                "urn:nhs:names:services:gpconnect:fhir:rest:read:organization-1"
            }
            Self::FindOrganization => {
                "urn:nhs:names:services:gpconnect:fhir:rest:search:organization-1"
            }
            Self::ReadLocation => "urn:nhs:names:services:gpconnect:fhir:rest:read:location-1",
        }
    }

    /// The JWT `requested_scope` for this interaction (§3.0, §4.2).
    pub fn scope(self) -> RequestedScope {
        match self {
            Self::FindPatient
            | Self::ReadPatient
            | Self::RetrievePatientAppointments
            | Self::ReadAppointment => RequestedScope::PatientRead,
            Self::RegisterPatient
            | Self::BookAppointment
            | Self::AmendAppointment
            | Self::CancelAppointment => RequestedScope::PatientWrite,
            Self::Metadata
            | Self::SearchSlots
            | Self::ReadPractitioner
            | Self::FindPractitioner
            | Self::ReadOrganization
            | Self::FindOrganization
            | Self::ReadLocation => RequestedScope::OrganizationRead,
        }
    }

    /// The HTTP method of this interaction.
    pub fn method(self) -> HttpMethod {
        match self {
            Self::RegisterPatient | Self::BookAppointment => HttpMethod::Post,
            Self::AmendAppointment | Self::CancelAppointment => HttpMethod::Put,
            _ => HttpMethod::Get,
        }
    }

    /// True for POST and PUT: never retried automatically (§2.6).
    pub fn is_write(self) -> bool {
        self.method() != HttpMethod::Get
    }
}

impl fmt::Display for Interaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_carry_the_1x_suffix() {
        for (n, i) in Interaction::ALL.iter().enumerate() {
            assert!(i.id().ends_with("-1"), "{i:?} lacks the 1.x suffix");
            assert!(Interaction::ALL[n + 1..].iter().all(|j| j.id() != i.id()));
        }
    }

    #[test]
    fn scopes_follow_the_summary_table() {
        use RequestedScope::*;
        let expected = [
            (Interaction::Metadata, OrganizationRead),
            (Interaction::SearchSlots, OrganizationRead),
            (Interaction::FindPatient, PatientRead),
            (Interaction::ReadPatient, PatientRead),
            (Interaction::RegisterPatient, PatientWrite),
            (Interaction::BookAppointment, PatientWrite),
            (Interaction::RetrievePatientAppointments, PatientRead),
            (Interaction::ReadAppointment, PatientRead),
            (Interaction::AmendAppointment, PatientWrite),
            (Interaction::CancelAppointment, PatientWrite),
            (Interaction::ReadPractitioner, OrganizationRead),
            (Interaction::FindPractitioner, OrganizationRead),
            (Interaction::ReadOrganization, OrganizationRead),
            (Interaction::FindOrganization, OrganizationRead),
            (Interaction::ReadLocation, OrganizationRead),
        ];
        for (interaction, scope) in expected {
            assert_eq!(interaction.scope(), scope, "{interaction:?}");
        }
    }
}
