//! A completed sign-in and what follows from it: the user as GP Connect needs them (SDS user
//! ID = `sub`, name, title), the choice of role (`selected_roleid` when CIS2 asked the user,
//! the only role otherwise, else the user chooses), the rule that the role's organisation is
//! one the site allows, and the stored form kept between runs of `gpc`.
//!
//! Source: `nhs-identity-pds.md` §1.3 (role selection; `sub` = `uid` = SDS user ID) and §5
//! ("Mapping from a CIS2 login").

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::secret::Secret;
use crate::userinfo::{NationalRole, UserInfo, UserOrganisation};
use crate::verify::VerifiedIdToken;

/// A completed, validated sign-in.
#[derive(Debug, Clone)]
pub struct SignIn {
    /// The issuer it came from.
    pub issuer: String,
    /// Our client ID.
    pub client_id: String,
    /// The raw ID token (for the APIM token exchange of PDS, issue 11).
    pub id_token: Secret<String>,
    /// The CIS2 access token (userinfo).
    pub access_token: Secret<String>,
    /// When the session ends: the access token's expiry, else the ID token's.
    pub expires_at: DateTime<Utc>,
    /// The validated ID token claims.
    pub claims: VerifiedIdToken,
    /// The userinfo response.
    pub user_info: UserInfo,
}

/// The signed-in person, as the GP Connect JWT's `requesting_practitioner` needs them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cis2User {
    /// SDS user ID: the ID token's `sub` (= `uid` = `nhsid_useruid`).
    pub sds_user_id: String,
    /// Family name.
    pub family_name: String,
    /// Given names.
    pub given_names: Vec<String>,
    /// Title, e.g. `Dr`.
    pub title: Option<String>,
    /// "Title Given Family" (CIS2's `name` when it gives no parts).
    pub display_name: String,
}

impl SignIn {
    /// The user: names from userinfo, else the ID token; with only a `name`, its words are
    /// used as given names and the last as the family name.
    pub fn user(&self) -> Cis2User {
        let info = &self.user_info;
        let claims = &self.claims;
        let name = info.name.clone().or_else(|| claims.name.clone());
        let family = info
            .family_name
            .clone()
            .or_else(|| claims.family_name.clone());
        let given = info
            .given_name
            .clone()
            .or_else(|| claims.given_name.clone());
        let (family_name, given_names) = match (family, given, &name) {
            (Some(family), given, _) => (
                family,
                given
                    .map(|g| g.split_whitespace().map(str::to_owned).collect())
                    .unwrap_or_default(),
            ),
            (None, _, Some(name)) => {
                let mut words: Vec<String> = name.split_whitespace().map(str::to_owned).collect();
                let family = words.pop().unwrap_or_else(|| claims.subject.clone());
                (family, words)
            }
            (None, _, None) => (claims.subject.clone(), Vec::new()),
        };
        // "Title Given Family" from the parts; CIS2's own `name` ("GIVEN FAMILY Title") only
        // when there are no parts.
        let parts = info
            .title
            .iter()
            .chain(&given_names)
            .chain(std::iter::once(&family_name));
        let display_name = if given_names.is_empty() && name.is_some() {
            name.unwrap_or_default()
        } else {
            parts.cloned().collect::<Vec<_>>().join(" ")
        };
        Cis2User {
            sds_user_id: claims.subject.clone(),
            family_name,
            given_names,
            title: info.title.clone(),
            display_name,
        }
    }

    /// The role this session works in, given the organisations the site allows (ODS codes;
    /// the booking organisation first).
    ///
    /// Errors: [`RoleError`] when the user has no role, or none at an allowed organisation.
    pub fn role_choice(&self, allowed: &[String]) -> Result<RoleChoice, RoleError> {
        choose_role(
            self.claims.selected_role_id.as_deref(),
            &self.user_info.roles,
            allowed,
        )
    }

    /// The name of organisation `ods` from `nhsid_user_orgs`, when given.
    pub fn organisation_name(&self, ods: &str) -> Option<String> {
        organisation_name(&self.user_info.organisations, ods)
    }
}

/// The name of `ods` in `organisations`.
pub fn organisation_name(organisations: &[UserOrganisation], ods: &str) -> Option<String> {
    organisations
        .iter()
        .find(|o| o.org_code.eq_ignore_ascii_case(ods))
        .map(|o| o.org_name.trim().to_owned())
        .filter(|n| !n.is_empty())
}

/// Which role a session works in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleChoice {
    /// Decided: CIS2's `selected_roleid`, or the user's only allowed role.
    Selected(NationalRole),
    /// The user holds several roles at allowed organisations and CIS2 did not select one:
    /// the app asks.
    Choose(Vec<NationalRole>),
}

/// Why a user cannot work in this app with their roles.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoleError {
    /// The user holds no national RBAC role.
    #[error("your NHS Care Identity account has no role: ask your Registration Authority for one")]
    NoRole,
    /// The chosen (or every) role is at an organisation the site does not allow.
    #[error(
        "your role is at {}, which is not this site's booking organisation or one it allows",
        organisations.join(", ")
    )]
    OrganisationNotAllowed {
        /// The roles' ODS codes.
        organisations: Vec<String>,
    },
    /// `selected_roleid` names a role the user does not hold.
    #[error("the role selected at sign-in ({0}) is not one of your roles")]
    UnknownRole(String),
}

