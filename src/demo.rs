//! The demo county (示范县): units, posts, people and a ledger history since 2021, so a
//! new user sees a working county at once. Deterministic: the same every time.

use crate::domain::id_number::check_char;
use crate::domain::{
    Account, EntryKind, ExitReason, Funding, IdNumber, Movement, OrgDraft, OrgId, OrgKind,
    PartialDate, PersonDetails, PersonId, PersonStatus, PostType, TownshipClass,
};
use crate::store::{EntryRequest, HireRequest, Result, Store, StoreError, Tx};
use chrono::NaiveDate;
use std::collections::HashSet;

const ADMIN: PostType = PostType::Administrative;
const LEGAL: PostType = PostType::PoliticalLegal;
const FULL: PostType = PostType::Institution(Funding::Full);
const PARTIAL: PostType = PostType::Institution(Funding::Partial);
const SELF: PostType = PostType::Institution(Funding::SelfFunded);
const SERVICE: PostType = PostType::Service;

/// A unit of the demo county: name, kind, parent (by name), funding, township class,
/// leaders (chief, deputy), approved posts, and the share of them filled (per cent).
struct DemoOrg {
    name: &'static str,
    kind: OrgKind,
    parent: Option<&'static str>,
    class: Option<TownshipClass>,
    leaders: (i64, i64),
    posts: &'static [(PostType, i64)],
    fill: u64,
}

const fn unit(
    name: &'static str,
    kind: OrgKind,
    parent: Option<&'static str>,
    leaders: (i64, i64),
    posts: &'static [(PostType, i64)],
    fill: u64,
) -> DemoOrg {
    DemoOrg {
        name,
        kind,
        parent,
        class: None,
        leaders,
        posts,
        fill,
    }
}

const fn township(name: &'static str, class: TownshipClass, fill: u64) -> DemoOrg {
    let posts: &'static [(PostType, i64)] = match class {
        TownshipClass::One => &[(ADMIN, 37), (FULL, 44)],
        TownshipClass::Two => &[(ADMIN, 28), (FULL, 34)],
    };
    DemoOrg {
        name,
        kind: OrgKind::Township,
        parent: None,
        class: Some(class),
        leaders: (2, 5),
        posts,
        fill,
    }
}

use OrgKind::{GovDept, Institution, MassOrg, PartyDept};

