//! The demo federation's practices and patients as one JSON document, for the UI's test fake
//! (`ui/test/fixtures/demo-seed.json`, compared with this by the simulator's tests). Only
//! synthetic data from the fixtures: the demo practices, and the PDS test patients the demo
//! can find or register (alive, not sensitive).
//!
//! Shape: `{"practices": [{"odsCode", "name"}], "patients": [{"nhsNumber", "family",
//! "given": [..], "birthDate": "yyyy-mm-dd", "gender", "registeredAt": ["<ODS>", ..]}]}`.

use serde_json::{Value, json};

use crate::fixtures::pds_records;
use crate::seed::SimConfig;
use crate::time::format_date;

/// The seed of [`SimConfig::demo`]: every practice (ODS code, name) in order, and every PDS
/// patient who is alive and not sensitive, in PDS order, with the ODS codes of the demo
/// practices where they are registered (empty: registrable anywhere, found nowhere).
pub fn demo_seed() -> Value {
    let config = SimConfig::demo();
    let practices: Vec<Value> = config
        .practices
        .iter()
        .map(|p| json!({"odsCode": p.ods_code, "name": p.name}))
        .collect();
    let patients: Vec<Value> = pds_records()
        .iter()
        .filter(|r| r.death_date.is_none() && !r.sensitive)
        .map(|r| {
            let registered_at: Vec<&str> = config
                .practices
                .iter()
                .filter(|p| {
                    p.registers_pds_practice.is_some()
                        && p.registers_pds_practice == r.primary_care_code
                })
                .map(|p| p.ods_code.as_str())
                .collect();
            json!({
                "nhsNumber": r.nhs_number,
                "family": r.family,
                "given": [r.given],
                "birthDate": format_date(r.birth_date),
                "gender": r.gender,
                "registeredAt": registered_at,
            })
        })
        .collect();
    json!({"practices": practices, "patients": patients})
}
