//! The `agebook` binary: with a command it runs headless, without one it opens the window.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = agebook::cli::Cli::parse();
    if cli.command.is_some() {
        return agebook::cli::run(cli);
    }
    let user = agebook::cli::resolve_user(cli.user.as_deref());
    match agebook::gui::run(cli.db, user) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
