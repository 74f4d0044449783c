//! Durations and times as users type them (contract §4), and as we print
//! and store them.
//!
//! Durations are humantime style (`90d`, `24h`, `30m`, `1w`). A time is an
//! RFC 3339 timestamp, a date (`2026-11-26`, midnight UTC), or a duration
//! meaning "that long ago". Everything is UTC with microsecond precision,
//! the precision both stores keep, so a time read back equals the one
//! written (the audit hash depends on it).

use chrono::{DateTime, Months, NaiveDate, SubsecRound, TimeDelta, Utc};

use crate::error::{Error, Result};

/// Now, truncated to the microseconds both stores keep.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// The longest duration any flag takes. Every time a duration is added to
/// or taken from (an expiry, a grace period, a look-back) then stays far
/// inside the calendar, so no arithmetic on one can overflow.
pub const MAX_DURATION_DAYS: i64 = 36_525;

/// The examples every duration error gives, whichever flag it came from.
pub const DURATION_EXAMPLES: &str =
    "use a number and a unit, e.g. `90d`, `24h`, `30m`, `1w`, or calendar `3mo`, `1y`";

/// A duration as users type it (humantime: `90d`, `24h`, `30m`, `1w`),
/// at most [`MAX_DURATION_DAYS`] (100 years).
pub fn parse_duration(s: &str) -> Result<TimeDelta> {
    duration(s).map_err(|e| duration_error(s, e))
}

/// A relative expiry: whole calendar months (`3mo`, `1y` = 12 months)
/// plus a fixed length. A key made at 09:18 with `1y` expires at 09:18 on
/// the same day next year, leap years or not; rotation applies the same
/// span again, so a successor gets "1y" too, not 365 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub months: u32,
    pub fixed: TimeDelta,
}

impl From<TimeDelta> for Span {
    fn from(fixed: TimeDelta) -> Span {
        Span { months: 0, fixed }
    }
}

impl Span {
    /// `t` plus this span: months on the calendar (the 31st of a shorter
    /// month becomes its last day), then the fixed part.
    pub fn after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        t.checked_add_months(Months::new(self.months))?
            .checked_add_signed(self.fixed)
    }
}

/// Calendar units: months and years are counted on the calendar, not as
/// a number of seconds (humantime's `1y` is 365.25 days).
fn calendar_months(s: &str) -> Option<std::result::Result<u32, DurationError>> {
    let s = s.trim();
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let per = match s[digits..].trim() {
        "mo" | "mon" | "month" | "months" => 1,
        "y" | "yr" | "year" | "years" => 12,
        _ => return None,
    };
    let n: u64 = match s[..digits].parse() {
        Ok(n) => n,
        Err(_) => return Some(Err(DurationError::TooLong)),
    };
    match n.checked_mul(per) {
        Some(m) if m <= 1200 => Some(Ok(m as u32)),
        _ => Some(Err(DurationError::TooLong)),
    }
}

/// An expiry span as users type it: [`parse_duration`]'s forms, or whole
/// calendar months and years (`3mo`, `1y`), at most 100 years.
pub fn parse_span(s: &str) -> Result<Span> {
    match calendar_months(s) {
        Some(Ok(months)) => Ok(Span {
            months,
            fixed: TimeDelta::zero(),
        }),
        Some(Err(e)) => Err(duration_error(s, e)),
        None => parse_duration(s).map(Span::from),
    }
}

fn duration_error(s: &str, e: DurationError) -> Error {
    match e {
        DurationError::TooLong => Error::invalid(format!(
            "duration {s:?} is longer than 100 years; {DURATION_EXAMPLES}"
        )),
        DurationError::Invalid(why) => Error::invalid(format!(
            "invalid duration {s:?} ({why}): {DURATION_EXAMPLES}"
        )),
    }
}

enum DurationError {
    TooLong,
    Invalid(humantime::DurationError),
}

fn duration(s: &str) -> std::result::Result<TimeDelta, DurationError> {
    // Where a fixed length is needed (look-backs, grace periods), `3mo`
    // means what humantime's `3months` does (30.44 days each), as `1y`
    // does its 365.25 days; an expiry takes a calendar [`Span`] instead.
    let t = s.trim();
    if let Some(n) = t.strip_suffix("mon").or_else(|| t.strip_suffix("mo"))
        && !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
    {
        return duration(&format!("{n}months"));
    }
    let d = humantime::parse_duration(s.trim()).map_err(|e| match e {
        humantime::DurationError::NumberOverflow => DurationError::TooLong,
        e => DurationError::Invalid(e),
    })?;
    let d = TimeDelta::from_std(d).map_err(|_| DurationError::TooLong)?;
    if d > TimeDelta::days(MAX_DURATION_DAYS) {
        return Err(DurationError::TooLong);
    }
    // The precision both stores keep: `1ns` ago must be a time that reads
    // back as written.
    Ok(TimeDelta::microseconds(
        d.num_microseconds().ok_or(DurationError::TooLong)?,
    ))
}

/// `now - d`, or an error when that is before the calendar's start.
pub fn earlier(now: DateTime<Utc>, d: TimeDelta) -> Result<DateTime<Utc>> {
    now.checked_sub_signed(d)
        .ok_or_else(|| Error::invalid("that is too far back"))
}

