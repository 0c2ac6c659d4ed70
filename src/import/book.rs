//! Opening a workbook (whatever its extension claims) and reading its sheets row by row.

use super::ImportError;
use crate::domain::PartialDate;
use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx};
use std::io::Cursor;
use std::ops::ControlFlow;

/// A cell value as the importer sees it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    /// A date cell (already converted; `None` when the serial is outside any sane range).
    Date(Option<PartialDate>, f64),
    Bool(bool),
    Error(String),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The text a clerk would see in the cell (near enough).
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t.clone(),
            Value::Number(n) => display_number(*n),
            Value::Date(Some(d), _) => d.to_string(),
            Value::Date(None, n) => display_number(*n),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Error(e) => e.clone(),
        }
    }

    /// Text content (trimmed), for text-like fields.
    pub fn text(&self) -> Option<String> {
        let s = match self {
            Value::Text(t) => t.trim().to_string(),
            Value::Empty => return None,
            other => other.display(),
        };
        (!s.is_empty()).then_some(s)
    }
}

/// A number as Excel shows it in a General cell: integers in full up to 15 significant
/// digits, then the digits Excel kept followed by zeros.
pub fn display_number(n: f64) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    if n.fract() == 0.0 && n.abs() < 1e21 {
        let s = format!("{n:.0}");
        let digits = s.trim_start_matches('-').len();
        if digits > 15 {
            let neg = s.starts_with('-');
            let body = s.trim_start_matches('-');
            let kept: String = body.chars().take(15).collect();
            return format!(
                "{}{}{}",
                if neg { "-" } else { "" },
                kept,
                "0".repeat(digits - 15)
            );
        }
        return s;
    }
    let s = format!("{n}");
    s
}

fn convert_ref(d: &DataRef<'_>) -> Value {
    match d {
        DataRef::Empty => Value::Empty,
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::SharedString(s) => Value::Text((*s).to_string()),
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(dt) => date_value(dt),
        DataRef::DateTimeIso(s) => iso_value(s),
        DataRef::DurationIso(s) => Value::Text(s.clone()),
        DataRef::Error(e) => Value::Error(e.to_string()),
    }
}

fn convert(d: &Data) -> Value {
    match d {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => date_value(dt),
        Data::DateTimeIso(s) => iso_value(s),
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    }
}

fn date_value(dt: &calamine::ExcelDateTime) -> Value {
    let serial = dt.as_f64();
    if !dt.is_datetime() || !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return Value::Number(serial);
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    Value::Date(
        PartialDate::new_checked(i32::from(y), u32::from(m), Some(u32::from(d))),
        serial,
    )
}

fn iso_value(s: &str) -> Value {
    let head: String = s.chars().take(10).collect();
    match PartialDate::parse(&head) {
        Some(d) => Value::Date(Some(d), 0.0),
        None => Value::Text(s.to_string()),
    }
}

enum Inner {
    Xlsx(Box<Xlsx<Cursor<Vec<u8>>>>),
    Xlsb(Box<Xlsb<Cursor<Vec<u8>>>>),
    Xls(Box<Xls<Cursor<Vec<u8>>>>),
    Ods(Box<Ods<Cursor<Vec<u8>>>>),
}

