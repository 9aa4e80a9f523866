//! The signed-in session: who is using the app (from the CIS2 sign-in), in which role and
//! for which organisation, until when, and what was looked up for them (SDS results,
//! capability statements and PDS traces, kept for this session only, §5.3, §5.4). No GP Connect or SDS call is
//! made without one: [`SessionState::require`] answers SIGN_IN_REQUIRED when there is no
//! session, and ends one that has expired or been idle too long, saying why.
//!
//! Belongs here: the session's lifetime and what it holds. Signing in (the CIS2 flow) is in
//! `commands::session`; the views crossing to the UI are in `views::session`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use cis2::{Cis2User, NationalRole, SignIn};
use gpconnect::Practice;
use gpconnect::config::UserIdentity;
use gpconnect::ids::OdsCode;
use gpconnect::secret::Sensitive;

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::settings::{Environment, Requester};
use crate::state::lock;

/// A signed-in user working in one role.
#[derive(Debug, Clone)]
pub struct ActiveSession {
    /// The environment signed in to.
    pub environment: Environment,
    /// The user.
    pub user: Cis2User,
    /// The role chosen.
    pub role: NationalRole,
    /// The role's organisation name (CIS2's, else the settings').
    pub organisation_name: String,
    /// The raw CIS2 ID token (for the PDS token exchange).
    pub id_token: Sensitive<String>,
    /// When CIS2's tokens expire.
    pub expires_at: DateTime<Utc>,
    /// When the user signed in.
    pub signed_in_at: DateTime<Utc>,
    /// The last time the user did something.
    pub last_activity: DateTime<Utc>,
    /// Practices SDS resolved this session, by SDS address and ODS code.
    pub sds: HashMap<(String, OdsCode), Practice>,
    /// Each practice's GP Connect version from its capability statement, or why it could not
    /// be read, this session.
    pub versions: HashMap<OdsCode, Result<String, String>>,
    /// The patients traced on PDS this session (§5.4: a trace may be reused within the
    /// session, never beyond), by NHS number: the number asked for and the current one.
    pub traces: HashMap<gpconnect::NhsNumber, pds::Trace>,
    /// Changes with every sign-in, so a connection built for another session is not reused.
    pub generation: u64,
}

impl ActiveSession {
    /// The requester of every GP Connect request: the user (`sub` and `id` = the SDS user
    /// ID; the SDS user ID and role profile ID as identifiers) and their role's organisation.
    pub fn requester(&self) -> Requester {
        Requester {
            user: UserIdentity {
                id: self.user.sds_user_id.clone(),
                family_name: self.user.family_name.clone(),
                given_names: self.user.given_names.clone(),
                prefixes: self.user.title.clone().into_iter().collect(),
                sds_user_id: Some(self.user.sds_user_id.clone()),
                sds_role_profile_id: Some(self.role.person_roleid.clone()),
            },
            organisation_ods: self.role.org_code.clone(),
            organisation_name: self.organisation_name.clone(),
        }
    }
}

/// A sign-in waiting for the user to choose one of several roles.
#[derive(Debug, Clone)]
pub struct PendingRole {
    /// The completed sign-in.
    pub sign_in: SignIn,
    /// The environment.
    pub environment: Environment,
    /// The roles at allowed organisations.
    pub roles: Vec<NationalRole>,
}

/// Why the last session ended, for the sign-in screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user signed out.
    SignedOut,
    /// CIS2's tokens expired.
    Expired,
    /// No activity for the idle timeout.
    Idle(u32),
    /// The environment or its sign-in settings changed.
    SettingsChanged,
}

impl Ended {
    /// A sentence for the user.
    pub fn message(self) -> String {
        match self {
            Self::SignedOut => "You signed out.".to_owned(),
            Self::Expired => "Your session has expired. Sign in again to continue.".to_owned(),
            Self::Idle(minutes) => format!(
                "You were signed out after {minutes} minutes without activity. Sign in again to continue."
            ),
            Self::SettingsChanged => {
                "The environment changed. Sign in again to continue.".to_owned()
            }
        }
    }
}

