//! The command-line surface: every subcommand and flag with its help text (clap derive).
//!
//! Belongs here: names, defaults and help of arguments, and the exit-code table shown by
//! `gpc --help`. Values that identify something in GP Connect (NHS number, ODS code, ids,
//! dates) are taken as text here and validated by the command, so that a bad one exits 5
//! (invalid input) with the client's own message rather than 2 (usage).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use crate::cli_journal::{HistoryArgs, OutcomeArg, PendingCommand, ResolveArgs, WriteArgs};

/// The exit codes and the profile lookup, shown at the end of `gpc --help`.
pub const AFTER_HELP: &str = "\
Exit codes:
  0  success
  1  anything else: configuration (profile, certificate files), an answer that could not
     be read, output that could not be written
  2  usage: unknown subcommand or flag, missing or malformed argument
  3  the provider or the Spine Secure Proxy refused the request; the HTTP status, the
     Spine code or proxy token, the diagnostics and advice are printed
  4  transport or TLS failure: no connection, certificate refused or untrusted, timeout,
     connection lost
  5  invalid input, refused before sending: NHS number, ODS code, date, id, registration
     or booking details, a slot that is not free, a patient not found at the practice
  6  sign-in: the profile has a [cis2] table and no one is signed in (run gpc login; the
     session is kept in the keyring until it expires), or the sign-in was refused; for
     patient trace, also the NHS API platform refusing the token exchange
  7  a write (book, register, amend, cancel) was sent and its answer lost, and reading
     back has not found it yet: it may or may not have been made. It is never sent again;
     do not repeat it. gpc keeps it in its journal and checks it again every time it starts
     (gpc pending check); call the practice if it stays unknown.

  patient trace: 3 when PDS refuses (no such patient, an invalidated record, too many
  matches, throttling); a sensitive, deceased or superseded patient is traced (exit 0)
  and said so on standard error.

  slots: a practice that fails is reported on standard error and the others are still
  shown; the exit code reflects failures only when every practice failed (then it is the
  code of the first failure, in the order the practices were given).

  book, register, amend, cancel: when the answer is lost the write is read back (by default
  at once, then after 2, 5 and 10 s; --check-at, --check-total) and reported as made (exit
  0) when found. A provider's refusal (400, 403, 404, 409, 422) or the proxy's refusal
  before forwarding is not made (exit 3); a 409 on a booking is first checked against the
  patient's appointments (it may be an earlier attempt of ours). Every error shows the
  Ssp-TraceID of the request it came from, to quote to support.

Profile: --profile PATH, else $GPC_PROFILE, else $XDG_CONFIG_HOME/gpc/profile.toml
(~/.config/gpc/profile.toml) if it exists, else the profile gpconnect-sim writes
($XDG_DATA_HOME/gpconnect-sim/gpc-profile.toml, ~/.local/share/gpconnect-sim/...), so
with the simulator running gpc works with no setup. Flags override the profile; relative
certificate paths in a profile are relative to the profile's folder.";

/// gpc: book GP appointments through GP Connect (Appointment Management 1.2.7).
///
/// Searches free slots across practices, finds and registers patients, books, retrieves,
/// reads, amends and cancels appointments, and looks practices up in SDS. Results are
/// readable tables on standard output (--json for the parsed result); notes and errors go
/// to standard error. Dates are UK calendar days (YYYY-MM-DD); times are shown in UK time.
#[derive(Debug, Clone, Parser)]
#[command(name = "gpc", version, after_long_help = AFTER_HELP, after_help = AFTER_HELP)]
pub struct Cli {
    /// Who is calling, where, and with which certificates.
    #[command(flatten)]
    pub config: ConfigArgs,

    /// The journal of writes and the audit trail.
    #[command(flatten)]
    pub writes: WriteArgs,

    /// Print the parsed result as JSON instead of a table.
    #[arg(long, global = true, help_heading = "Output")]
    pub json: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands, one per interaction.
#[derive(Debug, Clone, Subcommand)]
#[allow(clippy::large_enum_variant, reason = "parsed once per run")]
pub enum Command {
    /// Search for free slots at one or more practices (§3.2).
    ///
    /// Without --practice every practice in the profile is searched at once, each with its
    /// own deadline; rows are sorted by start time. A range longer than 14 days is split
    /// into 14-day searches.
    Slots(SlotsArgs),

