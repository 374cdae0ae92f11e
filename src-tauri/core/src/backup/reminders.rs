//! The dates that matter during a closure, as reminders: for the calendar file (see
//! [`super::ics`]) and for the app itself ("due now" and "next" at launch, and when to wake up
//! to show a notification while it runs).
//!
//! Inputs are a plain [`ReminderDates`]; [`ReminderDates::from_journal`] derives them from the
//! journal's key dates, so the closure timeline and the reminders never disagree.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime, UtcOffset};

use crate::journal::{JournalRecord, DEPROVISIONING};
use crate::lang::Lang;

/// The state a subscription moves into on a date (Microsoft's lifecycle: Active > Expired >
/// Disabled > Deleted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    /// An active subscription's date: it expires only if it is not renewed, and Graph cannot
    /// tell whether recurring billing is on, so for the owner it "renews or ends" then.
    Expired,
    Disabled,
    Deleted,
}

/// One subscription's next change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionChange {
    pub id: String,
    pub name: String,
    pub becomes: Lifecycle,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// Everything reminders are made from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReminderDates {
    pub tenant_id: String,
    pub org_name: String,
    /// The day the owner chose to have the backup finished by.
    #[serde(default, with = "super::usage::iso_day::option")]
    pub backup_deadline: Option<Date>,
    #[serde(default)]
    pub subscriptions: Vec<SubscriptionChange>,
    /// When Microsoft finishes removing the deleted subscriptions (72 hours after deletion).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub deprovisioned_at: Option<OffsetDateTime>,
    /// The earliest moment the directory can be deleted.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub directory_deletable_from: Option<OffsetDateTime>,
    /// The owner's offset from UTC: whole days begin at their midnight, and times in the texts
    /// are theirs. UTC when unknown.
    #[serde(skip)]
    pub local_offset: Option<UtcOffset>,
    /// The next "check your email records" day, while the mail page says waiting (see
    /// [`crate::mail_handover::follow_up`]).
    #[serde(default, with = "super::usage::iso_day::option")]
    pub mail_check_on: Option<Date>,
}

impl ReminderDates {
    /// The dates the journal knows, with the backup deadline the owner chose (kept in the
    /// checklist: [`super::Checklist::deadline`]).
    ///
    /// Once Microsoft confirmed the organization is gone the journey has ended: no date is
    /// left to remind of (a subscription's or the directory's would be stale and wrong).
    pub fn from_journal(record: &JournalRecord) -> ReminderDates {
        if record.dates.tenant_deleted_at.is_some() {
            return ReminderDates {
                tenant_id: record.tenant_id.clone(),
                org_name: record.org_name.clone(),
                ..ReminderDates::default()
            };
        }
        let subscriptions = record
            .dates
            .subscriptions
            .iter()
            .filter(|(_, s)| s.deleted_by_owner_at.is_none())
            .filter_map(|(id, s)| {
                let becomes = match s.status.to_ascii_lowercase().as_str() {
                    "enabled" => Lifecycle::Expired,
                    "warning" => Lifecycle::Disabled,
                    "suspended" | "lockedout" => Lifecycle::Deleted,
                    _ => return None,
                };
                Some(SubscriptionChange {
                    id: id.clone(),
                    name: s.product_name().to_string(),
                    becomes,
                    at: s.next_lifecycle?,
                })
            })
            .collect();
        let ready = record
            .dates
            .deprovisioning_from
            .map(|from| from + DEPROVISIONING);
        ReminderDates {
            tenant_id: record.tenant_id.clone(),
            org_name: record.org_name.clone(),
            backup_deadline: record.backup.deadline,
            subscriptions,
            deprovisioned_at: ready,
            directory_deletable_from: ready,
            local_offset: None,
            mail_check_on: record.dates.mail_follow_up.map(|f| f.on),
        }
    }

