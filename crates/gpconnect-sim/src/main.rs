//! `gpconnect-sim`: runs the GP Connect provider simulator on 127.0.0.1 until stopped.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Parser;
use gpconnect_sim::{Faults, SimConfig, SimOptions, Simulator};

/// GP Connect 1.2.7 provider simulator: a Spine Secure Proxy, an SDS and several practices
/// seeded from the NHS reference provider's demo data, over HTTPS with mutual TLS on
/// 127.0.0.1. Prints where the consumer credentials and a ready gpc profile are.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0, env = "GPCONNECT_SIM_PORT")]
    port: u16,
    /// Where the demo certificates and the gpc profile are kept
    /// (default: ~/.local/share/gpconnect-sim).
    #[arg(long, env = "GPCONNECT_SIM_DATA")]
    data_dir: Option<PathBuf>,
    /// Faults per practice, a TOML file of tables keyed by ODS code, e.g.
    /// `[A20047]` `latency_ms = 300`. Keys: latency_ms, hang, status, write_status,
    /// read_status, malformed_json, gzip, drop_after_booking, drop_after_update,
    /// race_updates, commit_then_status, commit_then_cut_body, commit_then_hang,
    /// late_commit_ms, retrieve_without_slots. Faults can also be changed at run time through
    /// PUT /admin/practices/{ods}/faults.
    #[arg(long)]
    faults: Option<PathBuf>,
    /// Serve N synthetic practices (SIM001…) instead of the demo federation.
    #[arg(long)]
    synthetic: Option<usize>,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gpconnect-sim: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let mut options = SimOptions::demo();
    options.port = args.port;
    if let Some(dir) = args.data_dir {
        options.data_dir = dir;
    }
    if let Some(count) = args.synthetic {
        options.config = SimConfig::synthetic(count, 6);
    }
    let faults: BTreeMap<String, Faults> = match &args.faults {
        Some(path) => toml::from_str(&std::fs::read_to_string(path)?)?,
        None => BTreeMap::new(),
    };
    let simulator = Simulator::start(options).await?;
    for (ods, fault) in faults {
        if !simulator.set_faults(&ods, fault) {
            return Err(format!("--faults: no practice {ods}").into());
        }
    }
    let out = format!(
        "GP Connect simulator running\n  \
         Spine Secure Proxy: {}\n  SDS:                {}\n  admin:              {}\n  \
         credentials:        {} (ca.pem, client.pem, client-key.pem)\n  \
         gpc profile:        {}\n  practices:\n{}\nPress Ctrl-C to stop.\n",
        simulator.base_url(),
        simulator.sds_url(),
        simulator.admin_url(),
        simulator.data_dir().display(),
        simulator.profile_path().display(),
        simulator
            .practices()
            .iter()
            .map(|p| format!(
                "    {:<8} {:<36} ASID {}  {}",
                p.ods_code, p.name, p.asid, p.provider_root
            ))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    std::io::Write::write_all(&mut std::io::stdout(), out.as_bytes())?;
    tokio::signal::ctrl_c().await?;
    simulator.shutdown();
    Ok(())
}
