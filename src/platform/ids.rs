//! New identifiers: ULIDs (time-ordered, so history sorts by creation), with the random
//! part from the browser's cryptographic generator.

use ulid::Ulid;

/// A fresh ULID string.
pub fn new_id() -> String {
    let mut random = [0u8; 16];
    // In the page and in the bundle worker alike.
    let filled =
        super::crypto().is_some_and(|c| c.get_random_values_with_u8_array(&mut random).is_ok());
    if !filled {
        // No WebCrypto (never in a supported browser): still unique enough per device.
        for byte in &mut random {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    Ulid::from_parts(js_sys::Date::now() as u64, u128::from_le_bytes(random)).to_string()
}
