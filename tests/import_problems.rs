//! The import engine on small generated workbooks: every problem code, where it is
//! reported, and the Excel shapes clerks send (title rows, merged two-level headers,
//! footers, one sheet per unit, numeric and full-width IDs, every date form).

mod common;

use bianzhi::domain::{Funding, Gender, PartialDate, PostType};
use bianzhi::import::{self, Action, ImportError, ImportKind, Progress, Settings, Severity};
use bianzhi::store::Store;
use calamine::Reader;
use common::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use std::path::PathBuf;

/// A cell to write.
enum C<'a> {
    S(&'a str),
    N(f64),
    D(u16, u8, u8),
    E,
}

fn write_rows(ws: &mut Worksheet, first: u32, rows: &[Vec<C>]) {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (i, row) in rows.iter().enumerate() {
        for (j, c) in row.iter().enumerate() {
            let (r, col) = (first + i as u32, j as u16);
            match c {
                C::S(s) => {
                    ws.write_string(r, col, *s).unwrap();
                }
                C::N(n) => {
                    ws.write_number(r, col, *n).unwrap();
                }
                C::D(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    ws.write_datetime_with_format(r, col, &dt, &date).unwrap();
                }
                C::E => {}
            }
        }
    }
}

fn save(wb: &mut Workbook, dir: &TempDir, name: &str) -> PathBuf {
    let p = dir.path(name);
    wb.save(&p).unwrap();
    p
}

fn problem<'a>(
    plan: &'a bianzhi::import::ImportPlan,
    row: u32,
    code: &str,
) -> &'a bianzhi::import::Problem {
    plan.problems
        .iter()
        .find(|p| p.row == Some(row) && p.code == code)
        .unwrap_or_else(|| panic!("no {code} at row {row}: {:#?}", plan.problems))
}

