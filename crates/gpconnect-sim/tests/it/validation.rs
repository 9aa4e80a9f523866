//! Every rule of the proxy, the JWT and the search parameters: a request built from the
//! specification alone is valid, one thing is broken, and the simulator must refuse it with
//! the status and code the reference lists (§2, §3.2, §3.3, §3.6, §4.3, §6).

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Days, TimeZone, Utc};
use gpconnect_sim::{FixedClock, SimConfig, SimOptions, Simulator};
use serde_json::{Value, json};

use crate::raw::{Raw, expect, resources};
use crate::support::{simulator, today};

fn metadata(sim: &Simulator) -> Raw {
    Raw::new(sim, "A20047", "Capability statement", "metadata", &[])
}

#[tokio::test]
async fn proxy_rules() {
    let sim = simulator().await;
    let ok = metadata(&sim);
    assert_eq!(ok.send(&sim).await.0, 200, "the unbroken request succeeds");

    let mut unknown_root = metadata(&sim);
    unknown_root.root = "https://provider.gpconnect-sim.nhs.uk/A20047/STU3/1/GPCONNECT".into();
    let (status, body) = unknown_root.send(&sim).await;
    assert_eq!(status, 400);
    assert!(
        body["issue"][0]["diagnostics"]
            .as_str()
            .unwrap()
            .contains("VARIES_FROM_TARGETURL"),
        "{body}"
    );

    expect(
        &sim,
        "Ssp-To of another practice",
        metadata(&sim).header("Ssp-To", Some("918999198002")),
        400,
        "400",
    )
    .await;
    expect(
        &sim,
        "no Ssp-TraceID",
        metadata(&sim).header("Ssp-TraceID", None),
        400,
        "400",
    )
    .await;
    expect(
        &sim,
        "Ssp-TraceID not a UUID",
        metadata(&sim).header("Ssp-TraceID", Some("abc")),
        400,
        "400",
    )
    .await;
    expect(
        &sim,
        "unknown Ssp-From",
        metadata(&sim).header("Ssp-From", Some("999999999999")),
        403,
        "403",
    )
    .await;
    expect(
        &sim,
        "interaction ID not matching the path",
        metadata(&sim).header(
            "Ssp-InteractionID",
            Some(crate::spec::row("Search for free slots").id.as_str()),
        ),
        400,
        "400",
    )
    .await;
    expect(
        &sim,
        "unknown interaction ID",
        metadata(&sim).header("Ssp-InteractionID", Some("urn:x")),
        400,
        "400",
    )
    .await;
    let mut book = Raw::new(&sim, "A20047", "Book", "Appointment", &[]);
    book = book
        .header("Content-Type", Some("text/plain"))
        .body(json!({}));
    expect(&sim, "write without fhir+json", book, 415, "415").await;
}

