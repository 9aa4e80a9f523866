//! A search by demographics (`GET /Patient?…`, §3.4), for a caller who does not know their
//! NHS number: family name, given name, gender, date of birth (a day or a range), postcode,
//! the fuzzy and exact options and the result limit, checked against PDS's rules before
//! anything is sent.
//!
//! PDS's rules (§3.4): a non-fuzzy search needs at least the family name and date of birth,
//! and allows `*` wildcards in names and postcodes but not in the first two characters; a
//! fuzzy search needs given + family + date of birth, or family + date of birth + gender +
//! postcode, or given + date of birth + gender + postcode, and allows no wildcard; at most
//! 35 characters of family name; 1 to 50 results. NHS guidance: search without fuzzy first,
//! and offer fuzzy only when that finds no one.

use chrono::NaiveDate;
use gpconnect::FieldError;
use gpconnect::patients::Gender;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The most results PDS returns to a healthcare worker (`_max-results`, §3.4).
pub const MAX_RESULTS: u8 = 50;
/// The longest family name PDS accepts.
pub const MAX_FAMILY_NAME: usize = 35;

/// A date of birth to search by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum BirthDate {
    /// Born on this day (`birthdate=eqYYYY-MM-DD`).
    On(#[cfg_attr(feature = "ts", ts(type = "string"))] NaiveDate),
    /// Born between these days, inclusive; either end may be open (`ge…`, `le…`).
    Between {
        /// From (inclusive).
        #[cfg_attr(feature = "ts", ts(type = "string | null"))]
        from: Option<NaiveDate>,
        /// To (inclusive).
        #[cfg_attr(feature = "ts", ts(type = "string | null"))]
        to: Option<NaiveDate>,
    },
}

/// A search by demographics.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchQuery {
    /// Family name; `*` at the end (not in the first two characters) matches any ending.
    pub family_name: Option<String>,
    /// First given name (a compound name such as "John Paul" is one given name).
    pub given_name: Option<String>,
    /// Gender (PDS recommends leaving it out unless needed).
    pub gender: Option<Gender>,
    /// Date of birth.
    pub birth_date: Option<BirthDate>,
    /// Postcode (spaces ignored); `*` allowed in a non-fuzzy search, e.g. `DN16*`.
    pub postcode: Option<String>,
    /// Fuzzy matching (homophones, transposed names, history).
    #[serde(default)]
    pub fuzzy: bool,
    /// Exact matches only.
    #[serde(default)]
    pub exact: bool,
    /// At most this many results, 1-50 (PDS's default: 50). More matches than this is
    /// "too many matches".
    pub max_results: Option<u8>,
}

fn text(value: Option<&String>) -> Option<&str> {
    value.map(|v| v.trim()).filter(|v| !v.is_empty())
}

fn problem(fields: &mut Vec<FieldError>, field: &str, message: &str) {
    fields.push(FieldError {
        field: field.to_owned(),
        message: message.to_owned(),
    });
}

/// Checks one name or postcode for PDS's wildcard rule.
fn wildcard(fields: &mut Vec<FieldError>, field: &str, what: &str, value: &str, fuzzy: bool) {
    let Some(at) = value.chars().position(|c| c == '*') else {
        return;
    };
    if fuzzy {
        problem(
            fields,
            field,
            &format!("A fuzzy search cannot use * in the {what}."),
        );
    } else if at < 2 {
        problem(
            fields,
            field,
            &format!("Type at least the first two characters of the {what} before *."),
        );
    }
}

