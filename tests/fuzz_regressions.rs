//! The fuzz targets' checks (`src/fuzzing.rs`) on every input kept in `tests/fuzz_cases/`
//! (crashes the fuzzer once found, named `TARGET-…`) and on hand-made hostile inputs.

use bianzhi::fuzzing;
use std::path::Path;

/// Set when a panic happens anywhere but inside a guarded workbook read (which the importer
/// turns into a "damaged file" error): the app would show its "must close" box for it.
static STRAY_PANIC: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[test]
fn kept_fuzz_cases_no_longer_break_anything() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !bianzhi::import::in_guarded_read() {
            STRAY_PANIC.store(true, std::sync::atomic::Ordering::SeqCst);
        }
        default(info);
    }));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_cases");
    let county = fuzzing::county();
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let data = std::fs::read(&path).unwrap();
        match name.split('-').next() {
            Some("roster_import") => fuzzing::roster_import(&county, &data),
            Some("date_parse") => fuzzing::date_parse(&data),
            Some("id_parse") => fuzzing::id_parse(&data),
            _ => continue,
        }
        seen += 1;
    }
    eprintln!("{seen} kept cases");
    assert!(
        !STRAY_PANIC.load(std::sync::atomic::Ordering::SeqCst),
        "a panic outside a guarded read"
    );
}

#[test]
fn hostile_workbooks_are_errors_not_crashes() {
    let county = fuzzing::county();
    let zip = b"PK\x03\x04".to_vec();
    let cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let mut long_zip = zip.clone();
    long_zip.extend(std::iter::repeat_n(0xFF, 5000));
    let mut long_cfb = cfb.clone();
    long_cfb.extend(std::iter::repeat_n(0x00, 5000));
    for data in [
        Vec::new(),
        b"\x00".to_vec(),
        zip,
        cfb,
        long_zip,
        long_cfb,
        "姓名,身份证号码\n张三,430726198001011234"
            .as_bytes()
            .to_vec(),
        (0..=255u8).cycle().take(70_000).collect(),
    ] {
        fuzzing::roster_import(&county, &data);
    }
    // A real workbook cut short at every 997th byte.
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples/orgs.xlsx");
    if let Ok(bytes) = std::fs::read(sample) {
        for cut in (1..bytes.len()).step_by(997) {
            fuzzing::roster_import(&county, &bytes[..cut]);
        }
    }
}

#[test]
fn hostile_dates_and_ids() {
    for text in [
        "",
        "0",
        "99999999999999999999999",
        "-1985-03",
        "1985-13-40",
        "１９８５年３月",
        "1985.3.",
        "2月30日",
        "𝟙𝟡𝟠𝟝-03-05",
        "\u{0}",
        "1e308",
        "NaN",
    ] {
        fuzzing::date_parse(text.as_bytes());
        fuzzing::id_parse(text.as_bytes());
    }
    for serial in [f64::NAN, f64::INFINITY, -1.0, 1e18, 0.0, 2_958_465.0, 60.0] {
        fuzzing::date_parse(&serial.to_le_bytes());
    }
    for id in [
        "43072619800101123X",
        "43072619800101123x",
        "430726 1980 0101 1234",
        "４３０７２６１９８００１０１１２３４",
        "430726198002301234",
        "4307261980010112345678",
        "é30726198001011234",
    ] {
        fuzzing::id_parse(id.as_bytes());
    }
}