/// An open workbook.
pub struct Book {
    inner: Inner,
    pub sheet_names: Vec<String>,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

thread_local! {
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is reading a workbook inside [`guarded`]: a panic there is caught
/// and reported as a damaged file, so the app's panic hook only logs it (no "must close"
/// message box), and the fuzz targets do not count it as a crash.
pub fn in_guarded_read() -> bool {
    GUARDED.with(std::cell::Cell::get)
}

/// Runs calamine, turning a panic on hostile input into a clear error.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, ImportError> {
    let outer = GUARDED.with(|g| g.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(outer));
    result.map_err(|_| ImportError::Corrupt("读取时遇到无法解析的内容".to_string()))
}

fn is_password(msg: &str) -> bool {
    msg.contains("password") || msg.contains("Password") || msg.contains("ncrypt")
}

impl Book {
    /// Opens a workbook from its bytes, choosing the reader from the content, not the name.
    pub fn open(bytes: Vec<u8>, ext: &str) -> Result<Book, ImportError> {
        if bytes.is_empty() {
            return Err(ImportError::Empty("文件是空的（0 字节）".to_string()));
        }
        let inner = if bytes.starts_with(ZIP_MAGIC) {
            let is_ods = contains(&bytes[..bytes.len().min(200)], b"mimetype")
                && contains(
                    &bytes[..bytes.len().min(400)],
                    b"application/vnd.oasis.opendocument.spreadsheet",
                );
            if is_ods {
                let r =
                    guarded(|| calamine::open_workbook_from_rs::<Ods<_>, _>(Cursor::new(bytes)))?;
                Inner::Ods(Box::new(r.map_err(|e| open_error(&e.to_string()))?))
            } else if ext == "xlsb" || contains(&bytes, b"xl/workbook.bin") {
                let r =
                    guarded(|| calamine::open_workbook_from_rs::<Xlsb<_>, _>(Cursor::new(bytes)))?;
                Inner::Xlsb(Box::new(r.map_err(|e| open_error(&e.to_string()))?))
            } else {
                let r =
                    guarded(|| calamine::open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes)))?;
                Inner::Xlsx(Box::new(r.map_err(|e| open_error(&e.to_string()))?))
            }
        } else if bytes.starts_with(CFB_MAGIC) {
            if contains(&bytes, &utf16("EncryptedPackage")) {
                return Err(ImportError::Encrypted);
            }
            if cfb_sector_loop(&bytes) {
                return Err(ImportError::Corrupt(
                    "文件已损坏：内部的扇区链首尾相接成了环（.xls 文件结构错误），无法读取。\
                     可在 Excel 或 WPS 中打开它，另存为 .xlsx 后再导入"
                        .to_string(),
                ));
            }
            let r = guarded(|| calamine::open_workbook_from_rs::<Xls<_>, _>(Cursor::new(bytes)))?;
            Inner::Xls(Box::new(r.map_err(|e| open_error(&e.to_string()))?))
        } else {
            return Err(not_excel(&bytes));
        };
        let sheet_names = match &inner {
            Inner::Xlsx(b) => b.sheet_names(),
            Inner::Xlsb(b) => b.sheet_names(),
            Inner::Xls(b) => b.sheet_names(),
            Inner::Ods(b) => b.sheet_names(),
        };
        Ok(Book { inner, sheet_names })
    }

    /// Calls `f` with each non-empty row of a sheet (0-based row, cells as (column, value)),
    /// in sheet order, until it breaks.
    pub fn for_each_row(
        &mut self,
        sheet: &str,
        progress: &super::Progress,
        mut f: impl FnMut(u32, &[(u32, Value)]) -> ControlFlow<()>,
    ) -> Result<(), ImportError> {
        match &mut self.inner {
            Inner::Xlsx(b) => guarded(|| stream_xlsx(b, sheet, progress, &mut f))?,
            Inner::Xlsb(b) => {
                let range = guarded(|| b.worksheet_range(sheet))?
                    .map_err(|e| ImportError::Corrupt(e.to_string()))?;
                progress.set_total(range.height());
                walk_range(&range, &mut f);
                Ok(())
            }
            Inner::Xls(b) => {
                let range = guarded(|| b.worksheet_range(sheet))?
                    .map_err(|e| ImportError::Corrupt(e.to_string()))?;
                progress.set_total(range.height());
                walk_range(&range, &mut f);
                Ok(())
            }
            Inner::Ods(b) => {
                let range = guarded(|| b.worksheet_range(sheet))?
                    .map_err(|e| ImportError::Corrupt(e.to_string()))?;
                progress.set_total(range.height());
                walk_range(&range, &mut f);
                Ok(())
            }
        }
    }
}

type Batch = Vec<(u32, Vec<(u32, Value)>)>;

const BATCH_ROWS: usize = 512;

/// Streams the cells of an xlsx sheet (never building the dense range, so a sheet with one
/// cell in A1 and one in XFD1048576 costs nothing). The XML is parsed on a second thread
/// while the caller checks the rows already read: on two cores the check costs almost
/// nothing on top of the read.
fn stream_xlsx(
    b: &mut Xlsx<Cursor<Vec<u8>>>,
    sheet: &str,
    progress: &super::Progress,
    f: &mut impl FnMut(u32, &[(u32, Value)]) -> ControlFlow<()>,
) -> Result<(), ImportError> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(16);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || -> Result<(), ImportError> {
            // This thread reads for a guarded caller: a panic here reaches it through the
            // scope and becomes a "damaged file" error there.
            GUARDED.with(|g| g.set(true));
            let mut reader = b
                .worksheet_cells_reader(sheet)
                .map_err(|e| classify_xlsx(&e.to_string()))?;
            // A file whose writer left the dimension out (or wrote "A1") gives no row count:
            // the total is then unknown, never 1.
            let end = reader.dimensions().end.0 as usize;
            progress.set_total(if end > 0 { end + 1 } else { 0 });
            let mut batch: Batch = Vec::with_capacity(BATCH_ROWS);
            let mut row: Vec<(u32, Value)> = Vec::with_capacity(32);
            let mut current: Option<u32> = None;
            loop {
                let cell = reader
                    .next_cell()
                    .map_err(|e| ImportError::Corrupt(e.to_string()))?;
                let Some(cell) = cell else { break };
                let (r, c) = cell.get_position();
                if current != Some(r) {
                    if let Some(cur) = current
                        && !row.is_empty()
                    {
                        batch.push((cur, std::mem::replace(&mut row, Vec::with_capacity(32))));
                        if batch.len() >= BATCH_ROWS {
                            let full =
                                std::mem::replace(&mut batch, Vec::with_capacity(BATCH_ROWS));
                            if tx.send(full).is_err() {
                                // The caller stopped reading.
                                return Ok(());
                            }
                        }
                    }
                    row.clear();
                    current = Some(r);
                }
                let v = convert_ref(cell.get_value());
                if !v.is_empty() {
                    row.push((c, v));
                }
            }
            if let Some(cur) = current
                && !row.is_empty()
            {
                batch.push((cur, row));
            }
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
            Ok(())
        });
        'outer: for batch in rx.iter() {
            for (r, cells) in &batch {
                if f(*r, cells).is_break() {
                    break 'outer;
                }
            }
        }
        drop(rx);
        match reader.join() {
            Ok(r) => r,
            Err(_) => Err(ImportError::Corrupt("读取时遇到无法解析的内容".to_string())),
        }
    })
}

