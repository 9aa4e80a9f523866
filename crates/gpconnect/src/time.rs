//! UK time for GP Connect (§2.4): every provider date-time is Europe/London local time with
//! an explicit offset (`+00:00` in GMT, `+01:00` in BST), never `Z`.
//!
//! Belongs here: the injectable [`Clock`], formatting and parsing of provider date-times,
//! UK calendar dates, and date ranges split into 14-day search windows (§3.2). Nothing here
//! reads the machine's time zone: results are the same whatever `TZ` is set to.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Days, FixedOffset, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

/// The time zone of every provider date-time (§2.4).
pub const UK: Tz = chrono_tz::Europe::London;

/// The longest slot search a provider accepts, in days (§3.2).
pub const MAX_SLOT_SEARCH_DAYS: u32 = 14;

/// Where "now" comes from. Injected so tests can pin it (JWT `iat`, `created`, "today").
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current instant (UTC).
    fn now(&self) -> DateTime<Utc>;
}

/// The machine clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that reads a set instant until moved; clones share the instant.
#[derive(Debug, Clone)]
pub struct FixedClock(Arc<Mutex<DateTime<Utc>>>);

impl FixedClock {
    /// A clock pinned at `instant`.
    pub fn new(instant: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(instant)))
    }

    /// A clock pinned at UK local `yyyy-mm-dd hh:mm:ss`; `None` if that local time does not
    /// exist or is ambiguous (the DST change hours).
    pub fn at_uk(date: NaiveDate, hour: u32, minute: u32, second: u32) -> Option<Self> {
        let local = date.and_hms_opt(hour, minute, second)?;
        UK.from_local_datetime(&local)
            .single()
            .map(|dt| Self::new(dt.with_timezone(&Utc)))
    }

    /// Moves the clock to `instant`.
    pub fn set(&self, instant: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = instant;
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: chrono::Duration) {
        let mut guard = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        *guard += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A date or date-time that is not in the GP Connect form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimeError {
    /// Not `yyyy-mm-ddThh:mm:ss±hh:mm`.
    #[error("{0:?} is not a date-time with an offset (yyyy-mm-ddThh:mm:ss+hh:mm)")]
    DateTime(String),
    /// Not `yyyy-mm-dd`.
    #[error("{0:?} is not a date (yyyy-mm-dd)")]
    Date(String),
    /// The range ends before it starts.
    #[error("the range ends ({end}) before it starts ({start})")]
    EndBeforeStart {
        /// First day.
        start: NaiveDate,
        /// Last day.
        end: NaiveDate,
    },
}

/// `instant` as UK local time with its offset.
pub fn uk_local(instant: DateTime<Utc>) -> DateTime<FixedOffset> {
    instant.with_timezone(&UK).fixed_offset()
}

/// Formats an instant as GP Connect sends it: UK local time with an explicit offset,
/// `yyyy-mm-ddThh:mm:ss+hh:mm`, never `Z` (§2.4).
pub fn format_datetime(instant: DateTime<Utc>) -> String {
    uk_local(instant).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// Formats a date as `yyyy-mm-dd`.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Parses a provider date-time (RFC 3339). A `Z` suffix is tolerated on input; an offset is
/// required. Error: [`TimeError::DateTime`].
pub fn parse_datetime(text: &str) -> Result<DateTime<FixedOffset>, TimeError> {
    DateTime::parse_from_rfc3339(text.trim()).map_err(|_| TimeError::DateTime(text.to_owned()))
}

/// Parses `yyyy-mm-dd`. Error: [`TimeError::Date`].
pub fn parse_date(text: &str) -> Result<NaiveDate, TimeError> {
    let text = text.trim();
    if text.len() != 10 {
        return Err(TimeError::Date(text.to_owned()));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| TimeError::Date(text.to_owned()))
}

/// The UK calendar date at `instant`.
pub fn uk_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&UK).date_naive()
}

/// The instant UK calendar day `date` starts (midnight in London; the first instant of the
/// day in the rare case midnight does not exist).
pub fn uk_start_of(date: NaiveDate) -> DateTime<Utc> {
    use chrono::TimeZone;
    let midnight = date.and_time(chrono::NaiveTime::MIN);
    UK.from_local_datetime(&midnight).earliest().map_or_else(
        || Utc.from_utc_datetime(&midnight),
        |t| t.with_timezone(&Utc),
    )
}

