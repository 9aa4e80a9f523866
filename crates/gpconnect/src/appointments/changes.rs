//! Retrieve (§3.6), read (§3.7), amend (§3.8) and cancel (§3.9): changes made to the
//! resource as read, sent back with `If-Match`.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{AppointmentRecord, check_cancellation_reason, check_comment, check_description};
use crate::client::{Client, FhirRequest};
use crate::config::Practice;
use crate::error::{DecodeError, Error, Result};
use crate::fhir::Bundle;
use crate::fhir::urls::EXT_CANCELLATION_REASON;
use crate::ids::{AppointmentId, PatientId};
use crate::interaction::Interaction;
use crate::outcome::WriteOutcome;
use crate::pending::WriteDetail;
use crate::response::decode_resource;
use crate::time::{DateRange, format_date, uk_date};

/// The amend body (§3.8): the resource as read with only `description` and `comment`
/// changed (an empty comment removes it).
///
/// Errors: [`Error::Validation`] on `description`, `comment` or `appointment`.
pub fn amended_resource(
    current: &AppointmentRecord,
    description: &str,
    comment: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Value> {
    current.check_changeable(now)?;
    let description = check_description(description)?;
    let comment = check_comment(comment)?;
    let mut body = current.raw.clone();
    let Some(object) = body.as_object_mut() else {
        return Err(Error::validation(
            "appointment",
            "the appointment as read is not an object",
        ));
    };
    object.insert("description".to_owned(), Value::String(description));
    match comment {
        Some(comment) => object.insert("comment".to_owned(), Value::String(comment)),
        None => object.remove("comment"),
    };
    Ok(body)
}

/// The cancel body (§3.9): the resource as read with only `status` set to `cancelled` and
/// the cancellation-reason extension added (replacing any earlier one).
///
/// Errors: [`Error::Validation`] on `reason` or `appointment`.
pub fn cancelled_resource(
    current: &AppointmentRecord,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Value> {
    current.check_changeable(now)?;
    let reason = check_cancellation_reason(reason)?;
    let mut body = current.raw.clone();
    let Some(object) = body.as_object_mut() else {
        return Err(Error::validation(
            "appointment",
            "the appointment as read is not an object",
        ));
    };
    object.insert("status".to_owned(), Value::String("cancelled".to_owned()));
    let extension = object
        .entry("extension")
        .or_insert_with(|| Value::Array(Vec::new()));
    if !extension.is_array() {
        *extension = Value::Array(Vec::new());
    }
    if let Value::Array(items) = extension {
        items.retain(|e| e.get("url").and_then(Value::as_str) != Some(EXT_CANCELLATION_REASON));
        items.push(serde_json::json!({
            "url": EXT_CANCELLATION_REASON,
            "valueString": reason,
        }));
    }
    Ok(body)
}

impl Client {
    /// Retrieves a patient's appointments at one practice over `range` (§3.6): two
    /// date-only `start` parameters (`ge`, `le`). All appointments in the range come back,
    /// including cancelled ones, whoever booked them.
    ///
    /// Appointments whose Patient participant is not `patient_id` are left out (a provider
    /// fault; never shown as this patient's).
    ///
    /// Errors: [`Error::Validation`] when the range starts before today (UK): GP Connect only
    /// returns appointments from today on; 404 for an unknown patient; any [`Error`].
    pub async fn retrieve_appointments(
        &self,
        practice: &Practice,
        patient_id: &PatientId,
        range: DateRange,
    ) -> Result<Vec<AppointmentRecord>> {
        let today = uk_date(self.clock().now());
        if range.start() < today {
            return Err(Error::validation(
                "range",
                "GP Connect only returns appointments from today onwards",
            ));
        }
        let mut request = FhirRequest::new(
            Interaction::RetrievePatientAppointments,
            format!("{}/Appointment", patient_id.reference()),
        );
        request.query = vec![
            ("start", format!("ge{}", format_date(range.start()))),
            ("start", format!("le{}", format_date(range.end()))),
        ];
        let response = self.execute(practice, &request).await?;
        let bundle: Bundle = decode_resource(response.status, &response.body)?;
        let mut records = bundle
            .entry
            .iter()
            .enumerate()
            .filter_map(|(i, entry)| entry.resource.clone().map(|r| (i, r)))
            .filter(|(_, r)| r.get("resourceType").and_then(Value::as_str) == Some("Appointment"))
            .map(|(i, raw)| {
                AppointmentRecord::from_json(response.status, raw, None).map_err(|e| match e {
                    Error::Decode { status, source } => Error::Decode {
                        status,
                        source: DecodeError::new(
                            &format!("entry[{i}].resource.{}", source.path),
                            source.message,
                        ),
                    },
                    other => other,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        // Only this patient's appointments: one naming another patient (or none) is a
        // provider fault, and is never shown.
        let before = records.len();
        records.retain(|record| record.summary().patient_id.as_ref() == Some(patient_id));
        if records.len() < before {
            tracing::warn!(
                target: "gpconnect::guard",
                practice = %practice.ods_code,
                dropped = before - records.len(),
                "appointments of another patient left out of a retrieval"
            );
        }
        records.sort_by_key(AppointmentRecord::start);
        Ok(records)
    }

    /// Reads one appointment (§3.7); its version comes from `meta.versionId` or the `ETag`.
    ///
    /// Errors: 404 (`NO_RECORD_FOUND` or similar) for an unknown id; any [`Error`].
    pub async fn read_appointment(
        &self,
        practice: &Practice,
        id: &AppointmentId,
    ) -> Result<AppointmentRecord> {
        let request = FhirRequest::new(Interaction::ReadAppointment, id.reference());
        let response = self.execute(practice, &request).await?;
        AppointmentRecord::from_response(&response)
    }

    /// Amends description and comment (§3.8): the resource as read, only those two fields
    /// changed, `PUT` with `If-Match` and the update interaction ID, recorded in the journal
    /// first. Never resent: a lost answer is read back ([`Client::check_change`]).
    ///
    /// Errors: [`Error::Validation`] before sending; 409 (or 412) when someone else changed
    /// it first: read it again, show what changed and let the user apply the edit again;
    /// 422 `INVALID_RESOURCE`; any other refusal.
    pub async fn amend_appointment(
        &self,
        practice: &Practice,
        current: &AppointmentRecord,
        description: &str,
        comment: Option<&str>,
    ) -> Result<WriteOutcome<AppointmentRecord>> {
        let body = amended_resource(current, description, comment, self.clock().now())?;
        let detail = WriteDetail::Amend {
            appointment_id: current.id.clone(),
            version: current.version_id.clone(),
            description: body
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            comment: body
                .get("comment")
                .and_then(Value::as_str)
                .map(str::to_owned),
        };
        self.put_appointment(
            practice,
            current,
            Interaction::AmendAppointment,
            &body,
            detail,
        )
        .await
    }

    /// Cancels (§3.9): the resource as read with `status: cancelled` and the reason
    /// extension, `PUT` with `If-Match` and the cancel interaction ID, recorded in the
    /// journal first. On success the provider frees the slots. Never resent: a lost answer
    /// is read back.
    ///
    /// Errors: [`Error::Validation`] before sending; 409 `FHIR_CONSTRAINT_VIOLATION` when
    /// stale; 422; any other refusal.
    pub async fn cancel_appointment(
        &self,
        practice: &Practice,
        current: &AppointmentRecord,
        reason: &str,
    ) -> Result<WriteOutcome<AppointmentRecord>> {
        let body = cancelled_resource(current, reason, self.clock().now())?;
        let detail = WriteDetail::Cancel {
            appointment_id: current.id.clone(),
            version: current.version_id.clone(),
            reason: reason.trim().to_owned(),
        };
        self.put_appointment(
            practice,
            current,
            Interaction::CancelAppointment,
            &body,
            detail,
        )
        .await
    }

    async fn put_appointment(
        &self,
        practice: &Practice,
        current: &AppointmentRecord,
        interaction: Interaction,
        body: &Value,
        detail: WriteDetail,
    ) -> Result<WriteOutcome<AppointmentRecord>> {
        let mut request = FhirRequest::new(interaction, current.id.reference());
        request.body = Some(
            serde_json::to_vec(body)
                .map_err(|e| Error::validation("appointment", e.to_string()))?,
        );
        request.if_match = current.if_match();
        let patient_id = current.summary().patient_id;
        let sent = self
            .send_recorded(practice, request, detail.clone(), patient_id)
            .await?;
        self.settle(
            sent,
            |response| async move { AppointmentRecord::from_response(&response) },
            || self.check_change(practice, &detail),
            |_| false,
            |record| record.id.to_string(),
        )
        .await
    }
}
