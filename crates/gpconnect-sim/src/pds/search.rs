//! PDS search (`GET /Patient?…`) as the stand-in reads `nhs-identity-pds.md` §3.4 and the
//! PDS specification's search page: which parameters exist and which combinations are
//! enough, wildcards (`*`, not in the first two characters, never in a fuzzy search),
//! date prefixes `eq`/`ge`/`le`, postcodes with spaces ignored, fuzzy matching (Soundex
//! and transposed names), `_exact-match`, restricted people left out of searches by
//! postcode or GP, and more matches than `_max-results` (default 50) answered with
//! `TOO_MANY_MATCHES`.
//!
//! Scores are the stand-in's own (PDS does not publish its algorithm): 1.0 for an exact
//! match of every name, lower for a wildcard, Soundex or transposed match.

use chrono::NaiveDate;

use super::people::Person;
use super::render::PdsError;

const PARAMETERS: [&str; 14] = [
    "_fuzzy-match",
    "_exact-match",
    "_history",
    "_max-results",
    "family",
    "given",
    "gender",
    "birthdate",
    "death-date",
    "address-postalcode",
    "address-postcode",
    "general-practitioner",
    "email",
    "phone",
];

/// A date condition: `eq`, `ge` or `le` a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateTest {
    On(NaiveDate),
    From(NaiveDate),
    To(NaiveDate),
}

impl DateTest {
    fn parse(name: &str, text: &str) -> Result<Self, PdsError> {
        let (prefix, day) = match text.get(..2) {
            Some(p @ ("eq" | "ge" | "le")) => (p, &text[2..]),
            _ => ("eq", text),
        };
        let day = NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .ok()
            .filter(|_| day.len() == 10)
            .ok_or_else(|| {
                PdsError::invalid_value(format!("Invalid value - '{text}' in field '{name}'"))
            })?;
        Ok(match prefix {
            "ge" => Self::From(day),
            "le" => Self::To(day),
            _ => Self::On(day),
        })
    }

    fn holds(self, day: NaiveDate) -> bool {
        match self {
            Self::On(d) => day == d,
            Self::From(d) => day >= d,
            Self::To(d) => day <= d,
        }
    }
}

/// A parsed, checked search.
#[derive(Debug, Clone, Default)]
pub struct Search {
    fuzzy: bool,
    exact: bool,
    /// `_max-results`, 1-50.
    pub max_results: usize,
    family: Option<String>,
    given: Vec<String>,
    gender: Option<String>,
    birth: Vec<DateTest>,
    death: Vec<DateTest>,
    postcode: Option<String>,
    gp: Option<String>,
    phone: Option<String>,
    email: Option<String>,
}

fn flag(name: &str, value: &str) -> Result<bool, PdsError> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(PdsError::invalid_value(format!(
            "Invalid value - '{value}' in field '{name}'"
        ))),
    }
}

/// Checks a name or postcode for the wildcard rule.
fn wildcards(name: &str, value: &str, fuzzy: bool) -> Result<(), PdsError> {
    match value.chars().position(|c| c == '*') {
        Some(_) if fuzzy => Err(PdsError::invalid_search(format!(
            "Wildcards are not allowed in a fuzzy search ('{name}')"
        ))),
        Some(at) if at < 2 => Err(PdsError::invalid_search(format!(
            "Wildcard must not be in the first two characters of '{name}'"
        ))),
        _ => Ok(()),
    }
}

