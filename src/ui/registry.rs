//! 机构与人员: the tree of units, a unit's posts, ledger history and people, the people
//! table (100,000 rows: virtual scrolling, sort, filter as you type) and the person card.

use super::Workspace;
use super::actions::{ActionForm, ActionKind};
use super::people_index::{Column, PeopleIndex, PersonRow};
use crate::domain::Permission;
use crate::domain::{
    Account, Entry, EntryId, EntryKind, Funding, Org, OrgId, OrgKind, PersonId, PostType,
};
use crate::stats::OrgStats;
use crate::store::{Changes, Kinds, PersonEventRow, Result, Store};
use egui::{Color32, RichText};
use egui_extras::{Column as TableColumn, TableBuilder};
use std::collections::{BTreeMap, HashMap, HashSet};

const RED: Color32 = Color32::from_rgb(200, 30, 30);

pub struct RegistryState {
    pub orgs: Vec<Org>,
    pub selected_org: Option<OrgId>,
    pub people: PeopleIndex,
    pub query: String,
    pub include_left: bool,
    pub reveal_ids: bool,
    pub selected_person: Option<PersonId>,
    /// The person whose card is open, with their history.
    pub card: Option<(PersonId, Vec<PersonEventRow>)>,
    /// Ledger history of the selected unit, and which entries were reversed.
    pub history: Vec<Entry>,
    pub reversed: HashSet<EntryId>,
    /// People on turnover posts, with the day their term ends.
    pub turnover: HashMap<PersonId, chrono::NaiveDate>,
    /// Showing the county as of a past date (read only), with its figures.
    pub as_of: Option<chrono::NaiveDate>,
    pub past: Option<crate::stats::CountyStats>,
    pub as_of_text: String,
    /// The people list is to be rebuilt before it is next shown (a write changed many
    /// people, or units).
    pub people_stale: bool,
}

impl RegistryState {
    pub fn load(store: &Store) -> Result<RegistryState> {
        let mut s = RegistryState {
            orgs: Vec::new(),
            selected_org: None,
            people: PeopleIndex::default(),
            query: String::new(),
            include_left: false,
            reveal_ids: false,
            selected_person: None,
            card: None,
            history: Vec::new(),
            reversed: HashSet::new(),
            turnover: HashMap::new(),
            as_of: None,
            past: None,
            as_of_text: String::new(),
            people_stale: false,
        };
        s.reload(store)?;
        Ok(s)
    }

    /// Brings the registry up to date after writes: the units and the selected unit's
    /// ledger at once; the people a write changed row by row when it changed few (a hire,
    /// a transfer); otherwise the people list is rebuilt when next shown ([`Self::reload`]).
    pub fn apply(&mut self, store: &Store, changes: &Changes) -> Result<()> {
        let k = changes.kinds;
        if k.intersects(Kinds::UNITS) {
            // Unit names are in every row.
            self.orgs = store.orgs()?;
            self.people_stale = true;
        }
        if k.intersects(Kinds::LEDGER) {
            self.load_history(store)?;
        }
        if !k.intersects(Kinds::PEOPLE) {
            return Ok(());
        }
        match &changes.people {
            Some(ids) if self.as_of.is_none() && !self.people_stale => {
                let names: HashMap<OrgId, String> =
                    self.orgs.iter().map(|o| (o.id, o.name.clone())).collect();
                self.turnover = store.turnover_marks()?;
                let mut rows = Vec::with_capacity(ids.len());
                for &id in ids {
                    let mut row = PersonRow::new(&store.person(id)?, &names);
                    if self.turnover.contains_key(&id) {
                        row.status = "在编（周转）";
                    }
                    rows.push(row);
                }
                self.people.upsert(&rows);
                if let Some((pid, _)) = &self.card
                    && ids.contains(pid)
                {
                    let pid = *pid;
                    self.card = Some((pid, store.person_events(pid)?));
                }
            }
            _ => self.people_stale = true,
        }
        Ok(())
    }

