//! 机构与人员: the tree of units, a unit's posts, ledger history and people, the people
//! table (100,000 rows: virtual scrolling, sort, filter as you type) and the person card.

pub mod actions;
pub mod card;
pub mod conversion;
pub mod correct;
pub mod divisions;
pub mod leaders;
pub mod outside;
mod people;
pub mod people_index;
pub mod unit_history;

use crate::domain::{Account, Entry, EntryId, EntryKind, Org, OrgId, OrgKind, PersonId, PostType};
use crate::stats::{CountyStats, OrgStats};
use crate::store::turnover::Holder;
use crate::store::{Changes, Kinds, Result, Store};
use crate::ui::panel::{Commands, Cx, Nav, Panel};
use crate::ui::theme::{ERROR as RED, WARN};
use actions::{ActionForm, ActionKind};
use egui::RichText;
use people_index::{PeopleIndex, PersonRow};
use std::collections::{BTreeMap, HashMap, HashSet};

pub struct RegistryState {
    /// The unit tree's search (name, short name, pinyin initials).
    pub unit_query: String,
    pub orgs: Vec<Org>,
    pub selected_org: Option<OrgId>,
    pub people: PeopleIndex,
    pub query: String,
    pub include_left: bool,
    pub reveal_ids: bool,
    pub selected_person: Option<PersonId>,
    /// Ledger history of the selected unit, and which entries were reversed.
    pub history: Vec<Entry>,
    pub reversed: HashSet<EntryId>,
    /// The 退二补一 each entry of one belongs to (reversed whole, never entry by entry).
    pub conversions: HashMap<EntryId, crate::store::conversions::Conversion>,
    /// People on turnover posts, with the day their term ends.
    pub turnover: HashMap<PersonId, chrono::NaiveDate>,
    /// People on turnover posts whose unit now has an ordinary vacancy of their type
    /// (空编置换 possible).
    pub swaps: Vec<Holder>,
    /// Showing the county as of a past date (read only), with its figures.
    pub as_of: Option<chrono::NaiveDate>,
    pub past: Option<crate::stats::CountyStats>,
    pub as_of_text: String,
    /// The people list is to be rebuilt before it is next shown (a write changed many
    /// people, or units).
    pub people_stale: bool,
    /// The selected unit's internal divisions (内设机构) and their history.
    pub divisions: divisions::UnitDivisions,
    /// The selected unit's leadership positions and appointments.
    pub leaders: leaders::UnitLeaders,
    /// The selected unit's 编外人员 and control number.
    pub outside: outside::UnitOutside,
    /// The selected unit's record and history (机构沿革).
    pub unit: unit_history::UnitInfo,
}

