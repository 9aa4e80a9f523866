//! `gpc discover`: looks a practice up in SDS by ODS code (§5.3) and shows what a profile
//! entry needs: name, FHIR service root and ASID.

use std::io::Write;

use crate::cli::DiscoverArgs;
use crate::commands::parse_ods;
use crate::error::CliError;
use crate::output::{self, Format};
use crate::session::Session;

/// Runs `gpc discover`.
pub async fn run(
    session: &Session,
    args: &DiscoverArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let ods = parse_ods("--ods", &args.ods)?;
    let practice = session.sds()?.discover(&ods).await?;
    match format {
        Format::Json => output::write_json(out, &practice),
        _ => output::write_table(out, &output::practice_table(&practice)),
    }
}