/// The session, if any, and a sign-in in progress.
#[derive(Debug, Default)]
pub struct SessionState {
    current: Mutex<Option<ActiveSession>>,
    pending: Mutex<Option<PendingRole>>,
    ended: Mutex<Option<Ended>>,
    generation: AtomicU64,
    sign_in_task: Mutex<Option<tokio::task::AbortHandle>>,
}

impl SessionState {
    /// The session as it stands at `now` with an idle limit of `idle_minutes`, ending it (and
    /// remembering why) when it has expired or been idle too long. Does not count as activity.
    pub fn current(&self, now: DateTime<Utc>, idle_minutes: u32) -> Option<ActiveSession> {
        let mut current = lock(&self.current);
        let ended = match current.as_ref() {
            None => return None,
            Some(s) if s.expires_at <= now => Some(Ended::Expired),
            Some(s)
                if now - s.last_activity > chrono::Duration::minutes(i64::from(idle_minutes)) =>
            {
                Some(Ended::Idle(idle_minutes))
            }
            Some(_) => None,
        };
        if let Some(ended) = ended {
            *current = None;
            *lock(&self.ended) = Some(ended);
            return None;
        }
        current.clone()
    }

    /// The session for a call at `now`, counted as activity.
    ///
    /// Errors: SIGN_IN_REQUIRED (nothing is sent), saying why when a session just ended.
    pub fn require(&self, now: DateTime<Utc>, idle_minutes: u32) -> CommandResult<ActiveSession> {
        match self.current(now, idle_minutes) {
            Some(_) => {
                let mut current = lock(&self.current);
                let session = current.as_mut().ok_or_else(|| self.required())?;
                session.last_activity = now;
                Ok(session.clone())
            }
            None => Err(self.required()),
        }
    }

    fn required(&self) -> CommandError {
        let message = lock(&self.ended).map_or_else(
            || "Sign in with your NHS Care Identity to continue.".to_owned(),
            Ended::message,
        );
        CommandError::new(ErrorCode::SignInRequired, message)
    }

    /// Counts `now` as activity, when a session is current.
    pub fn touch(&self, now: DateTime<Utc>, idle_minutes: u32) {
        if self.current(now, idle_minutes).is_some()
            && let Some(session) = lock(&self.current).as_mut()
        {
            session.last_activity = now;
        }
    }

    /// Starts a session for `sign_in` in `role`, ending any other.
    pub fn start(
        &self,
        sign_in: &SignIn,
        environment: Environment,
        role: NationalRole,
        fallback_organisation_name: &str,
        now: DateTime<Utc>,
    ) -> ActiveSession {
        let generation = self.generation.fetch_add(1, Ordering::Relaxed) + 1;
        let organisation_name = sign_in
            .organisation_name(&role.org_code)
            .unwrap_or_else(|| fallback_organisation_name.to_owned());
        let session = ActiveSession {
            environment,
            user: sign_in.user(),
            role,
            organisation_name,
            id_token: Sensitive::new(sign_in.id_token.expose().clone()),
            expires_at: sign_in.expires_at,
            signed_in_at: now,
            last_activity: now,
            sds: HashMap::new(),
            versions: HashMap::new(),
            traces: HashMap::new(),
            generation,
        };
        *lock(&self.current) = Some(session.clone());
        *lock(&self.pending) = None;
        *lock(&self.ended) = None;
        session
    }

    /// Ends the session (and any pending role choice), remembering why.
    pub fn end(&self, why: Ended) {
        let had = lock(&self.current).take().is_some() || lock(&self.pending).take().is_some();
        if had || why == Ended::SignedOut {
            *lock(&self.ended) = Some(why);
        }
        self.generation.fetch_add(1, Ordering::Relaxed);
    }

