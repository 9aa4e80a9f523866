//! Every body rule of book (§3.5), amend (§3.8), cancel (§3.9) and register (§3.4). The valid
//! baseline of each is the specification's own example request
//! (`tests/fixtures/gpconnect-1.2.7/*_request_example.json`) pointed at real seeded slots,
//! patients and times; each case breaks one thing.

use chrono::DateTime;
use gpconnect_sim::Simulator;
use serde_json::{Value, json};

use crate::raw::{Raw, expect, resources};
use crate::spec;
use crate::support::{simulator, today};

const ORG_TYPE: &str = "https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1";
const ODS: &str = "https://fhir.nhs.uk/Id/ods-organization-code";
const CANCELLATION_REASON: &str = "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-AppointmentCancellationReason-1";

/// A slot search at `ods` over the next 14 days by the JWT example's organisation, with
/// `filters`; the Bundle's resources.
async fn search(sim: &Simulator, ods: &str, filters: &[(&str, &str)], org: &str) -> Vec<Value> {
    let day = |n: u64| {
        today()
            .checked_add_days(chrono::Days::new(n))
            .unwrap()
            .format("%Y-%m-%d")
            .to_string()
    };
    let mut query = vec![
        ("status", "free".to_owned()),
        ("start", format!("ge{}", day(0))),
        ("end", format!("le{}", day(13))),
        ("_include", "Slot:schedule".to_owned()),
    ];
    query.extend(
        filters
            .iter()
            .map(|(system, code)| ("searchFilter", format!("{system}|{code}"))),
    );
    let raw = Raw::new(sim, ods, "Search for free slots", "Slot", &query)
        .claims(|c| c["requesting_organization"]["identifier"][0]["value"] = json!(org));
    let (status, body) = raw.send(sim).await;
    assert_eq!(status, 200, "{body}");
    resources(&body)
}

fn slots(resources: &[Value]) -> Vec<Value> {
    resources
        .iter()
        .filter(|r| r["resourceType"] == "Slot")
        .cloned()
        .collect()
}

/// Two slots where the second starts as the first ends, of one schedule, channel and type.
fn adjacent_pair(slots: &[Value]) -> [Value; 2] {
    slots
        .iter()
        .find_map(|a| {
            slots
                .iter()
                .find(|b| {
                    b["start"] == a["end"]
                        && b["schedule"] == a["schedule"]
                        && b["extension"] == a["extension"]
                        && b["serviceType"] == a["serviceType"]
                })
                .map(|b| [a.clone(), b.clone()])
        })
        .expect("two adjacent slots")
}

/// The Location of the Schedule of `slot`.
fn location_of(resources: &[Value], slot: &Value) -> String {
    let schedule = slot["schedule"]["reference"].as_str().unwrap();
    let schedule = resources
        .iter()
        // Ids are per resource type: a Slot may have the same id as the Schedule.
        .find(|r| {
            r["resourceType"] == "Schedule"
                && format!("Schedule/{}", r["id"].as_str().unwrap()) == schedule
        })
        .unwrap();
    schedule["actor"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["reference"].as_str().unwrap())
        .find(|r| r.starts_with("Location/"))
        .unwrap()
        .to_owned()
}

/// The logical id of the patient with `nhs` at `ods` (Find a patient).
async fn patient_id(sim: &Simulator, ods: &str, nhs: &str) -> String {
    let query = [(
        "identifier",
        format!("https://fhir.nhs.uk/Id/nhs-number|{nhs}"),
    )];
    let (_, body) = Raw::new(sim, ods, "Find a patient", "Patient", &query)
        .send(sim)
        .await;
    resources(&body)[0]["id"].as_str().unwrap().to_owned()
}

/// The spec's booking example for `slots` (in order), `patient` and the schedule's location.
fn booking(slots: &[Value], patient: &str, location: &str) -> Value {
    let mut body = spec::example("book_appt_request_example.json");
    body["slot"] = slots
        .iter()
        .map(|s| json!({"reference": format!("Slot/{}", s["id"].as_str().unwrap())}))
        .collect();
    body["start"] = slots[0]["start"].clone();
    body["end"] = slots[slots.len() - 1]["end"].clone();
    body["participant"][0]["actor"]["reference"] = json!(format!("Patient/{patient}"));
    body["participant"][1]["actor"]["reference"] = json!(location);
    body
}

