//! 文件库: every 文号 as a document — found by 文号, title, issuing body, year or kind; what
//! it did (every record carrying it); its attachments, opened with the system's viewer; the
//! documents still without one listed, so the archive can be completed; a folder of scans
//! attached in one go where the file names hold the 文号, after a review.

use crate::domain::document::{DocKind, doc_key, doc_key_in_file_name};
use crate::store::documents::{Document, DocumentDraft};
use crate::store::{Kinds, Result, Store};
use crate::ui::dialog::{Closer, Done, Form};
use crate::ui::panel::{Commands, Cx, Nav, Panel};
use crate::ui::theme::{ERROR as RED, WARN as AMBER};
use crate::ui::widgets::{choice_row, text_row};
use egui::RichText;
use std::path::PathBuf;

#[derive(Default)]
pub struct DocumentsState {
    /// Read when first shown (the list reads every record's 文号), and after a change.
    stale: bool,
    pub documents: Vec<Document>,
    pub search: String,
    /// Only documents without an attachment.
    pub unattached: bool,
    /// The document shown (its key).
    pub selected: Option<String>,
    /// Numbered notices, by number: a notice's document can print it again or void it.
    pub notices: std::collections::HashMap<String, crate::store::notices::IssuedNotice>,
}

impl DocumentsState {
    pub fn load(_store: &Store) -> Result<DocumentsState> {
        Ok(DocumentsState {
            stale: true,
            ..Default::default()
        })
    }

    fn shown(&self) -> Vec<&Document> {
        let needle = self.search.trim();
        let key = doc_key(needle);
        self.documents
            .iter()
            .filter(|d| !self.unattached || d.attachments.is_empty())
            .filter(|d| {
                needle.is_empty()
                    || d.key.contains(needle)
                    || (!key.is_empty() && d.key == key)
                    || d.title.contains(needle)
                    || d.issuer.contains(needle)
                    || d.kind.label() == needle
                    || d.sort_date().is_some_and(|s| s.starts_with(needle))
            })
            .collect()
    }
}

impl Panel for DocumentsState {
    fn nav(&self) -> Nav {
        Nav::Documents
    }

    fn reads(&self) -> Kinds {
        Kinds::ALL.without(Kinds::AUDIT)
    }

    fn reload(&mut self, store: &Store) -> Result<()> {
        self.documents = store.documents(None)?;
        self.notices = store.all_notices()?;
        self.stale = false;
        Ok(())
    }

    fn select(&mut self, store: &Store, _id: i64) -> Result<()> {
        self.reload(store)
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
        if self.stale
            && let Err(e) = self.reload(cx.store)
        {
            out.error(e);
        }
        ui.horizontal(|ui| {
            ui.heading("文件库");
            let l = ui.label("查找：");
            ui.add(
                egui::TextEdit::singleline(&mut self.search)
                    .hint_text("文号、标题、发文机关、年度或类别")
                    .desired_width(260.0),
            )
            .labelled_by(l.id);
            ui.checkbox(&mut self.unattached, "只列无附件的");
            if cx.can_write {
                if ui.button("登记文件…").clicked() {
                    out.open(DescribeForm::new(None));
                }
                if ui.button("按文件名批量添加附件…").clicked() {
                    out.open(FolderForm::default());
                }
            }
        });
        let without = self
            .documents
            .iter()
            .filter(|d| d.attachments.is_empty())
            .count();
        ui.label(
            RichText::new(format!(
                "共 {} 件文件，其中 {without} 件尚无附件（台账记录或依据文件不完整的，请补齐扫描件）。",
                self.documents.len()
            ))
            .weak(),
        );
        ui.separator();
        let shown = self.shown();
        let mut chosen = None;
        ui.columns(2, |cols| {
            list(&mut cols[0], &shown, self.selected.as_deref(), &mut chosen);
            match self
                .selected
                .as_ref()
                .and_then(|k| self.documents.iter().find(|d| &d.key == k))
            {
                Some(d) => detail(&mut cols[1], d, self.notices.get(&d.key), cx, out),
                None => {
                    cols[1].label("选择左边的文件，查看它的附件和相关记录。");
                }
            }
        });
        if let Some(k) = chosen {
            self.selected = Some(k);
        }
    }
}

