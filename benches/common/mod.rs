//! Shared by the benchmarks: a county of 500 units, 100,000 people and 50,000 ledger
//! entries, and timing helpers.
#![allow(dead_code)]

use bianzhi::domain::id_number::check_char;
use bianzhi::domain::*;
use bianzhi::store::{EntryRequest, Store};
use chrono::NaiveDate;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub const UNITS: usize = 500;
pub const PEOPLE: usize = 100_000;
pub const ENTRIES: usize = 50_000;

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Median time of `runs` calls.
pub fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

pub fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bianzhi-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Resident memory of this process, in MB (Linux).
pub fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn build(path: &std::path::Path) -> Store {
    build_with(path, false)
}

/// A person's fields beyond the name, as a provincial roster gives them: 民族, 学历 and the
/// like repeat over the county, schools and dates less.
pub fn details(p: usize) -> PersonDetails {
    const ETHNICITY: [&str; 7] = ["汉族", "汉族", "汉族", "汉族", "土家族", "苗族", "回族"];
    const EDUCATION: [&str; 5] = ["大学本科", "大学本科", "研究生", "大专", "中专"];
    const DEGREE: [&str; 3] = ["学士", "硕士", "学士"];
    const PARTY: [&str; 4] = ["中共党员", "中共党员", "群众", "共青团员"];
    const POSITION: [&str; 6] = ["科员", "科员", "股长", "副股长", "副局长", "局长"];
    const CATEGORY: [&str; 3] = ["管理岗位", "专业技术岗位", "工勤技能岗位"];
    const ENTRY: [&str; 4] = ["公开招聘", "公开招聘", "调任", "军转安置"];
    const DIVISION: [&str; 6] = [
        "办公室",
        "人事股",
        "财务股",
        "业务一股",
        "业务二股",
        "法规股",
    ];
    const MAJOR: [&str; 8] = [
        "汉语言文学",
        "会计学",
        "法学",
        "计算机科学与技术",
        "临床医学",
        "农学",
        "行政管理",
        "土木工程",
    ];
    let year = |base: usize, span: usize| format!("{}-{:02}", base + p % span, 1 + p % 12);
    let mut kept = KeptFields::new();
    for (code, v) in [
        ("division", DIVISION[p % DIVISION.len()].to_string()),
        ("person_class", "机关工作人员".to_string()),
        ("person_state", "在编在岗".to_string()),
        ("entry_form", ENTRY[p % ENTRY.len()].to_string()),
        ("entered_on", year(1995, 28)),
        ("post_category", CATEGORY[p % CATEGORY.len()].to_string()),
        ("current_post_since", year(2010, 14)),
        ("work_since", year(1990, 33)),
        ("native_place", format!("湖南省石门县{}乡", p % 40)),
        ("degree", DEGREE[p % DEGREE.len()].to_string()),
        ("school", format!("第{}师范学院", p % 60)),
        ("major", MAJOR[p % MAJOR.len()].to_string()),
    ] {
        kept.insert(code.to_string(), v);
    }
    PersonDetails {
        name: format!("人员{p}"),
        ethnicity: Some(ETHNICITY[p % ETHNICITY.len()].to_string()),
        party: Some(PARTY[p % PARTY.len()].to_string()),
        education: Some(EDUCATION[p % EDUCATION.len()].to_string()),
        position: Some(POSITION[p % POSITION.len()].to_string()),
        join_doc: Some(format!("石人社〔{}〕{}号", 2000 + p % 24, p % 97)),
        kept,
        ..Default::default()
    }
}

/// [`build`]; with `every_field`, each person also has the fields of [`details`].
pub fn build_with(path: &std::path::Path, every_field: bool) -> Store {
    let mut store = Store::open(path).expect("open");
    let t = Instant::now();
    store
        .write(|tx| {
            let day = NaiveDate::from_ymd_opt(2021, 1, 5).unwrap_or_default();
            let mut orgs = Vec::with_capacity(UNITS);
            for i in 0..UNITS {
                orgs.push(tx.create_org(&OrgDraft {
                    name: format!("测试单位{i:03}"),
                    kind: Some(if i % 5 == 0 {
                        OrgKind::GovDept
                    } else {
                        OrgKind::Institution
                    }),
                    ..Default::default()
                })?);
            }
            // Approvals: 6 per unit to start, then moves between units and the reserve.
            let mut n = 0;
            let types = PostType::ALL;
            'outer: for round in 0.. {
                for (i, org) in orgs.iter().enumerate() {
                    if n >= ENTRIES {
                        break 'outer;
                    }
                    let t = if round % 4 < 2 {
                        types[(i + round) % types.len()]
                    } else {
                        types[i % types.len()]
                    };
                    let (kind, from, to, count) = match round % 4 {
                        0 | 1 => (EntryKind::Approve, Account::Above, Account::Org(*org), 40),
                        2 => (EntryKind::Recover, Account::Org(*org), Account::Reserve, 1),
                        _ => (
                            EntryKind::Reallocate,
                            Account::Reserve,
                            Account::Org(*org),
                            1,
                        ),
                    };
                    tx.record(&EntryRequest {
                        date: day,
                        doc_no: format!("测编〔2021〕{n}号"),
                        kind,
                        reason: String::new(),
                        movement: Movement {
                            post_type: t,
                            count,
                            from,
                            to,
                        },
                    })?;
                    n += 1;
                }
            }
            for p in 0..PEOPLE {
                // Unique numbers: the area code varies every 1000 people.
                let id17 = format!(
                    "{:06}1980{:02}{:02}{:03}",
                    110000 + p / 1000,
                    1 + p % 12,
                    1 + (p / 12) % 28,
                    p % 1000
                )
                .into_bytes();
                let id = format!("{}{}", String::from_utf8_lossy(&id17), check_char(&id17));
                let id = IdNumber::parse(&id).map_err(bianzhi::store::StoreError::Id)?;
                let org = orgs[p % UNITS];
                let t = types[(p / UNITS) % types.len()];
                tx.register(
                    &id,
                    &if every_field {
                        details(p)
                    } else {
                        PersonDetails {
                            name: format!("人员{p}"),
                            ..Default::default()
                        }
                    },
                    (org, t),
                    day,
                    "测试",
                )?;
            }
            Ok(())
        })
        .expect("fill");
    println!("built the database in {:.1} s", t.elapsed().as_secs_f64());
    store
}
