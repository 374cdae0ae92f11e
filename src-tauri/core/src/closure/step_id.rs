//! The names of the closure steps, in Microsoft's order, shared by the plan, the journal and the
//! faces (the UI and the CLI key their pages and commands on [`StepId::as_str`]).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::error::{Error, ErrorCode};

/// One step of the closure. Serialized in `snake_case` (`"cancel_subscriptions"`); never rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepId {
    /// Microsoft's step 1: delete everyone except you.
    Users,
    /// Required before cancelling: your sign-in name onto `.onmicrosoft.com`, custom domains removed.
    Domains,
    /// Microsoft's step 2 (admin center only): cancel every active subscription.
    CancelSubscriptions,
    /// Microsoft's step 3 (admin center only): delete the disabled subscriptions.
    DeleteSubscriptions,
    /// Microsoft's step 4: per-user MFA off for everyone but you (security defaults and
    /// conditional access stay as they are).
    Mfa,
    /// Microsoft's step 5: last clean-up, then delete the directory in the Entra admin center.
    Directory,
}

impl StepId {
    /// Every step, in the order they must be done.
    pub const ALL: [StepId; 6] = [
        StepId::Users,
        StepId::Domains,
        StepId::CancelSubscriptions,
        StepId::DeleteSubscriptions,
        StepId::Mfa,
        StepId::Directory,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StepId::Users => "users",
            StepId::Domains => "domains",
            StepId::CancelSubscriptions => "cancel_subscriptions",
            StepId::DeleteSubscriptions => "delete_subscriptions",
            StepId::Mfa => "mfa",
            StepId::Directory => "directory",
        }
    }

    /// A short English title for logs and the command line.
    pub fn title(self) -> &'static str {
        match self {
            StepId::Users => "1 Delete users",
            StepId::Domains => "Remove your domains",
            StepId::CancelSubscriptions => "2 Cancel subscriptions",
            StepId::DeleteSubscriptions => "3 Delete disabled subscriptions",
            StepId::Mfa => "4 Turn off multi-factor authentication",
            StepId::Directory => "5 Delete the directory",
        }
    }

    /// Whether the step changes the organization through Graph (and so needs the typed
    /// confirmation and a settled backup checklist); the portal steps are done by the owner.
    pub fn is_destructive(self) -> bool {
        matches!(
            self,
            StepId::Users | StepId::Domains | StepId::Mfa | StepId::Directory
        )
    }
}

impl fmt::Display for StepId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for StepId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        StepId::ALL
            .into_iter()
            .find(|step| step.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<_> = StepId::ALL.iter().map(|s| s.as_str()).collect();
                Error::new(
                    ErrorCode::InvalidInput,
                    format!("unknown step '{s}'; steps are: {}", names.join(", ")),
                )
            })
    }
}
