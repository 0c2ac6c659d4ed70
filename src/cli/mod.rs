//! The command line. Its names, flags, JSON fields and exit codes are a contract that
//! scripts rely on: keep them stable.
//!
//! Exit codes: 0 success; 1 a check failed or an action was refused; 2 bad input (a file
//! that cannot be read, a database that cannot be opened).

mod documents;
mod reconcile;

use crate::import::{self, ImportKind, ImportPlan, Progress, Settings};
use crate::stats::CountyStats;
use crate::store::{Store, default_db_path};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "bianzhi",
    version,
    about = "编制通：县机构编制实名制台账",
    long_about = "编制通：县机构编制实名制台账。不带子命令时打开图形界面。"
)]
pub struct Cli {
    /// 数据库文件（默认在用户数据目录：Windows 为 %APPDATA%\bianzhi\bianzhi.db）
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// 经办人（记录在每条台账中；默认取系统用户名）
    #[arg(long, global = true, value_name = "NAME")]
    pub operator: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 全县编制统计（由台账推导）
    Stats {
        /// 输出 JSON
        #[arg(long)]
        json: bool,
        /// 统计截至某日（YYYY-MM-DD），按台账重现当日状态
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
    },
    /// 校验全部不变量；全部成立时输出 ok
    Check,
    /// 在空数据库中生成示范县数据
    Demo,
    /// 导入机构编制情况表（新增或更新单位，核定编制记入台账）
    ImportOrgs {
        #[command(flatten)]
        args: ImportArgs,
        /// 核定编制的文号（表中各行自带的文号优先）
        #[arg(long, value_name = "文号")]
        doc_no: Option<String>,
    },
    /// 导入实名制花名册（人员登记到所在单位的编制上）
    Import {
        #[command(flatten)]
        args: ImportArgs,
        /// 把被拒绝的行（附问题说明）写入此 xlsx 文件，改正后可重新导入
        #[arg(long, value_name = "OUT.xlsx")]
        problems_out: Option<PathBuf>,
    },
    /// 立即备份数据库（备份在数据库旁的 backups 文件夹）；--list 列出已有备份
    Backup {
        /// 列出备份（新的在前）
        #[arg(long)]
        list: bool,
    },
    /// 从备份恢复（先自动备份当前数据）；FILE 为备份文件，或用 --latest 取最新的备份
    Restore {
        file: Option<PathBuf>,
        #[arg(long)]
        latest: bool,
    },
    /// 重设操作员的密码（忘记密码时由本机管理员使用）；新密码从标准输入读取一行
    Password {
        /// 操作员姓名
        name: String,
    },
    /// 复制整个县的数据（单位、人员、台账、全部历史与操作日志）到新的数据库：
    /// 本机文件 → 数据库服务器（postgres://用户名@主机/数据库），或反过来（笔记本、存档、服务器备份）。
    /// 目标须是新文件或空数据库；复制后校验通过且统计与原库一致才保留
    Copy {
        /// 复制自：数据库文件或服务器地址
        #[arg(long, value_name = "FILE.db|postgres://…")]
        from: String,
        /// 复制到：新的数据库文件，或服务器上空的数据库
        #[arg(long, value_name = "FILE.db|postgres://…")]
        to: String,
        /// 输出 JSON
        #[arg(long)]
        json: bool,
    },
    /// 查看一个人员的全部信息（所在单位、编制、各字段及信息更正记录）
    Person {
        /// 身份证号
        id_number: String,
        /// 输出 JSON（字段名同导入的字段代码：name、birth、joined_on……）
        #[arg(long)]
        json: bool,
    },
    /// 信息更正：改正人员的字段（不是编制变动，不记台账），例如
    /// bianzhi correct 身份证号 name=张叁 birth=1985-03 --reason "录入错误"；
    /// id_number=新号码 改正身份证号
    Correct {
        /// 身份证号
        id_number: String,
        /// 字段=新值（字段代码同导入：name gender ethnicity birth party education position
        /// joined_on join_doc id_number，及 division 等模板字段；新值为空则清空）
        #[arg(value_name = "FIELD=VALUE", required = true)]
        changes: Vec<String>,
        /// 更正的理由（必填）
        #[arg(long)]
        reason: String,
        /// 输出 JSON
        #[arg(long)]
        json: bool,
    },
    /// 核查：把其他部门的名单（财政工资统发、人社在编、人社退休审批、组织部干部任免）与在册人员比对，
    /// 记录一个核查批次（--dry-run 只比对不记录）
    Reconcile {
        /// 名单 Excel 文件
        #[arg(value_name = "LIST.xlsx")]
        file: PathBuf,
        /// 名单来源：payroll 工资统发, hr 人社在编, retirement 退休审批, appointments 干部任免
        #[arg(long, value_name = "payroll|hr|retirement|appointments")]
        source: String,
        /// 只比对并报告，不记录核查批次
        #[arg(long)]
        dry_run: bool,
        /// 列对应 JSON 文件（{"columns": {"列标题": "字段", "不读的列": null}}；字段：name
        /// id_number unit post_type funding position level action date doc_no）
        #[arg(long, value_name = "FILE.json")]
        mapping: Option<PathBuf>,
        /// 身份证号完整显示（默认隐去中间数字）
        #[arg(long)]
        full_ids: bool,
        /// 输出 JSON
        #[arg(long)]
        json: bool,
    },
    /// 退休预测：今后 N 年内到法定退休年龄的在编人员（2025 年起渐进式延迟退休）
    Retirements {
        /// 年数（含今年）
        #[arg(long, default_value_t = 5)]
        years: i32,
        /// 身份证号完整显示（默认隐去中间数字）
        #[arg(long)]
        full_ids: bool,
        /// 输出 JSON
        #[arg(long)]
        json: bool,
    },
    /// 文件库：列出文件（每个文号一件），可按文号、标题、发文机关、年度或类别查找
    Docs {
        /// 查找的文字
        #[arg(long)]
        search: Option<String>,
        /// 输出 JSON
        #[arg(long)]
        json: bool,
    },
    /// 给文件（按文号）添加附件：PDF、图片、Office 文件；文件按内容保存，不会被修改或删除
    Attach {
        /// 文号
        doc_no: String,
        /// 附件文件
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
        /// 输出 JSON
        #[arg(long)]
        json: bool,
    },
    /// 重新打印已出具的通知单（编号、日期和内容与出具时相同；出具由相应的办理动作完成）
    Notice {
        /// 通知单编号，如 编用〔2026〕3号
        number: String,
        /// 输出的 xlsx 文件
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        /// 输出 JSON
        #[arg(long)]
        json: bool,
    },
    /// 导出报表：roster 花名册, orgs 机构编制情况表, township 乡镇编制分配表,
    /// turnover 周转编制台账, applications 编制事项统计, evaluations 评估结果汇总,
    /// annual 统计年报（--year）, unit 管理证（--org）, findings 核查问题台账,
    /// rectification-notice 整改通知书（--org）, retirements 退休预测（--year 起五年）
    Export {
        /// 报表名
        report: String,
        /// 输出的 xlsx 文件
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        /// 年度（统计年报为当年 12 月 31 日的状态）
        #[arg(long)]
        year: Option<i32>,
        /// 单位全称（花名册只导出该单位；管理证必填）
        #[arg(long)]
        org: Option<String>,
        /// 机构类别（花名册只导出该类单位，如 乡镇街道、事业单位）
        #[arg(long)]
        kind: Option<String>,
        /// 身份证号完整显示（默认隐去中间数字）
        #[arg(long)]
        full_ids: bool,
        /// 制表单位
        #[arg(long, default_value = "")]
        made_by: String,
        /// 花名册的列，按此顺序（字段代码，逗号分隔，如 name,gender,ethnicity,education,unit；
        /// 代码同 person --json）；默认为标准花名册的列
        #[arg(long, value_name = "CODES")]
        columns: Option<String>,
        /// 输出 JSON 摘要（行数与合计）
        #[arg(long)]
        json: bool,
    },
}

