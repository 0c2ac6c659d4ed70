//! SQLite's memory from mimalloc, the allocator the rest of the program uses. By default
//! SQLite calls the C library's `malloc`, which takes a lock on every call that its
//! per-thread cache cannot serve once the program has several threads (an import has
//! three): a 100,000-row import spends a tenth of its writing time there.

use libmimalloc_sys as mi;
use rusqlite::ffi;
use std::ffi::{c_int, c_void};

unsafe extern "C" fn malloc(n: c_int) -> *mut c_void {
    // SAFETY: mi_malloc accepts any size; SQLite never asks for a negative one.
    unsafe { mi::mi_malloc(n.max(0) as usize) }
}

unsafe extern "C" fn free(p: *mut c_void) {
    // SAFETY: SQLite frees only what `malloc` or `realloc` above returned.
    unsafe { mi::mi_free(p) }
}

unsafe extern "C" fn realloc(p: *mut c_void, n: c_int) -> *mut c_void {
    // SAFETY: as for `free`.
    unsafe { mi::mi_realloc(p, n.max(0) as usize) }
}

unsafe extern "C" fn size(p: *mut c_void) -> c_int {
    // SAFETY: as for `free`.
    unsafe { mi::mi_usable_size(p) as c_int }
}

unsafe extern "C" fn roundup(n: c_int) -> c_int {
    // SAFETY: a pure function of the size.
    unsafe { mi::mi_good_size(n.max(0) as usize) as c_int }
}

unsafe extern "C" fn init(_: *mut c_void) -> c_int {
    ffi::SQLITE_OK
}

unsafe extern "C" fn shutdown(_: *mut c_void) {}

/// Makes SQLite allocate through mimalloc, once, before any connection is opened (SQLite
/// refuses the change after its first use; it then keeps the C library's allocator, which
/// is as correct, only slower). SQLite's configuration must not run while another thread
/// uses SQLite for the first time, so every connection in the program is opened through
/// [`open`] (or after a [`super::Store`] was opened), never by `Connection::open` alone.
pub(crate) fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let methods = ffi::sqlite3_mem_methods {
            xMalloc: Some(malloc),
            xFree: Some(free),
            xRealloc: Some(realloc),
            xSize: Some(size),
            xRoundup: Some(roundup),
            xInit: Some(init),
            xShutdown: Some(shutdown),
            pAppData: std::ptr::null_mut(),
        };
        // SAFETY: SQLite copies the methods before returning; the functions live for the
        // whole program. Called before SQLite is initialised (else it returns an error
        // and changes nothing).
        unsafe {
            ffi::sqlite3_config(
                ffi::SQLITE_CONFIG_MALLOC,
                &methods as *const ffi::sqlite3_mem_methods,
            );
        }
    });
}

/// Opens a connection, SQLite's allocator installed first (see [`install`]).
pub(crate) fn open(
    path: &std::path::Path,
    flags: rusqlite::OpenFlags,
) -> rusqlite::Result<rusqlite::Connection> {
    install();
    rusqlite::Connection::open_with_flags(path, flags)
}