fn list(
    ui: &mut egui::Ui,
    shown: &[&Document],
    selected: Option<&str>,
    chosen: &mut Option<String>,
) {
    use egui_extras::{Column, TableBuilder};
    let height = ui.available_height();
    TableBuilder::new(ui)
        .id_salt("documents")
        .striped(true)
        .resizable(true)
        .max_scroll_height(height)
        .column(Column::initial(170.0).at_least(100.0))
        .column(Column::initial(90.0))
        .column(Column::initial(70.0))
        .column(Column::initial(40.0))
        .column(Column::remainder().at_least(80.0).clip(true))
        .header(22.0, |mut h| {
            for t in ["文号", "日期", "类别", "附件", "标题"] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(24.0, shown.len(), |mut row| {
                let d = shown[row.index()];
                let is_selected = selected == Some(d.key.as_str());
                row.set_selected(is_selected);
                row.col(|ui| {
                    if ui.selectable_label(is_selected, &d.key).clicked() {
                        *chosen = Some(d.key.clone());
                    }
                });
                row.col(|ui| {
                    ui.label(d.sort_date().unwrap_or_default());
                });
                row.col(|ui| {
                    ui.label(d.kind.label());
                });
                row.col(|ui| {
                    if d.attachments.is_empty() {
                        ui.colored_label(AMBER, "无");
                    } else {
                        ui.label(d.attachments.len().to_string());
                    }
                });
                row.col(|ui| {
                    ui.label(&d.title);
                });
            });
        });
}

fn detail(
    ui: &mut egui::Ui,
    d: &Document,
    notice: Option<&crate::store::notices::IssuedNotice>,
    cx: &Cx,
    out: &mut Commands,
) {
    egui::ScrollArea::vertical()
        .id_salt("document_detail")
        .show(ui, |ui| {
            ui.heading(&d.key);
            if let Some(n) = notice {
                notice_line(ui, n, cx, out);
            }
            egui::Grid::new("document_fields")
                .num_columns(2)
                .show(ui, |ui| {
                    for (k, v) in [
                        ("标题", d.title.clone()),
                        ("发文机关", d.issuer.clone()),
                        ("日期", d.date.map(|x| x.to_string()).unwrap_or_default()),
                        ("类别", d.kind.label().to_string()),
                    ] {
                        ui.label(k);
                        ui.label(if v.is_empty() {
                            "（未填）".to_string()
                        } else {
                            v
                        });
                        ui.end_row();
                    }
                });
            ui.horizontal(|ui| {
                if cx.can_write && ui.button("填写文件信息…").clicked() {
                    out.open(DescribeForm::new(Some(d)));
                }
                if cx.can_write && ui.button("添加附件…").clicked() {
                    match rfd::FileDialog::new()
                        .set_title(format!("给 {} 添加附件", d.key))
                        .add_filter(
                            "扫描件、图片、Office 文件",
                            &[
                                "pdf", "jpg", "jpeg", "png", "tif", "tiff", "doc", "docx", "xls",
                                "xlsx", "ofd", "wps",
                            ],
                        )
                        .pick_files()
                    {
                        Some(files) => {
                            let key = d.key.clone();
                            out.write(move |s| {
                                s.attach(&key, &files)
                                    .map(|a| Some(format!("已给 {key} 添加附件 {} 个", a.len())))
                                    .map_err(|e| e.to_string())
                            });
                        }
                        None => out.notify("没有选择文件。", false),
                    }
                }
            });
            ui.add_space(6.0);
            ui.strong(format!("附件（{}）", d.attachments.len()));
            if d.attachments.is_empty() {
                ui.colored_label(AMBER, "尚无附件：请添加文件的扫描件。");
            }
            for a in &d.attachments {
                ui.horizontal(|ui| {
                    ui.label(format!("{}（{} 字节，{}）", a.name, a.bytes, a.entered_at));
                    if ui.small_button("打开").clicked() {
                        match cx
                            .store
                            .attachment_to_open(a)
                            .map_err(|e| e.to_string())
                            .and_then(|p| open_with_system(&p))
                        {
                            Ok(()) => {}
                            Err(e) => out.error(format!("无法打开附件“{}”：{e}", a.name)),
                        }
                    }
                });
            }
            ui.add_space(6.0);
            ui.strong(format!("相关记录（{}）", d.refs.len()));
            egui::Grid::new("document_refs")
                .striped(true)
                .show(ui, |ui| {
                    for r in d.refs.iter().take(500) {
                        ui.label(r.date.clone().unwrap_or_default());
                        ui.label(&r.what);
                        ui.label(
                            r.org_id
                                .map_or("", |o| cx.org_name(crate::domain::OrgId(o))),
                        );
                        ui.end_row();
                    }
                });
            if d.refs.len() > 500 {
                ui.label(format!("……共 {} 条", d.refs.len()));
            }
        });
}

