//! Signing in and out with NHS CIS2, choosing a role, the session's state for the sign-in
//! screen and banner, and the practices' per-session checks (SDS and capability statement).
//!
//! Sign-in runs the `cis2` crate's flow: discovery, the system browser (or, in demo mode,
//! the app answering the simulator's sign-in page itself, through the same code flow), the
//! loopback redirect, the token request with the site's key or secret from the keyring, and
//! the ID-token and userinfo checks. The role's organisation must be the booking organisation
//! or one the settings allow.

use std::time::Duration;

use chrono::Utc;
use cis2::{Browser, PendingSignIn, RoleChoice};
use futures::StreamExt;

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::session::{Ended, PendingRole};
use crate::settings::{Cis2ClientAuth, Settings};
use crate::state::{AppState, blocking};
use crate::views::{PracticeCheck, PracticeChecks, RoleView, SessionUser, SessionView};

/// How long a demo sign-in (the app answering the stand-in's page) may take.
const DEMO_TIMEOUT: Duration = Duration::from_secs(30);

/// The session for the sign-in screen and banner; `active` counts as activity (the user
/// typed or clicked since the last call), which keeps an idle session alive.
///
/// Errors: none.
pub async fn session_status(state: &AppState, active: bool) -> CommandResult<SessionView> {
    if active {
        let idle = state.settings().idle_timeout_minutes;
        state.session().touch(Utc::now(), idle);
    }
    Ok(view(state))
}

/// The session view.
pub fn view(state: &AppState) -> SessionView {
    let settings = state.settings();
    let session = state
        .session()
        .current(Utc::now(), settings.idle_timeout_minutes);
    let pending = state.session().pending();
    let user = session
        .as_ref()
        .map(|s| s.user.clone())
        .or_else(|| pending.as_ref().map(|p| p.sign_in.user()));
    SessionView {
        environment: settings.environment,
        environment_label: settings.environment.label().to_owned(),
        signed_in: session.is_some(),
        user: user.map(|u| SessionUser {
            name: u.display_name,
            sds_user_id: u.sds_user_id,
        }),
        role: session
            .as_ref()
            .map(|s| RoleView::new(&s.role, Some(s.organisation_name.clone()))),
        expires_at: session
            .as_ref()
            .map(|s| gpconnect::time::format_datetime(s.expires_at)),
        idle_timeout_minutes: settings.idle_timeout_minutes,
        choose_role: pending
            .map(|p| {
                p.roles
                    .iter()
                    .map(|r| RoleView::new(r, p.sign_in.organisation_name(&r.org_code)))
                    .collect()
            })
            .unwrap_or_default(),
        ended: state.session().ended().map(Ended::message),
        demo_users: state.demo_users(),
    }
}

/// The `cis2` configuration of the environment in use, with the client's key or secret from
/// the keyring.
async fn provider_config(
    state: &AppState,
    settings: &Settings,
) -> CommandResult<cis2::ProviderConfig> {
    if let Some(problem) = settings.cis2.validate(settings.environment).first() {
        return Err(CommandError::new(
            ErrorCode::NotConfigured,
            format!("Sign-in is not set up: {}", problem.message),
        ));
    }
    let (keyring, environment, how) = (
        state.keyring().clone(),
        settings.environment,
        settings.cis2.client_auth,
    );
    let key_id = settings.cis2.key_id.trim().to_owned();
    let auth = blocking(move || match how {
        Cis2ClientAuth::PrivateKeyJwt => Ok(keyring.cis2_client_key(environment)?.map(|pem| {
            cis2::ClientAuth::PrivateKeyJwt {
                key_pem: cis2::Secret::new(pem.into_inner()),
                key_id,
                algorithm: cis2::AssertionAlgorithm::Rs512,
            }
        })),
        Cis2ClientAuth::ClientSecret => Ok(keyring
            .cis2_client_secret(environment)?
            .map(|s| cis2::ClientAuth::ClientSecret(cis2::Secret::new(s.into_inner())))),
    })
    .await?
    .ok_or_else(|| {
        CommandError::new(
            ErrorCode::NotConfigured,
            "No CIS2 private key or client secret is stored for this environment. Add it in Settings.",
        )
    })?;
    let timeout = Duration::from_secs(u64::from(settings.timeouts.request_seconds));
    Ok(settings.cis2.provider_config(environment, auth, timeout))
}

