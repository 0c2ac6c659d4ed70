//! Close names for an unknown unit: the same core name (no county prefix, no 局/中心/站/所),
//! containment, edit distance over characters; a name typed in pinyin (`slj`, `shuiliju`)
//! by the pinyin of the units' names.

use pinyin::ToPinyin;

/// Levenshtein distance over `char`s.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() {
        return b.len();
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// A unit name's core, the part clerks do not vary: no county prefix (县, 石门县), no
/// 局/中心/站/所 suffix. Expects a name already folded and without spaces (`org_key`).
fn core(name: &str) -> &str {
    let mut s = name;
    // A county prefix: up to and including a 县 among the first four characters.
    if let Some((i, _)) = s.char_indices().take(4).find(|(_, c)| *c == '县') {
        let rest = &s[i + '县'.len_utf8()..];
        if rest.chars().count() >= 2 {
            s = rest;
        }
    }
    for suffix in ["中心", "局", "站", "所"] {
        if let Some(rest) = s.strip_suffix(suffix)
            && rest.chars().count() >= 2
        {
            return rest;
        }
    }
    s
}

/// A name's pinyin: initials and the whole of it, lowercase (县水利局 → "xslj",
/// "xianshuiliju"); characters without a reading are kept.
fn pinyin_of(name: &str) -> (String, String) {
    let mut initials = String::new();
    let mut plain = String::new();
    for c in name.chars() {
        match c.to_pinyin() {
            Some(p) => {
                initials.push_str(p.first_letter());
                plain.push_str(p.plain());
            }
            None => {
                initials.extend(c.to_lowercase());
                plain.extend(c.to_lowercase());
            }
        }
    }
    (initials, plain)
}

/// Up to 3 names whose pinyin matches `typed` (letters only): the whole name's or its
/// core's initials or full pinyin first, then names whose pinyin contains it.
fn by_pinyin<'a>(typed: &str, names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let typed = typed.to_lowercase();
    let mut scored: Vec<(usize, &str)> = names
        .into_iter()
        .filter_map(|n| {
            let (ni, np) = pinyin_of(n);
            let (ci, cp) = pinyin_of(core(n));
            let rank = if [&ni, &np, &ci, &cp].iter().any(|x| **x == typed) {
                0
            } else if ni.contains(&typed) || np.contains(&typed) {
                1
            } else {
                return None;
            };
            Some((rank, n))
        })
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(3)
        .map(|(_, n)| n.to_string())
        .collect()
}

/// Up to 3 names close to `wanted`, closest first. Names whose cores (see [`core`]) are the
/// same come first (石门县水利局 and 水利局 both mean 县水利局), then names containing the
/// other, then names within an edit distance of half the longer name.
pub fn close_names<'a>(wanted: &str, names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    if wanted.len() >= 2 && wanted.chars().all(|c| c.is_ascii_alphabetic()) {
        return by_pinyin(wanted, names);
    }
    let wn = wanted.chars().count();
    let wc = core(wanted);
    let mut scored: Vec<(usize, usize, &str)> = names
        .into_iter()
        .filter_map(|n| {
            let d = edit_distance(wanted, n);
            let nc = core(n);
            let nn = n.chars().count();
            let contained = !wanted.is_empty() && (n.contains(wanted) || wanted.contains(n));
            let core_contained = !wc.is_empty() && (nc.contains(wc) || wc.contains(nc));
            let cd = edit_distance(wc, nc);
            let limit = wn.max(nn) / 2;
            let rank = if wc == nc {
                0
            } else if contained || core_contained {
                1
            } else if d <= limit.max(1) || cd <= wc.chars().count().max(nc.chars().count()) / 2 {
                2 + cd.min(d)
            } else {
                return None;
            };
            Some((rank, d, n))
        })
        .collect();
    scored.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| a.2.cmp(b.2)));
    scored
        .into_iter()
        .take(3)
        .map(|(_, _, n)| n.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("县教育局", "县教育局"), 0);
        assert_eq!(edit_distance("县教肓局", "县教育局"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggestions() {
        let names = ["县教育局", "县卫生健康局", "县委办公室", "县公安局"];
        let s = close_names("县教肓局", names);
        assert_eq!(s.first().map(String::as_str), Some("县教育局"));
        assert!(s.len() <= 3);
        assert!(close_names("完全无关的名字很长很长", names).is_empty());
    }

    #[test]
    fn the_variations_clerks_make_suggest_the_unit_first() {
        let names = [
            "县公安局",
            "县水利局",
            "县水利水电勘测设计中心",
            "县民政局",
            "县自然资源局",
        ];
        for typed in ["石门县水利局", "水利局", "县水利", "水利"] {
            let s = close_names(typed, names);
            assert_eq!(
                s.first().map(String::as_str),
                Some("县水利局"),
                "{typed}: {s:?}"
            );
        }
        assert_eq!(
            close_names("县公安", names).first().map(String::as_str),
            Some("县公安局")
        );
        // Typed in pinyin: initials or the whole, of the name or its core.
        for typed in ["slj", "xslj", "shuili", "SL"] {
            let s = close_names(typed, names);
            assert_eq!(
                s.first().map(String::as_str),
                Some("县水利局"),
                "{typed}: {s:?}"
            );
        }
    }
}