    /// Reloads from the store, keeping the selection, filter and sort.
    pub fn reload(&mut self, store: &Store) -> Result<()> {
        self.people_stale = false;
        self.orgs = store.orgs()?;
        let sort = self.people.sort_state();
        let people = match self.as_of {
            Some(d) => {
                self.past = Some(crate::stats::CountyStats::derive(store, Some(d))?);
                store.people_as_of(d)?
            }
            None => {
                self.past = None;
                store.people()?
            }
        };
        self.people = PeopleIndex::new(&people, &self.orgs);
        // People on turnover posts are marked: their posts are the pool's, not the unit's.
        self.turnover = store.turnover_marks()?;
        for r in &mut self.people.rows {
            if self.turnover.contains_key(&r.id) {
                r.status = "在编（周转）";
            }
        }
        if let Some((c, asc)) = sort {
            self.people.sort_by(c);
            if !asc {
                self.people.sort_by(c);
            }
        }
        self.refilter();
        self.load_history(store)?;
        if let Some((pid, _)) = &self.card {
            let pid = *pid;
            self.card = Some((pid, store.person_events(pid)?));
        }
        Ok(())
    }

    pub fn refilter(&mut self) {
        self.people
            .filter(&self.query, self.selected_org, self.include_left);
    }

    fn load_history(&mut self, store: &Store) -> Result<()> {
        self.history = match self.selected_org {
            Some(o) => store.entries(Some(o))?,
            None => Vec::new(),
        };
        self.reversed = store.reversed_ids()?.into_iter().collect();
        Ok(())
    }

    pub fn select_org(&mut self, store: &Store, org: Option<OrgId>) -> Result<()> {
        self.selected_org = org;
        self.selected_person = None;
        self.refilter();
        self.load_history(store)
    }

    fn org_name(&self, id: OrgId) -> &str {
        self.orgs
            .iter()
            .find(|o| o.id == id)
            .map_or("", |o| o.name.as_str())
    }
}

/// The registry panel.
/// The panel. Returns messages for the notification centre (text, is error).
pub fn show(ui: &mut egui::Ui, w: &mut Workspace) -> Vec<(String, bool)> {
    let mut messages = Vec::new();
    let mut select: Option<Option<OrgId>> = None;
    egui::Panel::left("org_tree")
        .resizable(true)
        .default_size(300.0)
        .show(ui, |ui| {
            if ui
                .selectable_label(w.registry.selected_org.is_none(), "全县（全部单位）")
                .clicked()
            {
                select = Some(None);
            }
            egui::ScrollArea::vertical().show(ui, |ui| {
                org_tree(ui, &w.view_stats().orgs, &w.registry, &mut select);
            });
        });
    if let Some(org) = select
        && let Err(e) = w.registry.select_org(&w.store, org)
    {
        messages.push((e.to_string(), true));
    }

    match w.registry.selected_org {
        Some(org) => unit_detail(ui, w, org),
        None => county_header(ui, w, &mut messages),
    }
    ui.separator();
    people_table(ui, w, &mut messages);
    person_card(ui, w);
    messages
}

/// Units grouped by kind, and institutions by supervising department.
fn org_tree(
    ui: &mut egui::Ui,
    stats: &[OrgStats],
    reg: &RegistryState,
    select: &mut Option<Option<OrgId>>,
) {
    for kind in OrgKind::ALL {
        let in_kind: Vec<&OrgStats> = stats.iter().filter(|o| o.kind == kind.label()).collect();
        if in_kind.is_empty() {
            continue;
        }
        egui::CollapsingHeader::new(format!("{}（{}）", kind.label(), in_kind.len()))
            .default_open(kind != OrgKind::Institution)
            .show(ui, |ui| {
                if kind == OrgKind::Institution {
                    let mut by_parent: BTreeMap<&str, Vec<&OrgStats>> = BTreeMap::new();
                    for o in &in_kind {
                        by_parent
                            .entry(o.parent.as_deref().unwrap_or("（无主管部门）"))
                            .or_default()
                            .push(o);
                    }
                    for (parent, list) in by_parent {
                        egui::CollapsingHeader::new(format!("{parent}（{}）", list.len()))
                            .default_open(true)
                            .show(ui, |ui| {
                                for o in list {
                                    org_line(ui, o, reg, select);
                                }
                            });
                    }
                } else {
                    for o in in_kind {
                        org_line(ui, o, reg, select);
                    }
                }
            });
    }
}

