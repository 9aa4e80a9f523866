//! `gpc patient find` (§3.3) and `gpc patient register` (§3.4).
//!
//! Find: an empty result is not an error (exit 0): it means the patient must be registered
//! at that practice first. Register: every problem with the details is listed, and nothing
//! is sent, until all are fixed.

use std::io::Write;

use gpconnect::patients::{Gender, PostalAddress, TemporaryRegistration};

use crate::cli::{FindPatientArgs, GenderArg, RegisterArgs};
use crate::commands::{parse_date, parse_nhs_number, parse_ods, writes};
use crate::error::CliError;
use crate::output::{self, Format};
use crate::session::Session;

/// Runs `gpc patient find`.
pub async fn find(
    session: &Session,
    args: &FindPatientArgs,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    let ods = parse_ods("--practice", &args.practice)?;
    let nhs_number = parse_nhs_number(&args.nhs_number)?;
    let practice = session.practice(&ods).await?;
    let found = session
        .for_patient(&nhs_number)
        .find_patient(&practice, &nhs_number)
        .await?;
    if found.is_empty() {
        writeln!(
            err,
            "gpc: no patient with NHS number {} at {} ({}); register them there with gpc patient register",
            nhs_number.formatted(),
            practice.ods_code,
            practice.name
        )?;
    }
    match format {
        Format::Json => output::write_json(out, &found),
        _ if found.is_empty() => Ok(()),
        _ => output::write_table(out, &output::patients_table(&found)),
    }
}

fn text(value: Option<&String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// An address from its flags; `None` when none of them was given.
fn address(
    lines: &[String],
    city: Option<&String>,
    district: Option<&String>,
    postcode: Option<&String>,
) -> Option<PostalAddress> {
    if lines.is_empty() && city.is_none() && district.is_none() && postcode.is_none() {
        return None;
    }
    Some(PostalAddress {
        lines: lines.to_vec(),
        city: text(city),
        district: text(district),
        postcode: postcode.cloned().unwrap_or_default(),
    })
}

/// The registration the flags describe. Error: [`CliError::Input`] for an invalid NHS
/// number or date of birth (the other rules are checked by
/// [`TemporaryRegistration::validate`]).
pub fn registration(args: &RegisterArgs) -> Result<TemporaryRegistration, CliError> {
    Ok(TemporaryRegistration {
        nhs_number: parse_nhs_number(&args.nhs_number)?,
        family_name: args.family.clone(),
        given_names: args.given.clone(),
        prefix: text(args.title.as_ref()),
        birth_date: parse_date("--birth-date", &args.birth_date)?,
        gender: args.gender.map(|g| match g {
            GenderArg::Male => Gender::Male,
            GenderArg::Female => Gender::Female,
            GenderArg::Other => Gender::Other,
            GenderArg::Unknown => Gender::Unknown,
        }),
        home_address: address(
            &args.address_line,
            args.city.as_ref(),
            args.district.as_ref(),
            args.postcode.as_ref(),
        ),
        temporary_address: address(
            &args.temporary_address_line,
            args.temporary_city.as_ref(),
            args.temporary_district.as_ref(),
            args.temporary_postcode.as_ref(),
        ),
        home_phone: text(args.home_phone.as_ref()),
        mobile_phone: text(args.mobile_phone.as_ref()),
        work_phone: text(args.work_phone.as_ref()),
        temporary_phone: text(args.temporary_phone.as_ref()),
        email: text(args.email.as_ref()),
        communication: None,
    })
}

/// Runs `gpc patient register`.
pub async fn register(
    session: &Session,
    args: &RegisterArgs,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    let ods = parse_ods("--practice", &args.practice)?;
    let registration = registration(args)?;
    let problems = registration.validate(session.today());
    if !problems.is_empty() {
        return Err(CliError::Registration(problems));
    }
    let practice = session.practice(&ods).await?;
    let outcome = session
        .for_patient(&registration.nhs_number)
        .register_patient(&practice, &registration)
        .await?;
    let patient = writes::settle(outcome, "registration", err)?;
    match format {
        Format::Json => output::write_json(out, &patient),
        _ => output::write_table(out, &output::patients_table(std::slice::from_ref(&patient))),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn args() -> RegisterArgs {
        RegisterArgs {
            practice: "GPC001".into(),
            nhs_number: "965 125 8535".into(),
            family: "Conway".into(),
            given: vec!["Julius".into()],
            title: Some("Mr".into()),
            birth_date: "1924-08-16".into(),
            gender: Some(GenderArg::Male),
            address_line: vec!["12 Park Row".into()],
            city: Some("Leeds".into()),
            district: None,
            postcode: Some("LS1 5HD".into()),
            temporary_address_line: Vec::new(),
            temporary_city: None,
            temporary_district: None,
            temporary_postcode: None,
            home_phone: None,
            mobile_phone: Some("07700 900123".into()),
            work_phone: None,
            temporary_phone: None,
            email: Some(" ".into()),
        }
    }

    #[test]
    fn flags_make_a_valid_registration() {
        let registration = registration(&args()).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert!(registration.validate(today).is_empty());
        assert_eq!(registration.temporary_address, None);
        assert_eq!(registration.email, None);
        assert_eq!(
            registration.home_address.unwrap().postcode,
            "LS1 5HD".to_owned()
        );
    }

    #[test]
    fn every_problem_is_found() {
        let mut bad = args();
        bad.family = " ".into();
        bad.postcode = Some("nowhere".into());
        bad.temporary_address_line = vec!["Flat 2".into()];
        bad.email = Some("not an email".into());
        let registration = registration(&bad).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let fields: Vec<String> = registration
            .validate(today)
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                "familyName",
                "homeAddress.postcode",
                "temporaryAddress.postcode",
                "email"
            ]
        );
    }
}
