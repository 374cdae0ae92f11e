//! How the app was asked to start: `--practice <scenario>` or `CLOSEOUT_PRACTICE=<scenario>`
//! preselect the practice company (what `scripts/demo.sh` uses), so the owner lands on it directly;
//! and on Linux the OS language, which WebKitGTK's `navigator.language` misses when the
//! locale is not compiled in (it then says `en-US` whatever the desktop's language is); and
//! the owner's offset from UTC, read while the process has one thread (the only time the
//! `time` crate can read it safely on Unix), so reminders start at the owner's midnight.

use serde::Serialize;

/// Environment variable that preselects a practice scenario (`bakery`, `agency`...).
const PRACTICE_ENV: &str = "CLOSEOUT_PRACTICE";

/// What the UI needs to know about how it was started.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Startup {
    /// The practice scenario to open on, if one was asked for.
    pub practice_scenario: Option<String>,
    /// The desktop's language as a BCP 47 tag (`it-IT`), where the web view may not know it.
    pub os_language: Option<String>,
    /// The owner's offset from UTC at start-up; `None` when it could not be read (then UTC).
    #[serde(skip)]
    pub local_offset: Option<time::UtcOffset>,
}

impl Startup {
    /// Reads the process's arguments and environment; the argument wins over the variable.
    /// Call it before any thread starts, for the local offset.
    pub fn from_process() -> Self {
        let mut startup = Self::parse(std::env::args().skip(1), std::env::var(PRACTICE_ENV).ok());
        startup.local_offset = time::UtcOffset::current_local_offset().ok();
        if cfg!(all(unix, not(target_os = "macos"))) {
            startup.os_language = os_language(|name| std::env::var(name).ok());
        }
        startup
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
        Startup {
            practice_scenario,
            os_language: None,
            local_offset: None,
        }
    }
}

/// The language of the POSIX locale variables, in their order of precedence: `it_IT.UTF-8`
/// becomes `it-IT`; the neutral `C`/`POSIX` locales say nothing.
fn os_language(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| var(name))
        .find(|value| !value.is_empty())
        .map(|value| {
            value
                .split(['.', '@'])
                .next()
                .unwrap_or_default()
                .replace('_', "-")
        })
        .filter(|tag| !tag.is_empty() && tag != "C" && tag != "POSIX")
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
    fn the_os_language_comes_from_the_locale_variables() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            os_language(env(&[("LANG", "it_IT.UTF-8")])),
            Some("it-IT".into())
        );
        assert_eq!(
            os_language(env(&[("LANG", "en_GB.UTF-8"), ("LC_ALL", "it_IT@euro")])),
            Some("it-IT".into())
        );
        assert_eq!(os_language(env(&[("LANG", "C.UTF-8")])), None);
        assert_eq!(os_language(env(&[("LANG", "POSIX")])), None);
        assert_eq!(os_language(env(&[])), None);
    }

    #[test]
    fn odd_values_are_ignored() {
        for bad in ["", "../etc", "Bakery Shop", "--practice"] {
            let parsed = Startup::parse(args(&["--practice", bad]), None);
            assert_eq!(parsed.practice_scenario, None, "{bad}");
        }
    }
}
