//! Readers for the NHS reference data the simulator is seeded from, compiled in unchanged:
//! the demonstrator's `populate_*.sql` and `slots.txt`, and the provider assurance suite's
//! `PDS.csv` and `RegisterPatients.csv` (see `tests/fixtures/README.md`).
//!
//! The SQL reader understands exactly the `INSERT INTO t (cols) VALUES (...), (...);` form
//! those files use: quoted strings with `''` escapes, numbers, commas.

use std::collections::HashMap;

use chrono::NaiveDate;

/// The demonstrator's appointment seed (schedules, slots, addresses, locations).
pub const APPOINTMENT_SQL: &str =
    include_str!("../../../tests/fixtures/demonstrator/populate_appointment_data.sql");
/// The demonstrator's practitioners.
pub const PRACTITIONER_SQL: &str =
    include_str!("../../../tests/fixtures/demonstrator/populate_general_practitioners_table.sql");
/// The demonstrator's slot template.
pub const SLOTS_TXT: &str = include_str!("../../../tests/fixtures/demonstrator/slots.txt");
/// The assurance suite's PDS extract.
pub const PDS_CSV: &str = include_str!("../../../tests/fixtures/provider-testing/PDS.csv");
/// The assurance suite's patients to register.
pub const REGISTER_CSV: &str =
    include_str!("../../../tests/fixtures/provider-testing/RegisterPatients.csv");

/// One SQL row: column name → value (text; `NULL` as empty).
pub type Row = HashMap<String, String>;

/// Every row inserted into `table` by the `INSERT` statements in `sql`.
pub fn sql_rows(sql: &str, table: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    let marker = format!("INSERT INTO {table}");
    let mut rest = sql;
    while let Some(at) = rest.find(&marker) {
        rest = &rest[at + marker.len()..];
        let Some(open) = rest.find('(') else { break };
        let Some(close) = rest[open..].find(')') else {
            break;
        };
        let columns: Vec<String> = rest[open + 1..open + close]
            .split(',')
            .map(|c| c.trim().to_owned())
            .collect();
        let Some(values_at) = rest.find("VALUES") else {
            break;
        };
        rest = &rest[values_at + "VALUES".len()..];
        let (tuples, consumed) = parse_tuples(rest);
        rest = &rest[consumed..];
        for tuple in tuples {
            rows.push(columns.iter().cloned().zip(tuple).collect());
        }
    }
    rows
}

/// Parses `(a,'b'),(c,'d');` up to the terminating `;`. Returns the tuples and the bytes
/// consumed.
fn parse_tuples(text: &str) -> (Vec<Vec<String>>, usize) {
    let mut tuples = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut depth = 0;
    let mut in_string = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_string {
            if c == '\'' {
                if chars.peek().map(|(_, n)| *n) == Some('\'') {
                    field.push('\'');
                    chars.next();
                } else {
                    in_string = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '\'' => in_string = true,
            '(' => {
                depth += 1;
                current.clear();
                field.clear();
            }
            ',' if depth > 0 => current.push(std::mem::take(&mut field).trim().to_owned()),
            ')' if depth > 0 => {
                depth -= 1;
                current.push(std::mem::take(&mut field).trim().to_owned());
                tuples.push(std::mem::take(&mut current));
            }
            ';' if depth == 0 => return (tuples, i + 1),
            _ if depth > 0 => field.push(c),
            _ => {}
        }
    }
    (tuples, text.len())
}

/// One line of `slots.txt` (columns from the demonstrator's README).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotTemplate {
    /// Days from today (1 = tomorrow in the demonstrator).
    pub day: u32,
    /// Start hour, minute (local).
    pub start: (u32, u32),
    /// End hour, minute (local).
    pub end: (u32, u32),
    /// Slot type description.
    pub slot_type: String,
    /// Schedule id of the demonstrator.
    pub schedule: String,
    /// `FREE` or `BUSY`.
    pub free: bool,
    /// Bookable through GP Connect.
    pub bookable: bool,
    /// Bookable only by the organisation with this demonstrator id (7 = A20047).
    pub restrict_org_id: Option<String>,
    /// Bookable only by this organisation type.
    pub restrict_org_type: Option<String>,
    /// `T`, `V` or `P`.
    pub channel: char,
}

/// Parses `slots.txt`, skipping lines that do not have its 15 columns.
pub fn slot_templates() -> Vec<SlotTemplate> {
    SLOTS_TXT
        .lines()
        .filter_map(|line| {
            let cols: Vec<&str> = line.split(',').map(str::trim).collect();
            if cols.len() != 15 {
                return None;
            }
            let number = |i: usize| cols.get(i).and_then(|c| c.parse::<u32>().ok());
            let optional = |i: usize| {
                cols.get(i)
                    .filter(|c| !c.is_empty())
                    .map(|c| (*c).to_owned())
            };
            Some(SlotTemplate {
                day: number(0)?,
                start: (number(1)?, number(2)?),
                end: (number(4)?, number(5)?),
                slot_type: cols.get(8)?.to_string(),
                schedule: cols.get(9)?.to_string(),
                free: cols.get(10)? == &"FREE",
                bookable: cols.get(11)? == &"true",
                restrict_org_id: optional(12),
                restrict_org_type: optional(13),
                channel: cols.get(14)?.chars().next()?,
            })
        })
        .collect()
}

