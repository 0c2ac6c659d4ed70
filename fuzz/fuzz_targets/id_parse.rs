//! Any text as an ID number (居民身份证号码), and masked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| bianzhi::fuzzing::id_parse(data));
