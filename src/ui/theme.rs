//! The window's colours, in one place: every panel marks errors, warnings and good news
//! with these.

use egui::Color32;

/// Errors, 超编, refusals.
pub const ERROR: Color32 = Color32::from_rgb(200, 30, 30);
/// Warnings: due soon, idle, partial.
pub const WARN: Color32 = Color32::from_rgb(180, 110, 0);
/// Passed checks, done.
pub const GOOD: Color32 = Color32::from_rgb(30, 130, 60);
/// The read-only role's reminder in the status bar.
pub const READ_ONLY: Color32 = Color32::from_rgb(160, 90, 0);

/// Sets up fonts and the light theme on a context (the app and the tests).
pub fn setup_context(ctx: &egui::Context) {
    super::fonts::install(ctx);
    ctx.set_theme(egui::Theme::Light);
}
