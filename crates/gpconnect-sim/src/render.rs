//! The FHIR STU3 JSON a simulated provider serves, written from the simulator's own types
//! ([`crate::model`]) with the profiles, extensions and identifier systems of §3 and §7.
//!
//! Belongs here: shapes of served resources and Bundles. What is served when is decided in
//! `routes/`. Every date-time is UK local with its offset (§2.4); no `fullUrl` is written
//! (§2.1).

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::model::{
    Address, Role, SimLocation, SimOrganization, SimPatient, SimPractitioner, SimSchedule,
    SimService, SimSlot, Telecom,
};
use crate::time::{format_date, format_instant, format_local};
use crate::vocabulary::{
    CODESYSTEM_HUMAN_LANGUAGE, CODESYSTEM_NHS_NUMBER_VERIFICATION, CODESYSTEM_REGISTRATION_TYPE,
    CODESYSTEM_SDS_JOB_ROLE, EXT_DELIVERY_CHANNEL, EXT_NHS_COMMUNICATION,
    EXT_NHS_NUMBER_VERIFICATION, EXT_PRACTITIONER_ROLE, EXT_REGISTRATION_DETAILS,
    EXT_SERVICE_FILTERING_STATUS, PROFILE_HEALTHCARE_SERVICE, PROFILE_LOCATION,
    PROFILE_ORGANIZATION, PROFILE_PATIENT, PROFILE_PRACTITIONER, PROFILE_SCHEDULE,
    PROFILE_SEARCHSET_BUNDLE, PROFILE_SLOT, SYSTEM_DOS_SERVICE, SYSTEM_NHS_NUMBER,
    SYSTEM_ODS_ORGANISATION, SYSTEM_SDS_USER,
};

/// `{"versionId": version, "profile": [profile]}`.
pub fn meta(profile: &str, version: &str) -> Value {
    json!({"versionId": version, "profile": [profile]})
}

/// Inserts `key: value` unless `value` is `None` or an empty array.
fn put(map: &mut Map<String, Value>, key: &str, value: impl Into<Option<Value>>) {
    match value.into() {
        None => {}
        Some(Value::Array(a)) if a.is_empty() => {}
        Some(v) => {
            map.insert(key.to_owned(), v);
        }
    }
}

/// The practitioner role as a CodeableConcept (§3.2).
pub fn role_concept(role: &Role) -> Value {
    json!({"coding": [{
        "system": CODESYSTEM_SDS_JOB_ROLE,
        "code": role.code,
        "display": role.display,
    }]})
}

/// An Address.
pub fn address(address: &Address) -> Value {
    let mut map = Map::new();
    put(&mut map, "use", json!(address.use_));
    put(&mut map, "line", json!(address.lines));
    put(&mut map, "city", address.city.as_ref().map(|c| json!(c)));
    put(
        &mut map,
        "district",
        address.district.as_ref().map(|d| json!(d)),
    );
    put(
        &mut map,
        "postalCode",
        address.postcode.as_ref().map(|p| json!(p)),
    );
    put(
        &mut map,
        "country",
        address.country.as_ref().map(|c| json!(c)),
    );
    Value::Object(map)
}

fn telecom(telecom: &Telecom) -> Value {
    let mut map = Map::new();
    put(&mut map, "system", json!(telecom.system));
    put(&mut map, "value", json!(telecom.value));
    put(&mut map, "use", telecom.use_.as_ref().map(|u| json!(u)));
    Value::Object(map)
}

fn work_phone(number: &str) -> Value {
    json!({"system": "phone", "value": number, "use": "work"})
}