/// An inclusive range of UK calendar days, e.g. a slot search period or the
/// retrieve-appointments period (§3.2, §3.6).
///
/// Serialised as `{"start": "yyyy-mm-dd", "end": "yyyy-mm-dd"}`; deserialising refuses an
/// end before the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "DateRangeFields")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DateRange {
    start: NaiveDate,
    end: NaiveDate,
}

#[derive(serde::Deserialize)]
struct DateRangeFields {
    start: NaiveDate,
    end: NaiveDate,
}

impl TryFrom<DateRangeFields> for DateRange {
    type Error = TimeError;
    fn try_from(fields: DateRangeFields) -> Result<Self, TimeError> {
        Self::new(fields.start, fields.end)
    }
}

impl DateRange {
    /// `start..=end`. Error: [`TimeError::EndBeforeStart`].
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Self, TimeError> {
        if end < start {
            return Err(TimeError::EndBeforeStart { start, end });
        }
        Ok(Self { start, end })
    }

    /// A range of `days` days starting on `start` (`days` of 0 counts as 1).
    pub fn starting(start: NaiveDate, days: u32) -> Self {
        let end = start
            .checked_add_days(Days::new(u64::from(days.max(1) - 1)))
            .unwrap_or(NaiveDate::MAX);
        Self { start, end }
    }

    /// First day.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// Last day (inclusive).
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// Number of calendar days covered (1 for a single day).
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// True when `date` lies within the range.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// Splits into consecutive windows of at most `max_days` days each, in order, covering
    /// the range exactly once. Slot searches use 14 (§3.2): `start=geD&end=le(D+13)`.
    pub fn windows(&self, max_days: u32) -> Vec<DateRange> {
        let step = u64::from(max_days.max(1));
        let mut windows = Vec::new();
        let mut start = self.start;
        loop {
            let end = start
                .checked_add_days(Days::new(step - 1))
                .map_or(self.end, |e| e.min(self.end));
            windows.push(Self { start, end });
            match end.checked_add_days(Days::new(1)) {
                Some(next) if end < self.end => start = next,
                _ => break,
            }
        }
        windows
    }
}

/// Serde for a UK local date-time as GP Connect writes it: `yyyy-mm-ddThh:mm:ss+hh:mm`, with
/// `+00:00` rather than `Z` in winter (chrono's own serde writes `Z` for a zero offset).
pub mod local_datetime {
    use chrono::{DateTime, FixedOffset};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `yyyy-mm-ddThh:mm:ss±hh:mm`.
    pub fn serialize<S: Serializer>(
        value: &DateTime<FixedOffset>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_str(&value.format("%Y-%m-%dT%H:%M:%S%:z").to_string())
    }

