//! The closure engine: inventory, checks, and one module per step (plan / apply / verify).
//!
//! - [`Session`] is the façade the faces call; everything it returns is `Serialize`.
//! - [`inventory`]: one snapshot of the organization in as few requests as Graph allows.
//! - [`checks`]: findings with stable codes ([`FindingCode`]), blockers and warnings.
//! - [`steps`]: `plan` and `verify` per step; [`apply`] runs any step's actions.
//! - [`safety`]: the rules nothing destructive may bypass; [`ids`]: ids checked before use.
//! - [`products`]: the product names Microsoft shows for subscriptions' part numbers.

pub mod action_text;
pub mod apply;
pub mod checks;
pub mod ids;
pub mod inventory;
pub mod model;
pub mod plan;
pub mod probe;
pub mod products;
pub mod safety;
mod session;
mod step_id;
pub mod steps;

pub use action_text::{ActionCode, ActionText};
pub use apply::{ApplyReport, CancelToken, Chunking, FailedAction, Progress};
pub use checks::{Finding, FindingCode, Severity};
pub use inventory::Inventory;
pub use plan::{Action, ActionMethod, PortalGuide, PortalItem, PortalLinks, StepOptions, StepPlan};
pub use session::{Applied, Session, SessionConfig};
pub use step_id::StepId;
pub use steps::{StepState, Verification};
