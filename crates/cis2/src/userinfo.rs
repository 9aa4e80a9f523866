//! The userinfo response: the user's name, title, national RBAC roles
//! (`nhsid_nrbac_roles`) and organisations (`nhsid_user_orgs`), read tolerantly (a role
//! without an ID or organisation is skipped, unknown fields ignored), and the checks NHS
//! services make: userinfo `sub` equals the ID token's `sub`, and so do `uid` and
//! `nhsid_useruid` when present.
//!
//! Source: `nhs-identity-pds.md` §1.3 (scopes, example userinfo, claim checks).

use serde::{Deserialize, Serialize};

/// One national RBAC role (`nhsid_nrbac_roles[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NationalRole {
    /// `person_roleid`: the role profile ID (URPID), sent as the JWT's
    /// `sds-role-profile-id` and as PDS `NHSD-Session-URID`.
    pub person_roleid: String,
    /// `org_code`: the ODS code of the role's organisation.
    pub org_code: String,
    /// `role_code`, e.g. `S8000:G8000:R8001`.
    #[serde(default)]
    pub role_code: String,
    /// `role_name`, a colon-joined hierarchy, e.g. `"Clinical":"Clinical Provision":"Nurse Access Role"`.
    #[serde(default)]
    pub role_name: String,
    /// `person_orgid`.
    #[serde(default)]
    pub person_orgid: Option<String>,
    /// `activity_codes`, e.g. `B0278`.
    #[serde(default)]
    pub activity_codes: Vec<String>,
}

impl NationalRole {
    /// The role's own name: the last segment of `role_name`, without quotes (as EPS shows it),
    /// e.g. `Nurse Access Role`; the role code when there is no name.
    pub fn short_name(&self) -> String {
        let last = self.role_name.rsplit("\":\"").next().unwrap_or("");
        let name = last.trim().trim_matches('"').trim();
        if name.is_empty() {
            self.role_code.rsplit(':').next().unwrap_or("").to_owned()
        } else {
            name.to_owned()
        }
    }
}

/// One of the user's organisations (`nhsid_user_orgs[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserOrganisation {
    /// ODS code.
    pub org_code: String,
    /// Name.
    #[serde(default)]
    pub org_name: String,
}

/// What the app uses of the userinfo response.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserInfo {
    /// `sub`.
    pub subject: String,
    /// `name`, e.g. `USERQ RANDOM Mr`.
    pub name: Option<String>,
    /// `given_name`.
    pub given_name: Option<String>,
    /// `family_name`.
    pub family_name: Option<String>,
    /// `title`, e.g. `Dr`.
    pub title: Option<String>,
    /// The national RBAC roles that have an ID and an organisation.
    pub roles: Vec<NationalRole>,
    /// The user's organisations.
    pub organisations: Vec<UserOrganisation>,
}

/// Why a userinfo response was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserInfoError {
    /// Not a JSON object with a `sub`.
    #[error("the user details could not be read ({0})")]
    Malformed(String),
    /// `sub`, `uid` or `nhsid_useruid` differs from the ID token's `sub`.
    #[error("the user details belong to another user ({claim} {found} is not {expected})")]
    SubjectMismatch {
        /// The claim that differs.
        claim: &'static str,
        /// Its value.
        found: String,
        /// The ID token's `sub`.
        expected: String,
    },
}

#[derive(Deserialize)]
struct Raw {
    sub: String,
    #[serde(default)]
    uid: Option<String>,
    #[serde(default)]
    nhsid_useruid: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    given_name: Option<String>,
    #[serde(default)]
    family_name: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    nhsid_nrbac_roles: Vec<serde_json::Value>,
    #[serde(default)]
    nhsid_user_orgs: Vec<serde_json::Value>,
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Reads a userinfo JSON body and checks it belongs to `expected_subject`.
///
/// Errors: [`UserInfoError::Malformed`] without a JSON `sub`;
/// [`UserInfoError::SubjectMismatch`] when `sub`, `uid` or `nhsid_useruid` differs.
pub fn parse_userinfo(body: &[u8], expected_subject: &str) -> Result<UserInfo, UserInfoError> {
    let raw: Raw =
        serde_json::from_slice(body).map_err(|e| UserInfoError::Malformed(e.to_string()))?;
    for (claim, value) in [
        ("sub", Some(raw.sub.clone())),
        ("uid", raw.uid.clone()),
        ("nhsid_useruid", raw.nhsid_useruid.clone()),
    ] {
        if let Some(found) = value
            && found != expected_subject
        {
            return Err(UserInfoError::SubjectMismatch {
                claim,
                found,
                expected: expected_subject.to_owned(),
            });
        }
    }
    let roles = raw
        .nhsid_nrbac_roles
        .into_iter()
        .filter_map(|r| serde_json::from_value::<NationalRole>(r).ok())
        .filter(|r| !r.person_roleid.trim().is_empty() && !r.org_code.trim().is_empty())
        .collect();
    let organisations = raw
        .nhsid_user_orgs
        .into_iter()
        .filter_map(|o| serde_json::from_value::<UserOrganisation>(o).ok())
        .collect();
    Ok(UserInfo {
        subject: raw.sub,
        name: non_empty(raw.name),
        given_name: non_empty(raw.given_name),
        family_name: non_empty(raw.family_name),
        title: non_empty(raw.title),
        roles,
        organisations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The community sample's INT-shaped response (`nhs-identity-pds.md` §1.3).
    const SAMPLE: &str = r#"{ "nhsid_useruid": "910000000001", "sub": "910000000001", "name": "USERQ RANDOM Mr",
      "nhsid_nrbac_roles": [ { "activities": ["Perform Prescription Preparation"],
          "activity_codes": ["B0278","B0401","B0825","B0058"], "org_code": "RBA",
          "person_orgid": "555254239107", "person_roleid": "555254240100",
          "role_code": "S8000:G8000:R8001",
          "role_name": "\"Clinical\":\"Clinical Provision\":\"Nurse Access Role\"" },
        { "org_code": "RBA" } ] }"#;

    #[test]
    fn reads_the_sample_and_skips_a_role_without_an_id() {
        let info = parse_userinfo(SAMPLE.as_bytes(), "910000000001").unwrap();
        assert_eq!(info.name.as_deref(), Some("USERQ RANDOM Mr"));
        assert_eq!(info.roles.len(), 1);
        assert_eq!(info.roles[0].person_roleid, "555254240100");
        assert_eq!(info.roles[0].short_name(), "Nurse Access Role");
    }

    #[test]
    fn another_users_details_are_refused() {
        let error = parse_userinfo(SAMPLE.as_bytes(), "910000000002").unwrap_err();
        assert!(matches!(
            error,
            UserInfoError::SubjectMismatch { claim: "sub", .. }
        ));
        let uid = br#"{"sub":"1","uid":"2"}"#;
        assert!(matches!(
            parse_userinfo(uid, "1").unwrap_err(),
            UserInfoError::SubjectMismatch { claim: "uid", .. }
        ));
        assert!(matches!(
            parse_userinfo(b"[]", "1").unwrap_err(),
            UserInfoError::Malformed(_)
        ));
    }
}