/// A Slot as [`slot`] writes it, borrowing the model: the slot search writes hundreds, in one
/// pass (see [`searchset_bytes`]).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SlotJson<'a> {
    resource_type: &'static str,
    id: &'a str,
    meta: MetaJson<'a>,
    extension: [CodeExtension; 1],
    service_type: [Text<'a>; 1],
    schedule: ReferenceJson,
    status: &'static str,
    start: String,
    end: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MetaJson<'a> {
    version_id: &'a str,
    profile: [&'static str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CodeExtension {
    url: &'static str,
    value_code: &'static str,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct ReferenceJson {
    reference: String,
}

impl<'a> SlotJson<'a> {
    fn new(slot: &'a SimSlot) -> Self {
        Self {
            resource_type: "Slot",
            id: &slot.id,
            meta: MetaJson {
                version_id: &slot.version,
                profile: [PROFILE_SLOT],
            },
            extension: [CodeExtension {
                url: EXT_DELIVERY_CHANNEL,
                value_code: slot.channel.code(),
            }],
            service_type: [Text {
                text: &slot.slot_type,
            }],
            schedule: ReferenceJson {
                reference: format!("Schedule/{}", slot.schedule_id),
            },
            status: if slot.busy { "busy" } else { "free" },
            start: format_local(&slot.start),
            end: format_local(&slot.end),
        }
    }
}

/// A Slot (GPConnect-Slot-1, §3.2): delivery channel, slot type, schedule, status, times.
pub fn slot(slot: &SimSlot) -> Value {
    serde_json::to_value(SlotJson::new(slot)).unwrap_or_default()
}

/// A Schedule (GPConnect-Schedule-1, §3.2): role, session name, actors (Location, then the
/// Practitioner when there is one), planning horizon.
pub fn schedule(schedule: &SimSchedule, version: &str) -> Value {
    let mut actor = vec![json!({"reference": format!("Location/{}", schedule.location_id)})];
    if let Some(p) = &schedule.practitioner_id {
        actor.push(json!({"reference": format!("Practitioner/{p}")}));
    }
    if let Some(h) = &schedule.service_id {
        actor.push(json!({"reference": format!("HealthcareService/{h}")}));
    }
    let mut map = Map::new();
    put(&mut map, "resourceType", json!("Schedule"));
    put(&mut map, "id", json!(schedule.id));
    put(&mut map, "meta", meta(PROFILE_SCHEDULE, version));
    put(
        &mut map,
        "extension",
        schedule.role.as_ref().map(
            |r| json!([{"url": EXT_PRACTITIONER_ROLE, "valueCodeableConcept": role_concept(r)}]),
        ),
    );
    put(
        &mut map,
        "serviceCategory",
        json!({"text": schedule.category}),
    );
    put(&mut map, "actor", Value::Array(actor));
    put(
        &mut map,
        "planningHorizon",
        json!({"start": format_local(&schedule.horizon.0), "end": format_local(&schedule.horizon.1)}),
    );
    Value::Object(map)
}

/// A HealthcareService (CareConnect-GPC-HealthcareService-1, GP Connect 1.2.8).
pub fn healthcare_service(service: &SimService, version: &str) -> Value {
    json!({
        "resourceType": "HealthcareService",
        "id": service.id,
        "meta": meta(PROFILE_HEALTHCARE_SERVICE, version),
        "identifier": service.dos_ids.iter()
            .map(|id| json!({"system": SYSTEM_DOS_SERVICE, "value": id}))
            .collect::<Vec<_>>(),
        "name": service.name,
    })
}

/// A Location (CareConnect-GPC-Location-1, §3.2).
pub fn location(location: &SimLocation) -> Value {
    let mut map = Map::new();
    put(&mut map, "resourceType", json!("Location"));
    put(&mut map, "id", json!(location.id));
    put(&mut map, "meta", meta(PROFILE_LOCATION, &location.version));
    put(&mut map, "name", location.name.as_ref().map(|n| json!(n)));
    put(&mut map, "address", address(&location.address));
    put(
        &mut map,
        "telecom",
        json!([work_phone(&location.telephone)]),
    );
    put(
        &mut map,
        "managingOrganization",
        json!({"reference": format!("Organization/{}", location.organization_id)}),
    );
    Value::Object(map)
}

/// A Practitioner (CareConnect-GPC-Practitioner-1, §3.2): SDS user id, name, gender.
pub fn practitioner(practitioner: &SimPractitioner) -> Value {
    let mut name = Map::new();
    put(&mut name, "use", json!("usual"));
    put(
        &mut name,
        "family",
        practitioner.family.as_ref().map(|f| json!(f)),
    );
    put(&mut name, "given", json!(practitioner.given));
    put(&mut name, "prefix", json!(practitioner.prefix));
    let mut map = Map::new();
    put(&mut map, "resourceType", json!("Practitioner"));
    put(&mut map, "id", json!(practitioner.id));
    put(
        &mut map,
        "meta",
        meta(PROFILE_PRACTITIONER, &practitioner.version),
    );
    put(
        &mut map,
        "identifier",
        practitioner
            .sds_user_id
            .as_ref()
            .map(|u| json!([{"system": SYSTEM_SDS_USER, "value": u}])),
    );
    put(&mut map, "name", json!([Value::Object(name)]));
    put(
        &mut map,
        "gender",
        practitioner.gender.as_ref().map(|g| json!(g)),
    );
    Value::Object(map)
}

/// The practice's Organization (CareConnect-GPC-Organization-1).
pub fn organization(organization: &SimOrganization) -> Value {
    let mut map = Map::new();
    put(&mut map, "resourceType", json!("Organization"));
    put(&mut map, "id", json!(organization.id));
    put(
        &mut map,
        "meta",
        meta(PROFILE_ORGANIZATION, &organization.version),
    );
    put(
        &mut map,
        "identifier",
        json!([{"system": SYSTEM_ODS_ORGANISATION, "value": organization.ods_code}]),
    );
    put(&mut map, "name", json!(organization.name));
    put(
        &mut map,
        "telecom",
        json!([work_phone(&organization.telephone)]),
    );
    put(
        &mut map,
        "address",
        organization.address.as_ref().map(|a| json!([address(a)])),
    );
    Value::Object(map)
}

/// A Patient as a practice holds it (CareConnect-GPC-Patient-1, §3.3): the NHS number with
/// its verification status, the registration details, one official name, and what is held.
pub fn patient(patient: &SimPatient) -> Value {
    let registration_display = match patient.registration_type.as_str() {
        "T" => "Temporary",
        "R" => "Regular",
        _ => "Other",
    };
    let mut details = vec![
        json!({"url": "registrationPeriod", "valuePeriod": {"start": format_instant(patient.registered)}}),
        json!({"url": "registrationType", "valueCodeableConcept": {"coding": [{
            "system": CODESYSTEM_REGISTRATION_TYPE,
            "code": patient.registration_type,
            "display": registration_display,
        }]}}),
    ];
    if let Some(branch) = &patient.preferred_branch {
        details.push(json!({"url": "preferredBranchSurgery", "valueReference": {"reference": format!("Location/{branch}")}}));
    }
    let mut name = Map::new();
    put(&mut name, "use", json!("official"));
    put(&mut name, "family", json!(patient.family));
    put(&mut name, "given", json!(patient.given));
    put(&mut name, "prefix", json!(patient.prefix));
    let mut map = Map::new();
    put(&mut map, "resourceType", json!("Patient"));
    put(&mut map, "id", json!(patient.id));
    put(&mut map, "meta", meta(PROFILE_PATIENT, &patient.version));
    let mut extensions = vec![json!({"url": EXT_REGISTRATION_DETAILS, "extension": details})];
    if let Some(c) = &patient.communication {
        let mut coding = json!({"system": CODESYSTEM_HUMAN_LANGUAGE, "code": c.code});
        if let Some(display) = &c.display {
            coding["display"] = json!(display);
        }
        extensions.push(json!({"url": EXT_NHS_COMMUNICATION, "extension": [
            {"url": "language", "valueCodeableConcept": {"coding": [coding]}},
            {"url": "interpreterRequired", "valueBoolean": c.interpreter_required},
        ]}));
    }
    put(&mut map, "extension", Value::Array(extensions));
    put(
        &mut map,
        "identifier",
        json!([{
            "extension": [{"url": EXT_NHS_NUMBER_VERIFICATION, "valueCodeableConcept": {"coding": [{
                "system": CODESYSTEM_NHS_NUMBER_VERIFICATION,
                "code": "01",
                "display": "Number present and verified",
            }]}}],
            "system": SYSTEM_NHS_NUMBER,
            "value": patient.nhs_number,
        }]),
    );
    put(&mut map, "active", json!(true));
    put(&mut map, "name", json!([Value::Object(name)]));
    put(
        &mut map,
        "telecom",
        Value::Array(patient.telecom.iter().map(telecom).collect()),
    );
    put(
        &mut map,
        "gender",
        patient.gender.as_ref().map(|g| json!(g)),
    );
    put(
        &mut map,
        "birthDate",
        json!(format_date(patient.birth_date)),
    );
    put(
        &mut map,
        "address",
        Value::Array(patient.addresses.iter().map(address).collect()),
    );
    put(
        &mut map,
        "managingOrganization",
        json!({"reference": format!("Organization/{}", patient.organization_id)}),
    );
    Value::Object(map)
}

/// A `searchset` Bundle of `resources`, with no `entry` when there are none (§3.2) and the
/// GPConnect-Searchset-Bundle-1 profile when `profiled` (the registration answer, §3.4).
pub fn searchset(resources: Vec<Value>, profiled: bool) -> Value {
    let mut map = Map::new();
    put(&mut map, "resourceType", json!("Bundle"));
    if profiled {
        put(
            &mut map,
            "meta",
            json!({"profile": [PROFILE_SEARCHSET_BUNDLE]}),
        );
    }
    put(&mut map, "type", json!("searchset"));
    put(
        &mut map,
        "entry",
        Value::Array(
            resources
                .into_iter()
                .map(|resource| json!({"resource": resource}))
                .collect(),
        ),
    );
    Value::Object(map)
}

/// One entry of [`searchset_bytes`]: a slot written straight from the model, or any resource
/// already rendered.
#[derive(Debug)]
pub enum Entry<'a> {
    /// A Slot, written as [`slot`] writes it.
    Slot(&'a SimSlot),
    /// A rendered resource.
    Json(Value),
}

impl Serialize for Entry<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Slot(slot) => SlotJson::new(slot).serialize(serializer),
            Self::Json(value) => value.serialize(serializer),
        }
    }
}

