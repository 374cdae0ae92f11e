//! What the checks found, kept in the journal, so the closure report can say what stood in the
//! way before the closure and how each was settled: Closeout saw it gone (with the date), or it
//! is still there. The owner's own answers (bills paid, domains bought elsewhere...) are the
//! journal's acknowledgements; the report puts the two side by side.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::closure::{Finding, FindingCode};

/// One finding, from the first check that found it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingRecord {
    pub code: FindingCode,
    /// When a check first found it (or found it again after it had gone).
    #[serde(with = "time::serde::rfc3339")]
    pub first_seen: OffsetDateTime,
    /// What it named the last time it was found ("Orders", "Microsoft Fabric (Free)").
    #[serde(default)]
    pub subjects: Vec<String>,
    /// When a check no longer found it; `None` while it stands.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub gone_at: Option<OffsetDateTime>,
}

/// Notes the findings of one check at `now`: new ones are added, ones found again keep their
/// first date (and stand again if they had gone), and ones not found any more are marked gone.
/// A check that could not read part of the organization proves nothing gone: then nothing is
/// marked gone.
pub fn observe(seen: &mut Vec<FindingRecord>, findings: &[Finding], now: OffsetDateTime) {
    for f in findings {
        match seen.iter_mut().find(|r| r.code == f.code) {
            Some(r) => {
                r.subjects = f.subjects.clone();
                if r.gone_at.take().is_some() {
                    r.first_seen = now;
                }
            }
            None => seen.push(FindingRecord {
                code: f.code,
                first_seen: now,
                subjects: f.subjects.clone(),
                gone_at: None,
            }),
        }
    }
    if findings.iter().any(|f| f.code == FindingCode::CouldNotRead) {
        return;
    }
    for r in seen.iter_mut().filter(|r| r.gone_at.is_none()) {
        if !findings.iter().any(|f| f.code == r.code) {
            r.gone_at = Some(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::closure::Severity;
    use time::macros::datetime;

    fn found(code: FindingCode, subject: &str) -> Finding {
        Finding {
            code,
            severity: Severity::Blocker,
            step: None,
            subjects: vec![subject.to_string()],
            message: String::new(),
            what_to_do: String::new(),
        }
    }

    #[test]
    fn a_finding_is_kept_from_its_first_check_until_a_check_no_longer_finds_it() {
        let (mon, tue, wed) = (
            datetime!(2026-12-07 09:00 UTC),
            datetime!(2026-12-08 09:00 UTC),
            datetime!(2026-12-09 09:00 UTC),
        );
        let mut seen = Vec::new();
        let guests = found(FindingCode::Guests, "3 guests");
        let lists = found(FindingCode::DistributionListsOnCustomDomain, "Orders");
        observe(&mut seen, &[guests.clone(), lists.clone()], mon);
        observe(&mut seen, std::slice::from_ref(&lists), tue);
        assert_eq!(seen.len(), 2);
        assert_eq!((seen[0].first_seen, seen[0].gone_at), (mon, Some(tue)));
        assert_eq!((seen[1].first_seen, seen[1].gone_at), (mon, None));

        // A part that could not be read proves nothing gone.
        observe(
            &mut seen,
            &[found(FindingCode::CouldNotRead, "groups")],
            wed,
        );
        assert_eq!(
            seen[1].gone_at, None,
            "the list is not called gone on a partial check"
        );

        // Found again: it stands again, from that day.
        observe(&mut seen, &[guests], wed);
        assert_eq!((seen[0].first_seen, seen[0].gone_at), (wed, None));
    }

    #[test]
    fn an_older_journal_without_findings_reads_as_none_found_yet() {
        let r: FindingRecord = serde_json::from_str(
            r#"{"code":"guests","first_seen":"2026-12-07T09:00:00Z","future_field":1}"#,
        )
        .unwrap();
        assert_eq!((r.subjects.len(), r.gone_at), (0, None));
    }
}
