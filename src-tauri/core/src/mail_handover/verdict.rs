//! Verdicts: what each record says now against what Microsoft 365 put there, and what the
//! owner should do about it. Pure functions over [`Answer`]s, so every rule is testable
//! without a DNS server; [`super::check`] feeds them live answers.

use serde::{Deserialize, Serialize};

use super::lookup::Answer;
use super::microsoft::{
    is_microsoft_host, is_microsoft_name_server, is_spf, is_verification, spf_names_microsoft,
};

/// A TXT answer longer than this (all records of the name together) is not a sane zone.
pub const ABSURD_TXT_CHARS: usize = 4096;

/// Which record a table row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Ns,
    Mx,
    Spf,
    /// Microsoft's `MS=ms...` domain verification TXT record.
    Verification,
    Cname,
    Srv,
}

impl RecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Ns => "ns",
            RecordKind::Mx => "mx",
            RecordKind::Spf => "spf",
            RecordKind::Verification => "verification",
            RecordKind::Cname => "cname",
            RecordKind::Srv => "srv",
        }
    }
}

/// What the record says now, judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// It still points at Microsoft 365.
    StillMicrosoft,
    /// It points somewhere that is not Microsoft.
    Moved,
    /// There is no such record.
    Missing,
    TwoSpf,
    SpfNamesMicrosoft,
    MicrosoftNameServers,
    Timeout,
    Servfail,
    Nxdomain,
    Refused,
    CnameLoop,
    AbsurdTxt,
    /// The lookup failed some other way (the row's `detail` says how).
    LookupFailed,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::StillMicrosoft => "still_microsoft",
            Verdict::Moved => "moved",
            Verdict::Missing => "missing",
            Verdict::TwoSpf => "two_spf",
            Verdict::SpfNamesMicrosoft => "spf_names_microsoft",
            Verdict::MicrosoftNameServers => "microsoft_name_servers",
            Verdict::Timeout => "timeout",
            Verdict::Servfail => "servfail",
            Verdict::Nxdomain => "nxdomain",
            Verdict::Refused => "refused",
            Verdict::CnameLoop => "cname_loop",
            Verdict::AbsurdTxt => "absurd_txt",
            Verdict::LookupFailed => "lookup_failed",
        }
    }
}

/// What the owner should do with the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Nothing,
    /// Delete it at the DNS host.
    Remove,
    /// Replace it with the new provider's value.
    Replace,
    /// Create it with the new provider's value.
    Add,
    /// Move the whole zone to the registrar or another DNS host, before the domain step.
    MoveZone,
    /// Keep one SPF record (the new provider's), delete the other.
    KeepOneSpf,
    /// Take Microsoft's `include:` out of the SPF record (or replace it).
    EditSpf,
    /// The zone is broken at the DNS host: ask them to look.
    AskDnsHost,
    /// The lookup did not get an answer: check again later.
    CheckAgain,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Nothing => "nothing",
            Action::Remove => "remove",
            Action::Replace => "replace",
            Action::Add => "add",
            Action::MoveZone => "move_zone",
            Action::KeepOneSpf => "keep_one_spf",
            Action::EditSpf => "edit_spf",
            Action::AskDnsHost => "ask_dns_host",
            Action::CheckAgain => "check_again",
        }
    }

    /// `true` for the actions that change a record (not "nothing" nor "check again").
    pub fn is_change(self) -> bool {
        !matches!(self, Action::Nothing | Action::CheckAgain)
    }
}

/// One line of the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordRow {
    pub kind: RecordKind,
    /// The full name looked up (`autodiscover.crumbandco.com`).
    pub name: String,
    /// What DNS answers now (empty when nothing).
    pub now: Vec<String>,
    /// What Microsoft 365 put there (from Graph when saved, else the usual value).
    pub microsoft_value: Option<String>,
    /// How long resolvers may keep the current answer, in seconds.
    pub ttl: Option<u32>,
    pub verdict: Verdict,
    pub action: Action,
    /// English detail for a failed lookup (never shown in place of the translated verdict).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl RecordRow {
    fn new(kind: RecordKind, name: &str, microsoft_value: Option<String>) -> RecordRow {
        RecordRow {
            kind,
            name: name.to_string(),
            now: Vec::new(),
            microsoft_value,
            ttl: None,
            verdict: Verdict::Missing,
            action: Action::Nothing,
            detail: None,
        }
    }

    fn judged(mut self, verdict: Verdict, action: Action) -> RecordRow {
        self.verdict = verdict;
        self.action = action;
        self
    }
}

/// The row of a failed lookup, or `None` when the answer has data (or a clean "no record").
/// `at_apex`: an NXDOMAIN for the domain itself means the domain is gone from DNS; for a name
/// under it (`autodiscover`), it only means the record is not there.
fn failure(row: &RecordRow, answer: &Answer, at_apex: bool) -> Option<RecordRow> {
    let (verdict, action, detail) = match answer {
        Answer::Timeout => (Verdict::Timeout, Action::CheckAgain, None),
        Answer::ServFail => (Verdict::Servfail, Action::AskDnsHost, None),
        Answer::Refused => (Verdict::Refused, Action::AskDnsHost, None),
        Answer::NxDomain if at_apex => (Verdict::Nxdomain, Action::AskDnsHost, None),
        Answer::Failed(why) => (Verdict::LookupFailed, Action::CheckAgain, Some(why.clone())),
        _ => return None,
    };
    let mut out = row.clone().judged(verdict, action);
    out.detail = detail;
    Some(out)
}

