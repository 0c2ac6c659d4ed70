//! On Windows builds: embeds the exe icon and version information (winresource, with
//! mingw-w64's windres when cross-building from Linux).

fn main() {
    println!("cargo:rerun-if-changed=assets/icons/bianzhi.ico");
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        let mut res = winresource::WindowsResource::new();
        res.set_icon("assets/icons/bianzhi.ico")
            .set("ProductName", "编制通")
            .set("FileDescription", "编制通：县机构编制实名制台账")
            .set("LegalCopyright", "MIT");
        if let Err(e) = res.compile() {
            // Without the icon the exe still works; say so loudly.
            println!("cargo:warning=未能嵌入 Windows 图标（windres）：{e}");
        }
    }
}
