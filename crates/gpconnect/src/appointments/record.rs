//! An appointment as read (§3.6, §3.7): the typed resource, its exact JSON and version,
//! and the flattened summary a screen shows.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::client::FhirResponse;
use crate::error::{DecodeError, Error, Result};
use crate::fhir::{Appointment, AppointmentStatus, DeliveryChannel, Resource};
use crate::ids::{AppointmentId, LocationId, PatientId, PractitionerId, SlotId};
use crate::slots::PractitionerRole;
use crate::time::parse_datetime;

/// An appointment as read from a provider: the typed view plus the exact JSON, which amend
/// and cancel change in place and send back (§3.8, §3.9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentRecord {
    /// Logical id at the practice.
    pub id: AppointmentId,
    /// `meta.versionId` (or the `ETag`), sent back as `If-Match: W/"{versionId}"`.
    pub version_id: Option<String>,
    /// The typed resource.
    pub appointment: Appointment,
    /// The resource exactly as received.
    pub raw: Value,
}

/// The booking organisation of an appointment, flattened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BookingOrganisationSummary {
    /// ODS code.
    pub ods_code: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Telephone.
    pub telephone: Option<String>,
    /// Organisation type code.
    pub org_type: Option<String>,
}

/// An appointment flattened for display (§3.6 display requirements). Times are UK local.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppointmentSummary {
    /// Logical id.
    pub id: AppointmentId,
    /// Version.
    pub version_id: Option<String>,
    /// Provider status (booked, cancelled, …).
    pub status: Option<AppointmentStatus>,
    /// Start.
    #[serde(with = "crate::time::local_datetime::option")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub start: Option<DateTime<FixedOffset>>,
    /// End.
    #[serde(with = "crate::time::local_datetime::option")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub end: Option<DateTime<FixedOffset>>,
    /// Minutes between start and end.
    pub duration_minutes: Option<i64>,
    /// Description.
    pub description: Option<String>,
    /// Comment.
    pub comment: Option<String>,
    /// Delivery channel.
    pub delivery_channel: Option<DeliveryChannel>,
    /// Slot type (`serviceType.text`).
    pub slot_type: Option<String>,
    /// Schedule type (`serviceCategory.text`).
    pub schedule_type: Option<String>,
    /// Practitioner role.
    pub practitioner_role: Option<PractitionerRole>,
    /// Patient participant.
    pub patient_id: Option<PatientId>,
    /// Location participant (read it for name and address, §3.6).
    pub location_id: Option<LocationId>,
    /// Practitioner participant (read it for name and gender, §3.6).
    pub practitioner_id: Option<PractitionerId>,
    /// Booking organisation.
    pub booking_organisation: Option<BookingOrganisationSummary>,
    /// Cancellation reason, when cancelled.
    pub cancellation_reason: Option<String>,
    /// Booked slots.
    pub slot_ids: Vec<SlotId>,
    /// When booked.
    #[serde(with = "crate::time::local_datetime::option")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub created: Option<DateTime<FixedOffset>>,
}

impl AppointmentRecord {
    /// Reads a record from JSON, taking the version from `meta.versionId` or else `etag`.
    /// Error: [`Error::Decode`] for a bad resource or a missing id.
    pub fn from_json(status: u16, raw: Value, etag: Option<&str>) -> Result<Self> {
        let appointment = match Resource::from_value(raw.clone(), "")
            .map_err(|source| Error::Decode { status, source })?
        {
            Resource::Appointment(a) => a,
            other => {
                return Err(Error::Decode {
                    status,
                    source: DecodeError::new(
                        "resourceType",
                        format!("expected Appointment, found {}", other.resource_type()),
                    ),
                });
            }
        };
        let id = appointment
            .id
            .as_deref()
            .and_then(|id| AppointmentId::parse(id).ok())
            .ok_or_else(|| Error::Decode {
                status,
                source: DecodeError::new("id", "the Appointment has no valid id"),
            })?;
        let version_id = appointment
            .meta
            .as_ref()
            .and_then(|m| m.version_id.clone())
            .or_else(|| etag.and_then(version_from_etag));
        Ok(Self {
            id,
            version_id,
            appointment,
            raw,
        })
    }

    pub(crate) fn from_response(response: &FhirResponse) -> Result<Self> {
        let raw: Value = serde_json::from_slice(&response.body).map_err(|e| Error::Decode {
            status: response.status,
            source: DecodeError::new("", format!("not valid JSON: {e}")),
        })?;
        Self::from_json(response.status, raw, response.etag.as_deref())
    }

