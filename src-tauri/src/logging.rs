//! Diagnostics for support: structured logs through `tracing` to a file rotated daily in the
//! app's data directory (`logs/gp-connect-booking.log.YYYY-MM-DD`, the last 14 kept).
//!
//! What is logged: each GP Connect request's interaction, practice, `Ssp-TraceID`, status,
//! code and duration (from the client), and the app's own failures. Never NHS numbers,
//! names, request or response bodies, or key material: nothing here or in the client logs
//! them (the e2e run scans the file).

use std::path::Path;
use std::sync::OnceLock;

use tracing_subscriber::EnvFilter;

/// The log's folder within the data directory.
pub const LOG_DIR: &str = "logs";

static STARTED: OnceLock<()> = OnceLock::new();

/// Starts logging into `data_dir/logs` (once per process; later calls do nothing). A log
/// that cannot be opened leaves the app running without one.
pub fn start(data_dir: &Path) {
    STARTED.get_or_init(|| {
        if std::fs::create_dir_all(data_dir.join(LOG_DIR)).is_err() {
            return;
        }
        let appender = tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix("gp-connect-booking.log")
            .max_log_files(14)
            .build(data_dir.join(LOG_DIR));
        let Ok(appender) = appender else {
            return;
        };
        let filter = EnvFilter::try_from_env("GPC_LOG")
            .unwrap_or_else(|_| EnvFilter::new("info,tao=warn,wry=warn,hyper=warn,reqwest=warn"));
        // Another subscriber (a test harness) may already be set: keep it.
        let _ = tracing_subscriber::fmt()
            .with_writer(appender)
            .with_ansi(false)
            .with_target(true)
            .with_env_filter(filter)
            .try_init();
    });
}
