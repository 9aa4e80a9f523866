//! Practice discovery through the Spine Directory Service FHIR API (§5.3): from an ODS code
//! to the provider's FHIR service root (`Endpoint.address`) and ASID (`Device`
//! identifier `nhsSpineASID`), in the two steps that replaced the LDAP queries.
//!
//! The interaction ID queried is the capability statement's, as all Foundations and
//! Appointment Management interactions share one service root (§5.3, CHK).

use reqwest::header::{ACCEPT, HeaderValue};
use serde_json::Value;

use crate::client::{Timeouts, TlsIdentity, encode_query, transport_error};
use crate::config::Practice;
use crate::error::{DecodeError, Error, ProviderError, Result, SpineCode};
use crate::fhir::Bundle;
use crate::fhir::urls::SYSTEM_ODS_ORGANISATION;
use crate::ids::{Asid, OdsCode, ProviderRoot};
use crate::interaction::Interaction;
use crate::profile::{PracticeEntry, SdsSettings};
use crate::response::{decode_resource, error_from_response};
use crate::secret::Sensitive;

/// Identifier system of interaction IDs in SDS.
pub const SYSTEM_INTERACTION_ID: &str = "https://fhir.nhs.uk/Id/nhsServiceInteractionId";
/// Identifier system of MHS party keys.
pub const SYSTEM_PARTY_KEY: &str = "https://fhir.nhs.uk/Id/nhsMhsPartyKey";
/// Identifier system of ASIDs.
pub const SYSTEM_SPINE_ASID: &str = "https://fhir.nhs.uk/Id/nhsSpineASID";

/// A client for the SDS FHIR API.
#[derive(Debug, Clone)]
pub struct SdsClient {
    http: reqwest::Client,
    timeouts: Timeouts,
    base_url: String,
    api_key: Sensitive<String>,
}

impl SdsClient {
    /// A client for `settings`. With `tls`, the client certificate is presented and its
    /// CAs are trusted in addition to the system's (the simulator's SDS requires mutual TLS;
    /// the national one is internet-facing).
    ///
    /// Errors: [`Error::Configuration`].
    pub fn new(
        settings: &SdsSettings,
        tls: Option<&TlsIdentity>,
        timeouts: Timeouts,
    ) -> Result<Self> {
        let configuration = |what: &str, e: reqwest::Error| Error::Configuration {
            what: what.to_owned(),
            message: e.to_string(),
        };
        let mut builder = reqwest::Client::builder()
            .tls_backend_rustls()
            .tls_version_min(reqwest::tls::Version::TLS_1_2)
            .connect_timeout(timeouts.connect)
            .timeout(timeouts.request)
            .no_proxy();
        if let Some(tls) = tls {
            let cas = reqwest::Certificate::from_pem_bundle(&tls.trusted_ca_pem)
                .map_err(|e| configuration("trusted CA certificates", e))?;
            builder = builder
                .tls_certs_merge(cas)
                .identity(tls.reqwest_identity()?);
        }
        Ok(Self {
            http: builder
                .build()
                .map_err(|e| configuration("SDS client", e))?,
            timeouts,
            base_url: settings.url.trim_end_matches('/').to_owned(),
            api_key: Sensitive::new(settings.api_key.clone()),
        })
    }

    async fn search(&self, resource: &str, params: &[(&str, String)]) -> Result<Vec<Value>> {
        let url = format!("{}/{resource}?{}", self.base_url, encode_query(params));
        let api_key =
            HeaderValue::from_str(self.api_key.expose()).map_err(|_| Error::Configuration {
                what: "SDS API key".to_owned(),
                message: "contains characters not allowed in an HTTP header".to_owned(),
            })?;
        let response = self
            .http
            .get(url)
            .header("apikey", api_key)
            .header(ACCEPT, "application/fhir+json")
            .header("X-Correlation-Id", uuid::Uuid::new_v4().to_string())
            .send()
            .await
            .map_err(|e| transport_error(&e, self.timeouts))?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response
            .bytes()
            .await
            .map_err(|e| transport_error(&e, self.timeouts))?;
        if !(200..300).contains(&status) {
            return Err(error_from_response(status, content_type.as_deref(), &body));
        }
        let bundle: Bundle = decode_resource(status, &body)?;
        Ok(bundle
            .entry
            .into_iter()
            .filter_map(|e| e.resource)
            .collect())
    }