impl SearchQuery {
    /// Every problem with the query, field by field; empty when PDS would accept it.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut fields = Vec::new();
        let family = text(self.family_name.as_ref());
        let given = text(self.given_name.as_ref());
        let postcode = text(self.postcode.as_ref());
        if let Some(family) = family {
            if family.chars().count() > MAX_FAMILY_NAME {
                problem(
                    &mut fields,
                    "familyName",
                    "A family name can have at most 35 characters.",
                );
            }
            wildcard(&mut fields, "familyName", "family name", family, self.fuzzy);
        }
        if let Some(given) = given {
            wildcard(&mut fields, "givenName", "given name", given, self.fuzzy);
        }
        if let Some(postcode) = postcode {
            wildcard(&mut fields, "postcode", "postcode", postcode, self.fuzzy);
        }
        match self.birth_date {
            Some(BirthDate::Between {
                from: Some(from),
                to: Some(to),
            }) if from > to => problem(
                &mut fields,
                "birthDate",
                "The first date of birth must not be after the last.",
            ),
            Some(BirthDate::Between {
                from: None,
                to: None,
            }) => problem(
                &mut fields,
                "birthDate",
                "Enter a date of birth, or the first or last date of a range.",
            ),
            _ => {}
        }
        if let Some(max) = self.max_results
            && !(1..=MAX_RESULTS).contains(&max)
        {
            problem(
                &mut fields,
                "maxResults",
                "Ask for between 1 and 50 results.",
            );
        }
        let birth = self.birth_date.is_some();
        let gender = self.gender.is_some();
        if self.fuzzy {
            let enough = (given.is_some() && family.is_some() && birth)
                || (family.is_some() && birth && gender && postcode.is_some())
                || (given.is_some() && birth && gender && postcode.is_some());
            if !enough {
                problem(
                    &mut fields,
                    "fuzzy",
                    "A fuzzy search needs the given name, family name and date of birth, or the \
                     date of birth, gender and postcode with the family or given name.",
                );
            }
        } else {
            if family.is_none() {
                problem(&mut fields, "familyName", "Enter the family name.");
            }
            if !birth {
                problem(
                    &mut fields,
                    "birthDate",
                    "Enter the date of birth (or a range).",
                );
            }
        }
        fields
    }

    /// Checks the query.
    ///
    /// Errors: [`Error::Validation`] listing every problem.
    pub fn validate(&self) -> Result<()> {
        let fields = self.problems();
        if fields.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation { fields })
        }
    }

    /// The query parameters, in a fixed order, values not yet URL-encoded.
    pub fn parameters(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if self.fuzzy {
            params.push(("_fuzzy-match", "true".to_owned()));
        }
        if self.exact {
            params.push(("_exact-match", "true".to_owned()));
        }
        if let Some(max) = self.max_results {
            params.push(("_max-results", max.to_string()));
        }
        if let Some(family) = text(self.family_name.as_ref()) {
            params.push(("family", family.to_owned()));
        }
        if let Some(given) = text(self.given_name.as_ref()) {
            params.push(("given", given.to_owned()));
        }
        if let Some(gender) = self.gender {
            params.push(("gender", gender.code().to_owned()));
        }
        match self.birth_date {
            Some(BirthDate::On(day)) => params.push(("birthdate", format!("eq{day}"))),
            Some(BirthDate::Between { from, to }) => {
                if let Some(from) = from {
                    params.push(("birthdate", format!("ge{from}")));
                }
                if let Some(to) = to {
                    params.push(("birthdate", format!("le{to}")));
                }
            }
            None => {}
        }
        if let Some(postcode) = text(self.postcode.as_ref()) {
            params.push(("address-postalcode", postcode.to_owned()));
        }
        params
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn by_name() -> SearchQuery {
        SearchQuery {
            family_name: Some("Dawes".into()),
            birth_date: Some(BirthDate::On(day(1952, 5, 31))),
            ..SearchQuery::default()
        }
    }

    fn fields(query: &SearchQuery) -> Vec<String> {
        query.problems().into_iter().map(|f| f.field).collect()
    }

    #[test]
    fn a_plain_search_needs_family_name_and_date_of_birth() {
        assert!(by_name().validate().is_ok());
        assert_eq!(fields(&SearchQuery::default()), ["familyName", "birthDate"]);
    }

    #[test]
    fn wildcards_need_two_characters_first_and_never_in_fuzzy() {
        let mut query = by_name();
        query.family_name = Some("D*".into());
        assert_eq!(fields(&query), ["familyName"]);
        query.family_name = Some("Da*".into());
        assert!(query.validate().is_ok());
        query.given_name = Some("Minnie".into());
        query.fuzzy = true;
        assert_eq!(fields(&query), ["familyName"]);
        query.postcode = Some("DN*".into());
        assert_eq!(fields(&query), ["familyName", "postcode"]);
    }

    #[test]
    fn fuzzy_needs_one_of_the_three_combinations() {
        let mut query = SearchQuery {
            fuzzy: true,
            given_name: Some("Minnie".into()),
            birth_date: Some(BirthDate::On(day(1952, 5, 31))),
            ..SearchQuery::default()
        };
        assert_eq!(fields(&query), ["fuzzy"]);
        query.gender = Some(Gender::Female);
        query.postcode = Some("DN20 8AF".into());
        assert!(query.validate().is_ok());
    }

    #[test]
    fn ranges_and_limits_are_checked_and_sent_as_pds_expects() {
        let mut query = by_name();
        query.birth_date = Some(BirthDate::Between {
            from: Some(day(1953, 1, 1)),
            to: Some(day(1952, 1, 1)),
        });
        query.max_results = Some(51);
        assert_eq!(fields(&query), ["birthDate", "maxResults"]);
        query.birth_date = Some(BirthDate::Between {
            from: Some(day(1950, 1, 1)),
            to: Some(day(1955, 12, 31)),
        });
        query.max_results = Some(10);
        query.postcode = Some(" DN20 8AF ".into());
        assert_eq!(
            query.parameters(),
            vec![
                ("_max-results", "10".to_owned()),
                ("family", "Dawes".to_owned()),
                ("birthdate", "ge1950-01-01".to_owned()),
                ("birthdate", "le1955-12-31".to_owned()),
                ("address-postalcode", "DN20 8AF".to_owned()),
            ]
        );
    }
}
