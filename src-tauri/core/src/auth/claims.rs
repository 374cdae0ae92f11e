//! What the ID token says about the person: tenant, object id, user name.
//!
//! The ID token came straight from the token endpoint over TLS, so it is read for display and
//! for pinning the tenant without verifying its signature (OpenID Connect Core 3.1.3.7 allows
//! this for tokens received directly from the token endpoint). Graph then confirms the tenant.

use serde::Deserialize;

/// Claims of the most recent ID token (all optional: not every server sends every claim).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Claims {
    /// Microsoft's tenant id.
    #[serde(rename = "tid")]
    pub tenant_id: Option<String>,
    /// Microsoft's object id of the user.
    #[serde(rename = "oid")]
    pub object_id: Option<String>,
    #[serde(rename = "preferred_username")]
    pub username: Option<String>,
    pub name: Option<String>,
    #[serde(rename = "sub")]
    pub subject: Option<String>,
}

impl Claims {
    /// Reads the payload of a compact JWT; anything unreadable gives empty claims.
    pub fn from_id_token(id_token: &str) -> Claims {
        id_token
            .split('.')
            .nth(1)
            .and_then(base64url_decode)
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }
}

/// Unpadded base64url, as JWTs use.
fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for byte in text.trim_end_matches('=').bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_microsoft_claims() {
        // {"tid":"t-1","oid":"o-1","preferred_username":"anna@bakery.example","name":"Anna"}
        let payload = "eyJ0aWQiOiJ0LTEiLCJvaWQiOiJvLTEiLCJwcmVmZXJyZWRfdXNlcm5hbWUiOiJhbm5hQGJha2VyeS5leGFtcGxlIiwibmFtZSI6IkFubmEifQ";
        let claims = Claims::from_id_token(&format!("eyJhbGciOiJub25lIn0.{payload}.sig"));
        assert_eq!(claims.tenant_id.as_deref(), Some("t-1"));
        assert_eq!(claims.username.as_deref(), Some("anna@bakery.example"));
        assert_eq!(Claims::from_id_token("garbage"), Claims::default());
        assert_eq!(Claims::from_id_token("a.!!!.c"), Claims::default());
    }
}
