//! The subcommands, one module each, and what they share: validating command-line values
//! before anything is sent, date ranges, and finding the patient at a practice.
//!
//! Every command parses all its input first (exit 5 on a bad value, with no request made),
//! then resolves the practice, then makes its calls in order.

pub mod appointment;
pub mod appointments;
pub mod book;
pub mod discover;
pub mod history;
pub mod patient;
pub mod slots;
pub mod trace;
pub mod writes;

use std::io::Write;

use chrono::NaiveDate;
use gpconnect::ids::PatientId;
use gpconnect::time::DateRange;
use gpconnect::{NhsNumber, OdsCode, Practice};

use crate::cli::{AppointmentCommand, Cli, Command, PatientArgs, PatientCommand};
use crate::error::CliError;
use crate::output::Format;
use crate::profile::{self, ProfileOrigin};
use crate::session::Session;

/// How results are printed: `--json`, `--csv` (slots), else tables.
/// Error: [`CliError::Usage`] for `--csv` with `--json`.
pub fn output_format(cli: &Cli) -> Result<Format, CliError> {
    let csv = matches!(&cli.command, Command::Slots(args) if args.csv)
        || matches!(&cli.command, Command::History(args) if args.csv);
    match (csv, cli.json) {
        (true, true) => Err(CliError::Usage(
            "--csv and --json cannot be used together".to_owned(),
        )),
        (true, false) => Ok(Format::Csv),
        (false, true) => Ok(Format::Json),
        (false, false) => Ok(Format::Table),
    }
}

/// Runs the command of `cli`: checks the flags go together, loads the profile, opens the
/// session, dispatches.
pub async fn execute(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    let format = output_format(cli)?;
    let configuration = profile::load(&cli.config, &profile::process_env)?;
    if let Some(location) = &configuration.location
        && location.origin == ProfileOrigin::Simulator
    {
        writeln!(
            err,
            "gpc: using the simulator's profile {}",
            location.path.display()
        )?;
    }
    match &cli.command {
        Command::Login(args) => {
            return crate::sign_in::login(&configuration.profile, args, out, err).await;
        }
        Command::Logout => return crate::sign_in::logout(&configuration.profile, out),
        Command::Patient(PatientCommand::Trace(args)) => {
            return trace::run(&configuration.profile, args, format, out, err).await;
        }
        _ => {}
    }
    let data_dir = cli
        .writes
        .data_dir
        .clone()
        .unwrap_or_else(|| crate::session::default_data_dir(&profile::process_env));
    let journal = crate::session::open_journal(&data_dir, cli.writes.audit_retention_days)?;
    let schedule = crate::session::schedule(&cli.writes)?;
    let session = Session::open(configuration, journal, schedule)?;
    let result = dispatch(cli, &session, format, out, err).await;
    match result {
        // A failure that reached a practice: quote the trace ID of the request it came from.
        Err(error @ CliError::Client(_)) => match session.recorder.error_trace_id() {
            Some(trace_id) => {
                crate::output::write_error(err, &error);
                writeln!(err, "  trace ID:    {trace_id} (quote this to support)")?;
                Err(CliError::Reported { exit: error.exit() })
            }
            None => Err(error),
        },
        other => other,
    }
}

async fn dispatch(
    cli: &Cli,
    session: &Session,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    if !matches!(&cli.command, Command::History(_)) {
        // Writes left open by an earlier run (a crash, an answer still unknown).
        writes::reconcile_open(session, err).await?;
    }
    match &cli.command {
        Command::Slots(args) => slots::run(session, args, format, out, err).await,
        Command::Patient(PatientCommand::Find(args)) => {
            patient::find(session, args, format, out, err).await
        }
        Command::Patient(PatientCommand::Register(args)) => {
            patient::register(session, args, format, out, err).await
        }
        Command::Book(args) => book::run(session, args, format, out, err).await,
        Command::Appointments(args) => appointments::run(session, args, format, out, err).await,
        Command::Appointment(AppointmentCommand::Read(args)) => {
            appointment::read(session, args, format, out).await
        }
        Command::Appointment(AppointmentCommand::Amend(args)) => {
            appointment::amend(session, args, format, out, err).await
        }
        Command::Appointment(AppointmentCommand::Cancel(args)) => {
            appointment::cancel(session, args, format, out, err).await
        }
        Command::Discover(args) => discover::run(session, args, format, out).await,
        Command::History(args) => history::run(session, args, format, out),
        Command::Pending(command) => writes::pending(session, command, out).await,
        Command::Login(_) | Command::Logout | Command::Patient(PatientCommand::Trace(_)) => Ok(()),
    }
}

/// An ODS code from `flag`. Error: [`CliError::Input`].
pub fn parse_ods(flag: &str, text: &str) -> Result<OdsCode, CliError> {
    OdsCode::parse(text).map_err(|e| CliError::input(flag, e))
}

/// An NHS number (spaces allowed, Modulus 11 checked). Error: [`CliError::Input`].
pub fn parse_nhs_number(text: &str) -> Result<NhsNumber, CliError> {
    NhsNumber::parse(text).map_err(|e| CliError::input("--nhs-number", e))
}

