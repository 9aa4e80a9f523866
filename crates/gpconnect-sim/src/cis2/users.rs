//! The demo users of the CIS2 stand-in: who they are, their national RBAC roles (with the
//! organisations), and the assurance their sign-in carries. Written from
//! `nhs-identity-pds.md` §1.3-§1.4 (claim names and shapes), not from any client code.
//!
//! | User | Roles | Assurance |
//! |---|---|---|
//! | Dr Claire Jones | GP at Y90001 | ID 3, AAL3 (integers) |
//! | Sam Patel | receptionist at Y90001 and at Y90002 | ID 3, AAL2 (strings) |
//! | Pat Lowe | receptionist at Y90001 | ID 1, AAL1: refused by a client requiring more |
//! | Robin Ellis | clinician at B86041 | ID 3, AAL3: an organisation a site may not allow |

use serde::Serialize;

/// An assurance level as it appears in the ID token: CIS2 sources show both integers and
/// strings (§1.3), so the stand-in sends one user each way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// `3`
    Int(u8),
    /// `"3"`
    Text(u8),
}

impl Level {
    /// The JSON value.
    pub fn json(self) -> serde_json::Value {
        match self {
            Self::Int(n) => serde_json::json!(n),
            Self::Text(n) => serde_json::json!(n.to_string()),
        }
    }
}

/// One national RBAC role (`nhsid_nrbac_roles[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoRole {
    /// `person_roleid` (the role profile ID).
    pub person_roleid: &'static str,
    /// `person_orgid`.
    pub person_orgid: &'static str,
    /// `org_code`.
    pub org_code: &'static str,
    /// The organisation's name (`nhsid_user_orgs[].org_name`).
    #[serde(skip)]
    pub org_name: &'static str,
    /// `role_code`.
    pub role_code: &'static str,
    /// `role_name` (colon-joined hierarchy).
    pub role_name: &'static str,
    /// `activity_codes`.
    pub activity_codes: &'static [&'static str],
}

/// A demo user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoUser {
    /// `sub` = `uid` = `nhsid_useruid`: the 12-digit CIS UID (the SDS user ID).
    pub uid: &'static str,
    /// Title.
    pub title: &'static str,
    /// Given name.
    pub given_name: &'static str,
    /// Family name.
    pub family_name: &'static str,
    /// `id_assurance_level`.
    pub id_assurance_level: Level,
    /// `authentication_assurance_level`.
    pub authentication_assurance_level: Level,
    /// `acr`.
    pub acr: &'static str,
    /// `amr`.
    pub amr: &'static str,
    /// Roles.
    pub roles: Vec<DemoRole>,
    /// What the user is for, shown on the sign-in page.
    pub note: &'static str,
}

impl DemoUser {
    /// `name` as CIS2 writes it: `GIVEN FAMILY Title`.
    pub fn name(&self) -> String {
        format!(
            "{} {} {}",
            self.given_name.to_uppercase(),
            self.family_name.to_uppercase(),
            self.title
        )
        .trim()
        .to_owned()
    }

    /// "Title Given Family".
    pub fn display(&self) -> String {
        format!("{} {} {}", self.title, self.given_name, self.family_name)
            .trim()
            .to_owned()
    }

    /// The role with `id`.
    pub fn role(&self, id: &str) -> Option<&DemoRole> {
        self.roles.iter().find(|r| r.person_roleid == id)
    }
}

const GP: &str = "\"Clinical\":\"Clinical Provision\":\"General Medical Practitioner Access Role\"";
const RECEPTION: &str = "\"Admin & Clinical Support\":\"Admin & Clinical Support\":\"Admin/Clinical Support Access Role\"";

/// The demo users, in the order the sign-in page lists them.
pub fn demo_users() -> Vec<DemoUser> {
    vec![
        DemoUser {
            uid: "555000000001",
            title: "Dr",
            given_name: "Claire",
            family_name: "Jones",
            id_assurance_level: Level::Int(3),
            authentication_assurance_level: Level::Int(3),
            acr: "AAL3_ANY",
            amr: "N3_SMARTCARD",
            roles: vec![DemoRole {
                person_roleid: "555000000101",
                person_orgid: "555000000011",
                org_code: "Y90001",
                org_name: "Leeds Urgent Care Service (demo)",
                role_code: "S8000:G8000:R0260",
                role_name: GP,
                activity_codes: &["B0278", "B0401"],
            }],
            note: "One role, smartcard (AAL3)",
        },
        DemoUser {
            uid: "555000000002",
            title: "",
            given_name: "Sam",
            family_name: "Patel",
            id_assurance_level: Level::Text(3),
            authentication_assurance_level: Level::Text(2),
            acr: "AAL2_OR_AAL3_ANY",
            amr: "TOTP",
            roles: vec![
                DemoRole {
                    person_roleid: "555000000201",
                    person_orgid: "555000000021",
                    org_code: "Y90001",
                    org_name: "Leeds Urgent Care Service (demo)",
                    role_code: "S8000:G8001:R8008",
                    role_name: RECEPTION,
                    activity_codes: &["B0264"],
                },
                DemoRole {
                    person_roleid: "555000000202",
                    person_orgid: "555000000022",
                    org_code: "Y90002",
                    org_name: "Bradford Urgent Care Service (demo)",
                    role_code: "S8000:G8001:R8008",
                    role_name: RECEPTION,
                    activity_codes: &["B0264"],
                },
            ],
            note: "Two roles at two organisations, authenticator app (AAL2)",
        },
        DemoUser {
            uid: "555000000003",
            title: "",
            given_name: "Pat",
            family_name: "Lowe",
            id_assurance_level: Level::Int(1),
            authentication_assurance_level: Level::Int(1),
            acr: "AAL1_USERPASS",
            amr: "PWD",
            roles: vec![DemoRole {
                person_roleid: "555000000301",
                person_orgid: "555000000031",
                org_code: "Y90001",
                org_name: "Leeds Urgent Care Service (demo)",
                role_code: "S8000:G8001:R8008",
                role_name: RECEPTION,
                activity_codes: &[],
            }],
            note: "Password only: assurance too low for clinical systems",
        },
        DemoUser {
            uid: "555000000004",
            title: "",
            given_name: "Robin",
            family_name: "Ellis",
            id_assurance_level: Level::Int(3),
            authentication_assurance_level: Level::Int(3),
            acr: "AAL3_ANY",
            amr: "N3_SMARTCARD",
            roles: vec![DemoRole {
                person_roleid: "555000000401",
                person_orgid: "555000000041",
                org_code: "B86041",
                org_name: "Another Health Centre (demo)",
                role_code: "S8000:G8000:R8000",
                role_name: "\"Clinical\":\"Clinical Provision\":\"Clinical Practitioner Access Role\"",
                activity_codes: &[],
            }],
            note: "A role at an organisation the demo site does not allow",
        },
    ]
}
