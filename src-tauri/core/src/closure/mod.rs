//! The closure engine: inventory, checks, and one module per step (plan / apply / verify).

mod step_id;

pub use step_id::StepId;