    /// The same dates for an owner at `offset` from UTC.
    pub fn at_offset(self, offset: UtcOffset) -> ReminderDates {
        ReminderDates {
            local_offset: Some(offset),
            ..self
        }
    }
}

/// What a reminder is about (the UI's key: `reminder.<kind>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    BackupDeadline,
    SubscriptionChanges,
    Deprovisioned,
    DirectoryDeletable,
    MailRecords,
}

/// A whole day, or a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum When {
    #[serde(with = "super::usage::iso_day")]
    Day(Date),
    #[serde(with = "time::serde::rfc3339")]
    At(OffsetDateTime),
}

impl When {
    /// The moment the reminder arrives; a day starts at midnight in `now`'s offset.
    pub fn starts(self, now: OffsetDateTime) -> OffsetDateTime {
        match self {
            When::Day(day) => day.midnight().assume_offset(now.offset()),
            When::At(at) => at,
        }
    }
}

/// One reminder, with its text in the owner's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reminder {
    pub kind: ReminderKind,
    /// Stable for the same reminder, so importing a newer calendar file updates the event.
    pub uid: String,
    pub when: When,
    pub title: String,
    pub description: String,
    /// How long before the start the calendar's alarm rings.
    pub alarm_before_minutes: i64,
}

/// The reminders for these dates, soonest first.
pub fn reminders(dates: &ReminderDates, lang: Lang) -> Vec<Reminder> {
    let org = &dates.org_name;
    let offset = dates.local_offset.unwrap_or(UtcOffset::UTC);
    let uid = |what: &str| format!("{what}.{}@closeout", dates.tenant_id);
    let day_before_at_nine = 15 * 60;
    let mut out = Vec::new();
    if let Some(day) = dates.backup_deadline {
        out.push(Reminder {
            kind: ReminderKind::BackupDeadline,
            uid: uid("backup-deadline"),
            when: When::Day(day),
            title: lang.fill("reminder.backup_deadline.title", &[("org", org)]),
            description: lang.text("reminder.backup_deadline.body").to_string(),
            alarm_before_minutes: day_before_at_nine,
        });
    }
    for sub in &dates.subscriptions {
        let safe_id: String = sub
            .id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        out.push(Reminder {
            kind: ReminderKind::SubscriptionChanges,
            uid: uid(&format!("subscription-{safe_id}")),
            when: When::At(sub.at),
            title: subscription_title(sub, lang),
            description: subscription_description(sub, lang, offset),
            alarm_before_minutes: match sub.becomes {
                // Early enough to cancel before the charge, not just to notice it.
                Lifecycle::Expired => 3 * 24 * 60,
                Lifecycle::Disabled | Lifecycle::Deleted => 24 * 60,
            },
        });
    }
    if let Some(at) = dates.deprovisioned_at {
        out.push(Reminder {
            kind: ReminderKind::Deprovisioned,
            uid: uid("deprovisioned"),
            when: When::At(at),
            title: lang.text("reminder.deprovisioned.title").to_string(),
            description: lang.text("reminder.deprovisioned.body").to_string(),
            alarm_before_minutes: 60,
        });
    }
    if let Some(at) = dates.directory_deletable_from {
        let at = at.to_offset(offset);
        // The owner's first whole day on which it is possible, so it never comes too early.
        let day = if at.time() == time::Time::MIDNIGHT {
            at.date()
        } else {
            at.date().next_day().unwrap_or(at.date())
        };
        out.push(Reminder {
            kind: ReminderKind::DirectoryDeletable,
            uid: uid("directory-deletable"),
            when: When::Day(day),
            title: lang.fill("reminder.directory_deletable.title", &[("org", org)]),
            description: lang.fill("reminder.directory_deletable.body", &[("date", moment(at))]),
            alarm_before_minutes: day_before_at_nine,
        });
    }
    if let Some(day) = dates.mail_check_on {
        out.push(Reminder {
            kind: ReminderKind::MailRecords,
            uid: uid("mail-records"),
            when: When::Day(day),
            title: lang.fill("reminder.mail_records.title", &[("org", org)]),
            description: lang.text("reminder.mail_records.body").to_string(),
            alarm_before_minutes: day_before_at_nine,
        });
    }
    out.sort_by_key(|r| r.when.starts(OffsetDateTime::UNIX_EPOCH));
    out
}