    /// Find or register a patient at a practice (§3.3, §3.4).
    #[command(subcommand)]
    Patient(PatientCommand),

    /// Book one slot, or several adjacent ones, for a patient (§3.5).
    ///
    /// The slot ids are looked up again in a fresh search at the practice, then the booking
    /// is sent once. If its answer is lost it is never resent: the patient's appointments
    /// are checked instead.
    Book(BookArgs),

    /// Retrieve a patient's appointments at a practice (§3.6).
    ///
    /// GP Connect only returns appointments from today on.
    Appointments(AppointmentsArgs),

    /// Read, amend or cancel one appointment (§3.7, §3.8, §3.9).
    #[command(subcommand)]
    Appointment(AppointmentCommand),

    /// Look a practice up in SDS by ODS code: its name, FHIR service root and ASID (§5.3).
    Discover(DiscoverArgs),

    /// The local audit trail: who read or wrote which patient's data, where, when, with
    /// which Ssp-TraceID and outcome.
    History(HistoryArgs),

    /// Writes whose outcome is still unknown (their answer was lost): check them again, or
    /// close one after calling the practice.
    #[command(subcommand)]
    Pending(PendingCommand),

    /// Sign in with NHS CIS2 through the browser; the session is kept in the keyring until
    /// it expires, and every request then carries your SDS user ID and role.
    ///
    /// The browser opens the NHS sign-in page (the address is also printed); set
    /// GPC_BROWSER to a command to open it another way.
    Login(LoginArgs),

    /// Sign out: forget the session kept in the keyring.
    Logout,
}

/// `gpc login`
#[derive(Debug, Clone, Args)]
pub struct LoginArgs {
    /// The role profile ID to work in, when you hold several and CIS2 did not ask.
    #[arg(long, value_name = "ROLE_ID")]
    pub role: Option<String>,
}

/// `gpc patient …`
#[derive(Debug, Clone, Subcommand)]
#[allow(clippy::large_enum_variant, reason = "parsed once per run")]
pub enum PatientCommand {
    /// Find a patient by NHS number at a practice (§3.3). Nothing found means: register
    /// the patient there first.
    Find(FindPatientArgs),
    /// Register a patient temporarily at a practice (§3.4). Every problem with the details
    /// is listed before anything is sent.
    Register(RegisterArgs),
    /// Trace a patient on PDS (the Personal Demographics Service), by NHS number or by
    /// demographics: the verified NHS number, name, date of birth, gender, address and the
    /// registered GP practice, or that they are sensitive, deceased or superseded (§5.4).
    ///
    /// Needs the profile's [pds] table and a signed-in user (gpc login). By demographics,
    /// the family name and date of birth are the least a search needs; matches are listed
    /// in the order PDS returns them. Search without --fuzzy first.
    Trace(TraceArgs),
}

/// `gpc appointment …`
#[derive(Debug, Clone, Subcommand)]
pub enum AppointmentCommand {
    /// Read one appointment (§3.7).
    Read(AppointmentArgs),
    /// Change an appointment's description and comment (§3.8).
    ///
    /// The appointment is read, then changed. If someone else changed it in between, the
    /// change is refused (exit 3) and the current description and comment are shown.
    Amend(AmendArgs),
    /// Cancel an appointment (§3.9).
    Cancel(CancelArgs),
}

/// The consumer configuration flags; each overrides the profile.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Configuration (overrides the profile)")]
pub struct ConfigArgs {
    /// The profile file (TOML).
    #[arg(long, global = true, value_name = "PATH", env = "GPC_PROFILE")]
    pub profile: Option<PathBuf>,

    /// Spine Secure Proxy URL (prefix of every request).
    #[arg(long, global = true, value_name = "URL")]
    pub ssp_url: Option<String>,

    /// The consumer system's ASID (sent as Ssp-From).
    #[arg(long, global = true, value_name = "ASID")]
    pub asid: Option<String>,

    /// The booking organisation's ODS code.
    #[arg(long, global = true, value_name = "ODS")]
    pub org_ods: Option<String>,

    /// The booking organisation's name.
    #[arg(long, global = true, value_name = "NAME")]
    pub org_name: Option<String>,

