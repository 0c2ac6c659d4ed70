//! Close names for an unknown unit: edit distance over characters, plus containment.

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

/// Up to 3 names close to `wanted`, closest first. A name containing `wanted` (or contained
/// in it) counts as close; otherwise the distance must be at most half the longer name.
pub fn close_names<'a>(wanted: &str, names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let wn = wanted.chars().count();
    let mut scored: Vec<(usize, &str)> = names
        .into_iter()
        .filter_map(|n| {
            let d = edit_distance(wanted, n);
            let nn = n.chars().count();
            let contained = !wanted.is_empty() && (n.contains(wanted) || wanted.contains(n));
            let limit = wn.max(nn) / 2;
            if contained {
                Some((d.min(1), n))
            } else if d <= limit.max(1) {
                Some((d + 1, n))
            } else {
                None
            }
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(3)
        .map(|(_, n)| n.to_string())
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
}
