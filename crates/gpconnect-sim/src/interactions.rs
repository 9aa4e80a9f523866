//! The simulator's own copy of the §3.0 summary table: for each interaction its
//! `Ssp-InteractionID`, HTTP method, path pattern, JWT `requested_scope` and success status,
//! written as literals from the specification. The proxy routes by it and refuses an
//! `Ssp-InteractionID` that does not match the method and path (§2.2).
//!
//! Belongs here: the table and matching a request against it. What each interaction does
//! lives in `routes/`.

/// What the practice does for an interaction; one per row of §3.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// `GET /metadata` (§3.1).
    Metadata,
    /// `GET /Slot?…` (§3.2).
    SearchSlots,
    /// `GET /Patient?identifier=…` (§3.3).
    FindPatient,
    /// `GET /Patient/{id}` (§3.10).
    ReadPatient,
    /// `POST /Patient/$gpc.registerpatient` (§3.4).
    RegisterPatient,
    /// `POST /Appointment` (§3.5).
    BookAppointment,
    /// `GET /Patient/{id}/Appointment` (§3.6).
    RetrieveAppointments,
    /// `GET /Appointment/{id}` (§3.7).
    ReadAppointment,
    /// `PUT /Appointment/{id}` with the update interaction ID (§3.8).
    AmendAppointment,
    /// `PUT /Appointment/{id}` with the cancel interaction ID (§3.9).
    CancelAppointment,
    /// `GET /Practitioner/{id}` (§3.10).
    ReadPractitioner,
    /// `GET /Practitioner?identifier=…` (§3.0).
    FindPractitioner,
    /// `GET /Organization/{id}` (§3.10).
    ReadOrganization,
    /// `GET /Organization?identifier=…` (§3.0).
    FindOrganization,
    /// `GET /Location/{id}` (§3.10).
    ReadLocation,
}

/// One row of the §3.0 table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Interaction {
    /// What the practice does.
    pub operation: Operation,
    /// The `Ssp-InteractionID` header value, e.g.
    /// `urn:nhs:names:services:gpconnect:fhir:rest:search:slot-1`.
    pub id: &'static str,
    /// `GET`, `POST` or `PUT`.
    pub method: &'static str,
    /// The path relative to the provider root, no leading `/`, no query; `{id}` stands for a
    /// logical id, e.g. `Patient/{id}/Appointment`.
    pub path: &'static str,
    /// The JWT `requested_scope` the interaction needs (§3.0, §4.2).
    pub scope: &'static str,
    /// The HTTP status of success (201 only for Book; 200 for Register too, §3.4).
    pub success: u16,
}

const fn row(
    operation: Operation,
    id: &'static str,
    method: &'static str,
    path: &'static str,
    scope: &'static str,
    success: u16,
) -> Interaction {
    Interaction {
        operation,
        id,
        method,
        path,
        scope,
        success,
    }
}

const ORG_READ: &str = "organization/*.read";
const PATIENT_READ: &str = "patient/*.read";
const PATIENT_WRITE: &str = "patient/*.write";

