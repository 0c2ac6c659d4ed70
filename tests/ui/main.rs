//! The window driven through egui_kittest, one module per panel: find by label, click,
//! type, check the result. One test binary (linking egui and wgpu once).

#![allow(dead_code)]

mod access;
mod applications;
mod common;
mod divisions;
mod documents;
mod evaluation;
mod import;
mod layout;
mod leaders;
mod notices;
mod others;
mod overview;
mod reconcile;
mod registry;
mod server;
mod settings;
mod township;
mod turnover;