/// A sign-in failure for the user: what happened and what to do.
fn sign_in_error(error: cis2::Error) -> CommandError {
    use cis2::Error as E;
    let (code, message, advice) = match &error {
        E::Configuration(m) => (
            ErrorCode::NotConfigured,
            m.clone(),
            "Check the sign-in settings.",
        ),
        E::NotCompleted => (
            ErrorCode::SignInCancelled,
            "The sign-in was not finished in the browser in time.".to_owned(),
            "Sign in again.",
        ),
        E::Refused { error: e, .. } if e == "access_denied" => (
            ErrorCode::SignInCancelled,
            "The sign-in was cancelled in the browser.".to_owned(),
            "Sign in again when you are ready.",
        ),
        E::IdToken(cis2::IdTokenError::AssuranceTooLow { .. }) => (
            ErrorCode::SignInNotAllowed,
            format!("You cannot use GP Connect Booking with this sign-in: {error}."),
            "Sign in with a smartcard or another method approved for clinical systems.",
        ),
        E::Refused { .. } => (
            ErrorCode::SignInFailed,
            format!("{error}."),
            "Check the client ID, and that the site's key or secret is the one registered with NHS CIS2.",
        ),
        _ => (
            ErrorCode::SignInFailed,
            format!("The sign-in did not complete: {error}."),
            "Try again. If it keeps failing, check the network and the sign-in settings.",
        ),
    };
    let mut command = CommandError::new(code, message);
    advice.clone_into(&mut command.details.advice);
    command
}

/// Starts the session of `sign_in` (or keeps it waiting for a role choice).
///
/// Errors: SIGN_IN_NOT_ALLOWED when the user has no role at an allowed organisation.
fn accept(
    state: &AppState,
    settings: &Settings,
    sign_in: cis2::SignIn,
) -> CommandResult<SessionView> {
    let mut allowed = vec![settings.organisation.ods_code.trim().to_owned()];
    allowed.extend(
        settings
            .allowed_organisations
            .iter()
            .map(|o| o.trim().to_owned()),
    );
    match sign_in.role_choice(&allowed) {
        Ok(RoleChoice::Selected(role)) => {
            let fallback = organisation_name(settings, &role.org_code);
            state
                .session()
                .start(&sign_in, settings.environment, role, &fallback, Utc::now());
        }
        Ok(RoleChoice::Choose(roles)) => state.session().await_role(PendingRole {
            sign_in,
            environment: settings.environment,
            roles,
        }),
        Err(error) => {
            let mut command = CommandError::new(
                ErrorCode::SignInNotAllowed,
                format!("You cannot use GP Connect Booking here: {error}."),
            );
            "Ask your Registration Authority for a role at this organisation, or ask the site to allow your organisation in Settings."
                .clone_into(&mut command.details.advice);
            return Err(command);
        }
    }
    Ok(view(state))
}

/// The booking organisation's name for `ods` when it is the one in the settings.
fn organisation_name(settings: &Settings, ods: &str) -> String {
    if settings
        .organisation
        .ods_code
        .trim()
        .eq_ignore_ascii_case(ods)
    {
        settings.organisation.name.trim().to_owned()
    } else {
        ods.to_owned()
    }
}

/// Runs a sign-in, handing the authorization URL to `open`.
async fn run_sign_in<F>(state: &AppState, open: F, timeout: Duration) -> CommandResult<SessionView>
where
    F: FnOnce(&PendingSignIn) -> cis2::Result<()> + Send + 'static,
{
    let settings = state.settings();
    let config = provider_config(state, &settings).await?;
    let task = tokio::spawn(async move {
        let provider = cis2::Provider::discover(config).await?;
        cis2::sign_in(&provider, open, timeout, Utc::now).await
    });
    state.session().set_sign_in_task(Some(task.abort_handle()));
    let outcome = task.await;
    state.session().set_sign_in_task(None);
    let sign_in = match outcome {
        Ok(result) => result.map_err(sign_in_error)?,
        Err(_) => {
            return Err(CommandError::new(
                ErrorCode::SignInCancelled,
                "The sign-in was cancelled.",
            ));
        }
    };
    state.drop_connection().await;
    accept(state, &settings, sign_in)
}

/// Signs in through the system browser (RFC 8252): opens the NHS CIS2 page, waits up to
/// five minutes for the redirect to the loopback port.
///
/// Errors: NOT_CONFIGURED; SIGN_IN_FAILED; SIGN_IN_NOT_ALLOWED; SIGN_IN_CANCELLED.
pub async fn sign_in(state: &AppState) -> CommandResult<SessionView> {
    let browser = Browser::from_env();
    run_sign_in(
        state,
        move |pending| browser.open(&pending.url),
        cis2::BROWSER_TIMEOUT,
    )
    .await
}