fn book(sim: &Simulator, ods: &str, body: Value) -> Raw {
    Raw::new(sim, ods, "Book", "Appointment", &[]).body(body)
}

/// The example's booking organisation (gp-practice, A00001) searching Dr Legg's.
async fn legg_baseline(sim: &Simulator) -> (Value, Vec<Value>, [Value; 2]) {
    let found = search(
        sim,
        "A20047",
        &[(ORG_TYPE, "gp-practice"), (ODS, "A00001")],
        "A1001",
    )
    .await;
    let pair = adjacent_pair(&slots(&found));
    let patient = patient_id(sim, "A20047", "9476719931").await;
    let body = booking(&pair, &patient, &location_of(&found, &pair[0]));
    (body, found, pair)
}

#[tokio::test]
async fn book_rules() {
    let sim = simulator().await;
    let (valid, found, pair) = legg_baseline(&sim).await;
    let with = |change: &dyn Fn(&mut Value)| {
        let mut body = valid.clone();
        change(&mut body);
        body
    };
    let remove = |key: &'static str| {
        with(&move |b| {
            b.as_object_mut().unwrap().remove(key);
        })
    };
    let drop_participant = |kind: &'static str| {
        with(&move |b| {
            b["participant"]
                .as_array_mut()
                .unwrap()
                .retain(|p| !p["actor"]["reference"].as_str().unwrap().starts_with(kind));
        })
    };
    let start = DateTime::parse_from_rfc3339(pair[0]["start"].as_str().unwrap()).unwrap();
    let cases: Vec<(&str, Value)> = vec![
        ("reason", with(&|b| b["reason"] = json!([{"text": "Rash"}]))),
        (
            "specialty",
            with(&|b| b["specialty"] = json!({"text": "GP"})),
        ),
        (
            "appointmentType",
            with(&|b| b["appointmentType"] = json!({"text": "x"})),
        ),
        (
            "requestedPeriod",
            with(&|b| b["requestedPeriod"] = json!([])),
        ),
        ("unknown element", with(&|b| b["colour"] = json!("blue"))),
        ("no meta.profile", remove("meta")),
        ("no Patient participant", drop_participant("Patient")),
        ("no Location participant", drop_participant("Location")),
        (
            "participant without status",
            with(&|b| {
                b["participant"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("status");
            }),
        ),
        (
            "participant status not a participation status",
            with(&|b| b["participant"][0]["status"] = json!("booked")),
        ),
        (
            "two Patient participants",
            with(&|b| {
                let again = b["participant"][0].clone();
                b["participant"].as_array_mut().unwrap().push(again);
            }),
        ),
        (
            "unknown element in a participant",
            with(&|b| b["participant"][0]["colour"] = json!("blue")),
        ),
        (
            "absolute reference",
            with(&|b| b["participant"][0]["actor"]["reference"] = json!("https://x/Patient/1")),
        ),
        ("no description", remove("description")),
        (
            "description 101",
            with(&|b| b["description"] = json!("d".repeat(101))),
        ),
        (
            "comment 501",
            with(&|b| b["comment"] = json!("c".repeat(501))),
        ),
        (
            "no booking organisation",
            with(&|b| b["extension"].as_array_mut().unwrap().clear()),
        ),
        (
            "organisation without name",
            with(&|b| {
                b["contained"][0].as_object_mut().unwrap().remove("name");
            }),
        ),
        (
            "organisation without telecom",
            with(&|b| {
                b["contained"][0].as_object_mut().unwrap().remove("telecom");
            }),
        ),
        (
            "organisation without ODS identifier",
            with(&|b| b["contained"][0]["identifier"][0]["system"] = json!("https://x/Id")),
        ),
        (
            "organisation type not a code",
            with(&|b| b["contained"][0]["type"][0]["coding"][0]["code"] = json!("hospital")),
        ),
        (
            "unknown element in the organisation",
            with(&|b| b["contained"][0]["colour"] = json!("blue")),
        ),
        (
            "a second contained resource",
            with(&|b| {
                let mut other = b["contained"][0].clone();
                other["id"] = json!("2");
                b["contained"].as_array_mut().unwrap().push(other);
            }),
        ),
        (
            "status proposed",
            with(&|b| b["status"] = json!("proposed")),
        ),
        (
            "cancellation reason",
            with(&|b| {
                b["extension"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"url": CANCELLATION_REASON, "valueString": "x"}))
            }),
        ),
        (
            "identifier without value",
            with(&|b| b["identifier"] = json!([{"system": "https://x/Id"}])),
        ),
        (
            "identifier.use",
            with(&|b| {
                b["identifier"] =
                    json!([{"system": "https://x/Id", "value": "1", "use": "official"}])
            }),
        ),
        ("no created", remove("created")),
        (
            "start as Z",
            with(&|b| {
                b["start"] = json!(
                    start
                        .with_timezone(&chrono::Utc)
                        .format("%Y-%m-%dT%H:%M:%SZ")
                        .to_string()
                )
            }),
        ),
        (
            "start in another offset",
            with(&|b| {
                let other = chrono::FixedOffset::east_opt(5 * 3600).unwrap();
                b["start"] = json!(
                    start
                        .with_timezone(&other)
                        .format("%Y-%m-%dT%H:%M:%S%:z")
                        .to_string()
                )
            }),
        ),
        (
            "unknown slot",
            with(&|b| b["slot"][0]["reference"] = json!("Slot/hello")),
        ),
        (
            "absolute slot reference",
            with(&|b| {
                b["slot"][0]["reference"] = json!(format!(
                    "https://x/Slot/{}",
                    pair[0]["id"].as_str().unwrap()
                ))
            }),
        ),
        (
            "end not the last slot's",
            with(&|b| b["end"] = b["start"].clone()),
        ),
        (
            "only the second slot but the pair's start",
            with(&|b| {
                b["slot"].as_array_mut().unwrap().remove(0);
            }),
        ),
        (
            "location not the schedule's",
            with(&|b| b["participant"][1]["actor"]["reference"] = json!("Location/17777")),
        ),
        (
            "practitioner not the schedule's",
            with(&|b| {
                b["participant"].as_array_mut().unwrap().push(
                    json!({"actor": {"reference": "Practitioner/17777"}, "status": "accepted"}),
                )
            }),
        ),
    ];
    for (case, body) in cases {
        expect(
            &sim,
            case,
            book(&sim, "A20047", body),
            422,
            "INVALID_RESOURCE",
        )
        .await;
    }
    let all = slots(&found);
    let far = all
        .iter()
        .find(|s| {
            s["schedule"] == pair[0]["schedule"] && s["start"].as_str() > pair[1]["end"].as_str()
        })
        .unwrap();
    let gap = with(&|b| {
        b["slot"][1]["reference"] = json!(format!("Slot/{}", far["id"].as_str().unwrap()));
        b["end"] = far["end"].clone();
    });
    expect(
        &sim,
        "not adjacent",
        book(&sim, "A20047", gap),
        422,
        "INVALID_RESOURCE",
    )
    .await;
    let other_schedule = all
        .iter()
        .find(|s| s["schedule"] != pair[0]["schedule"] && s["start"] == pair[0]["end"])
        .unwrap();
    let mixed = with(&|b| {
        b["slot"][1]["reference"] =
            json!(format!("Slot/{}", other_schedule["id"].as_str().unwrap()))
    });
    expect(
        &sim,
        "different schedule",
        book(&sim, "A20047", mixed),
        422,
        "INVALID_RESOURCE",
    )
    .await;

    // The example itself, pointed at the pair: booked; then again: the slot is taken.
    let (status, body) = book(&sim, "A20047", valid.clone()).send(&sim).await;
    assert_eq!(status, 201, "{body}");
    assert!(body["id"].is_string());
    assert_eq!(
        body["serviceType"][0]["text"],
        pair[0]["serviceType"][0]["text"]
    );
    assert_eq!(body["description"], "Free text description.");
    expect(
        &sim,
        "slot taken",
        book(&sim, "A20047", valid),
        409,
        "DUPLICATE_REJECTED",
    )
    .await;
}

