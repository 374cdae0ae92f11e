//! The reusable part of `closeout-cli`: starting and signing in to the practice tenant, shared
//! by the binary, its tests and the closure benchmark.

pub mod practice;
