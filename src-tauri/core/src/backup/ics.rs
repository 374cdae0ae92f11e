//! The calendar file (iCalendar, RFC 5545) with the closure's dates, for Outlook, Apple Calendar
//! and Google Calendar: reminders that work while the app is closed.
//!
//! Written by hand because the format is small and the rules that trip importers are exact:
//! CRLF line ends, lines folded at 75 octets (never inside a UTF-8 character), text escaped
//! (`\\`, `\;`, `\,`, `\n`), a UID and DTSTAMP on every event, whole days as `VALUE=DATE`,
//! moments in UTC, and one display alarm per event.

use time::{Duration, OffsetDateTime, UtcOffset};

use super::reminders::{alarm_duration, Reminder, When};

/// How long a timed event lasts in the calendar (it marks a moment, not a meeting).
const TIMED_EVENT_LENGTH: Duration = Duration::minutes(30);

/// The whole calendar file; `now` stamps it (DTSTAMP, and SEQUENCE so re-imports update).
pub fn to_ics(reminders: &[Reminder], calendar_name: &str, now: OffsetDateTime) -> String {
    let stamp = utc_stamp(now);
    // Minutes since 2020: grows with each export, so calendars take the newer copy.
    let sequence = (now.unix_timestamp() - 1_577_836_800).max(0) / 60;
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Closeout//Closure reminders//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", escape(calendar_name)),
    ];
    for reminder in reminders {
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", escape(&reminder.uid)));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!("SEQUENCE:{sequence}"));
        match reminder.when {
            When::Day(day) => {
                let next = day.next_day().unwrap_or(day);
                lines.push(format!("DTSTART;VALUE=DATE:{}", ymd(day)));
                lines.push(format!("DTEND;VALUE=DATE:{}", ymd(next)));
            }
            When::At(at) => {
                lines.push(format!("DTSTART:{}", utc_stamp(at)));
                lines.push(format!("DTEND:{}", utc_stamp(at + TIMED_EVENT_LENGTH)));
            }
        }
        lines.push(format!("SUMMARY:{}", escape(&reminder.title)));
        lines.push(format!("DESCRIPTION:{}", escape(&reminder.description)));
        lines.push("TRANSP:TRANSPARENT".into());
        lines.push("BEGIN:VALARM".into());
        lines.push("ACTION:DISPLAY".into());
        lines.push(format!("DESCRIPTION:{}", escape(&reminder.title)));
        lines.push(format!(
            "TRIGGER:{}",
            alarm_duration(reminder.alarm_before_minutes)
        ));
        lines.push("END:VALARM".into());
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect()
}

/// Escapes TEXT values (RFC 5545 3.3.11).
pub fn escape(text: &str) -> String {
    super::report_html::replace_each(
        text,
        &[
            ('\\', "\\\\"),
            (';', "\\;"),
            (',', "\\,"),
            ('\n', "\\n"),
            ('\r', ""),
        ],
    )
}

/// One content line, folded so no physical line exceeds 75 octets, ending in CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

fn utc_stamp(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!(
        "{}T{:02}{:02}{:02}Z",
        ymd(at.date()),
        at.hour(),
        at.minute(),
        at.second()
    )
}

fn ymd(day: time::Date) -> String {
    format!("{:04}{:02}{:02}", day.year(), day.month() as u8, day.day())
}
