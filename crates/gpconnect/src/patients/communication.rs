//! The patient's language and whether an interpreter is needed (`nhsCommunication`, the
//! `Extension-CareConnect-GPC-NHSCommunication-1` extension): a registration SHOULD send one
//! (§3.4), and a found patient carries it (§3.3) for the practice and the caller to see.

use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::fhir::urls::{CODESYSTEM_HUMAN_LANGUAGE, EXT_NHS_COMMUNICATION};
use crate::fhir::{CodeableConcept, Coding, Extension, Patient, find_extension};

/// The language the patient speaks and whether they need an interpreter (§3.4, §7.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NhsCommunication {
    /// Code in `CareConnect-HumanLanguage-1`, e.g. `bn`.
    pub language_code: String,
    /// Its display text, e.g. "Bengali".
    pub language: Option<String>,
    /// True when the patient needs an interpreter.
    pub interpreter_required: bool,
}

impl NhsCommunication {
    /// Problems with the language code (`nhsCommunication.language`): letters, digits and
    /// hyphens, at most 10 characters.
    pub fn validate(&self) -> Vec<FieldError> {
        let code = self.language_code.trim();
        let ok = !code.is_empty()
            && code.len() <= 10
            && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if ok {
            Vec::new()
        } else {
            vec![FieldError {
                field: "communication.languageCode".to_owned(),
                message: "Choose the patient's language from the list".to_owned(),
            }]
        }
    }

    /// The extension as a registration sends it: `language` (a coding) and
    /// `interpreterRequired`.
    pub fn to_extension(&self) -> Extension {
        Extension {
            url: EXT_NHS_COMMUNICATION.to_owned(),
            extension: vec![
                Extension {
                    url: "language".to_owned(),
                    value_codeable_concept: Some(CodeableConcept {
                        coding: vec![Coding {
                            system: Some(CODESYSTEM_HUMAN_LANGUAGE.to_owned()),
                            code: Some(self.language_code.trim().to_owned()),
                            display: self.language.clone(),
                        }],
                        text: None,
                    }),
                    ..Extension::default()
                },
                Extension {
                    url: "interpreterRequired".to_owned(),
                    value_boolean: Some(self.interpreter_required),
                    ..Extension::default()
                },
            ],
            ..Extension::default()
        }
    }

    /// The patient's first `nhsCommunication`, when it names a language.
    pub fn of(patient: &Patient) -> Option<Self> {
        let extension = find_extension(&patient.extension, EXT_NHS_COMMUNICATION)?;
        let coding = find_extension(&extension.extension, "language")
            .and_then(|l| l.value_codeable_concept.as_ref())
            .and_then(|c| c.coding.first())?;
        Some(Self {
            language_code: coding.code.clone()?,
            language: coding.display.clone(),
            interpreter_required: find_extension(&extension.extension, "interpreterRequired")
                .and_then(|e| e.value_boolean)
                .unwrap_or(false),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_from_the_spec_example_and_written_back_the_same_way() {
        let patient: Patient = serde_json::from_str(include_str!(
            "../../../../tests/fixtures/gpconnect-1.2.7/read_patient_response_example.json"
        ))
        .unwrap();
        let communication = NhsCommunication::of(&patient).unwrap();
        assert_eq!(communication.language_code, "bn");
        assert_eq!(communication.language.as_deref(), Some("Bengali"));
        assert!(!communication.interpreter_required);
        let written = serde_json::to_value(communication.to_extension()).unwrap();
        let example = serde_json::to_value(
            find_extension(&patient.extension, EXT_NHS_COMMUNICATION).unwrap(),
        )
        .unwrap();
        assert_eq!(written, example);
    }

    #[test]
    fn language_codes_are_checked() {
        let mut c = NhsCommunication {
            language_code: "pa".into(),
            language: None,
            interpreter_required: true,
        };
        assert!(c.validate().is_empty());
        c.language_code = "not a code!".into();
        assert_eq!(c.validate()[0].field, "communication.languageCode");
    }
}
