//! The command line. Its names, flags, JSON fields and exit codes are a contract that
//! scripts rely on: keep them stable.
//!
//! Exit codes: 0 success; 1 a check failed or an action was refused; 2 bad input (a file
//! that cannot be read, a database that cannot be opened).

use crate::stats::CountyStats;
use crate::store::{Store, default_db_path};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
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
}

impl Cli {
    pub fn db_path(&self) -> PathBuf {
        self.db.clone().unwrap_or_else(default_db_path)
    }
}

fn open(cli: &Cli) -> Result<Store, ExitCode> {
    let path = cli.db_path();
    match Store::open(&path) {
        Ok(mut s) => {
            if let Some(op) = &cli.operator {
                s.set_operator(op.clone());
            }
            Ok(s)
        }
        Err(e) => {
            eprintln!("无法打开数据库“{}”：{e}", path.display());
            Err(ExitCode::from(2))
        }
    }
}

/// Runs a subcommand; `None` means no subcommand was given (the caller opens the GUI).
pub fn run(cli: &Cli) -> Option<ExitCode> {
    let cmd = cli.command.as_ref()?;
    let store = match open(cli) {
        Ok(s) => s,
        Err(code) => return Some(code),
    };
    Some(match cmd {
        Command::Stats { json, as_of } => stats(&store, *json, *as_of),
        Command::Check => check(&store),
        Command::Demo => demo(store),
    })
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