/// A `YYYY-MM-DD` date from `flag`. Error: [`CliError::Input`].
pub fn parse_date(flag: &str, text: &str) -> Result<NaiveDate, CliError> {
    gpconnect::time::parse_date(text).map_err(|e| CliError::input(flag, e))
}

/// The days asked for: `--from` (default `today`) to `--to`, or `--days` days (default
/// `default_days`). Errors: [`CliError::Input`] for a bad date or a range ending before it
/// starts.
pub fn date_range(
    from: Option<&str>,
    to: Option<&str>,
    days: Option<u32>,
    default_days: u32,
    today: NaiveDate,
) -> Result<DateRange, CliError> {
    let start = from
        .map(|f| parse_date("--from", f))
        .transpose()?
        .unwrap_or(today);
    match to {
        Some(to) => {
            let end = parse_date("--to", to)?;
            DateRange::new(start, end).map_err(|e| CliError::input("--to", e))
        }
        None => {
            let days = days.unwrap_or(default_days);
            if days == 0 {
                return Err(CliError::input("--days", "give at least 1 day"));
            }
            Ok(DateRange::starting(start, days))
        }
    }
}

/// The patient as given on the command line, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatientRef {
    /// `--patient-id`: the logical id at the practice.
    Id(PatientId),
    /// `--nhs-number`: to be found at the practice.
    NhsNumber(NhsNumber),
}

impl PatientRef {
    /// Validates `--patient-id` or `--nhs-number`. Error: [`CliError::Input`].
    pub fn parse(args: &PatientArgs) -> Result<Self, CliError> {
        match (&args.patient_id, &args.nhs_number) {
            (Some(id), _) => PatientId::parse(id.trim())
                .map(Self::Id)
                .map_err(|e| CliError::input("--patient-id", e)),
            (None, Some(nhs)) => parse_nhs_number(nhs).map(Self::NhsNumber),
            (None, None) => Err(CliError::input(
                "--patient-id / --nhs-number",
                "give one of them",
            )),
        }
    }

    /// The patient's id at `practice` and their NHS number: found by NHS number, or, for an
    /// id given, read (§3.10) for the NHS number the journal and audit trail record.
    /// Errors: as [`PatientRef::resolve`]; [`CliError::Input`] when the record read has no
    /// valid NHS number.
    pub async fn resolve_with_nhs(
        &self,
        session: &Session,
        practice: &Practice,
    ) -> Result<(PatientId, NhsNumber), CliError> {
        match self {
            Self::NhsNumber(nhs_number) => {
                Ok((self.resolve(session, practice).await?, nhs_number.clone()))
            }
            Self::Id(id) => {
                let record = session.client.read_patient(practice, id).await?;
                let nhs_number = record
                    .nhs_number
                    .as_deref()
                    .and_then(|n| NhsNumber::parse(n).ok())
                    .ok_or_else(|| {
                        CliError::input(
                            "--patient-id",
                            "the practice's record has no valid NHS number",
                        )
                    })?;
                Ok((id.clone(), nhs_number))
            }
        }
    }

    /// The patient's id at `practice`: as given, or found by NHS number.
    /// Errors: [`CliError::PatientNotFound`], [`CliError::PatientAmbiguous`], any client
    /// error.
    pub async fn resolve(
        &self,
        session: &Session,
        practice: &Practice,
    ) -> Result<PatientId, CliError> {
        let nhs_number = match self {
            Self::Id(id) => return Ok(id.clone()),
            Self::NhsNumber(nhs_number) => nhs_number,
        };
        match session
            .for_patient(nhs_number)
            .find_single_patient(practice, nhs_number)
            .await
        {
            Ok(Some(record)) => Ok(record.id),
            Ok(None) => Err(CliError::PatientNotFound {
                practice: practice.ods_code.clone(),
                nhs_number: nhs_number.formatted(),
            }),
            Err(gpconnect::Error::MultiplePatientRecords { count }) => {
                Err(CliError::PatientAmbiguous {
                    practice: practice.ods_code.clone(),
                    count,
                })
            }
            Err(other) => Err(other.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn ranges() {
        let today = date(2026, 11, 23);
        let default = date_range(None, None, None, 14, today).unwrap();
        assert_eq!((default.start(), default.end()), (today, date(2026, 12, 6)));
        let to = date_range(Some("2026-11-24"), Some("2026-11-30"), None, 14, today).unwrap();
        assert_eq!(to.days(), 7);
        assert!(date_range(None, Some("2026-11-01"), None, 14, today).is_err());
        assert!(date_range(Some("23/11/2026"), None, None, 14, today).is_err());
        assert!(date_range(None, None, Some(0), 14, today).is_err());
    }

    #[test]
    fn patient_refs_are_validated_before_sending() {
        let nhs = PatientArgs {
            patient_id: None,
            nhs_number: Some("947 671 9931".into()),
        };
        assert_eq!(
            PatientRef::parse(&nhs).unwrap(),
            PatientRef::NhsNumber(NhsNumber::parse("9476719931").unwrap())
        );
        let bad = PatientArgs {
            patient_id: None,
            nhs_number: Some("947 671 9932".into()),
        };
        let err = PatientRef::parse(&bad).unwrap_err();
        assert_eq!(err.exit(), crate::Exit::InvalidInput);
        assert!(err.to_string().contains("Modulus 11"), "{err}");
    }
}