#[test]
fn every_problem_code_located() {
    let dir = TempDir::new("codes");
    let store = fixture_store(&dir);
    let good = id("19850305", 123); // male
    let woman = id("19900101", 222);
    let mut bad_check = id("19850305", 125);
    let last = bad_check.pop().unwrap();
    bad_check.push(if last == '1' { '2' } else { '1' });
    let dup = id("19790708", 331);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("花名册").unwrap();
    let t = Format::new();
    ws.merge_range(0, 0, 0, 8, "石门县 2024 年机关事业单位实名制花名册", &t)
        .unwrap();
    write_rows(
        ws,
        1,
        &[
            vec![
                C::S("填报单位：县委编办"),
                C::E,
                C::E,
                C::E,
                C::S("2024年6月"),
            ],
            vec![
                C::S("序号"),
                C::S("单 位"),
                C::S("姓  名"),
                C::S("性别"),
                C::S("出生年月"),
                C::S("公民身份号码"),
                C::S("编制性质"),
                C::S("经费来源"),
                C::S("进编时间"),
            ],
            // Row 4: fine.
            vec![
                C::N(1.0),
                C::S("县教育局"),
                C::S("张三"),
                C::S("男"),
                C::S("1985.03"),
                C::S(&good),
                C::S("行政编制"),
                C::E,
                C::S("2008年9月"),
            ],
            // Row 5: wrong check digit.
            vec![
                C::N(2.0),
                C::S("县教育局"),
                C::S("李四"),
                C::S("男"),
                C::E,
                C::S(&bad_check),
                C::S("行政编制"),
            ],
            // Row 6: an 18-digit ID typed as a number.
            vec![
                C::N(3.0),
                C::S("县教育局"),
                C::S("王五"),
                C::S("男"),
                C::E,
                C::N(430726198503051234.0),
                C::S("行政编制"),
            ],
            // Row 7: not an ID at all.
            vec![
                C::N(4.0),
                C::S("县教育局"),
                C::S("赵六"),
                C::S("男"),
                C::E,
                C::S("43072619850305"),
                C::S("行政编制"),
            ],
            // Row 8 and row 9: the same ID twice; the later row is refused.
            vec![
                C::N(5.0),
                C::S("县卫生健康局"),
                C::S("钱七"),
                C::S("男"),
                C::E,
                C::S(&dup),
                C::S("行政编制"),
            ],
            vec![
                C::N(6.0),
                C::S("县卫生健康局"),
                C::S("钱七"),
                C::S("男"),
                C::E,
                C::S(&dup),
                C::S("工勤编制"),
            ],
            // Row 10: a unit with a typo.
            vec![
                C::N(7.0),
                C::S("县教肓局"),
                C::S("孙八"),
                C::S("男"),
                C::E,
                C::S(&id("19700101", 111)),
                C::S("行政编制"),
            ],
            // Row 11: no name.
            vec![
                C::N(8.0),
                C::S("县教育局"),
                C::E,
                C::S("男"),
                C::E,
                C::S(&id("19700101", 113)),
                C::S("行政编制"),
            ],
            // Row 12: birth date and gender disagree with the ID; accepted, the ID wins.
            vec![
                C::N(9.0),
                C::S("县教育局"),
                C::S("周九"),
                C::S("男"),
                C::D(1991, 2, 3),
                C::S(&woman),
                C::S("行政编制"),
            ],
            // Row 13: unreadable dates: warned, left empty.
            vec![
                C::N(10.0),
                C::S("县教育局"),
                C::S("吴十"),
                C::S("女"),
                C::S("八五年"),
                C::S(&id("19851111", 224)),
                C::S("行政编制"),
                C::E,
                C::S("去年"),
            ],
            // Row 14: post type that is not one.
            vec![
                C::N(11.0),
                C::S("县教育局"),
                C::S("郑一"),
                C::S("男"),
                C::E,
                C::S(&id("19851111", 225)),
                C::S("聘用"),
            ],
            // Row 15: 事业编制 with no funding form: 全额拨款, warned.
            vec![
                C::N(12.0),
                C::S("石门县第一中学"),
                C::S("冯二"),
                C::S("女"),
                C::E,
                C::S(&id("19851111", 226)),
                C::S("事业编制"),
            ],
            // Footer rows: skipped without complaint.
            vec![C::S("合  计"), C::E, C::S("12人")],
            vec![
                C::S("填表人：李明"),
                C::E,
                C::E,
                C::E,
                C::S("联系电话：0736-1234567"),
            ],
        ],
    );
    let path = save(&mut wb, &dir, "codes.xlsx");
    let p = plan(&store, &path, ImportKind::Roster);
    let sheet = &p.sheets[0];
    assert_eq!(sheet.header_rows, Some((3, 3)));

    let e = problem(&p, 5, "id_checksum");
    assert_eq!(
        (e.column.as_deref(), e.severity),
        (Some("F"), Severity::Error)
    );
    assert_eq!(e.header.as_deref(), Some("公民身份号码"));
    assert!(
        e.message.contains("第 5 行") && e.message.contains("校验位"),
        "{}",
        e.message
    );
    let e = problem(&p, 6, "id_precision_lost");
    assert_eq!(
        (e.column.as_deref(), e.severity),
        (Some("F"), Severity::Error)
    );
    assert!(e.message.contains("15 位有效数字"), "{}", e.message);
    assert_eq!(problem(&p, 7, "id_format").severity, Severity::Error);
    let e = problem(&p, 9, "duplicate_id");
    assert!(e.message.contains("第 8 行"), "{}", e.message);
    assert!(
        !p.problems
            .iter()
            .any(|x| x.row == Some(8) && x.severity == Severity::Error)
    );
    let e = problem(&p, 10, "unknown_org");
    assert_eq!(e.column.as_deref(), Some("B"));
    assert!(
        e.message.contains("县教育局"),
        "suggests the close name: {}",
        e.message
    );
    let e = problem(&p, 11, "missing_required");
    assert_eq!(e.column.as_deref(), Some("C"));
    let e = problem(&p, 12, "birth_mismatch");
    assert_eq!(
        (e.column.as_deref(), e.severity),
        (Some("E"), Severity::Warning)
    );
    let e = problem(&p, 12, "gender_mismatch");
    assert_eq!(
        (e.column.as_deref(), e.severity),
        (Some("D"), Severity::Warning)
    );
    let e = problem(&p, 13, "bad_date");
    assert_eq!(e.severity, Severity::Warning);
    assert!(
        p.problems
            .iter()
            .filter(|x| x.row == Some(13) && x.code == "bad_date")
            .count()
            == 2
    );
    assert_eq!(
        problem(&p, 14, "missing_required").column.as_deref(),
        Some("G")
    );
    assert_eq!(
        problem(&p, 15, "funding_assumed").severity,
        Severity::Warning
    );
    assert!(
        !p.problems.iter().any(|x| x.row.is_some_and(|r| r >= 16)),
        "footers are silent"
    );

    let c = p.counts();
    assert_eq!(c.rows, 12);
    assert_eq!(c.rejected, 7, "{:#?}", p.rejected);
    assert_eq!(c.new, 5);
    let rejected_rows: Vec<u32> = p.rejected.iter().map(|r| r.row).collect();
    assert_eq!(rejected_rows, vec![5, 6, 7, 9, 10, 11, 14]);
    assert!(p.rejected.iter().all(|r| !r.reasons.is_empty()));

    // What is accepted: the ID wins, month-only dates stay months.
    let zhou = p.people.iter().find(|x| x.row == 12).unwrap();
    assert_eq!(zhou.details.gender, Some(Gender::Female));
    assert_eq!(zhou.details.birth, Some(PartialDate::day(1990, 1, 1)));
    let zhang = p.people.iter().find(|x| x.row == 4).unwrap();
    assert_eq!(zhang.details.birth, Some(PartialDate::month(1985, 3)));
    assert_eq!(zhang.details.joined_on, Some(PartialDate::month(2008, 9)));
    let wu = p.people.iter().find(|x| x.row == 13).unwrap();
    assert_eq!(
        (wu.details.joined_on, wu.details.birth),
        (None, Some(PartialDate::day(1985, 11, 11)))
    );
    let feng = p.people.iter().find(|x| x.row == 15).unwrap();
    assert_eq!(feng.post_type, PostType::Institution(Funding::Full));

    // JSON: the contract's fields.
    let j = p.to_json();
    assert_eq!(j["rejected"], 7);
    assert_eq!(j["problems"][0]["sheet"], "花名册");

    // Rejected rows written for the clerk, ID numbers as text, with the reason.
    let out = dir.path("rejected.xlsx");
    assert_eq!(bianzhi::export::write_rejected(&p, &out).unwrap(), 7);
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let r = wb.worksheet_range("花名册").unwrap();
    let rows: Vec<Vec<String>> = r
        .rows()
        .map(|x| x.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][2], "姓  名");
    assert!(rows[0].iter().any(|h| h == "问题说明"));
    assert_eq!(rows[1][5], bad_check);
    assert!(matches!(r.get((1, 5)), Some(calamine::Data::String(_))));
    assert!(rows[1].last().unwrap().contains("校验位"));
    // The file is itself importable: the header is found again.
    let again = plan(&store, &out, ImportKind::Roster);
    assert_eq!(again.counts().rows, 7);
}

