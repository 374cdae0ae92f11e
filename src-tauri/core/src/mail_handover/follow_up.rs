//! When to remind the owner to check their email records again (issue 12: "a change the owner
//! cannot make now can be postponed: the reminders and the calendar file carry 'check your
//! email records' dates").
//!
//! The day lives in the journal ([`crate::journal::KeyDates::mail_follow_up`]) so the reminders
//! and the calendar file, which are made from the journal alone, carry it. It is set while the
//! mail page says "waiting" (the owner's chosen day, or [`DEFAULT_DAYS`] after the check) and
//! dropped once every domain is clean; the journey's end (Closed) drops every reminder anyway.

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use super::check::{DomainCheck, HandoverState};

/// How many days out a reminder lands when the owner did not choose a day: DNS changes and a
/// new provider's setup take a few days, and a reminder tomorrow would only nag.
pub const DEFAULT_DAYS: i64 = 3;

/// The longest the owner may postpone: the closure itself takes weeks, not seasons.
pub const MAX_DAYS: i64 = 90;

/// The next "check your email records" day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailFollowUp {
    #[serde(with = "crate::backup::usage::iso_day")]
    pub on: Date,
    /// The owner chose the day ("remind me"), rather than the default.
    #[serde(default)]
    pub chosen: bool,
}

/// Whether the page has anything left for the owner to do: any domain not done (waiting, or
/// not checkable yet) keeps the reminder.
fn clean(checks: &[DomainCheck]) -> bool {
    checks.iter().all(|c| c.state == HandoverState::Done)
}

/// The follow-up after a check made on `today`: none once the page is clean; the current one
/// while it is still ahead (or today); otherwise the default a few days out, so a reminder that
/// has come and gone with the records still waiting comes back.
pub fn after_check(
    current: Option<MailFollowUp>,
    checks: &[DomainCheck],
    today: Date,
) -> Option<MailFollowUp> {
    if clean(checks) {
        return None;
    }
    match current {
        Some(f) if f.on >= today => Some(f),
        _ => Some(MailFollowUp {
            on: today + Duration::days(DEFAULT_DAYS),
            chosen: false,
        }),
    }
}

/// The owner's "remind me on `on`", checked: a day from tomorrow to [`MAX_DAYS`] ahead.
pub fn postpone(on: Date, today: Date) -> crate::Result<MailFollowUp> {
    let latest = today + Duration::days(MAX_DAYS);
    if on <= today || on > latest {
        return Err(crate::Error::new(
            crate::ErrorCode::InvalidInput,
            format!("the reminder day must be after {today} and no later than {latest}"),
        ));
    }
    Ok(MailFollowUp { on, chosen: true })
}

/// Applies a check of every domain to the journal on disk (the command line, which has no
/// open session); no journal yet (never signed in here), nothing to do.
pub fn remember(
    data_dir: &std::path::Path,
    tenant_id: &str,
    checks: &[DomainCheck],
    today: Date,
) -> crate::Result<Option<MailFollowUp>> {
    let store = crate::journal::JournalStore::new(data_dir);
    let Some(mut record) = store.load(tenant_id)? else {
        return Ok(None);
    };
    let next = after_check(record.dates.mail_follow_up, checks, today);
    if next != record.dates.mail_follow_up {
        record.dates.mail_follow_up = next;
        store.save(&mut record)?;
    }
    Ok(next)
}

/// The default day the page offers for "remind me".
pub fn default_day(today: Date) -> Date {
    today + Duration::days(DEFAULT_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn check(state: HandoverState) -> DomainCheck {
        DomainCheck {
            domain: "crumbandco.example".into(),
            checked_at: datetime!(2026-12-01 10:00 UTC),
            state,
            rows: Vec::new(),
            warnings: Vec::new(),
            longest_ttl: None,
        }
    }

    #[test]
    fn waiting_sets_a_default_day_a_few_days_out_and_keeps_it_until_it_passes() {
        let today = date!(2026 - 12 - 01);
        let waiting = [check(HandoverState::Waiting)];
        let first = after_check(None, &waiting, today).unwrap();
        assert_eq!(first.on, date!(2026 - 12 - 04));
        assert!(!first.chosen);
        let later = after_check(Some(first), &waiting, date!(2026 - 12 - 04));
        assert_eq!(later, Some(first), "due today: kept");
        let after = after_check(Some(first), &waiting, date!(2026 - 12 - 05)).unwrap();
        assert_eq!(after.on, date!(2026 - 12 - 08), "passed and still waiting");
    }

    #[test]
    fn a_chosen_day_is_kept_and_a_clean_page_ends_the_reminder() {
        let today = date!(2026 - 12 - 01);
        let chosen = postpone(date!(2026 - 12 - 15), today).unwrap();
        let mixed = [
            check(HandoverState::Done),
            check(HandoverState::CouldNotCheck),
        ];
        assert_eq!(after_check(Some(chosen), &mixed, today), Some(chosen));
        let clean = [check(HandoverState::Done), check(HandoverState::Done)];
        assert_eq!(after_check(Some(chosen), &clean, today), None);
        assert_eq!(after_check(None, &[], today), None, "no domain: nothing");
    }

    #[test]
    fn a_day_in_the_past_or_too_far_ahead_is_refused() {
        let today = date!(2026 - 12 - 01);
        for bad in [today, date!(2026 - 11 - 30), date!(2027 - 03 - 02)] {
            let err = postpone(bad, today).unwrap_err();
            assert_eq!(err.code, crate::ErrorCode::InvalidInput, "{bad}");
        }
        assert!(postpone(date!(2027 - 03 - 01), today).is_ok(), "90 days");
    }
}
