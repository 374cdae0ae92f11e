//! Durable per-tenant progress: what was intended, what was done, and what comes next.
