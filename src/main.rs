use bianzhi::cli::{Cli, run};
use clap::{CommandFactory, Parser};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Some(code) => code,
        None => {
            // The desktop app arrives with issue 4; until then, show what the CLI offers.
            let _ = Cli::command().print_help();
            println!("\n\n图形界面尚未完成（见 issue 4）；请先使用上面的命令。");
            ExitCode::SUCCESS
        }
    }
}
