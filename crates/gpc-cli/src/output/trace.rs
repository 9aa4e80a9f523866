//! PDS records as a table (`gpc patient trace`): one row per patient, in PDS's order, with
//! what matters for booking (verification, registered practice, sensitive, deceased).

use comfy_table::Table;
use gpconnect::OdsCode;
use pds::PdsPatient;

use super::*;

/// The PDS table; `practice_name` names a registered practice that is in the profile.
pub fn pds_table(
    patients: &[PdsPatient],
    practice_name: &dyn Fn(&OdsCode) -> Option<String>,
) -> Table {
    let mut table = table(&[
        "NHS number",
        "Verified",
        "Name",
        "Born",
        "Gender",
        "Address",
        "Registered practice",
        "Status",
    ]);
    for patient in patients {
        let verified = patient.verification.as_ref().map_or_else(String::new, |v| {
            if v.is_verified() {
                "yes".to_owned()
            } else {
                format!(
                    "no ({})",
                    v.display.clone().unwrap_or_else(|| v.code.clone())
                )
            }
        });
        let address = patient.address.as_ref().map_or_else(String::new, |a| {
            a.lines
                .iter()
                .chain(a.postcode.iter())
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        });
        let practice = patient
            .registered_practice
            .as_ref()
            .map_or_else(String::new, |ods| match practice_name(ods) {
                Some(name) => format!("{ods} {name}"),
                None => ods.to_string(),
            });
        let mut status = Vec::new();
        if patient.restricted {
            status.push("sensitive: no GP Connect".to_owned());
        }
        if let Some(deceased) = &patient.deceased {
            status.push(match deceased.date {
                Some(day) => format!("deceased {}", day.format("%-d %b %Y")),
                None => format!("deceased ({})", deceased.text),
            });
        }
        table.add_row(vec![
            patient.nhs_number.formatted(),
            verified,
            patient.name.clone(),
            patient
                .birth_date
                .map(|d| d.format("%-d %b %Y").to_string())
                .unwrap_or_default(),
            patient
                .gender
                .map(|g| g.code().to_owned())
                .unwrap_or_default(),
            address,
            practice,
            status.join("; "),
        ]);
    }
    table
}