#[test]
fn person_on_a_post_elsewhere_is_a_transfer_not_an_import() {
    let dir = TempDir::new("elsewhere");
    let mut store = fixture_store(&dir);
    let someone = id("19800202", 135);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    write_rows(
        ws,
        0,
        &[
            vec![
                C::S("单位名称"),
                C::S("姓名"),
                C::S("身份证号"),
                C::S("编制类型"),
            ],
            vec![
                C::S("县教育局"),
                C::S("陈一"),
                C::S(&someone),
                C::S("行政编制"),
            ],
        ],
    );
    let first = save(&mut wb, &dir, "first.xlsx");
    let p = plan(&store, &first, ImportKind::Roster);
    import::commit(&mut store, &p, &Progress::new()).unwrap();

    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    write_rows(
        ws,
        0,
        &[
            vec![
                C::S("单位名称"),
                C::S("姓名"),
                C::S("身份证号"),
                C::S("编制类型"),
            ],
            vec![
                C::S("县卫生健康局"),
                C::S("陈一"),
                C::S(&someone),
                C::S("行政编制"),
            ],
            vec![
                C::S("县教育局"),
                C::S("陈一"),
                C::S(&someone.to_lowercase()),
                C::S("工勤编制"),
            ],
        ],
    );
    let second = save(&mut wb, &dir, "second.xlsx");
    let p = plan(&store, &second, ImportKind::Roster);
    let e = problem(&p, 2, "duplicate_id");
    assert!(
        e.message.contains("县教育局") && e.message.contains("调动"),
        "{}",
        e.message
    );
    // Same unit, other post type: an update (the duplicate in the file is the later row).
    let e = problem(&p, 3, "duplicate_id");
    assert!(e.message.contains("第 2 行"));
    assert_eq!(p.counts().rejected, 2);
}

