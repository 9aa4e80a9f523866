//! The specification's fixed strings as the simulator reads them from the digest
//! (`gpconnect-1.2.7.md` §5.3, §6, §7): profile URLs, extension URLs, identifier systems and
//! code systems. Written here from the spec text, not shared with the client, so that a
//! misspelt URL on either side shows up as a refusal.
//!
//! Belongs here: literal strings and the small closed code lists of §7.2. Rules that use
//! them live in `rules/` and `routes/`.

/// `meta.profile` of an Appointment (§7.1).
pub const PROFILE_APPOINTMENT: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-Appointment-1";
/// `meta.profile` of a Slot (§7.1).
pub const PROFILE_SLOT: &str = "https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-Slot-1";
/// `meta.profile` of a Schedule (§7.1).
pub const PROFILE_SCHEDULE: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-Schedule-1";
/// `meta.profile` of a Patient (§7.1).
pub const PROFILE_PATIENT: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Patient-1";
/// `meta.profile` of a Practitioner (§7.1).
pub const PROFILE_PRACTITIONER: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Practitioner-1";
/// `meta.profile` of a Location (§7.1).
pub const PROFILE_LOCATION: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Location-1";
/// `meta.profile` of an Organization, the practice's own or a booking organisation (§7.1).
pub const PROFILE_ORGANIZATION: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Organization-1";
/// `meta.profile` of a provider's OperationOutcome (§6.1, §7.1).
pub const PROFILE_OPERATION_OUTCOME: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-OperationOutcome-1";
/// `meta.profile` of the Bundle answering a registration (§3.4, §7.1).
pub const PROFILE_SEARCHSET_BUNDLE: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-Searchset-Bundle-1";

/// Booking organisation extension on an Appointment: `valueReference` to `#id` (§3.5, §7.2).
pub const EXT_BOOKING_ORGANISATION: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-BookingOrganisation-1";
/// Cancellation reason extension, `valueString`, on cancel only (§3.9, §7.2).
pub const EXT_CANCELLATION_REASON: &str = "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-AppointmentCancellationReason-1";
/// Delivery channel extension, `valueCode`, on Slot and Appointment (§7.2).
pub const EXT_DELIVERY_CHANNEL: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-DeliveryChannel-2";
/// Practitioner role extension, `valueCodeableConcept`, on Schedule and Appointment (§7.2).
pub const EXT_PRACTITIONER_ROLE: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-PractitionerRole-1";
/// Registration details extension on Patient (§7.2).
pub const EXT_REGISTRATION_DETAILS: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-RegistrationDetails-1";
/// NHS communication extension on Patient, the one extension a registration may send (§3.4).
pub const EXT_NHS_COMMUNICATION: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-NHSCommunication-1";
/// NHS number verification status extension on `Patient.identifier` (§7.2).
pub const EXT_NHS_NUMBER_VERIFICATION: &str = "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-NHSNumberVerificationStatus-1";

/// NHS number identifier system (§7.3).
pub const SYSTEM_NHS_NUMBER: &str = "https://fhir.nhs.uk/Id/nhs-number";
/// A Directory of Services service id (GP Connect 1.2.8 `service.identifier`).
pub const SYSTEM_DOS_SERVICE: &str = "https://fhir.nhs.uk/Id/uec-dos-service-id";
/// The filtering status on a 1.2.8 slot search Bundle's `meta`.
pub const EXT_SERVICE_FILTERING_STATUS: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-ServiceFilteringStatus-1";
/// The HealthcareService profile of 1.2.8.
pub const PROFILE_HEALTHCARE_SERVICE: &str =
    "https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-HealthcareService-1";
/// Language codes of `nhsCommunication`.
pub const CODESYSTEM_HUMAN_LANGUAGE: &str =
    "https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-HumanLanguage-1";
/// ODS organisation code identifier system (§7.3).
pub const SYSTEM_ODS_ORGANISATION: &str = "https://fhir.nhs.uk/Id/ods-organization-code";
/// SDS user id identifier system (§7.3).
pub const SYSTEM_SDS_USER: &str = "https://fhir.nhs.uk/Id/sds-user-id";
/// SDS role profile id identifier system (§7.3).
pub const SYSTEM_SDS_ROLE_PROFILE: &str = "https://fhir.nhs.uk/Id/sds-role-profile-id";

/// Organisation type code system, the `searchFilter` system and the booking organisation's
/// `type` (§3.2, §7.2).
pub const CODESYSTEM_ORGANISATION_TYPE: &str =
    "https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1";
/// The only organisation type codes (§7.2: "There are no other codes").
pub const ORGANISATION_TYPES: [&str; 2] = ["gp-practice", "urgent-care"];
/// SDS job role name code system of the practitioner role (§3.2, §7.2).
pub const CODESYSTEM_SDS_JOB_ROLE: &str =
    "https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1";
/// Registration type code system (§7.2).
pub const CODESYSTEM_REGISTRATION_TYPE: &str =
    "https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-RegistrationType-1";
/// NHS number verification status code system (§7.2).
pub const CODESYSTEM_NHS_NUMBER_VERIFICATION: &str =
    "https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1";
/// Spine error or warning codes, the system the OperationOutcome profile fixes (§6.1).
pub const CODESYSTEM_SPINE_ERROR: &str =
    "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1";
/// The system of the Spine Secure Proxy's own OperationOutcome codes (§6.3).
pub const SYSTEM_SSP_RESPONSE: &str =
    "http://fhir.nhs.net/ValueSet/gpconnect-schedule-response-code-1-0";

/// The delivery channel codes of `GPConnect-DeliveryChannel-1` (§3.2, §7.2).
pub const DELIVERY_CHANNELS: [&str; 3] = ["In-person", "Telephone", "Video"];

/// SDS: the interaction ID identifier system (§5.3).
pub const SDS_INTERACTION_ID: &str = "https://fhir.nhs.uk/Id/nhsServiceInteractionId";
/// SDS: the MHS party key identifier system (§5.3).
pub const SDS_PARTY_KEY: &str = "https://fhir.nhs.uk/Id/nhsMhsPartyKey";
/// SDS: the Spine ASID identifier system on Device (§5.3).
pub const SDS_SPINE_ASID: &str = "https://fhir.nhs.uk/Id/nhsSpineASID";
/// SDS: the MHS endpoint identifier system on Endpoint (§5.3).
pub const SDS_MHS_ENDPOINT: &str = "https://fhir.nhs.uk/Id/nhsMhsEndPoint";
/// SDS: the MHS FQDN identifier system on Endpoint (§5.3).
pub const SDS_MHS_FQDN: &str = "https://fhir.nhs.uk/Id/nhsMhsFQD";
