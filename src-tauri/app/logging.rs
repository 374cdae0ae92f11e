//! Logs: to stderr and to a daily-rotated file in the OS log folder, with secrets scrubbed.
//!
//! The core never logs tokens on purpose; this module is the belt to that braces: every line
//! passes through [`redact`] on its way out, which blanks anything shaped like a token, a
//! sign-in code or a password, so a careless `debug!` can never leak one into a support file.
//!
//! The log folder is made 0700 (Unix) before the first file exists, and each file the appender
//! creates is made 0600 right after it appears (tracing-appender opens files with the default
//! mode, 0644 under the usual umask, and offers no hook): see [`PrivateFiles`].

use regex::Regex;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use time::{Date, OffsetDateTime};
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::RollingFileAppender;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::{layer::SubscriberExt, util::SubscriberInitExt, EnvFilter, Layer};

/// Environment variable with a `tracing` filter (named once, in the core).
const FILTER_ENV: &str = closeout_core::LOG_FILTER_ENV;

/// Log files kept (one per day).
const KEPT_DAYS: usize = 14;

static SECRETS: LazyLock<[(Regex, &str); 3]> = LazyLock::new(|| {
    [
        // JSON Web Tokens (access and id tokens): three base64url parts, the first `eyJ`.
        (
            Regex::new(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*").unwrap(),
            "[redacted token]",
        ),
        // `Authorization: Bearer xyz`, in any case.
        (
            Regex::new(r"(?i)(bearer\s+)[^\s,;]+").unwrap(),
            "${1}[redacted]",
        ),
        // key=value or "key": "value" for secret-bearing keys (form bodies, JSON, URLs).
        (
            Regex::new(
                r#"(?i)((?:access_token|refresh_token|id_token|client_secret|code_verifier|device_code|password|code)"?\s*[=:]\s*"?)[^"&\s,;}]+"#,
            )
            .unwrap(),
            "${1}[redacted]",
        ),
    ]
});

/// Blanks anything in `line` that looks like a secret.
fn redact(line: &str) -> String {
    SECRETS
        .iter()
        .fold(line.to_owned(), |text, (pattern, replacement)| {
            pattern.replace_all(&text, *replacement).into_owned()
        })
}

/// Starts logging. Returns the guard that flushes the file on drop (keep it for the app's
/// lifetime), or `None` if the log folder could not be used (stderr still works).
pub fn init(log_dir: Option<&Path>) -> Option<WorkerGuard> {
    let filter = || {
        EnvFilter::try_from_env(FILTER_ENV)
            .unwrap_or_else(|_| EnvFilter::new("info,closeout_app=debug,closeout_core=debug"))
    };
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(Redacting(io::stderr))
        .with_filter(filter());
    let (file, guard) = match log_dir.and_then(|dir| daily_file(dir).ok()) {
        Some(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let layer = tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(Redacting(writer))
                .with_filter(filter());
            (Some(layer), Some(guard))
        }
        None => (None, None),
    };
    // A second init (tests, a second builder) keeps the first subscriber: not an error.
    let _ = tracing_subscriber::registry()
        .with(stderr)
        .with(file)
        .try_init();
    guard
}

const FILE_PREFIX: &str = "closeout";
const FILE_SUFFIX: &str = "log";

fn daily_file(dir: &Path) -> Result<PrivateFiles, String> {
    closeout_core::fsio::private_dir(dir).map_err(|e| e.to_string())?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix(FILE_PREFIX)
        .filename_suffix(FILE_SUFFIX)
        .max_log_files(KEPT_DAYS)
        .build(dir)
        .map_err(|e| e.to_string())?;
    let mut files = PrivateFiles::new(appender, dir);
    files.tighten_if_new_day();
    Ok(files)
}

/// The daily appender, making each day's file owner-only once it exists. The appender rolls
/// over inside `write` (UTC days, files named `closeout.YYYY-MM-DD.log`), so after each write
/// the folder is checked until today's file has been seen and tightened: a new file is 0644
/// for at most one line, inside a 0700 folder.
pub struct PrivateFiles {
    inner: RollingFileAppender,
    dir: PathBuf,
    /// The last UTC day whose file was seen and made private.
    tightened: Option<Date>,
}

impl PrivateFiles {
    pub fn new(inner: RollingFileAppender, dir: &Path) -> Self {
        PrivateFiles {
            inner,
            dir: dir.to_owned(),
            tightened: None,
        }
    }

    fn tighten_if_new_day(&mut self) {
        let today = OffsetDateTime::now_utc().date();
        if self.tightened == Some(today) {
            return;
        }
        let todays = format!("{FILE_PREFIX}.{today}.{FILE_SUFFIX}");
        for entry in std::fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !(name.starts_with(FILE_PREFIX) && name.ends_with(FILE_SUFFIX)) {
                continue;
            }
            match closeout_core::fsio::tighten(&entry.path(), 0o600) {
                // Today's file only counts once it exists (the clock may pass midnight
                // between the appender's write and this check: the next write rolls over).
                Ok(()) if name == todays => self.tightened = Some(today),
                Ok(()) => {}
                // Not logged: this is the logger. The 0700 folder still keeps others out.
                Err(e) => eprintln!("could not make the log file {name} private: {e}"),
            }
        }
    }
}

impl Write for PrivateFiles {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.tighten_if_new_day();
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Wraps a writer factory so each formatted event is scrubbed before it is written.
#[derive(Clone)]
pub struct Redacting<M>(pub M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Redacting<M> {
    type Writer = RedactingWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter(self.0.make_writer())
    }
}

/// The writer [`Redacting`] hands out: the formatter writes each event in one call.
pub struct RedactingWriter<W>(W);

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .write_all(redact(&String::from_utf8_lossy(buf)).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn tokens_codes_and_passwords_are_blanked() {
        // A made-up token ({"typ":"JWT","alg":"RS256"}.{"aud":"https"}.signature), assembled here
        // so that secret scanners do not mistake this test for a leaked credential.
        let jwt = &[
            "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9",
            "eyJhdWQiOiJodHRwcyJ9",
            "c2lnbmF0dXJl",
        ]
        .join(".");
        let line = format!(
            "token {jwt} Authorization: Bearer abc.def refresh_token=0.AXYZ&x=1 \
             {{\"password\": \"hunter2\"}} callback?code=M.C105_xyz&state=s1"
        );
        let out = redact(&line);
        for secret in [jwt.as_str(), "abc.def", "0.AXYZ", "hunter2", "M.C105_xyz"] {
            assert!(!out.contains(secret), "{secret} leaked in {out}");
        }
        assert!(out.contains("state=s1"), "harmless parts stay: {out}");
    }

    #[test]
    fn ordinary_lines_are_untouched() {
        let line = "deleted 7 users in 1 batch (request id 5d2c); next step: domains";
        assert_eq!(redact(line), line);
    }
}