#[test]
fn merged_two_level_header_and_every_date_form() {
    let dir = TempDir::new("merged");
    let mut store = fixture_store(&dir);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let f = Format::new();
    ws.merge_range(0, 0, 0, 7, "教育系统人员花名册", &f)
        .unwrap();
    ws.merge_range(1, 0, 2, 0, "单位", &f).unwrap();
    ws.merge_range(1, 1, 1, 3, "基本情况", &f).unwrap();
    ws.merge_range(1, 4, 1, 5, "编制情况", &f).unwrap();
    ws.merge_range(1, 6, 1, 7, "入编情况", &f).unwrap();
    write_rows(
        ws,
        2,
        &[vec![
            C::E,
            C::S("姓名"),
            C::S("出生日期"),
            C::S("身份证号码"),
            C::S("编制类型"),
            C::S("经费形式"),
            C::S("时间"),
            C::S("文号"),
        ]],
    );
    let forms: Vec<(C, PartialDate)> = vec![
        (C::D(1985, 3, 5), PartialDate::day(1985, 3, 5)),
        (C::N(31111.0), PartialDate::day(1985, 3, 5)),
        (C::S("1985.03"), PartialDate::month(1985, 3)),
        (C::S("1985年3月"), PartialDate::month(1985, 3)),
        (C::S("1985年3月5日"), PartialDate::day(1985, 3, 5)),
        (C::S("19850305"), PartialDate::day(1985, 3, 5)),
        (C::S("1985-3-5"), PartialDate::day(1985, 3, 5)),
        (C::S("2015/03/04"), PartialDate::day(2015, 3, 4)),
        (C::N(1985.03), PartialDate::month(1985, 3)),
        (C::N(19850305.0), PartialDate::day(1985, 3, 5)),
    ];
    let mut rows = Vec::new();
    let ids: Vec<String> = (0..forms.len())
        .map(|i| id("19850305", 101 + 2 * i as u32))
        .collect();
    for (i, (form, _)) in forms.iter().enumerate() {
        let unit = if i == 0 {
            C::S("石门县第一中学")
        } else {
            C::E
        };
        let joined = match form {
            C::S(s) => C::S(s),
            C::N(n) => C::N(*n),
            C::D(y, m, d) => C::D(*y, *m, *d),
            C::E => C::E,
        };
        rows.push(vec![
            unit,
            C::S("测试"),
            C::S("1985-03-05"),
            C::S(&ids[i]),
            C::S("事业编制"),
            C::S("全额拨款"),
            joined,
            C::S("石编〔2015〕3号"),
        ]);
    }
    write_rows(ws, 3, &rows);
    let path = save(&mut wb, &dir, "merged.xlsx");
    let p = plan(&store, &path, ImportKind::Roster);
    assert_eq!(p.sheets[0].header_rows, Some((2, 3)));
    assert_eq!(p.counts().new, forms.len(), "{:#?}", p.problems);
    assert!(p.problems.is_empty(), "{:#?}", p.problems);
    for ((_, want), person) in forms.iter().zip(&p.people) {
        assert_eq!(person.details.joined_on, Some(*want), "row {}", person.row);
        assert_eq!(person.details.join_doc.as_deref(), Some("石编〔2015〕3号"));
        assert_eq!(person.post_type, PostType::Institution(Funding::Full));
    }
    import::commit(&mut store, &p, &Progress::new()).unwrap();
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
    let school = store.org_by_name("石门县第一中学").unwrap().unwrap();
    assert_eq!(store.people_of_org(school.id).unwrap().len(), forms.len());
}

