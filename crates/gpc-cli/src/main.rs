//! `gpc`: the GP Connect appointment-booking command line. Parses the arguments and hands
//! over to [`gpc_cli::run`]; everything else lives in the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    gpc_cli::run(gpc_cli::cli::Cli::parse())
}
