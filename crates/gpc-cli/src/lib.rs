//! `gpc`: a thin command line over the [`gpconnect`] client, one subcommand per GP Connect
//! interaction (search for free slots, find and register a patient, book, retrieve, read,
//! amend and cancel appointments) plus SDS discovery of a practice.
//!
//! | Module | What belongs there |
//! |---|---|
//! | [`cli`] | the command-line surface: every subcommand, flag and its help text |
//! | [`profile`] | where the profile file is, reading it, and flags overriding it |
//! | [`session`] | the configured client, its journal and audit trail, and the practices it books at (with SDS lookup) |
//! | [`sign_in`] | `gpc login`/`logout` with NHS CIS2, the session kept in the keyring |
//! | [`commands`] | one module per subcommand: the calls it makes, in order |
//! | [`output`] | tables, CSV, JSON, UK dates and times, and error reports |
//! | [`error`] | the error type and the exit codes |
//!
//! Results go to standard output; notes, warnings and errors to standard error.

pub mod cli;
mod cli_journal;
pub mod commands;
pub mod error;
pub mod output;
pub mod profile;
pub mod session;
pub mod sign_in;

use std::io::{BufWriter, Write};
use std::process::ExitCode;

pub use error::{CliError, Exit};

/// Runs `cli` with the process's standard output and error, and returns the exit code.
pub fn run(cli: cli::Cli) -> ExitCode {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = BufWriter::new(stdout.lock());
    let mut err = stderr.lock();
    ExitCode::from(run_with(&cli, &mut out, &mut err).code())
}

/// Runs `cli`, writing results to `out` and diagnostics to `err`; returns what the process
/// should exit with. Any error is reported on `err` before returning.
pub fn run_with(cli: &cli::Cli, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            let error = CliError::Runtime(e.to_string());
            output::write_error(err, &error);
            return error.exit();
        }
    };
    let result = runtime
        .block_on(commands::execute(cli, out, err))
        .and_then(|()| out.flush().map_err(CliError::from));
    match result {
        Ok(()) => Exit::Success,
        // The reader went away (`gpc slots | head`): nothing is left to tell it.
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Success,
        Err(error) => {
            // The results written so far still reach the user before the error.
            let _ = out.flush();
            output::write_error(err, &error);
            error.exit()
        }
    }
}
