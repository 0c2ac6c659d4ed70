//! What a panel is: the [`Panel`] trait the shell loops over, the read-only [`Cx`] a panel
//! draws from, and the [`Command`]s it emits instead of acting (the shell runs them after
//! the frame is drawn: see `shell.rs`); and what a dialog's content is, a [`Form`] (the
//! modal frame around it is `dialog.rs`).
//!
//! A panel never sees another panel's state, and cannot write while drawing: it holds the
//! store as `&Store`, and every store operation that writes takes `&mut Store`.

use crate::domain::{Org, OrgId, Permission};
use crate::stats::CountyStats;
use crate::store::{Changes, Kinds, Store};

/// The navigation list on the left: one entry per panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Nav {
    Overview,
    Registry,
    Township,
    Turnover,
    Applications,
    Evaluation,
    Reconcile,
    Documents,
    ImportExport,
    Audit,
    Settings,
}

impl Nav {
    pub const ALL: [Nav; 11] = [
        Nav::Overview,
        Nav::Registry,
        Nav::Township,
        Nav::Turnover,
        Nav::Applications,
        Nav::Evaluation,
        Nav::Reconcile,
        Nav::Documents,
        Nav::ImportExport,
        Nav::Audit,
        Nav::Settings,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Nav::Overview => "总览",
            Nav::Registry => "机构与人员",
            Nav::Township => "乡镇编制",
            Nav::Turnover => "周转编制",
            Nav::Applications => "编制事项",
            Nav::Evaluation => "评估",
            Nav::Reconcile => "核查与退休",
            Nav::Documents => "文件库",
            Nav::ImportExport => "导入导出",
            Nav::Audit => "操作日志",
            Nav::Settings => "设置",
        }
    }
}

/// What every panel may read while drawing.
pub struct Cx<'a> {
    /// Read only: a write while drawing does not compile.
    pub store: &'a Store,
    /// The county's figures now.
    pub stats: &'a CountyStats,
    /// Every unit (from the figures' sources).
    pub orgs: &'a [Org],
    /// The unit chosen in 机构与人员: the default unit of a new dialog, the unit of a 管理证.
    pub selected_org: Option<OrgId>,
    /// Whether the signed-in operator's role may change staffing (查看 may not).
    pub can_write: bool,
}

impl Cx<'_> {
    /// Whether the signed-in operator's role allows `p`.
    pub fn can(&self, p: Permission) -> bool {
        self.store.current_operator().can(p)
    }

    /// A unit's name (the one unit-name helper).
    pub fn org_name(&self, id: OrgId) -> &str {
        org_name(self.orgs, id)
    }
}

/// A unit's name for lists and messages; `（未知单位）` for an id no unit has.
pub fn org_name(orgs: &[Org], id: OrgId) -> &str {
    orgs.iter()
        .find(|o| o.id == id)
        .map_or("（未知单位）", |o| o.name.as_str())
}

/// A write: named store operations (each its own transaction), run by the shell after the
/// frame. Ok is the notice to show (none for a write that speaks for itself), Err the error.
pub type Write = Box<dyn FnOnce(&mut Store) -> Result<Option<String>, String>>;

/// A notice to issue (or find, when issued before) with the store.
pub type NoticeIssue =
    Box<dyn FnOnce(&mut Store) -> Result<crate::store::notices::IssuedNotice, String>>;

/// What a panel or a dialog asks the shell to do, after drawing.
pub enum Command {
    /// Show another panel.
    Goto(Nav),
    /// Choose a unit in 机构与人员 (None: the whole county) and show it there when `show`.
    SelectUnit { org: Option<OrgId>, show: bool },
    /// Choose an item (an application, …) in a panel, by its id.
    Select { nav: Nav, id: i64 },
    /// Open a modal dialog.
    Open(Box<dyn Form>),
    /// Export a report (on another thread, shown in the status bar).
    Export {
        report: crate::export::reports::Report,
        year: Option<i32>,
        org: Option<OrgId>,
    },
    /// Issue (or print again) a numbered notice, then save it where the clerk says.
    Notice(NoticeIssue),
    /// Import a township's roster as its March filing: the import panel, aimed at it.
    ImportForFiling(FilingTarget),
    /// Work on another thread (an export, an import's reading or writing), shown in the
    /// status bar with its progress and 取消 (`progress` is shared with whoever shows it).
    Task {
        title: String,
        progress: std::sync::Arc<crate::import::Progress>,
        work: super::jobs::Task,
    },
    /// Something was written on another connection (an import): follow what it changed.
    Imported(Changes),
    /// A notice for the clerk (text, is error).
    Notify(String, bool),
    /// Change the database.
    Write(Write),
    /// Put the demo county's database aside (renamed, kept) and start an empty one in its
    /// place, for the county's own files.
    ReplaceDemo,
    /// Work on another database: a server, or the file on this PC (设置 → 数据库).
    SwitchDatabase,
}