#[tokio::test]
async fn jwt_rules() {
    let sim = simulator().await;
    expect(
        &sim,
        "no Authorization",
        metadata(&sim).header("Authorization", Some("Basic abc")),
        400,
        "BAD_REQUEST",
    )
    .await;
    expect(
        &sim,
        "not base64",
        metadata(&sim).header("Authorization", Some("Bearer !!.??.")),
        400,
        "BAD_REQUEST",
    )
    .await;
    for claim in [
        "iss",
        "sub",
        "aud",
        "exp",
        "iat",
        "reason_for_request",
        "requested_scope",
        "requesting_device",
        "requesting_organization",
        "requesting_practitioner",
    ] {
        let raw = metadata(&sim).claims(|c| {
            c.as_object_mut().unwrap().remove(claim);
        });
        expect(&sim, &format!("missing {claim}"), raw, 400, "BAD_REQUEST").await;
    }
    expect(
        &sim,
        "empty aud",
        metadata(&sim).claims(|c| c["aud"] = json!("")),
        400,
        "BAD_REQUEST",
    )
    .await;
    for lifetime in [299, 301, -300] {
        let raw =
            metadata(&sim).claims(|c| c["exp"] = json!(c["iat"].as_i64().unwrap() + lifetime));
        expect(
            &sim,
            &format!("exp - iat = {lifetime}"),
            raw,
            400,
            "BAD_REQUEST",
        )
        .await;
    }
    let expired = metadata(&sim).claims(|c| {
        let iat = Utc::now().timestamp() - 900;
        c["iat"] = json!(iat);
        c["exp"] = json!(iat + 300);
    });
    expect(
        &sim,
        "expired (clock 600 s slow)",
        expired,
        400,
        "BAD_REQUEST",
    )
    .await;
    let future = metadata(&sim).claims(|c| {
        let iat = Utc::now().timestamp() + 200;
        c["iat"] = json!(iat);
        c["exp"] = json!(iat + 300);
    });
    assert_eq!(
        future.send(&sim).await.0,
        200,
        "iat 200 s in the future is accepted (1.2.3)"
    );
    expect(
        &sim,
        "wrong scope",
        metadata(&sim).claims(|c| c["requested_scope"] = json!("patient/*.read")),
        400,
        "BAD_REQUEST",
    )
    .await;
    expect(
        &sim,
        "bad scope",
        metadata(&sim).claims(|c| c["requested_scope"] = json!("badScope")),
        400,
        "BAD_REQUEST",
    )
    .await;
    expect(
        &sim,
        "aud another root",
        metadata(&sim).claims(|c| c["aud"] = json!("https://other/STU3/1/gpconnect")),
        400,
        "BAD_REQUEST",
    )
    .await;
    expect(
        &sim,
        "reason",
        metadata(&sim).claims(|c| c["reason_for_request"] = json!("secondaryuses")),
        400,
        "BAD_REQUEST",
    )
    .await;
    expect(
        &sim,
        "sub differs",
        metadata(&sim).claims(|c| c["sub"] = json!("someone-else")),
        400,
        "BAD_REQUEST",
    )
    .await;
    expect(
        &sim,
        "device resourceType",
        metadata(&sim).claims(|c| c["requesting_device"]["resourceType"] = json!("Patient")),
        422,
        "INVALID_RESOURCE",
    )
    .await;
    expect(
        &sim,
        "practitioner resourceType",
        metadata(&sim).claims(|c| c["requesting_practitioner"]["resourceType"] = json!("Device")),
        422,
        "INVALID_RESOURCE",
    )
    .await;
    // What the independent reading of §4 adds: each minimal resource's own fields.
    let cases: Vec<(&str, Raw, u16, &str)> = vec![
        (
            "organization resourceType",
            metadata(&sim)
                .claims(|c| c["requesting_organization"]["resourceType"] = json!("Device")),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "extra field in the Device",
            metadata(&sim).claims(|c| c["requesting_device"]["colour"] = json!("blue")),
            422,
            "INVALID_RESOURCE",
        ),
        (
            "Device without model",
            metadata(&sim).claims(|c| {
                c["requesting_device"]
                    .as_object_mut()
                    .unwrap()
                    .remove("model");
            }),
            400,
            "BAD_REQUEST",
        ),
        (
            "Device without identifier",
            metadata(&sim).claims(|c| c["requesting_device"]["identifier"] = json!([])),
            400,
            "BAD_REQUEST",
        ),
        (
            "organisation without ODS code",
            metadata(&sim).claims(|c| {
                c["requesting_organization"]["identifier"][0]["system"] = json!("https://x/Id")
            }),
            400,
            "BAD_REQUEST",
        ),
        (
            "organisation without name",
            metadata(&sim).claims(|c| {
                c["requesting_organization"]
                    .as_object_mut()
                    .unwrap()
                    .remove("name");
            }),
            400,
            "BAD_REQUEST",
        ),
        (
            "practitioner without an SDS user id",
            metadata(&sim).claims(|c| {
                c["requesting_practitioner"]["identifier"]
                    .as_array_mut()
                    .unwrap()
                    .remove(0);
            }),
            400,
            "BAD_REQUEST",
        ),
        (
            "practitioner without name",
            metadata(&sim).claims(|c| c["requesting_practitioner"]["name"] = json!([])),
            400,
            "BAD_REQUEST",
        ),
        (
            "iat not an integer",
            metadata(&sim).claims(|c| c["iat"] = json!(c["iat"].to_string())),
            400,
            "BAD_REQUEST",
        ),
        (
            "signed token",
            metadata(&sim).header("Authorization", Some("Bearer e30.e30.c2ln")),
            400,
            "BAD_REQUEST",
        ),
        (
            "no trailing dot",
            metadata(&sim).header("Authorization", Some("Bearer e30.e30")),
            400,
            "BAD_REQUEST",
        ),
        (
            "header without typ",
            {
                let raw = metadata(&sim);
                let token = format!(
                    "{}.{}.",
                    URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
                    URL_SAFE_NO_PAD.encode(raw.claims.to_string())
                );
                raw.header("Authorization", Some(&format!("Bearer {token}")))
            },
            400,
            "BAD_REQUEST",
        ),
    ];
    for (case, raw, status, spine) in cases {
        expect(&sim, case, raw, status, spine).await;
    }
    // Tolerated (§4.3): no role-profile or local identifier, the RC5 ODS system, `bearer`.
    let accepted = [
        metadata(&sim).claims(|c| {
            c["requesting_practitioner"]["identifier"]
                .as_array_mut()
                .unwrap()
                .truncate(1);
        }),
        metadata(&sim).claims(|c| {
            c["requesting_organization"]["identifier"][0]["system"] =
                json!("http://fhir.nhs.net/Id/ods-organization-code")
        }),
        {
            let raw = metadata(&sim);
            let token = raw.token();
            raw.header("Authorization", Some(&format!("bearer {token}")))
        },
    ];
    for (i, raw) in accepted.into_iter().enumerate() {
        let (status, body) = raw.send(&sim).await;
        assert_eq!(status, 200, "tolerated case {i}: {body}");
    }
}

