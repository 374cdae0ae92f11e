//! Object ids from Graph, checked before anything is planned (security review M2).
//!
//! Users', groups', applications', service principals', policies' and deleted items' ids are
//! GUIDs, and Graph compares them without regard to case; domains' ids are DNS names. An id
//! goes into a DELETE path, and "never the signed-in administrator" compares ids, so each one
//! is parsed as what it must be and kept in one canonical form (lower case): the admin's id in
//! capitals, with `?x=1`, a trailing `/` or `x/../` in front is refused as malformed instead
//! of being deleted. Paths are built with every segment percent-encoded all the same.

use std::collections::HashSet;

/// What an id must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Guid,
    DomainName,
}

impl IdKind {
    /// The canonical form of `raw`, or `None` if it is not an id of this kind.
    pub fn canonical(self, raw: &str) -> Option<String> {
        match self {
            IdKind::Guid => guid(raw),
            IdKind::DomainName => domain_name(raw),
        }
    }
}

/// A GUID in its hyphenated form (`8-4-4-4-12` hex digits), lower-cased.
pub fn guid(raw: &str) -> Option<String> {
    let hyphens_at = [8, 13, 18, 23];
    let well_formed = raw.len() == 36
        && raw.char_indices().all(|(i, c)| {
            if hyphens_at.contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    well_formed.then(|| raw.to_ascii_lowercase())
}

/// A DNS name (letters, digits and hyphens in dot-separated labels of 1-63 characters, at
/// least two labels, 253 characters at most), lower-cased. Internationalized names arrive from
/// Graph as Unicode or as `xn--` labels: both are letters here.
pub fn domain_name(raw: &str) -> Option<String> {
    let name = raw.to_lowercase();
    let labels: Vec<&str> = name.split('.').collect();
    let label_ok = |label: &&str| {
        (1..=63).contains(&label.chars().count())
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    (name.len() <= 253 && labels.len() >= 2 && labels.iter().all(label_ok)).then_some(name)
}

/// Whether two ids name the same object (Graph's ids are not case-sensitive).
pub fn same_id(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// One path segment, percent-encoded: everything but `A-Z a-z 0-9 - . _ ~` (RFC 3986's
/// unreserved characters) is escaped, so an id can never add a segment, a query or a fragment.
pub fn segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Something from Graph with an id of a known kind.
pub trait Identified {
    const KIND: IdKind;
    fn id_mut(&mut self) -> &mut String;
    /// Other ids it carries that are compared (an app's `appId`): canonicalized too.
    fn other_ids(&mut self) -> Vec<&mut String> {
        Vec::new()
    }
}

/// Why an object from Graph was set aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// Its id as Graph sent it (cut to 80 characters).
    pub id: String,
}

/// Canonicalizes every id of `items`, drops duplicates (the same object twice is one object),
/// and returns the objects whose id is not of the expected kind (they are never acted on).
pub fn canonicalize<T: Identified>(items: &mut Vec<T>) -> Vec<Rejected> {
    let mut seen = HashSet::new();
    let mut rejected = Vec::new();
    items.retain_mut(|item| {
        let Some(id) = T::KIND.canonical(item.id_mut()) else {
            rejected.push(Rejected {
                id: item.id_mut().chars().take(80).collect(),
            });
            return false;
        };
        *item.id_mut() = id.clone();
        for other in item.other_ids() {
            if let Some(canonical) = guid(other) {
                *other = canonical;
            }
        }
        seen.insert(id)
    });
    rejected
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADMIN: &str = "aaaaaaaa-0000-4000-8000-000000000001";

    #[test]
    fn only_well_formed_guids_pass_and_come_out_lower_case() {
        assert_eq!(guid(&ADMIN.to_uppercase()).as_deref(), Some(ADMIN));
        for bad in [
            format!("{ADMIN}?x=1"),
            format!("{ADMIN}/"),
            format!("x/../{ADMIN}"),
            format!("../users/{ADMIN}"),
            format!("{ADMIN}#frag"),
            format!(" {ADMIN}"),
            format!("{{{ADMIN}}}"),
            ADMIN.replace('-', ""),
            String::new(),
        ] {
            assert_eq!(guid(&bad), None, "{bad:?}");
        }
    }

    #[test]
    fn domain_names_are_dns_names() {
        assert_eq!(
            domain_name("Bakery.Example").as_deref(),
            Some("bakery.example")
        );
        assert!(domain_name("panificio-rossi.it").is_some());
        assert!(domain_name("xn--caf-dma.example").is_some());
        assert!(domain_name("café.example").is_some());
        for bad in [
            "bakery.example/..",
            "bakery.example?x",
            "bakery.example#",
            "bak%2fery.example",
            "localhost",
            "-bad.example",
            "a..example",
            "bakery example.com",
        ] {
            assert_eq!(domain_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn segments_cannot_carry_structure() {
        assert_eq!(segment("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(segment(ADMIN), ADMIN);
        assert_eq!(segment("café.example"), "caf%C3%A9.example");
    }
}
