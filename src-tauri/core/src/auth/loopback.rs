//! The loopback listener that receives the browser's redirect after sign-in.
//!
//! The redirect URI is `http://localhost:{port}/`: Microsoft guarantees that the port is
//! ignored when matching a `localhost` redirect URI against the registered `http://localhost`
//! (issue 15 item 5). The browser may resolve `localhost` to 127.0.0.1 or to ::1, so the
//! listener binds both on the same port where the system has IPv6 loopback.
//!
//! Connections are served concurrently, each within [`LISTENER_READ_TIMEOUT`], at most
//! [`LISTENER_MAX_CONNECTIONS`] at once (security review L2): an idle or slow connection can never hold
//! up the real redirect. Each request is judged by [`super::redirect::judge`]; only the answer
//! to this sign-in ends the wait (L1). Only the request line and the `Host` header are read,
//! and neither the query nor any other header is ever logged.

use super::redirect::{judge, Redirect, RequestHead, Verdict};
use crate::{Error, Result};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

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

/// The language of the page shown in the browser after sign-in: the one [`Lang`] of the core.
pub use crate::lang::Lang;

/// How long one connection may take to send its request (and read the answer).
pub const LISTENER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections served at once; more wait in the kernel's backlog until one is done.
pub const LISTENER_MAX_CONNECTIONS: usize = 32;
/// Fresh port pairs tried when someone else already holds `[::1]` on the port 127.0.0.1 got.
const BIND_ATTEMPTS: usize = 8;
/// Longest request head read (request line and headers).
const MAX_HEAD: usize = 16 * 1024;

/// Bound listeners (127.0.0.1, and [::1] where available) waiting for one redirect.
pub struct Loopback {
    listeners: Vec<TcpListener>,
    port: u16,
    path: String,
}

impl Loopback {
    /// Binds a random port on 127.0.0.1 and the same port on [::1]; `path` is the redirect
    /// path (`/` or `/callback`).
    pub async fn bind(path: &str) -> Result<Self> {
        let failed = |e: &std::io::Error| Error::io("cannot open the sign-in listener", e);
        for _ in 0..BIND_ATTEMPTS {
            let v4 = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                .await
                .map_err(|e| failed(&e))?;
            let port = v4.local_addr().map_err(|e| failed(&e))?.port();
            let mut listeners = vec![v4];
            match TcpListener::bind((Ipv6Addr::LOCALHOST, port)).await {
                Ok(v6) => listeners.push(v6),
                // Another program has [::1] on this port: a browser that tries ::1 first
                // would give it the answer. Take another port.
                Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
                // No IPv6 loopback here: `localhost` then resolves to 127.0.0.1 only.
                Err(e) => tracing::debug!(error = %e, "sign-in listener: no [::1]"),
            }
            return Ok(Loopback {
                listeners,
                port,
                path: path.to_owned(),
            });
        }
        Err(Error::new(
            crate::ErrorCode::Io,
            "cannot open the sign-in listener: every port tried was taken on [::1]",
        ))
    }

    /// `http://localhost:{port}{path}`: what goes into `redirect_uri`.
    pub fn redirect_uri(&self) -> String {
        format!("http://localhost:{}{}", self.port, self.path)
    }

    /// Serves requests until the answer to the sign-in whose `state` is `expected_state`
    /// arrives, and returns it. Everything else is answered and ignored. Dropping the future
    /// closes the listeners and every connection still open.
    pub async fn receive(self, lang: Lang, expected_state: &str) -> Result<Redirect> {
        let context = Arc::new(Context {
            path: self.path.clone(),
            port: self.port,
            state: expected_state.to_owned(),
            lang,
        });
        let v4 = &self.listeners[0];
        let v6 = self.listeners.get(1);
        let mut connections = JoinSet::new();
        loop {
            let room = connections.len() < LISTENER_MAX_CONNECTIONS;
            tokio::select! {
                accepted = v4.accept(), if room => {
                    start(&mut connections, accepted, &context).await;
                }
                accepted = accept(v6), if room && v6.is_some() => {
                    start(&mut connections, accepted, &context).await;
                }
                Some(done) = connections.join_next() => {
                    if let Ok(Some(redirect)) = done {
                        return Ok(redirect);
                    }
                }
            }
        }
    }
}

/// What every connection of one sign-in needs to know.
struct Context {
    path: String,
    port: u16,
    state: String,
    lang: Lang,
}

async fn accept(listener: Option<&TcpListener>) -> std::io::Result<(TcpStream, SocketAddr)> {
    match listener {
        Some(listener) => listener.accept().await,
        None => std::future::pending().await,
    }
}

async fn start(
    connections: &mut JoinSet<Option<Redirect>>,
    accepted: std::io::Result<(TcpStream, SocketAddr)>,
    context: &Arc<Context>,
) {
    match accepted {
        Ok((stream, _)) => {
            connections.spawn(serve(stream, context.clone()));
        }
        // Out of file descriptors and the like: wait a moment instead of spinning.
        Err(e) => {
            tracing::warn!(error = %e, "sign-in listener could not accept a connection");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// One connection: read the head within [`LISTENER_READ_TIMEOUT`], judge it, answer it.
async fn serve(mut stream: TcpStream, context: Arc<Context>) -> Option<Redirect> {
    let head = tokio::time::timeout(LISTENER_READ_TIMEOUT, read_head(&mut stream))
        .await
        .ok()
        .flatten()?;
    // Anything but GET (POST, HEAD, garbage) is dropped without an answer, as before.
    if head.method != "GET" {
        return None;
    }
    let verdict = judge(&head, &context.path, context.port, &context.state);
    let (status, body, answer) = match verdict {
        Verdict::NotFound => (404, "Not found".to_owned(), None),
        Verdict::Ignore(reason) => {
            tracing::warn!(reason, "the sign-in listener ignored a request");
            (400, page(context.lang, false), None)
        }
        Verdict::Answer(redirect) => {
            let success = matches!(redirect, Redirect::Code(_));
            (200, page(context.lang, success), Some(redirect))
        }
    };
    let _ = tokio::time::timeout(LISTENER_READ_TIMEOUT, respond(&mut stream, status, &body)).await;
    answer
}

/// Reads up to the blank line that ends the request head; `None` if the peer closes first or
/// sends more than [`MAX_HEAD`] bytes.
async fn read_head(stream: &mut TcpStream) -> Option<RequestHead> {
    let mut buf = Vec::with_capacity(2048);
    let mut chunk = [0u8; 2048];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            return RequestHead::parse(&String::from_utf8_lossy(&buf[..end]));
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() > MAX_HEAD {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
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
    let key = if success {
        "browser_page.done"
    } else {
        "browser_page.failed"
    };
    let t = |part: &str| crate::backup::html_escape(lang.text(&format!("{key}.{part}")));
    let (html_lang, title, line1, line2) = (lang.code(), t("title"), t("heading"), t("body"));
    format!(
        "<!doctype html><html lang=\"{html_lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>Closeout: {title}</title>\
         <style>body{{font:18px/1.5 system-ui,sans-serif;max-width:32em;margin:15vh auto;padding:0 1em;color:#1b1b1b}}\
         h1{{font-size:1.5em}}</style></head><body><main><h1>{line1}</h1><p>{line2}</p></main></body></html>"
    )
}
