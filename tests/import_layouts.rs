//! The roster layouts of the provincial 实名制 systems and of county files, built here as
//! our own workbooks (and the one example of each in `../shared/samples/layouts`): the
//! template's unit columns and 所在机构, 编制类别 with a separate 编制经费形式, held values,
//! kept fields, a block per unit, a merged unit column, padded names, serial dates; and
//! imported history dated so that `stats --as-of` shows the county as it was.

mod common;

use bianzhi::domain::{Funding, OrgKind, PostType};
use bianzhi::import::{self, ImportKind, Progress, Settings};
use bianzhi::store::Store;
use common::*;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::process::Command;

fn write(ws: &mut Worksheet, first: u32, rows: &[Vec<&str>]) {
    for (i, row) in rows.iter().enumerate() {
        for (j, c) in row.iter().enumerate() {
            if !c.is_empty() {
                ws.write_string(first + i as u32, j as u16, *c).unwrap();
            }
        }
    }
}

fn person<'a>(plan: &'a import::ImportPlan, name: &str) -> &'a import::PersonChange {
    plan.people
        .iter()
        .find(|p| p.details.name == name)
        .unwrap_or_else(|| panic!("{name} not planned: {:#?}", plan.problems))
}

fn held(plan: &import::ImportPlan, row: u32, code: &str) -> String {
    assert!(
        plan.rejected.iter().any(|r| r.row == row),
        "row {row} is not held: {:#?}",
        plan.problems
    );
    plan.problems
        .iter()
        .find(|p| p.row == Some(row) && p.code == code)
        .unwrap_or_else(|| panic!("no {code} at row {row}: {:#?}", plan.problems))
        .message
        .clone()
}

fn county(dir: &TempDir) -> Store {
    let mut s = Store::open(&dir.path("county.db")).unwrap();
    add_org(
        &mut s,
        "县司法局",
        OrgKind::GovDept,
        &[(PostType::Administrative, 10), (PostType::Service, 1)],
    );
    add_org(
        &mut s,
        "县图书馆",
        OrgKind::Institution,
        &[
            (PostType::Institution(Funding::Full), 5),
            (PostType::Institution(Funding::Partial), 5),
            (PostType::Institution(Funding::SelfFunded), 5),
        ],
    );
    add_org(
        &mut s,
        "县教育局",
        OrgKind::GovDept,
        &[(PostType::Administrative, 10)],
    );
    s
}

const TEMPLATE_HEADER: [&str; 22] = [
    "事业单位名称",
    "所在机构",
    "姓名",
    "身份证号",
    "性别",
    "出生日期",
    "编制类别",
    "编制经费形式",
    "人员分类",
    "人员状态",
    "进入形式",
    "进入时间",
    "岗位类别",
    "领导职务级别",
    "任现职时间",
    "入编时间",
    "入编文号",
    "参加工作时间",
    "籍贯",
    "学位",
    "毕业学校",
    "所学专业",
];

