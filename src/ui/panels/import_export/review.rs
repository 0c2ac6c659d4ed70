//! The review of a read file, before anything is written: the sheets and header rows found,
//! the blocks, the column mapping (each field ← its column, changeable), the first rows as
//! they will be read, the outcome, the units over quota afterwards, and the problems grouped
//! by unit and by cause in Chinese, each group opening to its rows.

use crate::import::settings::{Field, ORG_FIELDS, ROSTER_FIELDS, field_label};
use crate::import::{ImportKind, ImportPlan, Problem, Severity, cause_label, thousands};
use crate::ui::theme::{ERROR as RED, WARN as ORANGE};
use egui::{Color32, RichText};
use egui_extras::{Column, TableBuilder};
use std::collections::BTreeMap;

/// Problems of one unit, by cause: (cause label, indices into the plan's problems).
pub struct UnitGroup {
    pub unit: String,
    pub errors: usize,
    pub causes: Vec<(&'static str, Severity, Vec<usize>)>,
}

/// One unit's problems: (severity, cause) → indices into the plan's problems.
type Causes = BTreeMap<(Severity, &'static str), Vec<usize>>;

/// Groups a plan's problems by unit (file- and sheet-wide ones first), then by cause.
pub fn group_problems(plan: &ImportPlan) -> Vec<UnitGroup> {
    let mut by_unit: BTreeMap<(bool, String), Causes> = BTreeMap::new();
    for (i, p) in plan.problems.iter().enumerate() {
        let unit = match (&p.unit, p.row) {
            (Some(u), _) => (true, u.clone()),
            (None, None) => (false, "整个文件或工作表".to_string()),
            (None, Some(_)) => (true, "（未注明单位）".to_string()),
        };
        by_unit
            .entry(unit)
            .or_default()
            .entry((p.severity, cause_label(p.code)))
            .or_default()
            .push(i);
    }
    let mut groups: Vec<UnitGroup> = by_unit
        .into_iter()
        .map(|((_, unit), causes)| {
            let causes: Vec<_> = causes
                .into_iter()
                .map(|((sev, cause), rows)| (cause, sev, rows))
                .collect();
            let errors = causes
                .iter()
                .filter(|(_, s, _)| *s == Severity::Error)
                .map(|(_, _, r)| r.len())
                .sum();
            UnitGroup {
                unit,
                errors,
                causes,
            }
        })
        .collect();
    // The units with most rows held first; file-wide notes stay on top.
    groups.sort_by_key(|g| {
        (
            g.unit != "整个文件或工作表",
            std::cmp::Reverse(g.errors),
            g.unit.clone(),
        )
    });
    groups
}

/// A value the importer held (an unknown 经费形式, 性别, 编制类别, a 人员状态 not in post),
/// with how many rows it held.
pub struct HeldValue {
    pub field: Field,
    pub value: String,
    pub rows: usize,
}

/// The held values of a plan, by field and value (computed once per plan).
pub fn held_values(plan: &ImportPlan) -> Vec<HeldValue> {
    let mut by: BTreeMap<(Field, String), usize> = BTreeMap::new();
    for p in &plan.problems {
        if let Some((f, v)) = &p.held {
            *by.entry((*f, v.clone())).or_default() += 1;
        }
    }
    by.into_iter()
        .map(|((field, value), rows)| HeldValue { field, value, rows })
        .collect()
}

/// What a held value of a field may be read as.
fn readings(field: Field) -> Vec<&'static str> {
    match field {
        Field::Funding => crate::domain::Funding::ALL
            .iter()
            .map(|f| f.label())
            .collect(),
        Field::PostType => crate::domain::PostType::ALL
            .iter()
            .map(|t| t.label())
            .collect(),
        Field::Gender => vec!["男", "女"],
        Field::PersonState => vec!["在编在岗"],
        _ => Vec::new(),
    }
}

/// What the clerk asked for in the review.
#[derive(Default)]
pub struct ReviewAction {
    pub confirm: bool,
    pub cancel: bool,
    /// A column's header now read as this field (`None`: not read).
    pub remap: Option<(String, Option<Field>)>,
    /// A held value of a field now read as another.
    pub revalue: Option<(Field, String, String)>,
}

pub fn severity_color(s: Severity) -> Color32 {
    match s {
        Severity::Error => RED,
        Severity::Warning => ORANGE,
        Severity::Notice => Color32::GRAY,
    }
}

/// The whole review.
pub fn review(
    ui: &mut egui::Ui,
    plan: &ImportPlan,
    (groups, held): (&[UnitGroup], &[HeldValue]),
    demo_warning: impl FnOnce(&mut egui::Ui),
) -> ReviewAction {
    let mut act = ReviewAction::default();
    let c = plan.counts();
    ui.label(RichText::new(format!("预览：{}（{}）", plan.file, plan.kind.label())).strong());
    demo_warning(ui);
    ui.label(format!(
        "共 {} 行：新增 {}，更新 {}，未变 {}，拒绝 {}；错误 {} 处，警告 {} 处。",
        thousands(c.rows),
        thousands(c.new),
        thousands(c.updated),
        thousands(c.unchanged),
        thousands(c.rejected),
        plan.count_severity(Severity::Error),
        plan.count_severity(Severity::Warning)
    ));
    for prev in &plan.previous {
        ui.colored_label(
            ORANGE,
            format!(
                "注意：相同内容的文件已于 {} 由 {} 导入过（{}）。",
                prev.imported_at, prev.operator, prev.file_name
            ),
        );
    }
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(c.accepted > 0, egui::Button::new("确认导入"))
            .clicked()
        {
            act.confirm = true;
        }
        if ui.button("取消导入").clicked() {
            act.cancel = true;
        }
        ui.label("被拒绝的行不会写入；导入后可保存这些行，修改后再导入。");
    });
    ui.add_space(4.0);
    egui::ScrollArea::vertical()
        .id_salt("import_review")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            over_quota(ui, plan);
            held_values_to_map(ui, held, &mut act);
            sheets_and_mapping(ui, plan, &mut act);
            first_rows(ui, plan);
            problems(ui, plan, groups);
        });
    act
}

