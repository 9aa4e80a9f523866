//! The command-line surface of safe writes: where `gpc` keeps its journal of writes and
//! audit trail, when a lost answer is read back, how long the audit trail is kept, and the
//! `history` and `pending` subcommands.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

/// Where and how writes are recorded and checked; each flag applies to every subcommand.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Writes and audit trail")]
pub struct WriteArgs {
    /// Where gpc keeps its journal of writes and audit trail (default:
    /// $XDG_DATA_HOME/gpc, ~/.local/share/gpc).
    #[arg(long, global = true, value_name = "PATH", env = "GPC_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// When a write whose answer was lost is read back: seconds after the loss, ascending
    /// (default 0,2,5,10).
    #[arg(long, global = true, value_name = "S,S,…", value_delimiter = ',')]
    pub check_at: Vec<u32>,

    /// The longest the read-back may take in all, in seconds (default 30).
    #[arg(long, global = true, value_name = "SECONDS")]
    pub check_total: Option<u32>,

    /// Days the audit trail is kept (default 730); older rows are removed when gpc starts.
    #[arg(long, global = true, value_name = "DAYS", default_value_t = 730)]
    pub audit_retention_days: u32,
}

/// An audit outcome to filter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutcomeArg {
    /// The practice answered with success.
    Ok,
    /// Refused: not done.
    Refused,
    /// A write whose answer was lost.
    Unknown,
    /// A read that failed, or a request never sent.
    Failed,
    /// A journal entry closed by a user.
    Resolved,
}

/// `gpc history`
#[derive(Debug, Clone, Args)]
pub struct HistoryArgs {
    /// Only this NHS number.
    #[arg(long, value_name = "NHS_NUMBER")]
    pub nhs_number: Option<String>,

    /// Only this practice.
    #[arg(long, value_name = "ODS")]
    pub practice: Option<String>,

    /// Only this outcome.
    #[arg(long, value_name = "OUTCOME")]
    pub outcome: Option<OutcomeArg>,

    /// Only the last N days (default: today, UK).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub days: u32,

    /// Print CSV (time UTC and UK, user, organisation, practice, action, interaction,
    /// outcome, HTTP status, code, appointment, NHS number, trace ID). Not with --json.
    #[arg(long, help_heading = "Output")]
    pub csv: bool,
}

/// `gpc pending …`
#[derive(Debug, Clone, Subcommand)]
pub enum PendingCommand {
    /// Check every write whose outcome is still unknown, and list what is still open.
    Check,
    /// Close an open write after checking with the practice what became of it.
    Resolve(ResolveArgs),
}

/// `gpc pending resolve`
#[derive(Debug, Clone, Args)]
pub struct ResolveArgs {
    /// The journal entry (from gpc pending check).
    #[arg(long, value_name = "ID")]
    pub id: i64,

    /// What the practice said, kept in the audit trail.
    #[arg(long, value_name = "TEXT")]
    pub note: String,
}
