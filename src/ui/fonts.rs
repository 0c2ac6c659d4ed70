//! Chinese text: an embedded open-licence CJK font (see `assets/fonts/README.md`), first in
//! every family, with egui's own fonts and the system fonts as fallbacks.

/// Installs the fonts on a context.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        CJK_NAME.to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(CJK_FONT)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .insert(0, CJK_NAME.to_owned());
    }
    ctx.set_fonts(fonts);
}

const CJK_NAME: &str = "cjk";
const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Regular-subset.otf");
