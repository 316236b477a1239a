//! The hello handshake's checks (everything before the database lookup):
//! never a panic, and an accepted hello always meets the rules.
#![no_main]

use comap_shared::model::MAX_NAME_CHARS;
use comap_shared::protocol::{PROTOCOL_VERSION, read_hello, valid_map_id};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(hello) = read_hello(data) {
        assert_eq!(hello.version, PROTOCOL_VERSION);
        assert_eq!(hello.name.trim(), hello.name);
        let len = hello.name.chars().count();
        assert!((1..=MAX_NAME_CHARS).contains(&len));
        assert!(valid_map_id(&hello.map));
    }
});
