//! Any bytes as a roster workbook (xlsx, xls, ods, xlsb: the reader is chosen by content).
#![no_main]

use bianzhi::store::Store;
use libfuzzer_sys::fuzz_target;

thread_local! {
    static COUNTY: Store = {
        bianzhi::fuzzing::install_panic_hook();
        bianzhi::fuzzing::county()
    };
}

fuzz_target!(|data: &[u8]| {
    COUNTY.with(|store| bianzhi::fuzzing::roster_import(store, data));
});
