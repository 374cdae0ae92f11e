//! How the app was asked to start: `--practice <scenario>` or `CLOSEOUT_PRACTICE=<scenario>`
//! preselect the practice company (what `make demo` uses), so the owner lands on it directly.

use serde::Serialize;

/// Environment variable that preselects a practice scenario (`bakery`, `agency`...).
pub const PRACTICE_ENV: &str = "CLOSEOUT_PRACTICE";

/// What the UI needs to know about how it was started.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Startup {
    /// The practice scenario to open on, if one was asked for.
    pub practice_scenario: Option<String>,
}

impl Startup {
    /// Reads the process's arguments and environment; the argument wins over the variable.
    pub fn from_process() -> Self {
        Self::parse(std::env::args().skip(1), std::env::var(PRACTICE_ENV).ok())
    }

    pub fn parse(args: impl IntoIterator<Item = String>, env: Option<String>) -> Self {
        let mut args = args.into_iter();
        let mut from_args = None;
        while let Some(arg) = args.next() {
            if arg == "--practice" {
                from_args = args.next();
            } else if let Some(value) = arg.strip_prefix("--practice=") {
                from_args = Some(value.to_owned());
            }
        }
        let practice_scenario = from_args
            .or(env)
            .map(|s| s.trim().to_owned())
            .filter(|s| is_scenario_name(s));
        Startup { practice_scenario }
    }
}

/// Scenario names are short lowercase words joined by dashes (`not-admin`); anything else is
/// ignored rather than passed on.
fn is_scenario_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && name.len() <= 40
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn argument_then_environment_then_nothing() {
        let scenario = |s: Startup| s.practice_scenario;
        assert_eq!(
            scenario(Startup::parse(
                args(&["--practice", "agency"]),
                Some("bakery".into())
            )),
            Some("agency".into())
        );
        assert_eq!(
            scenario(Startup::parse(args(&["--practice=not-admin"]), None)),
            Some("not-admin".into())
        );
        assert_eq!(
            scenario(Startup::parse(args(&[]), Some("bakery".into()))),
            Some("bakery".into())
        );
        assert_eq!(scenario(Startup::parse(args(&[]), None)), None);
    }

    #[test]
    fn odd_values_are_ignored() {
        for bad in ["", "../etc", "Bakery Shop", "--practice"] {
            let parsed = Startup::parse(args(&["--practice", bad]), None);
            assert_eq!(parsed.practice_scenario, None, "{bad}");
        }
    }
}
