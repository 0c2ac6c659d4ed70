//! What the fuzz targets (`fuzz/`) check, here so that the regression tests
//! (`tests/fuzz_regressions.rs`) check the same on the inputs the fuzzer once broke us with.
//! Each function panics only when a promise is broken; bad input is fine.

use crate::domain::PartialDate;
use crate::domain::id_number::{IdNumber, mask, mask_in_text, normalize};
use crate::import::{self, ImportKind, Progress, Settings};
use crate::store::Store;
use std::path::Path;

/// A county with units, so that roster rows can find theirs.
pub fn county() -> Store {
    let mut store = Store::open_in_memory().expect("a database in memory");
    crate::demo::fill(&mut store).expect("the demo county");
    store
}

/// Any bytes, read as a roster workbook: a plan or an error, never a panic or a hang.
pub fn roster_import(store: &Store, data: &[u8]) {
    let plan = import::plan_bytes(
        store,
        data.to_vec(),
        Path::new("fuzz.xlsx"),
        ImportKind::Roster,
        &Settings::default(),
        &Progress::new(),
    );
    if let Ok(plan) = plan {
        // Every problem says where it is.
        for p in &plan.problems {
            assert!(!p.message.is_empty());
        }
    }
}

/// Any text as a date (and any 8 bytes as an Excel serial): a date that parses is written
/// in the storage form and reads back the same.
pub fn date_parse(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data)
        && let Some(d) = PartialDate::parse(text)
    {
        let stored = d.to_string();
        assert_eq!(
            PartialDate::from_storage(&stored),
            Some(d),
            "{text:?} → {stored}"
        );
    }
    if let Some(bytes) = data.get(..8).and_then(|b| <[u8; 8]>::try_from(b).ok())
        && let Some(d) = PartialDate::from_excel_serial(f64::from_le_bytes(bytes))
    {
        assert_eq!(PartialDate::from_storage(&d.to_string()), Some(d));
    }
}

/// Any text as an ID number: a valid one is 18 characters, reads back the same from its
/// own text, and masks to 18 characters; masking never panics.
pub fn id_parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = normalize(text);
    let _ = mask(text);
    let masked = mask_in_text(text);
    assert_eq!(masked.chars().count(), text.chars().count());
    if let Ok(id) = IdNumber::parse(text) {
        assert_eq!(id.as_str().len(), 18);
        let again = IdNumber::parse(id.as_str()).expect("a valid ID reads back");
        assert_eq!(again.as_str(), id.as_str());
        assert_eq!(id.masked().chars().count(), 18);
        let _ = (id.birth_date(), id.gender());
    }
}
