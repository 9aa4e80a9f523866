//! `gpc login` and `gpc logout`, and the session between runs: signing in with NHS CIS2
//! through the browser (the `cis2` crate's flow, as the app does), choosing the role, and
//! keeping the session in the OS keyring until it expires. A profile with a `[cis2]` table
//! sends the signed-in user and role on every request; without a session nothing is sent. A
//! profile without it sends its fixed user, and only to a simulator on this computer.
//!
//! The keyring service is `uk.nhs.gpconnect.gpc` (`GPC_KEYRING_SERVICE` overrides it, for
//! tests); one entry per issuer and client ID.

use std::io::Write;
use std::time::Duration;

use chrono::Utc;
use cis2::{Browser, RoleChoice, StoredSession};
use gpconnect::profile::{Cis2Profile, Profile};

use crate::cli::LoginArgs;
use crate::error::CliError;

/// The keyring service name.
pub const SERVICE: &str = "uk.nhs.gpconnect.gpc";

fn entry(cis2: &Cis2Profile) -> Result<keyring::Entry, CliError> {
    let service = std::env::var("GPC_KEYRING_SERVICE").unwrap_or_else(|_| SERVICE.to_owned());
    keyring::Entry::new(
        &service,
        &format!("cis2-session:{}|{}", cis2.issuer, cis2.client_id),
    )
    .map_err(|e| CliError::Keyring(e.to_string()))
}

fn cis2_of(profile: &Profile) -> Result<&Cis2Profile, CliError> {
    profile.cis2.as_ref().ok_or_else(|| {
        CliError::Configuration(
            "the profile has no [cis2] table (issuer, client_id, private_key, key_id): sign-in is not set up"
                .to_owned(),
        )
    })
}

/// The session kept for `profile`, when one is stored and has not expired.
///
/// Errors: [`CliError::Keyring`].
pub fn stored(profile: &Profile) -> Result<Option<StoredSession>, CliError> {
    let Some(cis2) = &profile.cis2 else {
        return Ok(None);
    };
    let text = match entry(cis2)?.get_password() {
        Ok(text) => text,
        Err(keyring::Error::NoEntry) => return Ok(None),
        Err(e) => return Err(CliError::Keyring(e.to_string())),
    };
    // An unreadable entry is as good as none: sign in again.
    Ok(serde_json::from_str::<StoredSession>(&text)
        .ok()
        .filter(|s| !s.expired(Utc::now())))
}

fn provider_config(profile: &Profile) -> Result<cis2::ProviderConfig, CliError> {
    let cis2 = cis2_of(profile)?;
    let read = |what: &str, path: &std::path::Path| {
        std::fs::read_to_string(path)
            .map_err(|e| CliError::Configuration(format!("{what} ({}): {e}", path.display())))
    };
    let client_auth = match (&cis2.private_key, &cis2.client_secret_file) {
        (Some(key), _) => cis2::ClientAuth::PrivateKeyJwt {
            key_pem: cis2::Secret::new(read("CIS2 private key", key)?),
            key_id: cis2.key_id.clone().unwrap_or_default(),
            algorithm: cis2::AssertionAlgorithm::Rs512,
        },
        (None, Some(file)) => cis2::ClientAuth::ClientSecret(cis2::Secret::new(
            read("CIS2 client secret", file)?.trim().to_owned(),
        )),
        (None, None) => {
            return Err(CliError::Configuration(
                "[cis2] needs private_key (and key_id) or client_secret_file".to_owned(),
            ));
        }
    };
    Ok(cis2::ProviderConfig {
        issuer: cis2.issuer.clone(),
        client_id: cis2.client_id.clone(),
        client_auth,
        redirect_port: cis2.redirect_port,
        scopes: Vec::new(),
        acr_values: cis2.acr_values.clone(),
        requirements: cis2::Requirements::default(),
        // Plain http only to the simulator's stand-in on this machine.
        allow_loopback_http: cis2.issuer.starts_with("http://127.0.0.1:"),
        request_timeout: Duration::from_secs(30),
    })
}

