//! Seeded identifiers: GUIDs, opaque tokens and codes, all reproducible from the run's seed.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub struct Ids {
    rng: StdRng,
}

impl Ids {
    pub fn new(seed: u64) -> Self {
        Ids {
            rng: StdRng::seed_from_u64(seed),
        }
    }

    /// A lowercase GUID like Microsoft's object ids.
    pub fn guid(&mut self) -> String {
        uuid::Builder::from_random_bytes(self.rng.gen())
            .into_uuid()
            .to_string()
    }

    /// An opaque, URL-safe secret-looking string (tokens, codes).
    pub fn opaque(&mut self, prefix: &str, bytes: usize) -> String {
        let raw: Vec<u8> = (0..bytes).map(|_| self.rng.gen()).collect();
        format!("{prefix}{}", URL_SAFE_NO_PAD.encode(raw))
    }

    /// A device-code user code: 9 letters/digits without look-alikes, as Microsoft shows them.
    pub fn user_code(&mut self) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        (0..9)
            .map(|_| ALPHABET[self.rng.gen_range(0..ALPHABET.len())] as char)
            .collect()
    }

    pub fn rng(&mut self) -> &mut StdRng {
        &mut self.rng
    }
}

/// A GUID derived from `seed` (another object's id) and `salt`, without drawing from the run's
/// random sequence: objects that follow from others (a site's root web, a group's site) get
/// stable ids while the scenario's other seeded values stay as they were.
pub fn derived_guid(seed: &str, salt: u64) -> String {
    use crate::state::content::mix;
    let h = seed.bytes().fold(salt, |h, b| mix(h ^ b as u64));
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&mix(h).to_le_bytes());
    bytes[8..].copy_from_slice(&mix(h ^ 1).to_le_bytes());
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}