const UNITS: &[DemoOrg] = &[
    unit(
        "县委办公室",
        PartyDept,
        None,
        (1, 4),
        &[(ADMIN, 28), (SERVICE, 4)],
        93,
    ),
    unit(
        "县委组织部",
        PartyDept,
        None,
        (1, 4),
        &[(ADMIN, 22), (SERVICE, 2)],
        95,
    ),
    unit(
        "县委宣传部",
        PartyDept,
        None,
        (1, 3),
        &[(ADMIN, 15), (SERVICE, 1)],
        90,
    ),
    unit("县委统战部", PartyDept, None, (1, 3), &[(ADMIN, 12)], 88),
    unit(
        "县委政法委员会",
        PartyDept,
        None,
        (1, 3),
        &[(ADMIN, 14), (LEGAL, 4)],
        92,
    ),
    unit(
        "县委机构编制委员会办公室",
        PartyDept,
        None,
        (1, 2),
        &[(ADMIN, 9)],
        100,
    ),
    unit(
        "县纪委监委机关",
        PartyDept,
        None,
        (1, 5),
        &[(ADMIN, 45), (SERVICE, 3)],
        91,
    ),
    unit(
        "县人民政府办公室",
        GovDept,
        None,
        (1, 5),
        &[(ADMIN, 30), (SERVICE, 5)],
        90,
    ),
    unit(
        "县发展和改革局",
        GovDept,
        None,
        (1, 3),
        &[(ADMIN, 20), (SERVICE, 2)],
        85,
    ),
    unit(
        "县教育局",
        GovDept,
        None,
        (1, 4),
        &[(ADMIN, 24), (SERVICE, 2)],
        96,
    ),
    unit(
        "县财政局",
        GovDept,
        None,
        (1, 4),
        &[(ADMIN, 32), (SERVICE, 3)],
        94,
    ),
    unit(
        "县人力资源和社会保障局",
        GovDept,
        None,
        (1, 3),
        &[(ADMIN, 21)],
        90,
    ),
    unit(
        "县自然资源局",
        GovDept,
        None,
        (1, 4),
        &[(ADMIN, 26), (SERVICE, 2)],
        88,
    ),
    unit(
        "县住房和城乡建设局",
        GovDept,
        None,
        (1, 3),
        &[(ADMIN, 18), (SERVICE, 2)],
        83,
    ),
    unit(
        "县农业农村局",
        GovDept,
        None,
        (1, 4),
        &[(ADMIN, 28), (SERVICE, 2)],
        78,
    ),
    unit(
        "县卫生健康局",
        GovDept,
        None,
        (1, 4),
        &[(ADMIN, 20), (SERVICE, 2)],
        97,
    ),
    unit(
        "县市场监督管理局",
        GovDept,
        None,
        (1, 4),
        &[(ADMIN, 60), (SERVICE, 4)],
        90,
    ),
    unit(
        "县公安局",
        GovDept,
        None,
        (1, 5),
        &[(LEGAL, 180), (SERVICE, 8)],
        95,
    ),
    unit(
        "县司法局",
        GovDept,
        None,
        (1, 3),
        &[(LEGAL, 35), (ADMIN, 4)],
        91,
    ),
    unit("县总工会", MassOrg, None, (1, 2), &[(ADMIN, 8)], 88),
    unit("共青团县委", MassOrg, None, (1, 2), &[(ADMIN, 5)], 80),
    unit("县妇女联合会", MassOrg, None, (1, 2), &[(ADMIN, 5)], 100),
    unit(
        "县第一中学",
        Institution,
        Some("县教育局"),
        (1, 3),
        &[(FULL, 210)],
        95,
    ),
    unit(
        "县第二中学",
        Institution,
        Some("县教育局"),
        (1, 3),
        &[(FULL, 160)],
        97,
    ),
    unit(
        "县职业中专学校",
        Institution,
        Some("县教育局"),
        (1, 3),
        &[(FULL, 85), (PARTIAL, 12)],
        86,
    ),
    unit(
        "县人民医院",
        Institution,
        Some("县卫生健康局"),
        (1, 4),
        &[(PARTIAL, 420), (FULL, 20)],
        93,
    ),
    unit(
        "县中医医院",
        Institution,
        Some("县卫生健康局"),
        (1, 3),
        &[(PARTIAL, 180)],
        92,
    ),
    unit(
        "县疾病预防控制中心",
        Institution,
        Some("县卫生健康局"),
        (1, 2),
        &[(FULL, 45)],
        96,
    ),
    unit(
        "县农业技术推广中心",
        Institution,
        Some("县农业农村局"),
        (1, 2),
        &[(FULL, 90), (PARTIAL, 20), (SELF, 8)],
        55,
    ),
    unit(
        "县水产技术服务站",
        Institution,
        Some("县农业农村局"),
        (1, 1),
        &[(FULL, 24), (SELF, 6)],
        55,
    ),
    unit(
        "县不动产登记中心",
        Institution,
        Some("县自然资源局"),
        (1, 2),
        &[(FULL, 22), (SELF, 14)],
        90,
    ),
    unit(
        "县城市管理服务中心",
        Institution,
        Some("县住房和城乡建设局"),
        (1, 2),
        &[(FULL, 50), (SELF, 20)],
        55,
    ),
    unit(
        "县融媒体中心",
        Institution,
        Some("县委宣传部"),
        (1, 3),
        &[(FULL, 35), (PARTIAL, 25)],
        91,
    ),
    unit(
        "县就业服务中心",
        Institution,
        Some("县人力资源和社会保障局"),
        (1, 2),
        &[(FULL, 24)],
        88,
    ),
    unit(
        "县机关事务服务中心",
        Institution,
        Some("县人民政府办公室"),
        (1, 2),
        &[(FULL, 20), (SELF, 10)],
        60,
    ),
    township("楚江街道", TownshipClass::One, 92),
    township("易家渡镇", TownshipClass::One, 88),
    township("皂市镇", TownshipClass::One, 90),
    township("新关镇", TownshipClass::Two, 86),
    township("夹山镇", TownshipClass::Two, 80),
    township("磨市镇", TownshipClass::Two, 83),
    township("所街乡", TownshipClass::Two, 75),
    township("壶瓶山镇", TownshipClass::Two, 85),
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "覃", "向", "龚", "欧阳", "司马",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "建", "国", "文", "辉", "力", "玲", "婷", "雪",
    "晨", "宇", "浩", "琳", "欣", "怡", "博", "航", "凯", "鹏", "翔", "颖", "倩", "蕾", "堃", "喆",
    "玥", "䶮", "昊", "珺", "璐", "炜", "峥", "晟", "淼", "鑫", "骞", "彧",
];
const EDUCATION: &[&str] = &[
    "大学本科",
    "大学本科",
    "硕士研究生",
    "大学专科",
    "中专",
    "高中",
];
const PARTY: &[&str] = &["中共党员", "中共党员", "群众", "共青团员", "民盟盟员"];
const ETHNICITY: &[&str] = &["汉族", "汉族", "汉族", "汉族", "土家族", "白族", "苗族"];

/// A small deterministic generator (splitmix64): the demo is the same every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// Makes people with unique, valid ID numbers.
struct People {
    rng: Rng,
    used: HashSet<String>,
}

