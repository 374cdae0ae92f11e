//! How a practice tenant is started: scenario, seed, sign-in mode, throttling, latency, faults.
//!
//! Every random draw in the sim comes from `seed`, so a failing run can be replayed exactly.

use std::time::Duration;

/// Options for [`crate::Sim::start`]. Every field has a default; start from [`SimOptions::scenario`].
#[derive(Debug, Clone)]
pub struct SimOptions {
    /// `bakery`, `agency`, `large`, `synced`, `partner`, `not-admin`, or `users-N` (N users).
    pub scenario: String,
    /// Seed for every random choice (ids, sizes, latency, faults, batch response order).
    pub seed: u64,
    /// `true`: authorize redirects straight back with a code (tests). `false`: a sign-in page.
    pub auto_consent: bool,
    /// The documented directory throttling model; `false` for demos and benchmarks.
    pub throttling: bool,
    /// Extra delay before each Graph answer.
    pub latency: Latency,
    /// Injected failures on Graph requests.
    pub faults: Faults,
    /// How many simulated seconds pass per real second (lifecycle dates, token expiry).
    pub clock_speed: f64,
    /// TCP port to bind on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Mailbox and OneDrive reports show hashed names instead of real ones
    /// (Microsoft's "concealed names" report setting; changeable through `PATCH /admin/reportSettings`).
    pub concealed_report_names: bool,
    /// Device-code polling interval (seconds) announced to clients; polling faster gets `slow_down`.
    pub device_code_interval: u64,
    /// Redirect URIs registered for the practice app. The port is ignored for `localhost` ones.
    pub redirect_uris: Vec<String>,
    /// Rates (0..1) at which a request inside a `$batch` answers one of these statuses on its
    /// own, while the batch itself answers 200 (Microsoft's batching documentation shows such
    /// answers): `(403, 0.05)`, `(500, 0.01)`.
    pub item_faults: Vec<(u16, f64)>,
    /// Odd but legal shapes in the organization's objects: a person and a third-party enterprise
    /// app without a display name (`null`, and no `appDisplayName`), a conditional access
    /// policy state Closeout does not know (`unknownFutureValue`), so the client's tolerance
    /// is tested against the practice tenant itself.
    pub odd_shapes: bool,
    /// Requests whose path contains a pattern always answer its status (from the start; the
    /// running practice tenant can change them with `Sim::set_targeted_faults`).
    pub targeted_faults: Vec<TargetedFault>,
    /// How much mail and how many files the practice company has, and how access behaves.
    pub content: crate::ContentOptions,
}

/// "Every request to `/policies/` answers 403": direct or inside `$batch`, with Microsoft's
/// error body for that status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetedFault {
    /// A piece of the request's path after the version (`/policies/`, `/servicePrincipals`).
    pub pattern: String,
    /// Only this method (`GET`, `DELETE`...), or any.
    pub method: Option<String>,
    pub status: u16,
}

impl TargetedFault {
    pub fn new(pattern: &str, status: u16) -> Self {
        TargetedFault {
            pattern: pattern.into(),
            method: None,
            status,
        }
    }

    pub fn matches(&self, method: &str, path: &str) -> bool {
        let method_ok = match &self.method {
            Some(m) => m.eq_ignore_ascii_case(method),
            None => true,
        };
        method_ok && path.contains(&self.pattern)
    }
}

impl SimOptions {
    /// Defaults for the named scenario.
    pub fn scenario(name: &str) -> Self {
        SimOptions {
            scenario: name.to_string(),
            ..SimOptions::default()
        }
    }
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            scenario: "bakery".into(),
            seed: 1,
            auto_consent: false,
            throttling: true,
            latency: Latency::None,
            faults: Faults::default(),
            clock_speed: 1.0,
            port: 0,
            concealed_report_names: false,
            device_code_interval: 5,
            // Exactly what the README tells the publisher to register, so a redirect URI
            // Closeout sends that Microsoft would refuse fails here too.
            redirect_uris: vec!["http://localhost".into()],
            item_faults: Vec::new(),
            targeted_faults: Vec::new(),
            odd_shapes: false,
            content: Default::default(),
        }
    }
}

/// Delay added before each Graph answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Latency {
    None,
    Fixed(Duration),
    /// Uniformly drawn between the two bounds.
    Uniform(Duration, Duration),
}

/// Probabilities (0.0..=1.0) of each injected failure, per Graph request.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Faults {
    /// 429 TooManyRequests with `Retry-After`.
    pub throttle: f64,
    /// 503 Service Unavailable with `Retry-After`.
    pub unavailable: f64,
    /// 504 Gateway Timeout with `Retry-After`.
    pub gateway_timeout: f64,
    /// The connection is reset before any answer.
    pub reset: f64,
    /// No answer ever comes (the client must time out).
    pub hang: f64,
    /// Headers and half the body, then the connection closes.
    pub truncate: f64,
    /// `Retry-After` seconds sent with injected 429/503/504 answers.
    pub retry_after_secs: f64,
}

impl Faults {
    /// True when no fault can fire.
    pub fn is_none(&self) -> bool {
        self.throttle
            + self.unavailable
            + self.gateway_timeout
            + self.reset
            + self.hang
            + self.truncate
            <= 0.0
    }
}
