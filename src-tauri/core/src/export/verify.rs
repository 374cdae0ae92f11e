//! `backup verify`: re-reads every item the manifest lists and says which are missing or
//! changed (size or hash), without any network: a backup can be checked years later.

use super::manifest::{Kind, Manifest, ManifestItem};
use super::quickxor::QuickXor;
use crate::Result;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BadItem {
    pub path: String,
    pub problem: Problem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Missing,
    SizeChanged,
    HashChanged,
    /// The manifest names a path outside the backup folder (or with no hash): not trusted.
    UnsafeEntry,
}

impl Problem {
    pub fn as_str(self) -> &'static str {
        match self {
            Problem::Missing => "missing",
            Problem::SizeChanged => "size changed",
            Problem::HashChanged => "content changed (hash differs)",
            Problem::UnsafeEntry => "manifest entry not trusted",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyReport {
    pub checked: usize,
    pub bad: Vec<BadItem>,
}

/// The file an item names inside `dir`, refusing absolute paths and `..`.
pub fn item_path(dir: &Path, relative: &str) -> Option<PathBuf> {
    let rel = Path::new(relative);
    let safe = !relative.is_empty() && rel.components().all(|c| matches!(c, Component::Normal(_)));
    safe.then(|| dir.join(rel))
}

/// Streams a file through the hash its kind is proved by (quickXorHash base64 for a file,
/// SHA-256 hex for a saved message): (size, hash). Only that one: SHA-256 over gigabytes of
/// files would take far longer than their quickXorHash.
pub fn hash_file(path: &Path, kind: Kind) -> std::io::Result<(u64, String)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = match kind {
        Kind::File => Hasher::QuickXor(QuickXor::new()),
        Kind::Mail => Hasher::Sha256(Sha256::new()),
    };
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        match &mut hasher {
            Hasher::QuickXor(h) => h.update(&buf[..n]),
            Hasher::Sha256(h) => h.update(&buf[..n]),
        }
        size += n as u64;
    }
    let hash = match hasher {
        Hasher::QuickXor(h) => h.base64(),
        Hasher::Sha256(h) => hex(&h.finalize()),
    };
    Ok((size, hash))
}

enum Hasher {
    QuickXor(QuickXor),
    Sha256(Sha256),
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether an item's file is in `dir` with its size and hash.
pub fn intact(dir: &Path, item: &ManifestItem) -> bool {
    check(dir, item).is_none()
}

fn check(dir: &Path, item: &ManifestItem) -> Option<Problem> {
    let Some(path) = item_path(dir, &item.path) else {
        return Some(Problem::UnsafeEntry);
    };
    let expected = match item.kind {
        Kind::File => item.quick_xor_hash.as_deref(),
        Kind::Mail => item.sha256.as_deref(),
    };
    let Some(expected) = expected else {
        return Some(Problem::UnsafeEntry);
    };
    match hash_file(&path, item.kind) {
        Err(_) => Some(Problem::Missing),
        Ok((size, _)) if size != item.size => Some(Problem::SizeChanged),
        Ok((_, found)) => (!found.eq_ignore_ascii_case(expected)).then_some(Problem::HashChanged),
    }
}

/// Checks every item of `dir/manifest.json`.
pub fn verify(dir: &Path) -> Result<VerifyReport> {
    let manifest = Manifest::read(dir)?;
    let bad = manifest
        .items
        .iter()
        .filter_map(|item| {
            check(dir, item).map(|problem| BadItem {
                path: item.path.clone(),
                problem,
            })
        })
        .collect();
    Ok(VerifyReport {
        checked: manifest.items.len(),
        bad,
    })
}
