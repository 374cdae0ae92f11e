//! The closure engine: inventory, checks, and one module per step (plan / apply / verify).