fn slot_search(sim: &Simulator, start: &str, end: &str, extra: &[(&str, &str)]) -> Raw {
    let mut query: Vec<(&str, String)> = vec![
        ("status", "free".into()),
        ("start", start.to_owned()),
        ("end", end.to_owned()),
        ("_include", "Slot:schedule".into()),
    ];
    query.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    Raw::new(sim, "A20047", "Search for free slots", "Slot", &query)
}

#[tokio::test]
async fn slot_search_parameters() {
    let sim = simulator().await;
    let d = |n: u64| {
        today()
            .checked_add_days(Days::new(n))
            .unwrap()
            .format("%Y-%m-%d")
            .to_string()
    };
    let ge = |n| format!("ge{}", d(n));
    let le = |n| format!("le{}", d(n));
    for days in [0, 8, 14] {
        let (status, body) = slot_search(&sim, &ge(1), &le(1 + days), &[])
            .send(&sim)
            .await;
        assert_eq!(status, 200, "{days} days: {body}");
        assert_eq!(body["resourceType"], "Bundle");
    }
    let cases: Vec<(&str, Raw, u16, &str)> = vec![
        (
            "15 days",
            slot_search(&sim, &ge(1), &le(16), &[]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "31 days",
            slot_search(&sim, &ge(1), &le(32), &[]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "end before start",
            slot_search(&sim, &ge(3), &le(2), &[]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "gt prefix",
            slot_search(&sim, &format!("gt{}", d(1)), &le(2), &[]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "lt prefix",
            slot_search(&sim, &ge(1), &format!("lt{}", d(2)), &[]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "eq prefix",
            slot_search(&sim, &format!("eq{}", d(1)), &le(2), &[]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "Z offset",
            slot_search(&sim, &format!("ge{}T09:00:00Z", d(1)), &le(2), &[]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "no offset",
            slot_search(&sim, &format!("ge{}T09:00:00", d(1)), &le(2), &[]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "partial date",
            slot_search(&sim, &format!("ge{}", &d(1)[..7]), &le(2), &[]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "year only",
            slot_search(&sim, &format!("ge{}", &d(1)[..4]), &le(2), &[]),
            422,
            "INVALID_PARAMETER",
        ),
    ];
    for (case, raw, status, spine) in cases {
        expect(&sim, case, raw, status, spine).await;
    }
    let with_offset = slot_search(&sim, &format!("ge{}T09:00:00+00:00", d(1)), &le(2), &[]);
    assert_eq!(
        with_offset.send(&sim).await.0,
        200,
        "a date-time with an explicit offset"
    );
    // An offset whose + was not encoded arrives as a space: refused.
    let mut raw_plus = slot_search(&sim, &ge(1), &le(2), &[]);
    raw_plus.query = raw_plus.query.replace(
        &format!("start=ge{}", d(1)),
        &format!("start=ge{}T09:00:00+00:00", d(1)),
    );
    expect(&sim, "unencoded +", raw_plus, 422, "INVALID_PARAMETER").await;

    let missing = |name: &str| {
        let mut raw = slot_search(&sim, &ge(1), &le(2), &[]);
        raw.query = raw
            .query
            .split('&')
            .filter(|p| !p.starts_with(&format!("{name}=")))
            .collect::<Vec<_>>()
            .join("&");
        raw
    };
    expect(&sim, "no start", missing("start"), 400, "BAD_REQUEST").await;
    expect(&sim, "no end", missing("end"), 400, "BAD_REQUEST").await;
    expect(&sim, "no status", missing("status"), 400, "BAD_REQUEST").await;
    expect(
        &sim,
        "no _include",
        missing("_include"),
        422,
        "INVALID_PARAMETER",
    )
    .await;
    let mut busy = slot_search(&sim, &ge(1), &le(2), &[]);
    busy.query = busy.query.replace("status=free", "status=busy");
    expect(&sim, "status=busy", busy, 422, "INVALID_PARAMETER").await;
    let unknown_filter = slot_search(
        &sim,
        &ge(1),
        &le(2),
        &[("searchFilter", "https://example.org/disposition|Dx10")],
    );
    assert_eq!(
        unknown_filter.send(&sim).await.0,
        200,
        "unknown searchFilter systems are ignored"
    );
}

#[tokio::test]
async fn search_filter_matching_table() {
    let sim = simulator().await;
    // The demonstrator's template puts six restricted slots at 17:00-17:50 on template day 1
    // at Dr Legg's branch: count what each filter combination sees over two weeks.
    let d = |n: u64| {
        today()
            .checked_add_days(Days::new(n))
            .unwrap()
            .format("%Y-%m-%d")
            .to_string()
    };
    let sim_ref = &sim;
    let count = |filters: &[(&'static str, &'static str)]| {
        let raw = slot_search(
            sim_ref,
            &format!("ge{}", d(0)),
            &format!("le{}", d(13)),
            filters,
        );
        async move {
            let (_, body) = raw.send(sim_ref).await;
            body["entry"]
                .as_array()
                .map(|e| {
                    e.iter()
                        .filter(|e| e["resource"]["resourceType"] == "Slot")
                        .count()
                })
                .unwrap_or(0)
        }
    };
    let type_urgent = (
        "searchFilter",
        "https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1|urgent-care",
    );
    let type_gp = (
        "searchFilter",
        "https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1|gp-practice",
    );
    let ods_a20047 = (
        "searchFilter",
        "https://fhir.nhs.uk/Id/ods-organization-code|A20047",
    );
    let none = count(&[]).await;
    let urgent = count(&[type_urgent]).await;
    let gp = count(&[type_gp]).await;
    let ods = count(&[ods_a20047]).await;
    let both = count(&[type_urgent, ods_a20047]).await;
    assert!(none > 0);
    assert!(urgent > none, "type only adds type-restricted slots");
    assert!(
        gp > none && gp == urgent,
        "one gp-practice slot for each urgent-care one"
    );
    assert!(ods > none, "ODS only adds ODS-restricted slots");
    assert!(both > urgent && both > ods, "both filters see the most");
    // The hub offers nothing without the urgent-care type.
    let hub = |filters: Vec<(&str, String)>| {
        Raw::new(&sim, "R3B46", "Search for free slots", "Slot", &filters)
    };
    let base = vec![
        ("status", "free".to_owned()),
        ("start", format!("ge{}", d(0))),
        ("end", format!("le{}", d(13))),
        ("_include", "Slot:schedule".to_owned()),
    ];
    let (_, body) = hub(base.clone()).send(&sim).await;
    assert!(
        body.get("entry").is_none(),
        "no slots: an empty Bundle with no entry"
    );
    let mut urgent_filter = base;
    urgent_filter.push(("searchFilter", type_urgent.1.to_owned()));
    let (_, body) = hub(urgent_filter).send(&sim).await;
    assert!(body["entry"].as_array().is_some_and(|e| !e.is_empty()));
}

fn find(sim: &Simulator, identifier: Option<&str>) -> Raw {
    let query: Vec<(&str, String)> = identifier
        .map(|v| ("identifier", v.to_owned()))
        .into_iter()
        .collect();
    Raw::new(sim, "A20047", "Find a patient", "Patient", &query)
}

#[tokio::test]
async fn find_patient_rules() {
    let sim = simulator().await;
    let nhs = |n: &str| format!("https://fhir.nhs.uk/Id/nhs-number|{n}");
    let entries = |body: &Value| body["entry"].as_array().map_or(0, Vec::len);
    let (status, body) = find(&sim, Some(&nhs("9476719931"))).send(&sim).await;
    assert_eq!((status, entries(&body)), (200, 1));
    // Sensitive (S-flag) and deceased patients come back as not found (§3.3).
    for hidden in ["9476113162", "9476719974"] {
        let raw = Raw::new(
            &sim,
            if hidden == "9476113162" {
                "GPC001"
            } else {
                "A20047"
            },
            "Find a patient",
            "Patient",
            &[("identifier", nhs(hidden))],
        );
        let (status, body) = raw.send(&sim).await;
        assert_eq!((status, entries(&body)), (200, 0), "{hidden}");
    }
    expect(&sim, "no identifier", find(&sim, None), 400, "BAD_REQUEST").await;
    let mut twice = find(&sim, Some(&nhs("9476719931")));
    twice.query = format!("{0}&{0}", twice.query);
    expect(&sim, "two identifiers", twice, 400, "BAD_REQUEST").await;
    let mut wrong_case = find(&sim, Some(&nhs("9476719931")));
    wrong_case.query = wrong_case.query.replace("identifier=", "Identifier=");
    expect(&sim, "Identifier", wrong_case, 400, "BAD_REQUEST").await;
    expect(
        &sim,
        "empty system",
        find(&sim, Some("|9476719931")),
        422,
        "INVALID_PARAMETER",
    )
    .await;
    expect(
        &sim,
        "no system",
        find(&sim, Some("9476719931")),
        422,
        "INVALID_PARAMETER",
    )
    .await;
    expect(
        &sim,
        "empty value",
        find(&sim, Some(&nhs(""))),
        422,
        "INVALID_PARAMETER",
    )
    .await;
    expect(
        &sim,
        "other system",
        find(&sim, Some("https://example.org/mrn|123")),
        400,
        "INVALID_IDENTIFIER_SYSTEM",
    )
    .await;
    expect(
        &sim,
        "bad check digit",
        find(&sim, Some(&nhs("9000000008"))),
        400,
        "INVALID_NHS_NUMBER",
    )
    .await;
    expect(
        &sim,
        "9 digits",
        find(&sim, Some(&nhs("999999999"))),
        400,
        "INVALID_NHS_NUMBER",
    )
    .await;
    // §7.4: ten digits as sent; a provider does not strip the spaces a person typed.
    expect(
        &sim,
        "spaces",
        find(&sim, Some(&nhs("947 671 9931"))),
        400,
        "INVALID_NHS_NUMBER",
    )
    .await;
}

fn retrieve(sim: &Simulator, patient: &str, starts: &[String]) -> Raw {
    let query: Vec<(&str, String)> = starts.iter().map(|s| ("start", s.clone())).collect();
    Raw::new(
        sim,
        "A20047",
        "Retrieve patient's appointments",
        &format!("Patient/{patient}/Appointment"),
        &query,
    )
}

#[tokio::test]
async fn retrieve_rules() {
    let sim = simulator().await;
    let d = |n: i64| {
        let day = if n >= 0 {
            today().checked_add_days(Days::new(n.unsigned_abs()))
        } else {
            today().checked_sub_days(Days::new(n.unsigned_abs()))
        };
        day.unwrap().format("%Y-%m-%d").to_string()
    };
    let ok = retrieve(&sim, "1", &[format!("ge{}", d(0)), format!("le{}", d(14))]);
    assert_eq!(ok.send(&sim).await.0, 200, "today onwards");
    let cases = vec![
        (
            "one start",
            retrieve(&sim, "1", &[format!("ge{}", d(0))]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "time part",
            retrieve(
                &sim,
                "1",
                &[format!("ge{}T09:00:00+00:00", d(0)), format!("le{}", d(3))],
            ),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "Z",
            retrieve(
                &sim,
                "1",
                &[format!("ge{}T09:00:00Z", d(0)), format!("le{}", d(3))],
            ),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "partial",
            retrieve(
                &sim,
                "1",
                &[format!("ge{}", &d(0)[..7]), format!("le{}", d(3))],
            ),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "ge + lt",
            retrieve(&sim, "1", &[format!("ge{}", d(0)), format!("lt{}", d(3))]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "ge + ge",
            retrieve(&sim, "1", &[format!("ge{}", d(0)), format!("ge{}", d(3))]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "partly past",
            retrieve(&sim, "1", &[format!("ge{}", d(-1)), format!("le{}", d(3))]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "end before start",
            retrieve(&sim, "1", &[format!("ge{}", d(3)), format!("le{}", d(1))]),
            422,
            "INVALID_PARAMETER",
        ),
        (
            "unknown patient",
            retrieve(&sim, "dd", &[format!("ge{}", d(0)), format!("le{}", d(3))]),
            404,
            "PATIENT_NOT_FOUND",
        ),
    ];
    for (case, raw, status, spine) in cases {
        expect(&sim, case, raw, status, spine).await;
    }
}

/// A simulator whose clock reads `instant` (the seed's today and the rules' now).
async fn simulator_at(instant: chrono::DateTime<Utc>) -> Simulator {
    let mut options = SimOptions::temporary(SimConfig::demo());
    options.clock = Arc::new(FixedClock::new(instant));
    Simulator::start(options).await.unwrap()
}

#[tokio::test]
async fn fourteen_days_across_the_autumn_clock_change_are_fourteen_days() {
    // Monday 19 October 2026, BST; the clocks go back on Sunday 25 October.
    let sim = simulator_at(Utc.with_ymd_and_hms(2026, 10, 19, 8, 0, 0).unwrap()).await;
    let ok = [
        ("ge2026-10-20", "le2026-11-03"),
        ("ge2026-10-20T00:00:00+01:00", "le2026-11-03T00:00:00+00:00"),
    ];
    for (start, end) in ok {
        let (status, body) = slot_search(&sim, start, end, &[]).send(&sim).await;
        assert_eq!(status, 200, "{start} {end}: {body}");
        assert!(resources(&body).iter().any(|r| r["resourceType"] == "Slot"));
        assert!(
            resources(&body)
                .iter()
                .filter(|r| r["resourceType"] == "Slot")
                .all(|r| r["start"].as_str().unwrap().ends_with(
                    if r["start"].as_str().unwrap() < "2026-10-25" {
                        "+01:00"
                    } else {
                        "+00:00"
                    }
                )),
            "UK local offsets on both sides of the change"
        );
    }
    expect(
        &sim,
        "15 days",
        slot_search(&sim, "ge2026-10-20", "le2026-11-04", &[]),
        422,
        "INVALID_PARAMETER",
    )
    .await;
}