/// Arguments shared by the two import commands.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Excel 文件（.xlsx .xlsm .xls .xlsb .ods）
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// 只检查并报告，不写入数据库
    #[arg(long)]
    pub dry_run: bool,
    /// 输出 JSON
    #[arg(long)]
    pub json: bool,
    /// 设置文件（默认为数据目录中的 settings.json），可扩充表头别名
    #[arg(long, value_name = "PATH")]
    pub settings: Option<PathBuf>,
    /// 生效日期：机构编制情况表为核定编制的生效日期（表中各行的核定日期优先，默认今天）；
    /// 花名册为人员的登记日期（默认取入编时间与所在单位核定编制日期中较晚者）
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
    /// 强制列对应：JSON 文件（{"columns": {"列标题": "字段", "不读的列": null}}），
    /// 或数据库中已保存的列对应方案的名称
    #[arg(long, value_name = "FILE.json|名称")]
    pub mapping: Option<String>,
}

impl Cli {
    pub fn db_path(&self) -> PathBuf {
        self.db.clone().unwrap_or_else(default_db_path)
    }
}

pub(crate) fn open(cli: &Cli) -> Result<Store, ExitCode> {
    let path = cli.db_path();
    match Store::open(&path) {
        Ok(mut s) => {
            if s.server().is_some() {
                sign_in_on_server(&mut s, cli)?;
            } else if let Some(op) = &cli.operator {
                // On a file the command line runs as the machine's user (who can open the
                // file anyway), under the name `--operator` gives.
                s.set_operator(op.clone());
            }
            Ok(s)
        }
        Err(e) => {
            // The address as typed may hold a password: the message shows it without.
            eprintln!(
                "无法打开数据库“{}”：{e}",
                crate::store::server::without_password(&path.to_string_lossy())
            );
            Err(ExitCode::from(2))
        }
    }
}

