//! Dates as publishers write them, for the items whose date feed-rs could not read: RFC 822
//! with its variants (named and military zones, two-digit years, no seconds, long month
//! names, no weekday, missing spaces) and W3C-DTF/ISO 8601 with its (fractions, offsets with
//! or without a colon, no zone, date only, year and month).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};

/// The date in `raw`, or `None` when it is not one of the forms above.
pub fn parse_date(raw: &str) -> Option<DateTime<Utc>> {
    let text = raw.trim();
    if text.is_empty() || text.len() > 80 {
        return None;
    }
    if text.as_bytes()[0].is_ascii_digit() && text.as_bytes().get(4).is_some_and(|b| matches!(b, b'-' | b'/'))
    {
        return iso_date(text);
    }
    rfc822_date(text)
}

/// `2006-01-11T16:42:47.5-08:00`, `2006-01-11 16:42:47 -0800`, `2001-01-01T00:00Z`,
/// `2007-03-21T10:41:52` (no zone: UTC), `2004-05`, `2020/1/10 14:03:00`.
fn iso_date(text: &str) -> Option<DateTime<Utc>> {
    let (date_part, rest) = match text.find(['T', 't', ' ']) {
        Some(at) => (&text[..at], text[at + 1..].trim()),
        None => (text, ""),
    };
    let mut fields = date_part.split(['-', '/']).map(|f| f.parse::<u32>().ok());
    let year = fields.next()?? as i32;
    let month = fields.next().unwrap_or(Some(1))?;
    let day = fields.next().unwrap_or(Some(1))?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let (clock, zone) = split_zone(rest);
    let time = if clock.is_empty() { NaiveTime::MIN } else { clock_time(clock)? };
    let offset = if zone.is_empty() { Some(0) } else { zone_offset(zone) }?;
    local_to_utc(date.and_time(time), offset)
}

/// A time and its zone: `16:42:47.5-08:00` as `16:42:47.5` and `-08:00`.
fn split_zone(rest: &str) -> (&str, &str) {
    let at = rest
        .char_indices()
        .skip(1)
        .find(|&(_, c)| matches!(c, '+' | '-' | 'Z' | 'z') || c.is_ascii_alphabetic() || c == ' ')
        .map_or(rest.len(), |(at, _)| at);
    (rest[..at].trim(), rest[at..].trim())
}

/// `16:42`, `16:42:47`, `12:35:1`, `16:42:47.123`.
fn clock_time(clock: &str) -> Option<NaiveTime> {
    let mut parts = clock.split(':');
    let hour: u32 = parts.next()?.parse().ok()?;
    let minute: u32 = parts.next().unwrap_or("0").parse().ok()?;
    let seconds = parts.next().unwrap_or("0");
    let (whole, fraction) = seconds.split_once(['.', ',']).unwrap_or((seconds, ""));
    let second: u32 = whole.parse().ok()?;
    let nanos = if fraction.is_empty() {
        0
    } else {
        let digits: String = fraction.chars().take(9).collect();
        digits.parse::<u32>().ok()? * 10u32.pow(9 - digits.len() as u32)
    };
    NaiveTime::from_hms_nano_opt(hour, minute, second.min(59), nanos)
}

/// `Sat, 07 Sep 2002 00:00:01 GMT`, `7 September 2002 0:00 EST`, `Sep 7 2002`, `07 Sep 02 00:00 +0200`.
fn rfc822_date(text: &str) -> Option<DateTime<Utc>> {
    let spaced: String = text.replace(',', " ").chars().fold(String::new(), |mut out, c| {
        // "07Sep2002": a space wherever letters and digits meet.
        if out.chars().last().is_some_and(|p| {
            p.is_ascii_digit() != c.is_ascii_digit() && p.is_ascii_alphanumeric() && c.is_ascii_alphanumeric()
        }) {
            out.push(' ');
        }
        out.push(c);
        out
    });
    let mut words: Vec<&str> = spaced.split_whitespace().collect();
    if words.first().is_some_and(|w| weekday(w)) {
        words.remove(0);
    }
    let (day, month, year, rest) = match words.as_slice() {
        [d, m, y, rest @ ..] if month_number(m).is_some() => (d.parse().ok()?, month_number(m)?, *y, rest),
        [m, d, y, rest @ ..] if month_number(m).is_some() => (d.parse().ok()?, month_number(m)?, *y, rest),
        _ => return None,
    };
    let year = match year.parse::<i32>().ok()? {
        y @ 0..=49 => 2000 + y,
        y @ 50..=99 => 1900 + y,
        y => y,
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let (time, zone) = match rest {
        [] => (NaiveTime::MIN, ""),
        [clock, half, zone @ ..] if clock.contains(':') && half_of_day(half).is_some() => {
            let time = clock_time(clock)?;
            let hour = time.hour() % 12 + half_of_day(half)?;
            (time.with_hour(hour)?, zone.first().copied().unwrap_or(""))
        }
        [clock, zone @ ..] if clock.contains(':') => {
            (clock_time(clock)?, zone.first().copied().unwrap_or(""))
        }
        [zone, ..] => (NaiveTime::MIN, *zone),
    };
    let offset = if zone.is_empty() { Some(0) } else { zone_offset(zone) }?;
    local_to_utc(date.and_time(time), offset)
}

/// The hours `am` and `pm` add to a twelve-hour clock.
fn half_of_day(word: &str) -> Option<u32> {
    match word.to_ascii_lowercase().as_str() {
        "am" | "a.m." => Some(0),
        "pm" | "p.m." => Some(12),
        _ => None,
    }
}

fn local_to_utc(local: NaiveDateTime, offset_seconds: i32) -> Option<DateTime<Utc>> {
    let zone = FixedOffset::east_opt(offset_seconds)?;
    zone.from_local_datetime(&local).single().map(|d| d.with_timezone(&Utc))
}

fn weekday(word: &str) -> bool {
    let lower = word.trim_end_matches('.').to_ascii_lowercase();
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].iter().any(|d| lower.starts_with(d))
        && lower.chars().all(|c| c.is_ascii_alphabetic())
}