    /// The booking organisation's telephone number.
    #[arg(long, global = true, value_name = "PHONE")]
    pub org_phone: Option<String>,

    /// The booking organisation's type (sent as a slot search filter).
    #[arg(long, global = true, value_name = "TYPE")]
    pub org_type: Option<OrgTypeArg>,

    /// The user's local id (JWT sub).
    #[arg(long, global = true, value_name = "ID")]
    pub user_id: Option<String>,

    /// The user's family name.
    #[arg(long, global = true, value_name = "NAME")]
    pub user_family_name: Option<String>,

    /// The user's given name (repeat for several).
    #[arg(long, global = true, value_name = "NAME")]
    pub user_given_name: Vec<String>,

    /// The user's title, e.g. Dr (repeat for several).
    #[arg(long, global = true, value_name = "TITLE")]
    pub user_title: Vec<String>,

    /// The user's smartcard SDS user id.
    #[arg(long, global = true, value_name = "ID")]
    pub user_sds_id: Option<String>,

    /// The user's SDS role profile id.
    #[arg(long, global = true, value_name = "ID")]
    pub user_role_profile_id: Option<String>,

    /// The consumer's Spine endpoint URL (JWT iss); needed only without a profile.
    #[arg(long, global = true, value_name = "URL")]
    pub issuer: Option<String>,

    /// The consumer's identifier system for devices and users; needed only without a
    /// profile.
    #[arg(long, global = true, value_name = "URL")]
    pub identifier_system: Option<String>,

    /// This installation's device id; needed only without a profile.
    #[arg(long, global = true, value_name = "ID")]
    pub device_id: Option<String>,

    /// Client certificate (PEM file).
    #[arg(long, global = true, value_name = "PATH")]
    pub client_certificate: Option<PathBuf>,

    /// Client private key (PEM file). Its content is never printed.
    #[arg(long, global = true, value_name = "PATH")]
    pub client_key: Option<PathBuf>,

    /// CA certificates to trust (PEM file).
    #[arg(long, global = true, value_name = "PATH")]
    pub trusted_ca: Option<PathBuf>,

    /// SDS FHIR API base URL, for practices configured by ODS code only.
    #[arg(long, global = true, value_name = "URL")]
    pub sds_url: Option<String>,

    /// SDS API key.
    #[arg(
        long,
        global = true,
        value_name = "KEY",
        env = "GPC_SDS_API_KEY",
        hide_env_values = true
    )]
    pub sds_api_key: Option<String>,

    /// A practice's FHIR service root, ODS=URL (repeatable). A practice without root or
    /// ASID is looked up in SDS.
    #[arg(long, global = true, value_name = "ODS=URL")]
    pub practice_root: Vec<String>,

    /// A practice's ASID, ODS=ASID (repeatable).
    #[arg(long, global = true, value_name = "ODS=ASID")]
    pub practice_asid: Vec<String>,

    /// Seconds allowed to open a connection (default 10).
    #[arg(long, global = true, value_name = "SECONDS")]
    pub connect_timeout_seconds: Option<u64>,

    /// Seconds allowed for a whole request (default 30).
    #[arg(long, global = true, value_name = "SECONDS")]
    pub request_timeout_seconds: Option<u64>,
}

/// A booking organisation type (GPConnect-OrganisationType-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OrgTypeArg {
    /// A GP practice.
    GpPractice,
    /// An urgent-care service (111, hub, out of hours).
    UrgentCare,
}

/// A patient's administrative gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenderArg {
    /// Male.
    Male,
    /// Female.
    Female,
    /// Other.
    Other,
    /// Unknown.
    Unknown,
}

/// `gpc slots`
#[derive(Debug, Clone, Args)]
pub struct SlotsArgs {
    /// ODS code of a practice to search (repeatable; default: every practice in the
    /// profile).
    #[arg(long, value_name = "ODS")]
    pub practice: Vec<String>,

    /// First day (default: today, UK).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,

    /// Last day, inclusive.
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "days")]
    pub to: Option<String>,

    /// Number of days from --from (default 14; longer searches are split into 14-day
    /// windows).
    #[arg(long, value_name = "N")]
    pub days: Option<u32>,

    /// Seconds each practice has to answer in all (every window and retry included).
    #[arg(long, value_name = "SECONDS", default_value_t = 20)]
    pub deadline_seconds: u64,

    /// Print CSV: practice, slot id, date, start, end, duration, delivery channel, slot
    /// type, schedule type, location, address, practitioner, gender, role. Not with --json.
    #[arg(long, help_heading = "Output")]
    pub csv: bool,
}