impl People {
    fn make(&mut self, born_from: i32, born_to: i32) -> (IdNumber, PersonDetails) {
        loop {
            let r = &mut self.rng;
            let year = born_from + r.below((born_to - born_from + 1) as u64) as i32;
            let month = 1 + r.below(12) as u32;
            let day = 1 + r.below(28) as u32;
            let seq = r.below(1000);
            let first17 = format!("430726{year:04}{month:02}{day:02}{seq:03}");
            let id = format!("{first17}{}", check_char(first17.as_bytes()));
            if !self.used.insert(id.clone()) {
                continue;
            }
            let Ok(id) = IdNumber::parse(&id) else {
                continue;
            };
            let given_len = 1 + r.below(2);
            let mut name = r.pick(SURNAMES).to_string();
            for _ in 0..given_len {
                name.push_str(r.pick(GIVEN));
            }
            let joined = (year + 21 + r.below(8) as i32).min(2020);
            let details = PersonDetails {
                name,
                gender: Some(id.gender()),
                ethnicity: Some(r.pick(ETHNICITY).to_string()),
                birth: Some(id.birth_date()),
                party: Some(r.pick(PARTY).to_string()),
                education: Some(r.pick(EDUCATION).to_string()),
                position: None,
                joined_on: Some(PartialDate::month(joined, 1 + r.below(12) as u32)),
                join_doc: None,
                kept: Default::default(),
            };
            return (id, details);
        }
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn doc(year: i32, n: u32) -> String {
    format!("石编〔{year}〕{n}号")
}

#[allow(clippy::too_many_arguments)]
fn entry(
    tx: &mut Tx<'_>,
    date: NaiveDate,
    doc_no: String,
    kind: EntryKind,
    reason: &str,
    (post_type, count): (PostType, i64),
    from: Account,
    to: Account,
) -> Result<crate::domain::EntryId> {
    tx.record(&EntryRequest {
        date,
        doc_no,
        kind,
        reason: reason.to_string(),
        movement: Movement {
            post_type,
            count,
            from,
            to,
        },
    })
}

/// Fills an empty database with the demo county. Refuses a database that already has units.
pub fn fill(store: &mut Store) -> Result<String> {
    if !store.orgs()?.is_empty() {
        return Err(StoreError::Corrupt(
            "数据库中已有单位，示范数据只能生成到空数据库中；请用 --db 指定一个新文件".to_string(),
        ));
    }
    store.write_as("载入示范县", fill_in)?;
    payroll_round(store)?;
    let s = crate::stats::CountyStats::derive(store, None)?;
    Ok(format!(
        "已生成示范县：{} 个单位，核定编制 {} 名，在编 {} 人，台账记录 {} 条。",
        s.summary.orgs,
        s.totals.sum().approved,
        s.summary.people_on_post,
        s.summary.ledger_entries
    ))
}

fn id_of(ids: &[(String, OrgId)], name: &str) -> Result<OrgId> {
    ids.iter()
        .find(|(n, _)| n == name)
        .map(|(_, id)| *id)
        .ok_or_else(|| StoreError::NotFound(format!("示范单位“{name}”")))
}

#[allow(clippy::too_many_lines)]
/// Who is on which post (person, unit, type), as the demo goes on.
type OnPost = Vec<(PersonId, OrgId, PostType)>;

fn fill_in(tx: &mut Tx<'_>) -> Result<()> {
    tx.mark_demo()?;
    let ids = units(tx)?;
    let start = day(2021, 1, 5);
    approved_posts(tx, &ids, start)?;
    let (mut people, mut on_post) = first_people(tx, &ids, start)?;
    recoveries(tx, &ids)?;
    grants(tx, &ids)?;
    transfers_with_posts(tx, &ids, &mut on_post)?;
    yearly_changes(tx, &ids, &mut people, &mut on_post)?;
    township_standard_and_conversion(tx, &ids, &on_post)?;
    turnover_pools(tx, &ids, &mut people)?;
    applications(tx, &ids)?;
    evaluations(tx, &ids)?;
    filings(tx, &ids)
}

/// The March filings of 2025: four townships on time, 壶瓶山镇 late (10 April); each its
/// table of who does what as the registry had it then, 楚江街道's with its duties.
fn filings(tx: &mut Tx<'_>, ids: &[(String, OrgId)]) -> Result<()> {
    let on_time = [
        ("楚江街道", 12),
        ("易家渡镇", 18),
        ("皂市镇", 20),
        ("新关镇", 25),
    ];
    for (name, d) in on_time {
        let org = id_of(ids, name)?;
        let mut lines = crate::store::township::filing_lines_from_registry(tx.conn, org)?;
        if name == "楚江街道" {
            let duties = ["党建、文秘", "经济发展", "社会事务", "综治维稳", "财政"];
            for (k, l) in lines.iter_mut().enumerate() {
                l.duties = duties[k % duties.len()].to_string();
            }
        }
        tx.record_filing_table(org, 2025, day(2025, 3, d), "纸质备案", None, &lines)?;
    }
    let late = id_of(ids, "壶瓶山镇")?;
    tx.record_filing(late, 2025, day(2025, 4, 10), "逾期报送", None)
}

/// The units of the county, with their ids by name.
fn units(tx: &mut Tx<'_>) -> Result<Vec<(String, OrgId)>> {
    let mut ids: Vec<(String, OrgId)> = Vec::new();
    for u in UNITS {
        let parent = match u.parent {
            Some(p) => Some(id_of(&ids, p)?),
            None => None,
        };
        let funding = u
            .posts
            .iter()
            .find_map(|(t, _)| match t {
                PostType::Institution(f) => Some(*f),
                _ => None,
            })
            .filter(|_| u.kind == OrgKind::Institution);
        let id = tx.create_org(&OrgDraft {
            name: u.name.to_string(),
            short_name: None,
            kind: Some(u.kind),
            grade: Some(
                if u.kind == OrgKind::Institution {
                    "股级"
                } else {
                    "正科"
                }
                .to_string(),
            ),
            parent,
            funding,
            township_class: u.class,
            leaders_chief: u.leaders.0,
            leaders_deputy: u.leaders.1,
            credit_code: None,
            basis: Some((day(2021, 1, 5), doc(2021, 1))),
        })?;
        ids.push((u.name.to_string(), id));
    }
    Ok(ids)
}

/// 2021-01-05: the posts of every unit, approved from above; the central reserve.
fn approved_posts(tx: &mut Tx<'_>, ids: &[(String, OrgId)], start: NaiveDate) -> Result<()> {
    for u in UNITS {
        let org = id_of(ids, u.name)?;
        for &(t, n) in u.posts {
            entry(
                tx,
                start,
                doc(2021, 1),
                EntryKind::Approve,
                "机构改革后核定编制",
                (t, n),
                Account::Above,
                Account::Org(org),
            )?;
        }
    }
    for (t, n) in [(ADMIN, 12), (FULL, 20)] {
        entry(
            tx,
            start,
            doc(2021, 1),
            EntryKind::Approve,
            "县集中管理编制",
            (t, n),
            Account::Above,
            Account::Reserve,
        )?;
    }
    Ok(())
}

/// The people on posts when the registry started, and one unit over its quota (超编).
fn first_people(
    tx: &mut Tx<'_>,
    ids: &[(String, OrgId)],
    start: NaiveDate,
) -> Result<(People, OnPost)> {
    let mut people = People {
        rng: Rng(20210105),
        used: HashSet::new(),
    };
    let mut on_post: OnPost = Vec::new();
    for u in UNITS {
        let org = id_of(ids, u.name)?;
        for &(t, n) in u.posts {
            let filled = (n as u64 * u.fill).div_ceil(100) as i64;
            for _ in 0..filled {
                let (id, details) = people.make(1972, 1998);
                let out = tx.register(&id, &details, (org, t), start, &doc(2021, 1))?;
                if let crate::store::RegisterOutcome::Created(pid) = out {
                    on_post.push((pid, org, t));
                }
            }
        }
    }
    // One unit carried over staff beyond its quota (超编) from before the reform.
    let over = id_of(ids, "县妇女联合会")?;
    for _ in 0..2 {
        let (id, details) = people.make(1972, 1978);
        tx.register(&id, &details, (over, ADMIN), start, &doc(2021, 1))?;
    }
    Ok((people, on_post))
}

/// Recovery of idle vacancies (收回, 89 since 2021 as the county reports), posts written
/// off (核销) and reduced (核减).
fn recoveries(tx: &mut Tx<'_>, ids: &[(String, OrgId)]) -> Result<()> {
    // 89 in all since 2021, as the county reports.
    let weak: [(&str, PostType, [i64; 5]); 6] = [
        ("县农业技术推广中心", FULL, [16, 10, 8, 4, 2]),
        ("县水产技术服务站", FULL, [5, 3, 2, 0, 0]),
        ("县城市管理服务中心", FULL, [10, 6, 4, 2, 0]),
        ("县机关事务服务中心", FULL, [3, 2, 1, 1, 1]),
        ("县农业农村局", ADMIN, [3, 1, 1, 1, 0]),
        ("县住房和城乡建设局", ADMIN, [1, 1, 1, 0, 0]),
    ];
    for (name, t, per_year) in weak {
        let org = id_of(ids, name)?;
        for (year, n) in (2021..).zip(per_year) {
            if n > 0 {
                entry(
                    tx,
                    day(year, 4, 10),
                    doc(year, 8),
                    EntryKind::Recover,
                    "职能弱化，收回空编集中管理",
                    (t, n),
                    Account::Org(org),
                    Account::Reserve,
                )?;
            }
        }
    }

    // Posts written off (核销) from a unit that lost a function.
    let org = id_of(ids, "县水产技术服务站")?;
    entry(
        tx,
        day(2024, 12, 1),
        doc(2024, 52),
        EntryKind::WriteOff,
        "职能划出，核销自收自支编制",
        (SELF, 2),
        Account::Org(org),
        Account::WrittenOff,
    )?;
    // Posts reduced (核减) after an evaluation.
    let org = id_of(ids, "县机关事务服务中心")?;
    entry(
        tx,
        day(2025, 11, 20),
        doc(2025, 61),
        EntryKind::Reduce,
        "评估发现编制闲置，核减",
        (SELF, 2),
        Account::Org(org),
        Account::Reserve,
    )?;
    Ok(())
}

/// Recovered posts used for priority work (调剂 from the reserve), and a grant entered
/// against the wrong unit, reversed.
fn grants(tx: &mut Tx<'_>, ids: &[(String, OrgId)]) -> Result<()> {
    let grants: [(i32, &str, PostType, i64); 8] = [
        (2021, "县疾病预防控制中心", FULL, 10),
        (2021, "县第一中学", FULL, 12),
        (2022, "楚江街道", FULL, 6),
        (2022, "县市场监督管理局", ADMIN, 4),
        (2023, "县第二中学", FULL, 8),
        (2024, "县融媒体中心", FULL, 4),
        (2025, "县就业服务中心", FULL, 3),
        (2026, "易家渡镇", FULL, 4),
    ];
    for (i, (year, name, t, n)) in grants.into_iter().enumerate() {
        let org = id_of(ids, name)?;
        entry(
            tx,
            day(year, 6, 15),
            doc(year, 20 + i as u32),
            EntryKind::Reallocate,
            "保障县委县政府中心工作急需",
            (t, n),
            Account::Reserve,
            Account::Org(org),
        )?;
    }
    // A grant entered against the wrong unit, and its reversal.
    let wrong = entry(
        tx,
        day(2023, 9, 1),
        doc(2023, 31),
        EntryKind::Reallocate,
        "保障重点领域",
        (FULL, 2),
        Account::Reserve,
        Account::Org(id_of(ids, "县第二中学")?),
    )?;
    tx.reverse(wrong, day(2023, 9, 8), &doc(2023, 33), "录入单位有误，撤销")?;
    Ok(())
}

/// 16 people moved with their posts since 2021 (划转 连人带编, the seed's figure): 11 in
/// 2021, 3 in 2023, 2 in 2025.
fn transfers_with_posts(
    tx: &mut Tx<'_>,
    ids: &[(String, OrgId)],
    on_post: &mut OnPost,
) -> Result<()> {
    let sources = [
        "县农业技术推广中心",
        "县城市管理服务中心",
        "县水产技术服务站",
    ];
    let targets = [
        "楚江街道",
        "易家渡镇",
        "县疾病预防控制中心",
        "县就业服务中心",
    ];
    let mut moved = 0;
    for (year, n) in [(2021, 11), (2023, 3), (2025, 2)] {
        for k in 0..n {
            let src = id_of(ids, sources[(moved + k) % sources.len()])?;
            let dst = id_of(ids, targets[(moved + k) % targets.len()])?;
            if let Some(pos) = on_post.iter().position(|&(_, o, t)| o == src && t == FULL) {
                let (pid, _, t) = on_post.remove(pos);
                tx.transfer_with_post(
                    pid,
                    dst,
                    day(year, 7, 1 + k as u32),
                    &doc(year, 40),
                    "职能调整，连人带编划转",
                )?;
                on_post.push((pid, dst, t));
            }
        }
        moved += n;
    }
    Ok(())
}

/// Retirements and hires each year; a few transfers.
fn yearly_changes(
    tx: &mut Tx<'_>,
    ids: &[(String, OrgId)],
    people: &mut People,
    on_post: &mut OnPost,
) -> Result<()> {
    let mut rng = Rng(7);
    for year in 2021..=2026 {
        for k in 0..24 {
            if on_post.is_empty() {
                break;
            }
            let pos = rng.below(on_post.len() as u64) as usize;
            let (pid, _, _) = on_post.remove(pos);
            let reason = [
                ExitReason::Retirement,
                ExitReason::Retirement,
                ExitReason::Retirement,
                ExitReason::Resignation,
                ExitReason::TransferOut,
            ][k % 5];
            tx.exit(
                pid,
                reason,
                day(year, 1 + (k % 12) as u32, 20),
                &format!("石人社〔{year}〕{}号", 10 + k),
            )?;
        }
        for k in 0..20 {
            let u = &UNITS[rng.below(UNITS.len() as u64) as usize];
            let org = id_of(ids, u.name)?;
            let (t, _) = u.posts[rng.below(u.posts.len() as u64) as usize];
            let (id, details) = people.make(1992, 2002);
            let req = HireRequest {
                id_number: id.to_string(),
                details,
                org,
                post_type: t,
                date: day(year, 8, 1 + k as u32),
                doc_no: format!("石人社〔{year}〕{}号", 60 + k),
            };
            match tx.hire(&req) {
                Ok(pid) => on_post.push((pid, org, t)),
                Err(StoreError::Rule(_)) => {} // no vacancy there: the clerk would pick another unit
                Err(e) => return Err(e),
            }
        }
        for k in 0..3 {
            let pos = rng.below(on_post.len().max(1) as u64) as usize;
            let Some(&(pid, from, t)) = on_post.get(pos) else {
                break;
            };
            let u = &UNITS[rng.below(UNITS.len() as u64) as usize];
            let to = id_of(ids, u.name)?;
            if to != from
                && u.posts.iter().any(|&(pt, _)| pt == t)
                && tx
                    .transfer(
                        pid,
                        to,
                        t,
                        day(year, 10, 10 + k),
                        &format!("石组通〔{year}〕{}号", 5 + k),
                    )
                    .is_ok()
            {
                on_post[pos] = (pid, to, t);
            }
        }
    }
    Ok(())
}

/// The township standard set by document in 2021 (the seed's 37, 28 and 1.2:1), and one
/// 退二补一 at the agricultural extension centre in 2024.
fn township_standard_and_conversion(
    tx: &mut Tx<'_>,
    ids: &[(String, OrgId)],
    on_post: &[(PersonId, OrgId, PostType)],
) -> Result<()> {
    tx.set_township_standard(
        &crate::domain::township::AllocationStandard::default(),
        "石编〔2021〕8号",
        day(2021, 3, 1),
    )?;
    let centre = id_of(ids, "县农业技术推广中心")?;
    let partial = PostType::Institution(Funding::Partial);
    let Some(&(pid, _, _)) = on_post
        .iter()
        .find(|&&(_, o, t)| o == centre && t == partial)
    else {
        return Ok(());
    };
    // Two 全额 posts vacated by then: people who left, or retirements that summer.
    let date = day(2024, 9, 1);
    let mut retired = on_post
        .iter()
        .filter(|&&(_, o, t)| o == centre && t == FULL)
        .map(|&(p, _, _)| p);
    let (departures, _) = loop {
        let status = crate::store::conversions::conversion_status(tx.conn, centre)?;
        let free: Vec<i64> = status
            .departures
            .iter()
            .filter(|d| d.used_by.is_none() && d.date <= date)
            .map(|d| d.event)
            .take(2)
            .collect();
        if free.len() == 2 && status.full_vacancy >= 2 {
            break (free, status);
        }
        let Some(p) = retired.next() else {
            return Err(StoreError::Corrupt(
                "示范数据：县农业技术推广中心没有可退休的全额拨款人员".into(),
            ));
        };
        tx.exit(
            p,
            ExitReason::Retirement,
            day(2024, 6, 30),
            "石人社〔2024〕21号",
        )?;
    };
    tx.convert(&crate::store::conversions::ConversionRequest {
        person: pid,
        date,
        doc_no: "石编〔2024〕15号".into(),
        departures,
        second: crate::domain::conversion::SecondPost::WriteOff,
    })?;
    Ok(())
}

/// The internal divisions (内设机构) of two units, set up by their 三定 in 2019, with their
/// people: 县教育局 with a small 教育督导室 (under half the average), 县人民医院 with its
/// wards. 县妇女联合会 has none (its evaluation scores the division items by hand).
fn divisions(tx: &mut Tx<'_>, ids: &[(String, OrgId)]) -> Result<()> {
    use crate::domain::DivisionKind::{Business, General};
    let units = [
        (
            "县教育局",
            "石编〔2019〕8号",
            [
                ("办公室", General),
                ("基础教育股", Business),
                ("教育督导室", Business),
            ],
        ),
        (
            "县人民医院",
            "石编〔2019〕11号",
            [
                ("院办公室", General),
                ("内科", Business),
                ("外科", Business),
            ],
        ),
    ];
    for (unit, doc_no, list) in units {
        let org = id_of(ids, unit)?;
        let mut made = Vec::new();
        for (name, kind) in list {
            made.push(tx.create_division(org, name, kind, day(2019, 3, 1), doc_no)?);
        }
        let people: Vec<i64> = {
            let mut st = tx.conn.prepare(
                "SELECT id FROM persons WHERE status = '在编' AND org_id = ?1 ORDER BY id",
            )?;
            st.query_map([org.0], |r| r.get(0))?
                .collect::<crate::store::db::Result<_>>()?
        };
        // One in four to the office, the third division a few, the rest the second.
        for (k, p) in people.into_iter().enumerate() {
            let d = match k % 8 {
                0 | 4 => made[0],
                5 => made[2],
                _ => made[1],
            };
            tx.assign_division(crate::domain::PersonId(p), Some(d))?;
        }
    }
    Ok(())
}

/// The leaders of every unit, appointed in March 2021 by the organisation department
/// (组织部): its approved chief and deputies from its first people; 县发展和改革局 one
/// deputy more than approved (超职数).
fn appointments(tx: &mut Tx<'_>, ids: &[(String, OrgId)]) -> Result<()> {
    use crate::domain::leadership::Level;
    use crate::store::leadership::AppointmentRequest;
    let titles = |name: &str| {
        if name.ends_with('局') {
            ("局长", "副局长")
        } else if name.ends_with('院') {
            ("院长", "副院长")
        } else if name.contains("学") {
            ("校长", "副校长")
        } else if name.contains("联合会") || name.ends_with("工会") {
            ("主席", "副主席")
        } else if name.ends_with('镇') || name.ends_with('乡') || name.ends_with("街道") {
            ("党（工）委书记", "副书记")
        } else {
            ("主任", "副主任")
        }
    };
    for (k, (name, org)) in ids.iter().enumerate() {
        let approved = crate::store::leadership::approved(tx.conn, *org, None)?;
        let extra = i64::from(name == "县发展和改革局");
        let people: Vec<i64> = {
            let mut st = tx.conn.prepare(
                "SELECT id FROM persons WHERE status = '在编' AND org_id = ?1 ORDER BY id",
            )?;
            st.query_map([org.0], |r| r.get(0))?
                .collect::<crate::store::db::Result<_>>()?
        };
        let (chief, deputy) = titles(name);
        let wanted = std::iter::repeat_n((Level::Chief, chief), approved.chief as usize).chain(
            std::iter::repeat_n((Level::Deputy, deputy), (approved.deputy + extra) as usize),
        );
        for ((level, position), p) in wanted.zip(people) {
            tx.appoint(&AppointmentRequest {
                person: crate::domain::PersonId(p),
                level,
                position: position.to_string(),
                rank: if level == Level::Chief {
                    "正科级"
                } else {
                    "副科级"
                }
                .to_string(),
                high_config: false,
                date: day(2021, 3, 1),
                doc_no: format!("石组干〔2021〕{}号", k + 1),
            })?;
        }
    }
    Ok(())
}

/// The 2025 evaluation of three units under the default system: hand scores, one result
/// applied (a rectification item), reported to the committee.
fn evaluations(tx: &mut Tx<'_>, ids: &[(String, OrgId)]) -> Result<()> {
    use crate::domain::evaluation::{AutoSource, Method};
    use crate::store::evaluations::EvalState;
    divisions(tx, ids)?;
    appointments(tx, ids)?;
    let system = tx.ensure_default_system()?;
    let units = ["县妇女联合会", "县人民医院", "县教育局"];
    let orgs: Vec<OrgId> = units.iter().map(|u| id_of(ids, u)).collect::<Result<_>>()?;
    let evals = tx.start_evaluations(system, 2025, &orgs)?;
    let items = crate::domain::evaluation::default_system().items;
    let today = day(2025, 12, 15);
    for (n, &e) in evals.iter().enumerate() {
        for (k, item) in items.iter().enumerate() {
            if item.method == Method::Manual {
                // Hand scores: 80 % to 100 % of the points, by unit.
                let score = item.max * (8 + n as i64) / 10;
                tx.set_score(e, k, score.min(item.max), "", "年度考核材料", "日常", today)?;
            }
        }
    }
    // 县妇女联合会 has no internal divisions: its two division items are scored by hand.
    for (k, item) in items.iter().enumerate() {
        let input = match item.auto {
            Some(AutoSource::FrontLineShare) => 80,
            Some(AutoSource::SmallDivisions) => 0,
            _ => continue,
        };
        let note = "机构规模小，未设内设机构，按实际工作分工核定";
        tx.set_score(evals[0], k, input, note, "三定规定", "日常", today)?;
    }
    // 2025's evaluations came before any 核查 was kept: the payroll item was checked by
    // hand against 财政's data.
    for &e in &evals {
        for (k, item) in items.iter().enumerate() {
            if item.auto == Some(AutoSource::PayrollFindings) {
                let note = "评估时尚未开展核查，按财政提供的工资发放数据逐人核对一致";
                tx.set_score(e, k, 0, note, "工资发放数据", "日常", today)?;
            }
        }
    }
    // Reported once all three are scored: each is kept with its rank among the three.
    for &e in &evals {
        tx.set_evaluation_state(e, EvalState::Reported, Some(day(2026, 1, 20)), today)?;
    }
    tx.add_rectification(
        orgs[0],
        Some(evals[0]),
        "消化超编人员",
        "主席",
        day(2026, 6, 30),
    )?;
    tx.add_policy_suggestion(
        evals[2],
        "理顺教育督导与教育局内设机构职责",
        day(2026, 1, 20),
    )?;
    Ok(())
}

/// A 核查 against 财政's payroll: everyone on a post is paid but two people of 县财政局 (one
/// of them paid by 县审计局), and someone who left is still paid. One finding is
/// explained, one goes to rectification.
fn payroll_round(store: &mut Store) -> Result<()> {
    use crate::domain::reconcile::{ListRow, Source};
    use crate::store::reconcile::FindingState;
    let names: std::collections::HashMap<OrgId, String> =
        store.orgs()?.into_iter().map(|o| (o.id, o.name)).collect();
    let finance = store
        .org_by_name("县财政局")?
        .ok_or_else(|| StoreError::NotFound("示范单位“县财政局”".into()))?;
    let mut rows = Vec::new();
    let mut skipped = 0;
    let mut gone_paid = false;
    for p in store.people()? {
        let unit = match p.status {
            PersonStatus::OnPost { org, .. } => {
                if org == finance.id && skipped < 2 {
                    skipped += 1;
                    if skipped == 1 {
                        continue;
                    }
                    "县审计局".to_string()
                } else {
                    names.get(&org).cloned().unwrap_or_default()
                }
            }
            PersonStatus::Left { .. } if !gone_paid => {
                gone_paid = true;
                "县财政局".to_string()
            }
            PersonStatus::Left { .. } => continue,
        };
        rows.push(ListRow {
            row: rows.len() as u32 + 2,
            name: p.details.name.clone(),
            id_text: p.id_number.as_str().to_string(),
            unit,
            ..Default::default()
        });
    }
    let outcome = store.reconcile_preview(Source::Payroll, &rows)?;
    let round = store.record_round(
        Source::Payroll,
        "2026年11月工资统发名单.xlsx",
        &rows,
        &outcome,
    )?;
    let findings = store.findings(Some(round), None)?;
    let deadline = crate::clock::today() + chrono::Days::new(30);
    for f in &findings {
        match f.finding.code.code() {
            "unit_differs" => store.settle_finding(
                f.id,
                FindingState::Explained,
                "借调县审计局，工资由审计局代发",
                None,
            )?,
            "on_post_not_paid" if f.finding.org_id == Some(finance.id.0) => {
                store.settle_finding(f.id, FindingState::Rectify, "", Some(("人事股", deadline)))?
            }
            _ => {}
        }
    }
    Ok(())
}

/// The applications of 2021 as the seed reports them: 20 received, 15 accepted, 18
/// suggestions given; some decided, some still waiting.
fn applications(tx: &mut Tx<'_>, ids: &[(String, OrgId)]) -> Result<()> {
    use crate::domain::application::{ApplicationKind, Decision};
    use crate::store::applications::{ApplicationRequest, PostSource};
    let kinds = [
        ApplicationKind::IncreasePosts,
        ApplicationKind::UsePosts,
        ApplicationKind::ChangeFunctions,
        ApplicationKind::MoreLeaders,
        ApplicationKind::NewBody,
    ];
    let tips = [
        "先在部门内部调剂解决",
        "可通过政府购买服务解决辅助性工作",
        "优化内设机构，整合相近职能",
        "先用现有空编",
    ];
    let mut given = 0;
    for k in 0..20u32 {
        let (unit, _) = &ids[(k as usize * 7) % ids.len()];
        let org = id_of(ids, unit)?;
        let kind = kinds[k as usize % kinds.len()];
        let received = day(2021, 1 + k % 11, 3 + k % 20);
        let id = tx.receive_application(&ApplicationRequest {
            org,
            kind,
            post_type: kind.has_posts().then_some(PostType::Administrative),
            requested: 1 + i64::from(k % 3),
            reason: "承担新增工作任务".into(),
            received_on: received,
            market_available: k % 10 == 9,
            attachments: String::new(),
        })?;
        let reviewed = day(2021, 1 + k % 11, 25);
        if k < 15 {
            tx.review_application(id, true, "", "经集体研究予以受理", reviewed)?;
            if k % 3 == 0 {
                let decision = if kind == ApplicationKind::UsePosts {
                    Decision::Approve
                } else {
                    Decision::Refuse
                };
                tx.decide_application(
                    id,
                    day(2021, 12, 10),
                    "2021年第4次编委会",
                    decision,
                    0,
                    false,
                    &format!("石编〔2021〕{}号", 40 + k),
                    PostSource::Reserve,
                )?;
            }
        } else {
            tx.review_application(id, false, "现有空编较多，先用空编", "", reviewed)?;
        }
        for _ in 0..(if k < 18 { 1 } else { 0 }) {
            tx.add_suggestion(id, tips[given % tips.len()], reviewed)?;
            given += 1;
        }
    }
    Ok(())
}

/// The two pools of the seed, with the 56 turnover posts issued in 2021: people hired onto
/// them, some gone (人走编收), unused posts taken back, one 空编置换, and terms now overdue.
fn turnover_pools(tx: &mut Tx<'_>, ids: &[(String, OrgId)], people: &mut People) -> Result<()> {
    use crate::store::turnover::PlanRequest;
    let full = PostType::Institution(Funding::Full);
    let county = tx.create_pool("县直行政事业周转编制池")?;
    let towns = tx.create_pool("乡镇(街道)人才编制池")?;
    for (pool, n, doc) in [
        (county, 60, "石编〔2021〕5号"),
        (towns, 20, "石编〔2021〕6号"),
    ] {
        entry(
            tx,
            day(2021, 2, 1),
            doc.to_string(),
            EntryKind::Approve,
            "核定周转编制池规模",
            (full, n),
            Account::Above,
            Account::Pool(pool),
        )?;
    }
    let mut holders = Vec::new();
    for (unit, n, hires, doc) in [
        ("县人民医院", 30, 8, "石编〔2021〕21号"),
        ("县职业中专学校", 26, 6, "石编〔2021〕22号"),
    ] {
        let org = id_of(ids, unit)?;
        let plan = tx.apply_turnover_plan(
            &PlanRequest {
                pool: county,
                org,
                post_type: full,
                requested: n,
                purpose: "引进急需紧缺专业人才".into(),
                term_months: 36,
                return_plan: "人员转入本单位空编后收回".into(),
                applied_on: day(2021, 3, 1),
            },
            36,
        )?;
        tx.decide_turnover_plan(plan, n, "", "现有空编岗位专业不对口", day(2021, 3, 20))?;
        let issue = tx.issue_turnover(plan, n, doc, day(2021, 4, 1))?;
        for k in 0..hires {
            let (id, details) = people.make(1993, 1999);
            let pid = tx.hire_on_turnover(
                issue,
                &HireRequest {
                    id_number: id.to_string(),
                    details,
                    org,
                    post_type: full,
                    date: day(2021, 7, 1 + k),
                    doc_no: format!("石人社〔2021〕{}号", 80 + k),
                },
            )?;
            holders.push((pid, issue, n - i64::from(hires)));
        }
    }
    // Two leave (人走编收); the unused posts of the first issue go back; one swap.
    for &(pid, _, _) in holders.iter().take(2) {
        tx.exit(
            pid,
            ExitReason::Resignation,
            day(2023, 6, 30),
            "石人社〔2023〕40号",
        )?;
    }
    if let Some(&(_, issue, unused)) = holders.first() {
        tx.return_turnover(issue, unused, day(2024, 4, 1), "石编〔2024〕7号")?;
    }
    if let Some(&(pid, _, _)) = holders.get(2) {
        match tx.swap_turnover(pid, day(2025, 3, 1), "石编〔2025〕4号") {
            Ok(()) | Err(StoreError::Rule(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
