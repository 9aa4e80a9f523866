//! `gpc patient trace`: the patient traced on PDS FHIR R4 for the signed-in user, by NHS
//! number (a retrieval) or by demographics (a search), as the app's patient panel does
//! (`gpconnect-1.2.7.md` §5.4; `nhs-identity-pds.md` §3).
//!
//! Every value is checked before anything is sent (exit 5). A sensitive, deceased or
//! superseded patient is a trace like any other (exit 0), said plainly on standard error
//! with what it means for GP Connect.

use std::io::Write;

use gpconnect::RetryPolicy;
use gpconnect::patients::Gender;
use gpconnect::profile::Profile;
use gpconnect::secret::Sensitive;
use pds::{ApplicationKey, BirthDate, Block, PdsClient, PdsSettings, PdsUser, SearchQuery, Trace};

use crate::cli::{GenderArg, TraceArgs};
use crate::commands::{parse_date, parse_nhs_number};
use crate::error::CliError;
use crate::output::{self, Format};

/// What to trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceRequest {
    /// A retrieval by NHS number.
    NhsNumber(gpconnect::NhsNumber),
    /// A search by demographics.
    Search(SearchQuery),
}

fn text(value: Option<&String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The trace the flags ask for.
///
/// Errors: [`CliError::Input`] for a bad NHS number or date; [`CliError::Pds`] with every
/// problem of the search (PDS's rules), before anything is sent.
pub fn request(args: &TraceArgs) -> Result<TraceRequest, CliError> {
    if let Some(number) = &args.nhs_number {
        return Ok(TraceRequest::NhsNumber(parse_nhs_number(number)?));
    }
    let date = |flag: &str, value: &Option<String>| {
        value.as_deref().map(|v| parse_date(flag, v)).transpose()
    };
    let birth_date = match (
        date("--birth-date", &args.birth_date)?,
        date("--born-from", &args.born_from)?,
        date("--born-to", &args.born_to)?,
    ) {
        (Some(day), _, _) => Some(BirthDate::On(day)),
        (None, None, None) => None,
        (None, from, to) => Some(BirthDate::Between { from, to }),
    };
    let query = SearchQuery {
        family_name: text(args.family.as_ref()),
        given_name: text(args.given.as_ref()),
        gender: args.gender.map(|g| match g {
            GenderArg::Male => Gender::Male,
            GenderArg::Female => Gender::Female,
            GenderArg::Other => Gender::Other,
            GenderArg::Unknown => Gender::Unknown,
        }),
        birth_date,
        postcode: text(args.postcode.as_ref()),
        fuzzy: args.fuzzy,
        exact: args.exact,
        max_results: Some(args.max_results),
    };
    query.validate()?;
    Ok(TraceRequest::Search(query))
}

/// A PDS client for the signed-in user of `profile`.
///
/// Errors: [`CliError::Configuration`] without a `[pds]` table or with an unreadable key
/// or CA file; [`CliError::SignIn`] when no one is signed in (nothing is sent);
/// [`CliError::Keyring`].
pub fn client(profile: &Profile) -> Result<PdsClient, CliError> {
    let settings = profile.pds.as_ref().ok_or_else(|| {
        CliError::Configuration(
            "PDS is not configured: add a [pds] table (url, token_url, api_key, private_key, \
             key_id) to the profile"
                .to_owned(),
        )
    })?;
    if profile.cis2.is_none() {
        return Err(CliError::Configuration(
            "tracing on PDS needs sign-in with NHS CIS2: add a [cis2] table to the profile"
                .to_owned(),
        ));
    }
    let session = crate::sign_in::stored(profile)?.ok_or_else(|| {
        CliError::SignIn(
            "no one is signed in, or the session has expired: run gpc login (nothing was sent)"
                .to_owned(),
        )
    })?;
    let read = |what: &str, path: &std::path::Path| {
        std::fs::read(path)
            .map_err(|e| CliError::Configuration(format!("{what} ({}): {e}", path.display())))
    };
    let key = String::from_utf8(read("PDS private key", &settings.private_key)?)
        .map_err(|_| CliError::Configuration("the PDS private key is not PEM text".to_owned()))?;
    let pds_settings = PdsSettings {
        base_url: settings.url.clone(),
        token_url: settings.token_url.clone(),
        key: ApplicationKey {
            api_key: Sensitive::new(settings.api_key.clone()),
            private_key_pem: Sensitive::new(key),
            key_id: settings.key_id.clone(),
        },
        // As for SDS: the profile's CAs are trusted besides the system's.
        extra_trusted_ca_pem: Some(read("trusted CA certificates", &profile.tls.trusted_ca)?),
        timeouts: profile.timeouts(),
        retry: RetryPolicy::default(),
    };
    let user = PdsUser {
        id_token: Sensitive::new(session.id_token.clone()),
        role_id: session.role.person_roleid.clone(),
        organisation: Some(session.role.org_code.clone()),
    };
    Ok(PdsClient::new(pds_settings, user)?)
}

/// Says on standard error what a trace means for GP Connect.
fn write_notes(err: &mut dyn Write, trace: &Trace) -> std::io::Result<()> {
    let patient = &trace.patient;
    if trace.superseded {
        writeln!(
            err,
            "gpc: NHS number {} was superseded: PDS answered with {}, use that number",
            trace.requested.formatted(),
            patient.nhs_number.formatted()
        )?;
    }
    match trace.booking_block() {
        Some(Block::Sensitive) => writeln!(
            err,
            "gpc: this patient's record is restricted (sensitive): no GP Connect request may \
             be sent for them, and their address is not shown"
        )?,
        Some(Block::Deceased) => writeln!(
            err,
            "gpc: PDS records this patient as deceased{}: do not book",
            patient
                .deceased
                .as_ref()
                .map(|d| d.date.map_or_else(
                    || format!(" ({})", d.text),
                    |day| { format!(" on {}", day.format("%-d %b %Y")) }
                ))
                .unwrap_or_default()
        )?,
        None => {}
    }
    Ok(())
}

/// Runs `gpc patient trace`.
///
/// Errors: as [`request`] and [`client`]; [`CliError::Pds`] when PDS or the platform
/// refuses.
pub async fn run(
    profile: &Profile,
    args: &TraceArgs,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    let request = request(args)?;
    let pds = client(profile)?;
    let practice_name = |ods: &gpconnect::OdsCode| {
        profile
            .practices
            .iter()
            .find(|p| p.ods_code == *ods)
            .map(|p| p.name.clone().unwrap_or_else(|| ods.to_string()))
    };
    match request {
        TraceRequest::NhsNumber(number) => {
            let trace = pds.retrieve(&number).await?;
            write_notes(err, &trace)?;
            match format {
                Format::Json => output::write_json(out, &trace),
                _ => output::write_table(
                    out,
                    &output::pds_table(std::slice::from_ref(&trace.patient), &practice_name),
                ),
            }
        }
        TraceRequest::Search(query) => {
            let found = pds.search(&query).await?;
            if found.is_empty() {
                writeln!(
                    err,
                    "gpc: no one on PDS matches{}",
                    if query.fuzzy {
                        ""
                    } else {
                        "; check the details, or try again with --fuzzy"
                    }
                )?;
            }
            match format {
                Format::Json => output::write_json(out, &found),
                _ if found.is_empty() => Ok(()),
                _ => output::write_table(out, &output::pds_table(&found, &practice_name)),
            }
        }
    }
}
