//! The profile, extension, identifier-system and code-system URLs of GP Connect 1.2.7
//! (§7.1-§7.3). Only constants live here.

/// `meta.profile` of an Appointment (§7.1).
pub const PROFILE_APPOINTMENT: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-Appointment-1";
/// `meta.profile` of a Patient (§7.1).
pub const PROFILE_PATIENT: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Patient-1";
/// `meta.profile` of an Organization, including the contained booking organisation (§7.1).
pub const PROFILE_ORGANIZATION: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Organization-1";
/// The register-patient operation definition (§3.4).
pub const OPERATION_REGISTER_PATIENT: &str =
    "https://fhir.nhs.uk/STU3/OperationDefinition/GPConnect-RegisterPatient-Operation-1";

/// Extension: contained booking organisation, `valueReference` `#1` (§7.2).
pub const EXT_BOOKING_ORGANISATION: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-BookingOrganisation-1";
/// Extension: cancellation reason, `valueString` (§7.2).
pub const EXT_CANCELLATION_REASON: &str = "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-AppointmentCancellationReason-1";
/// Extension: delivery channel, `valueCode` (§7.2).
pub const EXT_DELIVERY_CHANNEL: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-DeliveryChannel-2";
/// Extension: practitioner role, `valueCodeableConcept` (§7.2).
pub const EXT_PRACTITIONER_ROLE: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-PractitionerRole-1";
/// Extension: patient registration details (§7.2).
pub const EXT_REGISTRATION_DETAILS: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-RegistrationDetails-1";

/// Extension: the patient's language and whether an interpreter is needed (§3.4, §7.2).
pub const EXT_NHS_COMMUNICATION: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-NHSCommunication-1";
/// Code system of `nhsCommunication.language` (ISO 639 based, §7.2).
pub const CODESYSTEM_HUMAN_LANGUAGE: &str =
    "https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-HumanLanguage-1";
/// Extension on a slot search Bundle's `meta` (1.2.8): whether service filtering was applied
/// (`enabled`, `supplier-disabled`, `organization-disabled`); only when the consumer sent
/// `service.identifier`. Matched by its name at the end of the URL, which the 1.2.8 pages
/// write under both `/StructureDefinition/` and `/Extension/`.
pub const EXT_SERVICE_FILTERING_STATUS: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-ServiceFilteringStatus-1";
/// Identifier system of a Directory of Services (DoS) service id (1.2.8 service filtering).
pub const SYSTEM_DOS_SERVICE_ID: &str = "https://fhir.nhs.uk/Id/uec-dos-service-id";

/// Identifier system: NHS number (§7.3).
pub const SYSTEM_NHS_NUMBER: &str = "https://fhir.nhs.uk/Id/nhs-number";
/// Identifier system: ODS organisation code (§7.3).
pub const SYSTEM_ODS_ORGANISATION: &str = "https://fhir.nhs.uk/Id/ods-organization-code";
/// Identifier system: SDS user id (§7.3).
pub const SYSTEM_SDS_USER: &str = "https://fhir.nhs.uk/Id/sds-user-id";
/// Identifier system: SDS role profile id (§7.3).
pub const SYSTEM_SDS_ROLE_PROFILE: &str = "https://fhir.nhs.uk/Id/sds-role-profile-id";

/// Code system: organisation type, `gp-practice` | `urgent-care` (§7.2).
pub const CODESYSTEM_ORGANISATION_TYPE: &str =
    "https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1";
/// Code system: SDS job role names (practitioner roles, §7.2).
pub const CODESYSTEM_SDS_JOB_ROLE: &str =
    "https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1";
/// Code system for Spine error codes, as the profile fixes it (§6.1).
pub const CODESYSTEM_SPINE_ERROR: &str =
    "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1";
/// Code system for Spine error codes, as the spec examples write it (§6.1).
pub const VALUESET_SPINE_ERROR: &str =
    "https://fhir.nhs.uk/STU3/ValueSet/Spine-ErrorOrWarningCode-1";
/// The Spine Secure Proxy's own OperationOutcome system (§6.3).
pub const SYSTEM_SSP_RESPONSE_CODE: &str =
    "http://fhir.nhs.net/ValueSet/gpconnect-schedule-response-code-1-0";
/// The Spine Secure Proxy's system for 405 responses (§6.3).
pub const SYSTEM_SSP_OPERATION_OUTCOME: &str =
    "https://fhir.nhs.uk/StructureDefinition/spine-operationoutcome-1";