/// Where a frame's commands collect.
#[derive(Default)]
pub struct Commands(Vec<Command>);

impl Commands {
    pub fn push(&mut self, c: Command) {
        self.0.push(c);
    }

    pub fn goto(&mut self, nav: Nav) {
        self.push(Command::Goto(nav));
    }

    pub fn open(&mut self, form: impl Form + 'static) {
        self.push(Command::Open(Box::new(form)));
    }

    pub fn notify(&mut self, text: impl Into<String>, error: bool) {
        self.push(Command::Notify(text.into(), error));
    }

    /// An error as a notice.
    pub fn error(&mut self, text: impl std::fmt::Display) {
        self.notify(text.to_string(), true);
    }

    /// A write to run after the frame.
    pub fn write(
        &mut self,
        op: impl FnOnce(&mut Store) -> Result<Option<String>, String> + 'static,
    ) {
        self.push(Command::Write(Box::new(op)));
    }

    /// Starts `work` on another thread; its outcome becomes a notice (see [`Command::Task`]).
    pub fn start(
        &mut self,
        title: impl Into<String>,
        work: impl FnOnce(&crate::import::Progress) -> super::jobs::Outcome + Send + 'static,
    ) {
        self.push(Command::Task {
            title: title.into(),
            progress: Default::default(),
            work: Box::new(move |p| super::jobs::Finished::Notice(work(p))),
        });
    }

    pub fn extend(&mut self, other: Commands) {
        self.0.extend(other.0);
    }

    pub fn take(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.0)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A panel of the window: it keeps its own state, loaded from the store, and reloads it
/// when a write changed what it reads.
pub trait Panel {
    fn nav(&self) -> Nav;

    /// What the panel's state is loaded from: after a write that changed any of it, the
    /// panel is reloaded (at once if on screen, otherwise when next shown).
    fn reads(&self) -> Kinds;

    fn reload(&mut self, store: &Store) -> crate::store::Result<()>;

    /// Follows a write that changed what it reads. By default the panel is reloaded; a
    /// panel may follow more cheaply (the registry updates only the people who changed).
    /// Returns whether it still needs a reload.
    fn follow(&mut self, _store: &Store, changes: &Changes) -> crate::store::Result<bool> {
        Ok(self.reads().intersects(changes.kinds))
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands);

    /// Chooses the item `id` of the panel (see [`Command::Select`]); most panels have none.
    fn select(&mut self, _store: &Store, _id: i64) -> crate::store::Result<()> {
        Ok(())
    }
}

/// The township and year whose March filing a roster import registers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilingTarget {
    pub org: OrgId,
    pub name: String,
    pub year: i32,
}

/// What a submitted form did: the notice, and what the shell should do next.
pub struct Done {
    pub message: String,
    pub then: Commands,
}

impl From<String> for Done {
    fn from(message: String) -> Done {
        Done {
            message,
            then: Commands::default(),
        }
    }
}

/// A dialog's content.
pub trait Form {
    fn title(&self) -> String;

    /// Reads what the form shows, once, when it opens (drawing it then reads nothing).
    fn load(&mut self, _store: &Store) {}

    /// The fields (in a two-column grid unless [`Form::grid`] says otherwise). A form may
    /// emit commands (open an import, go to a unit) and close itself through [`Closer`].
    fn fields(&mut self, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands, close: &mut Closer);

    /// Writes what the form says, as named store operations. Err: a Chinese message that
    /// says what is wrong, shown in the dialog, which stays open.
    fn submit(&mut self, store: &mut Store) -> Result<Done, String>;

    /// The label of the button that submits (确定, 确认记入台账 …).
    fn confirm_label(&self) -> &str {
        "确定"
    }

    /// Whether the form can be submitted as it stands (an empty preview cannot).
    fn ready(&self) -> bool {
        true
    }

    /// How wide the dialog may grow (points): a form of a few fields stays narrow, a table
    /// (a preview, a card, the indicator editor) takes more. The window's 90 % at most.
    fn max_width(&self) -> f32 {
        560.0
    }

    /// Whether the fields are laid out in a two-column grid.
    fn grid(&self) -> bool {
        true
    }

    /// Whether the form only shows (a card): no 确定, 取消 reads 关闭.
    fn read_only(&self) -> bool {
        false
    }

    /// What the form shows that another clerk's write could change, as text, compared
    /// before and after such a write: the dialog says its data changed only when it did.
    /// `None` (the default): any write of theirs may matter.
    fn watched(&self, _cx: &Cx) -> Option<String> {
        None
    }

    /// For tests and the shell: the form as `Any`, to look at a particular form's state.
    fn as_any(&self) -> &dyn std::any::Any;
}

/// Lets a form close its dialog from its fields (a button that hands over to another step).
#[derive(Default)]
pub struct Closer(bool);

impl Closer {
    pub fn close(&mut self) {
        self.0 = true;
    }

    pub fn closed(&self) -> bool {
        self.0
    }
}
