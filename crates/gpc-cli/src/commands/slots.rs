//! `gpc slots`: a federated search for free slots (§3.2, §8).
//!
//! Every practice is searched at once with its own deadline; a practice that fails (or
//! cannot be looked up in SDS) is reported on standard error as soon as it is known, and
//! the others are still shown, sorted by start time. The exit code reflects failures only
//! when every practice failed: then it is that of the first failure, in the order the
//! practices were given (profile order by default).

use std::io::Write;
use std::time::Duration;

use futures::StreamExt;
use gpconnect::OdsCode;
use gpconnect::federation::Federation;
use gpconnect::slots::{BookableSlot, SearchFilters, SlotQuery};

use crate::cli::SlotsArgs;
use crate::commands::{date_range, parse_ods};
use crate::error::CliError;
use crate::output::{self, Format};
use crate::session::Session;

/// The default number of days searched.
pub const DEFAULT_DAYS: u32 = 14;

/// Runs `gpc slots`; `format` is [`Format::Csv`] for `--csv`.
pub async fn run(
    session: &Session,
    args: &SlotsArgs,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    let range = date_range(
        args.from.as_deref(),
        args.to.as_deref(),
        args.days,
        DEFAULT_DAYS,
        session.today(),
    )?;
    let codes: Vec<OdsCode> = if args.practice.is_empty() {
        session.practice_codes()
    } else {
        args.practice
            .iter()
            .map(|p| parse_ods("--practice", p))
            .collect::<Result<_, _>>()?
    };
    if codes.is_empty() {
        return Err(CliError::Configuration(
            "the profile lists no practices: give --practice ODS".to_owned(),
        ));
    }

    // Failures by position in `codes`, so "the first failure" follows the order given.
    let mut failures: Vec<(usize, CliError)> = Vec::new();
    let mut practices = Vec::new();
    for (index, ods) in codes.iter().enumerate() {
        match session.practice(ods).await {
            Ok(practice) => practices.push((index, practice)),
            Err(error) => {
                output::write_practice_failure(err, ods.as_str(), &error)?;
                failures.push((index, error));
            }
        }
    }

    let query = SlotQuery {
        range,
        filters: SearchFilters::from_identity(session.client.identity()),
        service: None,
    };
    let searched: Vec<_> = practices.iter().map(|(_, p)| p.clone()).collect();
    let federation = Federation::with_deadline(Duration::from_secs(args.deadline_seconds));
    let mut outcomes = session
        .client
        .search_federation(&searched, &query, &federation)
        .filter_map(|event| std::future::ready(event.answered()));
    let mut slots: Vec<BookableSlot> = Vec::new();
    let mut answered = 0usize;
    while let Some(outcome) = outcomes.next().await {
        let label = format!("{} ({})", outcome.practice.ods_code, outcome.practice.name);
        match outcome.result {
            Ok(result) => {
                answered += 1;
                if result.past_slots > 0 {
                    writeln!(
                        err,
                        "gpc: {label}: {} slot(s) already started were left out",
                        result.past_slots
                    )?;
                }
                for unusable in &result.unusable {
                    writeln!(
                        err,
                        "gpc: {label}: slot {} could not be offered: {}",
                        unusable.slot_id.as_deref().unwrap_or("(no id)"),
                        unusable.reason
                    )?;
                }
                for missing in &result.missing {
                    writeln!(
                        err,
                        "gpc: {label}: {} to {} were not searched: {}",
                        missing.range.start(),
                        missing.range.end(),
                        missing.message
                    )?;
                }
                slots.extend(result.slots);
            }
            Err(error) => {
                let error = CliError::Client(error);
                output::write_practice_failure(err, &label, &error)?;
                let index = practices
                    .iter()
                    .find(|(_, p)| p.ods_code == outcome.practice.ods_code)
                    .map_or(usize::MAX, |(i, _)| *i);
                failures.push((index, error));
            }
        }
    }

    if answered == 0 {
        failures.sort_by_key(|(index, _)| *index);
        let exit = failures
            .first()
            .map_or(crate::Exit::Failure, |(_, e)| e.exit());
        return Err(CliError::NoPracticeAnswered {
            failed: failures.len(),
            exit,
        });
    }

    slots.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then_with(|| a.practice_ods_code.cmp(&b.practice_ods_code))
            .then_with(|| a.slot_id.cmp(&b.slot_id))
    });
    writeln!(
        err,
        "gpc: {} free slot(s) at {answered} of {} practice(s), {} to {}",
        slots.len(),
        codes.len(),
        output::uk_date(range.start()),
        output::uk_date(range.end()),
    )?;
    match format {
        Format::Json => output::write_json(out, &slots),
        Format::Csv => output::write_slots_csv(out, &slots),
        Format::Table if slots.is_empty() => Ok(()),
        Format::Table => output::write_table(out, &output::slots_table(&slots)),
    }
}