impl RegistryState {
    pub fn load(store: &Store) -> Result<RegistryState> {
        let mut s = RegistryState {
            unit_query: String::new(),
            orgs: Vec::new(),
            selected_org: None,
            people: PeopleIndex::default(),
            query: String::new(),
            include_left: false,
            reveal_ids: false,
            selected_person: None,
            history: Vec::new(),
            reversed: HashSet::new(),
            conversions: HashMap::new(),
            turnover: HashMap::new(),
            swaps: Vec::new(),
            as_of: None,
            past: None,
            as_of_text: String::new(),
            people_stale: false,
            divisions: divisions::UnitDivisions::default(),
            leaders: leaders::UnitLeaders::default(),
            outside: outside::UnitOutside::default(),
            unit: unit_history::UnitInfo::default(),
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
        if k.intersects(Kinds::LEDGER | Kinds::PEOPLE | Kinds::TURNOVER) {
            self.load_holders(store)?;
        }
        if k.intersects(Kinds::UNITS | Kinds::PEOPLE) {
            self.divisions = divisions::UnitDivisions::load(store, self.selected_org)?;
            self.leaders = leaders::UnitLeaders::load(store, self.selected_org)?;
            self.outside = outside::UnitOutside::load(store, self.selected_org)?;
            self.unit = unit_history::UnitInfo::load(store, self.selected_org)?;
        }
        if !k.intersects(Kinds::PEOPLE) {
            return Ok(());
        }
        match &changes.people {
            Some(ids) if self.as_of.is_none() && !self.people_stale => {
                let names: HashMap<OrgId, String> =
                    self.orgs.iter().map(|o| (o.id, o.name.clone())).collect();
                let mut rows = Vec::with_capacity(ids.len());
                for &id in ids {
                    let mut row = PersonRow::new(&store.person(id)?, &names);
                    if self.turnover.contains_key(&id) {
                        row.status = "在编（周转）";
                    }
                    rows.push(row);
                }
                self.people.upsert(&rows);
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
        self.load_holders(store)?;
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
        self.load_history(store)
    }

    /// The people on turnover posts (marked in the table) and those of them who could move
    /// onto an ordinary vacancy of their unit (空编置换), from one read.
    fn load_holders(&mut self, store: &Store) -> Result<()> {
        let holders = store.turnover_holders()?;
        self.turnover = holders.iter().map(|h| (h.person, h.due_on)).collect();
        self.swaps = holders;
        self.swaps.retain(|h| h.ordinary_vacancy > 0);
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
        self.divisions = divisions::UnitDivisions::load(store, self.selected_org)?;
        self.leaders = leaders::UnitLeaders::load(store, self.selected_org)?;
        self.outside = outside::UnitOutside::load(store, self.selected_org)?;
        self.unit = unit_history::UnitInfo::load(store, self.selected_org)?;
        self.reversed = store.reversed_ids()?.into_iter().collect();
        self.conversions = store
            .conversions(None)?
            .into_iter()
            .flat_map(|c| {
                c.second_entry
                    .into_iter()
                    .chain([c.write_off_entry])
                    .map(move |e| (e, c.clone()))
            })
            .collect();
        Ok(())
    }

    pub fn select_org(&mut self, store: &Store, org: Option<OrgId>) -> Result<()> {
        self.selected_org = org;
        self.selected_person = None;
        self.refilter();
        self.load_history(store)
    }

    /// The figures shown: the county now, or as of the date being viewed.
    fn view_stats<'a>(&'a self, cx: &'a Cx) -> &'a CountyStats {
        self.past.as_ref().unwrap_or(cx.stats)
    }

    /// Whether the clerk may change staffing here: never while viewing a past date.
    fn can_write(&self, cx: &Cx) -> bool {
        self.as_of.is_none() && cx.can_write
    }
}

impl Panel for RegistryState {
    fn nav(&self) -> Nav {
        Nav::Registry
    }

    fn reads(&self) -> Kinds {
        Kinds::UNITS | Kinds::PEOPLE | Kinds::LEDGER | Kinds::TURNOVER
    }

    fn reload(&mut self, store: &Store) -> Result<()> {
        RegistryState::reload(self, store)
    }

    /// Follows a write row by row where it can; the people list is rebuilt when next shown
    /// otherwise.
    fn follow(&mut self, store: &Store, changes: &Changes) -> Result<bool> {
        self.apply(store, changes)?;
        Ok(self.people_stale)
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
        show(self, ui, cx, out);
    }
}

fn show(reg: &mut RegistryState, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
    let mut select: Option<Option<OrgId>> = None;
    egui::Panel::left("org_tree")
        .resizable(true)
        .show_separator_line(true)
        .default_size(300.0)
        .size_range(160.0..=600.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                let l = ui.label("查找单位：");
                ui.add(
                    egui::TextEdit::singleline(&mut reg.unit_query)
                        .hint_text("名称、简称或拼音首字母")
                        .desired_width(180.0),
                )
                .labelled_by(l.id);
            });
            if ui
                .selectable_label(reg.selected_org.is_none(), "全县（全部单位）")
                .clicked()
            {
                select = Some(None);
            }
            egui::ScrollArea::vertical().show(ui, |ui| {
                org_tree(ui, &reg.view_stats(cx).orgs, reg, &mut select);
            });
        });
    if let Some(org) = select
        && let Err(e) = reg.select_org(cx.store, org)
    {
        out.error(e);
    }

    // The unit's page scrolls in the upper half, so that its sections (ledger, history,
    // leaders, divisions, 编外人员) never push the people table off a 1366×768 screen.
    egui::ScrollArea::vertical()
        .id_salt("unit_page")
        .max_height(ui.available_height() * 0.5)
        .auto_shrink([false, true])
        .show(ui, |ui| match reg.selected_org {
            Some(org) => unit_detail(ui, reg, cx, out, org),
            None => county_header(ui, reg, cx, out),
        });
    ui.separator();
    people::people_table(ui, reg, cx, out);
}

