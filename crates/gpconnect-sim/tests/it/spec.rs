//! The specification as the tests read it, from files committed in `tests/fixtures/`: the
//! §3.0 interaction table (`spec/interaction-table.md`), the §4.2 JWT example
//! (`spec/jwt-claims-example.json`) and the spec's example payloads (`gpconnect-1.2.7/`).
//! Neither the client's nor the simulator's code is used to build a request.

use std::path::PathBuf;

use serde_json::Value;

/// The prefix the table abbreviates as `…`.
const ID_PREFIX: &str = "urn:nhs:names:services:gpconnect:fhir";

/// One row of the §3.0 table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// "Book", "Search for free slots", …
    pub use_case: String,
    /// `GET`, `POST`, `PUT`.
    pub method: String,
    /// Relative path without the leading `/` or query, `{id}` for a logical id.
    pub path: String,
    /// The full `Ssp-InteractionID`.
    pub id: String,
    /// JWT `requested_scope`.
    pub scope: String,
    /// The status of success (the first number of the Success column).
    pub success: u16,
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// Splits a Markdown table row on `|` that is not escaped as `\|`.
fn cells(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut chars = line.trim().trim_matches('|').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                current.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut current).trim().to_owned()),
            _ => current.push(c),
        }
    }
    cells.push(current.trim().to_owned());
    cells
}

fn unquote(cell: &str) -> &str {
    cell.trim().trim_matches('`')
}

/// Every row of the committed copy of the §3.0 table.
pub fn table() -> Vec<Row> {
    let text = std::fs::read_to_string(fixtures().join("spec/interaction-table.md")).unwrap();
    text.lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("| Use case") && !l.starts_with("|---"))
        .map(|line| {
            let cells = cells(line);
            assert_eq!(cells.len(), 5, "{line}");
            let (method, url) = unquote(&cells[1]).split_once(' ').unwrap();
            let path = url.trim_start_matches('/');
            let path = path.split_once('?').map_or(path, |(p, _)| p);
            let id = unquote(&cells[2]);
            let id = match id.strip_prefix('…') {
                Some(rest) => format!("{ID_PREFIX}{rest}"),
                None => id.to_owned(),
            };
            let success = cells[4]
                .trim_start_matches("**")
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap()
                .parse()
                .unwrap();
            Row {
                use_case: cells[0].clone(),
                method: method.to_owned(),
                path: path.to_owned(),
                id,
                scope: unquote(&cells[3]).to_owned(),
                success,
            }
        })
        .collect()
}

/// The row of `use_case`, e.g. `"Book"`.
pub fn row(use_case: &str) -> Row {
    table()
        .into_iter()
        .find(|r| r.use_case == use_case)
        .unwrap_or_else(|| panic!("no row {use_case} in the §3.0 table"))
}

/// True when `path` (no query) is an instance of the spec's `pattern`: equal segments, `{id}`
/// matching any non-empty segment.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let (p, a): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    p.len() == a.len()
        && p.iter()
            .zip(&a)
            .all(|(p, a)| if *p == "{id}" { !a.is_empty() } else { p == a })
}

/// The example payload `name` of the specification (`tests/fixtures/gpconnect-1.2.7/`).
pub fn example(name: &str) -> Value {
    let text = std::fs::read_to_string(fixtures().join("gpconnect-1.2.7").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The JWT claims example of §4.2.
pub fn jwt_claims() -> Value {
    let text = std::fs::read_to_string(fixtures().join("spec/jwt-claims-example.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_table_has_fifteen_rows_with_full_ids() {
    let table = table();
    assert_eq!(table.len(), 15);
    assert!(
        table
            .iter()
            .all(|r| r.id.starts_with("urn:nhs:names:services:gpconnect:fhir:"))
    );
    let find = row("Find practitioner");
    assert_eq!(find.path, "Practitioner");
    assert_eq!(row("Book").success, 201);
    assert!(path_matches(
        &row("Retrieve patient's appointments").path,
        "Patient/2/Appointment"
    ));
}
