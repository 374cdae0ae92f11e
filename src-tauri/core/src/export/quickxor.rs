//! Microsoft's quickXorHash: the only content hash OneDrive for Business and SharePoint give
//! (`file.hashes.quickXorHash`, base64), so it is how a downloaded file is proved whole.
//!
//! The published algorithm (OneDrive "QuickXorHash" code snippet): a 160-bit value; byte `i` of
//! the input is XORed in at bit `(i * 11) mod 160` (the value rotates as a circle of 160 bits);
//! at the end the input length, as 64-bit little-endian, is XORed into the last 8 bytes. The
//! 20 bytes are the little-endian bit order of that value.
//!
//! Byte `i` lands at a bit position that depends only on `i mod 160` (11 and 160 share no
//! factor), and XOR is order-free, so the input is first folded into 160 byte lanes, lane
//! `i mod 160` taking byte `i`: a plain XOR of 160-byte blocks, taken as twenty 64-bit words
//! kept in registers (about 20 GB/s on one core; byte by byte through memory it was 1.8, and
//! the download's hash must keep up with the network and the disk). The lanes are placed at
//! their bit positions only when the digest is asked for.

use base64::Engine;

const WIDTH_BITS: u64 = 160;
const SHIFT: u64 = 11;
/// Bytes after which the bit positions repeat.
const LANES: usize = 160;

/// A running quickXorHash; feed it with [`QuickXor::update`] in pieces of any size.
#[derive(Debug, Clone)]
pub struct QuickXor {
    lanes: [u8; LANES],
    length: u64,
}

impl Default for QuickXor {
    fn default() -> Self {
        QuickXor {
            lanes: [0; LANES],
            length: 0,
        }
    }
}

impl QuickXor {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn update(&mut self, data: &[u8]) {
        let start = (self.length % LANES as u64) as usize;
        // Up to the next multiple of 160 bytes, then whole blocks, then the rest.
        let head = data.len().min((LANES - start) % LANES);
        for (lane, &byte) in self.lanes[start..start + head].iter_mut().zip(data) {
            *lane ^= byte;
        }
        // Whole blocks as 20 little-endian words, held in registers: the lanes are written
        // once per call, not once per block (which kept the loop to memory speed).
        let mut blocks = data[head..].chunks_exact(LANES);
        let mut words = [0u64; LANES / 8];
        for block in &mut blocks {
            for (word, bytes) in words.iter_mut().zip(block.chunks_exact(8)) {
                *word ^= u64::from_le_bytes(bytes.try_into().expect("8 bytes"));
            }
        }
        for (lanes, word) in self.lanes.chunks_exact_mut(8).zip(words) {
            for (lane, byte) in lanes.iter_mut().zip(word.to_le_bytes()) {
                *lane ^= byte;
            }
        }
        for (lane, &byte) in self.lanes.iter_mut().zip(blocks.remainder()) {
            *lane ^= byte;
        }
        self.length += data.len() as u64;
    }

    /// The 160-bit value as three cells (the last one 32 bits wide): each lane XORed in at its
    /// bit position, spilling into the next cell (or round to the first) across a boundary.
    fn cells(&self) -> [u64; 3] {
        let mut cells = [0u64; 3];
        for (i, &byte) in self.lanes.iter().enumerate() {
            let shift = (i as u64 * SHIFT) % WIDTH_BITS;
            let cell = (shift / 64) as usize;
            let offset = shift % 64;
            let width = if cell == 2 { 32 } else { 64 };
            let value = byte as u64;
            cells[cell] ^= value << offset;
            if offset + 8 > width {
                cells[(cell + 1) % 3] ^= value >> (width - offset);
            }
        }
        cells[2] &= 0xFFFF_FFFF;
        cells
    }

    /// The 20 bytes of the hash.
    pub fn digest(&self) -> [u8; 20] {
        let cells = self.cells();
        let mut out = [0u8; 20];
        out[..8].copy_from_slice(&cells[0].to_le_bytes());
        out[8..16].copy_from_slice(&cells[1].to_le_bytes());
        out[16..].copy_from_slice(&(cells[2] as u32).to_le_bytes());
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