/// Units grouped by kind, and institutions by supervising department.
fn org_tree(
    ui: &mut egui::Ui,
    stats: &[OrgStats],
    reg: &RegistryState,
    select: &mut Option<Option<OrgId>>,
) {
    let query = reg.unit_query.trim();
    // While searching, every group with a match is open.
    let open = (!query.is_empty()).then_some(true);
    let mut found = 0;
    let matches =
        |o: &&OrgStats| people_index::unit_matches(&o.name, o.short_name.as_deref(), query);
    for kind in OrgKind::ALL {
        let in_kind: Vec<&OrgStats> = stats
            .iter()
            .filter(|o| o.kind == kind.label() && o.abolished_on.is_none())
            .filter(matches)
            .collect();
        if in_kind.is_empty() {
            continue;
        }
        found += in_kind.len();
        egui::CollapsingHeader::new(format!("{}（{}）", kind.label(), in_kind.len()))
            .default_open(kind != OrgKind::Institution)
            .open(open)
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
                            .open(open)
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
    // Abolished units stay browsable and searchable, apart.
    let gone: Vec<&OrgStats> = stats
        .iter()
        .filter(|o| o.abolished_on.is_some())
        .filter(matches)
        .collect();
    if !gone.is_empty() {
        found += gone.len();
        egui::CollapsingHeader::new(format!("已撤销单位（{}）", gone.len()))
            .default_open(false)
            .open(open)
            .show(ui, |ui| {
                for o in gone {
                    let selected = reg.selected_org.map(|s| s.0) == Some(o.id);
                    let text = format!(
                        "{}（{} 撤销）",
                        o.name,
                        o.abolished_on.as_deref().unwrap_or("")
                    );
                    if ui
                        .selectable_label(selected, RichText::new(text).weak())
                        .clicked()
                    {
                        *select = Some(Some(OrgId(o.id)));
                    }
                }
            });
    }
    if found == 0 && !query.is_empty() {
        ui.weak(format!("没有找到“{query}”"));
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
    // 编外人员 over the control number is flagged like 超编.
    let flags: Vec<&str> = [
        (o.over_quota, "超编"),
        (o.outside.over() > 0, "编外超控制数"),
    ]
    .into_iter()
    .filter_map(|(on, flag)| on.then_some(flag))
    .collect();
    let text = if flags.is_empty() {
        RichText::new(text)
    } else {
        RichText::new(format!("{text} {}", flags.join(" "))).color(RED)
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

fn county_header(ui: &mut egui::Ui, reg: &mut RegistryState, cx: &Cx, out: &mut Commands) {
    let mut view: Option<Option<chrono::NaiveDate>> = None;
    ui.horizontal_wrapped(|ui| {
        ui.heading("全县");
        ui.label(format!("截至 {}", reg.view_stats(cx).as_of));
        if reg.can_write(cx) && ui.button("新增单位…").clicked() {
            out.open(ActionForm::new(ActionKind::NewOrg, None, None));
        }
        ui.separator();
        let l = ui.label("查看历史日期");
        ui.add(
            egui::TextEdit::singleline(&mut reg.as_of_text)
                .hint_text("如 2023-12-31")
                .desired_width(100.0),
        )
        .labelled_by(l.id);
        if ui.button("查看").clicked() {
            match crate::ui::widgets::parse_date(&reg.as_of_text) {
                Ok(d) => view = Some(Some(d)),
                Err(e) => out.error(e),
            }
        }
        if reg.as_of.is_some() && ui.button("回到今天").clicked() {
            view = Some(None);
        }
    });
    if let Some(d) = view {
        reg.as_of = d;
        if d.is_none() {
            reg.as_of_text.clear();
        }
        if let Err(e) = reg.reload(cx.store) {
            out.error(e);
        }
    }
    if let Some(d) = reg.as_of {
        ui.colored_label(WARN, format!("正在查看 {d} 的状态（由台账重现，只读）"));
    }
    let totals = reg.view_stats(cx).totals;
    posts_grid(ui, "county_posts", &totals);
}

fn account_name(orgs: &[Org], a: Account) -> String {
    match a {
        Account::Org(o) => crate::ui::panel::org_name(orgs, o).to_string(),
        Account::Reserve => "县集中管理编制".to_string(),
        Account::Pool(p) => format!("周转编制池 {}", p.0),
        Account::Above => "上级核定".to_string(),
        Account::WrittenOff => "核销".to_string(),
    }
}

fn unit_detail(
    ui: &mut egui::Ui,
    reg: &mut RegistryState,
    cx: &Cx,
    out: &mut Commands,
    org: OrgId,
) {
    // An abolished unit is shown for reference only.
    let can_write = reg.can_write(cx) && !reg.unit.abolished();
    let Some(stats) = reg.view_stats(cx).orgs.iter().find(|o| o.id == org.0) else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
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
    let swaps: Vec<&str> = reg
        .swaps
        .iter()
        .filter(|h| OrgId(stats.id) == h.org)
        .map(|h| h.name.as_str())
        .collect();
    if !swaps.is_empty() {
        ui.colored_label(
            WARN,
            format!(
                "本单位已有同类空编，周转编制人员可转入空编（空编置换）：{}。请在“周转编制”中办理。",
                swaps.join("、")
            ),
        );
    }
    // Viewing a past date is read only.
    if can_write {
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
                    out.open(f);
                }
            }
        });
    }
    posts_grid(ui, "unit_posts", &stats.posts);
    egui::CollapsingHeader::new(format!("编制台账（{} 条）", reg.history.len()))
        .id_salt("unit_history")
        .show(ui, |ui| {
            egui::ScrollArea::both()
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
                        for e in reg.history.iter().rev() {
                            let m = e.movement;
                            ui.label(e.date.to_string());
                            ui.label(&e.doc_no);
                            ui.label(e.kind.label());
                            ui.label(m.post_type.label());
                            ui.label(m.count.to_string());
                            ui.label(account_name(cx.orgs, m.from));
                            ui.label(account_name(cx.orgs, m.to));
                            // Long reasons are cut (the whole text on hover) so that the
                            // 撤销 button stays in view.
                            ui.add_sized([180.0, 18.0], egui::Label::new(&e.reason).truncate())
                                .on_hover_text(&e.reason);
                            if e.kind == EntryKind::Reversal {
                                ui.label(format!("撤销第 {} 号", e.reverses.map_or(0, |r| r.0)));
                            } else if reg.reversed.contains(&e.id) {
                                ui.label("已撤销");
                            } else if let Some(c) = reg.conversions.get(&e.id) {
                                if can_write
                                    && ui
                                        .small_button(format!("撤销退二补一 #{}", c.id))
                                        .on_hover_text("整体撤销：人员回到原编制，全部记录一并撤销")
                                        .clicked()
                                {
                                    out.open(conversion::ConversionReversal::new(c.clone()));
                                }
                            } else if can_write
                                && ui.small_button(format!("撤销 #{}", e.id.0)).clicked()
                            {
                                let mut f = ActionForm::new(ActionKind::Reverse, Some(org), None);
                                f.entry = Some(e.id);
                                out.open(f);
                            }
                            ui.end_row();
                        }
                    });
                });
        });
    // The ledger's 退二补一 next to the ledger; then the unit's records.
    conversions(ui, reg, org);
    unit_history::section(ui, reg, org, out, can_write);
    leaders::section(ui, reg, org, out, can_write);
    divisions::section(ui, reg, org, out, can_write);
    outside::section(ui, reg, org, out, can_write);
}

