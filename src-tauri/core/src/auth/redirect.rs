//! What one request to the sign-in listener means: the browser coming back with the answer to
//! *this* sign-in, or something to ignore (a favicon, a probe, a forged or stale redirect).
//!
//! Pure functions over the request head, so every rule is unit-tested without a socket. The
//! rules (security review L1, issue 15 item 6):
//! - the `Host` must be this listener (`localhost`, `127.0.0.1` or `[::1]` with its port), so
//!   a page on another name that resolves to 127.0.0.1 (DNS rebinding) is not served;
//! - a `code` counts only with the `state` this sign-in sent: a wrong state, or a code without
//!   any state, is ignored (answered 400) and the listener keeps waiting;
//! - an `error` with this sign-in's state ends the sign-in with that error; so does an `error`
//!   without any `state`, which is the shape Microsoft documents for a cancelled sign-in
//!   (`?error=access_denied&error_description=the+user+canceled+the+authentication`). Such an
//!   answer carries no code, so nothing is ever exchanged for it.

use std::collections::HashMap;

/// The part of an HTTP request the listener reads: the request line and the `Host` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RequestHead {
    pub method: String,
    pub target: String,
    pub host: Option<String>,
}

impl RequestHead {
    /// Parses the head (everything before the blank line). `None` for anything that is not
    /// an HTTP request line.
    pub fn parse(head: &str) -> Option<RequestHead> {
        let mut lines = head.split("\r\n");
        let mut parts = lines.next()?.split(' ');
        let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
        if !version.starts_with("HTTP/") || parts.next().is_some() {
            return None;
        }
        let host = lines
            .filter_map(|line| line.split_once(':'))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("host"))
            .map(|(_, value)| value.trim().to_owned());
        Some(RequestHead {
            method: method.to_owned(),
            target: target.to_owned(),
            host,
        })
    }
}

/// The answer to this sign-in that the browser brought back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Redirect {
    /// An authorization code, with the state this sign-in sent.
    Code(String),
    /// An OAuth error (`error`, `error_description`); `state_returned` is false for the
    /// state-less shape of Microsoft's documented cancel.
    Error {
        error: String,
        description: Option<String>,
        state_returned: bool,
    },
}

/// What the listener does with one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Another path: 404, keep waiting.
    NotFound,
    /// Not an answer to this sign-in: 400, log the reason (never the query), keep waiting.
    Ignore(&'static str),
    /// The answer: show the page and end the wait.
    Answer(Redirect),
}

/// Judges a GET request on the listener bound to `port`, whose redirect path is `path`.
pub(crate) fn judge(head: &RequestHead, path: &str, port: u16, expected_state: &str) -> Verdict {
    if !host_is_this_listener(head.host.as_deref(), port) {
        return Verdict::Ignore("the Host header does not name this listener");
    }
    let (request_path, query) = head.target.split_once('?').unwrap_or((&head.target, ""));
    if request_path != path {
        return Verdict::NotFound;
    }
    let mut params: HashMap<String, String> = HashMap::new();
    for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
        if params
            .insert(name.into_owned(), value.into_owned())
            .is_some()
        {
            return Verdict::Ignore("a parameter appears twice");
        }
    }
    let error = params.get("error").cloned();
    let code = params.get("code").cloned();
    let description = params.get("error_description").cloned();
    match (params.get("state"), error, code) {
        (Some(state), Some(error), _) if state == expected_state => {
            Verdict::Answer(Redirect::Error {
                error,
                description,
                state_returned: true,
            })
        }
        (Some(state), None, Some(code)) if state == expected_state => {
            Verdict::Answer(Redirect::Code(code))
        }
        (Some(state), None, None) if state == expected_state => {
            Verdict::Ignore("neither a code nor an error")
        }
        (Some(_), _, _) => Verdict::Ignore("the state is not this sign-in's"),
        (None, Some(error), None) => Verdict::Answer(Redirect::Error {
            error,
            description,
            state_returned: false,
        }),
        (None, _, Some(_)) => Verdict::Ignore("a code without a state"),
        (None, None, None) => Verdict::Ignore("neither a code nor an error"),
    }
}

