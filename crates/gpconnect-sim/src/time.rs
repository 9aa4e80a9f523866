//! Time as the simulated providers keep it (§2.4): every date-time they write or accept is
//! Europe/London local time with an explicit offset (`+00:00` in GMT, `+01:00` in BST), never
//! `Z`; calendar days are UK days; "now" comes from an injected [`Clock`].
//!
//! Belongs here: the clock, formatting and strict parsing of GP Connect date-times and
//! dates, and the 14-day slot search limit (§3.2). Nothing here reads the machine's `TZ`.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The time zone of every provider date-time (§2.4).
pub const UK: Tz = chrono_tz::Europe::London;

/// The longest slot search period a provider accepts, in days of UK wall-clock time (§3.2:
/// 14 days is accepted, 15 is 422 INVALID_PARAMETER).
pub const MAX_SLOT_SEARCH_DAYS: i64 = 14;

/// Where "now" comes from: the seed's "today", the JWT expiry check, "future only" rules.
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

/// A clock pinned to an instant until moved; clones share the instant (for tests).
#[derive(Debug, Clone)]
pub struct FixedClock(Arc<Mutex<DateTime<Utc>>>);

impl FixedClock {
    /// A clock reading `instant`.
    pub fn new(instant: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(instant)))
    }

    /// Moves the clock to `instant`.
    pub fn set(&self, instant: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = instant;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The UK calendar date at `instant`.
pub fn uk_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&UK).date_naive()
}

/// UK local wall-clock time `hour:minute` on `date`, with that moment's offset. `None` when
/// the time does not exist (the spring-forward hour); the earlier of two in the autumn.
pub fn uk_local(date: NaiveDate, hour: u32, minute: u32) -> Option<DateTime<FixedOffset>> {
    let local = date.and_hms_opt(hour, minute, 0)?;
    UK.from_local_datetime(&local)
        .earliest()
        .map(|dt| dt.fixed_offset())
}

/// Midnight at the start of UK day `date`. UK clocks change at 01:00 UTC, so midnight always
/// exists; the fallback (midnight UTC) is never used for Europe/London.
pub fn uk_midnight(date: NaiveDate) -> DateTime<FixedOffset> {
    uk_local(date, 0, 0).unwrap_or_else(|| {
        Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
            .fixed_offset()
    })
}

/// `instant` as a provider writes it: `yyyy-mm-ddThh:mm:ss+hh:mm` in UK local time.
pub fn format_instant(instant: DateTime<Utc>) -> String {
    format_local(&instant.with_timezone(&UK).fixed_offset())
}

/// A date-time already in UK local time, written `yyyy-mm-ddThh:mm:ss+hh:mm` (never `Z`).
pub fn format_local(dt: &DateTime<FixedOffset>) -> String {
    dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// `yyyy-mm-dd`.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Parses `yyyy-mm-dd`, exactly 10 characters (no partial dates, §2.4).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    if text.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Parses `yyyy-mm-ddThh:mm:ss±hh:mm`: seconds required, an explicit numeric offset
/// required, `Z` refused (§2.4: "Never send `Z`").
pub fn parse_with_offset(text: &str) -> Option<DateTime<FixedOffset>> {
    if text.len() != 25 || text.ends_with(['Z', 'z']) {
        return None;
    }
    DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%:z").ok()
}

/// True when `dt` carries the offset UK local time has at that instant (`+00:00` in GMT,
/// `+01:00` in BST), i.e. it is written as UK local time (§2.4).
pub fn is_uk_local(dt: &DateTime<FixedOffset>) -> bool {
    dt.with_timezone(&UK).fixed_offset().offset() == dt.offset()
}

/// The length of `from..to` on UK wall clocks: a search from a Saturday in BST to the
/// Saturday two weeks later in GMT is 14 days, not 14 days and an hour (§3.2).
pub fn wall_clock_span(from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> chrono::Duration {
    let wall = |dt: DateTime<FixedOffset>| -> NaiveDateTime { dt.with_timezone(&UK).naive_local() };
    wall(to) - wall(from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn offsets_follow_the_uk_clock_changes() {
        assert_eq!(
            format_local(&uk_midnight(date(2026, 10, 25))),
            "2026-10-25T00:00:00+01:00"
        );
        assert_eq!(
            format_local(&uk_midnight(date(2026, 10, 26))),
            "2026-10-26T00:00:00+00:00"
        );
        assert!(
            uk_local(date(2026, 3, 29), 1, 30).is_none(),
            "spring-forward hour"
        );
        let summer = Utc.with_ymd_and_hms(2026, 6, 30, 23, 30, 0).unwrap();
        assert_eq!(uk_date(summer), date(2026, 7, 1));
        assert_eq!(format_instant(summer), "2026-07-01T00:30:00+01:00");
    }

    #[test]
    fn parsing_is_strict() {
        assert!(parse_with_offset("2026-11-23T09:00:00+00:00").is_some());
        assert!(parse_with_offset("2026-11-23T09:00:00Z").is_none());
        assert!(parse_with_offset("2026-11-23T09:00:00").is_none());
        assert!(parse_with_offset("2026-11-23T09:00+00:00").is_none());
        assert!(parse_date("2026-11").is_none());
        assert!(parse_date("2026-11-23").is_some());
        let winter = parse_with_offset("2026-11-23T09:00:00+00:00").unwrap();
        let wrong = parse_with_offset("2026-11-23T10:00:00+01:00").unwrap();
        assert!(is_uk_local(&winter) && !is_uk_local(&wrong));
    }

    #[test]
    fn fourteen_days_across_the_autumn_change_is_fourteen_days() {
        let span = wall_clock_span(
            uk_midnight(date(2026, 10, 20)),
            uk_midnight(date(2026, 11, 3)),
        );
        assert_eq!(span, chrono::Duration::days(14));
        let utc = uk_midnight(date(2026, 11, 3)) - uk_midnight(date(2026, 10, 20));
        assert_eq!(utc, chrono::Duration::days(14) + chrono::Duration::hours(1));
    }
}