impl Search {
    /// Parses and checks the query `pairs` (names and decoded values, repeats kept).
    ///
    /// Errors: 400 `UNSUPPORTED_SERVICE` (no parameter), `ADDITIONAL_PROPERTIES`,
    /// `INVALID_VALUE`, `INVALID_SEARCH_DATA`.
    pub fn parse(pairs: &[(String, String)]) -> Result<Self, PdsError> {
        if pairs.is_empty() {
            return Err(PdsError::unsupported());
        }
        let mut search = Self {
            max_results: 50,
            ..Self::default()
        };
        let mut postcode_params = 0;
        for (name, value) in pairs {
            if !PARAMETERS.contains(&name.as_str()) {
                return Err(PdsError::additional(name));
            }
            let value = value.trim();
            match name.as_str() {
                "_fuzzy-match" => search.fuzzy = flag(name, value)?,
                "_exact-match" => search.exact = flag(name, value)?,
                "_history" => {
                    flag(name, value)?;
                }
                "_max-results" => {
                    search.max_results = value
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=50).contains(n))
                        .ok_or_else(|| {
                            PdsError::invalid_value(format!(
                                "Invalid value - '{value}' in field '_max-results'"
                            ))
                        })?;
                }
                "family" => {
                    if value.chars().count() > 35 {
                        return Err(PdsError::invalid_value(
                            "Invalid value - 'family' is longer than 35 characters",
                        ));
                    }
                    search.family = Some(value.to_owned());
                }
                "given" => search.given.push(value.to_owned()),
                "gender" => {
                    if !["male", "female", "other", "unknown"].contains(&value) {
                        return Err(PdsError::invalid_value(format!(
                            "Invalid value - '{value}' in field 'gender'"
                        )));
                    }
                    search.gender = Some(value.to_owned());
                }
                "birthdate" => search.birth.push(DateTest::parse(name, value)?),
                "death-date" => search.death.push(DateTest::parse(name, value)?),
                "address-postalcode" | "address-postcode" => {
                    postcode_params += 1;
                    search.postcode = Some(value.to_owned());
                }
                "general-practitioner" => search.gp = Some(value.to_owned()),
                "email" => search.email = Some(value.to_owned()),
                "phone" => search.phone = Some(value.to_owned()),
                _ => {}
            }
        }
        if postcode_params > 1 {
            return Err(PdsError::invalid_search(
                "Only one of 'address-postalcode' and 'address-postcode' may be given",
            ));
        }
        for (name, value) in [("family", &search.family), ("postcode", &search.postcode)] {
            if let Some(value) = value {
                wildcards(name, value, search.fuzzy)?;
            }
        }
        for given in &search.given {
            wildcards("given", given, search.fuzzy)?;
        }
        let (family, given, birth) = (
            search.family.is_some(),
            !search.given.is_empty(),
            !search.birth.is_empty(),
        );
        let (gender, postcode) = (search.gender.is_some(), search.postcode.is_some());
        let enough = if search.fuzzy {
            (given && family && birth)
                || (family && birth && gender && postcode)
                || (given && birth && gender && postcode)
        } else {
            family && birth
        };
        if !enough {
            return Err(PdsError::invalid_search(
                "Not enough search parameters were provided to be able to make a search",
            ));
        }
        Ok(search)
    }

    /// The people who match, best first (score, then NHS number), with their scores.
    pub fn run<'a>(&self, people: impl Iterator<Item = &'a Person>) -> Vec<(&'a Person, f64)> {
        let mut found: Vec<(&Person, f64)> = people
            .filter(|p| !(p.sensitive && (self.postcode.is_some() || self.gp.is_some())))
            .filter_map(|p| self.score(p).map(|s| (p, s)))
            .filter(|(_, score)| !self.exact || *score >= 1.0)
            .collect();
        found.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| a.0.nhs_number.cmp(&b.0.nhs_number))
        });
        found
    }

    /// How well `person` matches; `None` when not at all.
    fn score(&self, person: &Person) -> Option<f64> {
        if !self.birth.iter().all(|t| t.holds(person.birth_date)) {
            return None;
        }
        if let Some(gender) = &self.gender
            && person.gender.as_deref() != Some(gender.as_str())
        {
            return None;
        }
        // The stand-in holds no email addresses: an email never matches.
        if self.email.is_some() {
            return None;
        }
        if let Some(phone) = &self.phone
            && !person
                .phones
                .iter()
                .any(|(_, n)| compact(n) == compact(phone))
        {
            return None;
        }
        let mut score = 1.0;
        if !self.fuzzy {
            if let Some(gp) = &self.gp
                && person.gp.as_deref() != Some(gp.as_str())
            {
                return None;
            }
            if !self.death.is_empty()
                && !person
                    .death_date
                    .is_some_and(|d| self.death.iter().all(|t| t.holds(d)))
            {
                return None;
            }
            if let Some(family) = &self.family {
                score -= plain(family, &person.family)?;
            }
            for given in &self.given {
                score -= person
                    .given
                    .iter()
                    .filter_map(|g| plain(given, g))
                    .reduce(f64::min)?;
            }
            if let Some(postcode) = &self.postcode {
                score -= plain(&compact(postcode), &compact(person.postcode.as_deref()?))?;
            }
            return Some(score);
        }
        let first_given = person.given.first().map(String::as_str).unwrap_or("");
        let straight = self
            .family
            .as_deref()
            .is_none_or(|f| sounds(f, &person.family).is_some())
            && self
                .given
                .first()
                .is_none_or(|g| sounds(g, first_given).is_some());
        let transposed = self
            .family
            .as_deref()
            .is_some_and(|f| sounds(f, first_given).is_some())
            && self
                .given
                .first()
                .is_some_and(|g| sounds(g, &person.family).is_some());
        if straight {
            score -= self
                .family
                .as_deref()
                .map_or(0.0, |f| sounds(f, &person.family).unwrap_or(0.0));
            score -= self
                .given
                .first()
                .map_or(0.0, |g| sounds(g, first_given).unwrap_or(0.0));
        } else if transposed {
            score -= 0.15;
        } else {
            return None;
        }
        if let Some(postcode) = &self.postcode
            && compact(postcode) != compact(person.postcode.as_deref().unwrap_or(""))
        {
            return None;
        }
        if self
            .gp
            .as_ref()
            .is_some_and(|gp| person.gp.as_deref() != Some(gp.as_str()))
        {
            score -= 0.1;
        }
        if !self.death.is_empty()
            && !person
                .death_date
                .is_some_and(|d| self.death.iter().all(|t| t.holds(d)))
        {
            score -= 0.1;
        }
        Some(score)
    }
}