    /// Keeps a sign-in until the user chooses a role.
    pub fn await_role(&self, pending: PendingRole) {
        *lock(&self.current) = None;
        *lock(&self.pending) = Some(pending);
    }

    /// The sign-in waiting for a role, if any.
    pub fn pending(&self) -> Option<PendingRole> {
        lock(&self.pending).clone()
    }

    /// Why the last session ended, if it did.
    pub fn ended(&self) -> Option<Ended> {
        *lock(&self.ended)
    }

    /// Runs `f` on the current session (if still the one of `generation`).
    pub fn update(&self, generation: u64, f: impl FnOnce(&mut ActiveSession)) {
        if let Some(session) = lock(&self.current).as_mut()
            && session.generation == generation
        {
            f(session);
        }
    }

    /// Remembers the task of a sign-in in progress (so it can be cancelled).
    pub fn set_sign_in_task(&self, task: Option<tokio::task::AbortHandle>) {
        if let Some(previous) = std::mem::replace(&mut *lock(&self.sign_in_task), task) {
            previous.abort();
        }
    }

    /// Cancels a sign-in in progress; `true` when there was one.
    pub fn cancel_sign_in(&self) -> bool {
        lock(&self.sign_in_task).take().map(|t| t.abort()).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn sign_in(now: DateTime<Utc>) -> SignIn {
        SignIn {
            issuer: "https://cis2.example:443/x".into(),
            client_id: "c".into(),
            id_token: cis2::Secret::new("t".into()),
            access_token: cis2::Secret::new("a".into()),
            expires_at: now + chrono::Duration::hours(1),
            claims: cis2::VerifiedIdToken {
                subject: "555000000001".into(),
                issuer: "https://cis2.example:443/x".into(),
                expires_at: now + chrono::Duration::hours(1),
                issued_at: now,
                auth_time: now,
                id_assurance_level: 3,
                authentication_assurance_level: 3,
                selected_role_id: Some("1".into()),
                acr: None,
                name: None,
                given_name: Some("Claire".into()),
                family_name: Some("Jones".into()),
            },
            user_info: cis2::UserInfo::default(),
        }
    }

    fn role() -> NationalRole {
        NationalRole {
            person_roleid: "1".into(),
            org_code: "Y90001".into(),
            role_code: String::new(),
            role_name: String::new(),
            person_orgid: None,
            activity_codes: vec![],
        }
    }

    #[test]
    fn idle_and_expired_sessions_end_saying_why() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        let state = SessionState::default();
        assert_eq!(
            state.require(t0, 15).unwrap_err().code,
            ErrorCode::SignInRequired
        );
        let started = state.start(&sign_in(t0), Environment::Demo, role(), "Hub", t0);
        let requester = started.requester();
        assert_eq!(requester.user.sds_role_profile_id.as_deref(), Some("1"));
        assert_eq!(requester.organisation_ods, "Y90001");
        // Activity keeps it alive past the idle limit from the start.
        let t10 = t0 + chrono::Duration::minutes(10);
        assert!(state.require(t10, 15).is_ok());
        assert!(
            state
                .require(t10 + chrono::Duration::minutes(14), 15)
                .is_ok()
        );
        // 16 minutes without activity: ended, and the next call says so.
        let idle = t10 + chrono::Duration::minutes(14 + 16);
        let error = state.require(idle, 15).unwrap_err();
        assert_eq!(error.code, ErrorCode::SignInRequired);
        assert!(error.message.contains("15 minutes"), "{}", error.message);
        // Expiry.
        state.start(&sign_in(t0), Environment::Demo, role(), "Hub", t0);
        let late = t0 + chrono::Duration::minutes(61);
        state.touch(t0 + chrono::Duration::minutes(59), 120);
        let error = state.require(late, 120).unwrap_err();
        assert!(error.message.contains("expired"), "{}", error.message);
    }
}