/// `localhost`, `127.0.0.1` or `[::1]`, with this listener's port (browsers always send it
/// for a port other than 80).
fn host_is_this_listener(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else {
        return false;
    };
    let host = host.to_ascii_lowercase();
    ["localhost", "127.0.0.1", "[::1]"]
        .iter()
        .any(|name| host == format!("{name}:{port}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATE: &str = "s-Good_123";

    fn get(target: &str, host: &str) -> RequestHead {
        RequestHead {
            method: "GET".into(),
            target: target.into(),
            host: Some(host.into()),
        }
    }

    fn verdict(target: &str) -> Verdict {
        judge(&get(target, "localhost:5000"), "/", 5000, STATE)
    }

    #[test]
    fn the_head_is_read_with_its_host_in_any_case() {
        let head = RequestHead::parse(
            "GET /?code=x HTTP/1.1\r\nUser-Agent: test\r\nhOsT:  localhost:5000 \r\n",
        )
        .unwrap();
        assert_eq!(head, get("/?code=x", "localhost:5000"));
        assert!(RequestHead::parse("garbage").is_none());
        assert!(RequestHead::parse("GET / FTP/1\r\n").is_none());
    }

    #[test]
    fn only_this_sign_ins_state_answers() {
        assert_eq!(
            verdict("/?code=c1&state=s-Good_123"),
            Verdict::Answer(Redirect::Code("c1".into()))
        );
        assert_eq!(
            verdict("/?code=c1&state=forged"),
            Verdict::Ignore("the state is not this sign-in's")
        );
        assert_eq!(
            verdict("/?code=c1"),
            Verdict::Ignore("a code without a state")
        );
        assert_eq!(
            verdict("/?error=access_denied&state=forged"),
            Verdict::Ignore("the state is not this sign-in's")
        );
        assert_eq!(
            verdict("/?state=s-Good_123"),
            Verdict::Ignore("neither a code nor an error")
        );
        assert_eq!(
            verdict("/?code=c1&state=s-Good_123&state=x"),
            Verdict::Ignore("a parameter appears twice")
        );
        assert_eq!(verdict("/favicon.ico"), Verdict::NotFound);
    }

    #[test]
    fn an_error_without_state_is_microsofts_cancel_and_is_reported() {
        assert_eq!(
            verdict("/?error=access_denied&error_description=the+user+canceled+the+authentication"),
            Verdict::Answer(Redirect::Error {
                error: "access_denied".into(),
                description: Some("the user canceled the authentication".into()),
                state_returned: false,
            })
        );
        // An error with this sign-in's state wins over a code that came with it.
        assert!(matches!(
            verdict("/?error=server_error&code=c1&state=s-Good_123"),
            Verdict::Answer(Redirect::Error {
                state_returned: true,
                ..
            })
        ));
        // With no state, a code next to an error is still never taken.
        assert_eq!(
            verdict("/?error=x&code=c1"),
            Verdict::Ignore("a code without a state")
        );
    }

    #[test]
    fn only_requests_addressed_to_this_listener_count() {
        let good = "/?code=c1&state=s-Good_123";
        for host in [
            "localhost:5000",
            "LOCALHOST:5000",
            "127.0.0.1:5000",
            "[::1]:5000",
        ] {
            assert!(
                matches!(
                    judge(&get(good, host), "/", 5000, STATE),
                    Verdict::Answer(_)
                ),
                "{host}"
            );
        }
        for host in [
            "evil.example:5000",
            "localhost:5001",
            "localhost",
            "127.0.0.2:5000",
        ] {
            assert_eq!(
                judge(&get(good, host), "/", 5000, STATE),
                Verdict::Ignore("the Host header does not name this listener"),
                "{host}"
            );
        }
        let no_host = RequestHead {
            host: None,
            ..get(good, "")
        };
        assert!(matches!(
            judge(&no_host, "/", 5000, STATE),
            Verdict::Ignore(_)
        ));
    }
}