/// Demo mode's one-click sign-in: the app answers the simulator's CIS2 page itself as user
/// `uid` in role `role_id`, through the same code flow (PKCE, the demo client's signed
/// assertion, the ID-token checks).
///
/// Errors: SIMULATOR outside demo mode; as [`sign_in`].
pub async fn sign_in_demo(
    state: &AppState,
    uid: String,
    role_id: String,
) -> CommandResult<SessionView> {
    let answer = state.demo_answer(uid, role_id)?;
    run_sign_in(
        state,
        move |pending| {
            let url = pending.url.clone();
            tokio::spawn(async move {
                if let Err(problem) = answer(url).await {
                    eprintln!("gp-connect-booking: demo sign-in: {problem}");
                }
            });
            Ok(())
        },
        DEMO_TIMEOUT,
    )
    .await
}

/// Cancels a sign-in waiting for the browser.
///
/// Errors: none.
pub async fn cancel_sign_in(state: &AppState) -> CommandResult<SessionView> {
    state.session().cancel_sign_in();
    Ok(view(state))
}

/// Chooses the role of a user who holds several.
///
/// Errors: VALIDATION for a role not offered; SIGN_IN_REQUIRED when no sign-in waits.
pub async fn choose_role(state: &AppState, role_id: String) -> CommandResult<SessionView> {
    let pending = state
        .session()
        .pending()
        .ok_or_else(|| CommandError::new(ErrorCode::SignInRequired, "Sign in first."))?;
    let role = pending
        .roles
        .iter()
        .find(|r| r.person_roleid == role_id)
        .cloned()
        .ok_or_else(|| CommandError::invalid("Choose one of the roles offered."))?;
    let settings = state.settings();
    let fallback = organisation_name(&settings, &role.org_code);
    state.session().start(
        &pending.sign_in,
        pending.environment,
        role,
        &fallback,
        Utc::now(),
    );
    state.drop_connection().await;
    Ok(view(state))
}

/// Signs out: the session and what it looked up are forgotten.
///
/// Errors: none.
pub async fn sign_out(state: &AppState) -> CommandResult<SessionView> {
    state.session().cancel_sign_in();
    state.session().end(Ended::SignedOut);
    state.drop_connection().await;
    state.directory().clear();
    Ok(view(state))
}

/// Each configured practice as this session finds it: resolved through SDS or not (with the
/// reason), and its GP Connect version from its capability statement (§3.1), read once per
/// session and kept for it.
///
/// Errors: SIGN_IN_REQUIRED; NOT_CONFIGURED.
pub async fn check_practices(state: &AppState) -> CommandResult<PracticeChecks> {
    let connection = state.connection().await?;
    let session = state.require_session()?;
    let missing: Vec<_> = connection
        .practices
        .iter()
        .filter(|p| !session.versions.contains_key(&p.ods_code))
        .cloned()
        .collect();
    let deadline = connection.practice_deadline;
    let client = connection.client.clone();
    let read: Vec<_> = futures::stream::iter(missing)
        .map(|practice| {
            let client = client.clone();
            async move {
                let answer =
                    tokio::time::timeout(deadline, client.capability_statement(&practice)).await;
                let version = match answer {
                    Ok(Ok(statement)) => statement
                        .version
                        .ok_or_else(|| "its capability statement names no version".to_owned()),
                    Ok(Err(error)) => Err(crate::error::CommandError::from(error).message),
                    Err(_) => Err("it did not answer in time".to_owned()),
                };
                (practice.ods_code, version)
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    state.session().update(session.generation, |s| {
        s.versions.extend(read.iter().cloned())
    });
    let versions = state
        .require_session()
        .map(|s| s.versions)
        .unwrap_or_default();
    let mut checks: Vec<PracticeCheck> = connection
        .practices
        .iter()
        .map(|p| {
            let version = versions.get(&p.ods_code);
            PracticeCheck {
                ods_code: p.ods_code.clone(),
                name: p.name.clone(),
                gp_connect_version: version.and_then(|v| v.clone().ok()),
                problem: version
                    .and_then(|v| v.clone().err())
                    .map(|e| format!("Its capability statement could not be read: {e}")),
            }
        })
        .collect();
    checks.extend(connection.unresolved.iter().map(|u| PracticeCheck {
        ods_code: u.ods_code.clone(),
        name: u.name.clone(),
        gp_connect_version: None,
        problem: Some(format!(
            "SDS could not find it: {}",
            crate::error::CommandError::from(u.error.clone()).message
        )),
    }));
    Ok(PracticeChecks { practices: checks })
}