#[tokio::test]
async fn the_booking_organisation_type_repeats_the_search_filter() {
    let sim = simulator().await;
    // Organisation B12345 searches without a type filter (§8: it sees unrestricted slots).
    let found = search(&sim, "A20047", &[(ODS, "B12345")], "B12345").await;
    let all = slots(&found);
    let patient = patient_id(&sim, "A20047", "9476719931").await;
    let as_b = |body: Value| {
        book(&sim, "A20047", body)
            .claims(|c| c["requesting_organization"]["identifier"][0]["value"] = json!("B12345"))
    };
    let mut typed = booking(&all[..1], &patient, &location_of(&found, &all[0]));
    typed["contained"][0]["identifier"][0]["value"] = json!("B12345");
    expect(
        &sim,
        "a type that was not a search filter",
        as_b(typed.clone()),
        422,
        "INVALID_RESOURCE",
    )
    .await;
    // Without the type, and with a business identifier (system and value), it is booked.
    let mut untyped = typed;
    untyped["contained"][0]
        .as_object_mut()
        .unwrap()
        .remove("type");
    untyped["identifier"] =
        json!([{"system": "https://consumer.example/Id/booking", "value": "b-1"}]);
    let (status, body) = as_b(untyped).send(&sim).await;
    assert_eq!(status, 201, "{body}");

    // A hub slot (urgent-care only) booked by a gp-practice organisation is refused even
    // when that organisation also searched as gp-practice (§8).
    let hub = search(&sim, "R3B46", &[(ORG_TYPE, "urgent-care")], "A1001").await;
    search(&sim, "R3B46", &[(ORG_TYPE, "gp-practice")], "A1001").await;
    let slot = slots(&hub).remove(0);
    let registration = registration("9651258527", "FLYNN", "Tommy", "1950-04-10");
    let (status, body) = register(&sim, "R3B46", registration).send(&sim).await;
    assert_eq!(status, 200, "{body}");
    let hub_patient = resources(&body)[0]["id"].as_str().unwrap().to_owned();
    let body = booking(
        std::slice::from_ref(&slot),
        &hub_patient,
        &location_of(&hub, &slot),
    );
    expect(
        &sim,
        "urgent-care slot booked by a gp-practice",
        book(&sim, "R3B46", body),
        422,
        "INVALID_RESOURCE",
    )
    .await;
}