/// The patient, by logical id at the practice or by NHS number (found at the practice).
#[derive(Debug, Clone, Args)]
#[group(required = true, multiple = false)]
pub struct PatientArgs {
    /// The patient's id at the practice (from `gpc patient find`).
    #[arg(long, value_name = "ID")]
    pub patient_id: Option<String>,

    /// The patient's NHS number (spaces allowed); the patient is found at the practice.
    #[arg(long, value_name = "NHS_NUMBER")]
    pub nhs_number: Option<String>,
}

/// `gpc patient find`
#[derive(Debug, Clone, Args)]
pub struct FindPatientArgs {
    /// ODS code of the practice.
    #[arg(long, value_name = "ODS")]
    pub practice: String,

    /// NHS number, spaces allowed (e.g. "947 671 9931").
    #[arg(long, value_name = "NHS_NUMBER")]
    pub nhs_number: String,
}

/// `gpc patient trace`
#[derive(Debug, Clone, Args)]
pub struct TraceArgs {
    /// NHS number, spaces allowed: retrieve the patient's PDS record.
    #[arg(long, value_name = "NHS_NUMBER", conflicts_with_all = ["family", "given", "gender", "birth_date", "born_from", "born_to", "postcode", "fuzzy", "exact", "max_results"])]
    pub nhs_number: Option<String>,

    /// Family name; `*` at the end matches any ending (not in the first two characters).
    #[arg(long, value_name = "NAME")]
    pub family: Option<String>,

    /// First given name.
    #[arg(long, value_name = "NAME")]
    pub given: Option<String>,

    /// Gender.
    #[arg(long, value_name = "GENDER")]
    pub gender: Option<GenderArg>,

    /// Date of birth.
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with_all = ["born_from", "born_to"])]
    pub birth_date: Option<String>,

    /// Born on or after this day (a range of dates of birth).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub born_from: Option<String>,

    /// Born on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub born_to: Option<String>,

    /// Postcode (spaces ignored; `*` allowed, e.g. DN16*).
    #[arg(long, value_name = "POSTCODE")]
    pub postcode: Option<String>,

    /// Fuzzy matching: similar-sounding and swapped names (no wildcards).
    #[arg(long)]
    pub fuzzy: bool,

    /// Exact matches only.
    #[arg(long)]
    pub exact: bool,

    /// At most this many matches (1-50; PDS says "too many matches" beyond).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub max_results: u8,
}

/// `gpc patient register`
#[derive(Debug, Clone, Args)]
pub struct RegisterArgs {
    /// ODS code of the practice.
    #[arg(long, value_name = "ODS")]
    pub practice: String,

    /// NHS number, spaces allowed.
    #[arg(long, value_name = "NHS_NUMBER")]
    pub nhs_number: String,

    /// Family name.
    #[arg(long, value_name = "NAME")]
    pub family: String,

    /// Given name (repeat for several).
    #[arg(long, value_name = "NAME", required = true)]
    pub given: Vec<String>,

    /// Title, e.g. Mrs.
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,

    /// Date of birth.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub birth_date: String,

    /// Gender.
    #[arg(long, value_name = "GENDER")]
    pub gender: Option<GenderArg>,

    /// Home address line (repeat, up to 5).
    #[arg(long, value_name = "LINE")]
    pub address_line: Vec<String>,

    /// Home address town or city.
    #[arg(long, value_name = "CITY")]
    pub city: Option<String>,

    /// Home address district or county.
    #[arg(long, value_name = "DISTRICT")]
    pub district: Option<String>,

    /// Home address postcode.
    #[arg(long, value_name = "POSTCODE")]
    pub postcode: Option<String>,

    /// Temporary address line (repeat, up to 5).
    #[arg(long, value_name = "LINE")]
    pub temporary_address_line: Vec<String>,

    /// Temporary address town or city.
    #[arg(long, value_name = "CITY")]
    pub temporary_city: Option<String>,

    /// Temporary address district or county.
    #[arg(long, value_name = "DISTRICT")]
    pub temporary_district: Option<String>,