/// Upper case without spaces.
fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A non-fuzzy match of `wanted` (maybe ending in `*`) against `held`, ignoring case: the
/// score lost (0 for exact, 0.05 for a wildcard), or `None`.
fn plain(wanted: &str, held: &str) -> Option<f64> {
    let (wanted, held) = (wanted.to_uppercase(), held.to_uppercase());
    match wanted.strip_suffix('*') {
        Some(prefix) if held.starts_with(prefix) => Some(0.05),
        Some(_) => None,
        None if wanted == held => Some(0.0),
        None => None,
    }
}

/// A fuzzy match: exact (0 lost) or the same Soundex code (0.1 lost).
fn sounds(wanted: &str, held: &str) -> Option<f64> {
    if wanted.eq_ignore_ascii_case(held) {
        Some(0.0)
    } else if !held.is_empty() && soundex(wanted) == soundex(held) {
        Some(0.1)
    } else {
        None
    }
}

/// American Soundex (the letter, then three digits), the homophone matching PDS names.
fn soundex(word: &str) -> String {
    let code = |c: char| match c {
        'B' | 'F' | 'P' | 'V' => Some('1'),
        'C' | 'G' | 'J' | 'K' | 'Q' | 'S' | 'X' | 'Z' => Some('2'),
        'D' | 'T' => Some('3'),
        'L' => Some('4'),
        'M' | 'N' => Some('5'),
        'R' => Some('6'),
        _ => None,
    };
    let letters: Vec<char> = word
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let Some(&first) = letters.first() else {
        return String::new();
    };
    let mut out = String::from(first);
    let mut last = code(first);
    for &c in &letters[1..] {
        let digit = code(c);
        if digit.is_some() && digit != last {
            out.extend(digit);
        }
        // H and W do not separate letters of the same code; vowels do.
        if !matches!(c, 'H' | 'W') {
            last = digit;
        }
        if out.len() == 4 {
            break;
        }
    }
    format!("{out:0<4}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn soundex_matches_homophones() {
        assert_eq!(soundex("Smith"), soundex("Smythe"));
        assert_eq!(soundex("Robert"), "R163");
        assert_eq!(soundex("Ashcraft"), "A261");
        assert_eq!(soundex("Tymczak"), "T522");
        assert_ne!(soundex("Dawes"), soundex("Banton"));
    }

    #[test]
    fn the_rules_of_a_search() {
        let code = |query: &[(&str, &str)]| Search::parse(&pairs(query)).err().map(|e| e.code);
        assert_eq!(code(&[]), Some("UNSUPPORTED_SERVICE"));
        assert_eq!(code(&[("surname", "X")]), Some("ADDITIONAL_PROPERTIES"));
        assert_eq!(code(&[("family", "Dawes")]), Some("INVALID_SEARCH_DATA"));
        assert_eq!(
            code(&[("family", "D*"), ("birthdate", "eq1952-05-31")]),
            Some("INVALID_SEARCH_DATA")
        );
        assert_eq!(
            code(&[("family", "Dawes"), ("birthdate", "31/05/1952")]),
            Some("INVALID_VALUE")
        );
        assert_eq!(
            code(&[
                ("family", "Dawes"),
                ("birthdate", "eq1952-05-31"),
                ("_max-results", "51")
            ]),
            Some("INVALID_VALUE")
        );
        assert_eq!(
            code(&[
                ("_fuzzy-match", "true"),
                ("family", "Dawes"),
                ("birthdate", "eq1952-05-31")
            ]),
            Some("INVALID_SEARCH_DATA")
        );
        assert_eq!(
            code(&[("family", "Da*"), ("birthdate", "ge1950-01-01")]),
            None
        );
    }
}
