/**
 * Tracing on PDS for this environment (§5.4): the PDS FHIR R4 address, the NHS API platform's
 * token endpoint, and the key ID the application's public key is registered under. The API
 * key and private key themselves are stored apart (see `PdsCredentials`). Without these no
 * patient can be traced, so none can be found or booked.
 */
import { SettingsText, type SectionProps } from "./fields";

export function PdsSection({ draft, edit, errorFor }: SectionProps) {
  const setPds = (change: Partial<typeof draft.pds>) =>
    edit((d) => ({ ...d, pds: { ...d.pds, ...change } }));
  return (
    <section className="app-panel" aria-labelledby="pds-settings-heading">
      <h2 className="nhsuk-heading-s" id="pds-settings-heading">
        Tracing patients (PDS)
      </h2>
      <SettingsText
        field="pds.url"
        label="PDS FHIR address"
        hint="Like https://int.api.service.nhs.uk/personal-demographics/FHIR/R4"
        value={draft.pds.url}
        onChange={(v) => setPds({ url: v })}
        errorFor={errorFor}
        widthClass="nhsuk-input--width-30"
        type="url"
      />
      <SettingsText
        field="pds.tokenUrl"
        label="NHS API platform token endpoint"
        hint="Like https://int.api.service.nhs.uk/oauth2/token"
        value={draft.pds.tokenUrl}
        onChange={(v) => setPds({ tokenUrl: v })}
        errorFor={errorFor}
        widthClass="nhsuk-input--width-30"
        type="url"
      />
      <SettingsText
        field="pds.keyId"
        label="Key ID (kid)"
        hint="The kid the application's public key is registered under on the NHS API platform."
        value={draft.pds.keyId}
        onChange={(v) => setPds({ keyId: v })}
        errorFor={errorFor}
        widthClass="nhsuk-input--width-20"
      />
    </section>
  );
}