#[test]
fn one_sheet_per_unit_and_summary_sheets() {
    let dir = TempDir::new("sheets");
    let store = fixture_store(&dir);
    let mut wb = Workbook::new();
    let head = || {
        vec![
            C::S("序号"),
            C::S("姓名"),
            C::S("身份证号"),
            C::S("编制类型"),
        ]
    };
    let ws = wb.add_worksheet();
    ws.set_name("汇总").unwrap();
    write_rows(
        ws,
        0,
        &[
            vec![C::S("单位"), C::S("人数")],
            vec![C::S("县教育局"), C::N(1.0)],
            vec![C::S("卫生健康局"), C::N(2.0)],
        ],
    );
    let ws = wb.add_worksheet();
    ws.set_name("县教育局").unwrap();
    write_rows(
        ws,
        0,
        &[
            head(),
            vec![
                C::N(1.0),
                C::S("甲"),
                C::S(&id("19800101", 11)),
                C::S("行政编制"),
            ],
        ],
    );
    let ws = wb.add_worksheet();
    ws.set_name("卫生健康局").unwrap();
    write_rows(
        ws,
        0,
        &[
            head(),
            vec![
                C::N(1.0),
                C::S("乙"),
                C::S(&id("19800101", 13)),
                C::S("工勤编制"),
            ],
            vec![
                C::N(2.0),
                C::S("丙"),
                C::S(&id("19800101", 15)),
                C::S("行政编制"),
            ],
        ],
    );
    let ws = wb.add_worksheet();
    ws.set_name("Sheet4").unwrap();
    write_rows(
        ws,
        0,
        &[
            head(),
            vec![
                C::N(1.0),
                C::S("丁"),
                C::S(&id("19800101", 17)),
                C::S("行政编制"),
            ],
        ],
    );
    let path = save(&mut wb, &dir, "sheets.xlsx");
    let p = plan(&store, &path, ImportKind::Roster);
    let skipped = p
        .problems
        .iter()
        .find(|x| x.code == "sheet_skipped")
        .unwrap();
    assert_eq!(
        (skipped.sheet.as_str(), skipped.severity),
        ("汇总", Severity::Notice)
    );
    assert_eq!(p.sheets[1].unit_from_name.as_deref(), Some("县教育局"));
    assert_eq!(p.sheets[2].unit_from_name.as_deref(), Some("县卫生健康局"));
    let health = store.org_by_name("县卫生健康局").unwrap().unwrap();
    assert_eq!(p.people.iter().filter(|x| x.org == health.id).count(), 2);
    assert_eq!(p.counts().new, 3);
    let e = problem(&p, 2, "unknown_org");
    assert_eq!(e.sheet, "Sheet4");
}

#[test]
fn numeric_and_full_width_ids_and_implied_post_types() {
    let dir = TempDir::new("ids");
    let store = fixture_store(&dir);
    let fifteen = "430726850305123";
    let full18 = id("19850305", 127);
    let wide: String = full18
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or('ｘ'))
        .collect::<String>()
        .replace('ｘ', "x");
    let spaced = format!(" {} {} ", &full18[..6], &full18[6..]).replace('X', "x");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    write_rows(
        ws,
        0,
        &[
            vec![C::S("所在单位"), C::S("姓名"), C::S("身份证号码（18位）")],
            vec![
                C::S("县公安局"),
                C::S("一"),
                C::N(fifteen.parse::<f64>().unwrap()),
            ],
            vec![C::S("县公安局"), C::S("二"), C::S(&wide)],
            vec![C::S("县公安局 "), C::S("三"), C::S(&spaced)],
            vec![C::S("县卫生健康局"), C::S("四"), C::S(&id("19850305", 129))],
        ],
    );
    let path = save(&mut wb, &dir, "ids.xlsx");
    let p = plan(&store, &path, ImportKind::Roster);
    let a = p.people.iter().find(|x| x.row == 2).unwrap();
    assert_eq!(a.id.as_str().len(), 18);
    assert_eq!(
        a.post_type,
        PostType::PoliticalLegal,
        "implied by the unit's only post type"
    );
    let b = p.people.iter().find(|x| x.row == 3).unwrap();
    assert_eq!(b.id.as_str(), full18);
    // Row 4 is the same person as row 3 once normalised.
    assert_eq!(problem(&p, 4, "duplicate_id").severity, Severity::Error);
    // 县卫生健康局 has two post types: nothing to imply.
    let e = problem(&p, 5, "missing_required");
    assert!(e.message.contains("编制类型"), "{}", e.message);
}

