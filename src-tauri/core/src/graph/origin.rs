//! Where the bearer token may go: one rule for every URL the Graph client sends a token to.
//!
//! The token is sent only to the configured Graph base: the same scheme, host and port, no
//! user name or password in the URL, and a path under the base's path that starts with a
//! Graph version (`/v1.0/` or `/beta/`). Paths are never glued onto the base as strings
//! without that check: `"1/v1.0/users"` glued onto `http://127.0.0.1:4000` is another port,
//! `"@evil.example/v1.0"` another host (security review M1). Links taken from an answer
//! (`@odata.nextLink`) must be absolute URLs on that same base, as Microsoft writes them.
//!
//! The base itself must be `https`, except on the loopback interface (the practice tenant and
//! the tests), so a mistyped `--graph http://...` never sends a token in clear text.

use super::errors;
use crate::auth::config::require_secure;
use crate::{Error, ErrorCode, Result};
use url::Url;

/// The Graph versions Closeout calls; every path starts with one of them.
const VERSIONS: [&str; 2] = ["/v1.0/", "/beta/"];

/// The configured Graph base URL, checked once.
#[derive(Debug, Clone)]
pub(crate) struct GraphBase {
    url: Url,
    /// The base as configured, without a trailing slash (`https://graph.microsoft.com`).
    text: String,
}

impl GraphBase {
    pub fn parse(base_url: &str) -> Result<Self> {
        let config = |why: &str| Error::new(ErrorCode::Config, format!("Graph base URL: {why}"));
        let text = base_url.trim().trim_end_matches('/').to_owned();
        let url = require_secure("the Graph base URL", &text)?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(config("must not carry a user name or password"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(config(
                "must be a plain address such as https://graph.microsoft.com",
            ));
        }
        Ok(GraphBase { url, text })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The full URL for a client path (`/v1.0/users?$select=id`), or an error if the path
    /// would leave the base (another host or port, user info, or no Graph version).
    pub fn url_for(&self, path: &str) -> Result<Url> {
        let refused = |host: &str| leaves_base(host, path);
        if !path.starts_with('/') || path.starts_with("//") {
            return Err(refused("?"));
        }
        let url = Url::parse(&format!("{}{}", self.text, path)).map_err(|_| refused("?"))?;
        self.check(&url).map_err(|_| refused(&host_port(&url)))?;
        Ok(url)
    }

    /// The client path of an `@odata.nextLink`: it must be an absolute URL on this base.
    pub fn next_page(&self, link: &str) -> Result<String> {
        let url = Url::parse(link).map_err(|_| leaves_base("?", "@odata.nextLink"))?;
        self.check(&url)
            .map_err(|_| leaves_base(&host_port(&url), "@odata.nextLink"))?;
        let mut path = url.path()[self.base_path().len()..].to_owned();
        if let Some(query) = url.query() {
            path.push('?');
            path.push_str(query);
        }
        Ok(path)
    }

    /// Same origin, no user info, a versioned path under the base's path.
    fn check(&self, url: &Url) -> std::result::Result<(), ()> {
        let same_origin = url.scheme() == self.url.scheme()
            && url.host() == self.url.host()
            && url.port_or_known_default() == self.url.port_or_known_default();
        let no_user = url.username().is_empty() && url.password().is_none();
        let under_base = url
            .path()
            .strip_prefix(self.base_path())
            .is_some_and(|rest| VERSIONS.iter().any(|v| rest.starts_with(v)));
        (same_origin && no_user && under_base && url.fragment().is_none())
            .then_some(())
            .ok_or(())
    }

    /// The base's own path without its trailing slash (`""` for `https://graph.microsoft.com`).
    fn base_path(&self) -> &str {
        self.url.path().trim_end_matches('/')
    }
}

fn host_port(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => "?".into(),
    }
}

/// The refusal: it names the host, never the path's query (it may carry a token of its own).
fn leaves_base(host: &str, what: &str) -> Error {
    let template = errors::template(what);
    Error::new(
        ErrorCode::MalformedResponse,
        format!(
            "refused to follow a link to {host}: it is not the Microsoft Graph address \
             Closeout signed in to, so your sign-in was not sent there"
        ),
    )
    .with_details(serde_json::json!({ "host": host, "request": template }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(text: &str) -> GraphBase {
        GraphBase::parse(text).unwrap()
    }

    #[test]
    fn glued_paths_that_change_host_port_or_user_are_refused() {
        let b = base("http://127.0.0.1:4000");
        for path in [
            "1/v1.0/users",
            "@localhost:40001/v1.0/users",
            ".evil.example/v1.0/users",
            "//evil.example/v1.0/users",
            "/users",
            "v1.0/users",
        ] {
            assert!(b.url_for(path).is_err(), "{path} must be refused");
        }
        assert_eq!(
            b.url_for("/v1.0/users?$top=999").unwrap().as_str(),
            "http://127.0.0.1:4000/v1.0/users?$top=999"
        );
    }

    #[test]
    fn next_links_must_be_absolute_on_the_same_base() {
        let b = base("https://graph.microsoft.com");
        assert_eq!(
            b.next_page("https://graph.microsoft.com/v1.0/users?$skiptoken=X%27Y")
                .unwrap(),
            "/v1.0/users?$skiptoken=X%27Y"
        );
        for link in [
            "https://graph.microsoft.com.evil.example/v1.0/users",
            "https://evil@graph.microsoft.com/v1.0/users",
            "https://graph.microsoft.com:8443/v1.0/users",
            "http://graph.microsoft.com/v1.0/users",
            "/v1.0/users?$skiptoken=2",
            "https://graph.microsoft.com/evil/users",
        ] {
            let err = b.next_page(link).unwrap_err();
            assert_eq!(err.code, ErrorCode::MalformedResponse, "{link}");
        }
    }

    #[test]
    fn a_base_with_a_path_keeps_its_prefix() {
        let b = base("http://127.0.0.1:9/graph/");
        assert_eq!(
            b.url_for("/v1.0/me").unwrap().as_str(),
            "http://127.0.0.1:9/graph/v1.0/me"
        );
        assert_eq!(
            b.next_page("http://127.0.0.1:9/graph/v1.0/users?$skiptoken=1")
                .unwrap(),
            "/v1.0/users?$skiptoken=1"
        );
        assert!(b.next_page("http://127.0.0.1:9/v1.0/users").is_err());
    }

    #[test]
    fn plain_http_only_on_loopback() {
        for ok in [
            "https://graph.microsoft.com",
            "http://127.0.0.1:4000",
            "http://[::1]:4000",
            "http://localhost:4000",
        ] {
            assert!(GraphBase::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://graph.microsoft.com",
            "ftp://graph.microsoft.com",
            "https://user:pw@graph.microsoft.com",
            "https://graph.microsoft.com/?x=1",
            "file:///etc/passwd",
        ] {
            assert_eq!(
                GraphBase::parse(bad).unwrap_err().code,
                ErrorCode::Config,
                "{bad}"
            );
        }
    }
}
