//! quickXorHash against known vectors: the published algorithm's results as rclone's OneDrive
//! backend tests them (`backend/onedrive/quickxorhash/quickxorhash_test.go`, inputs and hashes
//! base64), fed whole and in pieces of every awkward size, so a cell-boundary or wrap-around
//! mistake fails here before any file is wrongly called damaged.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use closeout_core::export::{quick_xor_base64, QuickXor};

/// (input, expected quickXorHash), both base64.
const VECTORS: &[(&str, &str)] = &[
    ("", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="),
    ("Sg==", "SgAAAAAAAAAAAAAAAQAAAAAAAAA="),
    ("tbQ=", "taAFAAAAAAAAAAAAAgAAAAAAAAA="),
    ("0pZP", "0rDEEwAAAAAAAAAAAwAAAAAAAAA="),
    ("jRRDVA==", "jaDAEKgAAAAAAAAABAAAAAAAAAA="),
    ("eAV52qE=", "eChAHrQRCgAAAAAABQAAAAAAAAA="),
    ("/aNzzCFPS/A=", "/RjFHJgRgicsAR4ACAAAAAAAAAA="),
    ("2fuxhBJXtpWFe8dOfdGeHw==", "O9tHLAghgSvYohKFyMMxnNCHaHg="),
    ("T6LYJIfDh81JrAK309H2JMJTXis=", "zBTHrspn3mEcohlJdIUAbjGNaNg="),
    ("DWAAX5/CIfrmErgZa8ot6ZraeSbu", "LR2Z0PjuRYGKQB/mhQAuMrAGZbQ="),
    ("NbYXsp5/K6mR+NmHwExjvWeWDJFnXTKWVlzYHoesp2E=", "wjuAuWDiq04qDt1R8hHWDDcwVoQ="),
    (
        "4SVmjtXIL8BB8SfkbR5Cpaljm2jpyUfAhIBf65XmKxHlz9dy5XixgiE/q1lv+esZW/E=",
        "wxZ0rxkMQEnRNAp8ZgEZLT4RdLM=",
    ),
    (
        "Mb7EGva2rEE5fENDL85P+BsapHEEjv2/siVhKjvAQe02feExVOQSkfmuYzU/kTF1MaKjPmKF/w+cbvwfdWL8aQ==",
        "n1anP5NfvD4XDYWIeRPW3ZkPv1Y=",
    ),
    (
        "ikwCorI7PKWz17EI50jZCGbV9JU2E8bXVfxNMg5zdmqSZ2NlsQPp0kqYIPjzwTg1MBtfWPg53k0h0P2naJNEVgrqpoHTfV2b3pJ4m0zYPTJmUX4Bg/lOxcnCxAYKU29Y5F0U8Quz7ZXFBEweftXxJ7RS4r6N7BzJrPsLhY7hgck=",
        "imAoFvCWlDn4yVw3/oq1PDbbm6U=",
    ),
    (
        "qwGf2ESubE5jOUHHyc94ORczFYYbc2OmEzo+hBIyzJiNwAzC8PvJqtTzwkWkSslgHFGWQZR2BV5+uYTrYT7HVwRM40vqfj0dBgeDENyTenIOL1LHkjtDKoXEnQ0mXAHoJ8PjbNC93zi5TovVRXTNzfGEs5dpWVqxUzb5lc7dwkyvOluBw482mQ4xrzYyIY1t+//OrNi1ObGXuUw2jBQOFfJVj2Y6BOyYmfB1y36eBxi3zxeG5d5NYjm2GSh6e08QMAwu3zrINcqIzLOuNIiGXBtl7DjKt7b5wqi4oFiRpZsCyx2smhSrdrtK/CkdU6nDN+34vSR/M8rZpWQdBE7a8g==",
        "WYT9JY3JIo/pEBp+tIM6Gt2nyTM=",
    ),
];

#[test]
fn known_vectors_match_whole() {
    for (input, expected) in VECTORS {
        let data = STANDARD.decode(input).unwrap();
        assert_eq!(&quick_xor_base64(&data), expected, "{} bytes", data.len());
    }
}

#[test]
fn known_vectors_match_fed_in_pieces_of_any_size() {
    for piece in [1, 2, 3, 7, 8, 13, 20, 64, 159, 160, 161] {
        for (input, expected) in VECTORS {
            let data = STANDARD.decode(input).unwrap();
            let mut h = QuickXor::new();
            for chunk in data.chunks(piece) {
                h.update(chunk);
            }
            assert_eq!(
                &h.base64(),
                expected,
                "{} bytes in pieces of {piece}",
                data.len()
            );
        }
    }
}

#[test]
fn a_single_a_has_the_byte_at_the_start_and_the_length_at_byte_12() {
    // The byte is XORed in at bit 0; the length (1) lands at byte 12 (the last 64 bits).
    let mut expected = [0u8; 20];
    expected[0] = b'a';
    expected[12] = 1;
    let mut h = QuickXor::new();
    h.update(b"a");
    assert_eq!(h.digest(), expected);
}

#[test]
fn a_megabyte_matches_the_practice_tenants_independent_implementation() {
    // Pseudo-random bytes (an LCG): long enough for thousands of 160-byte rounds.
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let data: Vec<u8> = (0..(1 << 20) + 7)
        .map(|_| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (x >> 56) as u8
        })
        .collect();
    let mut reference = closeout_sim::SimQuickXor::default();
    reference.update(&data);
    for piece in [1, 159, 4096, 65_537, data.len()] {
        let mut h = QuickXor::new();
        for chunk in data.chunks(piece) {
            h.update(chunk);
        }
        assert_eq!(h.base64(), reference.base64(), "in pieces of {piece}");
    }
}
