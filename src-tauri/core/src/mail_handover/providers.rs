//! The short list of common mail providers the owner can choose from, with the MX and SPF
//! values each publishes in its own setup guide (read for this list; a provider may change
//! them, so the page also takes a pasted value). "A web host's email" has no fixed values:
//! the usual cPanel-style setup is shown and marked as to be confirmed with the host.

use serde::Serialize;

/// One MX record to create: `preference host`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MxValue {
    pub preference: u16,
    pub host: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Provider {
    /// Stable id (`google`, `zoho`, `fastmail`, `proton`, `web_host`).
    pub id: &'static str,
    pub name: &'static str,
    pub mx: Vec<MxValue>,
    pub spf: String,
    /// `true` when the values are typical rather than the provider's own (confirm them).
    pub confirm_with_provider: bool,
}

fn mx(list: &[(u16, &str)]) -> Vec<MxValue> {
    list.iter()
        .map(|(preference, host)| MxValue {
            preference: *preference,
            host: host.to_string(),
        })
        .collect()
}

/// The providers, in the order the page lists them; `domain` fills the web host's values.
pub fn providers(domain: &str) -> Vec<Provider> {
    vec![
        Provider {
            id: "google",
            name: "Google Workspace",
            mx: mx(&[(1, "smtp.google.com")]),
            spf: "v=spf1 include:_spf.google.com ~all".into(),
            confirm_with_provider: false,
        },
        Provider {
            id: "zoho",
            name: "Zoho Mail",
            mx: mx(&[
                (10, "mx.zoho.com"),
                (20, "mx2.zoho.com"),
                (50, "mx3.zoho.com"),
            ]),
            spf: "v=spf1 include:zohomail.com ~all".into(),
            confirm_with_provider: false,
        },
        Provider {
            id: "fastmail",
            name: "Fastmail",
            mx: mx(&[
                (10, "in1-smtp.messagingengine.com"),
                (20, "in2-smtp.messagingengine.com"),
            ]),
            spf: "v=spf1 include:spf.messagingengine.com ?all".into(),
            confirm_with_provider: false,
        },
        Provider {
            id: "proton",
            name: "Proton Mail",
            mx: mx(&[(10, "mail.protonmail.ch"), (20, "mailsec.protonmail.ch")]),
            spf: "v=spf1 include:_spf.protonmail.ch ~all".into(),
            confirm_with_provider: false,
        },
        Provider {
            id: "web_host",
            name: "A web host's email",
            mx: vec![MxValue {
                preference: 0,
                host: format!("mail.{domain}"),
            }],
            spf: "v=spf1 a mx ~all".into(),
            confirm_with_provider: true,
        },
    ]
}
