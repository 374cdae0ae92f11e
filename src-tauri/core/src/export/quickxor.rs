//! Microsoft's quickXorHash: the only content hash OneDrive for Business and SharePoint give
//! (`file.hashes.quickXorHash`, base64), so it is how a downloaded file is proved whole.
//!
//! The published algorithm (OneDrive "QuickXorHash" code snippet): a 160-bit value; byte `i` of
//! the input is XORed in at bit `(i * 11) mod 160` (the value rotates as a circle of 160 bits);
//! at the end the input length, as 64-bit little-endian, is XORed into the last 8 bytes. The
//! 20 bytes are the little-endian bit order of that value.
//!
//! This implementation keeps three 64-bit cells (the last one 32 bits wide) and XORs each byte
//! into the cell its bit position falls in, spilling into the next cell (or round to the first)
//! when the byte straddles a cell boundary.

use base64::Engine;

const WIDTH_BITS: u64 = 160;
const SHIFT: u64 = 11;

/// A running quickXorHash; feed it with [`QuickXor::update`] in pieces of any size.
#[derive(Debug, Clone, Default)]
pub struct QuickXor {
    cells: [u64; 3],
    length: u64,
    /// Bit position where the next byte goes.
    shift: u64,
}

impl QuickXor {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn update(&mut self, data: &[u8]) {
        let mut shift = self.shift;
        for &byte in data {
            let cell = (shift / 64) as usize;
            let offset = shift % 64;
            let width = if cell == 2 { 32 } else { 64 };
            let value = byte as u64;
            self.cells[cell] ^= value << offset;
            if offset + 8 > width {
                // The high bits of the byte go round to the start of the next cell.
                let next = (cell + 1) % 3;
                self.cells[next] ^= value >> (width - offset);
            }
            shift = (shift + SHIFT) % WIDTH_BITS;
        }
        // The last cell is 32 bits wide: keep anything shifted past it out.
        self.cells[2] &= 0xFFFF_FFFF;
        self.shift = shift;
        self.length += data.len() as u64;
    }

    /// The 20 bytes of the hash.
    pub fn digest(&self) -> [u8; 20] {
        let mut out = [0u8; 20];
        out[..8].copy_from_slice(&self.cells[0].to_le_bytes());
        out[8..16].copy_from_slice(&self.cells[1].to_le_bytes());
        out[16..].copy_from_slice(&(self.cells[2] as u32).to_le_bytes());
        for (slot, len_byte) in out[12..].iter_mut().zip(self.length.to_le_bytes()) {
            *slot ^= len_byte;
        }
        out
    }

    /// The hash as Microsoft gives it: standard base64 with padding.
    pub fn base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.digest())
    }
}

/// The quickXorHash of `data`, base64.
pub fn quick_xor_base64(data: &[u8]) -> String {
    let mut h = QuickXor::new();
    h.update(data);
    h.base64()
}
