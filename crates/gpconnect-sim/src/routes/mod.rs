//! The provider side: one module per resource family, each taking the practice's data and the
//! parsed call and returning a [`Reply`] or a [`crate::outcome::SimError`].

pub mod appointments;
pub mod patients;
pub mod reads;
pub mod slots;

use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::interactions::Interaction;
use crate::jwt::Requester;
use crate::outcome::{SimError, SimResult};

/// A FHIR call to one practice, already through the proxy and JWT checks.
#[derive(Debug)]
pub struct Call<'a> {
    /// The interaction (from `Ssp-InteractionID`, matched to method and path).
    pub interaction: &'static Interaction,
    /// Path relative to the service root, e.g. `Patient/2/Appointment`.
    pub path: &'a str,
    /// Decoded query parameters in order.
    pub query: Vec<(String, String)>,
    /// Request headers.
    pub headers: &'a HeaderMap,
    /// Request body.
    pub body: &'a [u8],
    /// The JWT's requesting organisation.
    pub requester: Requester,
    /// Now.
    pub now: DateTime<Utc>,
    /// The provider root, for `Location` headers.
    pub root: &'a str,
}

impl Call<'_> {
    /// Every value of query parameter `name` (case-sensitive, §3.3).
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The logical id in the path `Type/{id}` (second segment).
    pub fn id(&self) -> &str {
        self.path.split('/').nth(1).unwrap_or_default()
    }

    /// The body as a JSON object.
    ///
    /// Errors: 400 BAD_REQUEST for malformed JSON, 422 INVALID_RESOURCE when it is not a
    /// `resource_type`.
    pub fn json_body(&self, resource_type: &str) -> SimResult<serde_json::Map<String, Value>> {
        let value: Value = serde_json::from_slice(self.body)
            .map_err(|e| SimError::bad_request(format!("the body is not valid JSON: {e}")))?;
        match value {
            Value::Object(map)
                if map.get("resourceType").and_then(Value::as_str) == Some(resource_type) =>
            {
                Ok(map)
            }
            _ => Err(SimError::invalid_resource(format!(
                "the body must be a {resource_type} resource"
            ))),
        }
    }

    /// The `If-Match` header, when sent.
    pub fn if_match(&self) -> Option<&str> {
        self.headers.get("if-match").and_then(|v| v.to_str().ok())
    }

    /// True when the consumer asked for an empty body (`Prefer: return=minimal`, §2.3).
    pub fn wants_minimal(&self) -> bool {
        self.headers
            .get("prefer")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("return=minimal"))
    }
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// 200 or 201.
    pub status: u16,
    /// The serialised resource (absent for `return=minimal`).
    pub body: Option<Vec<u8>>,
    /// `ETag: W/"{version}"`.
    pub version: Option<String>,
    /// `Location` header (create).
    pub location: Option<String>,
}

impl Reply {
    /// 200 with a body.
    pub fn ok(body: Value) -> Self {
        Self::serialized(body.to_string().into_bytes())
    }

    /// 200 with a body already serialised (the slot search writes its Bundle in one pass).
    pub fn serialized(body: Vec<u8>) -> Self {
        Self {
            status: 200,
            body: Some(body),
            version: None,
            location: None,
        }
    }

    /// 200 with a versioned body (`ETag: W/"{version}"`).
    pub fn versioned(body: Value, version: &str) -> Self {
        Self {
            version: Some(version.to_owned()),
            ..Self::ok(body)
        }
    }
}
