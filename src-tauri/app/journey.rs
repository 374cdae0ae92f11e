//! The journey the window walks, as one list the UI receives at start-up (in `app_info`): the
//! app's own pages around the core's closure steps ([`StepId::ALL`], in Microsoft's order).
//! The rail, the page map and "what comes next" in `ui/js` are all derived from it, so a step
//! or a page exists in one list only.
//!
//! The pages are the app's, not the core's: the core knows only the closure steps; welcome,
//! sign-in, the summary, the backup, the mail handover and "closed" are the window's stations.

use closeout_core::closure::StepId;
use serde::Serialize;

/// A page of the app that is not a closure step. Serialized in `snake_case`; the UI keys its
/// page modules and texts (`step.<id>`) on [`Page::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Welcome,
    SignIn,
    Organization,
    Backup,
    /// "Your email and domain": after step 1, before the Domains step (a Microsoft-hosted
    /// zone or a Microsoft-bought domain must move first); it never gates a step.
    Mail,
    Closed,
}

impl Page {
    pub fn as_str(self) -> &'static str {
        match self {
            Page::Welcome => "welcome",
            Page::SignIn => "sign_in",
            Page::Organization => "organization",
            Page::Backup => "backup",
            Page::Mail => "mail",
            Page::Closed => "closed",
        }
    }

    /// The pages after `step` (before the next step).
    fn after(step: StepId) -> &'static [Page] {
        match step {
            StepId::Users => &[Page::Mail],
            _ => &[],
        }
    }
}

/// The pages before the first closure step.
const BEFORE_STEPS: [Page; 4] = [
    Page::Welcome,
    Page::SignIn,
    Page::Organization,
    Page::Backup,
];

/// What a station is: one of the app's own pages, or a closure step (which the UI draws with
/// its one step page, from the step's plan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StationKind {
    Page,
    Step,
}

/// One stop of the journey, as the UI receives it: `{ "id": "users", "kind": "step" }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Station {
    pub id: &'static str,
    pub kind: StationKind,
}

impl Station {
    fn page(page: Page) -> Station {
        Station {
            id: page.as_str(),
            kind: StationKind::Page,
        }
    }
}

/// Every stop, in order: the pages before, each closure step with the pages after it, Closed.
pub fn journey() -> Vec<Station> {
    let mut stations: Vec<Station> = BEFORE_STEPS.into_iter().map(Station::page).collect();
    for step in StepId::ALL {
        stations.push(Station {
            id: step.as_str(),
            kind: StationKind::Step,
        });
        stations.extend(Page::after(step).iter().copied().map(Station::page));
    }
    stations.push(Station::page(Page::Closed));
    stations
}