fn allowed_org(role: &NationalRole, allowed: &[String]) -> bool {
    allowed
        .iter()
        .any(|ods| ods.trim().eq_ignore_ascii_case(role.org_code.trim()))
}

/// Decides the session's role from CIS2's `selected`, the user's `roles` and the allowed
/// organisations.
///
/// Errors: [`RoleError`].
pub fn choose_role(
    selected: Option<&str>,
    roles: &[NationalRole],
    allowed: &[String],
) -> Result<RoleChoice, RoleError> {
    if roles.is_empty() {
        return Err(RoleError::NoRole);
    }
    let not_allowed = |roles: Vec<&NationalRole>| RoleError::OrganisationNotAllowed {
        organisations: roles.iter().map(|r| r.org_code.clone()).collect(),
    };
    if let Some(selected) = selected.filter(|s| !s.trim().is_empty()) {
        let role = roles
            .iter()
            .find(|r| r.person_roleid == selected)
            .ok_or_else(|| RoleError::UnknownRole(selected.to_owned()))?;
        return if allowed_org(role, allowed) {
            Ok(RoleChoice::Selected(role.clone()))
        } else {
            Err(not_allowed(vec![role]))
        };
    }
    let usable: Vec<NationalRole> = roles
        .iter()
        .filter(|r| allowed_org(r, allowed))
        .cloned()
        .collect();
    match usable.len() {
        0 => Err(not_allowed(roles.iter().collect())),
        1 => Ok(RoleChoice::Selected(usable[0].clone())),
        _ => Ok(RoleChoice::Choose(usable)),
    }
}

/// A session as `gpc` keeps it in the keyring between runs (JSON): who, in which role, the
/// tokens and when it ends. Built only from a completed sign-in and a chosen role.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StoredSession {
    /// The issuer.
    pub issuer: String,
    /// The client ID.
    pub client_id: String,
    /// The user.
    pub user: Cis2User,
    /// The role chosen.
    pub role: NationalRole,
    /// The name of the role's organisation, when known.
    pub organisation_name: Option<String>,
    /// The raw ID token.
    pub id_token: String,
    /// The CIS2 access token.
    pub access_token: String,
    /// When the session ends.
    pub expires_at: DateTime<Utc>,
}

impl StoredSession {
    /// The stored form of `sign_in` working in `role`.
    pub fn new(sign_in: &SignIn, role: NationalRole) -> Self {
        Self {
            issuer: sign_in.issuer.clone(),
            client_id: sign_in.client_id.clone(),
            user: sign_in.user(),
            organisation_name: sign_in.organisation_name(&role.org_code),
            role,
            id_token: sign_in.id_token.expose().clone(),
            access_token: sign_in.access_token.expose().clone(),
            expires_at: sign_in.expires_at,
        }
    }

    /// Whether it has ended at `now`.
    pub fn expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at <= now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(id: &str, org: &str) -> NationalRole {
        NationalRole {
            person_roleid: id.into(),
            org_code: org.into(),
            role_code: "S0010:G0020:R8003".into(),
            role_name: "\"Clinical\":\"Clinical Provision\":\"GP\"".into(),
            person_orgid: None,
            activity_codes: vec![],
        }
    }

    #[test]
    fn the_selected_role_wins_when_its_organisation_is_allowed() {
        let roles = [role("1", "Y90001"), role("2", "A20047")];
        let allowed = vec!["Y90001".to_owned()];
        assert_eq!(
            choose_role(Some("1"), &roles, &allowed).unwrap(),
            RoleChoice::Selected(roles[0].clone())
        );
        assert!(matches!(
            choose_role(Some("2"), &roles, &allowed),
            Err(RoleError::OrganisationNotAllowed { .. })
        ));
        assert!(matches!(
            choose_role(Some("9"), &roles, &allowed),
            Err(RoleError::UnknownRole(_))
        ));
    }

    #[test]
    fn without_a_selection_the_only_allowed_role_or_a_choice() {
        let roles = [role("1", "Y90001"), role("2", "A20047")];
        let one = vec!["y90001".to_owned()];
        assert_eq!(
            choose_role(None, &roles, &one).unwrap(),
            RoleChoice::Selected(roles[0].clone())
        );
        let both = vec!["Y90001".to_owned(), "A20047".to_owned()];
        assert!(matches!(
            choose_role(None, &roles, &both).unwrap(),
            RoleChoice::Choose(r) if r.len() == 2
        ));
        assert_eq!(
            choose_role(None, &[], &both).unwrap_err(),
            RoleError::NoRole
        );
        assert!(matches!(
            choose_role(None, &roles, &["B1".to_owned()]),
            Err(RoleError::OrganisationNotAllowed { organisations }) if organisations.len() == 2
        ));
    }
}
