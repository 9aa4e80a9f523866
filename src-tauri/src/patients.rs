//! The patient guard of a session: which patient ids were found (or registered) at which
//! practice for which NHS number. A booking, amendment or cancellation is sent only for a
//! patient id this session found for the NHS number on screen; cleared when the settings
//! change (a new session).

use std::collections::HashMap;
use std::sync::Mutex;

use gpconnect::NhsNumber;
use gpconnect::ids::{OdsCode, PatientId};
use gpconnect::patients::PatientRecord;

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::state::lock;

/// Patient ids found this session, by practice.
#[derive(Debug, Default)]
pub struct SessionPatients(Mutex<HashMap<(OdsCode, PatientId), NhsNumber>>);

impl SessionPatients {
    /// Remembers `record`, found or registered at `practice`, under its NHS number.
    pub fn found(&self, practice: &OdsCode, record: &PatientRecord) {
        if let Some(nhs) = record
            .nhs_number
            .as_deref()
            .and_then(|n| NhsNumber::parse(n).ok())
        {
            lock(&self.0).insert((practice.clone(), record.id.clone()), nhs);
        }
    }

    /// Forgets every patient (a new session).
    pub fn clear(&self) {
        lock(&self.0).clear();
    }

    /// Allows a write for `patient` at `practice` only when this session found that id
    /// there for `nhs_number`.
    ///
    /// Errors: WRONG_PATIENT (nothing is sent).
    pub fn check(
        &self,
        practice: &OdsCode,
        patient: &PatientId,
        nhs_number: &NhsNumber,
    ) -> CommandResult<()> {
        match lock(&self.0).get(&(practice.clone(), patient.clone())) {
            Some(found) if found == nhs_number => Ok(()),
            Some(_) => Err(CommandError::new(
                ErrorCode::WrongPatient,
                "This record belongs to another NHS number than the one entered. Nothing was \
                 sent: find the patient again.",
            )),
            None => Err(CommandError::new(
                ErrorCode::WrongPatient,
                "This patient has not been found at this practice in this session. Nothing was \
                 sent: find the patient again.",
            )),
        }
    }
}