/// The spec's example `name` overlaid with what the provider holds for `stored`: its id,
/// meta, slots, times, participants and its own additions (extensions, serviceCategory,
/// serviceType). What remains of the example is the change it shows.
fn change_example(name: &str, stored: &Value) -> Value {
    let mut body = spec::example(name);
    for key in [
        "id",
        "meta",
        "slot",
        "start",
        "end",
        "participant",
        "serviceCategory",
        "serviceType",
    ] {
        body[key] = stored[key].clone();
    }
    let reasons: Vec<Value> = body["extension"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["url"] == CANCELLATION_REASON)
        .cloned()
        .collect();
    body["extension"] = stored["extension"].clone();
    body["extension"].as_array_mut().unwrap().extend(reasons);
    body
}

#[tokio::test]
async fn amend_and_cancel_rules() {
    let sim = simulator().await;
    let (valid, _, _) = legg_baseline(&sim).await;
    let (status, stored) = book(&sim, "A20047", valid).send(&sim).await;
    assert_eq!(status, 201, "{stored}");
    let id = stored["id"].as_str().unwrap().to_owned();
    let put = |use_case: &str, body: Value, if_match: &str| {
        Raw::new(&sim, "A20047", use_case, &format!("Appointment/{id}"), &[])
            .body(body)
            .header("If-Match", Some(if_match))
    };
    let current = format!("W/\"{}\"", stored["meta"]["versionId"].as_str().unwrap());
    let amend = change_example("amend_appt_request_example.json", &stored);
    let with = |base: &Value, change: &dyn Fn(&mut Value)| {
        let mut b = base.clone();
        change(&mut b);
        b
    };
    let amend_cases: Vec<(&str, Value, &str, u16, &str)> = vec![
        (
            "stale If-Match",
            amend.clone(),
            "W/\"1\"",
            409,
            "FHIR_CONSTRAINT_VIOLATION",
        ),
        (
            "If-Match not an entity tag",
            amend.clone(),
            "1",
            400,
            "BAD_REQUEST",
        ),
        (
            "another field changed",
            with(&amend, &|b| b["start"] = b["end"].clone()),
            &current,
            422,
            "INVALID_RESOURCE",
        ),
        (
            "participant made absolute",
            with(&amend, &|b| {
                b["participant"][0]["actor"]["reference"] = json!("https://x/Patient/1")
            }),
            &current,
            422,
            "INVALID_RESOURCE",
        ),
        (
            "priority added",
            with(&amend, &|b| b["priority"] = json!(1)),
            &current,
            422,
            "INVALID_RESOURCE",
        ),
        (
            "cancellation reason on amend",
            with(&amend, &|b| {
                b["extension"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"url": CANCELLATION_REASON, "valueString": "x"}))
            }),
            &current,
            422,
            "INVALID_RESOURCE",
        ),
        (
            "description 101",
            with(&amend, &|b| b["description"] = json!("d".repeat(101))),
            &current,
            422,
            "INVALID_RESOURCE",
        ),
        (
            "id differs",
            with(&amend, &|b| b["id"] = json!("999")),
            &current,
            422,
            "INVALID_RESOURCE",
        ),
    ];
    for (case, body, if_match, status, spine) in amend_cases {
        expect(
            &sim,
            case,
            put("Amend appointment", body, if_match),
            status,
            spine,
        )
        .await;
    }
    let (status, amended) = put("Amend appointment", amend, &current).send(&sim).await;
    assert_eq!(status, 200, "{amended}");
    assert_eq!(amended["description"], "Free text description updated.");
    assert_ne!(amended["meta"]["versionId"], stored["meta"]["versionId"]);

    let current = format!("W/\"{}\"", amended["meta"]["versionId"].as_str().unwrap());
    let cancel = change_example("cancel_appt_request_example.json", &amended);
    let cancel_cases: Vec<(&str, Value, &str, u16, &str)> = vec![
        (
            "stale If-Match",
            cancel.clone(),
            "W/\"1\"",
            409,
            "FHIR_CONSTRAINT_VIOLATION",
        ),
        (
            "empty reason",
            with(&cancel, &|b| {
                for e in b["extension"].as_array_mut().unwrap() {
                    if e["url"] == CANCELLATION_REASON {
                        e["valueString"] = json!("");
                    }
                }
            }),
            &current,
            422,
            "INVALID_PARAMETER",
        ),
        (
            "wrong extension URL",
            with(&cancel, &|b| {
                for e in b["extension"].as_array_mut().unwrap() {
                    if e["url"] == CANCELLATION_REASON {
                        e["url"] = json!("https://x/reason");
                    }
                }
            }),
            &current,
            422,
            "INVALID_RESOURCE",
        ),
        (
            "comment changed too",
            with(&cancel, &|b| b["comment"] = json!("other")),
            &current,
            422,
            "INVALID_RESOURCE",
        ),
        (
            "description changed too",
            with(&cancel, &|b| b["description"] = json!("other")),
            &current,
            422,
            "INVALID_RESOURCE",
        ),
        (
            "status booked",
            with(&cancel, &|b| b["status"] = json!("booked")),
            &current,
            422,
            "INVALID_RESOURCE",
        ),
    ];
    for (case, body, if_match, status, spine) in cancel_cases {
        expect(
            &sim,
            case,
            put("Cancel appointment", body, if_match),
            status,
            spine,
        )
        .await;
    }
    let (status, cancelled) = put("Cancel appointment", cancel, &current).send(&sim).await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["status"], "cancelled");
    let current = format!("W/\"{}\"", cancelled["meta"]["versionId"].as_str().unwrap());
    let again = change_example("amend_appt_request_example.json", &cancelled);
    let again = with(&again, &|b| b["status"] = json!("cancelled"));
    expect(
        &sim,
        "amend a cancelled appointment",
        put("Amend appointment", again, &current),
        422,
        "INVALID_RESOURCE",
    )
    .await;
}