#[test]
fn settings_file_synonyms() {
    let dir = TempDir::new("settings");
    let store = fixture_store(&dir);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    write_rows(
        ws,
        0,
        &[
            vec![C::S("科室"), C::S("姓名"), C::S("证件号"), C::S("编制类型")],
            vec![
                C::S("县教育局"),
                C::S("一"),
                C::S(&id("19850305", 131)),
                C::S("行政"),
            ],
        ],
    );
    let path = save(&mut wb, &dir, "syn.xlsx");
    let err = import::plan(
        &store,
        &path,
        ImportKind::Roster,
        &Settings::default(),
        &Progress::new(),
    )
    .unwrap_err();
    assert_eq!(err.code(), "no_header");
    let settings_path = dir.path("settings.json");
    std::fs::write(
        &settings_path,
        r#"{"import": {"synonyms": {"id_number": ["证件号"], "单位名称": ["科室"]}}}"#,
    )
    .unwrap();
    let settings = Settings::load(Some(&settings_path)).unwrap();
    let p = plan_with(&store, &path, ImportKind::Roster, &settings);
    assert_eq!(p.counts().new, 1);
}

#[test]
fn units_table_with_two_level_header_parents_and_changes() {
    let dir = TempDir::new("units");
    let mut store = Store::open(&dir.path("u.db")).unwrap();
    let write = |dir: &TempDir, name: &str, rows: &[Vec<C>]| {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let f = Format::new();
        ws.merge_range(0, 0, 0, 9, "全县机构编制情况表", &f)
            .unwrap();
        ws.merge_range(1, 0, 2, 0, "单位名称", &f).unwrap();
        ws.merge_range(1, 1, 2, 1, "机构类别", &f).unwrap();
        ws.merge_range(1, 2, 2, 2, "主管部门", &f).unwrap();
        ws.merge_range(1, 3, 2, 3, "经费形式", &f).unwrap();
        ws.merge_range(1, 4, 1, 7, "核定编制数", &f).unwrap();
        ws.merge_range(1, 8, 1, 9, "领导职数", &f).unwrap();
        write_rows(
            ws,
            2,
            &[vec![
                C::E,
                C::E,
                C::E,
                C::E,
                C::S("行政"),
                C::S("政法专项"),
                C::S("事业"),
                C::S("工勤"),
                C::S("正职"),
                C::S("副职"),
            ]],
        );
        write_rows(ws, 3, rows);
        save(&mut wb, dir, name)
    };
    let first = write(
        &dir,
        "units1.xlsx",
        &[
            vec![
                C::S("县实验中学"),
                C::S("事业单位"),
                C::S("县教育局"),
                C::S("差额拨款"),
                C::E,
                C::E,
                C::N(30.0),
                C::E,
                C::N(1.0),
                C::N(2.0),
            ],
            vec![
                C::S("县教育局"),
                C::S("政府工作部门"),
                C::E,
                C::E,
                C::N(12.0),
                C::N(0.0),
                C::N(0.0),
                C::N(2.0),
                C::N(1.0),
                C::N(3.0),
            ],
            vec![
                C::S("县档案馆"),
                C::S("事业单位"),
                C::S("县档案局"),
                C::E,
                C::E,
                C::E,
                C::N(5.0),
                C::E,
                C::N(1.0),
                C::N(1.0),
            ],
            vec![
                C::S("县图书馆"),
                C::S("事业单位"),
                C::E,
                C::E,
                C::E,
                C::E,
                C::S("五"),
                C::E,
                C::N(1.0),
                C::N(1.0),
            ],
            vec![
                C::S("合计"),
                C::E,
                C::E,
                C::E,
                C::N(12.0),
                C::N(0.0),
                C::N(40.0),
                C::N(2.0),
            ],
        ],
    );
    let p = plan(&store, &first, ImportKind::Orgs);
    assert_eq!(p.sheets[0].header_rows, Some((2, 3)));
    let c = p.counts();
    assert_eq!((c.rows, c.new, c.rejected), (4, 2, 2), "{:#?}", p.problems);
    let e = problem(&p, 6, "unknown_org");
    assert!(e.message.contains("县档案局"), "{}", e.message);
    let e = problem(&p, 7, "bad_number");
    assert_eq!(e.column.as_deref(), Some("G"));
    import::commit(&mut store, &p, &Progress::new()).unwrap();
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
    let school = store.org_by_name("县实验中学").unwrap().unwrap();
    let edu = store.org_by_name("县教育局").unwrap().unwrap();
    assert_eq!(school.parent, Some(edu.id));
    assert_eq!((school.leaders_chief, school.leaders_deputy), (1, 2));
    assert_eq!(
        store
            .approved(school.id, PostType::Institution(Funding::Partial))
            .unwrap(),
        30
    );
    assert_eq!(
        store.approved(edu.id, PostType::Administrative).unwrap(),
        12
    );
    assert_eq!(store.approved(edu.id, PostType::Service).unwrap(), 2);

    // Later: one more admin post, two fewer institution posts, a new deputy.
    let second = write(
        &dir,
        "units2.xlsx",
        &[
            vec![
                C::S("县实验中学"),
                C::S("事业单位"),
                C::S("县教育局"),
                C::S("差额拨款"),
                C::E,
                C::E,
                C::N(28.0),
                C::E,
                C::N(1.0),
                C::N(2.0),
            ],
            vec![
                C::S("县教育局"),
                C::S("政府工作部门"),
                C::E,
                C::E,
                C::N(13.0),
                C::N(0.0),
                C::N(0.0),
                C::N(2.0),
                C::N(1.0),
                C::N(4.0),
            ],
        ],
    );
    let p = plan(&store, &second, ImportKind::Orgs);
    assert_eq!(p.counts().updated, 2);
    let edu_change = p.orgs.iter().find(|o| o.draft.name == "县教育局").unwrap();
    assert_eq!(edu_change.action, Action::Updated);
    assert_eq!(edu_change.post_changes, vec![(PostType::Administrative, 1)]);
    import::commit(&mut store, &p, &Progress::new()).unwrap();
    assert_eq!(
        store.approved(edu.id, PostType::Administrative).unwrap(),
        13
    );
    assert_eq!(
        store
            .approved(school.id, PostType::Institution(Funding::Partial))
            .unwrap(),
        28
    );
    assert_eq!(store.org(edu.id).unwrap().leaders_deputy, 4);
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
}