fn walk_range(
    range: &calamine::Range<Data>,
    f: &mut impl FnMut(u32, &[(u32, Value)]) -> ControlFlow<()>,
) {
    let Some((r0, c0)) = range.start() else {
        return;
    };
    let mut row: Vec<(u32, Value)> = Vec::with_capacity(32);
    for (i, cells) in range.rows().enumerate() {
        row.clear();
        for (j, d) in cells.iter().enumerate() {
            let v = convert(d);
            if !v.is_empty() {
                row.push((c0 + j as u32, v));
            }
        }
        if !row.is_empty() && f(r0 + i as u32, &row).is_break() {
            return;
        }
    }
}

fn classify_xlsx(msg: &str) -> ImportError {
    ImportError::Corrupt(msg.to_string())
}

/// Whether an .xls file's (CFB's) sector chains loop. calamine follows a chain until its
/// end without noticing a loop, and a looping chain grows in memory until the process
/// dies (found by fuzzing: tests/fuzz_cases/roster_import-cfb-sector-loop.xls), so such a
/// file is refused before calamine sees it. The FAT is read as calamine reads it.
fn cfb_sector_loop(bytes: &[u8]) -> bool {
    const RESERVED: u32 = 0xFFFF_FFFA;
    const DIFSECT: u32 = 0xFFFF_FFFC;
    let u32s = |b: &[u8]| -> Vec<u32> {
        b.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    };
    let size = match bytes.get(30..32) {
        Some([9, 0]) => 512,
        Some([12, 0]) => 4096,
        _ => return false,
    };
    // Sector n follows the header, which fills sector "-1"; the last may be cut short.
    let sector = |id: u32| -> &[u8] {
        let start = (id as usize + 1).saturating_mul(size);
        bytes
            .get(start..start.saturating_add(size).min(bytes.len()))
            .unwrap_or(&[])
    };
    let mut difat = u32s(bytes.get(76..512).unwrap_or(&[]));
    let most = bytes.len() / size + 1;
    let mut next = bytes
        .get(68..72)
        .map_or(RESERVED, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let mut steps = 0;
    while next < RESERVED {
        steps += 1;
        if steps > most {
            return true;
        }
        difat.extend(u32s(sector(next)));
        match difat.pop() {
            Some(n) => next = n,
            None => break,
        }
    }
    let fat: Vec<u32> = difat
        .iter()
        .filter(|id| **id < DIFSECT)
        .flat_map(|id| u32s(sector(*id)))
        .collect();
    // Each sector points to the next: walk every chain once, looking for a sector met
    // again on the walk that reached it.
    let mut state = vec![0u8; fat.len()]; // 0 unseen, 1 on this walk, 2 done
    let mut walk = Vec::new();
    for start in 0..fat.len() {
        let mut at = start;
        while at < fat.len() && state[at] == 0 {
            state[at] = 1;
            walk.push(at);
            at = fat[at] as usize;
        }
        if at < fat.len() && state[at] == 1 {
            return true;
        }
        for s in walk.drain(..) {
            state[s] = 2;
        }
    }
    false
}

fn open_error(msg: &str) -> ImportError {
    if is_password(msg) {
        ImportError::Encrypted
    } else {
        ImportError::Corrupt(msg.to_string())
    }
}

/// Names what a non-Excel file seems to be.
fn not_excel(bytes: &[u8]) -> ImportError {
    let head = &bytes[..bytes.len().min(512)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let what = if contains(&lower, b"<html")
        || contains(&lower, b"<!doctype")
        || contains(&lower, b"<table")
    {
        "网页（HTML）文件，只是扩展名是 Excel 的；请在 Excel/WPS 中打开后“另存为” .xlsx"
    } else if head.starts_with(b"%PDF") {
        "PDF 文件"
    } else if contains(&lower, b"<?xml") {
        "XML 文件（可能是 Excel 2003 XML 表格）；请在 Excel/WPS 中“另存为” .xlsx"
    } else if std::str::from_utf8(head).is_ok() || head.iter().filter(|b| **b == b',').count() > 2 {
        "文本文件（如 CSV）；请在 Excel/WPS 中打开后“另存为” .xlsx"
    } else {
        "无法识别的文件格式"
    };
    ImportError::NotExcel(what.to_string())
}