#[derive(Serialize)]
struct BundleJson<'a> {
    #[serde(rename = "resourceType")]
    resource_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<Value>,
    #[serde(rename = "type")]
    type_: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    entry: Vec<EntryJson<'a>>,
}

#[derive(Serialize)]
struct EntryJson<'a> {
    resource: &'a Entry<'a>,
}

/// The bytes of the searchset Bundle [`searchset`] would write for `entries`, written in one
/// pass (the slot search's hot path).
pub fn searchset_bytes(entries: &[Entry<'_>]) -> Vec<u8> {
    searchset_bytes_with(entries, None)
}

/// As [`searchset_bytes`], with the Bundle's service filtering status on its `meta` when
/// given (1.2.8: only when the consumer sent `service.identifier`).
pub fn searchset_bytes_with(entries: &[Entry<'_>], filtering: Option<&str>) -> Vec<u8> {
    let bundle = BundleJson {
        resource_type: "Bundle",
        meta: filtering.map(|status| {
            json!({"extension": [{"url": EXT_SERVICE_FILTERING_STATUS, "valueCode": status}]})
        }),
        type_: "searchset",
        entry: entries
            .iter()
            .map(|resource| EntryJson { resource })
            .collect(),
    };
    serde_json::to_vec(&bundle).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DeliveryChannel;

    #[test]
    fn one_pass_writes_what_the_value_form_writes() {
        let start = chrono::DateTime::parse_from_rfc3339("2026-11-23T09:00:00+00:00").unwrap();
        let slot = SimSlot {
            id: "7".into(),
            schedule_id: "1".into(),
            start,
            end: start + chrono::Duration::minutes(10),
            slot_type: "General Gp".into(),
            channel: DeliveryChannel::Telephone,
            busy: false,
            restrict_types: vec![],
            restrict_ods: vec![],
            version: "3".into(),
        };
        let other = json!({"resourceType": "Organization", "id": "1"});
        let bytes = searchset_bytes(&[Entry::Slot(&slot), Entry::Json(other.clone())]);
        let read: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(read, searchset(vec![self::slot(&slot), other], false));
        assert_eq!(
            read["entry"][0]["resource"]["start"],
            "2026-11-23T09:00:00+00:00"
        );
        assert_eq!(
            read["entry"][0]["resource"]["extension"][0]["valueCode"],
            "Telephone"
        );
        assert_eq!(
            searchset_bytes(&[]),
            br#"{"resourceType":"Bundle","type":"searchset"}"#
        );
    }
}