fn org_line(
    ui: &mut egui::Ui,
    o: &OrgStats,
    reg: &RegistryState,
    select: &mut Option<Option<OrgId>>,
) {
    let t = o.total;
    let text = format!("{}  {}/{}/{}", o.name, t.approved, t.occupied, t.vacancy);
    let text = if o.over_quota {
        RichText::new(format!("{text} 超编")).color(RED)
    } else {
        RichText::new(text)
    };
    let selected = reg.selected_org.map(|s| s.0) == Some(o.id);
    if ui
        .selectable_label(selected, text)
        .on_hover_text("核定/实有/空编")
        .clicked()
    {
        *select = Some(Some(OrgId(o.id)));
    }
}

fn posts_grid(ui: &mut egui::Ui, id: &str, posts: &crate::stats::ByType) {
    egui::Grid::new(id).striped(true).show(ui, |ui| {
        for h in ["编制类型", "核定", "实有", "空编"] {
            ui.strong(h);
        }
        ui.end_row();
        for t in PostType::ALL {
            let c = posts.get(t);
            if c.approved == 0 && c.occupied == 0 {
                continue;
            }
            ui.label(t.label());
            ui.label(c.approved.to_string());
            ui.label(c.occupied.to_string());
            if c.vacancy < 0 {
                ui.colored_label(RED, format!("{}（超编）", c.vacancy));
            } else {
                ui.label(c.vacancy.to_string());
            }
            ui.end_row();
        }
        let c = posts.sum();
        ui.strong("合计");
        ui.strong(c.approved.to_string());
        ui.strong(c.occupied.to_string());
        ui.strong(c.vacancy.to_string());
        ui.end_row();
    });
}

fn county_header(ui: &mut egui::Ui, w: &mut Workspace, messages: &mut Vec<(String, bool)>) {
    let mut view: Option<Option<chrono::NaiveDate>> = None;
    ui.horizontal(|ui| {
        ui.heading("全县");
        ui.label(format!("截至 {}", w.view_stats().as_of));
        if w.can_write() && ui.button("新增单位…").clicked() {
            w.form = Some(ActionForm::new(ActionKind::NewOrg, None, None));
        }
        ui.separator();
        let l = ui.label("查看历史日期");
        ui.add(
            egui::TextEdit::singleline(&mut w.registry.as_of_text)
                .hint_text("如 2023-12-31")
                .desired_width(100.0),
        )
        .labelled_by(l.id);
        if ui.button("查看").clicked() {
            match super::actions::parse_date(&w.registry.as_of_text) {
                Ok(d) => view = Some(Some(d)),
                Err(e) => messages.push((e, true)),
            }
        }
        if w.registry.as_of.is_some() && ui.button("回到今天").clicked() {
            view = Some(None);
        }
    });
    if let Some(d) = view {
        w.registry.as_of = d;
        if d.is_none() {
            w.registry.as_of_text.clear();
        }
        if let Err(e) = w.registry.reload(&w.store) {
            messages.push((e.to_string(), true));
        }
    }
    if let Some(d) = w.registry.as_of {
        ui.colored_label(
            Color32::from_rgb(180, 110, 0),
            format!("正在查看 {d} 的状态（由台账重现，只读）"),
        );
    }
    let totals = w.view_stats().totals;
    posts_grid(ui, "county_posts", &totals);
}