/// A numbered notice's own document: what it is, printed again, voided with a reason.
fn notice_line(
    ui: &mut egui::Ui,
    n: &crate::store::notices::IssuedNotice,
    cx: &Cx,
    out: &mut Commands,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("{}，{} 出具", n.kind.label(), n.issued_on));
        if let Some((on, why)) = &n.voided {
            ui.colored_label(RED, format!("{on} 作废：{why}"));
        }
        if ui.button("重新打印").clicked() {
            let number = n.number.clone();
            out.push(crate::ui::panel::Command::Notice(Box::new(move |s| {
                s.notice(&number)
                    .map_err(|e| e.to_string())?
                    .ok_or_else(|| format!("找不到通知单 {number}"))
            })));
        }
        if n.voided.is_none() && cx.can_write && ui.button("作废…").clicked() {
            out.open(crate::ui::panels::registry::card::VoidForm {
                number: n.number.clone(),
                reason: String::new(),
            });
        }
    });
}

/// Opens a file with the system's viewer (Windows: the file's associated program).
fn open_with_system(path: &std::path::Path) -> std::result::Result<(), String> {
    let mut cmd = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(path).spawn().map(|_| ()).map_err(|e| e.to_string())
}

/// 登记文件 / 填写文件信息: a document's 文号, title, issuing body, date and kind.
pub struct DescribeForm {
    pub doc_no: String,
    /// The 文号 cannot be changed once the document exists.
    pub fixed: bool,
    pub title: String,
    pub issuer: String,
    pub date: String,
    pub kind: DocKind,
}

impl DescribeForm {
    pub fn new(d: Option<&Document>) -> DescribeForm {
        match d {
            Some(d) => DescribeForm {
                doc_no: d.key.clone(),
                fixed: true,
                title: d.title.clone(),
                issuer: d.issuer.clone(),
                date: d.date.map(|x| x.to_string()).unwrap_or_default(),
                kind: d.kind,
            },
            None => DescribeForm {
                doc_no: String::new(),
                fixed: false,
                title: String::new(),
                issuer: String::new(),
                date: String::new(),
                kind: DocKind::Other,
            },
        }
    }
}

impl Form for DescribeForm {
    fn title(&self) -> String {
        "文件信息".into()
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        if self.fixed {
            ui.label("文号");
            ui.label(&self.doc_no);
            ui.end_row();
        } else {
            text_row(ui, "文号", &mut self.doc_no, "如 石编〔2026〕12号");
        }
        text_row(ui, "标题", &mut self.title, "");
        text_row(ui, "发文机关", &mut self.issuer, "如 县委机构编制委员会");
        text_row(ui, "日期", &mut self.date, "YYYY-MM-DD");
        choice_row(ui, "类别", &mut self.kind, DocKind::ALL, DocKind::label);
    }