    /// Reads any RFC 3339 date-time.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        let text = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text).map_err(serde::de::Error::custom)
    }

    /// The same for `Option<DateTime<FixedOffset>>`.
    pub mod option {
        use chrono::{DateTime, FixedOffset};
        use serde::{Deserialize, Deserializer, Serializer};

        /// Writes `yyyy-mm-ddThh:mm:ss±hh:mm`, or `null`.
        pub fn serialize<S: Serializer>(
            value: &Option<DateTime<FixedOffset>>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match value {
                Some(v) => super::serialize(v, s),
                None => s.serialize_none(),
            }
        }

        /// Reads an RFC 3339 date-time or `null`.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
            Option::<String>::deserialize(d)?
                .map(|text| DateTime::parse_from_rfc3339(&text).map_err(serde::de::Error::custom))
                .transpose()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn gmt_day_formats_with_plus_zero() {
        let clock = FixedClock::at_uk(date(2026, 1, 14), 9, 30, 0).unwrap();
        assert_eq!(format_datetime(clock.now()), "2026-01-14T09:30:00+00:00");
    }

    #[test]
    fn bst_day_formats_with_plus_one() {
        let clock = FixedClock::at_uk(date(2026, 7, 14), 9, 30, 0).unwrap();
        assert_eq!(clock.now().to_rfc3339(), "2026-07-14T08:30:00+00:00");
        assert_eq!(format_datetime(clock.now()), "2026-07-14T09:30:00+01:00");
        assert!(!format_datetime(clock.now()).ends_with('Z'));
    }

    #[test]
    fn dst_change_days() {
        // Last Sunday of March 2026 (29th): 00:30 GMT, then 02:30 BST an hour later.
        let before = FixedClock::at_uk(date(2026, 3, 29), 0, 30, 0).unwrap();
        assert_eq!(format_datetime(before.now()), "2026-03-29T00:30:00+00:00");
        before.advance(chrono::Duration::hours(1));
        assert_eq!(format_datetime(before.now()), "2026-03-29T02:30:00+01:00");
        // 01:30 does not exist that day.
        assert!(FixedClock::at_uk(date(2026, 3, 29), 1, 30, 0).is_none());
        // Last Sunday of October 2026 (25th): 01:30 happens twice.
        assert!(FixedClock::at_uk(date(2026, 10, 25), 1, 30, 0).is_none());
        let after = FixedClock::at_uk(date(2026, 10, 25), 3, 0, 0).unwrap();
        assert_eq!(format_datetime(after.now()), "2026-10-25T03:00:00+00:00");
    }

    #[test]
    fn uk_date_differs_from_utc_date_near_midnight_in_bst() {
        let instant = Utc.with_ymd_and_hms(2026, 6, 30, 23, 30, 0).unwrap();
        assert_eq!(uk_date(instant), date(2026, 7, 1));
    }

    #[test]
    fn parse_datetime_requires_offset() {
        assert!(parse_datetime("2016-08-15T11:30:00+01:00").is_ok());
        assert!(parse_datetime("2016-08-15T11:30:00Z").is_ok());
        assert!(parse_datetime("2016-08-15T11:30:00").is_err());
        assert!(parse_datetime("2016-08-15").is_err());
        assert!(parse_date("2016-8-15").is_err());
        assert_eq!(parse_date("2016-08-15").unwrap(), date(2016, 8, 15));
    }

    #[test]
    fn windows_of_fourteen_days() {
        let range = DateRange::new(date(2026, 3, 20), date(2026, 4, 30)).unwrap();
        let windows = range.windows(MAX_SLOT_SEARCH_DAYS);
        assert_eq!(windows.len(), 3);
        assert_eq!(
            windows[0],
            DateRange::new(date(2026, 3, 20), date(2026, 4, 2)).unwrap()
        );
        assert_eq!(
            windows[1],
            DateRange::new(date(2026, 4, 3), date(2026, 4, 16)).unwrap()
        );
        assert_eq!(
            windows[2],
            DateRange::new(date(2026, 4, 17), date(2026, 4, 30)).unwrap()
        );
        assert!(windows.iter().all(|w| w.days() <= 14));
        let total: i64 = windows.iter().map(DateRange::days).sum();
        assert_eq!(total, range.days());
    }

    #[test]
    fn windows_across_the_october_change_are_whole_days() {
        // 2026-10-25 is the last Sunday of October: a 25-hour day. Windows count calendar
        // days, not 24-hour periods, so the day is neither lost nor split.
        let range = DateRange::new(date(2026, 10, 18), date(2026, 11, 5)).unwrap();
        let windows = range.windows(MAX_SLOT_SEARCH_DAYS);
        assert_eq!(windows[0].end(), date(2026, 10, 31));
        assert!(windows[0].contains(date(2026, 10, 25)));
        assert_eq!(windows[1].start(), date(2026, 11, 1));
    }

    #[test]
    fn local_datetime_serde_never_writes_z() {
        #[derive(serde::Serialize, serde::Deserialize)]
        struct Holder {
            #[serde(with = "super::local_datetime")]
            at: DateTime<FixedOffset>,
        }
        let winter = Holder {
            at: parse_datetime("2026-01-14T09:30:00+00:00").unwrap(),
        };
        let text = serde_json::to_string(&winter).unwrap();
        assert_eq!(text, r#"{"at":"2026-01-14T09:30:00+00:00"}"#);
        let back: Holder = serde_json::from_str(&text).unwrap();
        assert_eq!(back.at, winter.at);
    }

    #[test]
    fn short_range_is_one_window() {
        let range = DateRange::starting(date(2026, 10, 20), 7);
        assert_eq!(range.windows(14), vec![range]);
        assert_eq!(range.end(), date(2026, 10, 26));
        assert!(DateRange::new(date(2026, 1, 2), date(2026, 1, 1)).is_err());
    }
}