/// `gpc login`: signs in through the browser, chooses the role, keeps the session.
///
/// Errors: [`CliError::SignIn`] when the sign-in fails or is refused, or the user must
/// choose a role (`--role`); [`CliError::Configuration`]; [`CliError::Keyring`].
pub async fn login(
    profile: &Profile,
    args: &LoginArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    let config = provider_config(profile)?;
    let cis2 = cis2_of(profile)?.clone();
    let provider = cis2::Provider::discover(config)
        .await
        .map_err(|e| CliError::SignIn(e.to_string()))?;
    let browser = Browser::from_env();
    let mut shown = Vec::new();
    let sign_in = cis2::sign_in(
        &provider,
        |pending| {
            let _ = writeln!(
                shown,
                "gpc: sign in with NHS CIS2 in your browser; if it does not open, go to:\n  {}",
                pending.url
            );
            // The address is printed: a browser that cannot open is not an error.
            let _ = browser.open(&pending.url);
            Ok(())
        },
        cis2::BROWSER_TIMEOUT,
        Utc::now,
    );
    // The address is written once the flow has made it, before waiting for the browser.
    let sign_in = sign_in.await;
    err.write_all(&shown)?;
    let sign_in = sign_in.map_err(|e| CliError::SignIn(e.to_string()))?;
    let mut allowed = vec![profile.consumer.organisation.ods_code.to_string()];
    allowed.extend(cis2.allowed_organisations.iter().cloned());
    let role = match sign_in
        .role_choice(&allowed)
        .map_err(|e| CliError::SignIn(e.to_string()))?
    {
        RoleChoice::Selected(role) => role,
        RoleChoice::Choose(roles) => {
            let chosen = args
                .role
                .as_deref()
                .and_then(|id| roles.iter().find(|r| r.person_roleid == id));
            match chosen {
                Some(role) => role.clone(),
                None => {
                    let list: Vec<String> = roles
                        .iter()
                        .map(|r| {
                            format!("{} ({} at {})", r.person_roleid, r.short_name(), r.org_code)
                        })
                        .collect();
                    return Err(CliError::SignIn(format!(
                        "you hold several roles: sign in again with --role, one of {}",
                        list.join(", ")
                    )));
                }
            }
        }
    };
    let session = StoredSession::new(&sign_in, role);
    let text = serde_json::to_string(&session).map_err(|e| CliError::Keyring(e.to_string()))?;
    entry(&cis2)?
        .set_password(&text)
        .map_err(|e| CliError::Keyring(e.to_string()))?;
    writeln!(
        out,
        "Signed in as {} ({}, {} at {}) until {}",
        session.user.display_name,
        session.user.sds_user_id,
        session.role.short_name(),
        session.role.org_code,
        gpconnect::time::uk_local(session.expires_at).format("%-d %b %Y %H:%M")
    )?;
    Ok(())
}

/// `gpc logout`: forgets the kept session.
///
/// Errors: [`CliError::Configuration`] without `[cis2]`; [`CliError::Keyring`].
pub fn logout(profile: &Profile, out: &mut dyn Write) -> Result<(), CliError> {
    match entry(cis2_of(profile)?)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => {}
        Err(e) => return Err(CliError::Keyring(e.to_string())),
    }
    writeln!(out, "Signed out.")?;
    Ok(())
}

/// The profile with the signed-in user and their role's organisation in place of the
/// profile's own (§4.2); unchanged when the profile has no `[cis2]` table and sends only to
/// this computer (a simulator).
///
/// Errors: [`CliError::SignIn`] when sign-in is set up and no one is signed in, or when a
/// profile without sign-in would send a fixed user beyond this computer (nothing is sent);
/// [`CliError::Keyring`].
pub fn apply_session(mut profile: Profile) -> Result<Profile, CliError> {
    if profile.cis2.is_none() {
        // GP Connect wants the signed-in user, never a fixed one (§4.2): a profile without
        // sign-in may only talk to a simulator on this computer.
        if profile.only_loopback() {
            return Ok(profile);
        }
        return Err(CliError::SignIn(
            "the profile has no [cis2] table, so it would send a fixed user: only a simulator \
             on this computer accepts that. Add [cis2] and run gpc login (nothing was sent)"
                .to_owned(),
        ));
    }
    let session = stored(&profile)?.ok_or_else(|| {
        CliError::SignIn(
            "no one is signed in, or the session has expired: run gpc login (nothing was sent)"
                .to_owned(),
        )
    })?;
    let user = &session.user;
    profile.consumer.user = gpconnect::UserIdentity {
        id: user.sds_user_id.clone(),
        family_name: user.family_name.clone(),
        given_names: user.given_names.clone(),
        prefixes: user.title.clone().into_iter().collect(),
        sds_user_id: Some(user.sds_user_id.clone()),
        sds_role_profile_id: Some(session.role.person_roleid.clone()),
    };
    let organisation = &mut profile.consumer.organisation;
    if !organisation
        .ods_code
        .as_str()
        .eq_ignore_ascii_case(&session.role.org_code)
    {
        organisation.ods_code = gpconnect::OdsCode::parse(&session.role.org_code)
            .map_err(|e| CliError::SignIn(format!("the role's organisation: {e}")))?;
        organisation.name = session
            .organisation_name
            .clone()
            .unwrap_or_else(|| session.role.org_code.clone());
    }
    Ok(profile)
}