fn account_name(reg: &RegistryState, a: Account) -> String {
    match a {
        Account::Org(o) => reg.org_name(o).to_string(),
        Account::Reserve => "县集中管理编制".to_string(),
        Account::Pool(p) => format!("周转编制池 {}", p.0),
        Account::Above => "上级核定".to_string(),
        Account::WrittenOff => "核销".to_string(),
    }
}

fn unit_detail(ui: &mut egui::Ui, w: &mut Workspace, org: OrgId) {
    let Some(stats) = w.view_stats().orgs.iter().find(|o| o.id == org.0).cloned() else {
        return;
    };
    ui.horizontal(|ui| {
        ui.heading(&stats.name);
        ui.label(stats.kind);
        if let Some(g) = &stats.grade {
            ui.label(g);
        }
        if let Some(p) = &stats.parent {
            ui.label(format!("主管部门：{p}"));
        }
        if let Some(c) = stats.township_class {
            ui.label(format!("{}类乡镇", if c == 1 { "一" } else { "二" }));
        }
    });
    ui.label(format!(
        "领导职数：正职 {} 名，副职 {} 名",
        stats.leaders.chief.approved, stats.leaders.deputy.approved
    ));
    // 空编置换 prompt: people of this unit on turnover posts while it has an ordinary
    // vacancy of their type.
    let swaps: Vec<&str> = w
        .turnover
        .swap_candidates()
        .filter(|h| OrgId(stats.id) == h.org)
        .map(|h| h.name.as_str())
        .collect();
    if !swaps.is_empty() {
        ui.colored_label(
            Color32::from_rgb(180, 110, 0),
            format!(
                "本单位已有同类空编，周转编制人员可转入空编（空编置换）：{}。请在“周转编制”中办理。",
                swaps.join("、")
            ),
        );
    }
    // Viewing a past date is read only.
    if w.can_write() {
        ui.horizontal_wrapped(|ui| {
            for kind in [
                ActionKind::Approve,
                ActionKind::Hire,
                ActionKind::Recover,
                ActionKind::Reduce,
                ActionKind::WriteOff,
            ] {
                if ui.button(format!("{}…", kind.title())).clicked() {
                    let mut f = ActionForm::new(kind, Some(org), None);
                    // Preselect the unit's first post type with a vacancy (or with posts).
                    let has = |t: &PostType| stats.posts.get(*t).vacancy > 0;
                    let any = |t: &PostType| stats.posts.get(*t).approved > 0;
                    if let Some(t) = PostType::ALL
                        .iter()
                        .find(|t| has(t))
                        .or_else(|| PostType::ALL.iter().find(|t| any(t)))
                    {
                        f.post_type = *t;
                    }
                    w.form = Some(f);
                }
            }
        });
    }
    posts_grid(ui, "unit_posts", &stats.posts);
    egui::CollapsingHeader::new(format!("编制台账（{} 条）", w.registry.history.len()))
        .id_salt("unit_history")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .max_height(180.0)
                .id_salt("history_scroll")
                .show(ui, |ui| {
                    egui::Grid::new("history").striped(true).show(ui, |ui| {
                        for h in [
                            "日期",
                            "文号",
                            "类型",
                            "编制类型",
                            "数量",
                            "调出",
                            "调入",
                            "事由",
                            "",
                        ] {
                            ui.strong(h);
                        }
                        ui.end_row();
                        for e in w.registry.history.iter().rev() {
                            let m = e.movement;
                            ui.label(e.date.to_string());
                            ui.label(&e.doc_no);
                            ui.label(e.kind.label());
                            ui.label(m.post_type.label());
                            ui.label(m.count.to_string());
                            ui.label(account_name(&w.registry, m.from));
                            ui.label(account_name(&w.registry, m.to));
                            // Long reasons are cut (the whole text on hover) so that the
                            // 撤销 button stays in view.
                            ui.add_sized([180.0, 18.0], egui::Label::new(&e.reason).truncate())
                                .on_hover_text(&e.reason);
                            if e.kind == EntryKind::Reversal {
                                ui.label(format!("撤销第 {} 号", e.reverses.map_or(0, |r| r.0)));
                            } else if w.registry.reversed.contains(&e.id) {
                                ui.label("已撤销");
                            } else if w.can_write()
                                && ui.small_button(format!("撤销 #{}", e.id.0)).clicked()
                            {
                                let mut f = ActionForm::new(ActionKind::Reverse, Some(org), None);
                                f.entry = Some(e.id);
                                w.form = Some(f);
                            }
                            ui.end_row();
                        }
                    });
                });
        });
}

