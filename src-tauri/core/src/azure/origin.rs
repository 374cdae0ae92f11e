//! Where the Azure Resource Manager token may go: the second origin rule, beside Graph's
//! (`graph/origin.rs`). The ARM token is sent only to the configured ARM base (same scheme,
//! host and port, no user info, a path under the base's path that starts with one of the few
//! ARM paths Closeout calls, with an `api-version`); `nextLink` only as an absolute URL on
//! that base. The Graph client has its own base and its own token, so neither token can reach
//! the other service. The base must be `https` except on loopback (the practice tenant).

use crate::auth::config::require_secure;
use crate::{Error, ErrorCode, Result};
use url::Url;

/// Microsoft's Azure Resource Manager.
pub const MICROSOFT_ARM: &str = "https://management.azure.com";

/// The ARM paths Closeout calls (after the base's own path).
const PATHS: [&str; 2] = ["/subscriptions", "/providers/Microsoft.Authorization/"];

#[derive(Debug, Clone)]
pub(crate) struct ArmBase {
    url: Url,
    text: String,
}

impl ArmBase {
    pub fn parse(base_url: &str) -> Result<Self> {
        let text = base_url.trim().trim_end_matches('/').to_owned();
        let url = require_secure("the Azure Resource Manager address", &text)?;
        if !url.username().is_empty()
            || url.password().is_some()
            || url.query().is_some()
            || url.fragment().is_some()
        {
            return Err(Error::new(
                ErrorCode::Config,
                "the Azure Resource Manager address must be a plain address such as https://management.azure.com",
            ));
        }
        Ok(ArmBase { url, text })
    }

    /// The full URL for `path` (`/subscriptions?api-version=2022-12-01`), or a refusal.
    pub fn url_for(&self, path: &str) -> Result<Url> {
        if !path.starts_with('/') || path.starts_with("//") {
            return Err(refused("?"));
        }
        let url = Url::parse(&format!("{}{}", self.text, path)).map_err(|_| refused("?"))?;
        self.check(&url)?;
        Ok(url)
    }

    /// A `nextLink` from an answer: only an absolute URL on this base.
    pub fn next_page(&self, link: &str) -> Result<Url> {
        let url = Url::parse(link).map_err(|_| refused("?"))?;
        self.check(&url)?;
        Ok(url)
    }

    fn check(&self, url: &Url) -> Result<()> {
        let same_origin = url.scheme() == self.url.scheme()
            && url.host() == self.url.host()
            && url.port_or_known_default() == self.url.port_or_known_default();
        let no_user = url.username().is_empty() && url.password().is_none();
        let base_path = self.url.path().trim_end_matches('/');
        let known_path = url
            .path()
            .strip_prefix(base_path)
            .is_some_and(|rest| PATHS.iter().any(|p| rest.starts_with(p)));
        let versioned = url.query_pairs().any(|(k, _)| k == "api-version");
        if same_origin && no_user && known_path && versioned && url.fragment().is_none() {
            Ok(())
        } else {
            Err(refused(url.host_str().unwrap_or("?")))
        }
    }
}

/// Names the host only, never the path or query.
fn refused(host: &str) -> Error {
    Error::new(
        ErrorCode::MalformedResponse,
        format!(
            "refused to send the Azure sign-in to {host}: it is not the Azure Resource Manager \
             address Closeout was set up with"
        ),
    )
    .with_details(serde_json::json!({ "host": host }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_paths_on_the_base_with_an_api_version() {
        let base = ArmBase::parse("http://127.0.0.1:4000/arm").unwrap();
        assert!(base
            .url_for("/subscriptions?api-version=2022-12-01")
            .is_ok());
        assert!(base
            .url_for("/providers/Microsoft.Authorization/elevateAccess?api-version=2016-07-01")
            .is_ok());
        for bad in [
            "/subscriptions",
            "/v1.0/users?api-version=1",
            "//evil.example/subscriptions?api-version=1",
            "@evil.example/subscriptions?api-version=1",
            "1/subscriptions?api-version=1",
        ] {
            assert!(base.url_for(bad).is_err(), "{bad}");
        }
        assert!(base
            .next_page(
                "http://127.0.0.1:4000/arm/subscriptions?api-version=2022-12-01&$skiptoken=2"
            )
            .is_ok());
        for bad in [
            "http://127.0.0.1:4001/arm/subscriptions?api-version=1",
            "http://evil.example/arm/subscriptions?api-version=1",
            "http://127.0.0.1:4000/subscriptions?api-version=1",
            "http://u:p@127.0.0.1:4000/arm/subscriptions?api-version=1",
            "/arm/subscriptions?api-version=1",
        ] {
            assert!(base.next_page(bad).is_err(), "{bad}");
        }
        assert!(
            ArmBase::parse("http://management.azure.com").is_err(),
            "https only"
        );
        assert!(ArmBase::parse(MICROSOFT_ARM).is_ok());
    }
}