fn parse_absolute(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        // A leap second (`23:59:60`) has no microsecond count of its own in
        // either store: it would read back as the next second.
        if t.timestamp_subsec_nanos() >= 1_000_000_000 {
            return None;
        }
        return Some(t.with_timezone(&Utc).trunc_subsecs(6));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|dt| dt.and_utc())
}

/// A point in time for filters (`--since`, `--until`): RFC 3339, a date, or
/// a duration meaning that long before `now`.
pub fn parse_time(s: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let s = s.trim();
    if let Some(t) = parse_absolute(s) {
        return Ok(t);
    }
    match duration(s) {
        Ok(d) => now
            .checked_sub_signed(d)
            .ok_or_else(|| Error::invalid(format!("time {s:?} is too far back"))),
        Err(DurationError::TooLong) => parse_duration(s).map(|_| now),
        Err(DurationError::Invalid(_)) => Err(Error::invalid(format!(
            "invalid time {s:?}: use RFC 3339 (`2026-11-26T09:30:00Z`), a date (`2026-11-26`) \
             or a duration meaning that long ago ({DURATION_EXAMPLES})"
        ))),
    }
}

/// A point in the future (`--expires-at`): RFC 3339 or a date, after `now`.
pub fn parse_future_time(s: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let t = parse_absolute(s.trim()).ok_or_else(|| {
        Error::invalid(format!(
            "invalid time {s:?}: use RFC 3339 (`2027-01-31T00:00:00Z`) or a date (`2027-01-31`)"
        ))
    })?;
    if t <= now {
        return Err(Error::invalid(format!(
            "{s:?} is in the past; an expiry must be in the future"
        )));
    }
    Ok(t)
}

/// serde's `serialize_with` for a time as [`rfc3339`].
pub fn ser_rfc3339<S: serde::Serializer>(
    t: &DateTime<Utc>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(t))
}

/// RFC 3339 UTC with whole seconds, for people and JSON.
pub fn rfc3339(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// RFC 3339 UTC with exactly six fractional digits: the audit hash's form.
pub fn rfc3339_micros(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

pub fn from_micros(us: i64) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp_micros(us)
        .ok_or_else(|| Error::integrity(format!("timestamp {us} out of range in the store")))
}

/// A short human form of a duration: `3d 4h`, `15m`, `42s`.
pub fn human_duration(d: TimeDelta) -> String {
    let secs = d.num_seconds().max(0) as u64;
    let (days, hours, mins) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60);
    match (days, hours, mins) {
        (0, 0, 0) => format!("{secs}s"),
        (0, 0, m) => format!("{m}m"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90d").unwrap(), TimeDelta::days(90));
        assert_eq!(parse_duration("1w").unwrap(), TimeDelta::days(7));
        assert_eq!(parse_duration("30m").unwrap(), TimeDelta::minutes(30));
        for bad in ["", "90", "ninety days", "-1d", "1x"] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
        for huge in [
            "1000000y",
            "101y",
            "99999999999999999999d",
            "18446744073709551615s",
        ] {
            let e = parse_duration(huge).unwrap_err().to_string();
            assert!(e.contains("100 years"), "{huge}: {e}");
        }
        assert_eq!(
            parse_duration("100y").unwrap(),
            TimeDelta::days(MAX_DURATION_DAYS)
        );
    }

    #[test]
    fn calendar_spans() {
        let t = parse_time("2026-03-05T09:18:00Z", Utc::now()).unwrap();
        let y = parse_span("1y").unwrap();
        assert_eq!(y.after(t).unwrap().to_string(), "2027-03-05 09:18:00 UTC");
        let leap = parse_time("2027-03-05T09:18:00Z", Utc::now()).unwrap();
        assert_eq!(
            y.after(leap).unwrap().to_string(),
            "2028-03-05 09:18:00 UTC"
        );
        assert_eq!(parse_span("3mo").unwrap().months, 3);
        assert_eq!(parse_span("100y").unwrap().months, 1200);
        assert_eq!(parse_span("90d").unwrap(), Span::from(TimeDelta::days(90)));
        for bad in ["101y", "1201mo", "99999999999999999999y"] {
            assert!(
                parse_span(bad)
                    .unwrap_err()
                    .to_string()
                    .contains("100 years"),
                "{bad}"
            );
        }
        // Every duration error gives the same examples.
        for e in [
            parse_span("soon").unwrap_err(),
            parse_duration("1x").unwrap_err(),
            parse_duration("101y").unwrap_err(),
            parse_time("yesterday", Utc::now()).unwrap_err(),
        ] {
            assert!(e.to_string().contains(DURATION_EXAMPLES), "{e}");
        }
    }

    #[test]
    fn times() {
        let now = parse_time("2026-11-26T12:00:00Z", Utc::now()).unwrap();
        assert_eq!(
            parse_time("2026-11-26", now).unwrap().to_string(),
            "2026-11-26 00:00:00 UTC"
        );
        assert_eq!(parse_time("24h", now).unwrap(), now - TimeDelta::hours(24));
        assert_eq!(parse_time("2026-11-26T13:00:00+01:00", now).unwrap(), now);
        assert!(parse_time("yesterday", now).is_err());
        assert!(parse_future_time("2026-11-25", now).is_err());
        assert!(parse_future_time("2027-01-01", now).is_ok());
        assert_eq!(rfc3339_micros(&now), "2026-11-26T12:00:00.000000Z");
    }
}