/// The held values, each with the readings the clerk may choose for the whole file.
fn held_values_to_map(ui: &mut egui::Ui, held: &[HeldValue], act: &mut ReviewAction) {
    if held.is_empty() {
        return;
    }
    ui.label(
        RichText::new("暂不导入的值：核实后可指定按什么读（对整个文件生效），或改正文件后重新导入")
            .strong(),
    );
    egui::Grid::new("review_held_values")
        .striped(true)
        .show(ui, |ui| {
            for (i, h) in held.iter().enumerate() {
                let what = ui.label(format!(
                    "{}“{}”：{} 行",
                    field_label(h.field),
                    h.value,
                    thousands(h.rows)
                ));
                let options = readings(h.field);
                if options.is_empty() {
                    ui.label("");
                } else {
                    let combo = egui::ComboBox::from_id_salt(("held_value", i))
                        .selected_text("改读为…")
                        .width(170.0)
                        .show_ui(ui, |ui| {
                            for o in options {
                                if ui.selectable_label(false, o).clicked() {
                                    act.revalue = Some((h.field, h.value.clone(), o.to_string()));
                                }
                            }
                        });
                    combo.response.labelled_by(what.id);
                }
                ui.end_row();
            }
        });
    ui.add_space(4.0);
}

/// The units that will be over quota once the file is written, and the internal
/// divisions it will propose.
fn over_quota(ui: &mut egui::Ui, plan: &ImportPlan) {
    if plan.kind != ImportKind::Roster {
        return;
    }
    if !plan.new_divisions.is_empty() {
        let listed: Vec<String> = plan
            .new_divisions
            .iter()
            .take(12)
            .map(|(unit, division)| format!("{unit}：{division}"))
            .collect();
        let more = if plan.new_divisions.len() > listed.len() {
            " …"
        } else {
            ""
        };
        ui.colored_label(
            crate::ui::theme::WARN,
            format!(
                "“所在机构”将新建待确认的内设机构 {} 个（导入后在各单位页确认为业务或综合科室）：{}{more}",
                plan.new_divisions.len(),
                listed.join("、")
            ),
        );
    }
    if plan.over_quota_after.is_empty() {
        ui.label("导入后没有超编单位。");
        return;
    }
    egui::CollapsingHeader::new(
        RichText::new(format!(
            "导入后超编的单位（{} 项）",
            plan.over_quota_after.len()
        ))
        .color(RED),
    )
    .id_salt("review_over_quota")
    .default_open(true)
    .show(ui, |ui| {
        egui::Grid::new("review_over_quota_grid")
            .striped(true)
            .show(ui, |ui| {
                for t in ["单位", "编制类型", "核定", "导入后实有", "超编"] {
                    ui.strong(t);
                }
                ui.end_row();
                for o in &plan.over_quota_after {
                    ui.label(&o.unit);
                    ui.label(o.post_type.label());
                    ui.label(o.approved.to_string());
                    ui.label(o.occupied.to_string());
                    ui.colored_label(RED, format!("超 {}", o.over()));
                    ui.end_row();
                }
            });
    });
}

