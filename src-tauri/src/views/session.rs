//! The sign-in screen and the banner: the session (who, which role, until when), the roles
//! to choose from, why the last session ended, the demo users; and the practice list's
//! per-session checks (SDS resolution and GP Connect version). No token crosses.

use cis2::NationalRole;
use gpconnect::ids::OdsCode;
use serde::Serialize;

use crate::settings::Environment;

/// A role, as the sign-in screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RoleView {
    /// The role profile ID (`person_roleid`).
    pub role_id: String,
    /// The role's name, e.g. "General Medical Practitioner Access Role".
    pub name: String,
    /// The role's organisation (ODS code).
    pub org_code: String,
    /// The organisation's name, when known.
    pub org_name: String,
}

impl RoleView {
    /// The view of `role`, with its organisation's name.
    pub fn new(role: &NationalRole, org_name: Option<String>) -> Self {
        Self {
            role_id: role.person_roleid.clone(),
            name: role.short_name(),
            org_code: role.org_code.clone(),
            org_name: org_name.unwrap_or_default(),
        }
    }
}

/// The signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SessionUser {
    /// "Dr Claire Jones".
    pub name: String,
    /// The SDS user ID.
    pub sds_user_id: String,
}

/// A demo user of the simulator's CIS2 stand-in (demo mode only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DemoUserView {
    /// The user's UID.
    pub uid: String,
    /// "Dr Claire Jones".
    pub name: String,
    /// What the user shows (e.g. "Two roles at two organisations").
    pub note: String,
    /// The user's roles.
    pub roles: Vec<RoleView>,
}

/// The session as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SessionView {
    /// The environment in use.
    pub environment: Environment,
    /// Its name, e.g. "Integration (INT)".
    pub environment_label: String,
    /// Signed in and working in a role.
    pub signed_in: bool,
    /// The user, when signed in or choosing a role.
    pub user: Option<SessionUser>,
    /// The role, when signed in.
    pub role: Option<RoleView>,
    /// When the session ends at the latest (UK time, `yyyy-mm-ddThh:mm:ss+hh:mm`).
    pub expires_at: Option<String>,
    /// Minutes without activity after which the session ends.
    pub idle_timeout_minutes: u32,
    /// Roles to choose from: the user signed in and holds several.
    pub choose_role: Vec<RoleView>,
    /// Why the last session ended (expired, idle, signed out).
    pub ended: Option<String>,
    /// The demo users (demo mode), for one-click sign-in.
    pub demo_users: Vec<DemoUserView>,
}

/// A configured practice as this session found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PracticeCheck {
    /// ODS code.
    pub ods_code: OdsCode,
    /// Name.
    pub name: String,
    /// The GP Connect version of its capability statement (§3.1), e.g. `1.2.7`.
    pub gp_connect_version: Option<String>,
    /// Why it cannot be used or checked (SDS look-up failed, `/metadata` failed).
    pub problem: Option<String>,
}

/// Every configured practice as this session found it, in the order of the settings (those
/// SDS could not resolve last).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PracticeChecks {
    /// The practices.
    pub practices: Vec<PracticeCheck>,
}