fn with_answer(mut row: RecordRow, answer: &Answer) -> (RecordRow, Vec<String>) {
    match answer {
        Answer::Found { values, ttl } => {
            row.now = values.clone();
            row.ttl = Some(*ttl);
            (row, values.clone())
        }
        Answer::NoRecords { ttl } => {
            row.ttl = *ttl;
            (row, Vec::new())
        }
        _ => (row, Vec::new()),
    }
}

/// The name servers: Microsoft-hosted DNS must move before the domain step.
pub fn ns_row(domain: &str, answer: &Answer) -> RecordRow {
    let row = RecordRow::new(RecordKind::Ns, domain, None);
    if let Some(failed) = failure(&row, answer, true) {
        return failed;
    }
    let (row, values) = with_answer(row, answer);
    if values.iter().any(|ns| is_microsoft_name_server(ns)) {
        row.judged(Verdict::MicrosoftNameServers, Action::MoveZone)
    } else if values.is_empty() {
        row.judged(Verdict::Missing, Action::AskDnsHost)
    } else {
        row.judged(Verdict::Moved, Action::Nothing)
    }
}

/// The MX record: done only when it names a host that is not Microsoft's.
pub fn mx_row(domain: &str, answer: &Answer, microsoft_value: Option<String>) -> RecordRow {
    let row = RecordRow::new(RecordKind::Mx, domain, microsoft_value);
    if let Some(failed) = failure(&row, answer, true) {
        return failed;
    }
    let (row, values) = with_answer(row, answer);
    if values.iter().any(|v| is_microsoft_host(v)) {
        row.judged(Verdict::StillMicrosoft, Action::Replace)
    } else if values.is_empty() {
        row.judged(Verdict::Missing, Action::Add)
    } else {
        row.judged(Verdict::Moved, Action::Nothing)
    }
}

/// The TXT records at the domain: one SPF row and one verification row.
pub fn txt_rows(domain: &str, answer: &Answer, microsoft_spf: Option<String>) -> Vec<RecordRow> {
    let spf = RecordRow::new(RecordKind::Spf, domain, microsoft_spf);
    let verification = RecordRow::new(RecordKind::Verification, domain, Some("MS=ms…".into()));
    if let Some(failed) = failure(&spf, answer, true) {
        let other = failure(&verification, answer, true).unwrap_or(verification);
        return vec![failed, other];
    }
    let (spf, values) = with_answer(spf, answer);
    if values.iter().map(String::len).sum::<usize>() > ABSURD_TXT_CHARS {
        let mut spf = spf.judged(Verdict::AbsurdTxt, Action::AskDnsHost);
        // Do not carry kilobytes of text into the table.
        spf.now = vec![format!(
            "{} characters",
            values.iter().map(String::len).sum::<usize>()
        )];
        let verification = verification.judged(Verdict::AbsurdTxt, Action::AskDnsHost);
        return vec![spf, verification];
    }
    let spfs: Vec<String> = values.iter().filter(|t| is_spf(t)).cloned().collect();
    let ttl = spf.ttl;
    let mut spf = RecordRow {
        now: spfs.clone(),
        ..spf
    };
    spf = match spfs.len() {
        0 => spf.judged(Verdict::Missing, Action::Add),
        1 if spf_names_microsoft(&spfs[0]) => {
            spf.judged(Verdict::SpfNamesMicrosoft, Action::EditSpf)
        }
        1 => spf.judged(Verdict::Moved, Action::Nothing),
        _ => spf.judged(Verdict::TwoSpf, Action::KeepOneSpf),
    };
    let proofs: Vec<String> = values
        .iter()
        .filter(|t| is_verification(t))
        .cloned()
        .collect();
    let verification = RecordRow {
        now: proofs.clone(),
        ttl,
        ..verification
    };
    let verification = if proofs.is_empty() {
        verification.judged(Verdict::Missing, Action::Nothing)
    } else {
        verification.judged(Verdict::StillMicrosoft, Action::Remove)
    };
    vec![spf, verification]
}

/// A CNAME (or SRV) row from the chain of answers followed from `name`: `chain[0]` is the
/// answer for `name` itself; `looped` when the chain came back to a name already seen.
pub fn pointer_row(
    kind: RecordKind,
    name: &str,
    first: &Answer,
    looped: bool,
    microsoft_value: Option<String>,
) -> RecordRow {
    let row = RecordRow::new(kind, name, microsoft_value);
    if let Some(failed) = failure(&row, first, false) {
        return failed;
    }
    let (row, values) = with_answer(row, first);
    if looped {
        row.judged(Verdict::CnameLoop, Action::AskDnsHost)
    } else if values.iter().any(|v| is_microsoft_host(v)) {
        row.judged(Verdict::StillMicrosoft, Action::Remove)
    } else if values.is_empty() {
        row.judged(Verdict::Missing, Action::Nothing)
    } else {
        row.judged(Verdict::Moved, Action::Nothing)
    }
}
