//! The UI's test fake loads its practices and patients from `ui/test/fixtures/demo-seed.json`;
//! this keeps that file equal to [`gpconnect_sim::demo_seed`]. `UPDATE_FIXTURES=1` rewrites
//! it (formatted as prettier formats JSON, so `npm run format:check` stays green).

use std::path::PathBuf;

use serde_json::Value;

fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/test/fixtures/demo-seed.json")
}

/// The order keys are written in, whatever order the JSON map keeps them in.
const KEY_ORDER: [&str; 10] = [
    "practices",
    "patients",
    "odsCode",
    "name",
    "nhsNumber",
    "family",
    "given",
    "birthDate",
    "gender",
    "registeredAt",
];

fn scalar(value: &Value) -> bool {
    !value.is_object() && !value.is_array()
}

/// Objects one key per line, arrays of scalars on one line, arrays of objects one per line,
/// two-space indents: how prettier prints this document.
fn write(value: &Value, indent: usize, out: &mut String) {
    let pad = |n: usize| "  ".repeat(n);
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push_str("{\n");
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by_key(|(key, _)| {
                KEY_ORDER
                    .iter()
                    .position(|k| k == key)
                    .unwrap_or(KEY_ORDER.len())
            });
            for (i, (key, item)) in entries.into_iter().enumerate() {
                out.push_str(&format!(
                    "{}{}: ",
                    pad(indent + 1),
                    Value::from(key.as_str())
                ));
                write(item, indent + 1, out);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            out.push_str(&format!("{}}}", pad(indent)));
        }
        Value::Array(items) if !items.is_empty() && !items.iter().all(scalar) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                write(item, indent + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&format!("{}]", pad(indent)));
        }
        Value::Array(items) => {
            let inline: Vec<String> = items.iter().map(Value::to_string).collect();
            out.push_str(&format!("[{}]", inline.join(", ")));
        }
        other => out.push_str(&other.to_string()),
    }
}

fn formatted(value: &Value) -> String {
    let mut out = String::new();
    write(value, 0, &mut out);
    out.push('\n');
    out
}

#[test]
fn the_ui_fixture_is_the_simulators_demo_seed() {
    let seed = gpconnect_sim::demo_seed();
    let practices = seed["practices"].as_array().unwrap();
    assert_eq!(practices.len(), 4);
    assert_eq!(practices[0]["odsCode"], "A20047");
    let patients = seed["patients"].as_array().unwrap();
    let dawes = patients
        .iter()
        .find(|p| p["nhsNumber"] == "9476719931")
        .unwrap();
    assert_eq!(dawes["birthDate"], "1952-05-31");
    assert_eq!(dawes["registeredAt"], serde_json::json!(["A20047"]));
    assert!(
        patients.iter().all(|p| p["nhsNumber"] != "9476113162"),
        "sensitive records are left out"
    );
    assert!(
        patients
            .iter()
            .any(|p| p["registeredAt"] == serde_json::json!([])),
        "people PDS knows but no demo practice holds, for registration"
    );

    let path = path();
    if std::env::var_os("UPDATE_FIXTURES").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, formatted(&seed)).unwrap();
        return;
    }
    let committed: Option<Value> = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok());
    assert!(
        committed.as_ref() == Some(&seed),
        "{} is missing or differs from gpconnect_sim::demo_seed(); rewrite it with \
         UPDATE_FIXTURES=1 cargo test -p gpconnect-sim --test it demo_seed",
        path.display()
    );
}

#[test]
fn the_writer_prints_as_prettier_does() {
    let value = serde_json::json!({"patients": [{"given": ["x", "y"], "registeredAt": []}], "practices": "e"});
    assert_eq!(
        formatted(&value),
        "{\n  \"practices\": \"e\",\n  \"patients\": [\n    {\n      \"given\": [\"x\", \"y\"],\n      \"registeredAt\": []\n    }\n  ]\n}\n"
    );
}