/// The unit's 退二补一: who moved, from which post, the departures each rests on.
fn conversions(ui: &mut egui::Ui, reg: &RegistryState, org: OrgId) {
    // Each conversion is in the map once per entry: list it once.
    let mut list: Vec<&crate::store::conversions::Conversion> = reg
        .conversions
        .iter()
        .filter(|(e, c)| c.org == org && **e == c.write_off_entry)
        .map(|(_, c)| c)
        .collect();
    if list.is_empty() {
        return;
    }
    list.sort_by_key(|c| (c.date, c.id));
    egui::CollapsingHeader::new(format!("退二补一（{} 次）", list.len()))
        .id_salt("unit_conversions")
        .show(ui, |ui| {
            egui::Grid::new("conversions").striped(true).show(ui, |ui| {
                for h in ["编号", "日期", "文号", "人员", "原编制", "空出人员", "状态"]
                {
                    ui.strong(h);
                }
                ui.end_row();
                for c in list {
                    ui.label(c.id.to_string());
                    ui.label(c.date.to_string());
                    ui.label(&c.doc_no);
                    ui.label(&c.name);
                    ui.label(c.from.label());
                    ui.label(c.departures_label());
                    ui.label(if c.reversed { "已撤销" } else { "有效" });
                    ui.end_row();
                }
            });
        });
}