#[test]
fn a_failure_half_way_leaves_the_database_as_it_was() {
    let dir = TempDir::new("halfway");
    let mut store = fixture_store(&dir);
    let ids: Vec<String> = (0..40).map(|i| id("19800101", 2 * i + 1)).collect();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let mut rows = vec![vec![
        C::S("单位"),
        C::S("姓名"),
        C::S("身份证号"),
        C::S("编制类型"),
    ]];
    for i in &ids {
        rows.push(vec![
            C::S("县教育局"),
            C::S("某"),
            C::S(i),
            C::S("行政编制"),
        ]);
    }
    write_rows(ws, 0, &rows);
    let path = save(&mut wb, &dir, "forty.xlsx");
    let p = plan(&store, &path, ImportKind::Roster);
    assert_eq!(p.counts().new, 40);

    // Meanwhile, the 30th person is registered in another unit: the commit fails there.
    let health = store.org_by_name("县卫生健康局").unwrap().unwrap();
    let thirtieth = bianzhi::domain::IdNumber::parse(&ids[29]).unwrap();
    store
        .write(|tx| {
            tx.register(
                &thirtieth,
                &bianzhi::domain::PersonDetails {
                    name: "某".into(),
                    ..Default::default()
                },
                (health.id, PostType::Administrative),
                d(2020, 1, 1),
                "",
            )
        })
        .unwrap();
    let before = snapshot(&store);
    let err = import::commit(&mut store, &p, &Progress::new()).unwrap_err();
    assert!(matches!(err, ImportError::Store(_)), "{err}");
    assert!(err.to_string().contains("一人一编"), "{err}");
    assert_eq!(snapshot(&store), before);

    // Cancelled: nothing written either.
    let p = plan(&store, &path, ImportKind::Roster);
    let progress = Progress::new();
    progress.cancel();
    let err = import::commit(&mut store, &p, &progress).unwrap_err();
    assert!(matches!(err, ImportError::Cancelled));
    assert_eq!(snapshot(&store), before);
    let err = import::plan(
        &store,
        &path,
        ImportKind::Roster,
        &Settings::default(),
        &progress,
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::Cancelled));
}