fn month_number(word: &str) -> Option<u32> {
    let lower = word.trim_end_matches('.').to_ascii_lowercase();
    const MONTHS: [&str; 12] =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let at = MONTHS.iter().position(|m| lower.starts_with(m))?;
    // "Sept", "September", "Mar": a month's name or the start of it, no other word.
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (full[at].starts_with(lower.as_str()) || lower == "sept").then_some(at as u32 + 1)
}

/// Seconds east of UTC for `+0200`, `-08:00`, `+02`, `Z`, `GMT`, `EST`, `MEST`, or a military letter.
fn zone_offset(zone: &str) -> Option<i32> {
    let zone = zone.trim();
    if let Some(sign) = zone.chars().next().filter(|c| matches!(c, '+' | '-')) {
        let digits: String = zone[1..].chars().filter(|c| c.is_ascii_digit()).collect();
        let (hours, minutes) = match digits.len() {
            1 | 2 => (digits.parse::<i32>().ok()?, 0),
            3 | 4 => (
                digits[..digits.len() - 2].parse::<i32>().ok()?,
                digits[digits.len() - 2..].parse::<i32>().ok()?,
            ),
            _ => return None,
        };
        let seconds = hours * 3600 + minutes * 60;
        return Some(if sign == '-' { -seconds } else { seconds });
    }
    let hours = match zone.to_ascii_uppercase().as_str() {
        "Z" | "UT" | "UTC" | "GMT" | "WET" => 0,
        "EST" => -5,
        "EDT" => -4,
        "CST" => -6,
        "CDT" => -5,
        "MST" => -7,
        "MDT" => -6,
        "PST" => -8,
        "PDT" => -7,
        "AKST" => -9,
        "AKDT" => -8,
        "HST" => -10,
        "BST" | "CET" | "MET" | "WEST" => 1,
        "CEST" | "MEST" | "EET" | "MESZ" => 2,
        "EEST" | "MSK" => 3,
        "IST" => return Some(5 * 3600 + 1800),
        "JST" | "KST" => 9,
        "AEST" => 10,
        "AEDT" => 11,
        "NZST" => 12,
        "NZDT" => 13,
        // Military zones: A to M (not J) east, N to Y west.
        letter if letter.len() == 1 => {
            let c = letter.as_bytes()[0];
            match c {
                b'A'..=b'I' => i32::from(c - b'A' + 1),
                b'K'..=b'M' => i32::from(c - b'K' + 10),
                b'N'..=b'Y' => -i32::from(c - b'N' + 1),
                _ => return None,
            }
        }
        _ => return None,
    };
    Some(hours * 3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_publishers_write_read_as_the_same_instant() {
        let at = |s: &str| parse_date(s).map(|d| d.to_rfc3339()).unwrap_or_else(|| format!("unread: {s}"));
        let noon_utc = "2013-03-01T12:00:00+00:00";
        for form in [
            "Fri, 01 Mar 2013 12:00:00 GMT",
            "01 Mar 2013 12:00:00 +0000",
            "1 March 2013 12:00 UT",
            "Friday, 1 Mar 2013 07:00:00 EST",
            "01 Mar 13 13:00:00 MET",
            "01 Mar 2013 14:00:00 MEST",
            "Mar 1 2013 12:00:00 Z",
            "01Mar2013 12:00:00 GMT",
            "01 Mar 2013 07:00:00 R",
            "2013-03-01T12:00:00Z",
            "2013-03-01T12:00Z",
            "2013-03-01T13:00:00.000+01:00",
            "2013-03-01T04:00:00-0800",
            "2013-03-01 04:00:00 -0800",
            "2013-03-01T12:00:00",
            "2013/3/1 12:00:00",
        ] {
            assert_eq!(at(form), noon_utc, "{form}");
        }
        assert_eq!(at("2013-03-01"), "2013-03-01T00:00:00+00:00");
        assert_eq!(at("2004-05"), "2004-05-01T00:00:00+00:00");
        assert_eq!(at("01 Mar 1999"), "1999-03-01T00:00:00+00:00");
        assert_eq!(at("2006-01-17T12:35:1+01:00"), "2006-01-17T11:35:01+00:00");
        assert_eq!(at("Sun, 20 Apr 2014 8:19 pm CEST"), "2014-04-20T18:19:00+00:00");
        assert_eq!(at("Sun, 20 Apr 2014 12:05 am GMT"), "2014-04-20T00:05:00+00:00");
        for nonsense in ["", "yesterday", "32 Mar 2013", "2013-13-01", "Mon, 99 Foo 2013", "soon 12:00"] {
            assert_eq!(parse_date(nonsense), None, "{nonsense}");
        }
    }
}
