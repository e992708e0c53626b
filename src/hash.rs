//! Hashing: the generator's three hashes, in one place.
//!
//! - [`stable`]: for versions written into the site (the search index's, the service
//!   worker's) and the pages' text hashes; the same on every machine and Rust release.
//! - [`of`]: for values compared within one run or one careerguide binary (what a page showed
//!   last time in `serve`, an HTTP `ETag`, the asset version): any `Hash` value, fast.
//! - [`chain_block`]: the output manifest's file hashes, a block at a time, so a file written
//!   in pieces hashes as the same bytes written at once do.

use std::hash::{BuildHasher, Hash, Hasher};

/// A stable 64-bit hash of `parts`: FNV-1a's constants taken eight bytes at a time (a shift
/// after each multiply carries every input bit into the low bits too), an eighth of the cost
/// of byte-wise FNV. Written by hand because the version must not depend on a crate's release.
pub fn stable(parts: &[&[u8]]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        let mut words = part.chunks_exact(8);
        for word in &mut words {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(word);
            h = (h ^ u64::from_le_bytes(bytes)).wrapping_mul(PRIME);
            h ^= h >> 29;
        }
        for b in words.remainder() {
            h = (h ^ u64::from(*b)).wrapping_mul(PRIME);
        }
        // Separate the parts, so ["ab", "c"] and ["a", "bc"] differ.
        h = (h ^ 0xff ^ ((part.len() as u64) << 8)).wrapping_mul(PRIME);
    }
    h
}

/// The hash of any `Hash` value, for comparing within one careerguide binary (the standard
/// library's SipHash with fixed keys: the same from run to run).
pub fn of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// A running hash, for values hashed in several steps (see [`of`]).
pub fn hasher() -> impl Hasher {
    std::collections::hash_map::DefaultHasher::new()
}

/// The hash so far, `hash`, followed by one block of a file (foldhash's quality hash with a
/// fixed seed: every output file is hashed, so speed matters more than stability across
/// versions, which costs only one rewrite of every file).
pub fn chain_block(hash: u64, block: &[u8]) -> u64 {
    foldhash::quality::FixedState::with_seed(0x6361_7265_6572_6775).hash_one((hash, block))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_hashes_are_stable_and_separate_parts() {
        assert_eq!(stable(&[b"abc"]), stable(&[b"abc"]));
        assert_ne!(stable(&[b"ab", b"c"]), stable(&[b"a", b"bc"]));
        let text = b"a longer text that spans several eight-byte words".to_vec();
        let base = stable(&[&text]);
        for i in 0..text.len() {
            for bit in [0x01u8, 0x80] {
                let mut changed = text.clone();
                changed[i] ^= bit;
                assert_ne!(stable(&[&changed]), base, "byte {i} bit {bit:#x}");
            }
        }
    }

    #[test]
    fn chained_blocks_depend_on_order() {
        let ab = chain_block(chain_block(0, b"a"), b"b");
        let ba = chain_block(chain_block(0, b"b"), b"a");
        assert_ne!(ab, ba);
        assert_eq!(ab, chain_block(chain_block(0, b"a"), b"b"));
    }
}
