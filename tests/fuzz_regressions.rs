//! The fuzz targets' checks (`src/fuzzing.rs`) on every input kept in `tests/fuzz_cases/`
//! (crashes the fuzzer once found, named `TARGET-…`) and on hand-made hostile inputs: no
//! panic outside a guarded read, and every hostile workbook refused with the error that says
//! what is wrong with the file.

use bianzhi::fuzzing;
use bianzhi::import::{self, ImportError, ImportKind, Progress, Settings};
use bianzhi::store::Store;
use std::path::Path;

mod shared_files;

/// Set when a panic happens anywhere but inside a guarded workbook read (which the importer
/// turns into a "damaged file" error): the app would show its "must close" box for it.
static STRAY_PANIC: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// What the importer makes of `data` as a roster workbook: it must refuse it, as a bad file
/// (not a database failure), with a message in Chinese. Returns the error's code.
fn refused(county: &Store, data: &[u8], what: &str) -> &'static str {
    let result = import::plan_bytes(
        county,
        data.to_vec(),
        Path::new("fuzz.xlsx"),
        ImportKind::Roster,
        &Settings::default(),
        &Progress::new(),
    );
    let err: ImportError = match result {
        Ok(plan) => panic!(
            "{what}: accepted as a workbook ({} rows, {} problems), not refused",
            plan.counts().rows,
            plan.problems.len()
        ),
        Err(e) => e,
    };
    assert!(err.is_bad_file(), "{what}: {err} is not a bad-file error");
    let msg = err.to_string();
    assert!(
        msg.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{what}: {msg}"
    );
    err.code()
}

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
            Some("roster_import") => {
                fuzzing::roster_import(&county, &data);
                // Each kept workbook is a damaged file: refused as one.
                assert_eq!(refused(&county, &data, &name), "corrupt", "{name}");
            }
            Some("date_parse") => fuzzing::date_parse(&data),
            Some("id_parse") => fuzzing::id_parse(&data),
            _ => continue,
        }
        seen += 1;
    }
    eprintln!("{seen} kept cases");
    assert!(seen > 0, "no kept case found in {}", dir.display());
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
    for (what, data, code) in [
        ("empty", Vec::new(), "empty"),
        ("one zero byte", b"\x00".to_vec(), "not_excel"),
        ("zip magic only", zip, "corrupt"),
        ("cfb magic only", cfb, "corrupt"),
        ("zip magic then 0xFF", long_zip, "corrupt"),
        ("cfb magic then zeros", long_cfb, "corrupt"),
        (
            "csv text",
            "姓名,身份证号码\n张三,430726198001011234"
                .as_bytes()
                .to_vec(),
            "not_excel",
        ),
        (
            "every byte value",
            (0..=255u8).cycle().take(70_000).collect(),
            "not_excel",
        ),
    ] {
        fuzzing::roster_import(&county, &data);
        assert_eq!(refused(&county, &data, what), code, "{what}");
    }
    // A real workbook cut short at every 997th byte: a cut inside the zip signature is not
    // a workbook at all; every other cut loses the zip's central directory, so it is a
    // damaged file.
    let Some(sample) = shared_files::shared("samples/orgs.xlsx") else {
        return;
    };
    let bytes = std::fs::read(sample).unwrap();
    for cut in (1..bytes.len()).step_by(997) {
        fuzzing::roster_import(&county, &bytes[..cut]);
        let what = format!("orgs.xlsx cut at {cut} of {} bytes", bytes.len());
        let code = if cut < 4 { "not_excel" } else { "corrupt" };
        assert_eq!(refused(&county, &bytes[..cut], &what), code, "{what}");
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
