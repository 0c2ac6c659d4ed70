//! 操作日志: every write, who did it and when, searchable and exportable. The log is
//! append-only: this panel only reads it.

use crate::domain::Permission;
use crate::domain::id_number::mask_in_text;
use crate::store::audit::{AuditAction, AuditChange, AuditQuery};
use crate::ui::panel::{Commands, Cx, Nav, Panel};

/// The most changed rows shown for one action (the export has them all).
const SHOWN_CHANGES: usize = 200;

#[derive(Default)]
pub struct AuditState {
    pub operator: String,
    pub text: String,
    pub from: String,
    pub to: String,
    pub actions: Vec<AuditAction>,
    /// The action whose changes are shown, with them.
    pub selected: Option<(i64, Vec<AuditChange>)>,
    pub reveal_ids: bool,
    pub error: Option<String>,
    loaded: bool,
}

impl AuditState {
    fn query(&self) -> Result<AuditQuery, String> {
        let date = |s: &str, what: &str| -> Result<Option<chrono::NaiveDate>, String> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            crate::ui::widgets::parse_date(s)
                .map(Some)
                .map_err(|e| format!("{what}：{e}"))
        };
        Ok(AuditQuery {
            operator: self.operator.clone(),
            text: self.text.clone(),
            from: date(&self.from, "起始日期")?,
            to: date(&self.to, "截止日期")?,
            limit: 500,
        })
    }

    /// The log has changed: search again when the panel is next shown.
    pub fn invalidate(&mut self) {
        self.loaded = false;
    }

    /// Runs the search.
    pub fn search(&mut self, store: &crate::store::Store) {
        let result = self
            .query()
            .and_then(|q| store.audit_actions(&q).map_err(|e| e.to_string()));
        match result {
            Ok(a) => {
                self.actions = a;
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
        self.selected = None;
        self.loaded = true;
    }
}

impl Panel for AuditState {
    fn nav(&self) -> Nav {
        Nav::Audit
    }

    /// The log is searched again after any write (every write is logged).
    fn reads(&self) -> crate::store::Kinds {
        crate::store::Kinds::AUDIT
    }

    fn reload(&mut self, _store: &crate::store::Store) -> crate::store::Result<()> {
        self.invalidate();
        Ok(())
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
        show(self, ui, cx, out);
    }
}

fn show(a: &mut AuditState, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
    ui.heading("操作日志");
    if !cx.can(Permission::ReadAudit) {
        ui.label("当前角色不能查看操作日志。");
        return;
    }
    ui.label("每一次写入都记在这里：谁、何时、做了什么、改动前后。日志只能追加，不能修改或删除。");
    if !a.loaded {
        a.search(cx.store);
    }
    let mut search = false;
    ui.horizontal_wrapped(|ui| {
        for (label, value, width) in [
            ("操作员", &mut a.operator, 90.0),
            ("包含文字", &mut a.text, 160.0),
            ("从", &mut a.from, 90.0),
            ("至", &mut a.to, 90.0),
        ] {
            let l = ui.label(label);
            let r = ui
                .add(egui::TextEdit::singleline(value).desired_width(width))
                .labelled_by(l.id);
            search |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        }
        search |= ui.button("查询").clicked();
    });
    let may_reveal = cx.store.current_operator().can(Permission::RevealIds);
    let mut export = false;
    let mut revealed = false;
    ui.horizontal_wrapped(|ui| {
        // Its progress and 取消 are in the status bar (it goes on if the clerk moves on).
        export = ui.button("导出操作日志…").clicked();
        let r = ui
            .add_enabled(
                may_reveal,
                egui::Checkbox::new(&mut a.reveal_ids, "显示完整身份证号"),
            )
            .on_disabled_hover_text("当前角色不能查看完整身份证号");
        revealed = r.changed() && a.reveal_ids;
        ui.label(format!(
            "共 {} 条（最多显示 500 条，新的在前）",
            a.actions.len()
        ));
    });
    if let Some(e) = &a.error {
        ui.colored_label(crate::ui::theme::ERROR, e);
    }
    if search {
        a.search(cx.store);
    }
    if revealed {
        // Logged: who saw the full numbers, and when.
        out.write(|s| {
            s.reveal_ids("操作日志")
                .map(|()| None)
                .map_err(|e| e.to_string())
        });
    }
    if export {
        export_log(a, cx, out);
    }
    let reveal = a.reveal_ids;
    let mask = |s: &str| {
        if reveal {
            s.to_string()
        } else {
            mask_in_text(s)
        }
    };
    let mut open: Option<i64> = None;
    let list_height = (ui.available_height() * 0.55).max(160.0);
    egui::ScrollArea::vertical()
        .id_salt("audit_actions")
        .max_height(list_height)
        .show(ui, |ui| {
            egui::Grid::new("audit_grid").striped(true).show(ui, |ui| {
                for h in ["序号", "时间", "操作员", "角色", "操作", "说明", "改动行数"]
                {
                    ui.strong(h);
                }
                ui.end_row();
                for act in &a.actions {
                    ui.label(act.id.to_string());
                    ui.label(&act.at);
                    ui.label(&act.operator);
                    ui.label(&act.role);
                    let chosen = a.selected.as_ref().is_some_and(|(id, _)| *id == act.id);
                    if ui.selectable_label(chosen, &act.action).clicked() {
                        open = Some(act.id);
                    }
                    ui.label(mask(&act.detail));
                    ui.label(act.rows.to_string());
                    ui.end_row();
                }
            });
        });
    if let Some(id) = open {
        match cx.store.audit_changes(id, SHOWN_CHANGES) {
            Ok(c) => a.selected = Some((id, c)),
            Err(e) => out.error(e),
        }
    }
    if let Some((id, changes)) = &a.selected {
        ui.separator();
        let total = a.actions.iter().find(|x| x.id == *id).map_or(0, |x| x.rows);
        ui.strong(format!("第 {id} 条的改动（{total} 行）"));
        if total as usize > changes.len() {
            ui.label(format!(
                "只显示前 {} 行；全部改动请用“导出操作日志”。",
                changes.len()
            ));
        }
        // One line per row (the whole change on hover), so that thousands stay quick.
        egui_extras::TableBuilder::new(ui)
            .id_salt("audit_changes")
            .striped(true)
            .column(egui_extras::Column::exact(90.0))
            .column(egui_extras::Column::exact(60.0))
            .column(egui_extras::Column::exact(40.0))
            .column(egui_extras::Column::remainder().clip(true))
            .header(20.0, |mut h| {
                for t in ["表", "行号", "类型", "改动（悬停看全文）"] {
                    h.col(|ui| {
                        ui.strong(t);
                    });
                }
            })
            .body(|body| {
                body.rows(20.0, changes.len(), |mut row| {
                    let c = &changes[row.index()];
                    row.col(|ui| {
                        ui.label(crate::store::audit::table_label(&c.table));
                    });
                    row.col(|ui| {
                        ui.label(c.row_id.map(|r| r.to_string()).unwrap_or_default());
                    });
                    row.col(|ui| {
                        ui.label(c.op_label());
                    });
                    row.col(|ui| {
                        let text = mask(&c.describe(|id| {
                            cx.orgs
                                .iter()
                                .find(|o| o.id.0 == id)
                                .map(|o| o.name.clone())
                        }));
                        // Cut to one line; the whole change on hover (one tooltip: a
                        // truncated label shows its full text itself).
                        ui.add(egui::Label::new(&text).truncate());
                    });
                });
            });
    }
}

/// Starts exporting what the search finds (masked unless the operator has revealed ID
/// numbers) on another thread.
fn export_log(a: &AuditState, cx: &Cx, out: &mut Commands) {
    let query = match a.query() {
        Ok(q) => AuditQuery {
            limit: usize::MAX >> 1,
            ..q
        },
        Err(e) => return out.error(e),
    };
    let Some(db) = cx.store.path().map(std::path::Path::to_path_buf) else {
        return out.error("内存数据库不能导出操作日志");
    };
    let Some(path) = crate::ui::widgets::save_xlsx("操作日志.xlsx") else {
        return;
    };
    let opts = crate::export::reports::ReportOptions {
        full_ids: a.reveal_ids,
        ..Default::default()
    };
    let operator = cx.store.current_operator().clone();
    out.start("导出操作日志", move |progress| {
        let written = crate::store::Store::open(&db)
            .map_err(|e| e.to_string())
            .and_then(|mut store| {
                store.act_as(operator);
                crate::export::reports::write_audit_log(&store, &query, &opts, &path, progress)
                    .map_err(|e| e.to_string())
            });
        match written {
            Ok(s) => (
                format!("已导出操作日志（{} 条）：{}", s.rows, path.display()),
                false,
            ),
            // A cancelled export writes nothing.
            Err(_) if progress.is_cancelled() => ("已取消导出操作日志".to_string(), false),
            Err(e) => (e, true),
        }
    });
}
