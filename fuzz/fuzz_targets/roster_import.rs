//! Any bytes as a roster workbook (xlsx, xls, ods, xlsb: the reader is chosen by content).
//!
//! A panic is a crash (abort, so that libFuzzer keeps the input) unless it happens inside a
//! guarded workbook read *and* in a dependency's code (calamine, zip, quick-xml…): that one
//! the importer turns into a "damaged file" error, which is the promise. Our own code's
//! panics count even inside a guarded read: the xlsx rows are checked by the roster code
//! while the read is still guarded, and a bug there is ours, not the file's.
#![no_main]

use bianzhi::store::Store;
use libfuzzer_sys::fuzz_target;

/// Where a dependency's or the standard library's source lives, as panic locations show it.
fn in_dependency(file: &str) -> bool {
    file.contains("/registry/src/") || file.contains("/git/checkouts/") || file.starts_with("/rustc/")
}

fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let tolerated = bianzhi::import::in_guarded_read()
            && info.location().is_some_and(|l| in_dependency(l.file()));
        if !tolerated {
            eprintln!("{info}");
            std::process::abort();
        }
    }));
}

thread_local! {
    static COUNTY: Store = {
        install_panic_hook();
        bianzhi::fuzzing::county()
    };
}

fuzz_target!(|data: &[u8]| {
    COUNTY.with(|store| bianzhi::fuzzing::roster_import(store, data));
});
