//! The shared settings cases (`tests/vectors/settings.json`) against [`Settings::validate`]:
//! the same cases the UI's Vitest suite runs against the fake backend's save_settings checks.
//! Each case is `{name, input, expected}`, `input` laid over the file's `base`; every case is
//! checked and all mismatches are reported together.

use serde_json::{Value, json};

use crate::settings::Settings;

const SETTINGS: &str = include_str!("../../tests/vectors/settings.json");

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
fn settings_vectors() {
    let vectors: Value = serde_json::from_str(SETTINGS).unwrap();
    let cases = vectors["cases"].as_array().unwrap();
    assert!(!cases.is_empty());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let settings: Settings =
                serde_json::from_value(merge_over(&vectors["base"], &case["input"])).unwrap();
            let mut fields: Vec<String> =
                settings.validate().into_iter().map(|e| e.field).collect();
            fields.sort();
            let got = json!({ "fields": fields });
            (got != case["expected"])
                .then(|| format!("{}: expected {}, got {got}", case["name"], case["expected"]))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
