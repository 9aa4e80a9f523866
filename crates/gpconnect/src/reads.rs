//! Supporting reads (§3.1, §3.10): the capability statement and Location, Practitioner and
//! Organization by id, used to display appointments, whose retrieval does not include them
//! (§3.6).

use crate::client::{Client, FhirRequest};
use crate::config::Practice;
use crate::error::Result;
use crate::fhir::{CapabilityStatement, Location, Organization, Practitioner, TypedResource};
use crate::ids::{LocationId, OrganizationId, PractitionerId};
use crate::interaction::Interaction;
use crate::response::decode_resource;

impl Client {
    /// `GET /metadata` (§3.1): what the provider implements. May be cached per session.
    ///
    /// Errors: any [`crate::Error`].
    pub async fn capability_statement(&self, practice: &Practice) -> Result<CapabilityStatement> {
        self.read(practice, Interaction::Metadata, "metadata".to_owned())
            .await
    }

    /// Reads a Location (§3.10). Errors: 404 `NO_RECORD_FOUND`, any [`crate::Error`].
    pub async fn read_location(&self, practice: &Practice, id: &LocationId) -> Result<Location> {
        self.read(practice, Interaction::ReadLocation, id.reference())
            .await
    }

    /// Reads a Practitioner (§3.10). Errors: 404 `PRACTITIONER_NOT_FOUND`, any
    /// [`crate::Error`].
    pub async fn read_practitioner(
        &self,
        practice: &Practice,
        id: &PractitionerId,
    ) -> Result<Practitioner> {
        self.read(practice, Interaction::ReadPractitioner, id.reference())
            .await
    }

    /// Reads an Organization (§3.10). Errors: 404 `ORGANISATION_NOT_FOUND`, any
    /// [`crate::Error`].
    pub async fn read_organization(
        &self,
        practice: &Practice,
        id: &OrganizationId,
    ) -> Result<Organization> {
        self.read(practice, Interaction::ReadOrganization, id.reference())
            .await
    }

    async fn read<T: TypedResource>(
        &self,
        practice: &Practice,
        interaction: Interaction,
        path: String,
    ) -> Result<T> {
        let request = FhirRequest::new(interaction, path);
        let response = self.execute(practice, &request).await?;
        decode_resource(response.status, &response.body)
    }
}