/// The sheets, their header rows and blocks, and the column mapping, changeable.
fn sheets_and_mapping(ui: &mut egui::Ui, plan: &ImportPlan, act: &mut ReviewAction) {
    let fields = match plan.kind {
        ImportKind::Roster => ROSTER_FIELDS,
        ImportKind::Orgs => ORG_FIELDS,
    };
    ui.label(RichText::new(format!("工作表与列对应（{} 个工作表）", plan.sheets.len())).strong());
    for (si, s) in plan.sheets.iter().enumerate() {
        let head = match (&s.skipped, s.header_rows) {
            (Some(why), _) => format!("“{}”：{why}", s.name),
            (None, Some((a, b))) if a == b => {
                format!(
                    "“{}”：表头在第 {a} 行，数据 {} 行",
                    s.name,
                    thousands(s.rows)
                )
            }
            (None, Some((a, b))) => format!(
                "“{}”：表头在第 {a}–{b} 行，数据 {} 行",
                s.name,
                thousands(s.rows)
            ),
            (None, None) => format!("“{}”：没有表头", s.name),
        };
        ui.label(head);
        if let Some(u) = &s.unit_from_name {
            ui.label(format!("表中没有单位列，按工作表名读作“{u}”。"));
        }
        if !s.blocks.is_empty() {
            ui.label(format!(
                "按“单位：…”行分块，共 {} 块：{}",
                s.blocks.len(),
                s.blocks.join("、")
            ));
        }
        if s.header_rows.is_none() {
            continue;
        }
        let read: BTreeMap<&str, &str> = s
            .columns
            .iter()
            .map(|(label, letter, _)| (letter.as_str(), label.as_str()))
            .collect();
        let unused: Vec<&str> = s
            .labels
            .iter()
            .filter(|(c, _)| !read.contains_key(crate::import::column_letter(*c).as_str()))
            .map(|(_, h)| h.as_str())
            .collect();
        egui::CollapsingHeader::new(format!(
            "列对应：读取 {} 列{}（点开查看或修改）",
            read.len(),
            if unused.is_empty() {
                String::new()
            } else {
                format!("，未使用：{}", unused.join("、"))
            }
        ))
        .id_salt(("review_mapping_head", si))
        .show(ui, |ui| {
            egui::Grid::new(("review_mapping", si))
                .striped(true)
                .show(ui, |ui| {
                    for t in ["列", "表头", "读作"] {
                        ui.strong(t);
                    }
                    ui.end_row();
                    for (col, header) in &s.labels {
                        let letter = crate::import::column_letter(*col);
                        ui.label(&letter);
                        let head = ui.label(header);
                        let current = read.get(letter.as_str()).copied().unwrap_or("（不读）");
                        let combo = egui::ComboBox::from_id_salt(("map", si, *col))
                            .selected_text(current)
                            .width(150.0)
                            .show_ui(ui, |ui| {
                                if ui
                                    .selectable_label(current == "（不读）", "（不读）")
                                    .clicked()
                                    && current != "（不读）"
                                {
                                    act.remap = Some((header.clone(), None));
                                }
                                for (f, _, _) in fields {
                                    let label = field_label(*f);
                                    if ui.selectable_label(current == label, label).clicked()
                                        && current != label
                                    {
                                        act.remap = Some((header.clone(), Some(*f)));
                                    }
                                }
                            });
                        // The column's header names its list (read aloud, found by tests).
                        combo.response.labelled_by(head.id);
                        ui.end_row();
                    }
                });
        });
    }
    ui.add_space(4.0);
}