/// A person on the simulated PDS (§5.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdsRecord {
    /// NHS number.
    pub nhs_number: String,
    /// Family name as held (upper case in the extract).
    pub family: String,
    /// Given name.
    pub given: String,
    /// Other given (middle) name, when the extract has one.
    pub other_given: Option<String>,
    /// Title, e.g. `MRS`.
    pub title: Option<String>,
    /// `male` / `female` (from the title or the column).
    pub gender: Option<String>,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Date of death, when deceased.
    pub death_date: Option<NaiveDate>,
    /// Address lines.
    pub address: Vec<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// S-flag (sensitive).
    pub sensitive: bool,
    /// Registered GP practice (ODS code in the extract).
    pub primary_care_code: Option<String>,
}

fn csv_rows(text: &str) -> Vec<HashMap<String, String>> {
    let mut lines = text.lines();
    let Some(header) = lines.next() else {
        return Vec::new();
    };
    let names: Vec<&str> = header.split(',').map(str::trim).collect();
    lines
        .map(|line| {
            names
                .iter()
                .map(|n| (*n).to_owned())
                .zip(line.split(',').map(|v| v.trim().to_owned()))
                .collect()
        })
        .collect()
}

fn gender_from_title(title: &str) -> Option<String> {
    match title.to_ascii_uppercase().as_str() {
        "MR" => Some("male".to_owned()),
        "MRS" | "MS" | "MISS" => Some("female".to_owned()),
        _ => None,
    }
}

/// Every person of `PDS.csv` and `RegisterPatients.csv`.
pub fn pds_records() -> Vec<PdsRecord> {
    let non_empty = |v: Option<&String>| v.filter(|s| !s.is_empty()).cloned();
    let mut records: Vec<PdsRecord> = csv_rows(PDS_CSV)
        .into_iter()
        .filter_map(|row| {
            let date = |key: &str| {
                row.get(key)
                    .and_then(|d| NaiveDate::parse_from_str(d, "%d/%m/%Y").ok())
            };
            let title = non_empty(row.get("TITLE"));
            Some(PdsRecord {
                nhs_number: row.get("NHS_NUMBER")?.clone(),
                family: row.get("FAMILY_NAME")?.clone(),
                given: row.get("GIVEN_NAME")?.clone(),
                other_given: non_empty(row.get("OTHER_GIVEN_NAME")),
                gender: title.as_deref().and_then(gender_from_title),
                title,
                birth_date: date("DATE_OF_BIRTH")?,
                death_date: date("DATE_OF_DEATH"),
                address: ["ADDR1", "ADDR2", "ADDR3", "ADDR4", "ADDR5"]
                    .iter()
                    .filter_map(|k| non_empty(row.get(*k)))
                    .collect(),
                postcode: non_empty(row.get("POST_CODE")),
                sensitive: row.get("SENSITIVE_FLAG").is_some_and(|f| f == "S"),
                primary_care_code: non_empty(row.get("PRIMARY_CARE_CODE")),
            })
        })
        .collect();
    records.extend(csv_rows(REGISTER_CSV).into_iter().filter_map(|row| {
        Some(PdsRecord {
            nhs_number: row.get("SPINE_NHS_NUMBER")?.clone(),
            family: row.get("NAME_FAMILY")?.clone(),
            given: row.get("NAME_GIVEN")?.clone(),
            other_given: None,
            title: None,
            gender: row.get("GENDER").map(|g| g.to_ascii_lowercase()),
            birth_date: NaiveDate::parse_from_str(row.get("DOB")?, "%Y-%m-%d").ok()?,
            death_date: None,
            address: Vec::new(),
            postcode: None,
            sensitive: false,
            primary_care_code: None,
        })
    }));
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_table() {
        assert_eq!(sql_rows(APPOINTMENT_SQL, "appointment_schedules").len(), 12);
        assert_eq!(sql_rows(APPOINTMENT_SQL, "addresses").len(), 17);
        let locations = sql_rows(APPOINTMENT_SQL, "locations");
        assert_eq!(locations.len(), 17);
        let legg = locations.iter().find(|l| l["id"] == "16").unwrap();
        assert_eq!(legg["name"], "Dr Legg's Main Surgery");
        assert_eq!(sql_rows(PRACTITIONER_SQL, "practitioners").len(), 5);
    }

    #[test]
    fn reads_the_slot_template_and_pds() {
        let templates = slot_templates();
        assert_eq!(templates.len(), 1014);
        assert!(
            templates
                .iter()
                .any(|t| t.restrict_org_type.as_deref() == Some("urgent-care"))
        );
        let pds = pds_records();
        assert_eq!(pds.len(), 24 + 158);
        let dawes = pds.iter().find(|p| p.nhs_number == "9476719931").unwrap();
        assert_eq!(dawes.family, "DAWES");
        assert_eq!(dawes.gender.as_deref(), Some("female"));
        assert!(pds.iter().any(|p| p.sensitive));
        assert!(pds.iter().any(|p| p.death_date.is_some()));
    }
}
