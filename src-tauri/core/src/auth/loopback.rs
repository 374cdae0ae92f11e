//! The one-shot loopback listener that receives the browser's redirect after sign-in.
//!
//! It binds `127.0.0.1` on a random port (Microsoft ignores the port when matching loopback
//! redirect URIs, RFC 8252), answers unrelated requests (favicon, probes) with 404 and keeps
//! waiting, and on the redirect path shows a short page in the owner's language telling them
//! to go back to Closeout. It reads only the request line: nothing else of the browser's
//! request is needed or logged.

use crate::{Error, Result};
use std::collections::HashMap;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// Lets the face stop a sign-in that is waiting (the "Cancel" button). Cheap to clone.
#[derive(Debug, Clone)]
pub struct CancelHandle(std::sync::Arc<watch::Sender<bool>>);

impl Default for CancelHandle {
    fn default() -> Self {
        CancelHandle(std::sync::Arc::new(watch::channel(false).0))
    }
}

impl CancelHandle {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.0.send_replace(true);
    }

    pub fn is_cancelled(&self) -> bool {
        *self.0.borrow()
    }

    /// Completes when [`Self::cancel`] has been called (at once if it already was).
    pub async fn cancelled(&self) {
        let mut rx = self.0.subscribe();
        // The sender lives in `self`, so `wait_for` cannot fail while we hold it.
        let _ = rx.wait_for(|cancelled| *cancelled).await;
    }
}

/// The language of the page shown in the browser after sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    It,
}

impl Lang {
    /// From a language tag such as `it-IT` or `en`; English for anything else.
    pub fn from_tag(tag: &str) -> Self {
        if tag.to_ascii_lowercase().starts_with("it") {
            Lang::It
        } else {
            Lang::En
        }
    }
}

/// A bound listener waiting for one redirect.
pub struct Loopback {
    listener: TcpListener,
    path: String,
}

impl Loopback {
    /// Binds `127.0.0.1:0`; `path` is the redirect path (`/` or `/callback`).
    pub async fn bind(path: &str) -> Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(|e| Error::io("cannot open the sign-in listener on 127.0.0.1", &e))?;
        Ok(Loopback {
            listener,
            path: path.to_owned(),
        })
    }

    /// `http://127.0.0.1:{port}{path}`: what goes into `redirect_uri`.
    pub fn redirect_uri(&self) -> Result<String> {
        let port = self
            .listener
            .local_addr()
            .map_err(|e| Error::io("sign-in listener address", &e))?
            .port();
        Ok(format!("http://127.0.0.1:{port}{}", self.path))
    }

    /// Waits for the redirect and returns its query parameters. `judge` decides from them
    /// whether the page says "signed in" (true) or "did not complete" (false).
    pub async fn receive(
        self,
        lang: Lang,
        judge: impl Fn(&HashMap<String, String>) -> bool,
    ) -> Result<HashMap<String, String>> {
        loop {
            let (mut stream, _) = self
                .listener
                .accept()
                .await
                .map_err(|e| Error::io("sign-in listener", &e))?;
            let Some(target) = read_request_target(&mut stream).await else {
                continue;
            };
            let (path, query) = target.split_once('?').unwrap_or((&target, ""));
            if path != self.path {
                respond(&mut stream, 404, "Not found").await;
                continue;
            }
            let params: HashMap<String, String> = url::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect();
            if !params.contains_key("code") && !params.contains_key("error") {
                respond(&mut stream, 400, &page(lang, false)).await;
                continue;
            }
            respond(&mut stream, 200, &page(lang, judge(&params))).await;
            return Ok(params);
        }
    }
}

/// Reads the request line (`GET /path?query HTTP/1.1`) and returns the target.
async fn read_request_target(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(2048);
    let mut chunk = [0u8; 2048];
    while !buf.windows(2).any(|w| w == b"\r\n") {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() > 16 * 1024 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let line = String::from_utf8_lossy(&buf);
    let mut parts = line.lines().next()?.split(' ');
    let method = parts.next()?;
    let target = parts.next()?;
    (method == "GET").then(|| target.to_owned())
}

async fn respond(stream: &mut TcpStream, status: u16, body: &str) {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        _ => "Not Found",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: text/html; charset=utf-8\r\n\
         content-length: {}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(body.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// The page the owner sees in the browser after the redirect.
pub fn page(lang: Lang, success: bool) -> String {
    let (html_lang, title, line1, line2) = match (lang, success) {
        (Lang::En, true) => (
            "en",
            "Signed in",
            "You are signed in.",
            "You can go back to Closeout and close this tab.",
        ),
        (Lang::En, false) => (
            "en",
            "Sign-in did not complete",
            "Sign-in did not complete.",
            "Go back to Closeout: it shows what happened and lets you try again.",
        ),
        (Lang::It, true) => (
            "it",
            "Accesso effettuato",
            "Accesso effettuato.",
            "Puoi tornare a Closeout e chiudere questa scheda.",
        ),
        (Lang::It, false) => (
            "it",
            "Accesso non completato",
            "L'accesso non è stato completato.",
            "Torna a Closeout: ti mostra cosa è successo e ti permette di riprovare.",
        ),
    };
    format!(
        "<!doctype html><html lang=\"{html_lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>Closeout: {title}</title>\
         <style>body{{font:18px/1.5 system-ui,sans-serif;max-width:32em;margin:15vh auto;padding:0 1em;color:#1b1b1b}}\
         h1{{font-size:1.5em}}</style></head><body><main><h1>{line1}</h1><p>{line2}</p></main></body></html>"
    )
}