/// The first rows as they will be written.
fn first_rows(ui: &mut egui::Ui, plan: &ImportPlan) {
    const N: usize = 5;
    egui::CollapsingHeader::new("前几行将这样读入")
        .id_salt("review_first_rows")
        .default_open(true)
        .show(ui, |ui| match plan.kind {
            ImportKind::Roster => {
                if plan.people.is_empty() {
                    ui.label("没有可以导入的行。");
                    return;
                }
                egui::Grid::new("review_people")
                    .striped(true)
                    .show(ui, |ui| {
                        for t in [
                            "行",
                            "姓名",
                            "身份证号",
                            "单位",
                            "编制类型",
                            "登记日期",
                            "入编时间",
                            "所在机构",
                            "处理",
                        ] {
                            ui.strong(t);
                        }
                        ui.end_row();
                        for p in plan.people.iter().take(N) {
                            ui.label(p.row.to_string());
                            ui.label(&p.details.name);
                            ui.label(p.id.masked());
                            ui.label(&p.unit);
                            ui.label(p.post_type.label());
                            ui.label(p.date.to_string());
                            ui.label(
                                p.details
                                    .joined_on
                                    .map(|d| d.to_string())
                                    .unwrap_or_default(),
                            );
                            ui.label(
                                p.details
                                    .kept
                                    .get("division")
                                    .map(String::as_str)
                                    .unwrap_or(""),
                            );
                            ui.label(p.action.label());
                            ui.end_row();
                        }
                    });
            }
            ImportKind::Orgs => {
                if plan.orgs.is_empty() {
                    ui.label("没有可以导入的行。");
                    return;
                }
                egui::Grid::new("review_orgs").striped(true).show(ui, |ui| {
                    for t in ["行", "单位", "核定编制", "文号", "生效日期", "处理"] {
                        ui.strong(t);
                    }
                    ui.end_row();
                    for o in plan.orgs.iter().take(N) {
                        ui.label(o.row.to_string());
                        ui.label(&o.draft.name);
                        ui.label(
                            o.posts
                                .iter()
                                .map(|(t, n)| format!("{} {n}", t.label()))
                                .collect::<Vec<_>>()
                                .join("，"),
                        );
                        ui.label(&o.doc_no);
                        ui.label(o.date.to_string());
                        ui.label(o.action.label());
                        ui.end_row();
                    }
                });
            }
        });
}

/// The problems by unit and cause; each cause opens to its rows.
pub fn problems(ui: &mut egui::Ui, plan: &ImportPlan, groups: &[UnitGroup]) {
    if plan.problems.is_empty() {
        ui.label("没有发现问题。");
        return;
    }
    ui.separator();
    ui.label(
        RichText::new(format!(
            "问题（{} 处，按单位和原因归类；点开查看各行）",
            thousands(plan.problems.len())
        ))
        .strong(),
    );
    for (gi, g) in groups.iter().enumerate() {
        let total: usize = g.causes.iter().map(|(_, _, r)| r.len()).sum();
        let title = if g.errors > 0 {
            RichText::new(format!(
                "{}：{} 处（{} 行不能导入）",
                g.unit, total, g.errors
            ))
            .color(RED)
        } else {
            RichText::new(format!("{}：{} 处", g.unit, total))
        };
        egui::CollapsingHeader::new(title)
            .id_salt(("problem_unit", gi))
            .default_open(groups.len() <= 8)
            .show(ui, |ui| {
                for (ci, (cause, sev, rows)) in g.causes.iter().enumerate() {
                    egui::CollapsingHeader::new(
                        RichText::new(format!("{}（{}）：{} 处", cause, sev.label(), rows.len()))
                            .color(severity_color(*sev)),
                    )
                    .id_salt(("problem_cause", gi, ci))
                    .show(ui, |ui| problem_rows(ui, plan, rows, (gi, ci)));
                }
            });
    }
}

fn problem_rows(ui: &mut egui::Ui, plan: &ImportPlan, rows: &[usize], salt: (usize, usize)) {
    let height = (rows.len() as f32 * 20.0 + 24.0).min(320.0);
    ui.push_id(salt, |ui| {
        TableBuilder::new(ui)
            .striped(true)
            .max_scroll_height(height)
            .column(Column::initial(110.0))
            .column(Column::initial(50.0))
            .column(Column::initial(110.0))
            .column(Column::remainder())
            .header(22.0, |mut h| {
                for t in ["工作表", "行", "列", "说明"] {
                    h.col(|ui| {
                        ui.strong(t);
                    });
                }
            })
            .body(|body| {
                body.rows(20.0, rows.len(), |mut row| {
                    let p: &Problem = &plan.problems[rows[row.index()]];
                    row.col(|ui| {
                        ui.label(&p.sheet);
                    });
                    row.col(|ui| {
                        ui.label(p.row.map(|r| r.to_string()).unwrap_or_default());
                    });
                    row.col(|ui| {
                        let place = match (&p.column, &p.header) {
                            (Some(c), Some(h)) => format!("{c}（{h}）"),
                            (Some(c), None) => c.clone(),
                            (None, Some(h)) => h.clone(),
                            (None, None) => String::new(),
                        };
                        ui.label(place);
                    });
                    row.col(|ui| {
                        ui.colored_label(severity_color(p.severity), &p.message);
                    });
                });
            });
    });
}