/// On a server the command line signs in as a clerk does, with the role the county gave
/// that operator: `--operator NAME`, the password from `BIANZHI_PASSWORD` or else the
/// first line of standard input. On a county with no operator yet, this first sign-in
/// creates the administrator, as the window's first start does.
fn sign_in_on_server(store: &mut Store, cli: &Cli) -> Result<(), ExitCode> {
    let refuse = |message: String| {
        eprintln!("{message}");
        ExitCode::from(2)
    };
    let Some(name) = cli
        .operator
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    else {
        return Err(refuse(
            "数据库在服务器上：请用 --operator 给出操作员姓名，密码放在环境变量 \
             BIANZHI_PASSWORD 中或从标准输入给出"
                .into(),
        ));
    };
    let password = match std::env::var("BIANZHI_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            let mut line = String::new();
            if std::io::stdin().read_line(&mut line).is_err() || line.trim().is_empty() {
                return Err(refuse(format!(
                    "请给出操作员“{name}”的密码（环境变量 BIANZHI_PASSWORD，或标准输入的第一行）"
                )));
            }
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let signed_in = match store.has_operators() {
        Ok(false) => store.create_first_admin(name, &password),
        Ok(true) => store.sign_in(name, &password),
        Err(e) => Err(e),
    };
    signed_in
        .map(|_| ())
        .map_err(|e| refuse(format!("登录失败：{e}")))
}

/// Runs a subcommand; `None` means no subcommand was given (the caller opens the GUI).
pub fn run(cli: &Cli) -> Option<ExitCode> {
    let cmd = cli.command.as_ref()?;
    match cmd {
        Command::ImportOrgs { args, doc_no } => {
            return Some(import_cmd(
                cli,
                args,
                ImportKind::Orgs,
                doc_no.as_deref(),
                None,
            ));
        }
        Command::Import { args, problems_out } => {
            return Some(import_cmd(
                cli,
                args,
                ImportKind::Roster,
                None,
                problems_out.as_deref(),
            ));
        }
        Command::Copy { from, to, json } => return Some(copy_cmd(cli, from, to, *json)),
        Command::Reconcile {
            file,
            source,
            dry_run,
            mapping,
            full_ids,
            json,
        } => {
            return Some(reconcile::reconcile_cmd(
                cli,
                file,
                source,
                *dry_run,
                mapping.as_deref(),
                *full_ids,
                *json,
            ));
        }
        _ => {}
    }
    let mut store = match open(cli) {
        Ok(s) => s,
        Err(code) => return Some(code),
    };
    Some(match cmd {
        Command::Stats { json, as_of } => stats(&store, *json, *as_of),
        Command::Check => check(&store),
        Command::Demo => demo(store),
        Command::Backup { list } => backup_cmd(&mut store, *list),
        Command::Restore { file, latest } => restore_cmd(store, file.as_deref(), *latest),
        Command::Password { name } => password_cmd(&mut store, name),
        Command::Person { id_number, json } => person_cmd(&store, id_number, *json),
        Command::Correct {
            id_number,
            changes,
            reason,
            json,
        } => correct_cmd(&mut store, id_number, changes, reason, *json),
        Command::Export {
            report,
            out,
            year,
            org,
            kind,
            full_ids,
            made_by,
            columns,
            json,
        } => export(
            &mut store,
            report,
            out,
            (*year, org.as_deref(), kind.as_deref(), columns.as_deref()),
            *full_ids,
            made_by,
            *json,
        ),
        Command::Retirements {
            years,
            full_ids,
            json,
        } => reconcile::retirements_cmd(&mut store, *years, *full_ids, *json),
        Command::Notice { number, out, json } => documents::notice_cmd(&store, number, out, *json),
        Command::Docs { search, json } => documents::docs_cmd(&store, search.as_deref(), *json),
        Command::Attach {
            doc_no,
            files,
            json,
        } => documents::attach_cmd(&mut store, doc_no, files, *json),
        Command::ImportOrgs { .. }
        | Command::Import { .. }
        | Command::Copy { .. }
        | Command::Reconcile { .. } => ExitCode::from(2),
    })
}

fn backup_cmd(store: &mut Store, list: bool) -> ExitCode {
    let Some(db) = store.backup_anchor() else {
        return fail(false, "no_file", "内存数据库没有备份");
    };
    if list {
        match crate::store::backup::list_backups(&db) {
            Ok(all) => {
                for b in all {
                    println!(
                        "{}  {}  {}  {} 字节",
                        b.taken_at,
                        b.reason,
                        b.path.display(),
                        b.bytes
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(false, "backup_failed", &e.to_string()),
        }
    } else {
        match store.backup_now() {
            Ok(Some(p)) => {
                println!("已备份：{}", p.display());
                ExitCode::SUCCESS
            }
            Ok(None) => fail(false, "no_file", "内存数据库没有备份"),
            Err(e) => fail(false, "backup_failed", &e.to_string()),
        }
    }
}

/// A forgotten password: whoever runs the command line on this machine can open the
/// database file anyway, so it may set a new one (the change is logged).
fn password_cmd(store: &mut Store, name: &str) -> ExitCode {
    let id = match store.operators() {
        Ok(ops) => ops
            .into_iter()
            .find(|o| o.name == name.trim())
            .map(|o| o.id),
        Err(e) => return fail(false, "store", &e.to_string()),
    };
    let Some(id) = id else {
        return fail(
            false,
            "unknown_operator",
            &format!("没有名为“{name}”的操作员"),
        );
    };
    let mut line = String::new();
    if std::io::stdin().read_line(&mut line).is_err() {
        return fail(false, "no_password", "请在标准输入中给出新密码");
    }
    match store.set_password(id, line.trim_end_matches(['\r', '\n'])) {
        Ok(()) => {
            println!("已为“{}”设置新密码", name.trim());
            ExitCode::SUCCESS
        }
        Err(e) => fail(false, "refused", &e.to_string()),
    }
}

fn restore_cmd(mut store: Store, file: Option<&std::path::Path>, latest: bool) -> ExitCode {
    let Some(db) = store.backup_anchor() else {
        return fail(false, "no_file", "内存数据库不能恢复");
    };
    let file = match (file, latest) {
        (Some(f), _) => f.to_path_buf(),
        (None, true) => match crate::store::backup::list_backups(&db) {
            Ok(all) => match all.into_iter().next() {
                Some(b) => b.path,
                None => return fail(false, "no_backup", "还没有任何备份"),
            },
            Err(e) => return fail(false, "backup_failed", &e.to_string()),
        },
        (None, false) => return fail(false, "no_backup", "请指定备份文件，或用 --latest"),
    };
    match store.restore(&file) {
        Ok(before) => {
            println!(
                "已从 {} 恢复；恢复前的数据已备份到 {}",
                file.display(),
                before.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(false, "restore_failed", &e.to_string()),
    }
}

/// Prints `{"error":{"code","message"}}` (or the message) and returns status 2.
fn fail(json: bool, code: &str, message: &str) -> ExitCode {
    refuse(json, code, message, 2)
}

fn export(
    store: &mut Store,
    report: &str,
    out: &std::path::Path,
    (year, org, kind, columns): (Option<i32>, Option<&str>, Option<&str>, Option<&str>),
    full_ids: bool,
    made_by: &str,
    json: bool,
) -> ExitCode {
    use crate::export::reports::{Report, ReportOptions, write_report};
    let Some(r) = Report::from_code(report) else {
        let names: Vec<&str> = Report::ALL.iter().map(|r| r.code()).collect();
        return fail(
            json,
            "unknown_report",
            &format!("没有报表“{report}”；可用：{}", names.join(", ")),
        );
    };
    let org = match org {
        None => None,
        Some(name) => match store.org_by_name(name) {
            Ok(Some(o)) => Some(o.id),
            Ok(None) => return fail(json, "unknown_org", &format!("找不到单位“{name}”")),
            Err(e) => return fail(json, "store", &e.to_string()),
        },
    };
    let kind = match kind {
        None => None,
        Some(k) => match crate::domain::OrgKind::parse(k) {
            Some(k) => Some(k),
            None => return fail(json, "unknown_kind", &format!("机构类别“{k}”无法识别")),
        },
    };
    let columns = match columns {
        None => None,
        Some(_) if r != Report::Roster => {
            return fail(json, "bad_option", "--columns 只用于花名册（roster）");
        }
        Some(text) => {
            use crate::domain::columns::Column;
            match Column::parse_list(text) {
                Ok(c) if c.is_empty() => {
                    return fail(json, "bad_option", "--columns 没有给出任何列");
                }
                Ok(c) => Some(c),
                Err(code) => {
                    return fail(
                        json,
                        "unknown_field",
                        &format!("没有字段“{code}”；可用：{}", Column::all_codes().join(" ")),
                    );
                }
            }
        }
    };
    let opts = ReportOptions {
        year,
        org,
        kind,
        full_ids,
        made_by: made_by.to_string(),
        date: None,
        columns,
    };
    if full_ids && let Err(e) = store.reveal_ids(&format!("导出{}：{}", r.title(), out.display()))
    {
        return fail(json, "forbidden", &e.to_string());
    }
    // A 整改通知书 is numbered when first printed (findings marked 需整改 since the last);
    // printed again it keeps its number and date.
    if let (Report::RectificationNotice, Some(org)) = (r, org)
        && let Err(e) = store.issue_rectification_notice(org)
    {
        return fail(json, "store", &e.to_string());
    }
    match write_report(store, r, &opts, out) {
        Ok(summary) => {
            if json {
                let totals: serde_json::Map<String, serde_json::Value> = summary
                    .totals
                    .iter()
                    .map(|(k, v)| (k.clone(), serde_json::Value::from(*v)))
                    .collect();
                println!(
                    "{}",
                    serde_json::json!({
                        "report": r.code(),
                        "file": out.display().to_string(),
                        "rows": summary.rows,
                        "totals": totals,
                    })
                );
            } else {
                println!(
                    "已导出{}：{}（{} 行）",
                    r.title(),
                    out.display(),
                    summary.rows
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(json, "export_failed", &e.to_string()),
    }
}

fn stats(store: &Store, json: bool, as_of: Option<NaiveDate>) -> ExitCode {
    let s = match CountyStats::derive(store, as_of) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("统计失败：{e}");
            return ExitCode::from(1);
        }
    };
    if json {
        match serde_json::to_string_pretty(&s) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("统计结果无法输出：{e}");
                return ExitCode::from(1);
            }
        }
    } else {
        print!("{}", crate::stats::render_text(&s));
    }
    ExitCode::SUCCESS
}

/// `copy`: the county from one database into a new one, kept only when `check` passes
/// and the statistics are the same in both.
fn copy_cmd(cli: &Cli, from: &str, to: &str, json: bool) -> ExitCode {
    use crate::store::copy::{Target, copy_county};
    use crate::store::{StoreError, server};
    let fail = |code: &str, message: String, status: u8| refuse(json, code, &message, status);
    let shown_from = if server::is_server_address(from) {
        server::without_password(from)
    } else {
        from.to_string()
    };
    if !server::is_server_address(from) && !Path::new(from).exists() {
        return fail(
            "not_found",
            format!("找不到要复制的数据库文件“{from}”；没有写入任何内容"),
            2,
        );
    }
    let target = match Target::parse(to) {
        Ok(t) => t,
        Err(e) => return fail("cannot_open", format!("无法打开目标数据库：{e}"), 2),
    };
    let mut source = match Store::open(Path::new(from)) {
        Ok(s) => s,
        Err(e) => {
            return fail(
                "cannot_open",
                format!("无法打开数据库“{shown_from}”：{e}"),
                2,
            );
        }
    };
    if source.server().is_some() {
        if let Err(code) = sign_in_on_server(&mut source, cli) {
            return code;
        }
    } else if let Some(op) = &cli.operator {
        source.set_operator(op.clone());
    }
    let before = match CountyStats::derive(&source, None) {
        Ok(s) => s,
        Err(e) => return fail("check_failed", format!("统计失败：{e}"), 1),
    };
    let copied = copy_county(
        &source,
        &target,
        |copy| {
            if CountyStats::derive(copy, None)? == before {
                Ok(())
            } else {
                Err(StoreError::Corrupt(
                    "复制后的统计与原库不一致，没有保留复制结果".into(),
                ))
            }
        },
        |table, n| {
            if !json {
                eprintln!("  {table}：{n} 行");
            }
        },
    );
    let report = match copied {
        Ok(r) => r,
        Err(e @ (StoreError::Server(_) | StoreError::Io { .. })) => {
            return fail(
                "cannot_open",
                format!("无法复制到“{}”：{e}", target.shown()),
                2,
            );
        }
        Err(e @ StoreError::Corrupt(_)) => return fail("check_failed", e.to_string(), 1),
        Err(e) => return fail("refused", e.to_string(), 1),
    };
    // The copy's own line in the log of the new database, under the source's operator.
    let detail = format!("自 {shown_from} 复制，共 {} 行", report.rows());
    if let Err(e) = Store::open(Path::new(to)).and_then(|mut s| {
        s.act_as(source.current_operator().clone());
        s.audit_event("复制县数据", &detail)
    }) {
        eprintln!("复制已完成，但未能在新数据库的操作日志中记下这次复制：{e}");
    }
    if json {
        let tables: serde_json::Map<String, serde_json::Value> = report
            .tables
            .iter()
            .map(|(t, n)| (t.clone(), serde_json::json!(n)))
            .collect();
        println!(
            "{}",
            serde_json::json!({
                "from": shown_from,
                "to": target.shown(),
                "tables": tables,
                "rows": report.rows(),
                "check": "ok",
                "stats": "identical",
            })
        );
    } else {
        println!(
            "已复制到 {}：{} 张表，共 {} 行；校验通过，统计与原库一致。",
            target.shown(),
            report.tables.len(),
            report.rows()
        );
    }
    ExitCode::SUCCESS
}

/// The person with this ID number, or the exit that says why not (exit 2).
fn find_person_arg(
    store: &Store,
    text: &str,
    json: bool,
) -> Result<crate::domain::Person, ExitCode> {
    let id = crate::domain::IdNumber::parse(text)
        .map_err(|e| fail(json, "bad_id_number", &format!("身份证号“{text}”不对：{e}")))?;
    match store.person_by_id_number(&id) {
        Ok(Some(p)) => Ok(p),
        Ok(None) => Err(fail(
            json,
            "unknown_person",
            &format!("没有身份证号为 {} 的人员", id.as_str()),
        )),
        Err(e) => Err(fail(json, "store", &e.to_string())),
    }
}

/// Every kept field of a person, by the import's field codes, with unit, division, post
/// and the correction history.
fn person_json(
    store: &Store,
    p: &crate::domain::Person,
) -> crate::store::Result<serde_json::Value> {
    use crate::domain::correction::Field;
    let mut fields = serde_json::Map::new();
    for code in Field::all_codes() {
        if let Some(f) = Field::from_code(code) {
            fields.insert(
                code.to_string(),
                serde_json::json!(f.value(&p.id_number, &p.details)),
            );
        }
    }
    let (unit, post_type) = match p.status.post() {
        Some((org, t)) => (Some(store.org(org)?.name), Some(t.code())),
        None => (None, None),
    };
    fields.insert("status".into(), serde_json::json!(p.status.label()));
    fields.insert("unit".into(), serde_json::json!(unit));
    fields.insert("post_type".into(), serde_json::json!(post_type));
    fields.insert(
        "corrections".into(),
        serde_json::to_value(store.corrections(p.id)?).unwrap_or_default(),
    );
    // 任职 and 免职, wherever they were (issue 20).
    let appointments: Vec<serde_json::Value> = store
        .person_appointments(p.id)?
        .into_iter()
        .map(|a| {
            serde_json::json!({
                "unit": store.org(a.org).map(|o| o.name).unwrap_or_default(),
                "level": a.level.code(),
                "position": a.position,
                "rank": a.rank,
                "high_config": a.high_config,
                "appointed_on": a.appointed_on,
                "appoint_doc": a.appoint_doc,
                "removed_on": a.removed_on,
                "remove_doc": a.remove_doc,
                "in_force": a.in_force,
            })
        })
        .collect();
    fields.insert("appointments".into(), serde_json::json!(appointments));
    Ok(serde_json::Value::Object(fields))
}

fn person_cmd(store: &Store, id_number: &str, json: bool) -> ExitCode {
    let p = match find_person_arg(store, id_number, json) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let v = match person_json(store, &p) {
        Ok(v) => v,
        Err(e) => return fail(json, "store", &e.to_string()),
    };
    if json {
        println!("{v}");
        return ExitCode::SUCCESS;
    }
    use crate::domain::correction::Field;
    for code in Field::all_codes() {
        let label = Field::from_code(code).map_or(code, |f| f.label());
        let value = v[code].as_str().unwrap_or("");
        println!("{label}：{value}");
    }
    println!("状态：{}", v["status"].as_str().unwrap_or(""));
    if let Some(unit) = v["unit"].as_str() {
        let post = p.status.post().map(|(_, t)| t.label()).unwrap_or("");
        println!("单位：{unit}（{post}）");
    }
    if let Some(list) = v["appointments"].as_array().filter(|l| !l.is_empty()) {
        println!("任职：");
        for a in list {
            let removed = match a["removed_on"].as_str() {
                Some(d) => format!("，{d} 免职（{}）", a["remove_doc"].as_str().unwrap_or("")),
                None => String::new(),
            };
            println!(
                "  {} {} {}（{}）{removed}",
                a["appointed_on"].as_str().unwrap_or(""),
                a["unit"].as_str().unwrap_or(""),
                a["position"].as_str().unwrap_or(""),
                a["appoint_doc"].as_str().unwrap_or("")
            );
        }
    }
    if let Some(list) = v["corrections"].as_array().filter(|l| !l.is_empty()) {
        println!("信息更正：");
        for c in list {
            let f = c["field"].as_str().unwrap_or("");
            let label = Field::from_code(f).map_or(f, |x| x.label());
            println!(
                "  {} {}：{} → {}（{}，{}）",
                c["entered_at"].as_str().unwrap_or(""),
                label,
                c["before"].as_str().unwrap_or("（空）"),
                c["after"].as_str().unwrap_or("（空）"),
                c["reason"].as_str().unwrap_or(""),
                c["operator"].as_str().unwrap_or("")
            );
        }
    }
    ExitCode::SUCCESS
}

fn correct_cmd(
    store: &mut Store,
    id_number: &str,
    changes: &[String],
    reason: &str,
    json: bool,
) -> ExitCode {
    use crate::domain::correction::Field;
    let p = match find_person_arg(store, id_number, json) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut parsed = Vec::new();
    for c in changes {
        let Some((code, value)) = c.split_once('=') else {
            return fail(
                json,
                "bad_change",
                &format!("“{c}”应写成 字段=新值（如 name=张叁）"),
            );
        };
        let Some(field) = Field::from_code(code) else {
            return fail(
                json,
                "unknown_field",
                &format!(
                    "没有可更正的字段“{}”；可更正：{}",
                    code.trim(),
                    Field::all_codes().join(" ")
                ),
            );
        };
        parsed.push((field, value.to_string()));
    }
    match store.correct_person(p.id, &parsed, reason) {
        Ok(done) => {
            let p = store.person(p.id);
            match (json, p) {
                (true, Ok(p)) => match person_json(store, &p) {
                    Ok(v) => println!("{v}"),
                    Err(e) => return fail(json, "store", &e.to_string()),
                },
                _ => {
                    for c in &done {
                        println!(
                            "已更正{}：{} → {}",
                            c.field.label(),
                            c.before.as_deref().unwrap_or("（空）"),
                            c.after.as_deref().unwrap_or("（空）")
                        );
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => refuse(json, "refused", &e.to_string(), 1),
    }
}

fn check(store: &Store) -> ExitCode {
    match store.check() {
        Ok(problems) if problems.is_empty() => {
            println!("ok");
            ExitCode::SUCCESS
        }
        Ok(problems) => {
            for p in problems {
                println!("{p}");
            }
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("校验失败：{e}");
            ExitCode::from(1)
        }
    }
}

fn demo(mut store: Store) -> ExitCode {
    match crate::demo::fill(&mut store) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("生成示范数据失败：{e}");
            ExitCode::from(1)
        }
    }
}

/// Prints a refusal: JSON `{"error":{"code","message"}}` or a Chinese line.
pub(crate) fn refuse(json: bool, code: &str, message: &str, status: u8) -> ExitCode {
    if json {
        println!(
            "{}",
            serde_json::json!({"error": {"code": code, "message": message}})
        );
    } else {
        eprintln!("{message}");
    }
    ExitCode::from(status)
}

/// `import-orgs` and `import`. Exit 0 when the file was read (rejected rows are reported,
/// not fatal), 2 when the file is not a readable table (nothing is written, not even a new
/// database), 1 when writing failed (nothing is written).
fn import_cmd(
    cli: &Cli,
    args: &ImportArgs,
    kind: ImportKind,
    doc_no: Option<&str>,
    problems_out: Option<&Path>,
) -> ExitCode {
    let mut settings = match Settings::load(args.settings.as_deref()) {
        Ok(s) => s,
        Err(e) => return refuse(args.json, "settings", &e.to_string(), 2),
    };
    if let Some(d) = doc_no
        && let Err(e) = crate::domain::rules::check_doc_no(d)
    {
        return refuse(args.json, "bad_doc_no", &e.to_string(), 2);
    }
    settings.run.doc_no = doc_no.map(str::to_string);
    settings.run.date = args.date;
    // Plan against the database if it exists; a database that does not exist yet is planned
    // against an empty one, so that a bad file creates nothing.
    let path = cli.db_path();
    let existing = if path.exists() {
        match open(cli) {
            Ok(s) => Some(s),
            Err(code) => return code,
        }
    } else {
        None
    };
    let scratch;
    let planning_store = match &existing {
        Some(s) => s,
        None => match Store::open_in_memory() {
            Ok(s) => {
                scratch = s;
                &scratch
            }
            Err(e) => return refuse(args.json, "database", &e.to_string(), 2),
        },
    };
    if let Some(m) = &args.mapping {
        match import::settings::Mapping::from_arg(m, Some(planning_store)) {
            Ok(mapping) => settings.run.mapping = mapping,
            Err(e) => return refuse(args.json, "mapping", &e, 2),
        }
    }
    let progress = Progress::new();
    // No review to wait for: an existing database is written while the file is read.
    if !args.dry_run
        && problems_out.is_none()
        && let Some(mut store) = existing
    {
        return match import::import_now(&mut store, &args.file, kind, &settings, &progress) {
            Ok((plan, report)) if args.json => print_json(&plan, false, Some(report)),
            Ok((plan, _)) => {
                print_plan(&plan, false, None);
                ExitCode::SUCCESS
            }
            Err(e) => {
                let status = if e.is_bad_file() { 2 } else { 1 };
                refuse(args.json, e.code(), &e.to_string(), status)
            }
        };
    }
    let plan = match import::plan(planning_store, &args.file, kind, &settings, &progress) {
        Ok(p) => p,
        Err(e) => {
            let status = if e.is_bad_file() { 2 } else { 1 };
            return refuse(args.json, e.code(), &e.to_string(), status);
        }
    };
    if let Some(out) = problems_out
        && let Err(e) = crate::export::write_rejected(&plan, out)
    {
        return refuse(args.json, "problems_out", &e.to_string(), 1);
    }
    let mut committed = None;
    if !args.dry_run {
        let mut store = match existing {
            Some(s) => s,
            None => match open(cli) {
                Ok(s) => s,
                Err(code) => return code,
            },
        };
        match import::commit(&mut store, &plan, &progress) {
            Ok(r) => committed = Some(r),
            Err(e) => return refuse(args.json, e.code(), &e.to_string(), 1),
        }
    }
    if args.json {
        print_json(&plan, args.dry_run, committed)
    } else {
        print_plan(&plan, args.dry_run, problems_out);
        ExitCode::SUCCESS
    }
}

/// What an import read (and wrote, with its `import_id`), as `--json`.
fn print_json(
    plan: &ImportPlan,
    dry_run: bool,
    committed: Option<import::CommitReport>,
) -> ExitCode {
    let mut v = plan.to_json();
    v["dry_run"] = serde_json::json!(dry_run);
    v["import_id"] = serde_json::json!(committed.map(|r| r.import_id));
    match serde_json::to_string_pretty(&v) {
        Ok(t) => {
            println!("{t}");
            ExitCode::SUCCESS
        }
        Err(e) => refuse(false, "output", &e.to_string(), 1),
    }
}

fn print_plan(plan: &ImportPlan, dry_run: bool, problems_out: Option<&Path>) {
    let c = plan.counts();
    println!("文件：{}（{}）", plan.file, plan.kind.label());
    for s in &plan.sheets {
        match (&s.header_rows, &s.skipped) {
            (Some((a, b)), _) => {
                let head = if a == b {
                    format!("第 {a} 行")
                } else {
                    format!("第 {a}–{b} 行")
                };
                let unit = s
                    .unit_from_name
                    .as_ref()
                    .map(|u| format!("，单位取自表名：{u}"))
                    .unwrap_or_default();
                println!(
                    "  工作表“{}”：表头在{head}，数据 {} 行{unit}",
                    s.name, s.rows
                );
            }
            (None, Some(why)) => println!("  工作表“{}”：{why}", s.name),
            (None, None) => {}
        }
    }
    println!(
        "共 {} 行：可导入 {}（新增 {}，更新 {}，无变化 {}），拒绝 {}",
        c.rows, c.accepted, c.new, c.updated, c.unchanged, c.rejected
    );
    const SHOWN: usize = 50;
    for p in plan.problems.iter().take(SHOWN) {
        println!("  [{}] {} {}", p.severity.label(), p.code, p.message);
    }
    if plan.problems.len() > SHOWN {
        println!(
            "  ……另有 {} 条问题（用 --json 查看全部）",
            plan.problems.len() - SHOWN
        );
    }
    if let Some(out) = problems_out {
        println!("被拒绝的行已写入 {}", out.display());
    }
    if dry_run {
        println!("（试运行，未写入数据库）");
    } else {
        println!("已写入数据库。");
    }
}