    /// Temporary address postcode.
    #[arg(long, value_name = "POSTCODE")]
    pub temporary_postcode: Option<String>,

    /// Home phone.
    #[arg(long, value_name = "PHONE")]
    pub home_phone: Option<String>,

    /// Mobile phone.
    #[arg(long, value_name = "PHONE")]
    pub mobile_phone: Option<String>,

    /// Work phone.
    #[arg(long, value_name = "PHONE")]
    pub work_phone: Option<String>,

    /// Temporary phone.
    #[arg(long, value_name = "PHONE")]
    pub temporary_phone: Option<String>,

    /// Email address.
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,
}

/// `gpc book`
#[derive(Debug, Clone, Args)]
pub struct BookArgs {
    /// ODS code of the practice.
    #[arg(long, value_name = "ODS")]
    pub practice: String,

    /// The patient.
    #[command(flatten)]
    pub patient: PatientArgs,

    /// Slot id (from `gpc slots`); repeat for adjacent slots of one session.
    #[arg(long, value_name = "ID", required = true)]
    pub slot: Vec<String>,

    /// Short description, at most 100 characters.
    #[arg(long, value_name = "TEXT")]
    pub description: String,

    /// Patient-specific comment, at most 500 characters.
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,

    /// First day of the search that finds the slots (default: today, UK).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,

    /// Days searched for the slots.
    #[arg(long, value_name = "N", default_value_t = 42)]
    pub days: u32,
}

/// `gpc appointments`
#[derive(Debug, Clone, Args)]
pub struct AppointmentsArgs {
    /// ODS code of the practice.
    #[arg(long, value_name = "ODS")]
    pub practice: String,

    /// The patient.
    #[command(flatten)]
    pub patient: PatientArgs,

    /// First day (default: today, UK; earlier days are refused by GP Connect).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,

    /// Last day, inclusive.
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "days")]
    pub to: Option<String>,

    /// Number of days from --from (default 28).
    #[arg(long, value_name = "N")]
    pub days: Option<u32>,
}

/// `gpc appointment read`
#[derive(Debug, Clone, Args)]
pub struct AppointmentArgs {
    /// ODS code of the practice.
    #[arg(long, value_name = "ODS")]
    pub practice: String,

    /// Appointment id at the practice.
    #[arg(long, value_name = "ID")]
    pub id: String,
}

/// `gpc appointment amend`
#[derive(Debug, Clone, Args)]
pub struct AmendArgs {
    /// The appointment.
    #[command(flatten)]
    pub appointment: AppointmentArgs,

    /// New description, at most 100 characters.
    #[arg(long, value_name = "TEXT")]
    pub description: String,

    /// New comment, at most 500 characters; without it the current comment is kept, and
    /// an empty one removes it.
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,
}

/// `gpc appointment cancel`
#[derive(Debug, Clone, Args)]
pub struct CancelArgs {
    /// The appointment.
    #[command(flatten)]
    pub appointment: AppointmentArgs,

    /// Why it is cancelled.
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

/// `gpc discover`
#[derive(Debug, Clone, Args)]
pub struct DiscoverArgs {
    /// ODS code of the practice to look up.
    #[arg(long, value_name = "ODS")]
    pub ods: String,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn flags_may_follow_the_subcommand() {
        let cli = Cli::try_parse_from([
            "gpc",
            "slots",
            "--practice",
            "A20047",
            "--json",
            "--profile",
            "p.toml",
        ])
        .unwrap();
        assert!(cli.json);
        assert_eq!(cli.config.profile, Some(PathBuf::from("p.toml")));
    }

    #[test]
    fn to_and_days_conflict() {
        assert!(
            Cli::try_parse_from(["gpc", "slots", "--to", "2026-01-01", "--days", "3"]).is_err()
        );
    }

    #[test]
    fn a_patient_is_given_once() {
        let base = ["gpc", "appointments", "--practice", "A20047"];
        assert!(Cli::try_parse_from(base).is_err());
        let both = [
            &base[..],
            &["--patient-id", "1", "--nhs-number", "9476719931"],
        ]
        .concat();
        assert!(Cli::try_parse_from(both).is_err());
        let one = [&base[..], &["--patient-id", "1"]].concat();
        assert!(Cli::try_parse_from(one).is_ok());
    }
}
