use bianzhi::cli::{Cli, run};
use bianzhi::stats::{CountyStats, render_text};
use bianzhi::store::Store;
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(code) = run(&cli) {
        return code;
    }
    // No subcommand: the desktop app will open here (issue 4). Until it is built, show the
    // county in the terminal, creating the demo county on first start so there is something
    // to see.
    let path = cli.db_path();
    let fresh = !path.exists();
    let mut store = match Store::open(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("无法打开数据库“{}”：{e}", path.display());
            return ExitCode::from(2);
        }
    };
    if fresh {
        match bianzhi::demo::fill(&mut store) {
            Ok(msg) => println!("首次启动，已在 {} 生成示范县数据。{msg}\n", path.display()),
            Err(e) => eprintln!("生成示范数据失败：{e}"),
        }
    }
    match CountyStats::derive(&store, None) {
        Ok(s) => print!("{}", render_text(&s)),
        Err(e) => {
            eprintln!("统计失败：{e}");
            return ExitCode::from(1);
        }
    }
    println!("\n数据库：{}", path.display());
    println!("图形界面尚未完成（issue 4）；可用命令见 `bianzhi --help`。");
    ExitCode::SUCCESS
}
