//! Throttling by the Spine Secure Proxy (§5, CORE): a 429 (per-consumer limit) or 503
//! (global limit) may say how long to wait in `Retry-After` (RFC 9110 §10.2.3: seconds, or
//! an HTTP date). Reads honour it before their next automatic attempt; writes are never
//! retried. A wait longer than [`MAX_HONOURED_WAIT`] is not waited for: the error goes back
//! to the caller, who says when to try again.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::error::{Error, ProxyErrorKind};

/// The longest `Retry-After` a read waits for before its next attempt; longer, and the
/// throttling error is returned at once (a patient is waiting on the phone).
pub const MAX_HONOURED_WAIT: Duration = Duration::from_secs(10);

/// Parses a `Retry-After` value at `now`: delta-seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`, a date in the past meaning 0). `None` when unreadable.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

/// `error` with the wait the proxy asked for, when it is a throttling error.
pub(crate) fn with_retry_after(mut error: Error, retry_after: Option<Duration>) -> Error {
    if let Error::Proxy(proxy) = &mut error
        && proxy.kind == ProxyErrorKind::Throttled
    {
        proxy.retry_after = retry_after;
    }
    error
}

/// How long to wait before the next attempt of a read that failed with `error`, given the
/// back-off due: the proxy's `Retry-After` when longer. `None` when the proxy asked for more
/// than [`MAX_HONOURED_WAIT`]: do not retry.
pub(crate) fn wait_before_retry(error: &Error, backoff: Duration) -> Option<Duration> {
    match error.retry_after() {
        Some(asked) if asked > MAX_HONOURED_WAIT => None,
        Some(asked) => Some(asked.max(backoff)),
        None => Some(backoff),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ProxyError;
    use chrono::TimeZone;

    #[test]
    fn seconds_and_http_dates() {
        let now = Utc.with_ymd_and_hms(2015, 10, 21, 7, 27, 0).unwrap();
        assert_eq!(parse_retry_after("2", now), Some(Duration::from_secs(2)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    fn throttled(retry_after: Option<Duration>) -> Error {
        Error::Proxy(ProxyError {
            status: 429,
            kind: ProxyErrorKind::Throttled,
            token: None,
            diagnostics: None,
            retry_after,
        })
    }

    #[test]
    fn the_longer_of_back_off_and_retry_after_up_to_the_limit() {
        let backoff = Duration::from_millis(250);
        assert_eq!(wait_before_retry(&throttled(None), backoff), Some(backoff));
        assert_eq!(
            wait_before_retry(&throttled(Some(Duration::from_secs(2))), backoff),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            wait_before_retry(&throttled(Some(Duration::ZERO)), backoff),
            Some(backoff)
        );
        assert_eq!(
            wait_before_retry(&throttled(Some(Duration::from_secs(60))), backoff),
            None
        );
        let with = with_retry_after(throttled(None), Some(Duration::from_secs(3)));
        assert_eq!(with.retry_after(), Some(Duration::from_secs(3)));
        let other = with_retry_after(
            Error::Connect {
                message: "refused".into(),
            },
            Some(Duration::from_secs(3)),
        );
        assert_eq!(other.retry_after(), None);
    }
}
