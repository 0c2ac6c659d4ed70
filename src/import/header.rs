//! Finding the header: a row (or two rows of a merged two-level header) in the first 20
//! non-empty rows of a sheet whose cells name the fields the importer needs.

use super::book::Value;
use super::settings::{Field, normalize_header, strip_brackets};
use std::collections::HashMap;

/// How many non-empty rows at the top of a sheet are searched for the header.
pub const HEADER_SEARCH_ROWS: usize = 20;

/// A recognised header.
#[derive(Debug, Clone)]
pub struct Header {
    /// 0-based sheet rows of the header (one, or two for a two-level header).
    pub first_row: u32,
    pub last_row: u32,
    /// Column of each recognised field (the first one when a field appears twice).
    pub columns: HashMap<Field, u32>,
    /// The header text of every column, as shown (upper-lower for two-level headers).
    pub labels: Vec<(u32, String)>,
}

impl Header {
    /// Field by column, dense, for fast row access.
    pub fn field_by_column(&self) -> Vec<Option<Field>> {
        let max = self.columns.values().copied().max().unwrap_or(0) as usize;
        let mut v = vec![None; max + 1];
        for (f, c) in &self.columns {
            v[*c as usize] = Some(*f);
        }
        v
    }

    pub fn label_of(&self, col: u32) -> Option<&str> {
        self.labels
            .iter()
            .find(|(c, _)| *c == col)
            .map(|(_, l)| l.as_str())
    }
}

fn lookup(table: &HashMap<String, Field>, text: &str) -> Option<Field> {
    let n = normalize_header(text);
    if n.is_empty() {
        return None;
    }
    if let Some(f) = table.get(&n) {
        return Some(*f);
    }
    let s = normalize_header(&strip_brackets(text));
    if s != n && !s.is_empty() {
        return table.get(&s).copied();
    }
    None
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
        _ => None,
    }
}

type Row = (u32, Vec<(u32, Value)>);

fn single(table: &HashMap<String, Field>, row: &Row) -> Header {
    let mut columns = HashMap::new();
    let mut labels = Vec::new();
    for (c, v) in &row.1 {
        let Some(t) = text_of(v) else { continue };
        if let Some(f) = lookup(table, &t) {
            columns.entry(f).or_insert(*c);
        }
        labels.push((*c, t));
    }
    Header {
        first_row: row.0,
        last_row: row.0,
        columns,
        labels,
    }
}

fn double(table: &HashMap<String, Field>, upper: &Row, lower: &Row) -> Header {
    let up: HashMap<u32, String> = upper
        .1
        .iter()
        .filter_map(|(c, v)| text_of(v).map(|t| (*c, t)))
        .collect();
    let low: HashMap<u32, String> = lower
        .1
        .iter()
        .filter_map(|(c, v)| text_of(v).map(|t| (*c, t)))
        .collect();
    let max = up.keys().chain(low.keys()).copied().max().unwrap_or(0);
    let min = up.keys().chain(low.keys()).copied().min().unwrap_or(0);
    let mut columns = HashMap::new();
    let mut labels = Vec::new();
    let mut carry: Option<&String> = None;
    for c in min..=max {
        let u = up.get(&c);
        let l = low.get(&c);
        if u.is_some() {
            carry = u;
        }
        let (field, label) = match (u.or(carry), l) {
            (Some(u), Some(l)) => {
                let trimmed = u.trim_end_matches("情况").trim_end_matches("信息");
                let f = lookup(table, &format!("{u}{l}"))
                    .or_else(|| lookup(table, &format!("{trimmed}{l}")))
                    .or_else(|| lookup(table, l));
                (f, format!("{u}-{l}"))
            }
            (None, Some(l)) => (lookup(table, l), l.clone()),
            (Some(_), None) => match u {
                // A cell merged down over both rows.
                Some(u) => (lookup(table, u), u.clone()),
                None => continue,
            },
            (None, None) => continue,
        };
        if let Some(f) = field {
            columns.entry(f).or_insert(c);
        }
        labels.push((c, label));
    }
    Header {
        first_row: upper.0,
        last_row: lower.0,
        columns,
        labels,
    }
}

/// Finds the best header among the first rows; `ok` says whether a set of recognised
/// fields is enough for this kind of table.
pub fn find_header(
    rows: &[Row],
    table: &HashMap<String, Field>,
    ok: impl Fn(&HashMap<Field, u32>) -> bool,
) -> Option<Header> {
    let mut best: Option<Header> = None;
    let n = rows.len().min(HEADER_SEARCH_ROWS);
    for i in 0..n {
        let mut candidates = vec![single(table, &rows[i])];
        if i + 1 < rows.len() && rows[i + 1].0 == rows[i].0 + 1 {
            candidates.push(double(table, &rows[i], &rows[i + 1]));
        }
        for h in candidates {
            if !ok(&h.columns) {
                continue;
            }
            // More fields wins; on a tie a single-row header beats a two-level one (a
            // title row above a header is not part of it).
            let better = match &best {
                None => true,
                Some(b) => {
                    h.columns.len() > b.columns.len()
                        || (h.columns.len() == b.columns.len()
                            && h.first_row == h.last_row
                            && b.first_row != b.last_row)
                }
            };
            if better {
                best = Some(h);
            }
        }
    }
    best
}

/// Column letters as Excel shows them: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        out.push((b'A' + r) as char);
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(16383), "XFD");
    }
}