fn people_table(ui: &mut egui::Ui, w: &mut Workspace, messages: &mut Vec<(String, bool)>) {
    let read_only = !w.can_write();
    let may_reveal = w.store.current_operator().can(Permission::RevealIds);
    let reg = &mut w.registry;
    let mut revealed = false;
    let mut changed = false;
    ui.horizontal(|ui| {
        let l = ui.label("查找人员：");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut reg.query)
                    .hint_text("姓名、拼音首字母（如 zs）或身份证号")
                    .desired_width(260.0),
            )
            .labelled_by(l.id);
        changed |= r.changed();
        changed |= ui.checkbox(&mut reg.include_left, "含已出编").changed();
        let r = ui
            .add_enabled(
                may_reveal,
                egui::Checkbox::new(&mut reg.reveal_ids, "显示完整身份证号"),
            )
            .on_disabled_hover_text("当前角色不能查看完整身份证号");
        revealed = r.changed() && reg.reveal_ids;
        ui.label(format!("共 {} 人", reg.people.visible.len()));
    });
    if changed {
        reg.refilter();
    }
    if revealed {
        // Every reveal is logged, with where it was.
        let unit = reg
            .selected_org
            .map(|id| super::org_name(&reg.orgs, id).to_string())
            .unwrap_or_else(|| "全县".to_string());
        // Not logged (the role forbids it, or the database refused): stay masked.
        if w.store.reveal_ids(&format!("机构与人员：{unit}")).is_err() {
            w.registry.reveal_ids = false;
        }
    }
    let reg = &mut w.registry;
    if let Some(pid) = reg.selected_person {
        let name = reg
            .people
            .rows
            .iter()
            .find(|r| r.id == pid)
            .map(|r| (r.name.clone(), r.post));
        if let Some((name, post)) = name {
            ui.horizontal(|ui| {
                ui.label(format!("已选：{name}"));
                if post.is_some() && !read_only {
                    // 退二补一 is offered to people on 差额 or 自收自支 posts.
                    let convertible = post.is_some_and(|(_, t)| {
                        matches!(
                            t,
                            PostType::Institution(Funding::Partial | Funding::SelfFunded)
                        )
                    });
                    for kind in [
                        ActionKind::Exit,
                        ActionKind::Transfer,
                        ActionKind::TransferWithPost,
                        ActionKind::Convert,
                    ] {
                        if kind == ActionKind::Convert && !convertible {
                            continue;
                        }
                        if ui.button(format!("{}…", kind.title())).clicked() {
                            let mut f = ActionForm::new(kind, reg.selected_org, Some(pid));
                            if let Some((org, t)) = post {
                                f.org = Some(org);
                                f.post_type = t;
                            }
                            w.form = Some(f);
                        }
                    }
                }
            });
        }
    }
    let mut sort_by = None;
    let mut clicked = None;
    let mut open_card = None;
    let row_height = 20.0;
    // Clicks on a cell's text select the row (text in the table is not selectable).
    ui.style_mut().interaction.selectable_labels = false;
    TableBuilder::new(ui)
        .id_salt("people")
        .striped(true)
        .sense(egui::Sense::click())
        .column(TableColumn::initial(90.0).resizable(true))
        .column(TableColumn::initial(52.0))
        .column(TableColumn::initial(80.0))
        .column(TableColumn::initial(160.0).resizable(true))
        .column(TableColumn::initial(180.0).resizable(true))
        .column(TableColumn::initial(140.0).resizable(true))
        .column(TableColumn::initial(90.0))
        .column(TableColumn::remainder())
        .header(22.0, |mut header| {
            for c in Column::ALL {
                header.col(|ui| {
                    let arrow = match reg.people.sort_state() {
                        Some((s, true)) if s == c => " ▲",
                        Some((s, false)) if s == c => " ▼",
                        _ => "",
                    };
                    if ui.button(format!("{}{arrow}", c.label())).clicked() {
                        sort_by = Some(c);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(row_height, reg.people.visible.len(), |mut row| {
                let r = &reg.people.rows[reg.people.visible[row.index()]];
                row.set_selected(reg.selected_person == Some(r.id));
                row.col(|ui| {
                    ui.label(&r.name);
                });
                row.col(|ui| {
                    ui.label(r.gender);
                });
                row.col(|ui| {
                    ui.label(&r.birth);
                });
                row.col(|ui| {
                    ui.label(if reg.reveal_ids {
                        &r.id_number
                    } else {
                        &r.id_masked
                    });
                });
                row.col(|ui| {
                    ui.label(&r.org_name);
                });
                row.col(|ui| {
                    ui.label(r.post_type);
                });
                row.col(|ui| {
                    ui.label(r.status);
                });
                row.col(|ui| {
                    ui.label(&r.joined_on);
                });
                let resp = row.response();
                if resp.clicked() {
                    clicked = Some(r.id);
                }
                if resp.double_clicked() {
                    open_card = Some(r.id);
                }
            });
        });
    if let Some(c) = sort_by {
        reg.people.sort_by(c);
    }
    if let Some(p) = clicked {
        reg.selected_person = Some(p);
    }
    if let Some(p) = open_card {
        match w.store.person_events(p) {
            Ok(ev) => w.registry.card = Some((p, ev)),
            Err(e) => messages.push((e.to_string(), true)),
        }
    }
}

fn person_card(ui: &mut egui::Ui, w: &mut Workspace) {
    let Some((pid, events)) = &w.registry.card else {
        return;
    };
    let pid = *pid;
    let Some(row) = w.registry.people.rows.iter().find(|r| r.id == pid) else {
        return;
    };
    let mut open = true;
    egui::Window::new(format!("人员信息：{}", row.name))
        .id(egui::Id::unique("person_card"))
        .open(&mut open)
        .collapsible(false)
        .default_width(520.0)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ui.ctx().content_rect().center())
        .show(ui.ctx(), |ui| {
            egui::Grid::new("card_grid").show(ui, |ui| {
                let id = if w.registry.reveal_ids {
                    &row.id_number
                } else {
                    &row.id_masked
                };
                for (k, v) in [
                    ("姓名", row.name.as_str()),
                    ("性别", row.gender),
                    ("出生年月", row.birth.as_str()),
                    ("身份证号", id.as_str()),
                    ("单位", row.org_name.as_str()),
                    ("编制类型", row.post_type),
                    ("状态", row.status),
                    ("入编时间", row.joined_on.as_str()),
                ] {
                    ui.strong(k);
                    ui.label(v);
                    ui.end_row();
                }
                if let Some(due) = w.registry.turnover.get(&row.id) {
                    ui.strong("周转编制");
                    ui.label(format!("到期 {due}（不占单位编制）"));
                    ui.end_row();
                }
            });
            ui.separator();
            ui.strong("变动记录");
            egui::Grid::new("card_events").striped(true).show(ui, |ui| {
                for h in ["日期", "变动", "文号", "单位", "编制类型", "原因"] {
                    ui.strong(h);
                }
                ui.end_row();
                for e in events {
                    ui.label(&e.date);
                    ui.label(e.kind);
                    ui.label(&e.doc_no);
                    ui.label(&e.org);
                    ui.label(e.post_type);
                    ui.label(&e.reason);
                    ui.end_row();
                }
            });
        });
    if !open {
        w.registry.card = None;
    }
}