    fn submit(&mut self, store: &mut Store) -> std::result::Result<Done, String> {
        let date = match self.date.trim() {
            "" => None,
            t => Some(crate::ui::widgets::parse_date(t)?),
        };
        store
            .describe_document(
                &self.doc_no,
                &DocumentDraft {
                    title: self.title.clone(),
                    issuer: self.issuer.clone(),
                    date,
                    kind: Some(self.kind),
                },
            )
            .map_err(|e| e.to_string())?;
        Ok(format!("已登记文件 {}", doc_key(&self.doc_no)).into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A folder of scans: each file whose name holds a 文号 (石编〔2021〕12号.pdf, 石编2021-12.pdf)
/// goes to that document; reviewed before anything is attached.
#[derive(Default)]
pub struct FolderForm {
    pub folder: String,
    /// (file, its 文号 key or None, attach it).
    pub files: Vec<(PathBuf, Option<String>, bool)>,
    pub error: Option<String>,
}

impl FolderForm {
    pub fn read(&mut self) {
        self.files.clear();
        self.error = None;
        let dir = PathBuf::from(self.folder.trim());
        match std::fs::read_dir(&dir) {
            Ok(entries) => {
                let mut files: Vec<PathBuf> = entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_file())
                    .collect();
                files.sort();
                for f in files {
                    let key = f
                        .file_name()
                        .and_then(|n| doc_key_in_file_name(&n.to_string_lossy()));
                    let chosen = key.is_some();
                    self.files.push((f, key, chosen));
                }
            }
            Err(e) => self.error = Some(format!("无法读取文件夹“{}”：{e}", dir.display())),
        }
    }
}

impl Form for FolderForm {
    fn title(&self) -> String {
        "按文件名批量添加附件".into()
    }

    fn grid(&self) -> bool {
        false
    }

    fn max_width(&self) -> f32 {
        760.0
    }

    fn ready(&self) -> bool {
        self.files.iter().any(|(_, k, c)| *c && k.is_some())
    }

    fn confirm_label(&self) -> &str {
        "确认添加"
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        ui.label("文件名中含文号的扫描件（如 石编〔2021〕12号.pdf、石编2021-12.pdf）添加到该文号的文件；没有文号的不添加。");
        let mut read = false;
        ui.horizontal(|ui| {
            let l = ui.label("文件夹");
            ui.add(egui::TextEdit::singleline(&mut self.folder).desired_width(360.0))
                .labelled_by(l.id);
            if ui.button("选择文件夹…").clicked()
                && let Some(p) = rfd::FileDialog::new().pick_folder()
            {
                self.folder = p.display().to_string();
                read = true;
            }
            if ui.button("读取").clicked() {
                read = true;
            }
        });
        if read {
            self.read();
        }
        if let Some(e) = &self.error {
            ui.colored_label(RED, e);
        }
        if self.files.is_empty() {
            return;
        }
        let with = self.files.iter().filter(|(_, k, _)| k.is_some()).count();
        ui.label(format!(
            "共 {} 个文件，{with} 个文件名含文号。",
            self.files.len()
        ));
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .min_scrolled_height(160.0)
            .show(ui, |ui| {
                egui::Grid::new("folder_files")
                    .striped(true)
                    .show(ui, |ui| {
                        for h in ["添加", "文件", "文号"] {
                            ui.strong(h);
                        }
                        ui.end_row();
                        for (f, key, chosen) in &mut self.files {
                            let name = f
                                .file_name()
                                .map(|n| n.to_string_lossy().to_string())
                                .unwrap_or_default();
                            ui.add_enabled(key.is_some(), egui::Checkbox::new(chosen, ""))
                                .on_hover_text(format!("添加 {name}"));
                            ui.label(&name);
                            match key {
                                Some(k) => ui.label(k.as_str()),
                                None => ui.colored_label(AMBER, "文件名中没有文号"),
                            };
                            ui.end_row();
                        }
                    });
            });
    }

    fn submit(&mut self, store: &mut Store) -> std::result::Result<Done, String> {
        let items: Vec<(String, PathBuf)> = self
            .files
            .iter()
            .filter_map(|(f, k, c)| k.clone().filter(|_| *c).map(|k| (k, f.clone())))
            .collect();
        let added = store.attach_each(&items).map_err(|e| e.to_string())?;
        Ok(format!("已添加附件 {} 个", added.len()).into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