    /// The `If-Match` header value, `W/"{versionId}"`.
    pub fn if_match(&self) -> Option<String> {
        self.version_id.as_ref().map(|v| format!("W/\"{v}\""))
    }

    /// The start time, parsed.
    pub fn start(&self) -> Option<DateTime<FixedOffset>> {
        self.appointment
            .start
            .as_deref()
            .and_then(|s| parse_datetime(s).ok())
    }

    /// The flattened view for display.
    pub fn summary(&self) -> AppointmentSummary {
        let a = &self.appointment;
        let start = self.start();
        let end = a.end.as_deref().and_then(|s| parse_datetime(s).ok());
        AppointmentSummary {
            id: self.id.clone(),
            version_id: self.version_id.clone(),
            status: a.status.clone(),
            start,
            end,
            duration_minutes: start.zip(end).map(|(s, e)| (e - s).num_minutes()),
            description: a.description.clone(),
            comment: a.comment.clone(),
            delivery_channel: a.delivery_channel(),
            slot_type: a
                .service_type
                .first()
                .and_then(|t| t.label())
                .map(str::to_owned),
            schedule_type: a
                .service_category
                .as_ref()
                .and_then(|c| c.text.clone().or_else(|| c.label().map(str::to_owned))),
            practitioner_role: a.practitioner_role().map(|c| {
                let coding = c.coding.first();
                PractitionerRole {
                    system: coding.and_then(|c| c.system.clone()),
                    code: coding.and_then(|c| c.code.clone()),
                    display: coding.and_then(|c| c.display.clone()).or(c.text.clone()),
                }
            }),
            patient_id: a
                .participant_id("Patient")
                .and_then(|id| PatientId::parse(id).ok()),
            location_id: a
                .participant_id("Location")
                .and_then(|id| LocationId::parse(id).ok()),
            practitioner_id: a
                .participant_id("Practitioner")
                .and_then(|id| PractitionerId::parse(id).ok()),
            booking_organisation: a
                .booking_organisation()
                .map(|o| BookingOrganisationSummary {
                    ods_code: o.ods_code().map(str::to_owned),
                    name: o.name.clone(),
                    telephone: o.phone().map(str::to_owned),
                    org_type: o.organisation_type().map(str::to_owned),
                }),
            cancellation_reason: a.cancellation_reason().map(str::to_owned),
            slot_ids: a
                .slot
                .iter()
                .filter_map(|r| r.reference.as_deref())
                .filter_map(|r| SlotId::from_reference(r).ok())
                .collect(),
            created: a.created.as_deref().and_then(|s| parse_datetime(s).ok()),
        }
    }

    /// Refuses to amend, cancel or move an appointment that is not booked (cancelled,
    /// arrived, fulfilled, …) or has started (§3.8, §3.9: only future, booked appointments).
    ///
    /// Errors: [`Error::Validation`] on field `appointment`.
    pub fn check_changeable(&self, now: DateTime<Utc>) -> Result<()> {
        match self.appointment.status {
            Some(AppointmentStatus::Cancelled) => {
                return Err(Error::validation(
                    "appointment",
                    "This appointment is cancelled and can no longer be changed",
                ));
            }
            // A missing status is tolerated (the provider's own rules still apply).
            Some(AppointmentStatus::Booked) | None => {}
            Some(_) => {
                return Err(Error::validation(
                    "appointment",
                    "This appointment is no longer booked (the patient may have arrived or been \
                     seen) and can no longer be changed",
                ));
            }
        }
        if self.appointment.delivery_channel() == Some(DeliveryChannel::Visit) {
            return Err(Error::validation(
                "appointment",
                "This is a home visit: GP Connect cannot amend or cancel visits. Contact the \
                 practice to change it",
            ));
        }
        match self.start() {
            Some(start) if start.with_timezone(&Utc) > now => Ok(()),
            _ => Err(Error::validation(
                "appointment",
                "Only future appointments can be changed through GP Connect",
            )),
        }
    }
}

/// `W/"123"` or `"123"` → `123`.
pub fn version_from_etag(etag: &str) -> Option<String> {
    let value = etag.trim();
    let value = value.strip_prefix("W/").unwrap_or(value);
    let value = value.trim_matches('"');
    (!value.is_empty()).then(|| value.to_owned())
}