    /// Looks up a practice by ODS code: its GP Connect service root and ASID (§5.3).
    ///
    /// Errors: 404 `NO_RECORD_FOUND` when SDS has no GP Connect endpoint or device for the
    /// ODS code; [`Error::Decode`] for an endpoint without a valid address; any [`Error`].
    pub async fn discover(&self, ods_code: &OdsCode) -> Result<Practice> {
        let organisation = format!("{SYSTEM_ODS_ORGANISATION}|{ods_code}");
        let interaction = format!("{SYSTEM_INTERACTION_ID}|{}", Interaction::Metadata.id());
        let endpoints = self
            .search(
                "Endpoint",
                &[
                    ("organization", organisation.clone()),
                    ("identifier", interaction.clone()),
                ],
            )
            .await?;
        let endpoint = endpoints
            .iter()
            .find(|e| e.get("resourceType").and_then(Value::as_str) == Some("Endpoint"))
            .ok_or_else(|| not_found(ods_code, "no GP Connect endpoint is registered"))?;
        let address = endpoint
            .get("address")
            .and_then(Value::as_str)
            .ok_or_else(|| decode("entry[0].resource.address", "missing"))?;
        let provider_root = ProviderRoot::parse(address)
            .map_err(|e| decode("entry[0].resource.address", &e.to_string()))?;
        let party_key = identifier(endpoint, SYSTEM_PARTY_KEY)
            .ok_or_else(|| decode("entry[0].resource.identifier", "no nhsMhsPartyKey"))?;
        let name = endpoint
            .pointer("/managingOrganization/display")
            .and_then(Value::as_str)
            .map(str::to_owned);

        let devices = self
            .search(
                "Device",
                &[
                    ("organization", organisation),
                    ("identifier", interaction),
                    ("identifier", format!("{SYSTEM_PARTY_KEY}|{party_key}")),
                ],
            )
            .await?;
        let asid = devices
            .iter()
            .find_map(|d| identifier(d, SYSTEM_SPINE_ASID))
            .ok_or_else(|| not_found(ods_code, "no GP Connect device (ASID) is registered"))?;
        let asid = Asid::parse(&asid)
            .map_err(|e| decode("entry[0].resource.identifier", &e.to_string()))?;
        Ok(Practice {
            ods_code: ods_code.clone(),
            name: name.unwrap_or_else(|| ods_code.to_string()),
            provider_root,
            asid,
        })
    }
}

/// One configured practice and what became of resolving it.
#[derive(Debug, Clone)]
pub struct Resolution {
    /// The practice as configured.
    pub entry: PracticeEntry,
    /// The practice with its service root and ASID, or why it could not be resolved.
    pub result: Result<Practice>,
}

/// Resolves one configured practice (§5.3): used as is when its provider root and ASID are
/// configured, else looked up in SDS keeping the configured name.
///
/// Errors: [`Error::Configuration`] when a look-up is needed and `sds` is `None`; any
/// error of [`SdsClient::discover`].
pub async fn resolve_practice(entry: &PracticeEntry, sds: Option<&SdsClient>) -> Result<Practice> {
    match (entry.resolved(), sds) {
        (Some(practice), _) => Ok(practice),
        (None, None) => Err(Error::Configuration {
            what: format!("practice {}", entry.ods_code),
            message: "it has no provider root and ASID, and SDS is not configured to look them \
                      up"
            .to_owned(),
        }),
        (None, Some(sds)) => {
            let mut practice = sds.discover(&entry.ods_code).await?;
            if let Some(name) = &entry.name {
                practice.name.clone_from(name);
            }
            Ok(practice)
        }
    }
}

/// Resolves every configured practice with [`resolve_practice`], concurrently. A practice
/// whose look-up fails is reported as failed and the others go on.
pub async fn resolve_practices(
    entries: &[PracticeEntry],
    sds: Option<&SdsClient>,
) -> Vec<Resolution> {
    futures::future::join_all(entries.iter().map(|entry| async move {
        Resolution {
            entry: entry.clone(),
            result: resolve_practice(entry, sds).await,
        }
    }))
    .await
}

fn identifier(resource: &Value, system: &str) -> Option<String> {
    resource
        .get("identifier")?
        .as_array()?
        .iter()
        .find(|i| i.get("system").and_then(Value::as_str) == Some(system))
        .and_then(|i| i.get("value"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

fn not_found(ods_code: &OdsCode, what: &str) -> Error {
    Error::Provider(ProviderError {
        status: 404,
        spine_code: SpineCode::NoRecordFound,
        issue_code: Some("not-found".to_owned()),
        display: None,
        diagnostics: Some(format!("SDS: {what} for ODS code {ods_code}")),
    })
}

fn decode(path: &str, message: &str) -> Error {
    Error::Decode {
        status: 200,
        source: DecodeError::new(path, format!("SDS: {message}")),
    }
}
