//! Patient records as a table (`gpc patient`).

use comfy_table::Table;
use gpconnect::patients::PatientRecord;

use super::*;

fn registration_text(code: Option<&str>) -> String {
    match code {
        Some("T") => "T (temporary)".to_owned(),
        Some(code) => code.to_owned(),
        None => String::new(),
    }
}

/// The patients table (find, register).
pub fn patients_table(patients: &[PatientRecord]) -> Table {
    let mut table = table(&[
        "Patient id",
        "NHS number",
        "Name",
        "Born",
        "Gender",
        "Address",
        "Contact",
        "Registration",
    ]);
    for patient in patients {
        table.add_row(vec![
            patient.id.to_string(),
            patient
                .nhs_number
                .as_deref()
                .map(nhs_number)
                .unwrap_or_default(),
            text(patient.name.as_deref()),
            patient
                .birth_date
                .as_deref()
                .map(birth_date)
                .unwrap_or_default(),
            text(patient.gender.as_deref()),
            patient.address.join(", "),
            patient
                .contacts
                .iter()
                .map(|c| match &c.use_ {
                    Some(use_) => format!("{} ({use_})", c.value),
                    None => c.value.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            registration_text(patient.registration_type.as_deref()),
        ]);
    }
    table
}