/// The spec's registration example for another person.
fn registration(nhs: &str, family: &str, given: &str, birth: &str) -> Value {
    let mut body = spec::example("register_patient_request_example.json");
    let patient = &mut body["parameter"][0]["resource"];
    patient["identifier"][0]["value"] = json!(nhs);
    patient["name"][0]["family"] = json!(family);
    patient["name"][0]["given"] = json!([given]);
    patient["name"][0]["text"] = json!(format!("{given} {family}"));
    patient["birthDate"] = json!(birth);
    body
}

fn register(sim: &Simulator, ods: &str, body: Value) -> Raw {
    Raw::new(
        sim,
        ods,
        "Register a patient",
        "Patient/$gpc.registerpatient",
        &[],
    )
    .body(body)
}

#[tokio::test]
async fn register_rules() {
    let sim = simulator().await;
    // The example as published: Minnie Dawes's NHS number and date of birth, registered at
    // Dr Legg's only, so GPC001 may register her temporarily.
    let valid = || spec::example("register_patient_request_example.json");
    let patient = |change: &dyn Fn(&mut Value)| {
        let mut body = valid();
        change(&mut body["parameter"][0]["resource"]);
        body
    };
    let cases: Vec<(&str, Value, u16, &str)> = vec![
        (
            "active sent",
            patient(&|p| p["active"] = json!(true)),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "contact sent",
            patient(&|p| p["contact"] = json!([])),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "deceased sent",
            patient(&|p| p["deceasedBoolean"] = json!(false)),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "unknown element",
            patient(&|p| p["favouriteColour"] = json!("blue")),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "work address",
            patient(&|p| p["address"][0]["use"] = json!("work")),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "two home addresses",
            patient(&|p| p["address"] = json!([{"use": "home"}, {"use": "home"}])),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "another identifier system",
            patient(&|p| {
                p["identifier"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"system": "https://x/mrn", "value": "1"}))
            }),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "a second, usual name",
            patient(&|p| {
                p["name"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"use": "usual", "family": "Jackson"}))
            }),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "fax number",
            patient(&|p| p["telecom"][0]["system"] = json!("fax")),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "duplicate telecom use",
            patient(&|p| p["telecom"][1]["use"] = json!("home")),
            400,
            "BAD_REQUEST",
        ),
        (
            "no birth date",
            patient(&|p| {
                p.as_object_mut().unwrap().remove("birthDate");
            }),
            400,
            "BAD_REQUEST",
        ),
        (
            "no official name",
            patient(&|p| p["name"][0]["use"] = json!("usual")),
            400,
            "BAD_REQUEST",
        ),
        (
            "no family name",
            patient(&|p| {
                p["name"][0].as_object_mut().unwrap().remove("family");
            }),
            400,
            "BAD_REQUEST",
        ),
        (
            "no given name",
            patient(&|p| p["name"][0]["given"] = json!([])),
            400,
            "BAD_REQUEST",
        ),
        (
            "identifier without system",
            patient(&|p| {
                p["identifier"][0].as_object_mut().unwrap().remove("system");
            }),
            400,
            "BAD_REQUEST",
        ),
        (
            "bad check digit",
            patient(&|p| p["identifier"][0]["value"] = json!("9000000008")),
            400,
            "INVALID_NHS_NUMBER",
        ),
        (
            "not an NHS number",
            patient(&|p| p["identifier"][0]["value"] = json!("hello")),
            400,
            "INVALID_NHS_NUMBER",
        ),
        (
            "not on PDS",
            patient(&|p| p["identifier"][0]["value"] = json!("9000000009")),
            400,
            "INVALID_PATIENT_DEMOGRAPHICS",
        ),
        (
            "not verified",
            patient(&|p| p["birthDate"] = json!("1960-01-01")),
            400,
            "INVALID_PATIENT_DEMOGRAPHICS",
        ),
        (
            "deceased on PDS",
            registration("9476719974", "PHELAN", "Julian", "1992-07-02"),
            400,
            "INVALID_PATIENT_DEMOGRAPHICS",
        ),
        (
            "sensitive on PDS",
            registration("9476113162", "HARDY", "Tania", "1953-11-02"),
            400,
            "INVALID_PATIENT_DEMOGRAPHICS",
        ),
        (
            "already registered here",
            registration("9476113170", "BULLEN", "Dwayne", "1958-05-11"),
            409,
            "DUPLICATE_REJECTED",
        ),
        (
            "not a Patient",
            patient(&|p| p["resourceType"] = json!("Organization")),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "not Parameters",
            json!({"resourceType": "Patient"}),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "registerPatient twice",
            {
                let mut body = valid();
                let param = body["parameter"][0].clone();
                body["parameter"].as_array_mut().unwrap().push(param);
                body
            },
            400,
            "BAD_REQUEST",
        ),
    ];
    for (case, body, status, spine) in cases {
        expect(&sim, case, register(&sim, "GPC001", body), status, spine).await;
    }
    let (status, body) = register(&sim, "GPC001", valid()).send(&sim).await;
    assert_eq!(status, 200, "{body}");
    let registered = &resources(&body)[0];
    assert_eq!(registered["resourceType"], "Patient");
    assert_eq!(
        registered["telecom"][1]["value"], "07777111222",
        "what was sent is kept"
    );
    // The JWT scope must be a write scope.
    let read_scope = register(
        &sim,
        "GPC001",
        registration("9651258519", "SOFFE", "Oscar", "1937-03-11"),
    )
    .claims(|c| c["requested_scope"] = json!("patient/*.read"));
    expect(&sim, "read scope", read_scope, 400, "BAD_REQUEST").await;
}
