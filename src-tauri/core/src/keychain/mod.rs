//! The refresh token in the OS keychain, and nowhere else.
//!
//! Only the refresh token is kept (the access token lives in memory), one per tenant, under
//! the service name `closeout`. Windows Credential Manager caps a secret at 2,560 bytes and
//! Microsoft refresh tokens can be longer, so a token is split into parts of at most 1,200
//! UTF-16 units, stored as separate entries (`refresh-token:{tenant}#1`, `#2`, ...) and a
//! header entry (`refresh-token:{tenant}`) written *last*: `closeout-v1;parts=N;len=L;fnv=H`.
//! Reading checks the count, length and checksum, so a write that stopped half-way (crash,
//! power cut) is detected and treated as "no saved sign-in" instead of a garbled token.
//!
//! Errors become [`ErrorCode::KeychainUnavailable`] (no keychain / no session bus),
//! [`ErrorCode::KeychainLocked`] or [`ErrorCode::KeychainDenied`] (a refused prompt). The app
//! keeps working for the session without saving; there is never a plain-text fallback.
//! The calls block (D-Bus, Security framework): run them with `spawn_blocking` from async code.

use crate::graph::Secret;
use crate::{Error, ErrorCode, Result};
use keyring::Entry;

/// The keychain service name used by the app.
pub const SERVICE: &str = "closeout";

/// Most UTF-16 units in one stored part (2,400 bytes, under Windows' 2,560).
const PART_UTF16_UNITS: usize = 1_200;
/// Upper bound of parts probed when cleaning up (a token of ~72 KB).
const MAX_PARTS: usize = 60;
/// Missing part slots in a row after which [`Keychain::delete`] stops looking. Each probe is
/// a keychain round trip, so not all [`MAX_PARTS`]; real tokens have one to three parts.
const GAP_TOLERANCE: usize = 3;

/// The refresh-token store of one keychain service.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

impl Default for Keychain {
    fn default() -> Self {
        Keychain::new(SERVICE)
    }
}

impl Keychain {
    /// A store under `service` (tests use their own service name).
    pub fn new(service: &str) -> Self {
        Keychain {
            service: service.to_owned(),
        }
    }

    /// Saves (replaces) the refresh token of `tenant_id`.
    pub fn store(&self, tenant_id: &str, refresh_token: &Secret) -> Result<()> {
        let parts = split(refresh_token.expose());
        for (i, part) in parts.iter().enumerate() {
            self.entry(&part_user(tenant_id, i + 1))?
                .set_password(part)
                .map_err(map_error)?;
        }
        let header = Header {
            parts: parts.len(),
            len: refresh_token.expose().len(),
            fnv: fnv1a(refresh_token.expose()),
        };
        self.entry(&header_user(tenant_id))?
            .set_password(&header.to_string())
            .map_err(map_error)?;
        // Parts beyond the new count belong to an older, longer token.
        self.delete_parts(tenant_id, parts.len() + 1)
    }

    /// The saved refresh token of `tenant_id`, if there is a complete one.
    pub fn load(&self, tenant_id: &str) -> Result<Option<Secret>> {
        let Some(text) = self.read(&header_user(tenant_id))? else {
            return Ok(None);
        };
        let Some(header) = Header::parse(&text) else {
            tracing::warn!("keychain: unreadable header, treating as no saved sign-in");
            return Ok(None);
        };
        let mut token = String::with_capacity(header.len);
        for i in 1..=header.parts {
            match self.read(&part_user(tenant_id, i))? {
                Some(part) => token.push_str(&part),
                None => break,
            }
        }
        if token.len() != header.len || fnv1a(&token) != header.fnv {
            tracing::warn!("keychain: saved sign-in is incomplete (partial write), ignoring it");
            return Ok(None);
        }
        Ok(Some(Secret::new(token)))
    }

    /// Forgets the saved refresh token of `tenant_id`, every entry of it (no error if there
    /// is none). The header goes first, so from then on [`Self::load`] finds nothing whatever
    /// happens to the parts. The parts are then deleted up to [`GAP_TOLERANCE`] missing slots
    /// in a row, not only up to the first missing one: an earlier clean-up that stopped
    /// half-way (before clean-ups went highest first) can have left parts after a gap.
    pub fn delete(&self, tenant_id: &str) -> Result<()> {
        self.delete_entry(&header_user(tenant_id))?;
        let mut missing_in_a_row = 0;
        for i in 1..=MAX_PARTS {
            if self.delete_entry(&part_user(tenant_id, i))? {
                missing_in_a_row = 0;
            } else {
                missing_in_a_row += 1;
                if missing_in_a_row == GAP_TOLERANCE {
                    break;
                }
            }
        }
        Ok(())
    }

