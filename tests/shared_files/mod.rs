//! The files tests take from `../shared` (samples, corpus): one rule for when they are
//! missing. Under CI (`CI` set, e.g. `CI=true`) a missing file fails the test with a message
//! saying which; elsewhere the test says it skipped and returns.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Whether the environment says this is CI: `CI` set to anything but empty, `0` or `false`.
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| {
        let v = v.trim();
        !(v.is_empty() || v == "0" || v.eq_ignore_ascii_case("false"))
    })
}

/// `../shared/REL`, when it exists. When it does not: under CI the test fails, naming the
/// file; otherwise it prints that the test skipped and gives `None`.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if p.exists() {
        return Some(p);
    }
    if under_ci() {
        panic!(
            "共享数据缺失：{}（CI 下不允许跳过；请把 shared/{rel} 放在仓库旁的 ../shared）",
            p.display()
        );
    }
    eprintln!(
        "跳过（skipped）：找不到共享数据 {}（设置 CI=true 时此处失败）",
        p.display()
    );
    None
}
