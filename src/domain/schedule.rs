//! When to poll a source next. Pure: facts in, times out.
//!
//! After a success the next poll waits the user's interval, or longer when the server
//! (Cache-Control max-age, Expires) or the feed (`<ttl>`, `sy:updatePeriod`) asks for it;
//! hours and days the feed lists in `<skipHours>`/`<skipDays>` are skipped. After a failure
//! the wait doubles with each failure in a row, with jitter, from 5 minutes up to a day.
//! A 429 or 503 with Retry-After sets a back-off that even a manual refresh respects.

use crate::domain::{CacheHints, ScheduleHints};

/// The longest wait a server can ask for with Retry-After.
pub const MAX_RETRY_AFTER_SECS: u64 = 24 * 3600;
use chrono::{DateTime, Datelike, Duration, Timelike, Utc};

/// No hint can push the next poll further than this.
pub const MAX_WAIT_SECS: i64 = 24 * 3600;
const FIRST_BACKOFF_SECS: i64 = 300;

/// The next poll after a success (200 or 304).
pub fn after_success(
    now: DateTime<Utc>,
    interval_secs: i64,
    cache: &CacheHints,
    hints: &ScheduleHints,
) -> DateTime<Utc> {
    let mut wait = interval_secs.max(60);
    if let Some(max_age) = cache.max_age_secs {
        wait = wait.max(i64::try_from(max_age).unwrap_or(MAX_WAIT_SECS));
    }
    if let Some(expires) = cache.expires {
        wait = wait.max((expires - now).num_seconds());
    }
    if let Some(ttl) = hints.ttl_minutes {
        wait = wait.max(i64::try_from(ttl).unwrap_or(0).saturating_mul(60));
    }
    if let Some(every) = hints.update_every_secs {
        wait = wait.max(i64::try_from(every).unwrap_or(MAX_WAIT_SECS));
    }
    let mut next = now + Duration::seconds(wait.min(MAX_WAIT_SECS));
    // Skip listed hours and days, a week at the most.
    for _ in 0..(7 * 24) {
        let skip_hour = hints.skip_hours.contains(&next.hour());
        let skip_day = hints.skip_days.contains(&next.weekday().num_days_from_monday());
        if !skip_hour && !skip_day {
            break;
        }
        next = (next + Duration::hours(1)).with_minute(0).and_then(|t| t.with_second(0)).unwrap_or(next);
    }
    next
}

/// The next poll after the `failures`-th failure in a row, with `retry_after` seconds asked
/// by the server, if any. `seed` varies the jitter between sources.
pub fn after_failure(
    now: DateTime<Utc>,
    failures: u32,
    retry_after: Option<u64>,
    seed: u64,
) -> DateTime<Utc> {
    let doubling = FIRST_BACKOFF_SECS.saturating_mul(1i64 << failures.saturating_sub(1).min(20));
    let backoff = doubling.min(MAX_WAIT_SECS);
    // Jitter between 80 % and 120 %, so that failed sources do not retry in lockstep.
    let spread = (mix(seed ^ now.timestamp() as u64) % 41) as i64 + 80;
    let mut wait = backoff * spread / 100;
    if let Some(asked) = retry_after {
        wait = wait.max(i64::try_from(asked).unwrap_or(MAX_WAIT_SECS).min(MAX_WAIT_SECS));
    }
    now + Duration::seconds(wait)
}

fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).map(|d| d.to_utc()).expect("date")
    }

    #[test]
    fn hints_are_lower_bounds() {
        let now = at("2026-01-05T10:00:00Z");
        let none = (CacheHints::default(), ScheduleHints::default());
        assert_eq!(after_success(now, 1800, &none.0, &none.1), at("2026-01-05T10:30:00Z"));
        let cache = CacheHints { max_age_secs: Some(7200), expires: None };
        assert_eq!(after_success(now, 1800, &cache, &none.1), at("2026-01-05T12:00:00Z"));
        let short = CacheHints { max_age_secs: Some(10), expires: Some(at("2026-01-05T09:00:00Z")) };
        assert_eq!(after_success(now, 1800, &short, &none.1), at("2026-01-05T10:30:00Z"), "never earlier");
        let hints = ScheduleHints { ttl_minutes: Some(180), ..ScheduleHints::default() };
        assert_eq!(after_success(now, 1800, &none.0, &hints), at("2026-01-05T13:00:00Z"));
        let huge = CacheHints { max_age_secs: Some(u64::MAX), expires: None };
        assert_eq!(after_success(now, 1800, &huge, &none.1), at("2026-01-06T10:00:00Z"), "capped at a day");
    }

    #[test]
    fn skip_hours_and_days_are_skipped() {
        let now = at("2026-01-05T10:00:00Z"); // a Monday
        let hints = ScheduleHints { skip_hours: vec![10, 11], ..ScheduleHints::default() };
        assert_eq!(after_success(now, 1800, &CacheHints::default(), &hints), at("2026-01-05T12:00:00Z"));
        let days = ScheduleHints { skip_days: vec![0], ..ScheduleHints::default() };
        assert_eq!(after_success(now, 1800, &CacheHints::default(), &days), at("2026-01-06T00:00:00Z"));
    }

    #[test]
    fn failures_back_off_exponentially_with_jitter() {
        let now = at("2026-01-05T10:00:00Z");
        let waits: Vec<i64> =
            (1..=12).map(|n| (after_failure(now, n, None, 7) - now).num_seconds()).collect();
        for (n, wait) in waits.iter().enumerate() {
            let base = (300i64 << n.min(20)).min(MAX_WAIT_SECS);
            assert!(*wait >= base * 80 / 100 && *wait <= base * 120 / 100, "failure {}: {wait}", n + 1);
        }
        assert!((after_failure(now, 1, Some(3600), 7) - now).num_seconds() >= 3600, "Retry-After honoured");
        assert!((after_failure(now, 1, Some(u64::MAX), 7) - now).num_seconds() <= MAX_WAIT_SECS);
        let spread: std::collections::HashSet<i64> =
            (0..20u64).map(|seed| (after_failure(now, 3, None, seed) - now).num_seconds()).collect();
        assert!(spread.len() > 5, "jitter differs between sources");
    }
}