/// Every row of §3.0, in the specification's order.
pub const INTERACTIONS: [Interaction; 15] = [
    row(
        Operation::Metadata,
        "urn:nhs:names:services:gpconnect:fhir:rest:read:metadata-1",
        "GET",
        "metadata",
        ORG_READ,
        200,
    ),
    row(
        Operation::SearchSlots,
        "urn:nhs:names:services:gpconnect:fhir:rest:search:slot-1",
        "GET",
        "Slot",
        ORG_READ,
        200,
    ),
    row(
        Operation::FindPatient,
        "urn:nhs:names:services:gpconnect:fhir:rest:search:patient-1",
        "GET",
        "Patient",
        PATIENT_READ,
        200,
    ),
    row(
        Operation::ReadPatient,
        "urn:nhs:names:services:gpconnect:fhir:rest:read:patient-1",
        "GET",
        "Patient/{id}",
        PATIENT_READ,
        200,
    ),
    row(
        Operation::RegisterPatient,
        "urn:nhs:names:services:gpconnect:fhir:operation:gpc.registerpatient-1",
        "POST",
        "Patient/$gpc.registerpatient",
        PATIENT_WRITE,
        200,
    ),
    row(
        Operation::BookAppointment,
        "urn:nhs:names:services:gpconnect:fhir:rest:create:appointment-1",
        "POST",
        "Appointment",
        PATIENT_WRITE,
        201,
    ),
    row(
        Operation::RetrieveAppointments,
        "urn:nhs:names:services:gpconnect:fhir:rest:search:patient_appointments-1",
        "GET",
        "Patient/{id}/Appointment",
        PATIENT_READ,
        200,
    ),
    row(
        Operation::ReadAppointment,
        "urn:nhs:names:services:gpconnect:fhir:rest:read:appointment-1",
        "GET",
        "Appointment/{id}",
        PATIENT_READ,
        200,
    ),
    row(
        Operation::AmendAppointment,
        "urn:nhs:names:services:gpconnect:fhir:rest:update:appointment-1",
        "PUT",
        "Appointment/{id}",
        PATIENT_WRITE,
        200,
    ),
    row(
        Operation::CancelAppointment,
        "urn:nhs:names:services:gpconnect:fhir:rest:cancel:appointment-1",
        "PUT",
        "Appointment/{id}",
        PATIENT_WRITE,
        200,
    ),
    row(
        Operation::ReadPractitioner,
        "urn:nhs:names:services:gpconnect:fhir:rest:read:practitioner-1",
        "GET",
        "Practitioner/{id}",
        ORG_READ,
        200,
    ),
    row(
        Operation::FindPractitioner,
        "urn:nhs:names:services:gpconnect:fhir:rest:search:practitioner-1",
        "GET",
        "Practitioner",
        ORG_READ,
        200,
    ),
    row(
        Operation::ReadOrganization,
        "urn:nhs:names:services:gpconnect:fhir:rest:read:organization-1",
        "GET",
        "Organization/{id}",
        ORG_READ,
        200,
    ),
    row(
        Operation::FindOrganization,
        "urn:nhs:names:services:gpconnect:fhir:rest:search:organization-1",
        "GET",
        "Organization",
        ORG_READ,
        200,
    ),
    row(
        Operation::ReadLocation,
        "urn:nhs:names:services:gpconnect:fhir:rest:read:location-1",
        "GET",
        "Location/{id}",
        ORG_READ,
        200,
    ),
];

/// The row whose `Ssp-InteractionID` is exactly `id` (IDs are case-sensitive, §2.1).
pub fn by_id(id: &str) -> Option<&'static Interaction> {
    INTERACTIONS.iter().find(|i| i.id == id)
}

/// True when `s` is a FHIR logical id: 1 to 64 of `A-Z a-z 0-9 - .` (FHIR STU3 `id`
/// datatype), the only ids the simulator hands out or accepts in a path or reference.
pub fn is_logical_id(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

impl Interaction {
    /// True for `POST` and `PUT`.
    pub fn is_write(&self) -> bool {
        self.method != "GET"
    }

    /// True when a request with `method` on `path` (relative to the provider root, no query,
    /// no leading `/`) is this interaction: the method is the row's and every segment equals
    /// the pattern's, `{id}` matching one logical id.
    pub fn matches(&self, method: &str, path: &str) -> bool {
        if method != self.method {
            return false;
        }
        let pattern = self.path.split('/');
        let actual = path.split('/');
        pattern.clone().count() == actual.clone().count()
            && pattern.zip(actual).all(|(p, a)| {
                if p == "{id}" {
                    is_logical_id(a)
                } else {
                    p == a
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_carry_the_1x_suffix() {
        for (i, a) in INTERACTIONS.iter().enumerate() {
            assert!(a.id.ends_with("-1"), "{}", a.id);
            assert_eq!(by_id(a.id).map(|r| r.operation), Some(a.operation));
            assert!(INTERACTIONS[i + 1..].iter().all(|b| b.id != a.id));
        }
    }

    #[test]
    fn paths_match_their_own_rows_only() {
        let find = |op: Operation| INTERACTIONS.iter().find(|i| i.operation == op).unwrap();
        let retrieve = find(Operation::RetrieveAppointments);
        assert!(retrieve.matches("GET", "Patient/2/Appointment"));
        assert!(!retrieve.matches("GET", "Patient//Appointment"));
        let read_patient = find(Operation::ReadPatient);
        assert!(read_patient.matches("GET", "Patient/2"));
        assert!(!read_patient.matches("GET", "Patient/$gpc.registerpatient"));
        assert!(
            !read_patient.matches("get", "Patient/2"),
            "methods are upper case"
        );
        assert!(find(Operation::RegisterPatient).matches("POST", "Patient/$gpc.registerpatient"));
        assert!(find(Operation::CancelAppointment).matches("PUT", "Appointment/9"));
        assert!(!find(Operation::ReadAppointment).matches("GET", "Appointment"));
        assert!(!find(Operation::SearchSlots).matches("POST", "Slot"));
        assert!(find(Operation::Metadata).matches("GET", "metadata"));
        assert!(!is_logical_id(&"1".repeat(65)));
    }
}
