//! Any text as a date, any 8 bytes as an Excel date serial.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| bianzhi::fuzzing::date_parse(data));