#[test]
fn the_provincial_template_two_sheets_held_values_and_kept_fields() {
    let dir = TempDir::new("layouts");
    let store = county(&dir);
    let mut wb = Workbook::new();
    let ids: Vec<String> = (1..=9).map(|i| id("19800101", i * 2 + 1)).collect();
    let inst = wb.add_worksheet();
    inst.set_name("事业单位").unwrap();
    let row = |unit: &'static str,
               division: &'static str,
               name: &'static str,
               id: &str,
               gender: &'static str,
               category: &'static str,
               funding: &'static str,
               state: &'static str|
     -> Vec<String> {
        vec![
            unit,
            division,
            name,
            id,
            gender,
            "1980-01-01",
            category,
            funding,
            "非领导人员",
            state,
            "事业单位招考",
            "2005-07-01",
            "专业技术岗位",
            "",
            "2019-03-01",
            "2005-08-01",
            "石编〔2005〕3号",
            "2005-07",
            "湖南石门",
            "学士",
            "湖南师范大学",
            "图书馆学",
        ]
        .into_iter()
        .map(str::to_string)
        .collect()
    };
    let rows: Vec<Vec<String>> = vec![
        TEMPLATE_HEADER.iter().map(|s| s.to_string()).collect(),
        row(
            "县图书馆",
            "综合股",
            "全额甲",
            &ids[0],
            "男",
            "事业编制",
            "全额拨款",
            "在编在岗",
        ),
        row(
            "县图书馆",
            "采编部",
            "差额乙",
            &ids[1],
            "男",
            "事业编制",
            "差额补贴",
            "在编在岗",
        ),
        row(
            "县图书馆",
            "采编部",
            "自理丙",
            &ids[2],
            "男",
            "事业编制",
            "经费自理和企业化管理",
            "在编在岗",
        ),
        row(
            "县图书馆",
            "综合股",
            "未定丁",
            &ids[3],
            "男",
            "事业编制",
            "未定编到人",
            "在编在岗",
        ),
        row(
            "县图书馆",
            "综合股",
            "怪款戊",
            &ids[4],
            "男",
            "事业编制",
            "财政适当补助",
            "在编在岗",
        ),
        row(
            "县图书馆",
            "综合股",
            "离岗己",
            &ids[5],
            "男",
            "事业编制",
            "全额拨款",
            "离岗",
        ),
        row(
            "县图书馆",
            "综合股",
            "性别庚",
            &ids[6],
            "未知",
            "事业编制",
            "全额拨款",
            "在编在岗",
        ),
    ];
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    write(inst, 0, &rows);
    let admin = wb.add_worksheet();
    admin.set_name("行政机构").unwrap();
    let mut header = TEMPLATE_HEADER.to_vec();
    header[0] = "行政机构名称";
    write(
        admin,
        0,
        &[
            header,
            // 所在机构 names another unit: it is the division, never the unit.
            vec![
                "县司法局",
                "县教育局",
                "行政辛",
                &ids[7],
                "男",
                "1980-01-01",
                "行政编制",
                "",
                "部门副职领导",
                "在编在岗",
                "公务员考试",
            ],
            vec![
                "县司法局",
                "办公室",
                "其他壬",
                &ids[8],
                "男",
                "1980-01-01",
                "机关其他编制",
            ],
        ],
    );
    let path = dir.path("template.xlsx");
    wb.save(&path).unwrap();

    let plan = plan(&store, &path, ImportKind::Roster);
    let lib = store.org_by_name("县图书馆").unwrap().unwrap().id;
    let justice = store.org_by_name("县司法局").unwrap().unwrap().id;
    let full = person(&plan, "全额甲");
    assert_eq!(
        (full.org, full.post_type),
        (lib, PostType::Institution(Funding::Full))
    );
    assert_eq!(
        person(&plan, "差额乙").post_type,
        PostType::Institution(Funding::Partial)
    );
    assert_eq!(
        person(&plan, "自理丙").post_type,
        PostType::Institution(Funding::SelfFunded)
    );
    let admin = person(&plan, "行政辛");
    assert_eq!(
        (admin.org, admin.post_type),
        (justice, PostType::Administrative)
    );
    assert_eq!(
        admin.details.kept.get("division").map(String::as_str),
        Some("县教育局")
    );
    assert_eq!(
        admin.details.kept.get("person_class").map(String::as_str),
        Some("部门副职领导")
    );
    // The template's other fields are kept as read, dates in one form.
    let k = &full.details.kept;
    for (code, value) in [
        ("division", "综合股"),
        ("person_class", "非领导人员"),
        ("entry_form", "事业单位招考"),
        ("entered_on", "2005-07-01"),
        ("post_category", "专业技术岗位"),
        ("current_post_since", "2019-03-01"),
        ("work_since", "2005-07"),
        ("native_place", "湖南石门"),
        ("degree", "学士"),
        ("school", "湖南师范大学"),
        ("major", "图书馆学"),
    ] {
        assert_eq!(k.get(code).map(String::as_str), Some(value), "{code}");
    }
    assert_eq!(full.details.join_doc.as_deref(), Some("石编〔2005〕3号"));
    // In post is what being on a post means: not kept.
    assert_eq!(k.get("person_state"), None);

    // Held, with the value itself, never defaulted.
    assert!(held(&plan, 5, "post_type_held").contains("未定编到人"));
    let m = held(&plan, 6, "unknown_funding");
    assert!(m.contains("财政适当补助"), "{m}");
    assert!(
        !plan
            .problems
            .iter()
            .any(|p| p.row == Some(6) && p.code == "funding_assumed")
    );
    assert!(held(&plan, 7, "person_state_held").contains("离岗"));
    assert!(held(&plan, 8, "unknown_gender").contains("未知"));
    assert!(held(&plan, 3, "post_type_held").contains("机关其他编制"));
    assert_eq!(plan.people.len(), 4);
    // Problems know their unit, for grouping.
    let p = plan.problems.iter().find(|p| p.row == Some(6)).unwrap();
    assert_eq!(p.unit.as_deref(), Some("县图书馆"));
    assert_eq!(import::cause_label(p.code), "经费形式无法识别");

    // The clerk maps the held values: the rows are read as mapped.
    let mut settings = Settings::default();
    settings.run.mapping.set_value(
        import::settings::Field::Funding,
        "财政适当补助".into(),
        "差额拨款".into(),
    );
    settings
        .run
        .mapping
        .set_value(import::settings::Field::Gender, "未知".into(), "男".into());
    settings.run.mapping.set_value(
        import::settings::Field::PersonState,
        "离岗".into(),
        "在编在岗".into(),
    );
    let mapped = plan_with(&store, &path, ImportKind::Roster, &settings);
    assert_eq!(
        person(&mapped, "怪款戊").post_type,
        PostType::Institution(Funding::Partial)
    );
    assert!(mapped.people.iter().any(|p| p.details.name == "性别庚"));
    assert!(mapped.people.iter().any(|p| p.details.name == "离岗己"));
    assert_eq!(mapped.people.len(), 7);
    let held_now: Vec<_> = mapped
        .problems
        .iter()
        .filter_map(|p| p.held.clone())
        .collect();
    assert_eq!(held_now.len(), 2, "{held_now:?}"); // 未定编到人, 机关其他编制
    // Held problems name the field and the value, for the review to offer a reading.
    assert!(
        plan.problems
            .iter()
            .any(|p| p.held == Some((import::settings::Field::Funding, "财政适当补助".into())))
    );

    // Written and read back: the kept fields are on the person.
    let mut store = store;
    import::commit(&mut store, &plan, &Progress::new()).unwrap();
    let people = store.people().unwrap();
    let p = people.iter().find(|p| p.details.name == "行政辛").unwrap();
    assert_eq!(
        p.details.kept.get("entry_form").map(String::as_str),
        Some("公务员考试")
    );
    assert_eq!(p.status.post(), Some((justice, PostType::Administrative)));
    assert_eq!(store.check().unwrap(), Vec::<String>::new());

    // Exported in the provincial template and imported into a fresh database holding the
    // same units: the registry is the same.
    use bianzhi::export::reports::{Report, ReportOptions, write_report};
    let out = dir.path("province.xlsx");
    let opts = ReportOptions {
        full_ids: true,
        ..Default::default()
    };
    let summary = write_report(&store, Report::ProvinceRoster, &opts, &out).unwrap();
    assert_eq!(summary.rows, 4);
    let dir2 = TempDir::new("layouts-again");
    let mut again = county(&dir2);
    let plan2 = common::plan(&again, &out, ImportKind::Roster);
    assert!(plan2.rejected.is_empty(), "{:#?}", plan2.problems);
    import::commit(&mut again, &plan2, &Progress::new()).unwrap();
    let registry = |s: &Store| {
        let names: std::collections::HashMap<_, _> = s
            .orgs()
            .unwrap()
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let mut v: Vec<String> = s
            .people()
            .unwrap()
            .into_iter()
            .map(|p| {
                let (o, t) = p.status.post().unwrap();
                format!(
                    "{} {} {} {:?}",
                    p.id_number.as_str(),
                    names[&o],
                    t.label(),
                    p.details
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(registry(&store), registry(&again));
}

#[test]
fn one_sheet_with_a_block_per_unit() {
    let dir = TempDir::new("blocks");
    let store = county(&dir);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("花名册").unwrap();
    let header = vec!["序号", "姓名", "性别", "身份证号码", "编制类型", "职务"];
    let (a, b, c) = (id("19800101", 11), id("19810101", 12), id("19820101", 13));
    write(
        ws,
        0,
        &[
            vec!["2025年人员花名册"],
            vec!["单位：县司法局"],
            header.clone(),
            vec!["1", "司法甲", "男", &a, "行政编制", "科员"],
            vec!["2", "司法乙", "女", &b, "工勤编制", ""],
            vec!["小计", "2人"],
            vec!["单位名称：县教育局      填报日期：2025年3月"],
            header.clone(),
            vec!["1", "教育丙", "男", &c, "行政编制", "科员"],
            vec!["小计", "1人"],
            vec!["合计", "3人"],
        ],
    );
    let path = dir.path("blocks.xlsx");
    wb.save(&path).unwrap();
    let plan = plan(&store, &path, ImportKind::Roster);
    let justice = store.org_by_name("县司法局").unwrap().unwrap().id;
    let edu = store.org_by_name("县教育局").unwrap().unwrap().id;
    assert_eq!(person(&plan, "司法甲").org, justice);
    assert_eq!(
        (
            person(&plan, "司法乙").org,
            person(&plan, "司法乙").post_type
        ),
        (justice, PostType::Service)
    );
    assert_eq!(person(&plan, "教育丙").org, edu);
    assert_eq!(plan.people.len(), 3);
    assert!(plan.rejected.is_empty(), "{:#?}", plan.problems);
    assert_eq!(plan.sheets[0].blocks, vec!["县司法局", "县教育局"]);
}

#[test]
fn merged_unit_column_padded_names_and_serial_dates() {
    let dir = TempDir::new("merged");
    let store = county(&dir);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let merged = Format::new().set_align(FormatAlign::VerticalCenter);
    write(
        ws,
        0,
        &[vec![
            "序号",
            "单位",
            "姓　　名",
            "身份证号码",
            "编制类型",
            "出生日期",
            "入编时间",
        ]],
    );
    ws.merge_range(1, 1, 3, 1, "县司法局", &merged).unwrap();
    ws.merge_range(4, 1, 5, 1, "县教育局", &merged).unwrap();
    let names = ["王　芳", "王  芳二", "李 明", "赵　涛", "钱多多"];
    for (i, n) in names.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        ws.write_string(r, 2, *n).unwrap();
        ws.write_string(r, 3, id("19800101", 21 + i as u32))
            .unwrap();
        ws.write_string(r, 4, "行政编制").unwrap();
        // Dates as bare serial numbers in General cells.
        ws.write_number(r, 5, 29221.0).unwrap(); // 1980-01-01
        ws.write_number(r, 6, 40000.0).unwrap(); // 2009-07-06
    }
    let path = dir.path("merged.xlsx");
    wb.save(&path).unwrap();
    let plan = plan(&store, &path, ImportKind::Roster);
    assert!(plan.rejected.is_empty(), "{:#?}", plan.problems);
    let justice = store.org_by_name("县司法局").unwrap().unwrap().id;
    let edu = store.org_by_name("县教育局").unwrap().unwrap().id;
    assert_eq!(person(&plan, "王芳").org, justice);
    assert_eq!(person(&plan, "王芳二").org, justice);
    assert_eq!(person(&plan, "李明").org, justice);
    assert_eq!(person(&plan, "赵涛").org, edu);
    assert_eq!(person(&plan, "钱多多").org, edu);
    let p = person(&plan, "王芳");
    assert_eq!(
        p.details.joined_on.map(|d| d.to_string()).as_deref(),
        Some("2009-07-06")
    );
    assert_eq!(
        p.details.birth.map(|d| d.to_string()).as_deref(),
        Some("1980-01-01")
    );
    // Registered on the later of 入编时间 and the unit's approved posts (2021-01-05 here).
    assert_eq!(p.date, d(2021, 1, 5));
}

#[test]
fn unknown_units_suggest_what_clerks_meant() {
    let dir = TempDir::new("suggest");
    let mut store = county(&dir);
    for n in ["县水利局", "县公安局", "县水利水电勘测设计中心"] {
        add_org(
            &mut store,
            n,
            OrgKind::GovDept,
            &[(PostType::Administrative, 3)],
        );
    }
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let (a, b, c) = (id("19800101", 31), id("19800101", 33), id("19800101", 35));
    write(
        ws,
        0,
        &[
            vec!["单位名称", "姓名", "身份证号码", "编制类型"],
            vec!["石门县水利局", "甲", &a, "行政编制"],
            vec!["水利局", "乙", &b, "行政编制"],
            vec!["县水利 局", "丙", &c, "行政编制"],
        ],
    );
    let path = dir.path("suggest.xlsx");
    wb.save(&path).unwrap();
    let plan = plan(&store, &path, ImportKind::Roster);
    for row in [2, 3] {
        let m = held(&plan, row, "unknown_org");
        let first = m.split("是否是：").nth(1).unwrap_or("");
        assert!(first.starts_with("县水利局"), "row {row}: {m}");
    }
    // Spaces are not a different unit.
    assert_eq!(
        person(&plan, "丙").org,
        store.org_by_name("县水利局").unwrap().unwrap().id
    );
}

#[test]
fn a_forced_mapping_reads_a_layout_nobody_foresaw() {
    let dir = TempDir::new("mapping");
    let store = county(&dir);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let a = id("19800101", 41);
    write(
        ws,
        0,
        &[
            vec!["归属", "人名", "号码", "类型"],
            vec!["县司法局", "映射甲", &a, "行政编制"],
        ],
    );
    let path = dir.path("odd.xlsx");
    wb.save(&path).unwrap();
    let err = import::plan(
        &store,
        &path,
        ImportKind::Roster,
        &Settings::default(),
        &Progress::new(),
    )
    .unwrap_err();
    assert_eq!(err.code(), "no_header");
    let mut settings = Settings::default();
    settings.run.mapping = import::settings::Mapping::from_json(
        r#"{"columns": {"归属": "unit", "人名": "name", "号码": "id_number", "类型": "post_type"}}"#,
    )
    .unwrap();
    let plan = plan_with(&store, &path, ImportKind::Roster, &settings);
    assert_eq!(
        person(&plan, "映射甲").org,
        store.org_by_name("县司法局").unwrap().unwrap().id
    );
}

#[test]
fn the_shared_layout_examples_are_read() {
    let Some(dir_in) = shared("samples/layouts") else {
        return;
    };
    let dir = TempDir::new("shared-layouts");
    let mut store = Store::open(&dir.path("county.db")).unwrap();
    let units: [(&str, PostType); 8] = [
        ("县退役军人事务局", PostType::Administrative),
        ("县审计局", PostType::Administrative),
        ("县医疗保障局", PostType::Administrative),
        ("县统计局", PostType::Administrative),
        ("县司法局", PostType::Administrative),
        (
            "县住房保障服务中心",
            PostType::Institution(Funding::Partial),
        ),
        (
            "县建设工程质量安全监督站",
            PostType::Institution(Funding::SelfFunded),
        ),
        ("县图书馆", PostType::Institution(Funding::Full)),
    ];
    for (n, t) in units {
        add_org(&mut store, n, OrgKind::GovDept, &[(t, 30)]);
    }
    let by_name = |n: &str| store.org_by_name(n).unwrap().unwrap().id;
    let p = plan(
        &store,
        &dir_in.join("block_per_unit.xlsx"),
        ImportKind::Roster,
    );
    assert!(p.rejected.is_empty(), "{:#?}", p.problems);
    assert_eq!(person(&p, "徐旭").org, by_name("县退役军人事务局"));
    assert_eq!(person(&p, "吴丽丽").org, by_name("县审计局"));
    let p = plan(
        &store,
        &dir_in.join("merged_unit_padded_names.xlsx"),
        ImportKind::Roster,
    );
    assert!(p.rejected.is_empty(), "{:#?}", p.problems);
    assert_eq!(person(&p, "罗坤").org, by_name("县医疗保障局"));
    assert_eq!(person(&p, "李浩").org, by_name("县统计局"));
    let p = plan(
        &store,
        &dir_in.join("province_template.xlsx"),
        ImportKind::Roster,
    );
    assert!(p.rejected.is_empty(), "{:#?}", p.problems);
    assert_eq!(
        person(&p, "唐秀华").post_type,
        PostType::Institution(Funding::Partial)
    );
    assert_eq!(
        person(&p, "李秀云").org,
        by_name("县建设工程质量安全监督站")
    );
    assert_eq!(
        person(&p, "李秀云").post_type,
        PostType::Institution(Funding::SelfFunded)
    );
    assert_eq!(person(&p, "陈秀华").org, by_name("县司法局"));
    assert_eq!(
        person(&p, "陈秀华")
            .details
            .kept
            .get("division")
            .map(String::as_str),
        Some("办公室")
    );
}

fn bianzhi(db: &Path, today: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_bianzhi"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env("BIANZHI_OPERATOR", "测试员")
        .env("BIANZHI_TODAY", today)
        .output()
        .unwrap()
}

fn stats(db: &Path, today: &str, as_of: Option<&str>) -> Json {
    let mut args = vec!["stats", "--json"];
    if let Some(d) = as_of {
        args.extend(["--as-of", d]);
    }
    let out = bianzhi(db, today, &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn orgs_file(dir: &TempDir) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    write(
        ws,
        0,
        &[
            vec!["单位名称", "机构类别", "行政编制", "事业编制", "经费形式"],
            vec!["县司法局", "政府工作部门", "3", "", ""],
            vec!["县图书馆", "事业单位", "", "2", "全额拨款"],
        ],
    );
    let p = dir.path("orgs.xlsx");
    wb.save(&p).unwrap();
    p
}

#[test]
fn imported_history_is_dated() {
    let dir = TempDir::new("dated");
    let db = dir.path("county.db");
    let today = "2026-06-30";
    let out = bianzhi(
        &db,
        today,
        &[
            "import-orgs",
            orgs_file(&dir).to_str().unwrap(),
            "--doc-no",
            "石编〔2021〕1号",
            "--date",
            "2021-01-01",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A roster: 入编时间 before the units' posts, after them, and missing.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let ids: Vec<String> = (0..5).map(|i| id("19800101", 51 + 2 * i)).collect();
    write(
        ws,
        0,
        &[
            vec!["单位名称", "姓名", "身份证号码", "编制类型", "入编时间"],
            vec!["县司法局", "早甲", &ids[0], "行政编制", "2003-05-01"],
            vec!["县司法局", "晚乙", &ids[1], "行政编制", "2023-09-01"],
            vec!["县司法局", "无丙", &ids[2], "行政编制", ""],
            vec!["县图书馆", "馆丁", &ids[3], "事业编制", "2010.3"],
            vec!["县图书馆", "馆戊", &ids[4], "事业编制", "2024-02-01"],
        ],
    );
    let roster = dir.path("roster.xlsx");
    wb.save(&roster).unwrap();
    let out = bianzhi(&db, today, &["import", roster.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let now = stats(&db, today, None);
    let then = stats(&db, today, Some("2025-12-31"));
    for key in ["totals", "orgs", "summary"] {
        assert_eq!(now[key], then[key], "{key} differs as of 2025-12-31");
    }
    assert_eq!(now["totals"]["行政编制"]["approved"], 3);
    assert_eq!(now["totals"]["行政编制"]["occupied"], 3);
    // Before the units' posts existed nobody was on them, so no unit was 超编.
    let before = stats(&db, today, Some("2020-12-31"));
    assert_eq!(before["summary"]["over_quota_orgs"], 0);
    for o in before["orgs"].as_array().unwrap() {
        assert_eq!(o["over_quota"], false, "{o}");
    }
    // The ledger entries carry the given 文号 and date; 入编时间 is kept as read.
    let store = Store::open(&db).unwrap();
    let entries = store.entries(None).unwrap();
    assert!(!entries.is_empty());
    for e in &entries {
        assert_eq!(e.doc_no, "石编〔2021〕1号");
        assert_eq!(e.date, d(2021, 1, 1));
    }
    let people = store.people().unwrap();
    let early = people.iter().find(|p| p.details.name == "早甲").unwrap();
    assert_eq!(
        early.details.joined_on.map(|d| d.to_string()).as_deref(),
        Some("2003-05-01")
    );
    // 晚乙 joined after the posts existed: as of the day before, one fewer on post.
    let mid = stats(&db, today, Some("2023-08-31"));
    assert_eq!(mid["totals"]["行政编制"]["occupied"], 2);

    // `import --date` registers everyone on that date instead.
    let dir2 = TempDir::new("dated2");
    let db2 = dir2.path("county.db");
    let out = bianzhi(
        &db2,
        today,
        &[
            "import-orgs",
            orgs_file(&dir2).to_str().unwrap(),
            "--date",
            "2021-01-01",
        ],
    );
    assert!(out.status.success());
    let out = bianzhi(
        &db2,
        today,
        &["import", roster.to_str().unwrap(), "--date", "2025-06-01"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = stats(&db2, today, Some("2025-05-31"));
    assert_eq!(s["totals"]["行政编制"]["occupied"], 0);
    let s = stats(&db2, today, Some("2025-06-01"));
    assert_eq!(s["totals"]["行政编制"]["occupied"], 3);
}

#[test]
fn written_while_read_is_the_same_and_all_or_nothing() {
    let Some(roster) = shared("samples/layouts/province_template.xlsx") else {
        return;
    };
    let registry = |s: &Store| {
        let mut v: Vec<String> = s
            .people()
            .unwrap()
            .into_iter()
            .map(|p| format!("{} {:?} {:?}", p.id_number.as_str(), p.status, p.details))
            .collect();
        v.sort();
        v
    };
    let county = |dir: &TempDir| {
        let mut s = Store::open(&dir.path("county.db")).unwrap();
        for (n, t) in [
            ("县司法局", PostType::Administrative),
            (
                "县住房保障服务中心",
                PostType::Institution(Funding::Partial),
            ),
            (
                "县建设工程质量安全监督站",
                PostType::Institution(Funding::SelfFunded),
            ),
            ("县图书馆", PostType::Institution(Funding::Full)),
        ] {
            add_org(&mut s, n, OrgKind::GovDept, &[(t, 30)]);
        }
        s
    };
    // Two steps (the window: plan, review, confirm) and at once (the command line).
    let (a, b) = (TempDir::new("two-steps"), TempDir::new("at-once"));
    let mut two = county(&a);
    let p = common::plan(&two, &roster, ImportKind::Roster);
    import::commit(&mut two, &p, &Progress::new()).unwrap();
    let mut once = county(&b);
    let before = snapshot(&once);
    // 取消 before the first row: nothing is written.
    let cancelled = Progress::new();
    cancelled.cancel();
    let err = import::import_now(
        &mut once,
        &roster,
        ImportKind::Roster,
        &Settings::default(),
        &cancelled,
    )
    .unwrap_err();
    assert_eq!(err.code(), "cancelled");
    assert_eq!(snapshot(&once), before);
    // A file that is not a workbook: nothing is written.
    let bad = b.path("bad.xlsx");
    std::fs::write(&bad, b"not a workbook").unwrap();
    assert!(
        import::import_now(
            &mut once,
            &bad,
            ImportKind::Roster,
            &Settings::default(),
            &Progress::new()
        )
        .is_err()
    );
    assert_eq!(snapshot(&once), before);
    let (plan, report) = import::import_now(
        &mut once,
        &roster,
        ImportKind::Roster,
        &Settings::default(),
        &Progress::new(),
    )
    .unwrap();
    assert_eq!(report.created, plan.counts().new);
    assert_eq!(report.created, 24);
    assert_eq!(registry(&once), registry(&two));
    assert!(once.check().unwrap().is_empty());
    // Recorded with its counts, like a two-step import.
    assert_eq!(
        count(&once, "SELECT rows FROM imports ORDER BY id DESC LIMIT 1"),
        24
    );
}

#[test]
fn a_saved_mapping_is_used_by_name_on_the_command_line() {
    let dir = TempDir::new("saved-mapping");
    let db = dir.path("county.db");
    {
        let mut store = county(&dir);
        let mut m = import::settings::Mapping::default();
        for (h, f) in [
            ("归属", "unit"),
            ("人名", "name"),
            ("号码", "id_number"),
            ("类型", "post_type"),
        ] {
            m.set_column(h.into(), import::settings::field_by_key(f));
        }
        store
            .write(|tx| tx.save_import_mapping("县人社局格式", &m.to_json()))
            .unwrap();
    }
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    write(
        ws,
        0,
        &[
            vec!["归属", "人名", "号码", "类型"],
            vec!["县司法局", "方案甲", &id("19800101", 61), "行政编制"],
        ],
    );
    let path = dir.path("odd.xlsx");
    wb.save(&path).unwrap();
    let file = path.to_str().unwrap();
    let out = bianzhi(
        &db,
        "2026-06-30",
        &["import", file, "--mapping", "没有这个方案", "--json"],
    );
    assert_eq!(out.status.code(), Some(2));
    let v: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["code"], "mapping");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("县人社局格式")
    );
    let out = bianzhi(
        &db,
        "2026-06-30",
        &["import", file, "--mapping", "县人社局格式", "--json"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["new"], 1);
    let store = Store::open(&db).unwrap();
    assert!(
        store
            .people()
            .unwrap()
            .iter()
            .any(|p| p.details.name == "方案甲")
    );
}

#[test]
fn a_units_table_with_an_unknown_funding_form_holds_the_row_without_assuming() {
    let dir = TempDir::new("orgs-funding");
    let store = Store::open(&dir.path("county.db")).unwrap();
    let mut wb = Workbook::new();
    write(
        wb.add_worksheet(),
        0,
        &[
            vec!["单位名称", "机构类别", "事业编制", "经费形式"],
            vec!["县档案馆", "事业单位", "4", "财政适当补助"],
            vec!["县文化馆", "事业单位", "3", ""],
        ],
    );
    let path = dir.path("orgs.xlsx");
    wb.save(&path).unwrap();
    let plan = common::plan(&store, &path, ImportKind::Orgs);
    let on_row = |row: u32| -> Vec<&str> {
        plan.problems
            .iter()
            .filter(|p| p.row == Some(row))
            .map(|p| p.code)
            .collect()
    };
    assert_eq!(on_row(2), vec!["unknown_funding"], "{:#?}", plan.problems);
    assert!(plan.rejected.iter().any(|r| r.row == 2));
    // Only a form left empty is assumed.
    assert_eq!(on_row(3), vec!["funding_assumed"]);
    assert_eq!(plan.orgs.len(), 1);
}