/// "Microsoft 365 Business Standard renews or ends", "... is disabled", "... is deleted".
fn subscription_title(sub: &SubscriptionChange, lang: Lang) -> String {
    let key = match sub.becomes {
        Lifecycle::Expired => "reminder.subscription.expired",
        Lifecycle::Disabled => "reminder.subscription.disabled",
        Lifecycle::Deleted => "reminder.subscription.deleted",
    };
    lang.fill(key, &[("name", &sub.name)])
}

/// For an active subscription the date is the last moment to cancel before another charge
/// (Graph's `nextLifecycleDateTime` is when it moves on *if not renewed*); later dates are
/// Microsoft moving a cancelled subscription along by itself.
fn subscription_description(sub: &SubscriptionChange, lang: Lang, offset: UtcOffset) -> String {
    match sub.becomes {
        Lifecycle::Expired => lang.fill(
            "reminder.subscription.expired.body",
            &[
                ("title", subscription_title(sub, lang)),
                ("date", moment(sub.at.to_offset(offset))),
            ],
        ),
        Lifecycle::Disabled | Lifecycle::Deleted => {
            lang.text("reminder.subscription.later.body").to_string()
        }
    }
}

/// "2026-12-20 15:00 (UTC+01:00)", or "2026-12-20 14:00 UTC", in `at`'s own offset.
fn moment(at: OffsetDateTime) -> String {
    let offset = at.offset();
    let zone = if offset.is_utc() {
        " UTC".to_string()
    } else {
        let sign = if offset.is_negative() { '-' } else { '+' };
        let (h, m, _) = offset.as_hms();
        format!(" (UTC{sign}{:02}:{:02})", h.abs(), m.abs())
    };
    format!("{} {:02}:{:02}{zone}", at.date(), at.hour(), at.minute())
}

/// What to show at launch: what has arrived and is not dismissed, and what comes next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agenda {
    pub due: Vec<Reminder>,
    pub next: Option<Reminder>,
    /// When the app should next wake to show a notification (the next reminder's start).
    #[serde(with = "time::serde::rfc3339::option")]
    pub wake_at: Option<OffsetDateTime>,
}

/// Splits reminders at `now`; `dismissed` holds the uids the owner has dealt with.
pub fn agenda(reminders: &[Reminder], now: OffsetDateTime, dismissed: &[String]) -> Agenda {
    let due = reminders
        .iter()
        .filter(|r| r.when.starts(now) <= now && !dismissed.contains(&r.uid))
        .cloned()
        .collect();
    let next = reminders
        .iter()
        .filter(|r| r.when.starts(now) > now)
        .min_by_key(|r| r.when.starts(now))
        .cloned();
    Agenda {
        due,
        wake_at: next.as_ref().map(|r| r.when.starts(now)),
        next,
    }
}

/// The alarm offset as an RFC 5545 duration (`-PT15H`, `-P1D`).
pub(crate) fn alarm_duration(minutes_before: i64) -> String {
    let d = Duration::minutes(minutes_before);
    let (days, hours, minutes) = (d.whole_days(), d.whole_hours() % 24, d.whole_minutes() % 60);
    let mut out = String::from("-P");
    if days > 0 {
        out.push_str(&format!("{days}D"));
    }
    if hours > 0 || minutes > 0 || days == 0 {
        out.push('T');
        if hours > 0 {
            out.push_str(&format!("{hours}H"));
        }
        if minutes > 0 || hours == 0 {
            out.push_str(&format!("{minutes}M"));
        }
    }
    out
}
