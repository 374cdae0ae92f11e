//! Looking for tokens where they must never be: every access and refresh token a session
//! held is remembered, then a text (the captured logs, any file on disk) is searched for each
//! token whole and for every 24-character slice of one.

use closeout_core::auth::Session;
use closeout_core::graph::{Secret, TokenSource};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tracing_subscriber::fmt::MakeWriter;

/// The shortest piece of a token that counts as a leak.
pub const SLICE: usize = 24;

/// Every distinct token a session has held, rotated ones included.
#[derive(Default)]
pub struct Tokens(Vec<Secret>);

impl Tokens {
    /// Remembers the session's current access token and refresh token.
    pub async fn remember(&mut self, session: &Session) {
        let access = session.access_token().await.expect("an access token");
        let refresh = session.refresh_token().await;
        for token in std::iter::once(access).chain(refresh) {
            assert!(token.expose().len() >= SLICE, "a real token");
            if !self.0.contains(&token) {
                self.0.push(token);
            }
        }
    }

    pub fn distinct(&self) -> usize {
        self.0.len()
    }

    /// Panics if `bytes` (named `place` in the message) holds a token or any slice of one.
    pub fn assert_absent(&self, place: &str, bytes: &[u8]) {
        let slices: HashSet<&[u8]> = self
            .0
            .iter()
            .flat_map(|token| token.expose().as_bytes().windows(SLICE))
            .collect();
        if let Some(at) = bytes.windows(SLICE).position(|w| slices.contains(w)) {
            panic!("{place} holds a slice of a token at byte {at}");
        }
    }
}

/// An in-memory log sink.
#[derive(Clone, Default)]
pub struct Buffer(pub Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// Every crate logs at TRACE, span events included, into `writer` (once per test binary).
pub fn log_everything_at_trace<W>(writer: W)
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(writer)
        .init();
}

/// Every file below `dir`, at any depth.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_below(&path));
        } else {
            files.push(path);
        }
    }
    files
}