    /// Deletes the parts from `from` on that an older, longer token left, highest first, so
    /// that a clean-up that stops half-way never leaves a gap before a remaining part.
    fn delete_parts(&self, tenant_id: &str, from: usize) -> Result<()> {
        let mut last = from;
        while last <= MAX_PARTS && self.read(&part_user(tenant_id, last))?.is_some() {
            last += 1;
        }
        for i in (from..last).rev() {
            self.delete_entry(&part_user(tenant_id, i))?;
        }
        Ok(())
    }

    /// Deletes one entry; `false` when there was none.
    fn delete_entry(&self, user: &str) -> Result<bool> {
        match self.entry(user)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(map_error(e)),
        }
    }

    fn read(&self, user: &str) -> Result<Option<String>> {
        match self.entry(user)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e)),
        }
    }

    fn entry(&self, user: &str) -> Result<Entry> {
        Entry::new(&self.service, user).map_err(map_error)
    }
}

fn header_user(tenant_id: &str) -> String {
    format!("refresh-token:{tenant_id}")
}

fn part_user(tenant_id: &str, index: usize) -> String {
    format!("refresh-token:{tenant_id}#{index}")
}

/// Splits into parts of at most [`PART_UTF16_UNITS`] UTF-16 units, on character boundaries.
fn split(text: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut units = 0;
    for c in text.chars() {
        if units + c.len_utf16() > PART_UTF16_UNITS {
            parts.push(String::new());
            units = 0;
        }
        units += c.len_utf16();
        parts.last_mut().expect("never empty").push(c);
    }
    parts
}

/// FNV-1a 64: a cheap checksum to detect a mix of old and new parts (not a security measure).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

struct Header {
    parts: usize,
    len: usize,
    fnv: u64,
}

impl std::fmt::Display for Header {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "closeout-v1;parts={};len={};fnv={:016x}",
            self.parts, self.len, self.fnv
        )
    }
}

impl Header {
    fn parse(text: &str) -> Option<Header> {
        let mut fields = text.strip_prefix("closeout-v1;")?.split(';');
        let mut next = |name: &str| fields.next()?.strip_prefix(name)?.strip_prefix('=');
        let parts = next("parts")?.parse().ok()?;
        let len = next("len")?.parse().ok()?;
        let fnv = u64::from_str_radix(next("fnv")?, 16).ok()?;
        (1..=MAX_PARTS)
            .contains(&parts)
            .then_some(Header { parts, len, fnv })
    }
}

/// Maps a keyring failure to the keychain error codes, with a safe message.
pub fn map_error(err: keyring::Error) -> Error {
    // Secret Service reports a locked collection both ways ("Cannot create an item in a
    // locked collection" is a PlatformFailure), so the platform's text decides first.
    let text = err.to_string().to_ascii_lowercase();
    let refused = ["prompt", "denied", "cancel", "dismiss"]
        .iter()
        .any(|w| text.contains(w));
    let (code, what) = match &err {
        _ if refused => (
            ErrorCode::KeychainDenied,
            "access to the keychain was refused",
        ),
        _ if text.contains("locked") => (ErrorCode::KeychainLocked, "the keychain is locked"),
        keyring::Error::NoStorageAccess(_) => (ErrorCode::KeychainLocked, "the keychain is locked"),
        keyring::Error::PlatformFailure(_) => (
            ErrorCode::KeychainUnavailable,
            "no usable keychain on this system",
        ),
        _ => (
            ErrorCode::KeychainUnavailable,
            "the keychain refused the entry",
        ),
    };
    // The platform's own text names the failure (no secrets in it) and helps support.
    Error::new(code, format!("Sign-in cannot be saved: {what}"))
        .with_details(serde_json::json!({"platform": err.to_string()}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_under_the_windows_limit_and_reassembles() {
        let token: String = (0..3000)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let parts = split(&token);
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| p.encode_utf16().count() * 2 <= 2560));
        assert_eq!(parts.concat(), token);
        let wide: String = "😀".repeat(700);
        assert!(split(&wide)
            .iter()
            .all(|p| p.encode_utf16().count() * 2 <= 2560));
        assert_eq!(split("short"), vec!["short"]);
    }

    #[test]
    fn header_round_trips_and_rejects_junk() {
        let header = Header {
            parts: 2,
            len: 1500,
            fnv: fnv1a("x"),
        };
        let parsed = Header::parse(&header.to_string()).unwrap();
        assert_eq!(
            (parsed.parts, parsed.len, parsed.fnv),
            (2, 1500, fnv1a("x"))
        );
        assert!(Header::parse("a plain old token").is_none());
        assert!(Header::parse("closeout-v1;parts=0;len=1;fnv=00").is_none());
    }
}
