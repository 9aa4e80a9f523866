//! The shared test vectors in `tests/vectors/` (one set of cases that the UI's Vitest suite
//! runs against its TypeScript copies of the same rules), run here against the authoritative
//! Rust: NHS numbers, adjacent slots, temporary registration and the text limits. Settings are
//! run by the app's own unit test (`src-tauri/src/settings_vectors.rs`).
//!
//! Each case is `{name, input, expected}`; every case is checked and all mismatches are
//! reported together, by name.

use chrono::NaiveDate;
use gpconnect::NhsNumber;
use gpconnect::appointments::order_adjacent_slots;
use gpconnect::appointments::{check_cancellation_reason, check_comment, check_description};
use gpconnect::ids::IdError;
use gpconnect::patients::TemporaryRegistration;
use gpconnect::slots::BookableSlot;
use serde_json::{Value, json};

const NHS_NUMBERS: &str = include_str!("../../../../tests/vectors/nhs-numbers.json");
const ADJACENCY: &str = include_str!("../../../../tests/vectors/adjacency.json");
const REGISTRATION: &str = include_str!("../../../../tests/vectors/registration.json");
const TEXT_LIMITS: &str = include_str!("../../../../tests/vectors/text-limits.json");

/// Runs `actual` on every case of `file` and fails with every case whose answer differs.
fn run(file: &str, actual: impl Fn(&Value, &Value) -> Value) {
    let vectors: Value = serde_json::from_str(file).unwrap();
    let cases = vectors["cases"].as_array().unwrap();
    assert!(!cases.is_empty());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let got = actual(&vectors, &case["input"]);
            (got != case["expected"])
                .then(|| format!("{}: expected {}, got {got}", case["name"], case["expected"]))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `patch` laid over `base` as the UI's runner does it (`ui/test/vectors/merge.ts`): objects
/// field by field, anything else replaced.
fn merge_over(base: &Value, patch: &Value) -> Value {
    match (base, patch) {
        (Value::Object(base), Value::Object(patch)) => {
            let mut out = base.clone();
            for (key, value) in patch {
                let merged = merge_over(out.get(key).unwrap_or(&Value::Null), value);
                out.insert(key.clone(), merged);
            }
            Value::Object(out)
        }
        _ => patch.clone(),
    }
}

#[test]
fn nhs_numbers() {
    run(NHS_NUMBERS, |_, input| {
        match NhsNumber::parse(input.as_str().unwrap()) {
            Ok(number) => json!({"valid": true, "nhsNumber": number.as_str()}),
            Err(error) => {
                let problem = match error {
                    IdError::Empty => "empty".to_owned(),
                    IdError::NhsNumberNotDigits => "notDigits".to_owned(),
                    IdError::NhsNumberLength(_) => "length".to_owned(),
                    IdError::NhsNumberCheckDigit => "checkDigit".to_owned(),
                    other => format!("{other:?}"),
                };
                json!({"valid": false, "problem": problem})
            }
        }
    });
}

/// A whole slot from the fields a case gives, the rest from the file's `defaults`.
fn slot(defaults: &Value, given: &Value) -> BookableSlot {
    let field = |name: &str| given.get(name).unwrap_or(&defaults[name]).clone();
    serde_json::from_value(json!({
        "practiceOdsCode": field("practice"),
        "practiceName": "Practice",
        "slotId": field("id"),
        "scheduleId": field("schedule"),
        "start": field("start"),
        "end": field("end"),
        "durationMinutes": 10,
        "deliveryChannel": field("channel"),
        "slotType": field("type"),
        "scheduleType": null,
        "location": {"id": "1", "name": null, "address": [], "phone": null},
        "practitioner": null,
        "practitionerRole": null,
        "organisation": null,
        "searchedOrgType": null,
    }))
    .unwrap()
}

#[test]
fn adjacent_slots() {
    run(ADJACENCY, |vectors, input| {
        let slots: Vec<BookableSlot> = input["slots"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| slot(&vectors["defaults"], s))
            .collect();
        match order_adjacent_slots(&slots) {
            Ok(ordered) => {
                let order: Vec<&str> = ordered.iter().map(|s| s.slot_id.as_str()).collect();
                json!({"ok": true, "order": order})
            }
            Err(error) => {
                json!({"ok": false, "error": serde_json::to_value(&error).unwrap()["kind"]})
            }
        }
    });
}

#[test]
fn temporary_registration() {
    run(REGISTRATION, |vectors, input| {
        let registration: TemporaryRegistration =
            serde_json::from_value(merge_over(&vectors["base"], &input["registration"])).unwrap();
        let today =
            NaiveDate::parse_from_str(input["today"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        let mut fields: Vec<String> = registration
            .validate(today)
            .into_iter()
            .map(|e| e.field)
            .collect();
        fields.sort();
        json!({"fields": fields})
    });
}

#[test]
fn text_limits() {
    run(TEXT_LIMITS, |_, input| {
        let text = input["text"].as_str().unwrap();
        let result = match input["field"].as_str().unwrap() {
            "description" => check_description(text).map(drop),
            "comment" => check_comment(Some(text)).map(drop),
            "cancellationReason" => check_cancellation_reason(text).map(drop),
            other => panic!("no check for {other}"),
        };
        match result {
            Ok(()) => json!({"ok": true}),
            Err(gpconnect::Error::Validation { fields }) => {
                // "Enter …" when nothing was entered; "… must be N characters or fewer".
                let problem = if fields[0].message.starts_with("Enter") {
                    "empty"
                } else {
                    "tooLong"
                };
                json!({"ok": false, "problem": problem})
            }
            Err(other) => json!({"ok": false, "problem": other.to_string()}),
        }
    });
}