#[test]
fn files_that_are_not_rosters() {
    let dir = TempDir::new("notroster");
    let store = fixture_store(&dir);
    let try_plan = |p: &std::path::Path| {
        import::plan(
            &store,
            p,
            ImportKind::Roster,
            &Settings::default(),
            &Progress::new(),
        )
        .unwrap_err()
    };
    let empty = dir.path("empty.xlsx");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(try_plan(&empty).code(), "empty");
    let html = dir.path("export.xls");
    std::fs::write(&html, "<html><table><tr><td>姓名</td></tr></table></html>").unwrap();
    let e = try_plan(&html);
    assert_eq!(e.code(), "not_excel");
    assert!(e.to_string().contains("网页"));
    let zip = dir.path("broken.xlsx");
    std::fs::write(&zip, b"PK\x03\x04garbage garbage garbage").unwrap();
    assert_eq!(try_plan(&zip).code(), "corrupt");
    assert_eq!(try_plan(&dir.path("missing.xlsx")).code(), "not_found");
    let mut wb = Workbook::new();
    wb.add_worksheet();
    let blank = save(&mut wb, &dir, "blank.xlsx");
    assert_eq!(try_plan(&blank).code(), "no_header");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    write_rows(
        ws,
        0,
        &[
            vec![C::S("品名"), C::S("数量")],
            vec![C::S("纸"), C::N(3.0)],
        ],
    );
    let other = save(&mut wb, &dir, "other.xlsx");
    let e = try_plan(&other);
    assert_eq!(e.code(), "no_header");
    assert!(e.to_string().contains("身份证号码"));
    // Nothing written by any of these.
    assert_eq!(count(&store, "SELECT COUNT(*) FROM imports"), 0);
}

#[test]
fn a_roster_before_any_unit_is_stopped_with_one_sentence() {
    let dir = TempDir::new("no_units");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let rows: Vec<Vec<C>> = std::iter::once(vec![
        C::S("单位名称"),
        C::S("姓名"),
        C::S("身份证号"),
        C::S("编制类型"),
    ])
    .chain((0..50).map(|_| {
        vec![
            C::S("县水利局"),
            C::S("陈一"),
            C::S("110105198001010017"),
            C::S("行政编制"),
        ]
    }))
    .collect();
    write_rows(ws, 0, &rows);
    let file = save(&mut wb, &dir, "花名册.xlsx");

    let store = Store::open_in_memory().unwrap();
    let err = import::plan(
        &store,
        &file,
        ImportKind::Roster,
        &Settings::default(),
        &Progress::new(),
    )
    .expect_err("refused");
    assert!(matches!(err, ImportError::NoUnits), "{err}");
    assert!(err.to_string().contains("请先导入机构编制情况表"), "{err}");

    // The command line: status 2, the code, nothing written.
    let db = dir.path("county.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bianzhi"))
        .args(["import", "--json"])
        .arg(&file)
        .arg("--db")
        .arg(&db)
        .env("BIANZHI_OPERATOR", "测试员")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("json: {}", String::from_utf8_lossy(&out.stdout)));
    assert_eq!(v["error"]["code"], "no_units", "{v}");
    if db.exists() {
        let s = Store::open(&db).unwrap();
        assert_eq!(count(&s, "SELECT COUNT(*) FROM persons"), 0);
        assert_eq!(count(&s, "SELECT COUNT(*) FROM imports"), 0);
    }
}
